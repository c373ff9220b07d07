"""Turn a TalentLMS (ALET Talent) learning-progress export into TD-CEU records.

A learning-progress export has one row per user and course: who, which course,
the completion status, the completion date and the time spent. A mapping file
says which event (and session, strands, credit hours) each TalentLMS course
stands for. Only completed courses become records; every course the mapping
does not know is reported, never dropped silently.

Headers are matched loosely: case, spaces, '_' and '-' do not matter, and the
usual spellings are known ("Completion date" / completed_on, "Status" /
completion_status, "Time" / total_time, "User ID" / login / user, ...).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tdceu_analysis._paths import catalog_file, talentlms_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import current_fiscal_year
from tdceu_analysis.io.contract import parse_strand_text, strand_lookup
from tdceu_analysis.policy import Policy, load_folder_policy, load_policy

# Accepted spellings of each export column, normalised (see `normalise_header`),
# in order of preference: the first one present is used.
EXPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "user": (
        "user id",
        "userid",
        "learner id",
        "login",
        "username",
        "user login",
        "email",
        "user email",
        "user",
        "learner",
    ),
    "course": ("course", "course name", "course title", "coursename"),
    "status": (
        "status",
        "completion status",
        "course status",
        "progress status",
        "completionstatus",
    ),
    "completed_on": (
        "completion date",
        "completed on",
        "completed at",
        "date completed",
        "completion",
        "completed",
        "completiondate",
    ),
    "time": ("time", "total time", "time spent", "totaltime", "training time", "duration"),
}
REQUIRED_EXPORT_FIELDS = ("user", "course", "status", "completed_on")

MAPPING_HEADERS: dict[str, tuple[str, ...]] = {
    "course": ("talentlms course", "talentlms_course", "course", "course name"),
    "event_id": ("event id", "event"),
    "session": ("session",),
    "strands": ("strands", "strand"),
    "hours": ("hours", "credit hours"),
}

COMPLETED_WORDS = ("completed", "complete")

RECORD_COLUMNS = (
    "record_id",
    "director_id",
    "event_id",
    "session",
    "date",
    "hours",
    "strands",
    "delivery",
    "assignment_complete",
    "evidence_uploaded",
    "source",
)

SHIPPED_MAPPING = "course-mapping.csv"


def normalise_header(name: str) -> str:
    """'Completion_Date ' -> 'completion date' (case, '_', '-' and spaces ignored)."""
    return re.sub(r"[\s_\-]+", " ", name.lstrip("\ufeff").strip().lower()).strip()


def _match_headers(
    columns: Sequence[str],
    wanted: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
    file: str,
    overrides: Mapping[str, str] | None = None,
    hint: str = "",
) -> dict[str, str]:
    """field -> the file's column for it; a UserError naming the spellings if one is missing."""
    by_normal: dict[str, str] = {}
    for column in columns:
        by_normal.setdefault(normalise_header(column), column)
    found: dict[str, str] = {}
    for name, spellings in wanted.items():
        override = (overrides or {}).get(name)
        if override:
            column = by_normal.get(normalise_header(override))
            if column is None:
                raise UserError(
                    f"{file} has no column '{override}' (columns: {', '.join(columns)})"
                )
            found[name] = column
            continue
        for spelling in spellings:
            if spelling in by_normal:
                found[name] = by_normal[spelling]
                break
    missing = [name for name in required if name not in found]
    if missing:
        hints = "; ".join(f"{name}: one of {', '.join(wanted[name][:4])}" for name in missing)
        raise UserError(
            f"{file} lacks the column(s) {', '.join(missing)} ({hints}); columns found: "
            f"{', '.join(columns) or 'none'}{hint}"
        )
    return found


