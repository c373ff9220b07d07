"""One director's statement: where the year stands, every record and why, and the plan.

`statement(plans, director_id, data_label)` is the body of a page of `tdceu statements`;
`director_statement(evaluation, data, director_id, ...)` the same for a page's director
picker (page 04, notebook 06); `at_risk_plans(evaluation, data, ...)` page 03's plans in
short ("3 sessions, 5 h: ALET Winter Conference Feb 9, ..."). The same words everywhere:
the vocabulary's labels, the ledger's explanations, the policy's numbers. Every value from
the data is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.director import choose_directors
from tdceu_analysis.figures.html import (
    Follow,
    Html,
    cto_badge,
    empty_table,
    esc,
    escaped,
    follow_attributes,
    html_table,
    html_tables_by,
    status_badge,
    status_badge_cell,
)
from tdceu_analysis.figures.scope import PageScope, per_evaluation
from tdceu_analysis.io.load import InputData
from tdceu_analysis.plans import Plans, find_plans
from tdceu_analysis.plans.reminders import plan_in_short
from tdceu_analysis.vocabulary import BEHIND, cto_labels, reason_label

STATEMENT_CSS = """
.tdceu-statement h2 { font-size: 16px; margin: 14px 0 4px 0; border-bottom: 1px solid #ccc; }
.tdceu-statement .tdceu-hours { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
.tdceu-statement .tdceu-hours div { border: 1px solid #ddd; border-left: 5px solid #0072B2;
  border-radius: 4px; padding: 4px 10px; min-width: 110px; }
.tdceu-statement .tdceu-hours b { display: block; font-size: 18px; }
.tdceu-statement .tdceu-hours span { font-size: 12px; color: #444; }
.tdceu-statement ul.tdceu-strands { list-style: none; padding: 0; margin: 4px 0;
  display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
.tdceu-statement .tdceu-plan-reason { font-weight: 600; color: #882255; }
.tdceu-statement p, .tdceu-statement li { margin: 4px 0; font-size: 13.5px; }
.tdceu-statement .tdceu-table-wrap { max-height: none; }
@media print {
  .tdceu-statement { font-size: 8pt; line-height: 1.25; }
  .tdceu-statement .tdceu-header { padding: 0 0 4px 0; margin: 0 0 4px 0; }
  .tdceu-statement .tdceu-header h1 { font-size: 13pt; margin: 0 0 2px 0; }
  .tdceu-statement .tdceu-lead { font-size: 8.5pt; margin: 0 0 2px 0; }
  .tdceu-statement .tdceu-facts { display: block; font-size: 8pt; }
  .tdceu-statement .tdceu-facts dt, .tdceu-statement .tdceu-facts dd { display: inline;
    margin: 0 4px 0 0; }
  .tdceu-statement h2 { font-size: 9.5pt; margin: 5px 0 2px 0; }
  .tdceu-statement .tdceu-hours { gap: 4px; margin: 2px 0; }
  .tdceu-statement .tdceu-hours div { padding: 1px 6px; min-width: 0; }
  .tdceu-statement .tdceu-hours b { font-size: 10pt; display: inline; }
  .tdceu-statement .tdceu-hours span { font-size: 7.5pt; }
  .tdceu-statement table.tdceu-table { font-size: 7pt; }
  .tdceu-statement table.tdceu-table td, .tdceu-statement table.tdceu-table th {
    padding: 1px 3px; }
  .tdceu-statement .tdceu-caption { display: none; }
  .tdceu-statement p, .tdceu-statement li, .tdceu-statement ul.tdceu-strands {
    font-size: 7.5pt; margin: 1px 0; }
  .tdceu-statement ul { margin: 1px 0; padding-left: 14px; }
}
"""

# what finishes a pending record, by its ledger reason
FINISHES = {
    "assignment_incomplete": "Complete the matching ALET Talent course assignment",
    "evidence_missing": "Upload the evidence of attendance",
}


def _hours(value: float) -> str:
    return f"{value:g}"


def _row(plans: Plans, director_id: str) -> dict:
    rows = plans.evaluation.summary.filter(pl.col("director_id") == director_id)
    if rows.height == 0:
        raise KeyError(
            f"director {director_id!r} is not in scope for {plans.evaluation.fiscal_year.label}"
        )
    status = plans.status.filter(pl.col("director_id") == director_id)
    return rows.row(0, named=True) | status.row(0, named=True)


def hours_boxes(row: dict, external_maximum: float) -> str:
    boxes = (
        (f"{_hours(row['total_hours'])} of {_hours(row['required_hours'])}", "hours counted"),
        (
            f"{_hours(row['alet_hours'])} of {_hours(row['required_alet_hours'])}",
            "from ALET events",
        ),
        (
            f"{_hours(row['external_budget_left'])} of {_hours(external_maximum)}",
            "external hours that may still count",
        ),
        (_hours(row["in_person_hours"]), "hours in person"),
        (_hours(row["hours_needed"]), "hours still needed"),
    )
    return (
        '<div class="tdceu-hours">'
        + "".join(
            f"<div><b>{esc(value)}</b> <span>{esc(label)}</span></div>" for value, label in boxes
        )
        + "</div>"
    )


def strands_covered(plans: Plans, director_id: str) -> str:
    """The policy's strands, each marked covered when a counted hour aligns to it."""
    names = plans.evaluation.policy.strands
    covered = set(
        plans.evaluation.ledger.filter(
            (pl.col("director_id") == director_id) & (pl.col("hours_counted") > 0)
        )
        .get_column("strands")
        .explode()
        .drop_nulls()
        .to_list()
    )
    items = "".join(
        f"<li>{'&#10003;' if code in covered else '&#10007;'} {esc(name)}"
        f"{'' if code in covered else ' (not yet)'}</li>"
        for code, name in names.items()
    )
    return (
        f"<p>{len(covered & set(names))} of {len(names)} strands covered by counted hours.</p>"
        f'<ul class="tdceu-strands">{items}</ul>'
    )


RECORDS_CAPTION = "Every record of the year and whether it counted"
RECORDS_EMPTY = "No record this year yet."


def _records_tables(plans: Plans) -> dict[str, Html]:
    """Every director's records table (`records_table`), made in one pass over the ledger
    (a page's picker has a statement per director)."""
    policy = plans.evaluation.policy
    ledger = plans.evaluation.ledger.with_columns(reason_label(policy).alias("why"))
    if "explanation" not in ledger.columns:  # an evaluation without sentences
        ledger = ledger.with_columns(pl.lit("").alias("explanation"))
    return html_tables_by(
        ledger.sort("date", "record_id"),
        "director_id",
        {
            "date": "Date",
            "event_name": "Event",
            "session": "Session",
            "hours_claimed": "Claimed",
            "hours_counted": "Counted",
            "why": "Counted or not",
            "explanation": "Why, in words",
        },
        numeric=("hours_claimed", "hours_counted"),
        caption=RECORDS_CAPTION,
    )


def records_table(plans: Plans, director_id: str) -> Html:
    """The director's records of the year, each with whether it counted and why."""
    tables = per_evaluation(plans, "records tables", lambda: _records_tables(plans))
    return tables.get(director_id) or empty_table(RECORDS_CAPTION, RECORDS_EMPTY)


def pending_items(plans: Plans, director_id: str) -> str:
    pending = plans.evaluation.ledger.filter(
        (pl.col("director_id") == director_id) & pl.col("pending")
    )
    if pending.height == 0:
        return "<p>Nothing is pending.</p>"
    items = "".join(
        f"<li>{esc(row['date'])} {esc(row['event_name'])}: "
        f"{esc(_hours(row['hours_claimed']))} h wait. "
        f"{esc(FINISHES.get(row['reason'], 'Finish it in ALET Talent'))} and they count.</li>"
        for row in pending.sort("date").iter_rows(named=True)
    )
    return f"<ul>{items}</ul>"


def cto_clock(plans: Plans, row: dict) -> str:
    if row["cto_academy_status"] == "not_required":
        return ""
    labels = cto_labels(plans.evaluation.policy)
    deadline = row["cto_academy_deadline"]
    completed = row.get("cto_academy_completed")
    detail = (
        f"completed on {esc(completed)}"
        if row["cto_academy_status"] == "completed" and completed
        else f"to be completed by {esc(deadline)}"
    )
    return (
        f"<h2>CTO Academy</h2><p>{cto_badge(row['cto_academy_status'], labels)} "
        f"Started in the role on {esc(row['role_start'])}: the CTO Academy is {detail}.</p>"
    )


PLAN_CAPTION = "Sessions to attend (with any assignment and evidence done)"
PLAN_EMPTY = "Nobody to list."  # (html_table's words: a plan has sessions)


def _plan_tables(plans: Plans) -> dict[str, Html]:
    """Every director's plan as a table of sessions, made in one pass over the plans."""
    sessions = plans.plans.with_columns(
        pl.col("start_time").fill_null("self-paced").alias("time"),
        pl.col("region").fill_null("statewide or online").alias("where"),
    )
    return html_tables_by(
        sessions,
        "director_id",
        {
            "date": "Date",
            "time": "Time",
            "event_name": "Event",
            "title": "Session",
            "where": "Where",
            "hours": "Hours",
            "hours_counted": "Would count",
        },
        numeric=("hours", "hours_counted"),
        caption=PLAN_CAPTION,
    )


def plan_section(plans: Plans, director_id: str, row: dict) -> str:
    deadline = plans.evaluation.fiscal_year.end
    if row["plan_status"] == "met":
        return "<h2>Plan</h2><p>The year is met: no session is needed.</p>"
    if row["plan_status"] == "no_plan" and plans.evaluation.closed:
        return f'<h2>Plan</h2><p class="tdceu-plan-reason">No plan: {esc(row["reason"])}.</p>'
    if row["plan_status"] == "no_plan":
        return (
            '<h2>Plan</h2><p class="tdceu-plan-reason">No choice of the sessions left on the '
            f"calendar meets the year: {esc(row['reason'])}.</p>"
        )
    tables = per_evaluation(plans, "plan tables", lambda: _plan_tables(plans))
    table = tables.get(director_id) or empty_table(PLAN_CAPTION, PLAN_EMPTY)
    lead = (
        f"Attending these {row['plan_sessions']} sessions ({esc(_hours(row['plan_hours']))} "
        f"hours) by {esc(deadline)} meets the year under the rules in force; leaving out any "
        "one of them would not."
    )
    return f"<h2>Plan</h2><p>{lead}</p>{table}"


def statement(
    plans: Plans, director_id: str, data_label: str | None = None, style: bool = True
) -> Html:
    """One director's statement (see the module docstring); `data_label` names the data
    (a page of its own says it; a page that states it in its header leaves it out);
    `style=False` leaves out the style sheet (`STATEMENT_CSS`) for a page that has it."""
    evaluation = plans.evaluation
    row = _row(plans, director_id)
    fiscal = evaluation.fiscal_year
    facts = (
        ("District", f"{row['district_name']} ({row['region']})"),
        ("Fiscal year", f"{fiscal.label}: {fiscal.start} to {fiscal.end}"),
        ("As of", evaluation.as_of.isoformat()),
        *((("Data", data_label),) if data_label is not None else ()),
    )
    facts_html = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    external_maximum = evaluation.policy.hours("external_maximum_hours")
    markup = (f"<style>{STATEMENT_CSS}</style>" if style else "") + (
        '<div class="tdceu tdceu-statement">'
        f'<div class="tdceu-header"><h1>{esc(row["name"])}: {esc(fiscal.label)} '
        "TD-CEU statement</h1>"
        f'<p class="tdceu-lead">{status_badge(row["status"])} {esc(row["status_explanation"])}</p>'
        f'<dl class="tdceu-facts">{facts_html}</dl></div>'
        f"<h2>Hours</h2>{hours_boxes(row, external_maximum)}"
        f"<h2>Strands</h2>{strands_covered(plans, director_id)}"
        f"<h2>Records</h2>{records_table(plans, director_id)}"
        f"<h2>Pending</h2>{pending_items(plans, director_id)}"
        f"{cto_clock(plans, row)}"
        f"{plan_section(plans, director_id, row)}"
        "</div>"
    )
    text = f"{row['name']}: {row['status_explanation']}"
    return Html(markup, text)


def at_risk_plan_column(plans: Plans) -> pl.DataFrame:
    """director_id, plan_status, plan_short (page 03's column: "3 sessions, 5 h: ALET Winter
    Conference Feb 9, ...", or why there is none)."""
    return plan_in_short(plans)


# the plans of the last few (data, year, as-of date) asked for: a page's figures and
# every pick of its director ask for the same plans
_PLANS: list[tuple[InputData, int, dt.date, Plans]] = []


def plans_for(data: InputData, evaluation: Evaluation) -> Plans:
    """Every director's plan for `evaluation`'s year and as-of date (kept for re-use)."""
    for known, fy, as_of, plans in _PLANS:
        if known is data and fy == evaluation.fy and as_of == evaluation.as_of:
            return plans
    plans = find_plans(data, evaluation.fy, evaluation.as_of, evaluation=evaluation)
    _PLANS.insert(0, (data, evaluation.fy, evaluation.as_of, plans))
    del _PLANS[4:]
    return plans


def _per_director(
    follow: Follow, ids: pl.Series, opening: str, part: Callable[[str], str]
) -> list[str]:
    """`part` of each director of `ids`, in an element opened by `opening` that follows the
    exported page's director box (only the picked director's shows)."""
    attributes = follow_attributes(follow, pl.col("director_id"))
    openings = ids.to_frame("director_id").select(
        pl.concat_str(pl.lit(opening), attributes, pl.lit(">"))
    )
    return [
        f"{opening}{part(director_id)}</div>"
        for opening, director_id in zip(openings.to_series(), ids, strict=True)
    ]


def director_statement(page: PageScope, data: InputData) -> Html:
    """The picked director's statement and plan (with a picker: one per director of the
    scope, the picked one shown, for the exported page's select box)."""
    chosen = choose_directors(page)
    plans = plans_for(data, page.evaluation)
    follow = chosen.follow()
    if follow is None:
        return statement(plans, chosen.director_id)
    ids = (
        chosen.labels.join(
            page.evaluation.summary.select("director_id", "district_name", "name"),
            on="director_id",
        )
        .sort("district_name", "name", "director_id")
        .get_column("director_id")
    )
    parts = _per_director(follow, ids, "<div", lambda one: statement(plans, one, style=False))
    return Html(
        f"<style>{STATEMENT_CSS}</style>" + "".join(parts),
        f"statements of {len(parts)} directors, one shown",
    )


def director_plan(page: PageScope, data: InputData) -> Html:
    """Page 04's part of the statement (the page has the card, ledger and strands): what is
    pending and what finishes it, and the plan or why there is none; with a picker, one per
    director of the scope, the picked one shown."""
    chosen = choose_directors(page)
    plans = plans_for(data, page.evaluation)

    def part(director_id: str) -> str:
        row = _row(plans, director_id)
        return (
            f"<h2>Pending for {esc(row['name'])}</h2>{pending_items(plans, director_id)}"
            f"{plan_section(plans, director_id, row)}"
        )

    style = f"<style>{STATEMENT_CSS}</style>"
    follow = chosen.follow()
    if follow is None:
        markup = f'{style}<div class="tdceu tdceu-statement">{part(chosen.director_id)}</div>'
        return Html(markup, f"the plan of {chosen.label}")
    ids = chosen.labels.get_column("director_id")
    parts = _per_director(follow, ids, '<div class="tdceu tdceu-statement"', part)
    return Html(style + "".join(parts), f"the plans of {len(parts)} directors, one shown")


def at_risk_plans(page: PageScope, data: InputData, everyone: bool = False) -> Html:
    """Page 03: the plan in short of each director behind (with `everyone`: not yet met),
    most needed first. With a picker (the exported page), every region's rows, each
    following the page's region box, as the at-risk list does."""
    wanted = pl.col("hours_needed") > 0 if everyone else pl.col("status").is_in(BEHIND)
    rows = (
        page.rows(page.evaluation.summary)
        .filter(wanted)
        .join(at_risk_plan_column(plans_for(data, page.evaluation)), on="director_id", how="left")
        .sort("hours_needed", "name", descending=[True, False])
    )
    return html_table(
        rows,
        {
            "name": "Director",
            "district_name": "District",
            "status": "Status",
            "hours_needed": "Hours still needed",
            "plan_short": "Plan in short",
        },
        cells={"status": status_badge_cell(), "plan_short": escaped(pl.col("plan_short"))},
        numeric=("hours_needed",),
        caption="Sessions ahead that would close each gap (tdceu statements writes each in full)",
        empty="Nobody is behind here.",
        follow=page.region_follow(),
        scope=pl.col("region"),
    )
