"""`tdceu statements`: one offline page per director, an index, the PDF, the CSV files.

- `OUT/<safe director_id>.html`: the director's statement (`figures.statement`), one
  printed page, no script at all and a Content-Security-Policy that forbids every request.
- `OUT/index.html`: everyone in scope with their status and plan in short, in district
  order, each linking to their page.
- `OUT/statements.pdf` (with `pdf=True`): one director per printed page, district order.
- `OUT/plans.csv`, `OUT/reminders.csv`: the data contract's columns, formula-safe.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tdceu_analysis import __version__
from tdceu_analysis.figures.html import PAGE_CSS, esc, escaped, html_table, status_badge_cell
from tdceu_analysis.figures.statement import STATEMENT_CSS, at_risk_plan_column, statement
from tdceu_analysis.io.load import InputData
from tdceu_analysis.io.write import write_csv
from tdceu_analysis.plans import Plans
from tdceu_analysis.plans.reminders import plans_csv, reminders
from tdceu_analysis.report.html_export import content_security_policy
from tdceu_analysis.vocabulary import STATUS_LABELS

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
PLAN_STATUS_WORDS = {"met": "Met: nothing needed", "plan": "Plan", "no_plan": "No plan"}


def describe_folder(data_dir: Path | None) -> str:
    """The data as the pages name it: "the shipped sample" or the folder's own name (a page
    may be shared: no machine path), as the board pages do."""
    if data_dir is None:
        return "the shipped sample"
    return Path(data_dir).resolve().name or str(data_dir)


def safe_file_name(director_id: str) -> str:
    """A file name for a director's page: the id when it is plain letters, digits, - and _;
    otherwise those characters and a short hash of the id (two ids never share a name)."""
    plain = _UNSAFE.sub("_", director_id)[:60] or "director"
    if plain == director_id:
        return f"{plain}.html"
    digest = hashlib.sha256(director_id.encode("utf-8")).hexdigest()[:8]
    return f"{plain}-{digest}.html"


def _page(title: str, body: str, running: str) -> str:
    """A whole offline page: no script, no request (CSP), printable."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy([])}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        f"<style>{PAGE_CSS}{STATEMENT_CSS}"
        "body{max-width:1100px;margin:16px auto;padding:0 16px;}"
        ".tdceu-table-wrap{max-height:none;}"
        "@page{size:letter;margin:12mm 12mm 12mm 12mm;}"
        "@media print{body{margin:0;padding:0;max-width:none;} .tdceu-no-print{display:none;}}"
        "</style></head>"
        f'<body class="tdceu"><p class="tdceu-running">{esc(running)}</p>{body}</body></html>\n'
    )


@dataclass(frozen=True)
class StatementsWritten:
    pages: int
    index: Path
    plans_csv: Path
    reminders_csv: Path
    pdf: Path | None


def running_line(plans: Plans, data_label: str) -> str:
    evaluation = plans.evaluation
    fiscal = evaluation.fiscal_year
    return (
        f"{fiscal.label} ({fiscal.start} to {fiscal.end}) · as of {evaluation.as_of} · "
        f"data: {data_label} · tdceu-analysis {__version__}"
    )


def district_order(plans: Plans) -> pl.DataFrame:
    """Everyone in scope in district order (then name, id), with their file name."""
    return (
        plans.evaluation.summary.select(
            "director_id", "name", "district_name", "region", "status", "hours_needed"
        )
        .join(at_risk_plan_column(plans), on="director_id", how="left")
        .sort("district_name", "name", "director_id")
        .with_columns(
            pl.col("director_id")
            .map_elements(safe_file_name, return_dtype=pl.String)
            .alias("file_name")
        )
    )


def index_page(plans: Plans, order: pl.DataFrame, data_label: str) -> str:
    evaluation = plans.evaluation
    counts = order.group_by("plan_status").len()
    count = dict(counts.iter_rows())
    link = pl.concat_str(
        pl.lit('<a href="'),
        escaped(pl.col("file_name")),
        pl.lit('">'),
        escaped(pl.col("name")),
        pl.lit("</a>"),
    )
    table = html_table(
        order.with_columns(
            pl.col("plan_status").replace_strict(PLAN_STATUS_WORDS, default="").alias("plan_word")
        ),
        {
            "name": "Director",
            "district_name": "District",
            "region": "Region",
            "status": "Status",
            "hours_needed": "Hours still needed",
            "plan_word": "Plan",
            "plan_short": "Plan in short",
        },
        cells={"name": link, "status": status_badge_cell()},
        numeric=("hours_needed",),
        caption=f"{order.height} directors in scope, in district order",
    )
    fiscal = evaluation.fiscal_year
    lead = (
        f"{order.height} statements: {count.get('met', 0)} met, {count.get('plan', 0)} with a "
        f"plan that meets the year, {count.get('no_plan', 0)} with no plan that can."
    )
    statuses = ", ".join(
        f"{STATUS_LABELS[code].lower()} {n}"
        for code, n in evaluation.summary.group_by("status").len().sort("status").iter_rows()
    )
    body = (
        f'<div class="tdceu-header"><h1>{esc(fiscal.label)} TD-CEU statements</h1>'
        f'<p class="tdceu-lead">{esc(lead)}</p><dl class="tdceu-facts">'
        f"<dt>Fiscal year</dt><dd>{esc(fiscal.label)}: {esc(fiscal.start)} to "
        f"{esc(fiscal.end)}</dd>"
        f"<dt>As of</dt><dd>{esc(evaluation.as_of)}</dd>"
        f"<dt>Data</dt><dd>{esc(data_label)}</dd>"
        f"<dt>Status</dt><dd>{esc(statuses)}</dd></dl></div>{table}"
    )
    return _page(f"{fiscal.label} TD-CEU statements", body, running_line(plans, data_label))


def statement_page(plans: Plans, director_id: str, data_label: str) -> str:
    body = str(statement(plans, director_id, data_label))
    back = '<p class="tdceu-no-print"><a href="index.html">All statements</a></p>'
    name = plans.evaluation.summary.filter(pl.col("director_id") == director_id)["name"][0]
    title = f"{name}: {plans.evaluation.fiscal_year.label} TD-CEU statement"
    return _page(title, back + body, running_line(plans, data_label))


def write_statements(
    plans: Plans,
    data: InputData,
    out: Path,
    data_label: str,
    *,
    pdf: bool = False,
    progress: bool = True,
) -> StatementsWritten:
    """Every output of `tdceu statements` into `out` (see the module docstring)."""
    from tqdm import tqdm

    out.mkdir(parents=True, exist_ok=True)
    order = district_order(plans)
    pages: list[str] = []
    for director_id, file_name in tqdm(
        order.select("director_id", "file_name").iter_rows(),
        total=order.height,
        desc="statements",
        unit="page",
        disable=not progress,
    ):
        page = statement_page(plans, director_id, data_label)
        (out / file_name).write_text(page, encoding="utf-8")
        pages.append(page)
    index = out / "index.html"
    index.write_text(index_page(plans, order, data_label), encoding="utf-8")
    plans_path = write_csv(plans_csv(plans), out / "plans.csv", bom=True)
    reminders_path = write_csv(reminders(plans, data), out / "reminders.csv", bom=True)
    pdf_path = None
    if pdf:
        import sys

        from tdceu_analysis.report.pdf import write_packet

        if progress:  # WeasyPrint lays out every page (a minute or two for 151)
            print(f"statements: writing the PDF of {len(pages)} pages", file=sys.stderr)
        pdf_path = write_packet(pages, out / "statements.pdf")
    return StatementsWritten(order.height, index, plans_path, reminders_path, pdf_path)
