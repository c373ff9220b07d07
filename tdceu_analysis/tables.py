"""Tables people can use, in a live notebook and in its exported HTML, with no network.

A polars frame is shown with itables (DataTables): sortable columns, a search box,
text left and numbers right, no wrapping (long text stays on one line and the table
scrolls sideways), and buttons that download what is shown (the search and the sort
applied) as CSV or XLSX. A downloaded text cell that a spreadsheet would run as a
formula gets a leading apostrophe, as the reports' files do (`io.write`).

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
from typing import Any

import polars as pl

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.io.write import FORMULA_STARTS
from tdceu_analysis.vocabulary import BEHIND, cto_label, status_label

# The library rides with the first table this kernel displays (see the module docstring).
_library = {"shown": False}

PAGE_LENGTH = 25
# A column of longer text than this many characters gets a minimum width in ch, so
# names and explanations are read on one line without every column being as wide.
WIDE_TEXT = 24


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


def column_defs(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Alignment and widths: numbers right, everything else left; long text wider."""
    numeric = [i for i, dtype in enumerate(frame.dtypes) if dtype.is_numeric()]
    text = [i for i, dtype in enumerate(frame.dtypes) if not dtype.is_numeric()]
    lengths = frame.select(
        pl.col(name).cast(pl.String).str.len_chars().max().fill_null(0) for name in frame.columns
    ).row(0)
    defs: list[dict[str, Any]] = []
    if numeric:
        defs.append({"targets": numeric, "className": "dt-right"})
    if text:
        defs.append({"targets": text, "className": "dt-left"})
    for index in text:
        if lengths[index] > WIDE_TEXT:
            defs.append({"targets": [index], "width": f"{min(lengths[index], 60)}ch"})
    return defs


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
        export = {"format": {"body": _export_body()}, "modifier": {"search": "applied"}}
        return [
            {
                "extend": kind,
                "text": label,
                "filename": self.name,
                "title": None,
                "footer": False,
                "exportOptions": export,
            }
            for kind, label in (("csvHtml5", "Download CSV"), ("excelHtml5", "Download XLSX"))
        ]

    def html(self) -> str:
        """The table's HTML (DataTables' script first when `library` says so)."""
        from itables import to_html_datatable
        from itables.javascript import generate_init_offline_itables_html
        from itables.options import dt_bundle

        frame = _printable(self.frame)
        include = not _library["shown"] if self.library is None else self.library
        options: dict[str, Any] = {
            "connected": False,
            "maxBytes": 0,
            "showIndex": False,
            "show_dtypes": False,
            "classes": "display nowrap compact cell-border",
            "style": "table-layout:auto;width:auto;margin:0;caption-side:top",
            "scrollX": True,
            "pageLength": self.page_length,
            "lengthMenu": [10, self.page_length, 100, -1],
            "buttons": self.buttons(),
            "layout": {
                "topStart": "buttons",
                "topEnd": "search",
                "bottomStart": "info",
                "bottomEnd": "paging",
            },
            "columnDefs": column_defs(frame),
            "order": [],
        } | self.options
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


def at_risk(
    evaluation: Evaluation,
    region: str | None = None,
    district: str | None = None,
    everyone: bool = False,
) -> Table:
    """Who to call first: by default the directors behind (at risk, critical; a closed
    year's not met), with `everyone` every director not yet met, most urgent first."""
    from tdceu_analysis.figures.at_risk import at_risk_table
    from tdceu_analysis.figures.risk import AT_RISK_HEADINGS
    from tdceu_analysis.figures.scope import ALL_REGIONS, check_choice

    check_choice(evaluation.summary, region, district)
    table = at_risk_table(evaluation)
    if district is not None:
        table = table.filter(pl.col("district_code") == district)
    elif region is not None and region != ALL_REGIONS:
        table = table.filter(pl.col("region") == region)
    not_met = table.height
    if not everyone:  # R11: behind the pace (or a closed year not met) first
        table = table.filter(pl.col("status").is_in(list(BEHIND)))
    headings = dict(AT_RISK_HEADINGS)
    if evaluation.closed:
        del headings["days_left"]
    frame = table.with_columns(
        status_label(),
        (pl.col("pending_assignment_hours") + pl.col("pending_evidence_hours")).alias("pending"),
        pl.when(pl.col("cto_academy_deadline").is_not_null())
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
    label = evaluation.fiscal_year.label
    who = "did not meet" if evaluation.closed else "have not met"
    shown = f"{table.height} of the {not_met} directors who {who} {label}"
    caption = (
        f"{shown}, most urgent first"
        if everyone
        else f"{shown}: those behind, most urgent first (switch on 'everyone not yet met' "
        "for the others)"
    )
    return Table(_column_names(frame, headings), name=f"at-risk-{label}", caption=caption)


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


def ledger(
    evaluation: Evaluation,
    director_id: str | None = None,
    region: str | None = None,
    district: str | None = None,
) -> Table:
    """One director's records of the year in date order: full event names, the hours
    counted, the reason in plain words and each row's explanation. The director is
    `director_id`, else the first one of the region or district (as the page's figures)."""
    from tdceu_analysis.figures.ledger import choose_directors, director_records

    chosen = choose_directors(evaluation, director_id, region, district)
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
