"""Properties the rules must keep on any data (hypothesis, small generated FY26 data).

Each property runs against the engine and the plain-Python reading.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rulecases import RUNNERS, Case, director, plain_rules, rec

POLICY = plain_rules.read_policy()
FY = 2026
FY_START, FY_END = plain_rules.fy_start(POLICY, FY), plain_rules.fy_end(POLICY, FY)
EXTERNAL_MAX = plain_rules.policy_value(POLICY, "external_maximum_hours", FY)
CATALOG = plain_rules.read_catalog()
CATEGORY = {event_id: row["category"] for (event_id, _), row in CATALOG.items()}
EVENT_IDS = sorted(CATEGORY)
ALET_EVENT_IDS = sorted(event_id for event_id, kind in CATEGORY.items() if kind == "alet")
# A few dates used again and again, so that duplicates and same-day ties are common.
BUSY_DAYS = [FY_START, date(2025, 11, 4), date(2026, 2, 10), date(2026, 6, 29), FY_END]
SUMMARY_FIGURES = (
    "total_hours",
    "alet_hours",
    "external_hours",
    "in_person_hours",
    "hours_needed",
    "status",
    "started_mid_year",
    "cto_academy_status",
    "cto_academy_deadline",
)
SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BACKENDS = pytest.mark.parametrize("backend", sorted(RUNNERS))

days = st.one_of(st.sampled_from(BUSY_DAYS), st.dates(FY_START, FY_END))
quarter_hours = st.integers(1, 32).map(lambda quarters: quarters / 4)
STRAND_TEXTS = ["cyber", "data;roles", "planning", "teaching;ethics", ""]
strand_texts = st.sampled_from(STRAND_TEXTS)
# the texts that name a strand: drawn directly, not by filtering out "" (a retried draw)
named_strands = st.sampled_from([text for text in STRAND_TEXTS if text])
yes_no = st.sampled_from(["yes", "yes", "no", ""])


@st.composite
def record_rows(draw, record_id: str, directors: list[str], events=EVENT_IDS) -> dict:
    return rec(
        record_id,
        draw(st.sampled_from(events)),
        draw(days).isoformat(),
        draw(quarter_hours),
        draw(strand_texts),
        session=draw(st.sampled_from(["", "", "A", "B"])),
        director=draw(st.sampled_from(directors)),
        delivery=draw(st.sampled_from(["", "", "", "online", "in_person"])),
        assignment=draw(yes_no),
        evidence=draw(yes_no),
    )


@st.composite
def scenarios(draw, max_records: int = 14) -> Case:
    starts = ["2019-07-01", "2024-11-15", "2025-10-01", "2026-01-12"]
    directors = [
        director(f"D{n}", role_start=draw(st.sampled_from(starts)))
        for n in range(1, draw(st.integers(1, 3)) + 1)
    ]
    ids = [row["director_id"] for row in directors]
    count = draw(st.integers(0, max_records))
    records = [draw(record_rows(f"r{n}", ids)) for n in range(1, count + 1)]
    as_of = draw(st.one_of(st.just(FY_END), st.dates(FY_START, FY_END)))
    return Case("generated", records, fy=FY, as_of=as_of.isoformat(), directors=directors)


def figures(outcome) -> dict:
    return {
        director_id: {column: row[column] for column in SUMMARY_FIGURES}
        for director_id, row in outcome.summary.items()
    }


def rounded(figures_by_director: dict) -> dict:
    return {
        director_id: {
            column: round(value, 4) if isinstance(value, float) else value
            for column, value in row.items()
        }
        for director_id, row in figures_by_director.items()
    }


def ledger_results(outcome) -> dict:
    return {
        rid: (round(row["hours_counted"], 4), row["reason"]) for rid, row in outcome.ledger.items()
    }


def next_id(case: Case) -> str:
    """A record id after every id of the case (natural order)."""
    return f"r{len(case.records) + 1000}"


@BACKENDS
@SETTINGS
@given(case=scenarios())
def test_counted_never_exceeds_claimed(backend, case):
    claimed = {row["record_id"]: float(row["hours"]) for row in case.records}
    outcome = RUNNERS[backend](case)
    for rid, row in outcome.ledger.items():
        assert 0 <= row["hours_counted"] <= claimed[rid] + 1e-9, (rid, row["reason"])


@BACKENDS
@SETTINGS
@given(case=scenarios())
def test_external_hours_never_exceed_the_yearly_maximum(backend, case):
    outcome = RUNNERS[backend](case)
    external: dict[str, float] = {}
    for row in outcome.ledger.values():
        if CATEGORY[row["event_id"]] == "external":
            external[row["director_id"]] = (
                external.get(row["director_id"], 0) + row["hours_counted"]
            )
    assert all(hours <= EXTERNAL_MAX + 1e-9 for hours in external.values()), external
    assert all(row["external_hours"] <= EXTERNAL_MAX + 1e-9 for row in outcome.summary.values())


@BACKENDS
@SETTINGS
@given(case=scenarios(), data=st.data())
def test_shuffling_the_rows_changes_nothing(backend, case, data):
    shuffled = data.draw(st.permutations(case.records))
    before = RUNNERS[backend](case)
    after = RUNNERS[backend](
        Case("shuffled", shuffled, fy=case.fy, as_of=case.as_of, directors=case.directors)
    )
    assert ledger_results(after) == ledger_results(before)
    assert rounded(figures(after)) == rounded(figures(before))


@BACKENDS
@SETTINGS
@given(case=scenarios(), data=st.data())
def test_a_duplicated_row_changes_no_summary_figure(backend, case, data):
    if not case.records:
        return
    original = data.draw(st.sampled_from(case.records))
    copy = {**original, "record_id": next_id(case)}
    before = RUNNERS[backend](case)
    after = RUNNERS[backend](
        Case(
            "duplicated",
            [*case.records, copy],
            fy=case.fy,
            as_of=case.as_of,
            directors=case.directors,
        )
    )
    assert rounded(figures(after)) == rounded(figures(before))
    if original["record_id"] in after.ledger:  # not dated after the as-of date
        assert after.ledger[copy["record_id"]]["reason"] == "duplicate"


@BACKENDS
@SETTINGS
@given(case=scenarios(), data=st.data())
def test_adding_a_valid_alet_record_never_lowers_total_hours(backend, case, data):
    as_of = date.fromisoformat(case.as_of)
    director_ids = [row["director_id"] for row in case.directors]
    added = data.draw(record_rows(next_id(case), director_ids, events=ALET_EVENT_IDS))
    day = data.draw(st.dates(FY_START, as_of))
    added.update(date=day.isoformat(), strands=data.draw(named_strands))
    before = RUNNERS[backend](case)
    after = RUNNERS[backend](
        Case(
            "added", [*case.records, added], fy=case.fy, as_of=case.as_of, directors=case.directors
        )
    )
    for director_id, row in before.summary.items():
        assert after.summary[director_id]["total_hours"] >= row["total_hours"] - 1e-9
    assert after.ledger[added["record_id"]]["hours_counted"] >= 0
