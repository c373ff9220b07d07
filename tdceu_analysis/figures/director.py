"""04 one director's year: every record with the hours counted and why, cumulative hours
against the pace line, and the strands covered.

The figures take the page's `PageScope` (its `director_id`); with a picker (the exported
page) they carry the rows of every director they can switch to, and a select box picks one.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.figures.at_risk import at_risk_table
from tdceu_analysis.figures.figure import PICKER_PREFIX, SCOPE, Figure, Picker, Title
from tdceu_analysis.figures.html import (
    Follow,
    Html,
    card_markup,
    cards,
    cto_badge_cell,
    status_badge_cell,
)
from tdceu_analysis.figures.scope import (
    ALL_REGIONS,
    PageScope,
    check_choice,
    per_evaluation,
    titles_from,
)
from tdceu_analysis.figures.statewide import year_phrase
from tdceu_analysis.figures.strands import strand_names
from tdceu_analysis.rules.strands import strand_hours
from tdceu_analysis.vocabulary import cto_label, hours_text, reason_label

PICKER_NAME = "director"


def director_labels(summary: pl.DataFrame) -> pl.DataFrame:
    """director_id, label ("District: Name", the id added when two would read alike),
    region, district_code, sorted by label."""
    label = pl.format("{}: {}", "district_name", "name")
    return (
        summary.select("director_id", "region", "district_code", label.alias("label"))
        .with_columns(told_apart("{} ({})"))
        .sort("label")
    )


def told_apart(twin: str) -> pl.Expr:
    """The `label` column with the director's id added where two labels read alike
    (`twin`: a format of the label and the id, e.g. "{} ({})")."""
    return (
        pl.when(pl.col("label").is_duplicated())
        .then(pl.format(twin, "label", "director_id"))
        .otherwise(pl.col("label"))
        .alias("label")
    )


def default_director(evaluation: Evaluation) -> str:
    """The most urgent director of the at-risk list who has counted hours this year (a
    page about someone with nothing on file says little), else the first by label."""
    return per_evaluation(evaluation, "default_director", lambda: _default_director(evaluation))


def _default_director(evaluation: Evaluation) -> str:
    with_records = evaluation.summary.filter(pl.col("total_hours") > 0).select("director_id")
    urgent = at_risk_table(evaluation).join(with_records, on="director_id", how="semi")
    if urgent.height:
        return str(urgent.get_column("director_id").first())
    labels = director_labels(evaluation.summary)
    if labels.height == 0:
        raise UserError(f"no director is in scope in {evaluation.fiscal_year.label}")
    return str(labels.get_column("director_id").first())


@dataclass(frozen=True)
class Directors:
    """The directors a figure shows (`labels`: director_id, label, ...) and the chosen one."""

    labels: pl.DataFrame
    director_id: str
    label: str
    picker: bool

    def title(self, titles: dict[str, str]) -> Title:
        """`titles` by director_id: one title, or a picker over the directors."""
        options = tuple(self.labels.get_column("director_id").to_list())
        if self.picker and len(options) > 1:
            return Picker(
                name=f"{PICKER_PREFIX}{PICKER_NAME}",
                label="Director",
                options=options,
                labels=tuple(self.labels.get_column("label").to_list()),
                value=self.director_id,
                titles={o: titles.get(o, o) for o in options},
            )
        return titles.get(self.director_id, self.label)

    def follow(self) -> Follow | None:
        """HTML following the exported page's director box; None when one director is shown."""
        if self.picker and self.labels.height > 1:
            return Follow(f"{PICKER_PREFIX}{PICKER_NAME}", self.director_id)
        return None


def choose_directors(page: PageScope) -> Directors:
    """The chosen director (`page.director_id`, default: `default_director`) and, with a
    picker, every other director of the region or district chosen (all in scope when none
    is)."""
    evaluation, region, district = page.evaluation, page.region, page.district
    director_id = page.director_id
    summary = evaluation.summary
    check_choice(summary, region, district)
    if district is not None:
        among = pl.col("district_code") == district
    elif region is not None and region != ALL_REGIONS:
        among = pl.col("region") == region
    else:
        among = pl.lit(True)
    # every figure of the page asks on every pick: the labels of a scope are made once
    labels = per_evaluation(
        evaluation,
        ("director_labels", region if district is None else None, district),
        lambda: director_labels(summary.filter(among)),
    )
    if labels.height == 0:
        raise UserError(f"no director is in scope in {evaluation.fiscal_year.label}")
    ids = labels.get_column("director_id").to_list()
    if director_id is None:
        director_id = default_director(evaluation)
        if director_id not in ids:
            director_id = ids[0]
    elif director_id not in ids:
        raise UserError(
            f"director '{director_id}' is not in scope in {evaluation.fiscal_year.label}"
            + (" for the chosen region or district" if len(ids) < evaluation.summary.height else "")
        )
    chosen = labels.filter(pl.col("director_id") == director_id)
    if not page.picker:
        labels = chosen
    return Directors(labels, director_id, str(chosen.get_column("label").first()), page.picker)


