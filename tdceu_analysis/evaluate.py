"""Evaluate a fiscal year: the ledger (R1-R8) and each director's summary (R9-R11).

`evaluate(data, fy, as_of)` is what the command line, the notebooks and the
reports call. Years before the asked one are evaluated too, in order, because
a once-only course credited in an earlier year counts 0 later (R7).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from tdceu_analysis.catalog import event_row_for_year
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import (
    FiscalYear,
    fiscal_year,
    fiscal_year_of,
    fiscal_year_of_date,
    resolve_as_of,
)
from tdceu_analysis.io.load import InputData
from tdceu_analysis.policy import Policy, load_policy
from tdceu_analysis.rules.ledger import (
    COURSE_KEY,
    credited_once_only_courses,
    natural_record_order,
    year_ledger,
)
from tdceu_analysis.rules.status import year_summary


@dataclass(frozen=True)
class Evaluation:
    """One fiscal year evaluated at an as-of date; frames as in docs/engine-api.md."""

    fy: int
    as_of: dt.date
    fiscal_year: FiscalYear
    policy: Policy
    ledger: pl.DataFrame
    summary: pl.DataFrame
    rejects: pl.DataFrame
    source: str

    @property
    def closed(self) -> bool:
        return self.as_of >= self.fiscal_year.end

    @property
    def before_requirement(self) -> bool:
        """R1: the whole year precedes the requirement; every record counts 0."""
        return self.fiscal_year.end < self.policy.date("requirement_start")


def first_requirement_year(policy: Policy) -> int:
    return fiscal_year_of_date(policy.date("requirement_start"), policy)


def _records_with_events(data: InputData, policy: Policy) -> pl.LazyFrame:
    """Records in R5 order (date, then record_id), each with its catalogue row for its year.

    Sorted once here, on the narrow record frame, so each year's ledger keeps that order.
    """
    records = (
        data.records.lazy()
        .sort(["date", *natural_record_order()])
        .rename({"delivery": "delivery_override"})
        .with_columns(fiscal_year_of(pl.col("date"), policy).alias("fiscal_year"))
    )
    return event_row_for_year(data.events.drop("source", "origin"), records)


def _ledgers(
    data: InputData, fys: list[int], as_of: dt.date | None, policy: Policy, today: dt.date | None
) -> dict[int, tuple[pl.DataFrame, dt.date]]:
    """Ledgers of every year from the first requirement year to max(fys), in order."""
    first = first_requirement_year(policy)
    records = _records_with_events(data, policy).collect().lazy()
    credited = pl.DataFrame(
        schema={"director_id": pl.String, "event_id": pl.String, "session_key": pl.String}
    )
    ledgers: dict[int, tuple[pl.DataFrame, dt.date]] = {}
    for year in range(min(first, *fys), max(fys) + 1):
        year_policy = policy.for_year(year)
        fiscal = fiscal_year(year, year_policy)
        # earlier years are needed whole (R7), the asked years at their as-of date
        year_as_of = resolve_as_of(fiscal, as_of, today) if year in fys else fiscal.end
        ledger = year_ledger(records, credited.lazy(), year_policy, fiscal, year_as_of).collect()
        ledgers[year] = (ledger, year_as_of)
        newly = credited_once_only_courses(ledger.lazy()).collect()
        credited = pl.concat([credited, newly]).unique(subset=list(COURSE_KEY))
    return ledgers


def _check_policy(policy: Policy) -> None:
    # R2: surplus does not carry over; the switch records the choice, and a policy that
    # turns it on is refused rather than silently ignored.
    if policy.switch("carry_over_surplus"):
        raise UserError(
            "carry_over_surplus is true, but carrying surplus hours into the next year is "
            "not supported (rules.md R2): set it back to false"
        )


def _check_year(fy: int, policy: Policy) -> None:
    # A year before the requirement is evaluated like any other (R1: its records count
    # 0, `before_requirement`), so a ledger can show why; only absurd years are refused.
    first = first_requirement_year(policy)
    if not first - 50 <= fy <= first + 100:
        raise UserError(f"FY{fy} is not a fiscal year this tool can evaluate")


def evaluate(
    data: InputData,
    fy: int,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """Ledger and summary of year `fy` at `as_of` (default: today, or the year's end)."""
    policy = policy or load_policy(fy)
    _check_year(fy, policy)
    _check_policy(policy.for_year(fy))
    policy = policy.for_year(fy)
    fiscal = fiscal_year(fy, policy)
    resolve_as_of(fiscal, as_of, today)  # fail early on an as-of date before the year
    ledger, year_as_of = _ledgers(data, [fy], as_of, policy, today)[fy]
    summary = year_summary(
        ledger.lazy(), data.directors, data.districts, policy, fiscal, year_as_of
    ).collect()
    return Evaluation(
        fy=fy,
        as_of=year_as_of,
        fiscal_year=fiscal,
        policy=policy,
        ledger=ledger,
        summary=summary,
        rejects=data.rejects,
        source=data.source,
    )


@dataclass(frozen=True)
class YearsEvaluation:
    """Several fiscal years stacked: `ledger` and `summary` carry a fiscal_year column."""

    fys: tuple[int, ...]
    as_of: dict[int, dt.date]
    ledger: pl.DataFrame
    summary: pl.DataFrame
    rejects: pl.DataFrame
    source: str


def evaluate_years(
    data: InputData,
    fys: list[int] | None = None,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    today: dt.date | None = None,
) -> YearsEvaluation:
    """Every asked year (default: all years with records, up to the as-of date) in one pass."""
    base = policy or load_policy(2025)
    first = first_requirement_year(base)
    cutoff = as_of or today or dt.date.today()
    if fys is None:
        record_years = (
            data.records.select(fiscal_year_of(pl.col("date"), base).unique()).to_series().to_list()
        )
        fys = sorted(y for y in record_years if y >= first and fiscal_year(y, base).start <= cutoff)
    if not fys:
        raise UserError("no fiscal year to evaluate: the data has no records from FY25 on")
    for year in fys:
        _check_year(year, base)
        _check_policy(base.for_year(year))
    ledgers = _ledgers(data, fys, as_of, base, today)
    summaries = []
    for year in fys:
        year_policy = base.for_year(year)
        ledger, year_as_of = ledgers[year]
        summaries.append(
            year_summary(
                ledger.lazy(),
                data.directors,
                data.districts,
                year_policy,
                fiscal_year(year, year_policy),
                year_as_of,
            )
        )
    return YearsEvaluation(
        fys=tuple(fys),
        as_of={year: ledgers[year][1] for year in fys},
        ledger=pl.concat([ledgers[year][0] for year in fys]),
        summary=pl.concat(pl.collect_all(summaries)),
        rejects=data.rejects,
        source=data.source,
    )
