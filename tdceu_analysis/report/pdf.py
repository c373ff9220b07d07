"""The board packet: one PDF of the summary and the pages, laid out by WeasyPrint.

WeasyPrint is a pip dependency (the `pdf` extra) that lays out HTML and SVG with no
browser; it needs the Pango library of the system (Debian: `libpango-1.0-0`,
`libpangoft2-1.0-0`; present on most desktops, installed by `.ci/run`). It runs no
JavaScript, so a page handed to `write_packet` draws its charts as inline SVG or
`<img>` (the SVGs the build writes per chart), not with vega.

Nothing is fetched from the network: the URL fetcher refuses every URL that is not a
local file or inline data, and a page that asks for one fails with a one-line error.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tdceu_analysis._paths import templates_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.io.write import write_file

PAPERS = {"letter": "letter", "a4": "A4"}
INSTALL_HINT = (
    'pip install "tdceu-analysis[pdf]" '
    "(and the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)
_LOCAL_SCHEMES = ("file:", "data:")


def print_css_file() -> Path:
    """The print stylesheet of the pages (Letter by default; see `paper_css`)."""
    return templates_folder() / "tdceu" / "print.css"


def paper_css(paper: str, first_page_number: int = 1) -> str:
    """The @page rule for `paper` ("letter" or "a4"), numbering pages from `first_page_number`
    (so the numbers run on through a packet of several pages)."""
    if paper not in PAPERS:
        raise UserError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    # the first page shows the counter's value as reset, so reset it to the number it shows
    return (
        f"@page {{ size: {PAPERS[paper]}; }}\n"
        f"@page :first {{ counter-reset: page {first_page_number}; }}\n"
    )


def renderer() -> Any:
    """WeasyPrint, or a one-line UserError saying how to install it."""
    return _weasyprint()


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the Pango library is missing
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UserError(f"--pdf needs WeasyPrint ({detail}); install with {INSTALL_HINT}") from None
    return weasyprint


def _offline_fetcher(weasyprint: Any, refused: list[str]) -> Any:
    """A URL fetcher that reads local files and inline data only; every other URL it
    refuses and notes in `refused` (WeasyPrint would only warn and leave a blank)."""

    class OfflineFetcher(weasyprint.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(_LOCAL_SCHEMES):
                refused.append(url)
                raise ValueError(f"network access refused: {url}")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols={"file", "data"})


def _offline_renderer(paper: str) -> tuple[Any, Any, list[str], Any]:
    """What every PDF of the build is laid out with, once `paper` is known to be one we
    have: WeasyPrint, its offline URL fetcher, the list of URLs it refused (filled as it
    goes) and the print stylesheet."""
    if paper not in PAPERS:
        raise UserError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    weasyprint = _weasyprint()
    refused: list[str] = []
    fetcher = _offline_fetcher(weasyprint, refused)
    print_css = weasyprint.CSS(filename=str(print_css_file()), url_fetcher=fetcher)
    return weasyprint, fetcher, refused, print_css


def _running_header(text: str) -> str:
    return f'<p class="tdceu-running">{html.escape(text)}</p>'


def _page_source(page: Path | str, header: str | None) -> tuple[str, str | None]:
    """The page's HTML and the base URL its relative links resolve against."""
    if isinstance(page, Path):
        if not page.is_file():
            raise UserError(f"no page to put in the PDF packet: {page} does not exist")
        text = page.read_text(encoding="utf-8")
        base = page.resolve().parent.as_uri() + "/"
    else:
        text, base = page, None
    if header is not None:
        text = _running_header(header) + text
    return text, base


def write_document(
    text: str, out: Path, sections: Sequence[str], paper: str = "letter"
) -> list[int]:
    """One PDF of `text` (the whole packet as one HTML document, so its links between
    pages are live link annotations and "Page N of M" counts every page); returns the
    printed pages each of `sections` (element ids, in order) took. A missing renderer or
    a network resource is a one-line UserError."""
    weasyprint, fetcher, refused, print_css = _offline_renderer(paper)
    numbering = weasyprint.CSS(string=paper_css(paper))
    document = weasyprint.HTML(string=text, url_fetcher=fetcher).render(
        stylesheets=[print_css, numbering], presentational_hints=True
    )
    if refused:
        raise UserError(
            f"the PDF packet loads nothing from the network; a page asks for {refused[0]}"
        )
    starts = {
        anchor: number
        for number, page in reversed(list(enumerate(document.pages)))
        for anchor in page.anchors
    }
    firsts = [starts[section] for section in sections] + [len(document.pages)]
    out.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(out)
    return [after - first for first, after in itertools.pairwise(firsts)]


def write_packet(
    pages: Sequence[Path | str],
    out: Path,
    paper: str = "letter",
    header: str | None = None,
    counts: list[int] | None = None,
) -> Path:
    """One PDF of `pages` in order (the summary first), page numbers in every footer, and in
    every header the page's `.tdceu-header h1` and its `.tdceu-running` line (year, as-of date,
    data; `header`, when given, is put in each page as that line).

    A page is a path to an HTML file (its relative images resolve next to it) or an HTML
    string. Returns `out`. A missing renderer or page, or a page that asks for a network
    resource, is a one-line UserError."""
    if not pages:
        raise UserError("the PDF packet needs at least one page")
    weasyprint, fetcher, refused, print_css = _offline_renderer(paper)
    documents = []
    next_number = 1
    for page in pages:
        text, base = _page_source(page, header)
        numbering = weasyprint.CSS(string=paper_css(paper, next_number))
        document = weasyprint.HTML(string=text, base_url=base, url_fetcher=fetcher).render(
            stylesheets=[print_css, numbering], presentational_hints=True
        )
        if refused:
            raise UserError(
                f"the PDF packet loads nothing from the network; page {len(documents) + 1} "
                f"asks for {refused[0]}"
            )
        documents.append(document)
        next_number += len(document.pages)
        if counts is not None:  # the printed pages each page took, for the caller
            counts.append(len(document.pages))
    every_page = [rendered for document in documents for rendered in document.pages]
    # whole or not at all: a packet cut short by a full disk is never left behind
    return write_file(out, documents[0].copy(every_page).write_pdf)
