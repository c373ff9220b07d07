"""Small HTML pieces of the dashboards: page header, tiles, tables, a director's card.

Every value that comes from data (names, districts, events, folder paths) goes
through `html.escape`: a director named `<img src=x onerror=alert(1)>` shows as
text. The pieces are `Html` objects, which Jupyter displays as HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from tdceu_analysis.policy import Policy
from tdceu_analysis.vocabulary import (
    CTO_COLORS,
    CTO_ORDER,
    NEUTRAL,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
    cto_labels,
    text_on,
)

PAGE_CSS = """
.tdceu { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #222; line-height: 1.4; }
.tdceu-header { border-bottom: 3px solid #0072B2; padding: 0 0 10px 0; margin: 0 0 16px 0; }
.tdceu-header h1 { font-size: 26px; margin: 0 0 4px 0; }
.tdceu-header .tdceu-lead { font-size: 16px; margin: 0 0 8px 0; }
.tdceu-facts { display: grid; grid-template-columns: max-content auto; gap: 2px 14px;
  font-size: 13px; color: #444; margin: 0; }
.tdceu-facts dt { font-weight: 600; }
.tdceu-facts dd { margin: 0; overflow-wrap: anywhere; }
.tdceu-tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0 6px 0; }
.tdceu-tile { border: 1px solid #ddd; border-left: 6px solid #999; border-radius: 4px;
  padding: 6px 12px; min-width: 120px; background: #fff; }
.tdceu-tile .tdceu-value { font-size: 22px; font-weight: 700; }
.tdceu-tile .tdceu-label { font-size: 12px; color: #555; }
.tdceu-caption { font-size: 12px; color: #666; margin: 2px 0 10px 0; }
.tdceu-table-wrap { max-height: 560px; overflow: auto; border: 1px solid #ddd; }
table.tdceu-table { border-collapse: collapse; font-size: 12.5px; width: 100%; }
table.tdceu-table th { position: sticky; top: 0; background: #f3f6f9; text-align: left;
  padding: 5px 8px; border-bottom: 2px solid #ccc; }
table.tdceu-table td { padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
table.tdceu-table td.num, table.tdceu-table th.num { text-align: right;
  font-variant-numeric: tabular-nums; }
.tdceu-badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
  font-size: 12px; white-space: nowrap; }
.tdceu-card { border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; margin: 6px 0;
  background: #fafbfc; }
.tdceu-card h2 { font-size: 20px; margin: 0 0 6px 0; }
"""


@dataclass(frozen=True)
class Html:
    """A piece of HTML that Jupyter displays (and `str()` returns)."""

    markup: str
    text: str = ""

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text or "<HTML>"


def esc(value: Any) -> str:
    """Any value as escaped text (None as an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return html.escape(f"{value:g}")
    return html.escape(str(value))


def badge(status: str, colors: Mapping[str, str], labels: Mapping[str, str]) -> str:
    color = colors.get(status, NEUTRAL)
    text_color = text_on(color)
    return (
        f'<span class="tdceu-badge" style="background:{color};color:{text_color}">'
        f"{esc(labels.get(status, status))}</span>"
    )


def page_header(
    title: str,
    lead: str,
    facts: Sequence[tuple[str, str]],
) -> Html:
    """The top of every page: title, a one-line summary, and the facts a reader must see
    (fiscal year, as-of date, data folder, when it was built, package version)."""
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    markup = (
        f"<style>{PAGE_CSS}</style>"
        f'<div class="tdceu tdceu-header"><h1>{esc(title)}</h1>'
        f'<p class="tdceu-lead">{esc(lead)}</p><dl class="tdceu-facts">{rows}</dl></div>'
    )
    text = "\n".join([title, lead, *(f"{k}: {v}" for k, v in facts)])
    return Html(markup, text)


def kpi_tiles(tiles: Sequence[tuple[str, str, str | None]], caption: str = "") -> Html:
    """Headline numbers: (label, value, status or None for a neutral tile)."""
    parts = []
    for label, value, status in tiles:
        color = STATUS_COLORS.get(status, NEUTRAL) if status else NEUTRAL
        parts.append(
            f'<div class="tdceu-tile" style="border-left-color:{color}">'
            f'<div class="tdceu-value">{esc(value)}</div><div class="tdceu-label">{esc(label)}'
            "</div></div>"
        )
    cap = f'<div class="tdceu-caption">{esc(caption)}</div>' if caption else ""
    markup = f'<div class="tdceu"><div class="tdceu-tiles">{"".join(parts)}</div>{cap}</div>'
    text = "; ".join(f"{label}: {value}" for label, value, _ in tiles)
    return Html(markup, text)


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def escaped(expr: pl.Expr) -> pl.Expr:
    """`html.escape` as a polars expression (null -> empty text)."""
    text = expr.cast(pl.String).fill_null("")
    for char, entity in _ENTITIES:
        text = text.str.replace_all(char, entity, literal=True)
    return text


def number_text(expr: pl.Expr, decimals: int = 2) -> pl.Expr:
    """A number as a person writes it: 12, 4.5, 2.25 (null -> empty)."""
    rounded = expr.cast(pl.Float64).round(decimals)
    whole = rounded == rounded.floor()
    return (
        pl.when(whole)
        .then(rounded.cast(pl.Int64).cast(pl.String))
        .otherwise(rounded.cast(pl.String))
        .fill_null("")
    )


def status_badge_cell(column: str = "status") -> pl.Expr:
    """A coloured badge per status code (unknown words escaped as text)."""
    badges = {code: status_badge(code) for code in STATUS_ORDER}
    return pl.col(column).replace_strict(badges, default=escaped(pl.col(column)))


def cto_badge_cell(policy: Policy, column: str = "cto_academy_status") -> pl.Expr:
    """A coloured badge per CTO Academy status, in the words of the `policy` in force."""
    labels = cto_labels(policy)
    badges = {code: cto_badge(code, labels) for code in CTO_ORDER}
    return pl.col(column).replace_strict(badges, default=escaped(pl.col(column)))


# One look and behaviour for every table, live (itables) or exported (page.js): the
# DataTables options both pass, words included. Cells wrap (the reason and why are read
# at 1280 px without sideways scrolling); numbers are right-aligned.
TABLE_CLASSES = "display compact cell-border"
TABLE_WORDS = {
    "search": "Search",
    "info": "Showing _TOTAL_ _ENTRIES-TOTAL_",
    "entries": {"_": "rows", "1": "row"},
    "infoEmpty": "No rows for this choice",
    "infoFiltered": "",
    "zeroRecords": "No rows match: clear the search",
    "emptyTable": "No rows",
}


def table_options(
    numeric: Sequence[int], text: Sequence[int], paging: int | None = None
) -> dict[str, Any]:
    """DataTables options of a table whose columns `numeric` (by index) hold numbers and
    `text` words; `paging`: rows a page (None: every row, as the printed page shows)."""
    defs: list[dict[str, Any]] = []
    if numeric:
        defs.append({"targets": list(numeric), "className": "dt-right"})
    if text:
        defs.append({"targets": list(text), "className": "dt-left"})
    options: dict[str, Any] = {
        "columnDefs": defs,
        "order": [],
        "language": TABLE_WORDS,
        "paging": paging is not None,
    }
    if paging is not None:
        options |= {"pageLength": paging, "lengthMenu": [10, paging, 100, -1]}
    return options


@dataclass(frozen=True)
class Follow:
    """HTML that follows a chart's picker in the exported page: an element tagged with a
    scope is shown while the picker `name` has that value (or the `also` value).

    The page's script (report/templates/tdceu) toggles the elements; `value` is the
    picker's first value, so the page is right before any script runs."""

    name: str
    value: str
    also: str | None = None


def follow_attributes(follow: Follow, scope: pl.Expr, named: bool = True) -> pl.Expr:
    """` data-tdceu-picker=... data-tdceu-scope=...[ hidden]` for each row (safe HTML);
    `named=False`: the scope only (a usable table's box names the picker once)."""
    also = f' data-tdceu-also="{esc(follow.also)}"' if follow.also else ""
    shown = scope == follow.value
    if follow.also is not None:
        shown = shown | pl.lit(follow.value == follow.also)
    picker = f' data-tdceu-picker="{esc(follow.name)}"{also}' if named else ""
    return pl.concat_str(
        pl.lit(f'{picker} data-tdceu-scope="'),
        escaped(scope),
        pl.lit('"'),
        pl.when(shown).then(pl.lit("")).otherwise(pl.lit(" hidden")),
    )


def html_table(
    frame: pl.DataFrame,
    columns: Mapping[str, str],
    cells: Mapping[str, pl.Expr] | None = None,
    numeric: Sequence[str] = (),
    caption: str = "",
    empty: str = "Nobody to list.",
    follow: Follow | None = None,
    scope: pl.Expr | None = None,
    attributes: pl.Expr | None = None,
    usable: Mapping[str, str] | None = None,
) -> Html:
    """A scrollable table of `columns` ({column: heading}). Each cell is the escaped
    value, a number for `numeric` columns, or the expression in `cells` (which must
    produce safe HTML, e.g. through `escaped`). With `follow`, each row carries its
    `scope` and shows only while the page's picker has that value. `attributes`: more
    safe HTML attributes per row (` data-...="..."`); `usable`: `data-tdceu-*` attributes
    of the table's box, which the exported page's script (page.js) turns into a table to
    sort, search and download (e.g. {"table": file name})."""
    if frame.height == 0:
        return empty_table(caption, empty)
    rows = _table_row(columns, cells, numeric, follow, scope, attributes, usable)
    body = frame.select(rows.str.join("")).item()
    return _table_box(body, frame.height, columns, numeric, caption, follow, usable)


def html_tables_by(
    frame: pl.DataFrame,
    key: str,
    columns: Mapping[str, str],
    numeric: Sequence[str] = (),
    caption: str = "",
) -> dict[Any, Html]:
    """`html_table` of each `key` value's rows of `frame` (in the frame's order), made in one
    pass: {key value: its table}. A value without rows has no entry (`empty_table`).
    Why: a page with a statement per director would otherwise run a query per director."""
    if frame.height == 0:
        return {}
    rows = _table_row(columns, None, numeric, None, None, None, None)
    bodies = frame.group_by(key, maintain_order=True).agg(
        rows.str.join("").alias("body"), pl.len().alias("rows")
    )
    return {
        value: _table_box(body, height, columns, numeric, caption, None, None)
        for value, body, height in bodies.iter_rows()
    }


def empty_table(caption: str, empty: str) -> Html:
    """What `html_table` shows for no rows: its caption and the words `empty`."""
    cap = f'<div class="tdceu-caption">{esc(caption)}</div>' if caption else ""
    return Html(f'<div class="tdceu">{cap}<p>{esc(empty)}</p></div>', empty)


def _table_row(
    columns: Mapping[str, str],
    cells: Mapping[str, pl.Expr] | None,
    numeric: Sequence[str],
    follow: Follow | None,
    scope: pl.Expr | None,
    attributes: pl.Expr | None,
    usable: Mapping[str, str] | None,
) -> pl.Expr:
    """Each row of `html_table` as its `<tr>` markup."""
    cells = dict(cells or {})
    row_parts = [pl.lit("<tr")]
    if follow is not None and scope is not None:
        row_parts.append(follow_attributes(follow, scope, named=usable is None))
    if attributes is not None:
        row_parts.append(attributes)
    row_open = pl.concat_str([*row_parts, pl.lit(">")])
    parts: list[pl.Expr] = [row_open]
    for column in columns:
        if column in cells:
            value = cells[column]
        elif column in numeric:
            value = number_text(pl.col(column))
        else:
            value = escaped(pl.col(column))
        # (no empty class attribute: page 04 has a row for every record of the year)
        opening = '<td class="num">' if column in numeric else "<td>"
        parts += [pl.lit(opening), value, pl.lit("</td>")]
    parts.append(pl.lit("</tr>"))
    return pl.concat_str(parts)


def _table_box(
    body: str,
    height: int,
    columns: Mapping[str, str],
    numeric: Sequence[str],
    caption: str,
    follow: Follow | None,
    usable: Mapping[str, str] | None,
) -> Html:
    """`html_table`'s markup around the rows' `body` (`height` rows)."""
    heads = "".join(
        f'<th class="{"num" if c in numeric else ""}">{esc(h)}</th>' for c, h in columns.items()
    )
    cap = f'<div class="tdceu-caption">{esc(caption)}</div>' if caption else ""
    box_data = dict(usable or {})
    if usable is not None:
        indexes = list(range(len(columns)))
        numbers = [i for i, column in enumerate(columns) if column in numeric]
        options = table_options(numbers, [i for i in indexes if i not in numbers])
        box_data["options"] = json.dumps(options, separators=(",", ":"))
        if follow is not None:
            box_data |= {"follow": follow.name, "value": follow.value}
            if follow.also is not None:
                box_data["also"] = follow.also
    box = "".join(f' data-tdceu-{key}="{esc(value)}"' for key, value in box_data.items())
    classes = f"tdceu-table {TABLE_CLASSES}" if usable is not None else "tdceu-table"
    markup = (
        # WCAG 2.1.1: the scrolling region takes the keyboard focus, named by its caption
        f'<div class="tdceu"{box}>{cap}<div class="tdceu-table-wrap" tabindex="0" role="region" '
        f'aria-label="{esc(caption or "table")}"><table class="{classes}">'
        f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table></div></div>"
    )
    return Html(markup, f"table of {height} rows: {', '.join(columns.values())}")


def status_badge(status: str) -> str:
    return badge(status, STATUS_COLORS, STATUS_LABELS)


def cto_badge(status: str, labels: Mapping[str, str]) -> str:
    """`labels`: the CTO Academy words of the policy in force (`vocabulary.cto_labels`)."""
    return badge(status, CTO_COLORS, labels)


def card_markup(title: pl.Expr, badges: pl.Expr, facts: Sequence[tuple[str, pl.Expr]]) -> pl.Expr:
    """A person's card per row: name, badges (safe HTML) and facts (label, text)."""
    rows = [
        part
        for label, value in facts
        for part in (pl.lit(f"<dt>{esc(label)}</dt><dd>"), escaped(value), pl.lit("</dd>"))
    ]
    return pl.concat_str(
        pl.lit("<h2>"),
        escaped(title),
        pl.lit(" "),
        badges,
        pl.lit('</h2><dl class="tdceu-facts">'),
        *rows,
        pl.lit("</dl>"),
    )


def cards(
    frame: pl.DataFrame,
    card: pl.Expr,
    follow: Follow | None = None,
    scope: pl.Expr | None = None,
) -> Html:
    """One card per row of `frame` (`card`: safe HTML per row); with `follow`, each card
    shows only while the page's picker has its `scope`."""
    attributes = (
        follow_attributes(follow, scope) if follow is not None and scope is not None else pl.lit("")
    )
    markup = frame.select(
        pl.concat_str(
            pl.lit('<div class="tdceu tdceu-card"'), attributes, pl.lit(">"), card, pl.lit("</div>")
        ).str.join("")
    ).item()
    return Html(markup, f"{frame.height} card(s)")
