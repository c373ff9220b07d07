"""Fixtures of the rule tests: every case runs through the engine and the reference."""

import pytest
from rulecases import RUNNERS


@pytest.fixture(params=sorted(RUNNERS))
def run_case(request):
    """A function Case -> Outcome, once for the engine and once for the plain reading."""
    return RUNNERS[request.param]
