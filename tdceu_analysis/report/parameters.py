"""What every page of a build is made with (data folder, year, as-of date, build time), settled
once before any notebook runs, and the footer that says it on every page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdceu_analysis import __version__
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import current_fiscal_year, fiscal_year, resolve_as_of
from tdceu_analysis.io.load import load_folder
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
        }

    @property
    def data_label(self) -> str:
        if self.data_dir is None:
            return f"{sample_folder()} (the shipped sample)"
        return str(self.data_dir)


def resolve_parameters(
    data_dir: str | Path | None,
    fy: int | None,
    as_of: dt.date | None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> BuildParameters:
    """Check the data folder and settle the year and as-of date once, for every page."""
    folder = Path(data_dir).resolve() if data_dir is not None else None
    if folder is not None and not folder.is_dir():
        raise UserError(f"data folder {data_dir} does not exist (or is not a folder)")
    data = load_folder(folder or sample_folder())  # a broken folder fails here, not in a kernel
    year = fy if fy is not None else current_fiscal_year(as_of or today, data.policy)
    # the year's dates from the folder's policy (its policy.toml included), as evaluate reads it
    settled = resolve_as_of(fiscal_year(year, data.policy.for_year(year)), as_of, today)
    moment = now or dt.datetime.now(dt.UTC)
    note = policy_origin(data.policy) if data.policy.folder_values() else ""
    return BuildParameters(folder, year, settled, moment.strftime("%Y-%m-%d %H:%M UTC"), fy, note)


def footer(parameters: BuildParameters) -> str:
    """The line at the foot of every page and of the index."""
    return (
        f"tdceu-analysis {__version__}. FY{parameters.fy % 100:02d} as of "
        f"{parameters.as_of}; data: {parameters.data_label}; built {parameters.built_at}. "
        + (f"{parameters.policy_note}. " if parameters.policy_note else "")
        + "Open offline: this page loads nothing from the network."
    )
