"""05 policy what-if: the page's words and HTML pieces of a `tdceu_analysis.whatif.WhatIf`
(the scenario card, headline tiles and tables); its charts are in `tdceu_analysis.charts.whatif`.
"""

from __future__ import annotations

import polars as pl

from tdceu_analysis.figures.html import (
    Html,
    esc,
    html_table,
    kpi_tiles,
    status_badge_cell,
)
from tdceu_analysis.vocabulary import STATUS_LABELS, STATUS_ORDER, counted
from tdceu_analysis.whatif import WhatIf

DIRECTION_LABELS = {
    "newly_met": "Newly met",
    "no_longer_met": "No longer met",
    "improved": "Better status, not met",
    "worsened": "Worse status",
    "entered_scope": "Now in scope",
    "left_scope": "Now out of scope",
}


def signed(value: float) -> str:
    return f"{value:+g}"


def directions(result: WhatIf) -> dict[str, int]:
    return dict(result.directions.iter_rows())


def scenario_title(description: str, name: str) -> str:
    """A scenario as a reader knows it: its file's description (its first clause), not the
    file's name ("Only in-person hours count", not "strict-in-person")."""
    text = description.strip().split(" (")[0].rstrip(".").strip()
    return text or name


def policy_words(frame: pl.DataFrame, policy_descriptions: dict[str, str]) -> pl.DataFrame:
    """The scenario's policy changes as a reader says them: what (the parameter's
    description), published and scenario values in words, with their unit."""
    unit = (
        pl.when(pl.col("unit").is_in(["switch", ""]))
        .then(pl.lit(""))
        .otherwise(pl.format(" {}", "unit"))
    )
    words = {"true": "yes", "false": "no"}
    return frame.with_columns(
        pl.col("parameter")
        .replace_strict(policy_descriptions, default=pl.col("parameter"))
        .alias("what"),
        pl.concat_str(pl.col("baseline").replace(words), unit).alias("baseline"),
        pl.concat_str(pl.col("scenario").replace(words), unit).alias("scenario"),
    )


def _descriptions(result: WhatIf) -> dict[str, str]:
    parameters = result.baseline.policy.parameters
    return {name: parameter.description.split(";")[0] for name, parameter in parameters.items()}


def scenario_facts(result: WhatIf) -> list[tuple[str, str]]:
    """What the scenario changes, as (label, text) pairs."""
    scenario = result.scenario
    changes = policy_words(result.policy_changes, _descriptions(result))
    policy = "; ".join(
        f"{row['what']}: {row['baseline']} → {row['scenario']}"
        for row in changes.iter_rows(named=True)
    )
    catalog = result.catalog_changes.with_columns(detail_words(pl.col("detail")))
    catalogue = "; ".join(
        f"{row['event_id']} "
        + (f"FY{row['fiscal_year'] % 100:02d} " if row["fiscal_year"] is not None else "")
        + row["change"]
        + (f" ({row['detail']})" if row["detail"] else "")
        for row in catalog.iter_rows(named=True)
    )
    attendance = "; ".join(
        f"{entry.event_id} in {entry.region or 'every region'}: {entry.hours:g} hours, "
        f"{entry.attendance_rate:.0%} of directors ({entry.attendees}), "
        f"on {entry.date.isoformat() if entry.date else 'the as-of date'}"
        for entry in scenario.attendance
    )
    return [
        ("What it assumes", scenario.description or "(no description)"),
        ("Policy values changed", policy or "none"),
        ("Catalogue rows changed", catalogue or "none"),
        ("Assumed attendance", attendance or "none"),
        ("Compared on", f"{result.baseline.fiscal_year.label} as of {result.baseline.as_of}"),
    ]


def detail_words(detail: pl.Expr) -> pl.Expr:
    """ "online_hours_count: true -> false" as "online hours count: yes → no"."""
    return (
        detail.str.replace_all(r"\btrue\b", "yes")
        .str.replace_all(r"\bfalse\b", "no")
        .str.replace_all(" -> ", " → ", literal=True)
        .str.replace_all("_", " ", literal=True)
    )


def scenario_card(result: WhatIf) -> Html:
    """A card saying what the scenario changes (the page header says year, date, data)."""
    facts = scenario_facts(result)
    rows = "".join(f"<dt>{esc(label)}</dt><dd>{esc(text)}</dd>" for label, text in facts)
    markup = (
        f'<div class="tdceu tdceu-card"><h2>What if: {esc(_title(result))}</h2>'
        f'<dl class="tdceu-facts">{rows}</dl></div>'
    )
    return Html(markup, "\n".join(f"{label}: {text}" for label, text in facts))


def change_tiles(result: WhatIf) -> Html:
    """Headline numbers: directors met on each side and status changes each way."""
    counts = dict(
        (row["status"], (row["baseline"], row["scenario"]))
        for row in result.status_counts.iter_rows(named=True)
    )
    met_before, met_after = counts.get("met", (0, 0))
    ways = directions(result)
    tiles: list[tuple[str, str, str | None]] = [
        ("Directors", str(result.directors.height), None),
        ("Met, published policy", str(met_before), "met"),
        ("Met, scenario", str(met_after), "met"),
        ("Newly met", str(ways["newly_met"]), "on_track"),
        ("No longer met", str(ways["no_longer_met"]), "not_met"),
        ("Other status changes", str(ways["improved"] + ways["worsened"]), None),
        ("Ledger rows changed", str(result.ledger_changes.height), None),
    ]
    said = result.describe().replace(f"Scenario '{result.scenario.name}'", f"“{_title(result)}”")
    return kpi_tiles(tiles, caption=said)


def _title(result: WhatIf) -> str:
    return scenario_title(result.scenario.description, result.scenario.name)


