"""Tables people can use, in a live notebook and in its exported HTML, with no network.

A polars frame is shown with itables (DataTables): sortable columns, a search box,
text left and numbers right, long text wrapped in its cell, and buttons that download
what is shown (the search and the sort applied) as CSV or XLSX. The exported pages'
tables are the same library with the same options (`figures.html.table_options`,
made a DataTable by the page's script), so a table looks and behaves alike in both.
A downloaded text cell that a spreadsheet would run as a formula gets a leading
apostrophe, as the reports' files do (`io.write`).

DataTables' script and style are embedded (itables' `connected=False`): the first
table of a kernel carries them (about 1 MB), the next ones use them. Nothing is
fetched, and the tables stay interactive in an nbconvert HTML export. Every row is
kept (itables' down-sampling of large frames is switched off).

    from tdceu_analysis.tables import Table
    display(Table(frame, name="at-risk", caption="Directors behind pace"))
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.html import TABLE_CLASSES, Html, table_options
from tdceu_analysis.io.write import FORMULA_STARTS
from tdceu_analysis.vocabulary import BEHIND, counted, cto_label, status_label

if TYPE_CHECKING:
    from tdceu_analysis.figures.scope import PageScope

# The library rides with the first table this kernel displays (see the module docstring).
_library = {"shown": False}

PAGE_LENGTH = 25


def _formula_regex() -> str:
    """A JavaScript regex source matching text a spreadsheet would read as a formula."""
    chars = {"\t": "\\t", "\r": "\\r", "-": "\\-"}
    return "^[" + "".join(chars.get(ch, ch) for ch in FORMULA_STARTS) + "]"


def _export_body() -> Any:
    """DataTables' export formatter: neutralise formula-like text (as io.write does)."""
    from itables import JavascriptFunction

    regex = json.dumps(_formula_regex())
    return JavascriptFunction(
        "function (data, row, column, node) {"
        f" const formula = new RegExp({regex});"
        " return (typeof data === 'string' && formula.test(data)) ? \"'\" + data : data; }"
    )


