"""01 statewide compliance, the words: each chart's title says its takeaway, for any
scope a reader picks (the state, a region, a district, a district of one director).

Titles are built from `scope_totals` (one row per scope) as polars expressions, so one
pass writes the title of every scope of a picker. They count in whole directors, say
"1 director is" and "3 directors are", speak of "the one director" where a scope has
one, and never say a double negative ("none did not ...").
"""

from __future__ import annotations

import polars as pl

from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.scope import pct, titles_from
from tdceu_analysis.vocabulary import count_text, hours_text


def _are(column: str) -> pl.Expr:
    """ "1 is", "3 are"."""
    count = pl.col(column)
    return pl.format(
        "{} {}", count, pl.when(count == 1).then(pl.lit("is")).otherwise(pl.lit("are"))
    )


def _none_or(column: str) -> pl.Expr:
    """ "none" for 0, else the count."""
    count = pl.col(column)
    return pl.when(count == 0).then(pl.lit("none")).otherwise(count.cast(pl.String))


def _one() -> pl.Expr:
    return pl.col("directors") == 1


def status_titles(totals: pl.DataFrame, evaluation: Evaluation) -> dict[str, str]:
    """Who met the year (closed) or has met it or is on pace (open), per scope."""
    label = pl.lit(evaluation.fiscal_year.label)
    name, directors = pl.col("scope_name"), pl.col("directors")
    nobody = pl.format("{}: no director in scope in {}", name, label)
    if evaluation.closed:
        text = (
            pl.when(directors == 0)
            .then(nobody)
            .when(_one() & (pl.col("met") == 1))
            .then(pl.format("{}: the one director met {}", name, label))
            .when(_one())
            .then(pl.format("{}: the one director did not meet {}", name, label))
            .when(pl.col("not_met") == 0)
            .then(pl.format("{}: all {} directors met {}", name, directors, label))
            .otherwise(
                pl.format(
                    "{}: {} of {} directors ({}%) met {}; {} did not",
                    name,
                    "met",
                    directors,
                    pct(pl.col("met"), directors),
                    label,
                    "not_met",
                )
            )
        )
    else:
        good = pl.col("met") + pl.col("on_track")
        text = (
            pl.when(directors == 0)
            .then(nobody)
            .when(_one() & (pl.col("met") == 1))
            .then(pl.format("{}: the one director has met {}", name, label))
            .when(_one() & (pl.col("on_track") == 1))
            .then(pl.format("{}: the one director is on pace for {}", name, label))
            .when(_one())
            .then(pl.format("{}: the one director is behind the pace for {}", name, label))
            .when(pl.col("behind") == 0)
            .then(
                pl.format("{}: all {} directors have met {} or are on pace", name, directors, label)
            )
            .otherwise(
                pl.format(
                    "{}: {} of {} directors ({}%) have met {} or are on pace; {} behind",
                    name,
                    good,
                    directors,
                    pct(good, directors),
                    label,
                    _are("behind"),
                )
            )
        )
    return titles_from(totals, text)


def hours_titles(totals: pl.DataFrame, evaluation: Evaluation) -> dict[str, str]:
    """The median director's hours (a scope of one: that director's), and who is short."""
    name = pl.col("scope_name")
    median = hours_text(pl.col("median_hours"))
    pace = hours_text(pl.col("pace_hours").round(1))
    if evaluation.closed:
        under = (
            pl.when(pl.col("under_minimum") == 1)
            .then(pl.lit("under"))
            .otherwise(pl.lit("at or above"))
        )
        text = (
            pl.when(_one())
            .then(
                pl.format(
                    "{}: the one director counted {} hours, {} the minimum", name, median, under
                )
            )
            .otherwise(
                pl.format(
                    "{}: half the directors counted {} hours or more; {} ended under the minimum",
                    name,
                    median,
                    _none_or("under_minimum"),
                )
            )
        )
    else:
        behind = (
            pl.when(pl.col("behind") == 1)
            .then(pl.lit("behind"))
            .otherwise(pl.lit("at or ahead of"))
        )
        text = (
            pl.when(_one())
            .then(
                pl.format(
                    "{}: the one director has {} hours so far, {} the {}-hour pace",
                    name,
                    median,
                    behind,
                    pace,
                )
            )
            .when(pl.col("behind") == 0)
            .then(
                pl.format(
                    "{}: half the directors have {} hours or more so far; no one is below "
                    "the {}-hour pace",
                    name,
                    median,
                    pace,
                )
            )
            .otherwise(
                pl.format(
                    "{}: half the directors have {} hours or more so far; "
                    "{} below the {}-hour pace",
                    name,
                    median,
                    _are("behind"),
                    pace,
                )
            )
        )
    return titles_from(totals, text)


