"""What is wrong, and what is only odd, in a data folder: `tdceu check`'s findings.

Frames in, findings out (no printing). The folder is read exactly as `evaluate`
reads it (`load_folder`); on top of its rejects (what is *wrong*: rows the
evaluation would leave out) this looks for what is *odd* but allowed:

- districts with no director in the year (vacancies, R9 scope);
- directors in scope with no record dated in the year;
- records whose director_id matches no director (TalentLMS users among them), by
  director_id: these are rejects too, listed per person so one fix covers their rows;
- events with records in the year but no approved row for that year (R4);
- records dated after the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis.catalog import rows_in_force
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fiscal_year, fiscal_year_of, resolve_as_of
from tdceu_analysis.io.contract import text_id
from tdceu_analysis.io.load import InputData, find_input_file, load_folder, read_table
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
    # which policy values came from the folder's policy.toml (`policy_origin`)
    policy: str = ""

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
            "rejected_rows": self.rejected_rows,
            "policy": self.policy,
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


def unknown_directors(raw_records: pl.DataFrame, data: InputData, file: str) -> pl.DataFrame:
    """Records whose director_id is not an accepted director, one row per director_id.

    `from_talentlms`: the rows came from `tdceu import talentlms` (record ids `tl-...`):
    a TalentLMS user the directors file does not know.
    """
    if "director_id" not in raw_records.columns:
        return pl.DataFrame(
            schema={
                "director_id": pl.String,
                "rows": pl.UInt32,
                "lines": pl.String,
                "from_talentlms": pl.Boolean,
            }
        )
    offset = 2 if file.lower().endswith((".csv", ".xlsx")) else 1
    schema = raw_records.schema
    record_id = (
        text_id("record_id", schema["record_id"])
        if "record_id" in schema
        else pl.lit(None, pl.String)
    )
    known = data.directors.get_column("director_id").implode()
    return (
        raw_records.with_row_index("line", offset=offset)
        .select(
            pl.col("line").cast(pl.Int64),
            text_id("director_id", schema["director_id"]).alias("director_id"),
            record_id.str.starts_with("tl-").fill_null(False).alias("talentlms"),
        )
        .filter(pl.col("director_id").is_not_null() & ~pl.col("director_id").is_in(known))
        .group_by("director_id")
        .agg(
            pl.len().alias("rows"),
            _lines_text(pl.col("line")).alias("lines"),
            pl.col("talentlms").any().alias("from_talentlms"),
            pl.col("line").min().alias("_first"),
        )
        .sort("_first")
        .drop("_first")
    )


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
    if folder.is_dir() and find_input_file(folder, "records") is None:
        raise UserError(
            f"{folder} has no records file yet: write it with 'tdceu import talentlms EXPORT "
            f"--data {folder} --out {folder / 'records.csv'}' (or by hand: see its README.md)"
        )
    # the policy exactly as `evaluate` takes it: the shipped values with the folder's policy.toml
    data = load_folder(folder)
    policy = data.policy.for_year(fy)
    year = fiscal_year(fy, policy)
    year_as_of = resolve_as_of(year, as_of, today)
    limit = as_of or today or dt.date.today()
    records_path = find_input_file(folder, "records")
    if records_path is None:  # load_folder has refused a folder without one already
        raise UserError(f"{folder} has no records file")
    unknown = unknown_directors(read_table(records_path), data, records_path.name)
    odd = find_odd(data, fy, year_as_of, limit, policy)
    return CheckReport(
        source=str(folder),
        fiscal_year=fy,
        as_of=year_as_of,
        rows_read=dict(data.row_counts),
        rejects=group_rejects(data.rejects),
        unknown_directors=unknown,
        policy=policy_origin(policy),
        **odd,
    )