def _printable(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists as ';'-joined text and dates as ISO text; numbers and text as they are."""
    return frame.with_columns(
        [
            pl.col(name).list.eval(pl.element().cast(pl.String)).list.join("; ")
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.List)
        ]
        + [
            pl.col(name).cast(pl.String)
            for name, dtype in frame.schema.items()
            if dtype.is_temporal() or dtype == pl.Boolean
        ]
    )


def frame_options(frame: pl.DataFrame, page_length: int) -> dict[str, Any]:
    """The pages' table options (`table_options`) for this frame's columns."""
    numeric = [i for i, dtype in enumerate(frame.dtypes) if dtype.is_numeric()]
    text = [i for i, dtype in enumerate(frame.dtypes) if not dtype.is_numeric()]
    return table_options(numeric, text, paging=page_length)


@dataclass
class Table:
    """A polars frame as an interactive, downloadable table (see the module docstring)."""

    frame: pl.DataFrame
    name: str = "table"  # the download's file name (without .csv / .xlsx)
    caption: str | None = None
    page_length: int = PAGE_LENGTH
    library: bool | None = None  # embed DataTables' script: None = only in the first table
    options: dict[str, Any] = field(default_factory=dict)  # more itables/DataTables options

    def fingerprint(self) -> str:
        """What the table shows, as text (the same frame and caption give the same text)."""
        return f"{self.caption}\n{self.frame.write_csv()}"

    def buttons(self) -> list[dict[str, Any]]:
        export = {
            "format": {"body": _export_body(), "header": _export_body()},
            "modifier": {"search": "applied", "order": "applied"},
        }
        return [
            {
                "extend": kind,
                "text": label,
                "filename": self.name,
                "title": None,
                "footer": False,
                "exportOptions": export,
            }
            | ({"bom": True} if kind == "csvHtml5" else {})
            for kind, label in (("csvHtml5", "Download CSV"), ("excelHtml5", "Download XLSX"))
        ]

    def html(self) -> str:
        """The table's HTML (DataTables' script first when `library` says so)."""
        from itables import to_html_datatable
        from itables.javascript import generate_init_offline_itables_html
        from itables.options import dt_bundle

        frame = _printable(self.frame)
        include = not _library["shown"] if self.library is None else self.library
        options: dict[str, Any] = (
            {
                "connected": False,
                "maxBytes": 0,
                "showIndex": False,
                "show_dtypes": False,
                "classes": TABLE_CLASSES,
                "style": "table-layout:auto;width:100%;margin:0;caption-side:top",
                "buttons": self.buttons(),
                "layout": {
                    "topStart": "buttons",
                    "topEnd": "search",
                    "bottomStart": "info",
                    "bottomEnd": "paging",
                },
            }
            | frame_options(frame, self.page_length)
            | self.options
        )
        table = to_html_datatable(frame, **options)
        _library["shown"] = True
        # the caption above the table, not in it: a wide table scrolls sideways and would
        # cut a caption inside it
        caption = (
            f'<p class="tdceu-table-caption" style="margin:0.4em 0">{html.escape(self.caption)}</p>'
            if self.caption
            else ""
        )
        return (generate_init_offline_itables_html(dt_bundle) if include else "") + caption + table

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:  # the text/plain a notebook keeps
        return f"Table({self.name}: {self.frame.height} rows; {', '.join(self.frame.columns)})"


# ---------------------------------------------------------------------------
# The live notebooks' tables (03's at-risk list, 04's ledger)
# ---------------------------------------------------------------------------


def _column_names(frame: pl.DataFrame, headings: dict[str, str]) -> pl.DataFrame:
    """The columns of `headings`, in its order, named as a reader says them."""
    return frame.select([pl.col(column).alias(words) for column, words in headings.items()])


def _at_risk_rows(page: PageScope) -> tuple[pl.DataFrame, dict[str, str]]:
    """Every director of the scope who has not met the year, most urgent first, with the
    columns a reader sees (`headings`, keyed by column) and `behind` (R11: at risk or
    critical; a closed year's not met). With a picker, a region chosen keeps every row
    (the exported page's region box shows its rows)."""
    from tdceu_analysis.figures.at_risk import AT_RISK_HEADINGS, at_risk_table

    evaluation = page.evaluation
    table = page.rows(at_risk_table(evaluation))
    headings = dict(AT_RISK_HEADINGS)
    if evaluation.closed:
        del headings["days_left"]
    left = pl.format("left {}", pl.col("left_on").dt.to_string("%Y-%m-%d"))
    frame = table.with_columns(
        pl.col("status").is_in(list(BEHIND)).alias("behind"),  # R11
        pl.col("status").alias("status_code"),
        pl.concat_str(status_label(), pl.format(", {}", left), ignore_nulls=True).alias("status"),
        left.alias("left"),
        (pl.col("pending_assignment_hours") + pl.col("pending_evidence_hours")).alias("pending"),
        # the clock of someone who left no longer runs
        pl.when(pl.col("left_on").is_not_null())
        .then(pl.lit("no clock (left the role)"))
        .when(pl.col("cto_academy_deadline").is_not_null())
        .then(
            pl.format(
                "{} by {}",
                cto_label(evaluation.policy),
                pl.col("cto_academy_deadline").dt.to_string("%Y-%m-%d"),
            )
        )
        .otherwise(cto_label(evaluation.policy))
        .alias("cto"),
    )
    return frame, headings


def _at_risk_caption(evaluation: Evaluation, shown: int, not_met: int, everyone: bool) -> str:
    label = evaluation.fiscal_year.label
    if evaluation.closed:  # every one of them is the list: nothing waits for a switch
        return (
            f"The {counted(not_met, 'director')} who did not meet {label}, most hours short "
            "first, with why (those who left the role during the year last)"
        )
    listed = f"{shown} of the {not_met} directors who have not met {label}"
    return (
        f"{listed}, most urgent first (those who left the role last)"
        if everyone
        else f"{listed}: those behind, most urgent first (switch on 'everyone not yet met' "
        "for the others)"
    )


def at_risk(page: PageScope, everyone: bool = False) -> Table:
    """Who to call first: by default the directors behind (at risk, critical; a closed
    year's not met), with `everyone` every director not yet met, most urgent first."""
    evaluation = page.evaluation
    frame, headings = _at_risk_rows(page)
    not_met = frame.height
    if not everyone:  # R11: behind the pace (or a closed year not met) first
        frame = frame.filter(pl.col("behind"))
    caption = _at_risk_caption(evaluation, frame.height, not_met, everyone)
    label = evaluation.fiscal_year.label
    return Table(_column_names(frame, headings), name=f"at-risk-{label}", caption=caption)


# Numbers of the at-risk list (right-aligned, sorted and downloaded as numbers).
AT_RISK_NUMBERS = (
    "hours_needed",
    "days_left",
    "alet_hours_needed",
    "external_budget_left",
    "pending",
)


def at_risk_page(page: PageScope) -> Html:
    """03's at-risk list on the exported page: a plain HTML table (it prints without a
    script) that the page's script makes sortable, searchable and downloadable. Every
    director not yet met is in it; those not behind are off until the reader switches on
    "everyone not yet met". With a picker, each row follows the page's region box."""
    from tdceu_analysis.figures.html import html_table, status_badge_cell

    evaluation = page.evaluation
    frame, headings = _at_risk_rows(page)
    behind = frame.filter(pl.col("behind")).height
    label = evaluation.fiscal_year.label
    return html_table(
        frame,
        headings,
        cells={
            "status": pl.concat_str(
                status_badge_cell("status_code"), pl.format(", {}", "left"), ignore_nulls=True
            )
        },
        numeric=[column for column in AT_RISK_NUMBERS if column in headings],
        caption=_at_risk_caption(evaluation, behind, frame.height, everyone=False),
        empty=f"Every director in scope has met {label}.",
        follow=page.region_follow(),
        scope=pl.col("region"),
        # R11: those not behind wait for the switch (and are off on paper)
        attributes=pl.when(pl.col("behind"))
        .then(pl.lit(""))
        .otherwise(pl.lit(" data-tdceu-rest data-tdceu-off")),
        usable={"table": f"at-risk-{label}"}
        if evaluation.closed  # every row is the list: no switch that changes nothing
        else {"table": f"at-risk-{label}", "switch": "Show everyone not yet met"},
    )


LEDGER_HEADINGS = {
    "date": "Date",
    "event": "Event",
    "category": "Category",
    "delivery": "Delivery",
    "strands": "Strands",
    "claimed": "Hours claimed",
    "counted": "Hours counted",
    "reason": "Reason",
    "explanation": "Why",
}


def ledger(page: PageScope) -> Table:
    """One director's records of the year in date order: full event names, the hours
    counted, the reason in plain words and each row's explanation. The director is
    `director_id`, else the first one of the region or district (as the page's figures)."""
    from tdceu_analysis.figures.director import choose_directors, director_records

    evaluation = page.evaluation
    chosen = choose_directors(page)
    records = director_records(evaluation, [chosen.director_id])
    label = evaluation.fiscal_year.label
    rows = records.height
    caption = (
        f"{chosen.label}: {rows} {'record' if rows == 1 else 'records'} of {label} in date "
        f"order, {records.get_column('counts').sum()} counting"
    )
    return Table(
        _column_names(records, LEDGER_HEADINGS),
        name=f"ledger-{chosen.director_id}-{label}",
        caption=caption,
    )


def ledger_page(page: PageScope) -> Html:
    """04's ledger on the exported page: the records of every director the page's
    director box offers (each row follows it), as the live ledger shows them, in a plain
    HTML table that the page's script makes sortable, searchable and downloadable."""
    from tdceu_analysis.figures.director import choose_directors, director_records
    from tdceu_analysis.figures.html import html_table

    evaluation = page.evaluation
    chosen = choose_directors(page)
    records = director_records(evaluation, chosen.labels.get_column("director_id").to_list())
    label = evaluation.fiscal_year.label
    return html_table(
        records,
        LEDGER_HEADINGS,
        numeric=("claimed", "counted"),
        caption=f"Every record of the director picked above in {label}, in date order: the "
        "hours claimed and counted, the reason and why",
        empty=f"No records in {label}.",
        follow=chosen.follow(),
        scope=pl.col("director_id"),
        # the download is named by the director shown ({scope}: the page's script fills it)
        usable={"table": f"ledger-{{scope}}-{label}"},
    )
