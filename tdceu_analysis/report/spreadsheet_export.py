"""Exports people hand on: the state report (R12) and the at-risk list for staff.

Each export is built as frames first (`state_report`, `at_risk_export`: pure,
from an `Evaluation`) and written at the edge (`write_export`: CSV or XLSX by
the file's suffix). Every file says on its face what it is: the fiscal year,
the as-of date, the data folder and whether it is provisional, both in title
lines / an About sheet (XLSX) and in columns on every row (CSV and XLSX).

Safety: text that a spreadsheet would run as a formula is neutralised
(`io.write`), CSV is UTF-8 with a byte-order mark so Excel reads accents, and
`redact=True` replaces names with director ids for anything leaving ALET.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tdceu_analysis import __version__
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.at_risk import at_risk_table
from tdceu_analysis.io.load import records_files_note
from tdceu_analysis.io.write import write_csvs, write_xlsx
from tdceu_analysis.policy import policy_origin, value_text
from tdceu_analysis.vocabulary import cto_label, status_label

EXPORT_SUFFIXES = (".csv", ".xlsx")
STATE_MET_COLUMNS = (
    "fiscal_year",
    "director_id",
    "name",
    "district_code",
    "district_name",
    "alet_hours",
    "external_hours",
    "total_hours",
)
STATE_NOT_MET_COLUMNS = (
    *STATE_MET_COLUMNS,
    "hours_needed",
    "alet_hours_needed",
    "status",
)
# On every row of every export (with as_of, provisional and data_folder), when the data
# folder's policy.toml changed any value: which (policy_origin)
POLICY_COLUMN = "policy"


@dataclass(frozen=True)
class Export:
    """Frames ready to write: data sheets in order (the first is the CSV's main file)."""

    kind: str
    heading: tuple[str, ...]
    sheets: dict[str, pl.DataFrame]
    about: pl.DataFrame

    def sheet(self, name: str) -> pl.DataFrame:
        return self.sheets[name]


def redact_names(frame: pl.DataFrame) -> pl.DataFrame:
    """Names replaced by director ids (the `name` column keeps its place)."""
    if "name" not in frame.columns:
        return frame
    if "director_id" not in frame.columns:
        raise ValueError("cannot redact names without a director_id column")
    return frame.with_columns(pl.col("director_id").alias("name"))


def data_name(source: str | Path) -> str:
    """The data as the pages name it: "the shipped sample", or the data folder's own name
    (a full path names the machine it was built on, even whose home it was)."""
    folder = Path(source).resolve()
    if folder == sample_folder().resolve():
        return "the shipped sample"
    return folder.name or str(source)


def _data_folder(evaluation: Evaluation, redact: bool = False) -> str:
    """The data folder as every page and file names it (`data_name`), redacted or not, and
    which records files were read."""
    return data_name(evaluation.source) + records_files_note(evaluation.records_files)


def _in_words(frame: pl.DataFrame, evaluation: Evaluation) -> pl.DataFrame:
    """A people-facing sheet: the status (and CTO Academy status) in the pages' words, the
    code kept in an extra `..._code` column at the end for a script that needs it."""
    words = []
    codes = []
    if "status" in frame.columns:
        words.append(status_label())
        codes.append(pl.col("status").alias("status_code"))
    if "cto_academy_status" in frame.columns:
        words.append(cto_label(evaluation.policy))
        codes.append(pl.col("cto_academy_status").alias("cto_academy_status_code"))
    return frame.with_columns(*codes).with_columns(*words)


def _with_provenance(
    frame: pl.DataFrame, evaluation: Evaluation, provisional: bool, redact: bool
) -> pl.DataFrame:
    frame = redact_names(frame) if redact else frame
    from_folder = (
        [pl.lit(policy_origin(evaluation.policy)).alias(POLICY_COLUMN)]
        if evaluation.policy.folder_values()
        else []
    )
    return frame.with_columns(
        pl.lit(evaluation.as_of).alias("as_of"),
        pl.lit(provisional).alias("provisional"),
        pl.lit(_data_folder(evaluation, redact)).alias("data_folder"),
        *from_folder,
    )


def _overrides_text(evaluation: Evaluation) -> str | None:
    overrides = evaluation.policy.overrides
    if not overrides:
        return None
    return "WHAT-IF: policy values changed from the published policy: " + ", ".join(
        f"{name} = {value_text(value)}" for name, value in overrides.items()
    )


def _policy_lines(evaluation: Evaluation) -> list[str]:
    """What the heading says of the policy: the folder's values and a what-if's, if any."""
    lines = [policy_origin(evaluation.policy)] if evaluation.policy.folder_values() else []
    overrides = _overrides_text(evaluation)
    return [*lines, *([overrides] if overrides else [])]


def _policy_about(evaluation: Evaluation) -> str:
    """The About sheet's policy row: where the values came from, and any what-if change."""
    origin = policy_origin(evaluation.policy)
    if not evaluation.policy.folder_values():
        origin = "as published (data/policy/parameters.toml)"
    overrides = _overrides_text(evaluation)
    return f"{origin}; {overrides}" if overrides else origin


def _requirement_line(evaluation: Evaluation) -> str:
    """'Met = at least 12 counted hours, at least 6 of them from ALET events.' (the year's)"""
    policy = evaluation.policy
    return (
        f"Met = at least {value_text(policy.hours('annual_minimum_hours'))} counted hours, "
        f"at least {value_text(policy.hours('alet_minimum_hours'))} of them from ALET events; "
        f"external events count at most {value_text(policy.hours('external_maximum_hours'))}."
    )


def _year_line(evaluation: Evaluation) -> str:
    fiscal = evaluation.fiscal_year
    return (
        f"{fiscal.label} ({fiscal.start.isoformat()} to {fiscal.end.isoformat()}), "
        f"as of {evaluation.as_of.isoformat()}"
    )


def _about(
    evaluation: Evaluation,
    report: str,
    provisional: bool | None,
    redact: bool,
    counts: dict[str, int],
    generated_on: dt.date,
) -> pl.DataFrame:
    fiscal = evaluation.fiscal_year
    rows = [
        ("report", report),
        ("fiscal year", fiscal.label),
        ("period", f"{fiscal.start.isoformat()} to {fiscal.end.isoformat()}"),
        ("as of", evaluation.as_of.isoformat()),
        (
            "year",
            "closed"
            if evaluation.closed
            else f"open ({(fiscal.end - evaluation.as_of).days} days left)",
        ),
        *(
            []
            if provisional is None
            else [
                (
                    "provisional",
                    "yes: the year is still open and this list will change"
                    if provisional
                    else "no",
                )
            ]
        ),
        ("data folder", _data_folder(evaluation, redact)),
        *[(name, str(count)) for name, count in counts.items()],
        (
            "rejected input rows",
            f"{evaluation.rejects.height}"
            + (
                " (their hours are not counted; `tdceu evaluate` lists them in rejects.csv)"
                if evaluation.rejects.height
                else ""
            ),
        ),
        ("names", "replaced by director ids (redacted)" if redact else "shown"),
        ("requirement", _requirement_line(evaluation)),
        ("policy", _policy_about(evaluation)),
        ("generated on", generated_on.isoformat()),
        ("generated by", f"tdceu-analysis {__version__}"),
    ]
    return pl.DataFrame(rows, schema={"item": pl.String, "value": pl.String}, orient="row")


def state_report(
    evaluation: Evaluation,
    *,
    provisional: bool = False,
    redact: bool = False,
    generated_on: dt.date | None = None,
) -> Export:
    """R12: who met the year (for ALSDE's PowerSchool Learning course), and who did not.

    A year still open at the as-of date is refused unless `provisional`; the
    export then says PROVISIONAL in its title, its About sheet and every row.
    """
    fiscal = evaluation.fiscal_year
    if evaluation.before_requirement:
        start = evaluation.policy.date("requirement_start").isoformat()
        raise UserError(
            f"{fiscal.label} ended before TD-CEU hours began on {start}: there is no "
            "requirement to report for it"
        )
    if not evaluation.closed and not provisional:
        raise UserError(
            f"{fiscal.label} is still open on {evaluation.as_of.isoformat()} (it ends "
            f"{fiscal.end.isoformat()}): the state report is for a closed year; "
            "use --provisional for a provisional list, marked as such"
        )
    provisional = not evaluation.closed
    summary = evaluation.summary.sort("district_name", "name", "director_id", nulls_last=True)
    met = summary.filter(pl.col("status") == "met").select(STATE_MET_COLUMNS)
    not_met = summary.filter(pl.col("status") != "met").select(STATE_NOT_MET_COLUMNS)
    minimum = value_text(evaluation.policy.hours("annual_minimum_hours"))
    heading = [
        f"ALET TD-CEU report to ALSDE: {_year_line(evaluation)}",
        "PROVISIONAL: the year is still open; this list will change before "
        f"{fiscal.end.isoformat()}."
        if provisional
        else "Final: the fiscal year is closed.",
        _requirement_line(evaluation),
        f"Data folder: {_data_folder(evaluation, redact)}",
    ]
    if redact:
        heading.append("Names replaced by director ids (redacted).")
    heading.extend(_policy_lines(evaluation))
    counts = {"directors in scope": summary.height, "met": met.height, "not met": not_met.height}
    return Export(
        kind="state",
        heading=tuple(heading),
        sheets={
            "Met": _with_provenance(met, evaluation, provisional, redact),
            "Not met": _with_provenance(
                _in_words(not_met, evaluation), evaluation, provisional, redact
            ),
        },
        about=_about(
            evaluation,
            f"directors who met the {minimum}-hour TD-CEU requirement, and those who did not",
            provisional,
            redact,
            counts,
            generated_on or dt.date.today(),
        ),
    )


def at_risk_export(
    evaluation: Evaluation, *, redact: bool = False, generated_on: dt.date | None = None
) -> Export:
    """The at-risk list for staff who call directors, most urgent first."""
    table = at_risk_table(evaluation)
    days_left = (evaluation.fiscal_year.end - evaluation.as_of).days
    who = (
        "directors who did not meet the requirement"
        if evaluation.closed
        else f"directors who have not met the requirement yet ({days_left} days left)"
    )
    heading = [
        f"ALET TD-CEU at-risk list: {_year_line(evaluation)}",
        f"{who}, most urgent first: {table.height}",
        f"Data folder: {_data_folder(evaluation, redact)}",
    ]
    if redact:
        heading.append("Names replaced by director ids (redacted).")
    heading.extend(_policy_lines(evaluation))
    counts = {"directors in scope": evaluation.summary.height, "listed": table.height}
    counts |= {
        status: table.filter(pl.col("status") == status).height
        for status in table.get_column("status").unique(maintain_order=True).to_list()
    }
    listed = _in_words(table.drop("left_on"), evaluation)
    sheet = _with_provenance(listed, evaluation, False, redact).drop("provisional")
    return Export(
        kind="at-risk",
        heading=tuple(heading),
        sheets={
            "At risk": sheet.select(
                pl.lit(evaluation.fy, dtype=pl.Int32).alias("fiscal_year"), pl.all()
            )
        },
        about=_about(evaluation, who, None, redact, counts, generated_on or dt.date.today()),
    )


def _sibling(path: Path, sheet: str) -> Path:
    slug = "-".join(sheet.lower().split())
    return path.with_name(f"{path.stem}-{slug}{path.suffix}")


def export_format(path: str | Path) -> str:
    """'csv' or 'xlsx' from the file's suffix; anything else is refused."""
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise UserError(f"'{Path(path).name}': write the export to a .csv or .xlsx file")
    return suffix.lstrip(".")


def _all_sheets(export: Export) -> dict[str, pl.DataFrame]:
    return {**export.sheets, "About": export.about}


def export_paths(export: Export, path: str | Path) -> list[Path]:
    """The files `write_export` writes: one XLSX, or one CSV per sheet.

    CSV: the first sheet at `path`, the others (and the About sheet, which says what the
    file is even when a list is empty) beside it: `state.csv`, `state-not-met.csv`,
    `state-about.csv`.
    """
    path = Path(path)
    if export_format(path) == "xlsx":
        return [path]
    names = list(_all_sheets(export))
    return [path, *[_sibling(path, name) for name in names[1:]]]


def write_export(export: Export, path: str | Path) -> list[Path]:
    """Write the export: XLSX with title lines and an About sheet, or CSV (UTF-8 with BOM)."""
    paths = export_paths(export, path)
    sheets = _all_sheets(export)
    if export_format(paths[0]) == "xlsx":
        titles = dict.fromkeys(export.sheets, export.heading)
        return [write_xlsx(sheets, paths[0], titles=titles)]
    # the sheets' CSV files are renamed into place together: none is left half-written
    return write_csvs(dict(zip(paths, sheets.values(), strict=True)), bom=True)
