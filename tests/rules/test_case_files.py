"""The case-file loader: a readable case becomes a Case; a malformed one is refused with a
message that names the file and the case."""

import pytest
from rulecases import CASES_DIR, CaseFileError, load_case_file, load_cases

EVENT = """
[[case.events]]
event_id = "test-conference"
name = "A test conference"
category = "alet"
kind = "conference"
repeatable = true
requires_assignment = false
requires_evidence = false
delivery = "in_person"
"""

GOOD = (
    """
[[case]]
name = "a session counts"
why = "3 hours, no cap: 3"
records = [{ record_id = "r1", event_id = "test-conference", date = "2026-02-10", hours = 3 }]
"""
    + EVENT
    + """
[case.ledger]
r1 = { hours_counted = 3, reason = "counted" }

[case.summary.D1]
total_hours = 3
blank = ["cto_academy_deadline"]
"""
)


def write(tmp_path, text):
    path = tmp_path / "r99_test.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_case_file_reads_as_cases_with_the_defaults(tmp_path):
    (case,) = load_case_file(write(tmp_path, GOOD))
    assert case.name == "a session counts" and case.source == "r99_test"
    assert case.fy == 2026 and case.as_of is None and case.directors is None
    assert case.records[0]["hours"] == "3" and case.records[0]["director_id"] == "D1"
    assert case.records[0]["strands"] == "cyber"
    assert case.records[0]["assignment_complete"] == "yes"
    assert case.events[0]["repeatable"] == "true" and case.events[0]["fiscal_year"] == ""
    assert case.ledger == {"r1": (3, "counted")}
    assert case.summary == {"D1": {"total_hours": 3, "cto_academy_deadline": None}}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('why = "3 hours, no cap: 3"\n', ""), "case 1 ('a session counts'): no why"),
        (("r1 = {", "r2 = {"), "expects records the case does not have: ['r2']"),
        (('"test-conference", date', '"alet-winter-conference", date'), "is not among"),
        (
            ("test-conference", "ext-aetc"),
            "leans on the shipped catalogue's row(s) for year(s)",
        ),
        (("hours = 3 }]", "hourz = 3 }]"), "records row 1 has no hours"),
        (("[case.ledger]", "[case.ledgers]"), "unknown keys ['ledgers']"),
        (("reason = ", "why = "), "ledger.r1 must be"),
        (("name = ", "name: "), "r99_test.toml: not valid TOML"),
    ],
)
def test_a_malformed_case_is_refused_naming_the_file_and_the_case(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new)
    if new == "ext-aetc":  # a shipped event's row for another year than its shipped one
        text = text.replace(
            'delivery = "in_person"\n', 'delivery = "in_person"\nfiscal_year = 2027\n'
        )
    with pytest.raises(CaseFileError) as error:
        load_case_file(write(tmp_path, text))
    assert str(error.value).startswith("r99_test.toml")
    assert message in str(error.value)


def test_a_shipped_event_needs_only_the_columns_the_case_tests(tmp_path):
    text = GOOD.replace(EVENT, '\n[[case.events]]\nevent_id = "ext-aetc"\nmax_hours_per_year = 2\n')
    (case,) = load_case_file(write(tmp_path, text.replace("test-conference", "ext-aetc")))
    (event,) = case.events
    # the case's cap; the rest is the shipped row of ext-aetc (an external FY26 line)
    assert event["max_hours_per_year"] == "2"
    assert (event["category"], event["fiscal_year"], event["delivery"]) == (
        "external",
        "2026",
        "in_person",
    )
    assert event["name"].startswith("AL SDE Educational Technology Conference")
    # a column left blank takes a shipped value away
    blank = text.replace("max_hours_per_year = 2", 'max_hours_per_year = ""')
    (case,) = load_case_file(write(tmp_path, blank.replace("test-conference", "ext-aetc")))
    assert case.events[0]["max_hours_per_year"] == ""


def test_a_new_event_gives_every_column(tmp_path):
    with pytest.raises(CaseFileError, match="events row 1 has no name"):
        load_case_file(write(tmp_path, GOOD.replace('name = "A test conference"\n', "")))


def test_every_rule_has_a_case_file_and_every_case_a_why():
    stems = sorted(path.stem for path in CASES_DIR.glob("*.toml"))
    assert [stem[:3] for stem in stems] == [
        *("r01", "r02", "r04", "r05", "r06", "r07", "r08", "r09", "r10", "r11")
    ]
    cases = load_cases()
    assert all(case.why for case in cases)
    # every case file's cases were converted from the Python tables: none may go missing
    assert len(cases) >= 133
