"""Fiscal years (R1): FY N runs from the policy's start month and day of year N-1 to the day
before them in year N (FY26 = 2025-10-01 .. 2026-09-30 under the shipped policy)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.policy import Policy, shipped_policy

_FY_PATTERN = re.compile(r"^\s*(?:fy\s*)?(\d{2}|\d{4})\s*$", re.IGNORECASE)


def parse_fiscal_year(text: str | int) -> int:
    """'2026', 'FY26', 'fy2026' or 2026 -> 2026."""
    match = _FY_PATTERN.match(str(text))
    if not match:
        raise UserError(f"'{text}' is not a fiscal year: write 2026 or FY26")
    digits = match.group(1)
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def fy_label(fy: int) -> str:
    return f"FY{fy % 100:02d}"


@dataclass(frozen=True)
class FiscalYear:
    fy: int
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return fy_label(self.fy)

    @property
    def span_days(self) -> int:
        """Days from the first to the last day (364 or 365)."""
        return (self.end - self.start).days


# R1: FY N starts on the policy's start month/day of year N-1 and ends the day before FY N+1
def fiscal_year(fy: int, policy: Policy) -> FiscalYear:
    month = int(policy.value("fiscal_year_start_month"))
    day = int(policy.value("fiscal_year_start_day"))
    start = dt.date(fy - 1, month, day)
    end = dt.date(fy, month, day) - dt.timedelta(days=1)
    return FiscalYear(fy=fy, start=start, end=end)


def fiscal_year_of(date: pl.Expr, policy: Policy) -> pl.Expr:
    """R1: the fiscal year containing `date` (a date expression)."""
    month = int(policy.value("fiscal_year_start_month"))
    day = int(policy.value("fiscal_year_start_day"))
    after_start = (date.dt.month() > month) | ((date.dt.month() == month) & (date.dt.day() >= day))
    return (date.dt.year() + after_start.cast(pl.Int32)).cast(pl.Int32)


def fiscal_year_of_date(date: dt.date, policy: Policy) -> int:
    month = int(policy.value("fiscal_year_start_month"))
    day = int(policy.value("fiscal_year_start_day"))
    return date.year + (1 if (date.month, date.day) >= (month, day) else 0)


def current_fiscal_year(today: dt.date | None = None, policy: Policy | None = None) -> int:
    """R1: the fiscal year that contains `today` (default: the machine's date)."""
    return fiscal_year_of_date(today or dt.date.today(), policy or shipped_policy())


def resolve_as_of(fy: FiscalYear, as_of: dt.date | None, today: dt.date | None = None) -> dt.date:
    """R11: the as-of date: given, or today; never past the year's last day."""
    today = today or dt.date.today()
    chosen = as_of or today
    if chosen < fy.start:
        raise UserError(
            f"{fy.label} starts on {fy.start.isoformat()}: an as-of date of "
            f"{chosen.isoformat()} is before it"
        )
    return min(chosen, fy.end)
