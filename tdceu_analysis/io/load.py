"""Read a data folder (or in-memory frames), check every row against the data
contract, and hand back typed frames plus one reject row per bad input row.

Nothing is dropped silently: for every input file, rows read = rows accepted +
rows rejected, and `_check_counts` raises if that ever fails to hold. This is
the I/O edge of the package; the rules below it only see typed frames.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tdceu_analysis.catalog import SHIPPED_CATALOG_NAME, merge_catalog, shipped_catalog_path
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fiscal_year_of_date
from tdceu_analysis.io import contract as c
from tdceu_analysis.policy import Policy, load_folder_policy, shipped_policy

REJECT_SCHEMA = {"file": pl.String, "line": pl.Int64, "record_id": pl.String, "reason": pl.String}


@dataclass
class InputData:
    """Typed, validated inputs. `records` holds accepted rows only; `rejects` the rest."""

    directors: pl.DataFrame
    districts: pl.DataFrame
    events: pl.DataFrame
    records: pl.DataFrame
    rejects: pl.DataFrame
    source: str
    row_counts: dict[str, int] = field(default_factory=dict)
    # the shipped policy merged with the folder's policy.toml: what `evaluate` uses
    policy: Policy = field(default_factory=shipped_policy)

    def accepted_counts(self) -> dict[str, int]:
        return {
            "districts": self.districts.height,
            "directors": self.directors.height,
            "records": self.records.height,
        }


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------


def find_input_file(folder: Path, stem: str) -> Path | None:
    """`folder/stem.csv|xlsx|parquet`, any case; None when absent, an error when ambiguous."""
    matches = [
        path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.stem.lower() == stem and path.suffix.lower() in c.FILE_SUFFIXES
    ]
    if len(matches) > 1:
        names = ", ".join(path.name for path in matches)
        raise UserError(f"{folder} has more than one '{stem}' file ({names}): keep one")
    return matches[0] if matches else None


# A row the CSV reader itself could not take (a stray comma, an unbalanced quote) is
# rejected on its own line; this column carries each kept row's line in the file.
SOURCE_LINE = "_source_line"


@dataclass
class Table:
    """A file's rows (text headers in lower case) and the lines its reader rejected."""

    frame: pl.DataFrame
    rejects: pl.DataFrame  # REJECT_SCHEMA

    @property
    def rows(self) -> int:
        return self.frame.height + self.rejects.height


def read_table(path: Path) -> pl.DataFrame:
    """A CSV, XLSX or Parquet file's rows with lower-case headers (lines a CSV reader could
    not take are left out: `read_input` returns them as rejects)."""
    return read_input(path).frame.drop(SOURCE_LINE, strict=False)


def read_input(path: Path) -> Table:
    """Read a CSV (UTF-8 with or without BOM, or UTF-16 with BOM), XLSX or Parquet file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    try:
        if suffix == ".xlsx":
            frame = pl.read_excel(path, infer_schema_length=0)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise UserError(f"{path.name}: unsupported file type (use .csv, .xlsx or .parquet)")
    except UserError:
        raise
    except OSError as problem:
        raise UserError(f"{path.name} could not be read: {problem.strerror or problem}") from None
    except Exception as problem:  # polars/fastexcel raise many kinds; all mean "cannot read"
        raise UserError(f"{path.name} could not be read: {_first_line(problem)}") from None
    _check_cell_types(frame, path.name)
    # one contiguous chunk: polars 2.1 can panic on windows over multi-chunk frames
    return Table(_normalise_headers(frame.rechunk(), path.name), pl.DataFrame(schema=REJECT_SCHEMA))


def _first_line(problem: Exception) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__


def _check_cell_types(frame: pl.DataFrame, file: str) -> None:
    """Parquet can hold lists, structs and bytes: the contract's columns are plain values."""
    for name, dtype in frame.schema.items():
        if dtype.is_nested() or dtype in (pl.Binary, pl.Object):
            raise UserError(
                f"{file} column '{name}' holds {dtype} values, not plain text, numbers or dates "
                "(write strands as text such as 'cyber; ethics')"
            )


