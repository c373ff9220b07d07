"""Engine-only rule views the plain reference does not model: R6 strand coverage
(equal split vs full count) and R9 pro-rating for a mid-year start."""

from datetime import date

import pytest
from rulecases import director, engine_evaluate, engine_inputs, rec

from tdceu_analysis.rules.strands import strand_hours


def strand_totals(ledger, view):
    totals = strand_hours(ledger, view).group_by("strand").agg("hours").collect()
    return {row["strand"]: sum(row["hours"]) for row in totals.to_dicts()}


def test_an_hour_aligned_to_two_strands_gives_each_half_in_the_equal_split_view():
    data = engine_inputs(
        [director()],
        [
            rec("r1", "alet-winter-conference", "2026-02-10", 3, "cyber;roles", session="A"),
            rec("r2", "alet-winter-conference", "2026-02-10", 2, "cyber", session="B"),
        ],
    )
    ledger = engine_evaluate(data, 2026, date(2026, 9, 30)).ledger
    # r1: 3 hours over two strands = 1.5 each; r2: 2 hours to cyber -> cyber 3.5, roles 1.5
    assert strand_totals(ledger, "equal_split") == {"cyber": 3.5, "roles": 1.5}
    # equal split adds up to the counted hours: 3.5 + 1.5 = 5 = 3 + 2
    assert sum(strand_totals(ledger, "equal_split").values()) == ledger["hours_counted"].sum()
    # full view: r1's 3 hours go to each of its strands -> cyber 5, roles 3
    assert strand_totals(ledger, "full") == {"cyber": 5.0, "roles": 3.0}


def test_hours_that_did_not_count_cover_no_strand():
    data = engine_inputs(
        [director()],
        [rec("r1", "ext-iste", "2026-06-29", 3, "teaching", assignment="no")],
    )
    ledger = engine_evaluate(data, 2026, date(2026, 9, 30)).ledger
    assert strand_totals(ledger, "equal_split") == {}


def test_an_unknown_strand_view_is_refused():
    data = engine_inputs([director()], [rec("r1", "alet-winter-conference", "2026-02-10", 1)])
    with pytest.raises(ValueError, match="strand view"):
        strand_hours(engine_evaluate(data, 2026, date(2026, 9, 30)).ledger, "half")


@pytest.mark.parametrize(
    ("sentence", "prorate", "required", "required_alet", "status"),
    [
        # default: the full 12 (6 ALET) are owed whatever the start date
        ("without pro-rating a mid-year start owes the full year", False, 12.0, 6.0, "not_met"),
        # 2026-04-01 .. 2026-09-30 = 183 of FY26's 365 days:
        # 12 x 183/365 = 6.0164 -> 6.02 (rounded up); 6 x 183/365 = 3.0082 -> 3.01
        ("with pro-rating a mid-year start owes its share of the year", True, 6.02, 3.01, "met"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_pro_rating_a_director_who_started_mid_year(
    sentence, prorate, required, required_alet, status
):
    data = engine_inputs(
        [director(role_start="2026-04-01")],
        [rec("r1", "alet-summer-conference", "2026-06-20", 6.5, session="Day 1")],
    )
    policy = {"prorate_mid_year_start": True} if prorate else None
    summary = engine_evaluate(data, 2026, date(2026, 9, 30), policy).summary.row(0, named=True)
    assert summary["started_mid_year"] is True
    assert (summary["required_hours"], summary["required_alet_hours"]) == (required, required_alet)
    assert summary["status"] == status


def test_carrying_surplus_over_is_refused_not_ignored():
    from tdceu_analysis.errors import UserError

    data = engine_inputs([director()], [rec("r1", "alet-winter-conference", "2026-02-10", 1)])
    with pytest.raises(UserError, match="carry_over_surplus"):
        engine_evaluate(data, 2026, date(2026, 9, 30), {"carry_over_surplus": True})