# ---------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------


def director_records(evaluation: Evaluation, director_ids: list[str]) -> pl.DataFrame:
    """Every record of the year of these directors, in date order: director_id, date,
    event, category, delivery, strands, claimed, counted, reason, reason_code,
    explanation, counts."""
    names = evaluation.policy.strands
    return (
        evaluation.ledger.filter(pl.col("director_id").is_in(director_ids))
        .sort("director_id", "date", "record_id")
        .select(
            "director_id",
            "record_id",
            pl.col("date"),
            pl.coalesce(
                pl.format("{} ({})", "event_name", "session"), "event_name", "event_id"
            ).alias("event"),
            pl.col("category").replace_strict({"alet": "ALET", "external": "External"}),
            pl.col("delivery").str.replace("_", "-"),
            pl.col("strands")
            .list.eval(pl.element().replace_strict(names, default=pl.element()))
            .list.join("; ")
            .alias("strands"),
            pl.col("hours_claimed").alias("claimed"),
            pl.col("hours_counted").alias("counted"),
            reason_label(evaluation.policy),
            pl.col("reason").alias("reason_code"),
            # a record counted in full needs no more words than that (its event and hours
            # are beside it): page 04 holds every record of the year, ~90% of them counted
            pl.when(pl.col("reason") == "counted")
            .then(pl.lit("Counted in full."))
            .otherwise(pl.col("explanation"))
            .alias("explanation"),
            (pl.col("hours_counted") > 0).alias("counts"),
        )
    )