def _decode(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is dropped) or UTF-16 with its BOM (Excel's
    'Unicode text'); anything else names the first line that is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as problem:
        raise UserError(f"{path.name} could not be read: {problem.strerror or problem}") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, how = "utf-16", "UTF-16"
    else:
        encoding, how = "utf-8-sig", "UTF-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as problem:
        line = raw[: problem.start].count(b"\n") + 1
        raise UserError(
            f"{path.name} could not be read: it is not {how} text (line {line}; "
            "in Excel, save it as 'CSV UTF-8')"
        ) from None
    first = text.split("\n", 1)[0]
    if "\x00" in first:
        raise UserError(
            f"{path.name} line 1 holds NUL characters: it is not CSV text (UTF-16 without a "
            "byte-order mark?); in Excel, save it as 'CSV UTF-8'"
        )
    return text


def _read_csv(path: Path) -> Table:
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if reader.line_num > 1:  # a quote in the header swallowed the lines under it
        raise UserError(
            f'{path.name} line 1: the header has a quote (") that never closes: remove it'
        )
    _check_header(header, path.name)
    try:
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    except pl.exceptions.PolarsError:
        # a stray comma or an unbalanced quote: read line by line, reject those lines only
        return _read_csv_carefully(text, path.name)
    return Table(_normalise_headers(frame.rechunk(), path.name), pl.DataFrame(schema=REJECT_SCHEMA))


def _check_header(header: list[str], file: str) -> None:
    """Every column named once (a CSV reader would rename the second copy and ignore it)."""
    names = [name.lstrip("\ufeff").strip().lower() for name in header]
    if not any(names):
        raise UserError(f"{file} line 1 is not a header: write the column names on line 1")
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name and name in seen:
            raise UserError(
                f"{file} line 1 names the column '{name}' twice (again in column {position}): "
                "keep one"
            )
        seen.add(name)


def _read_csv_carefully(text: str, file: str) -> Table:
    """Each record on its own: one with more values than the header, or whose quote never
    closes on its line, is rejected with its line number; the others are kept as read."""
    lines = io.StringIO(text, newline="").readlines()  # \n, \r\n or \r, as csv reads them
    header = next(csv.reader(lines[:1]))
    width = len(header)
    kept: list[list[str | None]] = []
    kept_lines: list[int] = []
    rejects: list[tuple[int, str]] = []
    index = 1
    while index < len(lines):
        reader = csv.reader(lines[index:], strict=True)
        try:
            row = next(reader)
            used = reader.line_num
        except csv.Error:
            row, used = None, len(lines) - index
        line = index + 1
        if row is not None and len(row) <= width:
            kept.append([*row, *([None] * (width - len(row)))] if row else [None] * width)
            kept_lines.append(line)
            index += used
        elif row is None or (used > 1 and '"' in lines[index]):
            # the quote opened on this line swallows the next ones: reject this line only
            rejects.append((line, 'a quote (") opens on this line and never closes: remove it'))
            index += 1
        else:
            rejects.append(
                (
                    line,
                    f"{len(row)} values: more values than the header has columns ({width}); "
                    "a stray comma? put a value with commas in double quotes",
                )
            )
            index += used
    frame = pl.DataFrame(kept, schema=dict.fromkeys(header, pl.String), orient="row")
    frame = frame.with_columns(pl.Series(SOURCE_LINE, kept_lines, dtype=pl.Int64))
    reject_frame = pl.DataFrame(
        {
            "file": [file] * len(rejects),
            "line": [line for line, _ in rejects],
            "record_id": [None] * len(rejects),
            "reason": [reason for _, reason in rejects],
        },
        schema=REJECT_SCHEMA,
    )
    return Table(_normalise_headers(frame, file), reject_frame)


def _normalise_headers(frame: pl.DataFrame, file: str) -> pl.DataFrame:
    names = [
        name if name == SOURCE_LINE else name.lstrip("\ufeff").strip().lower()
        for name in frame.columns
    ]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise UserError(f"{file} has the column '{name}' twice")
        seen.add(name)
    return frame.rename(dict(zip(frame.columns, names, strict=True)))


