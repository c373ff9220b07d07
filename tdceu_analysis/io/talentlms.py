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

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tdceu_analysis._paths import talentlms_folder
from tdceu_analysis.errors import UserError

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
            f"{', '.join(columns) or 'none'}"
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
        first = str(problem).strip().splitlines()[0] if str(problem).strip() else ""
        raise UserError(
            f"{path.name} could not be read: {first or type(problem).__name__}"
        ) from None
    raise UserError(f"{path.name}: unsupported file type (use .csv or .xlsx)")


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


def read_mapping(path: Path | None = None) -> pl.DataFrame:
    """course (normalised key), course_name, event_id, session, strands, hours."""
    path = Path(path) if path else shipped_mapping_path()
    raw = read_any(path)
    columns = _match_headers(raw.columns, MAPPING_HEADERS, ("course", "event_id"), path.name)
    mapping = raw.select(
        _text(columns["course"]).alias("course_name"),
        _text(columns["event_id"]).alias("event_id"),
        (_text(columns["session"]) if "session" in columns else pl.lit(None, pl.String)).alias(
            "session"
        ),
        (_text(columns["strands"]) if "strands" in columns else pl.lit(None, pl.String)).alias(
            "strands"
        ),
        (
            _text(columns["hours"]).cast(pl.Float64, strict=False)
            if "hours" in columns
            else pl.lit(None, pl.Float64)
        ).alias("hours"),
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
    return mapping.drop("line")


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

    @property
    def unmapped_rows(self) -> int:
        return int(self.unmapped["rows"].sum()) if self.unmapped.height else 0


def import_talentlms(
    export: pl.DataFrame,
    mapping: pl.DataFrame,
    *,
    file: str = "export",
    date_format: str | None = None,
    user_column: str | None = None,
) -> TalentImport:
    """Records from a learning-progress export (raw, all-string frame) and a mapping."""
    overrides = {"user": user_column} if user_column else None
    columns = _match_headers(
        export.columns, EXPORT_HEADERS, REQUIRED_EXPORT_FIELDS, file, overrides
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
    # credit hours: the mapping's, else the time spent, down to the quarter hour
    hours = pl.coalesce(pl.col("hours"), (pl.col("time_hours") * 4).floor() / 4)
    problem = (
        pl.when(pl.col("director_id").is_null())
        .then(pl.lit("no user id"))
        .when(pl.col("completed_text").is_null())
        .then(pl.lit("completed but no completion date"))
        .when(pl.col("date").is_null())
        .then(pl.format("completion date '{}' is not a date", pl.col("completed_text")))
        .when(hours.is_null() | (hours <= 0))
        .then(pl.lit("no credit hours: the mapping has none and the time spent is missing or 0"))
    )
    judged = mapped.with_columns(hours.alias("credit_hours"), problem.alias("problem"))
    problems = judged.filter(pl.col("problem").is_not_null()).select(
        "line", pl.col("course_name").alias("course"), "director_id", "problem"
    )
    good = judged.filter(pl.col("problem").is_null())
    session = pl.coalesce(pl.col("session"), pl.col("course_name"))
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
    return TalentImport(
        records=records,
        rows_read=export.height,
        skipped_status=dict(skipped.iter_rows()),
        unmapped=unmapped,
        problems=problems,
        columns=columns,
    )


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


def import_talentlms_file(
    export_path: str | Path,
    mapping_path: str | Path | None = None,
    *,
    sheet: str | None = None,
    date_format: str | None = None,
    user_column: str | None = None,
) -> TalentImport:
    """`import_talentlms` on a CSV or XLSX export and a mapping file (default: the shipped one)."""
    export_path = Path(export_path)
    mapping = read_mapping(Path(mapping_path) if mapping_path else None)
    export = read_any(export_path, sheet)
    return import_talentlms(
        export, mapping, file=export_path.name, date_format=date_format, user_column=user_column
    )