def policy_table(result: WhatIf) -> Html:
    return html_table(
        policy_words(result.policy_changes, _descriptions(result)),
        {"what": "What", "baseline": "Published", "scenario": "Scenario"},
        empty="The scenario changes no policy value.",
    )  # fmt: skip


def catalog_table(result: WhatIf) -> Html:
    return html_table(
        result.catalog_changes.with_columns(detail_words(pl.col("detail"))),
        {"event_id": "Event", "fiscal_year": "FY", "name": "Name", "change": "Change",
         "detail": "What changed"},
        empty="The scenario leaves the event catalogue as it is.",
    )  # fmt: skip


def status_table(result: WhatIf) -> Html:
    return html_table(
        result.status_counts,
        {"status": "Status", "baseline": "Published policy", "scenario": "Scenario",
         "change": "Change"},
        cells={"status": status_badge_cell("status")},
        numeric=("baseline", "scenario", "change"),
    )  # fmt: skip


def transition_table(result: WhatIf) -> Html:
    """From-to counts: one row per status under the published policy, one column per status
    under the scenario."""
    moves = result.transitions
    statuses = [s for s in STATUS_ORDER if s in set(moves["from_status"]) | set(moves["to_status"])]
    grid = (
        moves.pivot(
            on="to_status", index="from_status", values="directors", aggregate_function="sum"
        )
        .with_columns(pl.col(pl.Int64).fill_null(0))
        .sort(pl.col("from_status").replace_strict({s: i for i, s in enumerate(STATUS_ORDER)}))
    )
    for status in statuses:
        if status not in grid.columns:
            grid = grid.with_columns(pl.lit(0, dtype=pl.Int64).alias(status))
    columns = {"from_status": "Published policy \u2193 / scenario \u2192"} | {
        s: STATUS_LABELS[s] for s in statuses
    }
    return html_table(
        grid,
        columns,
        cells={"from_status": status_badge_cell("from_status")},
        numeric=statuses,
        caption="Directors by status under the published policy (rows) and the scenario "
        "(columns); off the diagonal, status changed.",
    )


def changed_table(result: WhatIf, redact: bool = False) -> Html:
    """Who changed status (names for staff; escaped). `redact` (a public build): how many,
    by direction, and no row about one director."""
    if redact:
        return _counts_only(result.changed, "direction", "change status")
    frame = result.changed.with_columns(
        pl.col("direction").replace_strict(DIRECTION_LABELS, default=pl.col("direction"))
    )
    return html_table(
        frame,
        {"direction": "Change", "name": "Director", "district_name": "District",
         "region": "Region", "status_baseline": "Published", "status_scenario": "Scenario",
         "total_hours_baseline": "Hours (published)", "total_hours_scenario": "Hours (scenario)",
         "hours_needed_scenario": "Still needed"},
        cells={"status_baseline": status_badge_cell("status_baseline"),
               "status_scenario": status_badge_cell("status_scenario")},
        numeric=("total_hours_baseline", "total_hours_scenario", "hours_needed_scenario"),
        empty="No director changes status under this scenario.",
    )  # fmt: skip


def region_table(result: WhatIf) -> Html:
    return html_table(
        result.by_region,
        {"region": "Region", "directors": "Directors", "met_baseline": "Met (published)",
         "met_scenario": "Met (scenario)", "newly_met": "Newly met",
         "no_longer_met": "No longer met", "improved": "Better", "worsened": "Worse",
         "hours_change": "Change in hours"},
        numeric=("directors", "met_baseline", "met_scenario", "newly_met", "no_longer_met",
                 "improved", "worsened", "hours_change"),
    )  # fmt: skip


def strand_table(result: WhatIf) -> Html:
    return html_table(
        result.strands,
        {"strand_name": "Strand", "hours_baseline": "Hours (published)",
         "hours_scenario": "Hours (scenario)", "hours_change": "Change"},
        numeric=("hours_baseline", "hours_scenario", "hours_change"),
    )  # fmt: skip


def _counts_only(frame: pl.DataFrame, by: str, what: str) -> Html:
    """A public build's stand-in for a list of directors: how many, by `by` (a direction)."""
    parts = frame.group_by(by).len().sort(by)
    words = "; ".join(f"{DIRECTION_LABELS.get(key, key)}: {n}" for key, n in parts.iter_rows())
    text = (
        f"{counted(frame.height, 'director')} {what}"
        + (f" ({words})" if words else "")
        + ". A public build lists no one director."
    )
    return Html(f'<p class="tdceu">{esc(text)}</p>', text)


def ledger_table(result: WhatIf, limit: int = 200, redact: bool = False) -> Html:
    """Ledger rows whose reason or counted hours changed (the first `limit`); `redact` (a
    public build): their count only."""
    rows = result.ledger_changes
    if redact:
        text = (
            f"{counted(rows.height, 'ledger row', 'ledger rows')} change under this scenario. "
            "A public build lists no one director's records."
        )
        return Html(f'<p class="tdceu">{esc(text)}</p>', text)
    shown = rows.head(limit)
    caption = (
        f"{rows.height} ledger rows changed; the first {limit} are shown."
        if rows.height > limit
        else f"{counted(rows.height, 'ledger row', 'ledger rows')} changed."
    )
    return html_table(
        shown,
        {"name": "Director", "event_name": "Event", "date": "Date",
         "hours_claimed": "Claimed", "hours_counted_baseline": "Counted (published)",
         "hours_counted_scenario": "Counted (scenario)", "reason_baseline": "Reason (published)",
         "reason_scenario": "Reason (scenario)", "explanation": "Why, under the scenario"},
        numeric=("hours_claimed", "hours_counted_baseline", "hours_counted_scenario"),
        caption=caption,
        empty="No ledger row changes under this scenario.",
    )  # fmt: skip