def read_any(path: Path, sheet: str | None = None) -> pl.DataFrame:
    """A CSV or XLSX file as all-string columns."""
    if not path.is_file():
        raise UserError(f"'{path}' does not exist or is not a file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        if suffix in (".xlsx", ".xls"):
            if sheet:
                return pl.read_excel(path, sheet_name=sheet, infer_schema_length=0)
            return pl.read_excel(path, infer_schema_length=0)
    except Exception as problem:  # polars/fastexcel raise many kinds; all mean "cannot read"
        raise UserError(f"{path.name} could not be read: {_read_problem(problem, path)}") from None
    raise UserError(f"{path.name}: unsupported file type (use .csv or .xlsx)")


def _read_problem(problem: Exception, path: Path) -> str:
    """A reader's error in words a person can act on (only on the error path)."""
    text = str(problem).strip()
    if "more fields than defined" in text:
        line = _first_ragged_line(path)
        where = f"line {line}" if line else "a line"
        return (
            f"{where} has more values than the header has columns: is it a TalentLMS "
            "learning-progress export (one row per user and course), saved as CSV?"
        )
    if "sheet" in text.lower() and "not found" in text.lower():
        return f"{text.splitlines()[0]} (check --sheet)"
    return text.splitlines()[0] if text else type(problem).__name__


def _first_ragged_line(path: Path) -> int | None:
    """The first line with more values than the header (csv module: the error path only)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        width = len(next(reader, []))
        for row in reader:
            if len(row) > width:
                return reader.line_num
    return None


# ---------------------------------------------------------------------------
# Parsing values (expressions: null where a value cannot be read)
# ---------------------------------------------------------------------------


def _text(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text)


def parse_completion_date(column: str, date_format: str | None = None) -> pl.Expr:
    """ISO dates (a time after them is ignored), else US month/day/year, else `date_format`."""
    text = _text(column)
    day_part = text.str.extract(r"^([^,T ]+)", 1)
    if date_format:
        return day_part.str.to_date(date_format, strict=False)
    iso = text.str.extract(r"^(\d{4}-\d{2}-\d{2})", 1).str.to_date("%Y-%m-%d", strict=False)
    us = day_part.str.to_date("%m/%d/%Y", strict=False)
    return pl.coalesce(iso, us)


def check_date_format(date_format: str) -> None:
    """A --date-format must read back a whole date (day, month and year), else a UserError."""
    probe = dt.date(2001, 12, 31)  # day, month and year all differ: a swap shows
    try:
        text = probe.strftime(date_format)
        ok = dt.datetime.strptime(text, date_format).date() == probe
    except ValueError:
        ok = False
    if not ok:
        raise UserError(
            f"--date-format '{date_format}' does not read a whole date: write it with %d, %m "
            "(or %b) and %Y (or %y), e.g. %d/%m/%Y"
        )


def parse_time_spent(column: str) -> pl.Expr:
    """Hours spent, from '1h 25m', '2h 3m 10s', '45m', '01:25:00', '1:25' or minutes ('85')."""
    text = _text(column).str.to_lowercase()

    def unit(pattern: str) -> pl.Expr:
        return text.str.extract(pattern, 1).cast(pl.Float64, strict=False).fill_null(0.0)

    has_units = text.str.contains(r"\d\s*[hms]")
    units = (
        unit(r"(\d+(?:\.\d+)?)\s*h")
        + unit(r"(\d+(?:\.\d+)?)\s*m(?:in|ins|inutes?)?\b") / 60
        + unit(r"(\d+(?:\.\d+)?)\s*s(?:ec|ecs|econds?)?\b") / 3600
    )
    clock = text.str.extract_groups(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
    clock_hours = (
        clock.struct.field("1").cast(pl.Float64)
        + clock.struct.field("2").cast(pl.Float64) / 60
        + clock.struct.field("3").cast(pl.Float64).fill_null(0.0) / 3600
    )
    minutes = text.cast(pl.Float64, strict=False) / 60
    return (
        pl.when(has_units)
        .then(units)
        .when(text.str.contains(":"))
        .then(clock_hours)
        .otherwise(minutes)
    )


# ---------------------------------------------------------------------------
# The mapping file
# ---------------------------------------------------------------------------


def shipped_mapping_path() -> Path:
    return talentlms_folder() / SHIPPED_MAPPING


def shipped_event_ids() -> set[str]:
    """The event ids of the shipped catalogue (a folder's own events add to them)."""
    return set(pl.read_csv(catalog_file(), columns=["event_id"], infer_schema=False)["event_id"])


def read_mapping(
    path: Path | None = None,
    *,
    event_ids: set[str] | None = None,
    policy: Policy | None = None,
) -> pl.DataFrame:
    """course (normalised key), course_name, event_id, session, strands, hours.

    Every value is checked before any record is written: the event must be in the
    catalogue (`event_ids`, default the shipped one), the strands must be strand codes
    or names, the hours a number in the range a record may claim. A bad row is a
    UserError naming the file and line.
    """
    path = Path(path) if path else shipped_mapping_path()
    raw = read_any(path)
    columns = _match_headers(raw.columns, MAPPING_HEADERS, ("course", "event_id"), path.name)
    hours_text = _text(columns["hours"]) if "hours" in columns else pl.lit(None, pl.String)
    mapping = raw.select(
        _text(columns["course"]).alias("course_name"),
        _text(columns["event_id"]).alias("event_id"),
        (_text(columns["session"]) if "session" in columns else pl.lit(None, pl.String)).alias(
            "session"
        ),
        (_text(columns["strands"]) if "strands" in columns else pl.lit(None, pl.String)).alias(
            "strands"
        ),
        hours_text.alias("hours_text"),
        hours_text.cast(pl.Float64, strict=False).alias("hours"),
    ).with_row_index("line", offset=2)
    missing = mapping.filter(pl.col("course_name").is_null() | pl.col("event_id").is_null())
    if missing.height:
        raise UserError(
            f"{path.name} line {missing['line'][0]}: a mapping row needs a course and an event_id"
        )
    mapping = mapping.with_columns(_course_key(pl.col("course_name")).alias("course"))
    repeated = mapping.filter(pl.col("course").is_duplicated())
    if repeated.height:
        raise UserError(
            f"{path.name} maps the course '{repeated['course_name'][0]}' twice: keep one row"
        )
    _check_mapping_values(mapping, path.name, event_ids, policy)
    return mapping.drop("line", "hours_text")


def _check_mapping_values(
    mapping: pl.DataFrame, file: str, event_ids: set[str] | None, policy: Policy | None
) -> None:
    """Event, strands and hours of each mapping row, first bad row named (with a count)."""
    policy = policy or load_policy(current_fiscal_year())
    known = shipped_event_ids() if event_ids is None else event_ids
    where = "the shipped catalogue" if event_ids is None else "the catalogue (shipped + --data)"
    # R6: strands are the policy's codes or published names (parsed once per distinct text)
    lookup = strand_lookup(policy.strands)
    unknown_strands = {
        text: "; ".join(parse_strand_text(text, lookup)[1])
        for text in mapping["strands"].drop_nulls().unique().to_list()
    }
    max_hours = policy.hours("max_hours_per_record")
    hours = pl.col("hours")
    bad = mapping.select(
        "line",
        pl.when(~pl.col("event_id").is_in(sorted(known)))
        .then(pl.format(f"event_id '{{}}' is not in {where}", pl.col("event_id")))
        .when(pl.col("strands").replace_strict(unknown_strands, default="") != "")
        .then(
            pl.format(
                "unknown strand '{}' (use {} or the full names)",
                pl.col("strands").replace_strict(unknown_strands, default=""),
                pl.lit(", ".join(policy.strands)),
            )
        )
        .when(pl.col("hours_text").is_not_null() & hours.is_null())
        .then(
            pl.format(
                "hours '{}' is not a number (write e.g. 1.5, or leave it blank to count "
                "the time spent)",
                pl.col("hours_text"),
            )
        )
        .when((hours <= 0) | (hours > max_hours))
        .then(
            pl.format(
                f"hours {{}} is out of range (more than 0, at most {max_hours:g})",
                pl.col("hours_text"),
            )
        )
        .alias("problem"),
    ).filter(pl.col("problem").is_not_null())
    if bad.height:
        more = f" (and {bad.height - 1} more row(s))" if bad.height > 1 else ""
        raise UserError(
            f"{file} line {bad['line'][0]}: {bad['problem'][0]}{more}; fix the mapping file"
        )


def _course_key(name: pl.Expr) -> pl.Expr:
    """Course names match ignoring case and repeated spaces."""
    return name.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


# ---------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------


@dataclass
class TalentImport:
    """What came out of one export."""

    records: pl.DataFrame  # contract columns (all strings) + source
    rows_read: int
    skipped_status: dict[str, int] = field(default_factory=dict)  # status -> rows not completed
    unmapped: pl.DataFrame = field(default_factory=pl.DataFrame)  # course, rows, users
    problems: pl.DataFrame = field(default_factory=pl.DataFrame)  # line, course, problem
    columns: dict[str, str] = field(default_factory=dict)  # field -> export column used
    # users who match no director or two (only with a directors list): user, rows, lines, problem
    unmatched_users: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def unmapped_rows(self) -> int:
        return int(self.unmapped["rows"].sum()) if self.unmapped.height else 0


# The export columns that may identify a person, matched against a directors list.
IDENTITY_HEADERS: dict[str, tuple[str, ...]] = {
    "user id": ("user id", "userid", "learner id"),
    "login": ("login", "username", "user login"),
    "email": ("email", "user email"),
}


def import_talentlms(
    export: pl.DataFrame,
    mapping: pl.DataFrame,
    *,
    file: str = "export",
    date_format: str | None = None,
    user_column: str | None = None,
    directors: pl.DataFrame | None = None,
) -> TalentImport:
    """Records from a learning-progress export (raw, all-string frame) and a mapping.

    Without `directors`, the user id (or `user_column`) becomes the director_id. With a
    directors list (director_id and optional email columns), each row's user id, login
    and email are matched to a director's id or email (case ignored); a user who matches
    none, or two directors, is reported with their lines and never written.
    """
    if date_format:
        check_date_format(date_format)
    overrides = {"user": user_column} if user_column else None
    columns = _match_headers(
        export.columns,
        EXPORT_HEADERS,
        REQUIRED_EXPORT_FIELDS,
        file,
        overrides,
        hint=" (is it a TalentLMS learning-progress export, one row per user and course?)",
    )
    first_line = 2  # line 1 is the header, in CSV and in a spreadsheet
    rows = export.with_row_index("line", offset=first_line).select(
        pl.col("line").cast(pl.Int64),
        _user_id(columns["user"]).alias("director_id"),
        _text(columns["course"]).alias("course_name"),
        _text(columns["status"]).alias("status"),
        _text(columns["completed_on"]).alias("completed_text"),
        parse_completion_date(columns["completed_on"], date_format).alias("date"),
        (parse_time_spent(columns["time"]) if "time" in columns else pl.lit(None, pl.Float64))
        .alias("time_hours"),
    )  # fmt: skip
    status = pl.col("status").str.to_lowercase()
    completed = rows.filter(status.is_in(COMPLETED_WORDS))
    _check_dates_read(completed, date_format, file)
    skipped = (
        rows.filter(~status.is_in(COMPLETED_WORDS) | status.is_null())
        .group_by(pl.col("status").fill_null("(blank)"))
        .len()
        .sort("status")
    )
    joined = completed.with_columns(_course_key(pl.col("course_name")).alias("course")).join(
        mapping.rename({"course_name": "mapped_name"}), on="course", how="left"
    )
    unmapped = (
        joined.filter(pl.col("event_id").is_null())
        .group_by("course")  # spellings that differ only in case or spaces are one course
        .agg(
            pl.col("course_name").first(),
            pl.len().alias("rows"),
            pl.col("director_id").n_unique().alias("users"),
        )
        .sort("rows", "course_name", descending=[True, False])
        .select(pl.col("course_name").alias("course"), "rows", "users")
    )
    mapped = joined.filter(pl.col("event_id").is_not_null())
    unmatched_users = pl.DataFrame(
        schema={"user": pl.String, "rows": pl.UInt32, "lines": pl.String, "problem": pl.String}
    )
    if directors is not None:
        mapped, unmatched_users = _match_directors(
            mapped, export, columns, user_column, directors, file
        )
    # credit hours: the mapping's, else the time spent, down to the quarter hour
    hours = pl.coalesce(pl.col("hours"), (pl.col("time_hours") * 4).floor() / 4)
    session = pl.coalesce(pl.col("session"), pl.col("course_name"))
    same_completion = pl.concat_str(
        [pl.col("director_id"), pl.col("event_id"), session, pl.col("date").cast(pl.String)],
        separator="|",
        ignore_nulls=True,
    )
    problem = (
        pl.when(pl.col("match_problem").is_not_null())
        .then(pl.col("match_problem"))
        .when(pl.col("director_id").is_null())
        .then(pl.lit("no user id"))
        .when(pl.col("completed_text").is_null())
        .then(pl.lit("completed but no completion date"))
        .when(pl.col("date").is_null())
        .then(pl.format("completion date '{}' is not a date", pl.col("completed_text")))
        .when(hours.is_null() | (hours <= 0))
        .then(pl.lit("no credit hours: the mapping has none and the time spent is missing or 0"))
    )
    if "match_problem" not in mapped.columns:
        mapped = mapped.with_columns(pl.lit(None, pl.String).alias("match_problem"))
    judged = mapped.with_columns(hours.alias("credit_hours"), problem.alias("problem"))
    # the same completion twice (a row exported twice, or two users matched to one director):
    # written once, the repeats reported with the line of the one kept
    kept_line = pl.col("line").min().over(same_completion, pl.col("problem").is_null())
    judged = judged.with_columns(
        pl.when(pl.col("problem").is_null() & (pl.col("line") != kept_line))
        .then(pl.format("the same completion as line {} (written once)", kept_line))
        .otherwise(pl.col("problem"))
        .alias("problem")
    )
    problems = (
        # users not matched to one director are in `unmatched_users`, each row once
        judged.filter(pl.col("problem").is_not_null() & pl.col("match_problem").is_null())
        .select("line", pl.col("course_name").alias("course"), "director_id", "problem")
        .sort("line")
    )
    good = judged.filter(pl.col("problem").is_null())
    external = pl.col("event_id").str.starts_with("ext-")
    records = good.select(
        pl.col("director_id"),
        pl.col("event_id"),
        session.alias("session"),
        pl.col("date").dt.to_string("%Y-%m-%d").alias("date"),
        pl.col("credit_hours").cast(pl.String).alias("hours"),
        pl.col("strands"),
        pl.lit(None, pl.String).alias("delivery"),
        # completing an external event's ALET Talent course means its assignment (and,
        # where asked for, the evidence upload) is done
        pl.when(external).then(pl.lit("true")).alias("assignment_complete"),
        pl.when(external).then(pl.lit("true")).alias("evidence_uploaded"),
        pl.format("talentlms:{}:{}", pl.lit(file), pl.col("line")).alias("source"),
    )
    records = records.with_columns(
        pl.concat_str(["director_id", "event_id", "session", "date"], separator="|")
        .map_batches(_record_ids, return_dtype=pl.String)
        .alias("record_id")
    ).select(RECORD_COLUMNS)
    # every completed row is written, or listed once (unmapped, a problem, an unmatched user)
    listed = int(unmapped["rows"].sum()) + problems.height + int(unmatched_users["rows"].sum())
    if records.height + listed != completed.height:
        raise RuntimeError(
            f"internal error: {file} had {completed.height} completed rows but "
            f"{records.height} written + {listed} listed"
        )
    return TalentImport(
        records=records,
        rows_read=export.height,
        skipped_status=dict(skipped.iter_rows()),
        unmapped=unmapped,
        problems=problems,
        columns=columns,
        unmatched_users=unmatched_users,
    )


def _check_dates_read(completed: pl.DataFrame, date_format: str | None, file: str) -> None:
    """A --date-format that reads none of the completion dates is a wrong format, not
    bad rows: say so once instead of calling every date 'not a date'."""
    if not date_format:
        return
    written = completed.filter(pl.col("completed_text").is_not_null())
    if written.height and written["date"].null_count() == written.height:
        first = written.row(0, named=True)
        raise UserError(
            f"--date-format '{date_format}' reads none of the {written.height} completion "
            f"dates of {file} (line {first['line']} has '{first['completed_text']}'): "
            "fix --date-format or leave it out"
        )


def _match_directors(
    mapped: pl.DataFrame,
    export: pl.DataFrame,
    columns: Mapping[str, str],
    user_column: str | None,
    directors: pl.DataFrame,
    file: str,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each row's director by user id, login or email; never a guess.

    Returns the rows with `director_id` set to the matched director (null when none or
    several) and `match_problem` saying which, and one row per unmatched user.
    """
    # the export's identity columns: --user-column alone, else every id/login/email column
    if user_column:
        identity = [columns["user"]]
    else:
        found = _match_headers(export.columns, IDENTITY_HEADERS, (), file)
        identity = list(dict.fromkeys(found.values())) or [columns["user"]]
    keys = (
        export.with_row_index("line", offset=2)
        .select(
            pl.col("line").cast(pl.Int64),
            pl.concat_list([_user_id(name) for name in identity]).alias("key"),
            pl.concat_str(
                [_user_id(name) for name in identity], separator=" / ", ignore_nulls=True
            ).alias("user"),
        )
        .explode("key")
        .with_columns(pl.col("key").str.to_lowercase())
    )
    directory = _director_keys(directors)
    matched = (
        keys.join(directory, on="key", how="left")
        .group_by("line")
        .agg(
            pl.col("user").first(),
            pl.col("matched_id").drop_nulls().unique().sort().alias("ids"),
        )
    )
    match_problem = (
        pl.when(pl.col("ids").list.len() == 0)
        .then(pl.format("user '{}' matches no director", pl.col("user")))
        .when(pl.col("ids").list.len() > 1)
        .then(
            pl.format(
                "user '{}' matches directors {}", pl.col("user"), pl.col("ids").list.join(" and ")
            )
        )
    )
    matched = matched.select(
        "line",
        "user",
        pl.when(pl.col("ids").list.len() == 1).then(pl.col("ids").list.first()).alias("match_id"),
        match_problem.alias("match_problem"),
    )
    rows = mapped.join(matched, on="line", how="left").with_columns(
        pl.col("match_id").alias("director_id")
    )
    unmatched = (
        rows.filter(pl.col("match_problem").is_not_null())
        .group_by("user", "match_problem")
        .agg(pl.len().alias("rows"), pl.col("line").sort().cast(pl.String).str.join(", "))
        .sort("user")
        .select(
            "user", "rows", pl.col("line").alias("lines"), pl.col("match_problem").alias("problem")
        )
    )
    return rows.drop("match_id", "user"), unmatched


def _director_keys(directors: pl.DataFrame) -> pl.DataFrame:
    """key (lower case) -> director_id, from each director's id and (optional) email."""
    lowered = {name.lstrip("\ufeff").strip().lower(): name for name in directors.columns}
    if "director_id" not in lowered:
        raise UserError("the directors file has no director_id column")
    director_id = _user_id(lowered["director_id"])
    parts = [
        directors.select(
            director_id.str.to_lowercase().alias("key"), director_id.alias("matched_id")
        )
    ]
    if "email" in lowered:
        parts.append(
            directors.select(
                _text(lowered["email"]).str.to_lowercase().alias("key"),
                director_id.alias("matched_id"),
            )
        )
    return pl.concat(parts).drop_nulls().unique()


def _user_id(column: str) -> pl.Expr:
    """User ids as text; a spreadsheet's '3001.0' reads as '3001'."""
    return _text(column).str.replace(r"^(\d+)\.0+$", "${1}")


def _record_ids(keys: pl.Series) -> pl.Series:
    """Stable ids: the same completion imported twice gets the same record_id (a SHA-1 of
    user, event, session and date; polars' own hash is not stable across versions)."""
    return pl.Series(
        ["tl-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12] for key in keys.to_list()],
        dtype=pl.String,
    )


def read_folder_people(folder: str | Path) -> tuple[pl.DataFrame, set[str]]:
    """A data folder's directors (raw) and its catalogue's event ids (shipped + its events)."""
    from tdceu_analysis.io.load import find_input_file, read_table

    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"--data '{folder}' does not exist or is not a folder")
    directors_path = find_input_file(folder, "directors")
    if directors_path is None:
        raise UserError(
            f"{folder} has no directors file: fill directors.csv first (see 'tdceu init')"
        )
    directors = read_table(directors_path)
    event_ids = shipped_event_ids()
    events_path = find_input_file(folder, "events")
    if events_path is not None:
        events = read_table(events_path)
        if "event_id" in events.columns:
            event_ids |= set(events.select(_user_id("event_id")).to_series().drop_nulls())
    return directors, event_ids


def import_talentlms_file(
    export_path: str | Path,
    mapping_path: str | Path | None = None,
    *,
    sheet: str | None = None,
    date_format: str | None = None,
    user_column: str | None = None,
    data_folder: str | Path | None = None,
) -> TalentImport:
    """`import_talentlms` on a CSV or XLSX export and a mapping file (default: the shipped one).

    With `data_folder`, users are matched to the folder's directors (by id, login or
    email) and the mapping's events may also come from the folder's events file.
    """
    if date_format:
        check_date_format(date_format)
    directors, event_ids, policy = (None, None, None)
    if data_folder is not None:
        directors, event_ids = read_folder_people(data_folder)
        # the mapping's strands and hours checked against the folder's policy.toml, as
        # `evaluate` will read the records
        folder_policy = load_folder_policy(data_folder)
        policy = folder_policy.for_year(current_fiscal_year(policy=folder_policy))
    export_path = Path(export_path)
    mapping = read_mapping(
        Path(mapping_path) if mapping_path else None, event_ids=event_ids, policy=policy
    )
    export = read_any(export_path, sheet)
    return import_talentlms(
        export,
        mapping,
        file=export_path.name,
        date_format=date_format,
        user_column=user_column,
        directors=directors,
    )
