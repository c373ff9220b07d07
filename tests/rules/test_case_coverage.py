"""Every reason code and every status word of rules.md is reached by some case file's case."""

from rulecases import CTO_STATUSES, REASON_CODES, YEAR_STATUSES, Case, load_cases


def all_cases() -> list[Case]:
    return load_cases()


def expected_words(column: str) -> set[str]:
    return {
        want[column]
        for case in all_cases()
        for want in case.summary.values()
        if want and column in want
    }


def test_every_reason_code_is_reached():
    reasons = {want[1] for case in all_cases() for want in case.ledger.values() if want}
    assert REASON_CODES - reasons == set(), "reason codes no case expects"
    assert reasons - REASON_CODES == {"online_not_counted"}  # the strict R8 switch only


def test_every_year_status_is_reached():
    assert expected_words("status") == YEAR_STATUSES


def test_every_cto_academy_status_is_reached():
    assert expected_words("cto_academy_status") == CTO_STATUSES


def test_case_names_are_unique():
    names = [case.name for case in all_cases()]
    assert len(names) == len(set(names))
