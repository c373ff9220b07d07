"""The board's one-page summary: frames and sentences against counts made by hand."""

from __future__ import annotations

import csv
import datetime as dt

import polars as pl
import pytest
from shared import AS_OF_DATE as SAMPLE_AS_OF
from small_state import CLOSED

from tdceu_analysis import evaluate_years, load_folder, load_frames
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.figures.summary import (
    FIGURES,
    behind_sentence,
    board_summary,
    clock_sentence,
    closed_sentence,
    least_sentence,
    pace_sentence,
    status_counts,
    trend_sentence,
)
from tdceu_analysis.policy import load_policy
from tdceu_analysis.vocabulary import CLOSED_STATUSES, OPEN_STATUSES

OPEN = dt.date(2026, 11, 28)


def test_small_state_at_the_open_as_of(years):
    s = board_summary(years, OPEN)
    assert (s.closed_year, s.open_year, s.strands_year) == (2026, 2027, 2026)
    # FY26 closed: A1 met (12 h); B1 (6 h), C1 (6 h, 3 pending), X1 (0 h) not met
    assert s.closed_result.rows() == [("met", 1, 0.25), ("not_met", 3, 0.75)]
    assert s.sentences["closed_result"] == (
        "In FY26 (closed), 1 of 4 directors (25%) met the 12-hour requirement "
        "(6 from ALET events); 3 did not."
    )
    # FY27 open on Nov 28: A1 has 2 h, above the pace 12 x 58/364 = 1.9; the others 0 h
    assert s.pace.select("status", "directors").rows() == [
        ("met", 0),
        ("on_track", 1),
        ("at_risk", 3),
        ("critical", 0),
    ]
    assert s.behind.rows() == [(3, 0, 4)]
    assert s.sentences["behind"].startswith("3 directors are behind the pace in FY27; 0 of them")
    assert "(6 or more hours still needed with 90 days or fewer left)" in s.sentences["behind"]
    assert s.sentences["pace"] == (
        "In FY27 as of 2026-11-28, 0 of 4 directors have already met, 1 is on pace "
        "and 3 are behind it, with 306 days left."
    )
    # trend: FY26 1 of 4 met (closed); FY27 none yet (open)
    assert s.trend.select("year", "closed", "directors", "met").rows() == [
        ("FY26", True, 4, 1),
        ("FY27", False, 4, 0),
    ]
    assert s.sentences["trend"] == "FY26 is the only closed year so far: 25% of directors met."
    # FY26 strands, equal split over 4 directors: roles 8, teaching 4/2 + 3, cyber 4/2,
    # planning 3, ethics 6, data 0 (C1's K12SIX is pending: 0 counted)
    least = s.least_served.select("strand", "hours", "hours_per_director", "rank").rows()
    assert least == [
        ("data", 0.0, 0.0, 1),
        ("cyber", 2.0, 0.5, 2),
        ("planning", 3.0, 0.75, 3),
        ("teaching", 5.0, 1.25, 4),
        ("ethics", 6.0, 1.5, 5),
        ("roles", 8.0, 2.0, 6),
    ]
    assert s.sentences["least_served"] == (
        "The least-served strands in FY26 were Data Management and Governance (0 h), "
        "IT Management and Cybersecurity (0.5 h) and Technology Planning and Budgeting "
        "(0.75 h): counted hours per director in scope."
    )
    # X1 started 2025-12-01: deadline 2027-12-01, 12 months away: neither overdue nor due soon
    assert s.cto_clocks.height == 0
    assert s.sentences["cto_clocks"].startswith(
        "On 2026-11-28 no CTO Academy clock is overdue or due within 6 months"
    )
    assert set(s.sentences) == set(FIGURES)


def test_no_open_year(closed_years):
    s = board_summary(closed_years, CLOSED)
    assert (s.closed_year, s.open_year) == (2026, None)
    assert s.pace.height == 0 and s.behind.height == 0
    assert s.sentences["pace"] == "No fiscal year is open on 2026-09-30."
    assert s.sentences["behind"] == "No year is open, so no director is behind the pace."
    assert s.sentences["closed_result"].startswith("In FY26 (closed), 1 of 4 directors (25%)")


