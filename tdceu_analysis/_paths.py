"""Where the package's shipped files live: the one place that knows the layout of data/.

Everything that ships with the package (the policy, the catalogue, the statewide
sample, the scenarios, the TalentLMS mapping, the reference list of school systems,
the notebooks and the page templates) is found through these functions, so a
reader finds the layout here and nowhere else. `data/` at the top of the repository
is a link to the same folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_path(*parts: str) -> Path:
    """A path inside the installed package (works from a wheel and an editable install)."""
    return Path(str(resources.files("tdceu_analysis").joinpath(*parts)))


def data_path(*parts: str) -> Path:
    """A path inside the package's data/ folder."""
    return package_path("data", *parts)


def sample_folder() -> Path:
    """The shipped statewide sample (used when a command gets no --data)."""
    return data_path("sample")


def policy_file() -> Path:
    """The shipped dated policy values (data/policy/parameters.toml)."""
    return data_path("policy", "parameters.toml")


def catalog_file() -> Path:
    """The shipped event catalogue (data/catalog/events.csv)."""
    return data_path("catalog", "events.csv")


def scenarios_folder() -> Path:
    """The shipped what-if scenarios (data/scenarios/*.toml)."""
    return data_path("scenarios")


def talentlms_folder() -> Path:
    """The shipped TalentLMS course mapping and example export."""
    return data_path("talentlms")


def reference_folder() -> Path:
    """Public reference facts (Alabama's school systems and the package's regions)."""
    return data_path("reference")


def notebooks_folder() -> Path:
    """The dashboard notebooks (they ship in the wheel)."""
    return package_path("notebooks")


def templates_folder() -> Path:
    """The nbconvert templates of the exported pages."""
    return package_path("report", "templates")


def init_templates_folder() -> Path:
    """The files `tdceu init` copies into a new data folder (README, empty directors/events)."""
    return data_path("templates", "init")


def school_systems_file() -> Path:
    """Alabama's 153 school systems with the package's codes and regions."""
    return reference_folder() / "alabama-school-systems-regions.csv"


def docs_folder() -> Path:
    """The rules (rules.md) and the data contract (data-contract.md), shipped with the package
    so that an installed copy has them; `docs/` of the repository links to the same files."""
    return data_path("docs")