def _line_offset(file: str) -> int:
    """Line of the first data row: 2 below a header line; Parquet/in-memory rows count from 1."""
    return 2 if file.lower().endswith((".csv", ".xlsx")) else 1


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def _one_line(text: str, limit: int = 40) -> str:
    """A name from a file, shown on one line and not too long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _require_columns(frame: pl.DataFrame, file: str, kind: str) -> pl.DataFrame:
    columns = c.INPUT_FILES[kind]
    missing = [col.name for col in columns if col.must_exist and col.name not in frame.columns]
    if missing:
        found = ", ".join(_one_line(name) for name in frame.columns) or "none"
        raise UserError(
            f"{file} has no column {', '.join(repr(m) for m in missing)} "
            f"(columns found: {found}); see the data contract in the README"
        )
    absent = [col.name for col in columns if col.name not in frame.columns]
    return frame.with_columns([pl.lit(None, dtype=pl.String).alias(name) for name in absent])


def _with_line(frame: pl.DataFrame, file: str, kind: str, normalised: bool = False) -> pl.DataFrame:
    """Each row's line in its file, and the first line of its id (to name it in a reject).

    `normalised`: the id column already went through `c.text_id`. When no id repeats
    (one hash pass tells), each row's first line is its own: no window over the ids.
    """
    id_column = c.ROW_ID_COLUMN[kind]
    key = pl.col(id_column) if normalised else c.blank_to_null(id_column)
    repeats = frame.height > 1 and frame.select(key.is_duplicated().any()).item()
    first_line = pl.col("_line").min().over(key) if repeats else pl.col("_line")
    if SOURCE_LINE in frame.columns:  # read line by line: each row knows its line
        numbered = frame.rename({SOURCE_LINE: "_line"})
    else:
        numbered = frame.with_row_index("_line", offset=_line_offset(file))
    return numbered.with_columns(pl.col("_line").cast(pl.Int64)).with_columns(
        first_line.alias("_first_line")
    )


def _blank(column: str, dtype: pl.DataType | None = None) -> pl.Expr:
    """No value in the cell: null, or only spaces. A typed cell (number, date, yes/no from
    XLSX or Parquet) is blank only when null: no round trip through text."""
    if dtype is not None and (dtype.is_numeric() or dtype.is_temporal() or dtype == pl.Boolean):
        return pl.col(column).is_null()
    return c.blank_to_null(column).is_null()


def _missing_checks(
    kind: str, schema: Mapping[str, pl.DataType] | None = None, normalised: tuple[str, ...] = ()
) -> list[tuple[pl.Expr, pl.Expr]]:
    """`normalised`: columns already through `c.text_id` (blank = null)."""
    schema = schema or {}
    return [
        (
            pl.col(col.name).is_null()
            if col.name in normalised
            else _blank(col.name, schema.get(col.name)),
            pl.lit(f"missing {col.name}"),
        )
        for col in c.INPUT_FILES[kind]
        if col.value_required
    ]


def _repeat_check(id_column: str, what: str, normalised: bool = False) -> tuple[pl.Expr, pl.Expr]:
    """A second row with the same id is a reject that names the first one's line.

    `normalised`: `_with_line` keyed `_first_line` on this very column, so a repeat is
    a row that is not its id's first line (no second pass over the ids).
    """
    value = pl.col(id_column)
    if normalised:
        repeated = value.is_not_null() & (pl.col("_line") != pl.col("_first_line"))
    else:
        repeated = value.is_not_null() & ~value.is_first_distinct()
    message = pl.format(
        f"{what} '{{}}' is used again (first on line {{}})", value, pl.col("_first_line")
    )
    return repeated, message


def _bad_value(
    raw: str, parsed: pl.Expr, expected: str, dtype: pl.DataType | None = None
) -> tuple[pl.Expr, pl.Expr]:
    """A value present but unreadable: name the value and what was expected."""
    present = ~_blank(raw, dtype)
    return (
        present & parsed.is_null(),
        pl.format(f"{raw} '{{}}' {expected}", c.blank_to_null(raw)),
    )


def _not_one_of(
    raw: str, allowed: tuple[str, ...], lowered: pl.Expr | None = None
) -> tuple[pl.Expr, pl.Expr]:
    """`lowered`: the value already trimmed and in lower case, when the caller has it."""
    value = c.blank_to_null(raw).str.to_lowercase() if lowered is None else lowered
    return (
        value.is_not_null() & ~value.is_in(list(allowed)),
        pl.format(f"{raw} '{{}}' is not one of {', '.join(allowed)}", c.blank_to_null(raw)),
    )


def _split(
    frame: pl.DataFrame,
    file: str,
    kind: str,
    checks: list[tuple[pl.Expr, pl.Expr]],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows failing any check go to rejects with every reason; the others are accepted."""
    # Decide with cheap boolean checks first; write the messages for the failing rows only.
    # Conditions are computed on the whole file (some look at other rows: repeated ids).
    flags = [f"_failed_{index}" for index in range(len(checks))]
    judged = frame.with_columns(
        [
            failed.fill_null(False).alias(flag)
            for flag, (failed, _) in zip(flags, checks, strict=True)
        ]
    ).with_columns(pl.any_horizontal(flags).alias("_failed"))
    accepted = judged.filter(~pl.col("_failed")).drop("_failed", *flags)
    reasons = pl.concat_list(
        [pl.when(flag).then(message) for flag, (_, message) in zip(flags, checks, strict=True)]
    )
    rejected = judged.filter(pl.col("_failed")).with_columns(
        reasons.list.drop_nulls().list.join("; ").alias("_reason")
    )
    id_column = c.ROW_ID_COLUMN[kind]
    rejects = rejected.select(
        pl.lit(file).alias("file"),
        pl.col("_line").alias("line"),
        c.blank_to_null(id_column).alias("record_id"),
        pl.col("_reason").alias("reason"),
    )
    _check_counts(file, frame.height, accepted.height, rejects.height)
    return accepted, rejects