def mix_titles(totals: pl.DataFrame, closed: bool = False) -> dict[str, str]:
    """Where the counted hours came from; `closed`: the year is over (no "yet")."""
    counted = pl.col("total_hours")
    text = (
        pl.when(counted > 0)
        .then(
            pl.format(
                "{}: ALET events gave {}% of counted hours, approved external events {}%",
                pl.col("scope_name"),
                pct(pl.col("alet_hours"), counted),
                pct(pl.col("external_hours"), counted),
            )
        )
        .otherwise(
            pl.format(
                "{}: no hours counted{}", pl.col("scope_name"), pl.lit("" if closed else " yet")
            )
        )
    )
    return titles_from(totals, text)


def pending_titles(totals: pl.DataFrame, closed: bool = False) -> dict[str, str]:
    """Claimed hours waiting; `closed`: the year is over, said in the past."""
    waiting, then, nothing = (
        (
            "still waited on an assignment or evidence when the year closed",
            "would have met the year with them",
            "no claimed hours were left waiting",
        )
        if closed
        else (
            "wait on an assignment or evidence",
            "would then meet the year",
            "no claimed hours are waiting",
        )
    )
    text = (
        pl.when(pl.col("pending_hours") > 0)
        .then(
            pl.format(
                f"{{}}: {{}} claimed hours of {{}} {waiting}; {{}} {then}",
                pl.col("scope_name"),
                hours_text(pl.col("pending_hours")),
                count_text(pl.col("pending_directors"), "director", "directors"),
                _none_or("pending_would_meet"),
            )
        )
        .otherwise(pl.format(f"{{}}: {nothing}", pl.col("scope_name")))
    )
    return titles_from(totals, text)


def year_over_year_titles(met: pl.DataFrame) -> dict[str, str]:
    """Share met in the last closed year, and the change from the year before.
    `met`: scope, scope_name, last, last_year, before, before_year (shares 0..1)."""
    change = (
        pl.when(pl.col("last") > pl.col("before"))
        .then(pl.lit("up from"))
        .when(pl.col("last") < pl.col("before"))
        .then(pl.lit("down from"))
        .otherwise(pl.lit("as in"))
    )
    return titles_from(
        met,
        pl.when(pl.col("before").is_not_null())
        .then(
            pl.format(
                "{}: {}% met {}, {} {}% in {}",
                "scope_name",
                pct(pl.col("last"), pl.lit(1.0)),
                "last_year",
                change,
                pct(pl.col("before"), pl.lit(1.0)),
                "before_year",
            )
        )
        .otherwise(
            pl.format("{}: {}% met {}", "scope_name", pct(pl.col("last"), pl.lit(1.0)), "last_year")
        ),
    )


def monthly_titles(
    compare: pl.DataFrame, this: str, last: str, closed: bool = False
) -> dict[str, str]:
    """This year's hours per director so far against last year's at the same month.
    `compare`: scope, scope_name, now, before (null when last year has no such month)."""
    per_director = (hours_text(pl.col("now")), hours_text(pl.col("before")))
    return titles_from(
        compare,
        pl.when(pl.col("before").is_null())
        .then(
            pl.format(
                "{}: {} hours per director{} in {}",
                pl.col("scope_name"),
                hours_text(pl.col("now")),
                pl.lit("" if closed else " so far"),
                pl.lit(this),
            )
        )
        .when(pl.col("now") >= pl.col("before"))
        .then(
            pl.format(
                "{}: {} is ahead of {} at the same month ({} vs {} hours per director)",
                pl.col("scope_name"),
                pl.lit(this),
                pl.lit(last),
                *per_director,
            )
        )
        .otherwise(
            pl.format(
                "{}: {} is behind {} at the same month ({} vs {} hours per director)",
                pl.col("scope_name"),
                pl.lit(this),
                pl.lit(last),
                *per_director,
            )
        ),
    )
