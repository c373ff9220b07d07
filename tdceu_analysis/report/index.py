"""The index page of a build: a link to each dashboard with its title and summary, and the
facts every page shares. The markup is `templates/site/index.html.j2`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from tdceu_analysis import __version__
from tdceu_analysis._paths import templates_folder
from tdceu_analysis.fiscal import fy_label
from tdceu_analysis.report.export import content_security_policy, page_css
from tdceu_analysis.report.parameters import BuildParameters, footer


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


def index_page(parameters: BuildParameters, pages: Sequence[Any], out: Path) -> str:
    """The page that links the dashboards (`pages`: the build's `Page`s), with the facts
    they share."""
    from markupsafe import Markup

    links = []
    for page in pages:
        folder = page.images[0].parent.relative_to(out).as_posix() if page.images else ""
        links.append(
            {
                "file": page.html.name,
                "title": page.title,
                "description": page.description,
                "folder": folder,
                "charts": len(page.images) // 2,  # an SVG and a PNG each
            }
        )
    facts = [
        ("Fiscal year", fy_label(parameters.fy)),
        ("As of", parameters.as_of.isoformat()),
        ("Data folder", parameters.data_label),
        ("Built", parameters.built_at),
        ("Package", f"tdceu-analysis {__version__}"),
    ]
    return index_template().render(
        csp=Markup(content_security_policy([])),  # written here, not from the data
        css=Markup(page_css()),
        facts=facts,
        pages=links,
        footer=footer(parameters),
    )
