"""What is wrong, and what is only odd, in a data folder: `tdceu check`'s findings.

Frames in, findings out (no printing). The folder is read exactly as `evaluate`
reads it (`load_folder`); on top of its rejects (what is *wrong*: rows the
evaluation would leave out) this looks for what is *odd* but allowed:

- districts with no director in the year (vacancies, R9 scope);
- directors in scope with no record dated in the year;
- records whose director_id matches no director (TalentLMS users among them), by
  director_id: these are rejects too, listed per person so one fix covers their rows;
- events with records in the year but no approved row for that year (R4);
- sessions of the calendar whose event has no approved row for their year;
- a year with records or sessions but no approved external list, or a list that is only
  rows carried forward from the year before (said once, in words);
- records dated after the as-of date.

A folder may hold several records files: every finding names its file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis.catalog import rows_in_force
from tdceu_analysis.fiscal import fiscal_year, fiscal_year_of, fy_label, resolve_as_of
from tdceu_analysis.io.carry_forward import carried_forward_rows
from tdceu_analysis.io.contract import text_id
from tdceu_analysis.io.load import (
    SOURCE_LINE,
    InputData,
    find_records_files,
    load_folder,
    read_input,
)
from tdceu_analysis.policy import Policy, policy_origin
from tdceu_analysis.rules.status import in_scope

# How many line numbers a finding shows before "..."
SHOWN_LINES = 5

EXIT_OK = 0
EXIT_REJECTS = 1


@dataclass
class CheckReport:
    """The findings of one folder and fiscal year; each frame is empty when all is well."""

    source: str
    fiscal_year: int
    as_of: dt.date
    rows_read: dict[str, int]
    rejects: pl.DataFrame  # file, reason, rows, lines (first few), example
    unknown_directors: pl.DataFrame  # director_id, rows, lines, from_talentlms
    vacancies: pl.DataFrame  # district_code, district_name, region, vacant (how)
    no_records: pl.DataFrame  # director_id, name, district_code
    not_approved: pl.DataFrame  # event_id, fiscal_year, rows, directors
    after_as_of: pl.DataFrame  # file, line, record_id, director_id, date
    # file, line, session_id, event_id, fiscal_year, date, title
    sessions_not_approved: pl.DataFrame = field(default_factory=pl.DataFrame)
    # which policy values came from the folder's policy.toml (`policy_origin`)
    policy: str = ""
    # the file names read, by kind (several for records)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # sentences about the years' approved external lists (none, or only carried forward)
    approved_lists: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return int(self.rejects["rows"].sum()) if self.rejects.height else 0

    @property
    def exit_code(self) -> int:
        """0 when nothing would be rejected, 1 when rows would be (2 is 'cannot read')."""
        return EXIT_REJECTS if self.rejected_rows else EXIT_OK

    def sections(self) -> dict[str, pl.DataFrame]:
        return {
            "rejects": self.rejects,
            "unknown_directors": self.unknown_directors,
            "vacancies": self.vacancies,
            "no_records": self.no_records,
            "not_approved": self.not_approved,
            "sessions_not_approved": self.sessions_not_approved,
            "after_as_of": self.after_as_of,
        }

    def to_json(self) -> dict[str, Any]:
        """Plain values for `--json` (dates as ISO text)."""
        return {
            "data": self.source,
            "fiscal_year": self.fiscal_year,
            "as_of": self.as_of.isoformat(),
            "exit_code": self.exit_code,
            "rows_read": self.rows_read,
            "files": {kind: list(names) for kind, names in self.files.items()},
            "rejected_rows": self.rejected_rows,
            "policy": self.policy,
            "approved_lists": self.approved_lists,
            **{
                name: frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d")).to_dicts()
                for name, frame in self.sections().items()
            },
        }


def _lines_text(line: pl.Expr) -> pl.Expr:
    """'2, 5, 9' (the first few lines, '...' after them), inside an aggregation."""
    shown = line.sort().head(SHOWN_LINES).cast(pl.String).str.join(", ")
    return pl.when(line.len() > SHOWN_LINES).then(shown + ", ...").otherwise(shown)


def reason_kind(reason: pl.Expr) -> pl.Expr:
    """A reject reason with its values taken out, so that rows fail 'for the same reason'
    group together: "hours '30' is out of range" and "hours '0' ..." are one kind."""
    return (
        reason.str.replace_all(r"'[^']*'", "'…'")
        .str.replace_all(r"\bline \d+", "line …")
        .str.replace_all(r"\b(hours|role_end|role_start) [\d.\-]+", "$1 …")
    )


def group_rejects(rejects: pl.DataFrame) -> pl.DataFrame:
    """file, reason (kind), rows, lines, example: one row per file and kind of reason."""
    return (
        rejects.with_columns(reason_kind(pl.col("reason")).alias("kind"))
        .group_by("file", "kind")
        .agg(
            pl.len().alias("rows"),
            _lines_text(pl.col("line")).alias("lines"),
            pl.col("reason").sort_by("line").first().alias("example"),
            pl.col("line").min().alias("_first"),
        )
        .sort("file", "_first")
        .select("file", pl.col("kind").alias("reason"), "rows", "lines", "example")
    )


UNKNOWN_DIRECTORS_SCHEMA = {
    "director_id": pl.String,
    "rows": pl.UInt32,
    "lines": pl.String,
    "from_talentlms": pl.Boolean,
}


def unknown_directors(
    raw_records: pl.DataFrame | dict[str, pl.DataFrame], data: InputData, file: str = ""
) -> pl.DataFrame:
    """Records whose director_id is not an accepted director, one row per director_id.

    `raw_records`: one file's rows (named `file`), or several files' by name; `lines` names
    each file and its lines ("records.csv 4, 9; records-talentlms.csv 12").
    `from_talentlms`: the rows came from `tdceu import talentlms` (record ids `tl-...`):
    a TalentLMS user the directors file does not know.
    """
    parts = raw_records if isinstance(raw_records, dict) else {file: raw_records}
    known = data.directors.get_column("director_id").implode()
    found = []
    for name, raw in parts.items():
        if "director_id" not in raw.columns:
            continue
        offset = 2 if name.lower().endswith((".csv", ".xlsx")) else 1
        schema = raw.schema
        record_id = (
            text_id("record_id", schema["record_id"])
            if "record_id" in schema
            else pl.lit(None, pl.String)
        )
        # each row's line as the reader numbered it (a line it could not take is skipped)
        numbered = (
            raw.rename({SOURCE_LINE: "line"})
            if SOURCE_LINE in raw.columns
            else raw.with_row_index("line", offset=offset)
        )
        found.append(
            numbered.select(
                pl.lit(name).alias("file"),
                pl.col("line").cast(pl.Int64),
                text_id("director_id", schema["director_id"]).alias("director_id"),
                record_id.str.starts_with("tl-").fill_null(False).alias("talentlms"),
            )
        )
    if not found:
        return pl.DataFrame(schema=UNKNOWN_DIRECTORS_SCHEMA)
    rows = pl.concat(found).filter(
        pl.col("director_id").is_not_null() & ~pl.col("director_id").is_in(known)
    )
    several = len(parts) > 1
    per_file = (
        rows.group_by("director_id", "file", maintain_order=True)
        .agg(
            pl.len().alias("rows"),
            _lines_text(pl.col("line")).alias("lines"),
            pl.col("talentlms").any(),
            pl.col("line").min().alias("_first"),
        )
        .with_columns(
            (pl.col("file") + " " + pl.col("lines")).alias("lines") if several else pl.col("lines")
        )
    )
    return (
        per_file.group_by("director_id", maintain_order=True)
        .agg(
            pl.col("rows").sum(),
            pl.col("lines").str.join("; "),
            pl.col("talentlms").any().alias("from_talentlms"),
            pl.col("_first").first(),
        )
        .sort("_first")
        .drop("_first")
        .cast(UNKNOWN_DIRECTORS_SCHEMA)
    )


def sessions_not_approved(data: InputData) -> pl.DataFrame:
    """Calendar sessions whose event has no approved row for the session's fiscal year:
    attending one would count 0 hours (R4)."""
    sessions = data.sessions
    columns = ["file", "line", "session_id", "event_id", "fiscal_year", "date", "title"]
    if sessions.height == 0:
        return sessions.select(columns)
    years = sessions.get_column("fiscal_year").unique()
    approved = rows_in_force(data.events, years).filter(pl.col("approved"))
    return (
        sessions.join(
            approved.select("event_id", "fiscal_year"), on=["event_id", "fiscal_year"], how="anti"
        )
        .select(columns)
        .sort("line")
    )


def approved_list_sentences(
    data: InputData, years: list[int], carried: pl.DataFrame, folder: str
) -> list[str]:
    """One sentence per year among `years` that has records or sessions but no approved
    external list, or whose list is only rows carried forward from an earlier year."""
    policy = data.policy
    record_years = data.records.select(fiscal_year_of(pl.col("date"), policy).alias("fy"))
    sentences = []
    for year in sorted(set(years)):
        records = record_years.filter(pl.col("fy") == year).height
        sessions = data.sessions.filter(pl.col("fiscal_year") == year).height
        listed = data.events.filter(
            (pl.col("category") == "external") & (pl.col("fiscal_year") == year)
        )
        label = fy_label(year)
        if listed.height == 0 and (records or sessions):
            held = " and ".join(
                part
                for part in (
                    f"{records} record(s)" if records else "",
                    f"{sessions} session(s)" if sessions else "",
                )
                if part
            )
            sentences.append(
                f"{label} has {held} but no approved external list: every external event "
                f"counts 0 hours in {label} until its list is in events.csv. To start from "
                f"{fy_label(year - 1)}'s list until ALET confirms the new one: tdceu events "
                f"carry-forward --data {folder} --from {year - 1} --to {year}"
            )
        elif listed.height:
            marked = listed.join(carried, on=["event_id", "fiscal_year"], how="semi")
            if marked.height == listed.height:
                sentences.append(
                    f"{label}'s approved external list is only rows carried forward from an "
                    f"earlier year ({listed.height} row(s) noted 'carried forward' in "
                    f"events.csv): they count as approved until ALET confirms the {label} "
                    "list; then correct those rows and clear their note"
                )
    return sentences


def find_odd(
    data: InputData, fy: int, as_of: dt.date, today_or_as_of: dt.date, policy: Policy
) -> dict[str, pl.DataFrame]:
    """Vacancies, directors with no record, unapproved events, records after the as-of date.

    `as_of` is the evaluation's (never after the year's end); `today_or_as_of` the date a
    record may not be later than (the --as-of given, or today).
    """
    year = fiscal_year(fy, policy)
    # R9: a director is in the year's scope when they held the role on any day of it
    scoped = data.directors.filter(in_scope(year, as_of))
    # a vacancy: no director the whole year, or none on the as-of day (a gap still open)
    on_as_of = data.directors.filter(
        (pl.col("role_start") <= pl.lit(as_of))
        & (pl.col("role_end").is_null() | (pl.col("role_end") >= pl.lit(as_of)))
    )
    vacancies = (
        data.districts.join(on_as_of.select("district_code"), on="district_code", how="anti")
        .with_columns(
            pl.when(pl.col("district_code").is_in(scoped["district_code"].implode()))
            .then(pl.lit(f"no director on {as_of.isoformat()}"))
            .otherwise(pl.lit("no director all year"))
            .alias("vacant")
        )
        .select("district_code", "district_name", "region", "vacant")
        .sort("district_code")
    )
    records = data.records.with_columns(fiscal_year_of(pl.col("date"), policy).alias("fy"))
    this_year = records.filter(pl.col("fy") == fy)
    no_records = (
        scoped.join(this_year.select("director_id"), on="director_id", how="anti")
        .select("director_id", "name", "district_code")
        .sort("district_code", "director_id")
    )
    # R4: an event counts in a year only when the catalogue approves it for that year
    in_force = rows_in_force(data.events, [fy]).filter(pl.col("approved"))
    not_approved = (
        this_year.join(in_force.select("event_id"), on="event_id", how="anti")
        .group_by("event_id")
        .agg(pl.len().alias("rows"), pl.col("director_id").n_unique().alias("directors"))
        .with_columns(pl.lit(fy).alias("fiscal_year"))
        .select("event_id", "fiscal_year", "rows", "directors")
        .sort("rows", "event_id", descending=[True, False])
    )
    after = (
        records.filter(pl.col("date") > pl.lit(today_or_as_of))
        .select("file", "line", "record_id", "director_id", "date")
        .sort("date", "line")
    )
    return {
        "vacancies": vacancies,
        "no_records": no_records,
        "not_approved": not_approved,
        "after_as_of": after,
    }


def check_folder(
    folder: str | Path,
    fy: int,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> CheckReport:
    """Read `folder` as `evaluate` does and return what is wrong and what is odd in `fy`.

    A folder that cannot be read raises `UserError` (the command's exit code 2).
    """
    folder = Path(folder)
    # the policy exactly as `evaluate` takes it: the shipped values with the folder's policy.toml
    data = load_folder(folder)
    policy = data.policy.for_year(fy)
    year = fiscal_year(fy, policy)
    year_as_of = resolve_as_of(year, as_of, today)
    limit = as_of or today or dt.date.today()
    raw_records = {path.name: read_input(path).frame for path in find_records_files(folder)}
    unknown = unknown_directors(raw_records, data)
    odd = find_odd(data, fy, year_as_of, limit, policy)
    session_years = data.sessions.get_column("fiscal_year").unique().to_list()
    return CheckReport(
        source=str(folder),
        fiscal_year=fy,
        as_of=year_as_of,
        rows_read=dict(data.row_counts),
        rejects=group_rejects(data.rejects),
        unknown_directors=unknown,
        policy=policy_origin(policy),
        sessions_not_approved=sessions_not_approved(data),
        files=dict(data.files),
        approved_lists=approved_list_sentences(
            data, [fy, *session_years], carried_forward_rows(folder), str(folder)
        ),
        **odd,
    )
