"""The visual stack writes no policy value itself (issue 11): every number, date or month
a page states about the policy comes from the evaluation's `Policy`. Like
tests/policy/test_parameters.py::test_rules_code_has_no_policy_literals, over figures/,
charts/, widgets/, vocabulary.py and the notebooks' py:percent files."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tdceu_analysis"
FILES = sorted(
    [
        *(PACKAGE / "figures").glob("*.py"),
        *(PACKAGE / "charts").glob("*.py"),
        *(PACKAGE / "widgets").glob("*.py"),
        PACKAGE / "vocabulary.py",
        *(PACKAGE / "notebooks").glob("*.py"),
    ]
)
# the published values as numbers (12, 24, 90 and 2024; 6 is too common a pixel count to
# look for alone, so it is caught in words below)
POLICY_NUMBERS = {12, 24, 90, 2024}
# the published values as words, in a string or a notebook's markdown
POLICY_WORDS = re.compile(
    r"\b(12|6|24|90)[- ](hours?|months?|ALET|external|days?)\b|2024-10-01|\bOctober\b|\bOct\b"
)
# (file, number) that are no policy value, and why
ALLOWED_NUMBERS = {
    ("charts/strands.py", 24): "heatmap row height in pixels (alt.Step)",
    ("charts/strands.py", 12): "line height in pixels of two-line strand labels",
    ("charts/style.py", 12): "font sizes in points of the page config",
    ("charts/whatif.py", 24): "dumbbell row height in pixels (alt.Step)",
    ("charts/whatif.py", 90): "dot area in square pixels",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_policy_number_or_word_is_written(path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        value = node.value
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float) and value in POLICY_NUMBERS:
            if (f"{path.parent.name}/{path.name}", value) not in ALLOWED_NUMBERS:
                problems.append(f"{path.name}:{node.lineno}: {value!r}")
        elif isinstance(value, str) and POLICY_WORDS.search(value):
            problems.append(f"{path.name}:{node.lineno}: {value!r}")
    if path.parent.name == "notebooks":  # markdown cells are comments in a py:percent file
        for number, line in enumerate(source.splitlines(), start=1):
            if line.startswith("#") and "jupytext" not in line and POLICY_WORDS.search(line):
                problems.append(f"{path.name}:{number}: {line}")
    assert not problems, problems


def test_the_allow_list_has_no_stale_entry():
    used = set()
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number and value in POLICY_NUMBERS:
                used.add((f"{path.parent.name}/{path.name}", value))
    assert set(ALLOWED_NUMBERS) <= used


def test_a_written_policy_number_is_caught():
    assert POLICY_WORDS.search("Met = 12 counted hours against the 12-hour line")
    assert POLICY_WORDS.search("due within 6 months") and POLICY_WORDS.search("October first")
    assert not POLICY_WORDS.search("width 620, 16 characters")
