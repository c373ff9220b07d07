"""The small state of tests/figures (loaded from there, so both folders check the same data)."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "figures_small_state", Path(__file__).resolve().parents[1] / "figures" / "conftest.py"
)
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


@pytest.fixture(scope="session")
def closed_year():
    from tdceu_analysis import evaluate

    return evaluate(small.small_state(), 2026, small.CLOSED)


@pytest.fixture(scope="session")
def open_year():
    from tdceu_analysis import evaluate

    return evaluate(small.small_state(), 2027, small.OPEN)


@pytest.fixture(scope="session")
def years():
    from tdceu_analysis import evaluate_years

    return evaluate_years(small.small_state(), as_of=small.OPEN)