def _check_counts(file: str, read: int, accepted: int, rejected: int) -> None:
    # Contract: input rows = accepted + rejected. Enforced here, not only in tests.
    if read != accepted + rejected:
        raise RuntimeError(
            f"internal error: {file} had {read} rows but {accepted} accepted + {rejected} rejected"
        )


# ---------------------------------------------------------------------------
# The four inputs
# ---------------------------------------------------------------------------


def validate_districts(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame = _with_line(_require_columns(frame, file, "districts"), file, "districts")
    checks = [
        *_missing_checks("districts"),
        _repeat_check("district_code", "district_code"),
        _not_one_of("district_type", c.DISTRICT_TYPES),
    ]
    accepted, rejects = _split(frame, file, "districts", checks)
    typed = accepted.select(
        c.blank_to_null("district_code").alias("district_code"),
        c.blank_to_null("district_name").alias("district_name"),
        c.blank_to_null("district_type").str.to_lowercase().alias("district_type"),
        c.blank_to_null("region").alias("region"),
    )
    return typed, rejects


def validate_directors(
    frame: pl.DataFrame, file: str, district_codes: pl.Series
) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame = _require_columns(frame, file, "directors")
    schema = frame.schema
    frame = _with_line(
        frame.with_columns(c.text_id("director_id", schema["director_id"])),
        file,
        "directors",
        normalised=True,
    )
    role_start = c.parse_date("role_start", schema["role_start"])
    role_end = c.parse_date("role_end", schema["role_end"])
    academy = c.parse_date("cto_academy_completed", schema["cto_academy_completed"])
    district = c.text_id("district_code", schema["district_code"])
    not_a_date = "is not a date (write YYYY-MM-DD)"
    checks = [
        *_missing_checks("directors", schema, normalised=("director_id",)),
        _repeat_check("director_id", "director_id", normalised=True),
        _bad_value("role_start", role_start, not_a_date, schema["role_start"]),
        _bad_value("role_end", role_end, not_a_date, schema["role_end"]),
        _bad_value("cto_academy_completed", academy, not_a_date, schema["cto_academy_completed"]),
        (
            role_end < role_start,
            pl.format("role_end {} is before role_start {}", role_end, role_start),
        ),
        (
            district.is_not_null() & ~district.is_in(district_codes.implode()),
            pl.format(
                "district_code '{}' is not in districts (or its row there was rejected)", district
            ),
        ),
    ]
    accepted, rejects = _split(frame, file, "directors", checks)
    typed = accepted.select(
        pl.col("director_id"),
        c.blank_to_null("name").alias("name"),
        district.alias("district_code"),
        role_start.alias("role_start"),
        role_end.alias("role_end"),
        academy.alias("cto_academy_completed"),
    )
    return typed, rejects


EVENT_TYPED_SCHEMA = {
    "event_id": pl.String,
    "name": pl.String,
    "category": pl.String,
    "kind": pl.String,
    "fiscal_year": pl.Int32,
    "max_hours_per_session": pl.Float64,
    "max_hours_per_year": pl.Float64,
    "repeatable": pl.Boolean,
    "requires_assignment": pl.Boolean,
    "requires_evidence": pl.Boolean,
    "delivery": pl.String,
    "source": pl.String,
    "origin": pl.String,
}


def validate_events(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame = _require_columns(frame, file, "events")
    if "source" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("source"))
    schema = frame.schema
    frame = _with_line(
        frame.with_columns(c.text_id("event_id", schema["event_id"])), file, "events"
    )
    fiscal_year = c.parse_integer("fiscal_year", schema["fiscal_year"])
    session_cap = c.parse_hours("max_hours_per_session", schema["max_hours_per_session"])
    year_cap = c.parse_hours("max_hours_per_year", schema["max_hours_per_year"])
    category = c.blank_to_null("category").str.to_lowercase()
    checks: list[tuple[pl.Expr, pl.Expr]] = [
        *_missing_checks("events"),
        _not_one_of("category", c.CATEGORIES),
        _not_one_of("kind", c.EVENT_KINDS),
        _not_one_of("delivery", c.DELIVERIES),
        _bad_value("fiscal_year", fiscal_year, "is not a fiscal year (write 2026 or FY26)"),
        (
            (category == "external") & c.blank_to_null("fiscal_year").is_null(),
            pl.lit("missing fiscal_year (external events are approved for one fiscal year)"),
        ),
        _bad_value("max_hours_per_session", session_cap, "is not a number of hours"),
        _bad_value("max_hours_per_year", year_cap, "is not a number of hours"),
        (session_cap <= 0, pl.lit("max_hours_per_session must be more than 0")),
        (year_cap <= 0, pl.lit("max_hours_per_year must be more than 0")),
    ]
    for flag in ("repeatable", "requires_assignment", "requires_evidence"):
        checks.append(
            (
                c.boolean_is_bad(flag, schema[flag]),
                pl.format(
                    f"{flag} '{{}}' is not true/false, yes/no, 1/0 or y/n", c.blank_to_null(flag)
                ),
            )
        )
    key = pl.concat_str(
        [pl.col("event_id"), fiscal_year.cast(pl.String)], separator="|", ignore_nulls=True
    )
    repeated = (
        pl.col("event_id").is_not_null()
        & key.is_duplicated()
        & (pl.col("_line") != pl.col("_line").min().over(key))
    )
    checks.append(
        (
            repeated,
            pl.format("event '{}' is listed twice for the same fiscal year", pl.col("event_id")),
        )
    )
    accepted, rejects = _split(frame, file, "events", checks)
    typed = accepted.select(
        pl.col("event_id"),
        c.blank_to_null("name").alias("name"),
        c.blank_to_null("category").str.to_lowercase().alias("category"),
        c.blank_to_null("kind").str.to_lowercase().alias("kind"),
        fiscal_year.alias("fiscal_year"),
        session_cap.alias("max_hours_per_session"),
        year_cap.alias("max_hours_per_year"),
        c.parse_boolean("repeatable", schema["repeatable"]).alias("repeatable"),
        c.parse_boolean("requires_assignment", schema["requires_assignment"]).alias(
            "requires_assignment"
        ),
        c.parse_boolean("requires_evidence", schema["requires_evidence"]).alias(
            "requires_evidence"
        ),
        c.blank_to_null("delivery").str.to_lowercase().alias("delivery"),
        c.blank_to_null("source").alias("source"),
        pl.lit(file).alias("origin"),
    )
    return typed.cast(EVENT_TYPED_SCHEMA), rejects


RECORD_TYPED_SCHEMA = {
    "record_id": pl.String,
    "director_id": pl.String,
    "event_id": pl.String,
    "session": pl.String,
    "date": pl.Date,
    "hours": pl.Float64,
    "strands": pl.List(pl.String),
    "delivery": pl.String,
    "assignment_complete": pl.Boolean,
    "evidence_uploaded": pl.Boolean,
    "file": pl.String,
    "line": pl.Int64,
}


def _strand_table(values: pl.Series, strands: Mapping[str, str]) -> pl.DataFrame:
    """Each distinct strands text -> (codes, unknown names): parsed once per distinct value."""
    lookup = c.strand_lookup(strands)
    distinct = values.unique().to_list()
    parsed = [c.parse_strand_text(text, lookup) for text in distinct]
    return pl.DataFrame(
        {
            "_strands_text": distinct,
            "_strand_codes": [codes for codes, _ in parsed],
            "_strand_unknown": ["; ".join(unknown) if unknown else None for _, unknown in parsed],
        },
        schema={
            "_strands_text": pl.String,
            "_strand_codes": pl.List(pl.String),
            "_strand_unknown": pl.String,
        },
    )


def validate_records(
    frame: pl.DataFrame,
    file: str,
    director_ids: pl.Series,
    event_ids: pl.Series,
    policy: Policy,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame = _require_columns(frame, file, "records")
    schema = frame.schema
    frame = _with_line(
        frame.with_columns(
            c.text_id("record_id", schema["record_id"]),
            c.text_id("director_id", schema["director_id"]),
            c.text_id("event_id", schema["event_id"]),
            c.blank_to_null("strands").alias("_strands_text"),
        ),
        file,
        "records",
        normalised=True,
    )
    frame = frame.join(
        _strand_table(frame.get_column("_strands_text"), policy.strands),
        on="_strands_text",
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    # each value is parsed once, into a column the checks and the typed frame both read
    frame = frame.with_columns(
        c.parse_date("date", schema["date"]).alias("_date"),
        c.parse_hours("hours", schema["hours"]).alias("_hours"),
        c.blank_to_null("delivery").str.to_lowercase().alias("_delivery"),
        *(
            c.parse_boolean(flag, schema[flag]).alias(f"_{flag}")
            for flag in ("assignment_complete", "evidence_uploaded")
        ),
    )
    date, hours = pl.col("_date"), pl.col("_hours")
    max_hours = policy.hours("max_hours_per_record")
    checks: list[tuple[pl.Expr, pl.Expr]] = [
        *_missing_checks("records", schema, normalised=("record_id", "director_id", "event_id")),
        _repeat_check("record_id", "record_id", normalised=True),
        _bad_value("date", date, "is not a date (write YYYY-MM-DD)", schema["date"]),
        _bad_value("hours", hours, "is not a number of hours", schema["hours"]),
        (
            hours.is_not_null() & ((hours <= 0) | (hours > max_hours)),
            pl.format(f"hours {{}} is out of range (more than 0, at most {max_hours:g})", hours),
        ),
        (
            pl.col("_strand_unknown").is_not_null(),
            pl.format(
                "unknown strand '{}' (use "
                + ", ".join(policy.strands)  # the policy's strand codes (R6)
                + " or the full name)",
                pl.col("_strand_unknown"),
            ),
        ),
        _not_one_of("delivery", c.DELIVERIES, pl.col("_delivery")),
        (
            pl.col("director_id").is_not_null()
            & ~pl.col("director_id").is_in(director_ids.implode()),
            pl.format(
                "director_id '{}' is not in directors (or its row there was rejected)",
                pl.col("director_id"),
            ),
        ),
        (
            pl.col("event_id").is_not_null() & ~pl.col("event_id").is_in(event_ids.implode()),
            pl.format(
                "event_id '{}' is not in the event catalogue (shipped or the folder's events file)",
                pl.col("event_id"),
            ),
        ),
    ]
    for flag in ("assignment_complete", "evidence_uploaded"):
        checks.append(
            (
                pl.lit(False)
                if schema[flag] == pl.Boolean
                else pl.col(f"_{flag}").is_null(),  # blank parses as false: null = unreadable
                pl.format(
                    f"{flag} '{{}}' is not true/false, yes/no, 1/0 or y/n", c.blank_to_null(flag)
                ),
            )
        )
    accepted, rejects = _split(frame, file, "records", checks)
    typed = accepted.select(
        pl.col("record_id"),
        pl.col("director_id"),
        pl.col("event_id"),
        c.blank_to_null("session").alias("session"),
        date.alias("date"),
        hours.alias("hours"),
        pl.col("_strand_codes").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias("strands"),
        pl.col("_delivery").alias("delivery"),
        pl.col("_assignment_complete").alias("assignment_complete"),
        pl.col("_evidence_uploaded").alias("evidence_uploaded"),
        pl.lit(file).alias("file"),
        pl.col("_line").alias("line"),
    )
    return typed.cast(RECORD_TYPED_SCHEMA), rejects


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def _default_policy(base: Policy | None = None) -> Policy:
    """`base` (default: the shipped policy) in force today, or in its first year."""
    probe = base or shipped_policy()
    return probe.for_year(max(probe.first_fy, fiscal_year_of_date(dt.date.today(), probe)))


def _shipped_events() -> pl.DataFrame:
    frame = read_table(shipped_catalog_path())
    events, rejects = validate_events(frame, SHIPPED_CATALOG_NAME)
    if rejects.height:
        first = rejects.row(0, named=True)
        raise UserError(f"the shipped catalogue is broken: line {first['line']}: {first['reason']}")
    return events


def load_frames(
    *,
    directors: pl.DataFrame,
    districts: pl.DataFrame,
    records: pl.DataFrame,
    events: pl.DataFrame | None = None,
    source: str = "in-memory frames",
    names: Mapping[str, str] | None = None,
    policy: Policy | None = None,
) -> InputData:
    """Validate raw frames exactly like files (`names` gives each a file name for rejects)."""
    policy = policy or _default_policy()
    names = {kind: f"{kind}" for kind in c.INPUT_FILES} | dict(names or {})
    raw = {"directors": directors, "districts": districts, "records": records, "events": events}
    raw = {
        kind: _normalise_headers(frame, names[kind]) if frame is not None else None
        for kind, frame in raw.items()
    }
    districts_t, district_rejects = validate_districts(raw["districts"], names["districts"])
    directors_t, director_rejects = validate_directors(
        raw["directors"], names["directors"], districts_t.get_column("district_code")
    )
    folder_events = None
    event_rejects = pl.DataFrame(schema=REJECT_SCHEMA)
    if raw["events"] is not None:
        folder_events, event_rejects = validate_events(raw["events"], names["events"])
    catalog = merge_catalog(_shipped_events(), folder_events)
    records_t, record_rejects = validate_records(
        raw["records"],
        names["records"],
        directors_t.get_column("director_id"),
        catalog.get_column("event_id").unique(),
        policy,
    )
    rejects = pl.concat(
        [district_rejects, director_rejects, event_rejects, record_rejects], how="vertical_relaxed"
    ).cast(REJECT_SCHEMA)
    row_counts = {kind: frame.height for kind, frame in raw.items() if frame is not None}
    return InputData(
        directors=directors_t,
        districts=districts_t,
        events=catalog,
        records=records_t,
        rejects=rejects,
        source=source,
        row_counts=row_counts,
        policy=policy,
    )


def load_folder(folder: str | Path, policy: Policy | None = None) -> InputData:
    """Read and validate `folder`'s districts, directors, records and (optional) events files,
    with its policy.toml when there is one (`policy`, when given, is used instead)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"data folder '{folder}' does not exist or is not a folder")
    paths: dict[str, Path] = {}
    for kind in ("districts", "directors", "events", "records"):  # the order of the rejects
        path = find_input_file(folder, kind)
        if path is None and kind in c.REQUIRED_FILES:
            raise UserError(
                f"{folder} has no {kind} file (expected {kind}.csv, {kind}.xlsx or {kind}.parquet)"
            )
        if path is not None:
            paths[kind] = path
    tables = {kind: read_input(path) for kind, path in paths.items()}
    data = load_frames(
        directors=tables["directors"].frame,
        districts=tables["districts"].frame,
        records=tables["records"].frame,
        events=tables["events"].frame if "events" in tables else None,
        source=str(folder),
        names={kind: path.name for kind, path in paths.items()},
        policy=policy or _default_policy(load_folder_policy(folder)),
    )
    # lines the CSV reader could not take are rejects of their file too
    unread = [table.rejects for table in tables.values() if table.rejects.height]
    if unread:
        files = [path.name for path in paths.values()]
        order = pl.col("file").replace_strict(files, range(len(files)), default=len(files))
        data.rejects = (
            pl.concat([data.rejects, *unread], how="vertical_relaxed")
            .cast(REJECT_SCHEMA)
            .sort(order, pl.col("line"), maintain_order=True)
        )
    data.row_counts = {kind: table.rows for kind, table in tables.items()}
    return data
