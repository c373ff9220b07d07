"""Checking each input file's rows against the data contract: one validator per input
(districts, directors, events, records, sessions), each returning the typed rows it accepts and
one reject row (file, line, record_id, reason) for every row it does not.

Nothing is dropped silently: for every file, rows read = rows accepted + rows rejected,
and `_check_counts` raises if that ever fails to hold.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import polars as pl

from tdceu_analysis.catalog import rows_in_force
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fiscal_year_of
from tdceu_analysis.io import contract as c
from tdceu_analysis.io import schema as declared  # the files' one declaration
from tdceu_analysis.io.read import SOURCE_LINE, _line_offset
from tdceu_analysis.policy import Policy

# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def _one_line(text: str, limit: int = 40) -> str:
    """A name from a file, shown on one line and not too long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _meant_as(name: str, found: list[str]) -> str | None:
    """The file's column that seems meant as `name`: one holding it ('completion date' for
    'date') or spelled close to it ('day' for 'date')."""
    holding = [column for column in found if name in column.replace("_", " ").split()]
    close = difflib.get_close_matches(name, found, n=1, cutoff=0.5)
    return (holding or close or [None])[0]


def _require_columns(frame: pl.DataFrame, file: str, kind: str) -> pl.DataFrame:
    columns = c.INPUT_FILES[kind]
    missing = [col.name for col in columns if col.must_exist and col.name not in frame.columns]
    if missing:
        # one short sentence: a close name it may be meant as, never every column found
        found = [name for name in frame.columns if name != SOURCE_LINE]
        meant = [
            f"'{_one_line(close, 24)}' for '{name}'?"
            for name in missing
            if (close := _meant_as(name, found)) is not None
        ]
        hint = f" ({'; '.join(meant[:2])})" if meant else f" among its {len(found)} columns"
        raise UserError(
            f"{file} has no column {', '.join(repr(m) for m in missing)}{hint}: name the "
            "columns as the data contract in the README does"
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
    # a repeated id has a repeated hash: fewer distinct hashes than rows is the quick test
    # (hashing once is several times quicker than `is_duplicated` on text); a collision
    # only sends the file down the window path, which is exact either way
    repeats = frame.height > 1 and frame.select(key.hash().n_unique()).item() < frame.height
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


def _unreadable(
    kind: str, column: str, parsed: pl.Expr, types: Mapping[str, pl.DataType]
) -> tuple[pl.Expr, pl.Expr]:
    """A value present but unreadable as its schema type: the value and what to write."""
    field = declared.SCHEMAS[kind].field(column)
    return _bad_value(column, parsed, declared.TYPE_PROBLEMS[field.type], types.get(column))


def _not_one_of(
    raw: str, allowed: tuple[str, ...], lowered: pl.Expr | None = None
) -> tuple[pl.Expr, pl.Expr]:
    """`lowered`: the value already trimmed and in lower case, when the caller has it."""
    value = c.blank_to_null(raw).str.to_lowercase() if lowered is None else lowered
    return (
        value.is_not_null() & ~value.is_in(list(allowed)),
        pl.format(f"{raw} '{{}}' is not one of {', '.join(allowed)}", c.blank_to_null(raw)),
    )


def _choice_checks(
    kind: str, lowered: Mapping[str, pl.Expr] | None = None
) -> list[tuple[pl.Expr, pl.Expr]]:
    """A check per column of `kind` whose schema lists its allowed values."""
    lowered = lowered or {}
    return [
        _not_one_of(field.name, field.allowed, lowered.get(field.name))
        for field in declared.SCHEMAS[kind].fields
        if field.allowed
    ]


def _split(
    frame: pl.DataFrame,
    file: str,
    kind: str,
    checks: list[tuple[pl.Expr, pl.Expr]],
    typed: list[pl.Expr] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows failing any check go to rejects with every reason; the others are accepted.

    `typed`: the accepted rows' columns, selected before the filter (only they are
    copied, not every raw and parsed column of the file; none when no row fails)."""
    # Decide with cheap boolean checks first; write the messages for the failing rows only.
    # Conditions are computed on the whole file (some look at other rows: repeated ids).
    flags = [f"_failed_{index}" for index in range(len(checks))]
    judged = frame.with_columns(
        [
            failed.fill_null(False).alias(flag)
            for flag, (failed, _) in zip(flags, checks, strict=True)
        ]
    ).with_columns(pl.any_horizontal(flags).alias("_failed"))
    if typed is None:
        accepted = judged.filter(~pl.col("_failed")).drop("_failed", *flags)
    elif judged.get_column("_failed").any():
        accepted = judged.lazy().filter(~pl.col("_failed")).select(typed).collect()
    else:
        accepted = judged.select(typed)
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
        *_choice_checks("districts"),
    ]
    accepted, rejects = _split(frame, file, "districts", checks)
    typed = accepted.select(
        c.blank_to_null("district_code").alias("district_code"),
        c.blank_to_null("district_name").alias("district_name"),
        c.blank_to_null("district_type").str.to_lowercase().alias("district_type"),
        c.blank_to_null("region").alias("region"),
    )
    return typed, rejects


def _district_code_of_name(district: pl.Expr, districts: pl.DataFrame | None) -> pl.Expr:
    """The code of the district whose name `district` is (any case), else null: a
    district_code column filled with names ('Hoover City') gets the code to write."""
    if districts is None or districts.height == 0:
        return pl.lit(None, dtype=pl.String)
    names = districts.select(
        pl.col("district_name").str.to_lowercase(), pl.col("district_code")
    ).unique("district_name", keep="first", maintain_order=True)
    return district.str.to_lowercase().replace_strict(
        names.get_column("district_name"),
        names.get_column("district_code"),
        default=None,
        return_dtype=pl.String,
    )


def validate_directors(
    frame: pl.DataFrame,
    file: str,
    district_codes: pl.Series,
    districts: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`districts` (district_code, district_name): a district_code that is a district's
    name is rejected with the code to write instead."""
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
    named_code = _district_code_of_name(district, districts)
    checks = [
        *_missing_checks("directors", schema, normalised=("director_id",)),
        _repeat_check("director_id", "director_id", normalised=True),
        _unreadable("directors", "role_start", role_start, schema),
        _unreadable("directors", "role_end", role_end, schema),
        _unreadable("directors", "cto_academy_completed", academy, schema),
        (
            role_end < role_start,
            pl.format("role_end {} is before role_start {}", role_end, role_start),
        ),
        (
            district.is_not_null()
            & ~district.is_in(district_codes.implode())
            & named_code.is_null(),
            pl.format(
                "district_code '{}' is not in districts (or its row there was rejected)", district
            ),
        ),
        (
            district.is_not_null()
            & ~district.is_in(district_codes.implode())
            & named_code.is_not_null(),
            pl.format(
                "district_code '{}' is a district's name, not its code: write {}",
                district,
                named_code,
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


# The catalogue's columns as the schema types them (the free-text note stays in the file),
# plus the file each row came from.
EVENT_TYPED_SCHEMA = {
    **{name: dtype for name, dtype in declared.typed_schema("events").items() if name != "note"},
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
        *_choice_checks("events"),
        _unreadable("events", "fiscal_year", fiscal_year, {}),
        (
            (category == "external") & c.blank_to_null("fiscal_year").is_null(),
            pl.lit("missing fiscal_year (external events are approved for one fiscal year)"),
        ),
        _unreadable("events", "max_hours_per_session", session_cap, {}),
        _unreadable("events", "max_hours_per_year", year_cap, {}),
        (session_cap <= 0, pl.lit("max_hours_per_session must be more than 0")),
        (year_cap <= 0, pl.lit("max_hours_per_year must be more than 0")),
    ]
    checks += [
        _unreadable("events", flag, c.parse_boolean(flag, schema[flag]), schema)
        for flag in declared.columns_of_type("events", "yes/no")
    ]
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


RECORD_TYPED_SCHEMA = {**declared.typed_schema("records"), "file": pl.String, "line": pl.Int64}


# record ids of the records files read before a file: where each was first seen
EARLIER_IDS_SCHEMA = {"record_id": pl.String, "first_file": pl.String, "first_line": pl.Int64}


def record_ids_seen_before(parts: list[tuple[str, pl.DataFrame]]) -> list[pl.DataFrame]:
    """For each records file in `parts` (name, raw frame, in reading order), the ids an
    earlier file already holds, with that file and line (EARLIER_IDS_SCHEMA)."""
    if len(parts) < 2:  # one file: its repeats are checked inside it (no pass over the ids)
        return [pl.DataFrame(schema=EARLIER_IDS_SCHEMA) for _ in parts]
    seen = []
    # the last file's ids are earlier than no file's: not collected (one file: no work)
    for index, (file, frame) in enumerate(parts[:-1]):
        if "record_id" not in frame.columns:  # validate_records names the missing column
            continue
        if SOURCE_LINE in frame.columns:
            line = pl.col(SOURCE_LINE).cast(pl.Int64)
        else:
            line = pl.int_range(pl.len(), dtype=pl.Int64) + _line_offset(file)
        seen.append(
            frame.select(
                pl.lit(index).alias("_file_index"),
                pl.lit(file).alias("first_file"),
                line.alias("first_line"),
                c.text_id("record_id", frame.schema["record_id"]).alias("record_id"),
            )
        )
    if not seen:
        return [pl.DataFrame(schema=EARLIER_IDS_SCHEMA) for _ in parts]
    first = (
        pl.concat(seen)
        .drop_nulls("record_id")
        .group_by("record_id", maintain_order=True)
        .first()  # rows are in file order, then line order
    )
    return [
        first.filter(pl.col("_file_index") < index).select(list(EARLIER_IDS_SCHEMA))
        for index in range(len(parts))
    ]


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


def _numbered_with_ids(
    frame: pl.DataFrame, file: str, kind: str, also_trimmed: tuple[str, ...] = ()
) -> tuple[pl.DataFrame, Mapping[str, pl.DataType]]:
    """Records or sessions with their columns checked, every id column of the schema as text
    (a spreadsheet's 101.0 is '101'), the strands text and each row's line; and the file's
    own column types (what the parsers read). The ids and the text columns `also_trimmed`
    are trimmed, blank = null (`c.trimmed_text`: the file's strings when none changes)."""
    frame = _require_columns(frame, file, kind)
    types = frame.schema
    ids = declared.columns_of_type(kind, "id")
    numbered = _with_line(
        frame.with_columns(
            *(
                c.trimmed_text(frame, name)
                if types[name] == pl.String
                else c.text_id(name, types[name])
                for name in ids
            ),
            *(
                c.trimmed_text(frame, name) if types[name] == pl.String else c.blank_to_null(name)
                for name in also_trimmed
            ),
            c.blank_to_null("strands").alias("_strands_text"),
        ),
        file,
        kind,
        normalised=True,
    )
    return numbered, types


def _with_session_values(
    frame: pl.DataFrame, schema_: Mapping[str, pl.DataType], policy: Policy
) -> pl.DataFrame:
    """What records and sessions share, parsed once into columns the checks and the typed
    frame both read: `_strand_codes`/`_strand_unknown` (per distinct strands text),
    `_date`, `_hours`, `_delivery` (lower case)."""
    # each row's strands looked up by its text's position in the table of distinct texts
    # (the same as a left join on the text, null matching null, without copying every
    # column of the file as a join does)
    table = _strand_table(frame.get_column("_strands_text"), policy.strands)
    texts = table.get_column("_strands_text")
    positions = pl.Series(range(table.height), dtype=pl.Int64)
    blank = texts.is_null()
    row = (
        pl.when(pl.col("_strands_text").is_null())
        .then(pl.lit(positions.filter(blank).first(), dtype=pl.Int64))
        .otherwise(
            pl.col("_strands_text").replace_strict(
                texts.filter(~blank), positions.filter(~blank), default=None
            )
        )
    )
    frame = frame.with_columns(
        pl.lit(table.get_column(name)).gather(row).alias(name)
        for name in ("_strand_codes", "_strand_unknown")
    )
    return frame.with_columns(
        c.parse_date("date", schema_["date"]).alias("_date"),
        c.parse_hours("hours", schema_["hours"]).alias("_hours"),
        c.blank_to_null("delivery").str.to_lowercase().alias("_delivery"),
    )


def _session_value_checks(
    kind: str, schema_: Mapping[str, pl.DataType], policy: Policy
) -> list[tuple[pl.Expr, pl.Expr]]:
    """The checks of `_with_session_values`' columns: a readable date, hours in the policy's
    range, known strands and an allowed delivery."""
    date, hours = pl.col("_date"), pl.col("_hours")
    max_hours = policy.hours("max_hours_per_record")
    return [
        _unreadable(kind, "date", date, schema_),
        _unreadable(kind, "hours", hours, schema_),
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
        *_choice_checks(kind, {"delivery": pl.col("_delivery")}),
    ]


def _event_check(event_ids: pl.Series) -> tuple[pl.Expr, pl.Expr]:
    """An event_id of the catalogue (shipped or the folder's)."""
    return (
        pl.col("event_id").is_not_null() & ~pl.col("event_id").is_in(event_ids.implode()),
        pl.format(
            "event_id '{}' is not in the event catalogue (shipped or the folder's events file)",
            pl.col("event_id"),
        ),
    )


def validate_records(
    frame: pl.DataFrame,
    file: str,
    director_ids: pl.Series,
    event_ids: pl.Series,
    policy: Policy,
    earlier_ids: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`earlier_ids` (record_id, first_file, first_line): ids of the folder's records files
    read before this one; a row repeating one is a reject naming both files."""
    frame, schema = _numbered_with_ids(frame, file, "records", also_trimmed=("session",))
    if earlier_ids is None or earlier_ids.height == 0:  # the usual single file: no join
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.String).alias("_earlier_file"),
            pl.lit(None, dtype=pl.Int64).alias("_earlier_line"),
        )
    else:
        frame = frame.join(
            earlier_ids.rename({"first_file": "_earlier_file", "first_line": "_earlier_line"}),
            on="record_id",
            how="left",
            maintain_order="left",
        )
    # each value is parsed once, into a column the checks and the typed frame both read
    frame = _with_session_values(frame, schema, policy).with_columns(
        c.parse_boolean(flag, schema[flag]).alias(f"_{flag}")
        for flag in declared.columns_of_type("records", "yes/no")
    )
    date, hours = pl.col("_date"), pl.col("_hours")
    checks: list[tuple[pl.Expr, pl.Expr]] = [
        *_missing_checks("records", schema, normalised=("record_id", "director_id", "event_id")),
        _repeat_check("record_id", "record_id", normalised=True),
        (
            pl.col("_earlier_file").is_not_null(),
            pl.format(
                "record_id '{}' is also in {} line {} (a record id is unique over all records "
                "files: keep one)",
                pl.col("record_id"),
                pl.col("_earlier_file"),
                pl.col("_earlier_line"),
            ),
        ),
        *_session_value_checks("records", schema, policy),
        (
            pl.col("director_id").is_not_null()
            & ~pl.col("director_id").is_in(director_ids.implode()),
            pl.format(
                "director_id '{}' is not in directors (or its row there was rejected)",
                pl.col("director_id"),
            ),
        ),
        _event_check(event_ids),
    ]
    checks += [
        _unreadable("records", flag, pl.col(f"_{flag}"), schema)  # blank parses as false
        for flag in declared.columns_of_type("records", "yes/no")
    ]
    typed = [
        pl.col("record_id"),
        pl.col("director_id"),
        pl.col("event_id"),
        pl.col("session"),  # trimmed by `_numbered_with_ids`
        date.alias("date"),
        hours.alias("hours"),
        pl.col("_strand_codes").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias("strands"),
        pl.col("_delivery").alias("delivery"),
        pl.col("_assignment_complete").alias("assignment_complete"),
        pl.col("_evidence_uploaded").alias("evidence_uploaded"),
        pl.lit(file).alias("file"),
        pl.col("_line").alias("line"),
    ]
    accepted, rejects = _split(frame, file, "records", checks, typed)
    return accepted.cast(RECORD_TYPED_SCHEMA), rejects


SESSION_TYPED_SCHEMA = {
    **declared.typed_schema("sessions"),
    "fiscal_year": pl.Int32,
    "file": pl.String,
    "line": pl.Int64,
}


def empty_sessions() -> pl.DataFrame:
    """The sessions frame of a folder without a sessions file."""
    return pl.DataFrame(schema=SESSION_TYPED_SCHEMA)


def validate_sessions(
    frame: pl.DataFrame,
    file: str,
    catalog: pl.DataFrame,
    regions: pl.Series,
    policy: Policy,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The year's calendar: each session checked like a record (event, date, hours, strands),
    plus its start time and region; `delivery` resolved (the row's, else the catalogue's)."""
    frame, schema_ = _numbered_with_ids(frame, file, "sessions")
    # regions are matched ignoring case and written as districts spells them
    known_regions = regions.drop_nulls().unique().sort()
    region_text = c.blank_to_null("region")
    frame = _with_session_values(frame, schema_, policy).with_columns(
        c.parse_time("start_time", schema_["start_time"]).alias("_start_time"),
        region_text.alias("_region_text"),
        region_text.str.to_lowercase()
        .replace_strict(
            known_regions.str.to_lowercase(), known_regions, default=None, return_dtype=pl.String
        )
        .alias("_region"),
    )
    date, hours = pl.col("_date"), pl.col("_hours")
    region_words = ", ".join(known_regions.to_list()) or "none"
    checks: list[tuple[pl.Expr, pl.Expr]] = [
        *_missing_checks("sessions", schema_, normalised=("session_id", "event_id")),
        _repeat_check("session_id", "session_id", normalised=True),
        _unreadable("sessions", "start_time", pl.col("_start_time"), schema_),
        *_session_value_checks("sessions", schema_, policy),
        (
            pl.col("_strands_text").is_not_null()
            & pl.col("_strand_unknown").is_null()
            & (pl.col("_strand_codes").list.len() == 0),
            pl.lit("missing strands"),  # only separators, e.g. ';'
        ),
        (
            pl.col("_region_text").is_not_null() & pl.col("_region").is_null(),
            pl.format(
                f"region '{{}}' is not a region of districts ({region_words})",
                pl.col("_region_text"),
            ),
        ),
        _event_check(catalog.get_column("event_id").unique()),
    ]
    accepted, rejects = _split(frame, file, "sessions", checks)
    typed = accepted.select(
        pl.col("session_id"),
        pl.col("event_id"),
        c.blank_to_null("title").alias("title"),
        date.alias("date"),
        pl.col("_start_time").alias("start_time"),
        hours.alias("hours"),
        pl.col("_strand_codes").alias("strands"),
        pl.col("_region").alias("region"),
        pl.col("_delivery").alias("delivery"),
        fiscal_year_of(date, policy).alias("fiscal_year"),
        pl.lit(file).alias("file"),
        pl.col("_line").alias("line"),
    )
    # no delivery on the row: the catalogue's row in force that year (or its latest row)
    years = typed.get_column("fiscal_year").unique().drop_nulls()
    if typed.height:
        in_force = rows_in_force(catalog, years).select(
            "event_id", "fiscal_year", pl.col("delivery").alias("_catalog_delivery")
        )
        typed = typed.join(
            in_force, on=["event_id", "fiscal_year"], how="left", maintain_order="left"
        ).with_columns(pl.coalesce("delivery", "_catalog_delivery").alias("delivery"))
    return typed.select(list(SESSION_TYPED_SCHEMA)).cast(SESSION_TYPED_SCHEMA), rejects