def test_no_closed_year(state):
    as_of = dt.date(2026, 6, 1)
    s = board_summary(evaluate_years(state, [2026], as_of=as_of), as_of)
    assert (s.closed_year, s.open_year, s.strands_year) == (None, 2026, 2026)
    assert s.closed_result.height == 0
    assert s.sentences["closed_result"] == (
        "No fiscal year has closed yet, so no year's result is final."
    )
    assert s.sentences["trend"] == "No year has closed yet, so there is no trend to show."
    # on Jun 1 A1 has 12 h (met), B1 3 h, C1 6 h (of 12: below the pace 8), X1 0 h
    assert s.pace.select("status", "directors").rows() == [
        ("met", 1),
        ("on_track", 0),
        ("at_risk", 3),
        ("critical", 0),
    ]


def test_cto_clock_due_soon_then_overdue(state):
    # X1's deadline is 2027-12-01: due soon from 2027-06-01, overdue after it
    soon = dt.date(2027, 7, 1)
    s = board_summary(evaluate_years(state, [2026, 2027], as_of=soon), soon)
    assert s.cto_clocks.select("director_id", "deadline", "status", "months_left").rows() == [
        ("X1", dt.date(2027, 12, 1), "due_soon", 5)
    ]
    assert s.sentences["cto_clocks"].startswith(
        "On 2027-07-01, 0 CTO Academy clocks are overdue and 1 is due within 6 months"
    )
    late = dt.date(2027, 12, 2)
    s = board_summary(evaluate_years(state, [2026, 2027], as_of=late), late)
    assert (s.closed_year, s.open_year) == (2027, None)
    assert s.cto_clocks.select("director_id", "status", "months_left").rows() == [
        ("X1", "overdue", -1)
    ]
    assert "1 CTO Academy clock is overdue and 0 are due" in s.sentences["cto_clocks"]


def test_one_director():
    frames = load_frames(
        directors=pl.DataFrame(
            {
                "director_id": ["A1"],
                "name": ["Ann"],
                "district_code": ["D1"],
                "role_start": ["2019-07-01"],
            }
        ),
        districts=pl.DataFrame(
            {
                "district_code": ["D1"],
                "district_name": ["Alpha"],
                "district_type": ["city"],
                "region": ["North"],
            }
        ),
        records=pl.DataFrame(
            {
                "record_id": ["r1", "r2"],
                "director_id": ["A1", "A1"],
                "event_id": ["alet-winter-conference", "alet-winter-conference"],
                "session": ["", ""],
                "date": ["2025-02-10", "2026-02-10"],
                "hours": ["12", "4"],
                "strands": ["roles", "roles"],
                "assignment_complete": ["", ""],
                "evidence_uploaded": ["", ""],
            }
        ),
    )
    s = board_summary(evaluate_years(frames, as_of=CLOSED), CLOSED)
    # FY25: 12 h met; FY26: 4 h not met
    assert s.trend.select("year", "directors", "met").rows() == [("FY25", 1, 1), ("FY26", 1, 0)]
    assert s.sentences["trend"] == (
        "The share of directors who met fell from 100% in FY25 to 0% in FY26."
    )
    assert s.sentences["closed_result"] == (
        "In FY26 (closed), 0 of 1 director (0%) met the 12-hour requirement "
        "(6 from ALET events); 1 did not."
    )
    assert s.least_served.filter(pl.col("strand") == "roles")["hours_per_director"].item() == 4.0


@pytest.fixture(scope="module")
def sample_summary():
    years = evaluate_years(load_folder(sample_folder()), as_of=SAMPLE_AS_OF)
    return years, board_summary(years, SAMPLE_AS_OF)


def _hand_rows(years, fy):
    """The year's summary as plain dict rows, to count by hand."""
    return years.year(fy).summary.to_dicts()


