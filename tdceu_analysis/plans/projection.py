"""The year's end projected for leadership, two ways, with the method in a sentence.

- *If every director behind attends their plan*: those who met already, plus everyone with
  a plan (`find_plans`): N of M.
- *At last year's pace from this date*: of last year's directors who had not met by the
  same day of that year, the share who went on to meet by its end (p = k / n), applied to
  this year's directors not yet met (K): met now + p x K; the range is 90 % Wilson
  interval of p times K (a share from n people is uncertain; the range says how much).

`backtest(data, fy, as_of)` projects a closed year from its own as-of state and puts the
projection beside what the year came to.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import polars as pl

from tdceu_analysis.evaluate import evaluate, first_requirement_year
from tdceu_analysis.fiscal import fiscal_year
from tdceu_analysis.io.load import InputData
from tdceu_analysis.plans.search import Plans

Z_90 = 1.6449  # the normal quantile of a two-sided 90 % interval


@dataclass(frozen=True)
class Projection:
    """`frame`: one row per way (way, low, high, of); `sentence`: the projection and its
    method, as the board reads it."""

    frame: pl.DataFrame
    sentence: str
    short_sentence: str  # the same in fewer words (the one-page board summary)
    met_now: int
    in_scope: int
    pace: tuple[int, int] | None  # last year's k of n, or None without a last year


def same_day_a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def wilson(k: int, n: int, z: float = Z_90) -> tuple[float, float]:
    """The Wilson score interval of a share k / n."""
    if n == 0:
        return 0.0, 1.0
    share = k / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def last_years_pace(data: InputData, fy: int, as_of: dt.date) -> tuple[int, int] | None:
    """(k, n): of year fy - 1's directors not met by the same day, how many met by its end."""
    previous = fy - 1
    if previous < first_requirement_year(data.policy):
        return None
    day = same_day_a_year_before(as_of)
    then = evaluate(data, previous, day, explain=False).summary
    end_day = fiscal_year(previous, data.policy.for_year(previous)).end
    final = evaluate(data, previous, end_day, explain=False).summary
    behind = then.filter(pl.col("hours_needed") > 0).select("director_id")
    if behind.height == 0:
        return None
    met_later = behind.join(
        final.filter(pl.col("status") == "met").select("director_id"), on="director_id"
    )
    return met_later.height, behind.height


def _pace_range(met_now: int, not_met: int, pace: tuple[int, int]) -> tuple[int, int]:
    low, high = wilson(*pace)
    return met_now + math.floor(low * not_met), met_now + math.ceil(high * not_met)


def project_year(data: InputData, plans: Plans) -> Projection:
    """The projection of `plans`' year at its as-of date (see the module docstring)."""
    evaluation = plans.evaluation
    summary = evaluation.summary
    in_scope = summary.height
    met_now = summary.filter(pl.col("hours_needed") <= 0).height
    with_plan = plans.status.filter(pl.col("plan_status") == "plan").height
    pace = last_years_pace(data, evaluation.fy, evaluation.as_of)
    rows = [("attend their plans", met_now + with_plan, met_now + with_plan, in_scope)]
    label = evaluation.fiscal_year.label
    with_plans = f"if every director behind attends their plan, {met_now + with_plan} of {in_scope}"
    sentence = f"{with_plans[0].upper()}{with_plans[1:]} meet {label}"
    short = f"{with_plans} meet"
    if pace is not None:
        low, high = _pace_range(met_now, in_scope - met_now, pace)
        rows.append(("last year's pace", low, high, in_scope))
        k, n = pace
        then = same_day_a_year_before(evaluation.as_of)
        sentence += (
            f"; at last year's pace from this date, about {low}-{high}. Method: of last "
            f"year's directors who had not met by {then}, {k} of {n} went on to meet; that "
            f"share (a 90 % range for {n} people) is applied to the {in_scope - met_now} not "
            f"yet met, added to the {met_now} who have."
        )
        short += (
            f"; at last year's pace from {then:%b %-d}, about {low}-{high} (of last year's "
            f"directors not yet met then, {k} of {n} went on to meet: that share, with a 90 % "
            f"range, applied to the {in_scope - met_now} not yet met)."
        )
    else:
        sentence += ". There is no earlier year to compare the pace with."
        short += "."
    frame = pl.DataFrame(
        rows,
        schema={"way": pl.String, "low": pl.Int64, "high": pl.Int64, "of": pl.Int64},
        orient="row",
    )
    return Projection(frame, sentence, short, met_now, in_scope, pace)


def backtest(data: InputData, fy: int, as_of: dt.date) -> pl.DataFrame:
    """A closed year projected at its pace from `as_of`, beside what it came to: one row
    (fiscal_year, as_of, met_then, not_met_then, pace_k, pace_n, low, high, met_at_end,
    in_scope: the same directors, in scope at `as_of`)."""
    then = evaluate(data, fy, as_of, explain=False).summary
    end_day = fiscal_year(fy, data.policy.for_year(fy)).end
    final = evaluate(data, fy, end_day, explain=False).summary
    met_then = then.filter(pl.col("hours_needed") <= 0).height
    pace = last_years_pace(data, fy, as_of)
    low, high = (
        _pace_range(met_then, then.height - met_then, pace) if pace else (met_then, then.height)
    )
    return pl.DataFrame(
        {
            "fiscal_year": [fy],
            "as_of": [as_of],
            "met_then": [met_then],
            "not_met_then": [then.height - met_then],
            "pace_k": [pace[0] if pace else None],
            "pace_n": [pace[1] if pace else None],
            "low": [low],
            "high": [high],
            # the same directors (those in scope at the as-of date) at the year's end
            "met_at_end": [
                final.filter(pl.col("status") == "met")
                .join(then.select("director_id"), on="director_id")
                .height
            ],
            "in_scope": [then.height],
        }
    )
