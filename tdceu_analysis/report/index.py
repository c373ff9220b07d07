"""The index page of a build: a link to each dashboard with its title and summary, and the
facts every page shares. The markup is `templates/site/index.html.j2`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from tdceu_analysis import __version__
from tdceu_analysis._paths import templates_folder
from tdceu_analysis.fiscal import fiscal_year, fy_label
from tdceu_analysis.policy import load_policy
from tdceu_analysis.report.html_export import content_security_policy, page_css
from tdceu_analysis.report.parameters import (
    OFFLINE_NOTE,
    PUBLIC_BUILD,
    BuildParameters,
    footer,
)


@cache
def index_template() -> Any:
    """The index's Jinja template, compiled once; values are escaped unless marked safe."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_folder() / "site"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("index.html.j2")


def _link(page: Any, out: Path) -> dict[str, Any]:
    folder = page.images[0].parent.relative_to(out).as_posix() if page.images else ""
    return {
        "file": page.html.relative_to(out).as_posix()
        if page.html.is_relative_to(out)
        else page.html.name,
        "title": page.title,
        "description": page.description,
        "folder": folder,
        "charts": len(page.images) // 2,  # an SVG and a PNG each
    }


def _year_note(parameters: BuildParameters, fy: int, lead: tuple[int, ...]) -> str:
    """What a year's heading says: its dates and whether it is closed or open."""
    year = fiscal_year(fy, load_policy(fy))
    state = "closed" if parameters.as_of >= year.end else f"open on {parameters.as_of}"
    role = ""
    if lead and fy == lead[0] and state == "closed":
        role = ": the last closed year"
    elif fy == max(parameters.years):
        role = ": the current year"
    return f"{fy_label(fy)}: {year.start} to {year.end} ({state}){role}"


def index_page(
    parameters: BuildParameters,
    pages: Sequence[Any],
    out: Path,
    order: Sequence[int] = (),
    packet: str | None = None,
) -> str:
    """The page that links the dashboards (`pages`: the build's `Page`s), with the facts
    they share. In an every-year build (`parameters.years`) the summary comes first, then
    each year's pages under its heading, years in `order` (the last closed year and the
    current one first); `packet`: the PDF packet's file name, when written."""
    from markupsafe import Markup

    summary = None
    groups: list[dict[str, Any]] = []
    if parameters.years:
        years = list(order) or sorted(parameters.years, reverse=True)
        for page in pages:
            if page.fy is None:
                summary = _link(page, out) | {"packet": packet}
        for fy in years:
            shown = [_link(page, out) for page in pages if page.fy == fy]
            groups.append(
                {
                    "heading": f"{fy_label(fy)} dashboards",
                    "anchor": fy_label(fy),
                    "note": _year_note(parameters, fy, tuple(years)),
                    "pages": shown,
                }
            )
        year_fact = parameters.years_label
    else:
        groups.append({"heading": "", "pages": [_link(page, out) for page in pages]})
        year_fact = fy_label(parameters.fy)
    facts = [
        ("Fiscal year" if not parameters.years else "Fiscal years", year_fact),
        ("As of", parameters.as_of.isoformat()),
        ("Data folder", parameters.data_label),
        *([("Public build", PUBLIC_BUILD)] if parameters.redact else []),
        ("Built", parameters.built_at),
        ("Package", f"tdceu-analysis {__version__}"),
    ]
    running = parameters.running
    return index_template().render(
        csp=Markup(content_security_policy([])),  # written here, not from the data
        css=Markup(page_css()),
        facts=facts,
        running=running,
        summary=summary,
        groups=groups,
        footer=footer(parameters),
        offline=OFFLINE_NOTE,
    )