def test_sample_counts_match_a_hand_count(sample_summary):
    years, s = sample_summary
    assert (s.closed_year, s.open_year) == (2026, 2027)
    fy26 = _hand_rows(years, 2026)
    met = sum(1 for row in fy26 if row["status"] == "met")
    assert s.closed_result.rows() == [
        ("met", met, met / len(fy26)),
        ("not_met", len(fy26) - met, (len(fy26) - met) / len(fy26)),
    ]
    share = round(met * 100 / len(fy26))
    assert f"{met} of {len(fy26)} directors ({share}%) met" in s.sentences["closed_result"]
    fy27 = _hand_rows(years, 2027)
    for status in ("met", "on_track", "at_risk", "critical"):
        hand = sum(1 for row in fy27 if row["status"] == status)
        assert s.pace.filter(pl.col("status") == status)["directors"].item() == hand
    behind = sum(1 for row in fy27 if row["status"] in ("at_risk", "critical"))
    assert s.behind["behind"].item() == behind
    assert s.sentences["behind"].startswith(f"{behind} directors are behind the pace in FY27")
    for fy in years.fys:
        rows = _hand_rows(years, fy)
        trend = s.trend.filter(pl.col("fiscal_year") == fy).row(0, named=True)
        assert (trend["directors"], trend["met"]) == (
            len(rows),
            sum(1 for row in rows if row["status"] == "met"),
        )
    # CTO clocks on Nov 28, 2026: FY27 directors still in the role, overdue or due soon
    clocked = sorted(
        row["director_id"]
        for row in fy27
        if row["cto_academy_deadline"] is not None
        and (row["cto_academy_completed"] is None or row["cto_academy_completed"] > SAMPLE_AS_OF)
        and row["cto_academy_deadline"] < dt.date(2027, 5, 28)  # 6 months after the as-of
        and (row["role_end"] is None or row["role_end"] >= SAMPLE_AS_OF)
    )
    assert sorted(s.cto_clocks["director_id"].to_list()) == clocked


def test_sample_strands_add_up_to_the_counted_hours(sample_summary):
    years, s = sample_summary
    # equal split: the strand totals add up to the year's counted hours of directors in scope
    counted = sum(row["total_hours"] for row in _hand_rows(years, 2026))
    assert s.least_served["hours"].sum() == pytest.approx(counted)
    assert s.least_served["rank"].to_list() == [1, 2, 3, 4, 5, 6]
    per = s.least_served["hours_per_director"].to_list()
    assert per == sorted(per)


def test_the_contract_summary_agrees(sample_summary, tmp_path):
    # the FY26 met count is the count of "met" rows in what `tdceu evaluate` writes
    years, s = sample_summary
    years.year(2026).summary.select("director_id", "status").write_csv(tmp_path / "s.csv")
    with open(tmp_path / "s.csv", encoding="utf-8") as handle:
        met = sum(1 for row in csv.DictReader(handle) if row["status"] == "met")
    assert s.closed_result.filter(pl.col("status") == "met")["directors"].item() == met


def test_status_counts_keeps_zero_rows():
    frame = pl.DataFrame({"status": ["met", "met", "at_risk"]})
    assert status_counts(frame, ("met", "on_track", "at_risk")).rows() == [
        ("met", 2, 2 / 3),
        ("on_track", 0, 0.0),
        ("at_risk", 1, 1 / 3),
    ]


# Every sentence for 0, 1 and many, on tiny frames: the count agrees with its noun and verb.

POLICY = load_policy(2026)
ONE_EACH = POLICY.with_overrides(
    {"critical_days_left": 1, "cto_academy_window_months": 1, "cto_academy_due_soon_months": 1}
)
DAY = dt.date(2026, 11, 28)


def _statuses(**counts: int) -> pl.DataFrame:
    """A tiny summary: `counts` directors of each status."""
    rows = [status for status, count in counts.items() for _ in range(count)]
    return pl.DataFrame({"status": rows}, schema={"status": pl.String})


def _table(cases: list[tuple[str, object, str]]):
    """Cases named as the sentence they check: (name, input, expected)."""
    return pytest.mark.parametrize(
        ("given", "expected"),
        [(given, expected) for _, given, expected in cases],
        ids=[name for name, _, _ in cases],
    )