def cumulative_hours(
    evaluation: Evaluation, labels: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Counted and ALET hours, cumulative by date, from the year's start to the as-of
    date (scope, date, hours, alet_hours), and the pace line (scope, date, pace)."""
    fiscal = evaluation.fiscal_year
    ids = labels.select("director_id", pl.col("director_id").alias(SCOPE))
    daily = (
        evaluation.ledger.filter(pl.col("hours_counted") > 0)
        .join(ids, on="director_id")
        .group_by(SCOPE, "date")
        .agg(
            pl.col("hours_counted").sum().alias("hours"),
            pl.col("hours_counted").filter(pl.col("category") == "alet").sum().alias("alet_hours"),
        )
    )
    ends = ids.select(SCOPE).join(
        pl.DataFrame({"date": [fiscal.start, evaluation.as_of]}), how="cross"
    )
    steps = (
        pl.concat(
            [ends.with_columns(pl.lit(0.0).alias("hours"), pl.lit(0.0).alias("alet_hours")), daily],
            how="diagonal_relaxed",
        )
        .group_by(SCOPE, "date")
        .agg(pl.col("hours").sum(), pl.col("alet_hours").sum())
        .sort(SCOPE, "date")
        .with_columns(
            pl.col("hours").cum_sum().over(SCOPE),
            pl.col("alet_hours").cum_sum().over(SCOPE),
        )
    )
    required = evaluation.summary.select("director_id", "required_hours").join(
        ids, on="director_id"
    )
    pace = required.join(
        pl.DataFrame({"date": [fiscal.start, fiscal.end], "share": [0.0, 1.0]}), how="cross"
    ).select(SCOPE, "date", (pl.col("required_hours") * pl.col("share")).alias("pace"))
    return steps, pace


def strand_coverage(evaluation: Evaluation, labels: pl.DataFrame) -> pl.DataFrame:
    """Counted hours per strand of each director (equal split), every strand listed:
    scope, strand, strand_name, strand_index, hours."""
    names = strand_names(evaluation)
    ids = labels.select("director_id", pl.col("director_id").alias(SCOPE))
    hours = (
        strand_hours(evaluation.ledger.join(ids, on="director_id", how="semi"), "equal_split")
        .collect()
        .join(ids, on="director_id")
        .group_by(SCOPE, "strand")
        .agg(pl.col("hours").sum())
    )
    return (
        ids.select(SCOPE)
        .join(names, how="cross")
        .join(hours, on=[SCOPE, "strand"], how="left")
        .with_columns(pl.col("hours").fill_null(0.0))
        .sort(SCOPE, "strand_index")
    )


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def director_card(page: PageScope) -> Html:
    """Who, where, and where they stand this year (with a picker: a card per director,
    the picked one shown)."""
    evaluation = page.evaluation
    chosen = choose_directors(page)
    rows = evaluation.summary.join(chosen.labels, on="director_id", how="semi").sort(
        "district_name", "name"
    )
    h = hours_text
    cto = cto_label(evaluation.policy)
    facts = [
        ("District", pl.format("{} ({} region)", "district_name", "region")),
        ("Year", pl.lit(year_phrase(evaluation))),
        (
            "Counted",
            pl.format(
                "{} of {} hours ({} ALET, {} external, {} in person)",
                h(pl.col("total_hours")),
                h(pl.col("required_hours")),
                h(pl.col("alet_hours")),
                h(pl.col("external_hours")),
                h(pl.col("in_person_hours")),
            ),
        ),
        (
            "Still needed",
            pl.format(
                "{} hours ({} from ALET)", h(pl.col("hours_needed")), h(pl.col("alet_hours_needed"))
            ),
        ),
        (
            "Pending",
            pl.format(
                "{} claimed hours wait on an assignment or evidence", h(pl.col("pending_hours"))
            ),
        ),
        ("In the role since", pl.col("role_start").dt.to_string("%Y-%m-%d")),
        (
            "CTO Academy",
            pl.concat_str(
                cto,
                pl.format(", deadline {}", pl.col("cto_academy_deadline").dt.to_string("%Y-%m-%d")),
                ignore_nulls=True,
            ),
        ),
    ]
    badges = pl.concat_str(status_badge_cell(), pl.lit(" "), cto_badge_cell(evaluation.policy))
    return cards(
        rows, card_markup(pl.col("name"), badges, facts), chosen.follow(), pl.col("director_id")
    )


def _names(evaluation: Evaluation) -> pl.DataFrame:
    return evaluation.summary.select(pl.col("director_id").alias(SCOPE), "name")


def _director_titles(evaluation: Evaluation, chosen: Directors) -> dict[str, str]:
    summary = evaluation.summary.join(
        chosen.labels.select("director_id", pl.col("director_id").alias(SCOPE)), on="director_id"
    )
    gap = pl.col("total_hours") - pl.col("pace_hours")
    text = (
        pl.when(pl.col("status") == "met")
        .then(
            pl.format(
                "{}: met {} with {} counted hours",
                "name",
                pl.lit(evaluation.fiscal_year.label),
                hours_text(pl.col("total_hours")),
            )
        )
        .when(pl.col("status") == "not_met")
        .then(
            pl.format(
                "{}: did not meet {}, {} hours short",
                "name",
                pl.lit(evaluation.fiscal_year.label),
                hours_text(pl.col("hours_needed")),
            )
        )
        .otherwise(
            pl.format(
                "{}: {} of {} hours counted, {} hours {} the pace",
                "name",
                hours_text(pl.col("total_hours")),
                hours_text(pl.col("required_hours")),
                hours_text(gap.abs()),
                pl.when(gap >= 0).then(pl.lit("ahead of")).otherwise(pl.lit("behind")),
            )
        )
    )
    return titles_from(summary, text)


def cumulative_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    chosen = choose_directors(page)
    steps, pace = cumulative_hours(evaluation, chosen.labels)
    return Figure(
        "cumulative_hours",
        steps,
        chosen.title(_director_titles(evaluation, chosen)),
        f"Counted and ALET hours over {year_phrase(evaluation)}; dashed: the straight-line pace "
        "to the minimum; dotted: the as-of date",
        {"pace": pace, "as_of": evaluation.as_of},
    )


def director_strands_figure(page: PageScope) -> Figure:
    evaluation = page.evaluation
    chosen = choose_directors(page)
    frame = strand_coverage(evaluation, chosen.labels)
    yet, so_far = ("", "") if evaluation.closed else (" yet", " so far")
    per = (
        frame.group_by(SCOPE)
        .agg(
            (pl.col("hours") > 0).sum().alias("covered"),
            pl.len().alias("strands"),
            pl.col("strand_name").filter(pl.col("hours") == 0).str.join(", ").alias("missing"),
        )
        .join(_names(evaluation), on=SCOPE)
    )
    titles = titles_from(
        per,
        pl.when(pl.col("covered") == pl.col("strands"))
        .then(pl.format("{}: all {} strands covered", "name", "strands"))
        .when(pl.col("covered") == 0)
        .then(pl.format("{}: no strand covered{}", "name", pl.lit(yet)))
        .when(pl.col("strands") - pl.col("covered") <= 2)
        .then(
            pl.format(
                "{}: {} of {} strands covered; none yet in {}",
                "name",
                "covered",
                "strands",
                "missing",
            )
        )
        .otherwise(
            pl.format(
                "{}: {} of {} strands covered{}", "name", "covered", "strands", pl.lit(so_far)
            )
        ),
    )
    return Figure(
        "director_strands",
        frame,
        chosen.title(titles),
        f"Counted hours per strand, {year_phrase(evaluation)}",
    )
