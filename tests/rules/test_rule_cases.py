"""The rule cases of tests/rules/cases/*.toml, each through the engine and the plain reading."""

import pytest
from rulecases import case_id, check, load_cases

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_case(case, run_case):
    check(case, run_case(case))