CLOSED_CASES = [
    (
        "none of many met",
        _statuses(not_met=3),
        "In FY26 (closed), 0 of 3 directors (0%) met the 12-hour requirement "
        "(6 from ALET events); 3 did not.",
    ),
    (
        "one of one met",
        _statuses(met=1),
        "In FY26 (closed), 1 of 1 director (100%) met the 12-hour requirement "
        "(6 from ALET events); 0 did not.",
    ),
    (
        "one of many met",
        _statuses(met=1, not_met=2),
        "In FY26 (closed), 1 of 3 directors (33%) met the 12-hour requirement "
        "(6 from ALET events); 2 did not.",
    ),
    ("no director in scope", _statuses(), "FY26 closed with no director in scope."),
]


@_table(CLOSED_CASES)
def test_the_closed_year_sentence(given, expected):
    counts = status_counts(given, CLOSED_STATUSES)
    assert closed_sentence("FY26", counts, POLICY) == expected


def _trend(*years: tuple[str, bool, int, int]) -> pl.DataFrame:
    return pl.DataFrame(years, schema=["year", "closed", "directors", "met"], orient="row")


TREND_CASES = [
    (
        "no closed year",
        _trend(("FY27", False, 4, 0)),
        "No year has closed yet, so there is no trend to show.",
    ),
    (
        "one closed year",
        _trend(("FY26", True, 1, 1), ("FY27", False, 1, 0)),
        "FY26 is the only closed year so far: 100% of directors met.",
    ),
    (
        "many closed years rose",
        _trend(("FY25", True, 4, 1), ("FY26", True, 4, 3)),
        "The share of directors who met rose from 25% in FY25 to 75% in FY26.",
    ),
    (
        "many closed years held",
        _trend(("FY25", True, 2, 1), ("FY26", True, 4, 2)),
        "The share of directors who met held at 50% in FY26.",
    ),
]


@_table(TREND_CASES)
def test_the_trend_sentence(given, expected):
    assert trend_sentence(given) == expected


PACE_CASES = [
    (
        "one has met one is on pace one is behind one day left",
        (_statuses(met=1, on_track=1, critical=1), 1),
        "In FY27 as of 2026-11-28, 1 of 3 directors has already met, 1 is on pace and "
        "1 is behind it, with 1 day left.",
    ),
    (
        "one of one has met none on pace none behind no day left",
        (_statuses(met=1), 0),
        "In FY27 as of 2026-11-28, 1 of 1 director has already met, 0 are on pace and "
        "0 are behind it, with 0 days left.",
    ),
    (
        "many have met many on pace many behind",
        (_statuses(met=2, on_track=3, at_risk=1, critical=1), 306),
        "In FY27 as of 2026-11-28, 2 of 7 directors have already met, 3 are on pace and "
        "2 are behind it, with 306 days left.",
    ),
    (
        "none of many has met",
        (_statuses(at_risk=2), 10),
        "In FY27 as of 2026-11-28, 0 of 2 directors have already met, 0 are on pace and "
        "2 are behind it, with 10 days left.",
    ),
    (
        "no director in scope",
        (_statuses(), 10),
        "In FY27 as of 2026-11-28 no director is in scope.",
    ),
]


@_table(PACE_CASES)
def test_the_pace_sentence(given, expected):
    summary, days_left = given
    counts = status_counts(summary, OPEN_STATUSES)
    assert pace_sentence("FY27", counts, DAY, days_left, DAY) == expected


def _behind(behind: int, critical: int) -> pl.DataFrame:
    return pl.DataFrame({"behind": [behind], "critical": [critical], "directors": [9]})


RULE = "(6 or more hours still needed with 90 days or fewer left)"
BEHIND_CASES = [
    ("no director is behind", (_behind(0, 0), POLICY), "No director is behind the pace in FY27."),
    (
        "one director is behind and is critical",
        (_behind(1, 1), POLICY),
        f"1 director is behind the pace in FY27, and is critical {RULE}.",
    ),
    (
        "one director is behind and is not critical",
        (_behind(1, 0), POLICY),
        f"1 director is behind the pace in FY27, and is not critical {RULE}.",
    ),
    (
        "many are behind and none is critical",
        (_behind(3, 0), POLICY),
        f"3 directors are behind the pace in FY27; 0 of them are critical {RULE}.",
    ),
    (
        "many are behind and one is critical",
        (_behind(3, 1), POLICY),
        f"3 directors are behind the pace in FY27; 1 of them is critical {RULE}.",
    ),
    (
        "many are behind and many are critical within one day",
        (_behind(3, 2), ONE_EACH),
        "3 directors are behind the pace in FY27; 2 of them are critical "
        "(6 or more hours still needed with 1 day or fewer left).",
    ),
]


