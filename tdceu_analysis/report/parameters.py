"""What every page of a build is made with (data folder, year, as-of date, build time), settled
once before any notebook runs, and the footer that says it on every page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis import __version__
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import years_with_records
from tdceu_analysis.fiscal import current_fiscal_year, fiscal_year, fy_label, resolve_as_of
from tdceu_analysis.io.load import load_folder, records_files_note
from tdceu_analysis.policy import policy_origin


@dataclass(frozen=True)
class BuildParameters:
    """What every page is built with (and says on its face)."""

    data_dir: Path | None
    fy: int
    as_of: dt.date
    built_at: str
    fy_given: int | None = None  # --fy as given: a notebook may default otherwise (05)
    # which policy values came from the folder's policy.toml (`policy_origin`); "" if none
    policy_note: str = ""
    redact: bool = False  # a public build: state and region figures only (PUBLIC_BUILD)
    years: tuple[int, ...] = ()  # an every-year build's years (empty: --fy, one year)
    records_files: tuple[str, ...] = ()  # the records files read (named when several)

    def for_year(self, fy: int) -> BuildParameters:
        """The parameters of one year's pages in an every-year build."""
        return dataclasses.replace(self, fy=fy, fy_given=fy)

    @property
    def covered(self) -> tuple[int, ...]:
        """The years these pages cover: every year of an every-year build on its summary and
        index, else the one year of the page."""
        return tuple(sorted(self.years)) if self.years and self.fy_given is None else (self.fy,)

    @property
    def years_label(self) -> str:
        """The covered years as pages name them: "FY26" or "FY25, FY26, FY27"."""
        return ", ".join(fy_label(fy) for fy in self.covered)

    @property
    def running(self) -> str:
        """The line at the top of every printed page: year, as-of date, data."""
        return f"{self.years_label} · as of {self.as_of} · data: {self.data_label}"

    def notebook_values(self) -> dict[str, Any]:
        """The notebooks' parameters. The as-of date is settled once for every page;
        the year goes as given, so each page defaults the same way it does in JupyterLab
        (the year of the as-of date, or the last closed one for the what-if page)."""
        return {
            "data_dir": str(self.data_dir) if self.data_dir is not None else None,
            "fy": self.fy_given,
            "as_of": self.as_of.isoformat(),
            "live": False,
            "built_at": self.built_at,
            "redact": self.redact,
        }

    @property
    def data_label(self) -> str:
        """The data as pages name it: no machine path on any page (it may be shared)."""
        files = records_files_note(self.records_files)
        if self.data_dir is None:
            return "the shipped sample" + files
        return (self.data_dir.name or str(self.data_dir)) + files


def _no_records(data: Any, year: int, as_of: dt.date, folder: Path | None) -> str:
    """One true sentence for a year whose pages would have no record to show: no year up
    to it has any (the year-over-year figures need one), said before any page is written."""
    name = "the shipped sample" if folder is None else folder.name
    later = data.records.filter(pl.col("date") > as_of).get_column("date").min()
    where = ""
    if later is not None:
        first = fy_label(current_fiscal_year(later, data.policy))
        where = f"; its first record is dated {later.isoformat()}, in {first}"
    return (
        f"{name} has no record dated on or before {as_of.isoformat()}, so the pages of "
        f"{fy_label(year)} would have nothing to show{where}: choose that year with --fy, or "
        "leave out --fy for every year with records"
    )


def resolve_parameters(
    data_dir: str | Path | None,
    fy: int | None,
    as_of: dt.date | None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    redact: bool = False,
    every_year: bool = False,
) -> BuildParameters:
    """Check the data folder and settle the year and as-of date once, for every page.

    With `every_year` (and no `fy`), `years` lists every fiscal year with records that has
    begun by the as-of date (the current year when none has), newest last."""
    folder = Path(data_dir).resolve() if data_dir is not None else None
    if folder is not None and not folder.is_dir():
        raise UserError(f"data folder {data_dir} does not exist (or is not a folder)")
    data = load_folder(folder or sample_folder())  # a broken folder fails here, not in a kernel
    year = fy if fy is not None else current_fiscal_year(as_of or today, data.policy)
    # the year's dates from the folder's policy (its policy.toml included), as evaluate reads it
    policy = data.policy.for_year(year)
    settled = resolve_as_of(fiscal_year(year, policy), as_of, today)
    moment = now or dt.datetime.now(dt.UTC)
    note = policy_origin(data.policy) if data.policy.folder_values() else ""
    if not years_with_records(data, settled, policy):  # before any page is written
        raise UserError(_no_records(data, year, settled, folder))
    years: tuple[int, ...] = ()
    if every_year and fy is None:
        # R11: the years a reader can pick at the as-of date, each evaluated at it
        years = tuple(years_with_records(data, settled, policy)) or (year,)
    return BuildParameters(
        folder,
        year,
        settled,
        moment.strftime("%Y-%m-%d %H:%M UTC"),
        fy,
        note,
        redact,
        years,
        records_files=data.files.get("records", ()),
    )


def footer(parameters: BuildParameters) -> str:
    """The line at the foot of every page and of the index: the years it covers (every year
    of an every-year build on the summary and index; one year's pages keep their year)."""
    return (
        f"tdceu-analysis {__version__}. {parameters.years_label} as of "
        f"{parameters.as_of}; data: {parameters.data_label}; built {parameters.built_at}. "
        + (f"{parameters.policy_note}. " if parameters.policy_note else "")
        + (f"Public build: {PUBLIC_BUILD}. " if parameters.redact else "")
    ).rstrip()


# What a public build (--redact) shows, said on its pages and index.
PUBLIC_BUILD = "state and region figures only (no one director's row; pages 03 and 04 left out)"

# Said on screen only (the templates' .tdceu-offline, not printed): on paper it says nothing.
OFFLINE_NOTE = "Open offline: this page loads nothing from the network."
