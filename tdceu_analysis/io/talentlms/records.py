"""The import itself: completed export rows, mapped to events and (optionally) matched to
directors, become TD-CEU records; every completed row is written or listed once
(unmapped course, a problem, an unmatched user), never dropped silently.

A row's date is the live session's date where the export carries one (an ILT session
date column), else its `completed_on_timestamp` (Unix seconds), else its completion
date read in the order the whole file proves or `--date-format` says (see `dates`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import current_fiscal_year
from tdceu_analysis.io.schema import column_names
from tdceu_analysis.io.talentlms.dates import (
    PORTAL_TIME_ZONE,
    DateSetting,
    decide_order,
    parse_date_text,
    read_date_setting,
    timestamp_date,
)
from tdceu_analysis.io.talentlms.directors import match_directors, read_folder_people
from tdceu_analysis.io.talentlms.export import (
    EXPORT_HEADERS,
    REQUIRED_EXPORT_FIELDS,
    find_header_row,
    first_lines,
    match_headers,
    read_any,
)
from tdceu_analysis.io.talentlms.mapping import course_key, read_mapping
from tdceu_analysis.io.talentlms.status import (
    check_some_completed,
    completed_words,
    known_words,
    status_key,
)
from tdceu_analysis.io.talentlms.values import (
    parse_time_spent,
    text_value,
    unescape_entities,
    user_id_value,
)
from tdceu_analysis.policy import load_folder_policy

# a user column of full names ('Jane Smith'): letters and a space, no digit, no '@'
_FULL_NAME = r"^[^\d@_]+\s+[^\d@_]+$"


# the contract's records columns, then where the row came from (extra columns are kept)
RECORD_COLUMNS = (*column_names("records"), "source")


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
    header_skipped: int = 0  # title and date lines above the header
    date_note: str = ""  # how the date order was decided (which lines prove it)
    unknown_status: dict[str, int] = field(default_factory=dict)  # words the list lacks
    session_dated: int = 0  # records dated by the live session's date, not the completion
    no_fixed_hours: pl.DataFrame = field(default_factory=pl.DataFrame)  # course, rows

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
    directors: pl.DataFrame | None = None,
    header_skipped: int = 0,
    header_note: str = "",
    time_zone: str = PORTAL_TIME_ZONE,
) -> TalentImport:
    """Records from a learning-progress export (raw, all-string frame) and a mapping.

    Without `directors`, the user id (or `user_column`) becomes the director_id; a user
    column of full names is refused. With a directors list (director_id and optional
    email columns), each row's user id, login and email are matched to a director's id
    or email (case ignored); a user who matches none, or two directors, is reported with
    their lines and never written. `header_skipped` lines stood above the header (line
    numbers count them).
    """
    setting = read_date_setting(date_format)
    overrides = {"user": user_column} if user_column else None
    where = f": {header_note}" if header_note else ""
    columns = match_headers(
        export.columns,
        EXPORT_HEADERS,
        REQUIRED_EXPORT_FIELDS,
        file,
        overrides,
        hint=f" (is it a TalentLMS learning-progress export, one row per user and course?{where})",
    )
    if directors is None and not user_column:
        _refuse_full_names(export, columns["user"], file, header_skipped + 2)
    first_line = header_skipped + 2  # the header's own line, then the first row
    export = unescape_entities(export, columns["course"])
    optional = {
        name: text_value(columns[name]) if name in columns else pl.lit(None, pl.String)
        for name in ("completed_timestamp", "session_date")
    }
    rows = export.with_row_index("line", offset=first_line).select(
        pl.col("line").cast(pl.Int64),
        user_id_value(columns["user"]).alias("director_id"),
        text_value(columns["course"]).alias("course_name"),
        text_value(columns["status"]).alias("status"),
        text_value(columns["completed_on"]).alias("completed_text"),
        optional["completed_timestamp"].alias("stamp_text"),
        optional["session_date"].alias("session_text"),
        (parse_time_spent(columns["time"]) if "time" in columns else pl.lit(None, pl.Float64))
        .alias("time_hours"),
    )  # fmt: skip
    status = status_key(pl.col("status"))
    rows = rows.with_columns(
        status.is_in(completed_words()).fill_null(False).alias("completed"),
        timestamp_date(pl.col("stamp_text"), time_zone).alias("stamp_date"),
    )
    check_some_completed(rows, columns["status"], file)
    rows = _dated(rows, setting, file)
    completed = rows.filter(pl.col("completed"))
    _check_dates_read(completed, setting, file)
    not_completed = rows.filter(~pl.col("completed"))
    skipped = not_completed.group_by(pl.col("status").fill_null("(blank)")).len().sort("status")
    unknown = (
        not_completed.filter(pl.col("status").is_not_null() & ~status.is_in(known_words()))
        .group_by("status")
        .len()
        .sort("status")
    )
    joined = completed.with_columns(course_key(pl.col("course_name")).alias("course")).join(
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
    # a mapped course with no fixed hours counts the time spent: right for a self-paced
    # webinar, wrong for a live session (the README says how to set those up)
    no_fixed_hours = (
        mapped.filter(pl.col("hours").is_null())
        .group_by("mapped_name")
        .agg(pl.len().alias("rows"))
        .sort("mapped_name")
        .select(pl.col("mapped_name").alias("course"), "rows")
    )
    unmatched_users = pl.DataFrame(
        schema={"user": pl.String, "rows": pl.UInt32, "lines": pl.String, "problem": pl.String}
    )
    if directors is not None:
        mapped, unmatched_users = match_directors(
            mapped, export, columns, user_column, directors, file, first_line
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
        .when(pl.all_horizontal(pl.col(c).is_null() for c in _DATE_TEXTS))
        .then(pl.lit("completed but no completion date"))
        .when(pl.col("date").is_null() & pl.col("session_text").is_not_null())
        .then(pl.format("session date '{}' is not a date", pl.col("session_text")))
        .when(pl.col("date").is_null() & pl.col("completed_text").is_null())
        .then(pl.format("completed_on_timestamp '{}' is not Unix seconds", pl.col("stamp_text")))
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
    good = judged.filter(pl.col("problem").is_null()).sort("line")  # the export's order
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
        # one completion, one id: who, which course (as the mapping keys it), which day;
        # the mapping's event or hours may change, the id does not
        pl.concat_str(
            ["director_id", "course", pl.col("date").dt.to_string("%Y-%m-%d")], separator="|"
        ).alias("identity"),
        pl.col("session_text").is_not_null().alias("session_dated"),
    )
    session_dated = int(records["session_dated"].sum())
    records = records.with_columns(
        pl.col("identity").map_batches(_record_ids, return_dtype=pl.String).alias("record_id")
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
        header_skipped=header_skipped,
        date_note=rows_note(rows, columns),
        unknown_status=dict(unknown.iter_rows()),
        session_dated=session_dated,
        no_fixed_hours=no_fixed_hours,
    )


# the texts a row's date may come from, in the order they are preferred
_DATE_TEXTS = ("session_text", "stamp_text", "completed_text")


def _dated(rows: pl.DataFrame, setting: DateSetting | None, file: str) -> pl.DataFrame:
    """`date` for every row: the session date, else the timestamp, else the completion
    date, the texts read in the order the file proves (or --date-format gives)."""
    needs_text = pl.col("completed") & pl.col("stamp_date").is_null()
    texts = pl.concat(
        [
            rows.select("line", pl.col("completed_text").alias("text"), needs_text.alias("needed")),
            rows.select("line", pl.col("session_text").alias("text"), pl.col("completed")
                        .alias("needed")),
        ]
    )  # fmt: skip
    decision = decide_order(texts, setting, file)
    session_date = parse_date_text(pl.col("session_text"), decision.order, setting)
    completed_date = parse_date_text(pl.col("completed_text"), decision.order, setting)
    return rows.with_columns(
        pl.when(pl.col("session_text").is_not_null())
        .then(session_date)
        .otherwise(pl.coalesce(pl.col("stamp_date"), completed_date))
        .alias("date"),
        pl.lit(decision.said).alias("date_note"),
    )


def rows_note(rows: pl.DataFrame, columns: dict[str, str]) -> str:
    """How the dates were read: the order decided, and the timestamps used."""
    notes = [rows["date_note"][0]] if rows.height and rows["date_note"][0] else []
    stamped = rows.filter(pl.col("completed") & pl.col("stamp_date").is_not_null()).height
    if stamped:
        notes.append(
            f"{stamped} completion date(s) from '{columns['completed_timestamp']}' "
            f"(Unix seconds, read as {PORTAL_TIME_ZONE} time)"
        )
    return "; ".join(notes)


def _refuse_full_names(export: pl.DataFrame, column: str, file: str, first_line: int) -> None:
    """Without a directors list the user column becomes director_id: a column of full names
    ('Jane Smith') would make each name a director id that matches nobody."""
    names = (
        export.with_row_index("line", offset=first_line)
        .select("line", text_value(column).alias("user"))
        .filter(pl.col("user").str.contains(_FULL_NAME))
    )
    if names.height:
        line, name = names.row(0)
        raise UserError(
            f"the user column '{column}' of {file} holds full names (line {line}: '{name}'), "
            "not user ids: pass --data DIR to match users to the folder's directors, or "
            f"--user-column '{column}' if these names are the director_ids"
        )


def _check_dates_read(completed: pl.DataFrame, setting: DateSetting | None, file: str) -> None:
    """A --date-format that reads none of the completion dates is a wrong format, not
    bad rows: say so once instead of calling every date 'not a date'."""
    if setting is None:
        return
    written = completed.filter(
        pl.col("completed_text").is_not_null() & pl.col("stamp_date").is_null()
    )
    if written.height and written["date"].null_count() == written.height:
        first = written.row(0, named=True)
        raise UserError(
            f"--date-format '{setting.text}' reads none of the {written.height} completion "
            f"dates of {file} (line {first['line']} has '{first['completed_text']}'): "
            "fix --date-format or leave it out"
        )


def _record_ids(keys: pl.Series) -> pl.Series:
    """Stable ids: the same completion imported twice gets the same record_id (a SHA-1 of
    director, course and date; polars' own hash is not stable across versions)."""
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
    data_folder: str | Path | None = None,
) -> TalentImport:
    """`import_talentlms` on a CSV or XLSX export and a mapping file (default: the shipped one).

    With `data_folder`, users are matched to the folder's directors (by id, login or
    email) and the mapping's events may also come from the folder's events file.
    """
    read_date_setting(date_format)  # a bad --date-format stops before any file is read
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
    header = find_header_row(
        first_lines(export_path, sheet), {"user": user_column} if user_column else None
    )
    try:
        export = read_any(export_path, sheet, header.skipped)
    except UserError as problem:
        if not header.note:
            raise
        raise UserError(f"{problem} ({header.note})") from None
    return import_talentlms(
        export,
        mapping,
        file=export_path.name,
        date_format=date_format,
        user_column=user_column,
        directors=directors,
        header_skipped=header.skipped,
        header_note=header.note,
    )