@_table(BEHIND_CASES)
def test_the_behind_sentence(given, expected):
    behind, policy = given
    assert behind_sentence("FY27", behind, policy) == expected


def _strands(*per: tuple[str, float]) -> pl.DataFrame:
    return pl.DataFrame(per, schema=["strand_name", "hours_per_director"], orient="row")


LEAST_CASES = [
    ("no strand", (_strands(), 3), "No year has counted hours to spread over the strands."),
    (
        "one strand is named in the singular",
        (_strands(("Ethics", 1.0)), 3),
        "The least-served strand in FY26 was Ethics (1 h): counted hours per director in scope.",
    ),
    (
        "two strands are joined by and",
        (_strands(("Data", 0.0), ("Cyber", 0.5)), 3),
        "The least-served strands in FY26 were Data (0 h) and Cyber (0.5 h): counted hours "
        "per director in scope.",
    ),
    (
        "many strands are listed then joined by and",
        (_strands(("Data", 0.0), ("Cyber", 0.5), ("Planning", 0.75), ("Roles", 2.0)), 3),
        "The least-served strands in FY26 were Data (0 h), Cyber (0.5 h) and Planning "
        "(0.75 h): counted hours per director in scope.",
    ),
    ("no director in scope", (_strands(("Data", 0.0)), 0), "No director was in scope in FY26."),
]


@_table(LEAST_CASES)
def test_the_least_served_sentence(given, expected):
    least, in_scope = given
    assert least_sentence("FY26", least, in_scope, 3) == expected


def _clocks(*statuses: str) -> pl.DataFrame:
    return pl.DataFrame({"status": list(statuses)}, schema={"status": pl.String})


WITHIN = "(new directors finish the CTO Academy within 24 months of starting)"
CLOCK_CASES = [
    (
        "no clock is due",
        (_clocks(), POLICY),
        f"On 2026-11-28 no CTO Academy clock is overdue or due within 6 months {WITHIN}.",
    ),
    (
        "no clock is due within one month",
        (_clocks(), ONE_EACH),
        "On 2026-11-28 no CTO Academy clock is overdue or due within 1 month "
        "(new directors finish the CTO Academy within 1 month of starting).",
    ),
    (
        "one clock is overdue and none is due soon",
        (_clocks("overdue"), POLICY),
        f"On 2026-11-28, 1 CTO Academy clock is overdue and 0 are due within 6 months {WITHIN}.",
    ),
    (
        "no clock is overdue and one is due soon",
        (_clocks("due_soon"), POLICY),
        f"On 2026-11-28, 0 CTO Academy clocks are overdue and 1 is due within 6 months {WITHIN}.",
    ),
    (
        "many clocks are overdue and many are due soon",
        (_clocks("overdue", "overdue", "due_soon", "due_soon", "due_soon"), POLICY),
        f"On 2026-11-28, 2 CTO Academy clocks are overdue and 3 are due within 6 months {WITHIN}.",
    ),
    ("no year is evaluated", (_clocks(), None), "No director is on a CTO Academy clock."),
]


@_table(CLOCK_CASES)
def test_the_cto_clock_sentence(given, expected):
    clocks, policy = given
    assert clock_sentence(clocks, DAY, policy) == expected


def test_no_year_at_all_is_said_plainly():
    # no closed and no open year: each sentence says there is none, not a count of 0
    counts = status_counts(_statuses(), ())
    assert closed_sentence(None, counts, POLICY) == (
        "No fiscal year has closed yet, so no year's result is final."
    )
    assert pace_sentence(None, counts, DAY, 0, DAY) == "No fiscal year is open on 2026-11-28."
    assert behind_sentence(None, _behind(0, 0), POLICY) == (
        "No year is open, so no director is behind the pace."
    )
