"""No policy number, date or month in the code that applies the policy or shows its values
(issue 11): they come from the evaluation's `Policy`, so a folder's policy.toml changes them.

Beyond `rules/` (tests/policy/test_parameters.py), this reads the engine, the policy module,
the exports and the commands that print policy values: code, strings and f-strings, not
comments or docstrings. `synth/` is left out on purpose: it invents the sample (calendar
months, event titles like "K-12", seeds) and decides no credit.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tdceu_analysis"
FILES = [
    "policy.py",
    "fiscal.py",
    "evaluate.py",
    *(f"rules/{path.name}" for path in sorted((PACKAGE / "rules").glob("*.py"))),
    "report/spreadsheet_export.py",
    "cli/evaluate.py",
    "cli/report.py",
]
# The published numbers as bare numbers, and the words that give them away in a message.
NUMBERS = re.compile(r"(?<![\w.])(12|6|24|90|2024)(?![\w.])")
WORDS = re.compile(
    r"(?<![\w.])(12|6|24|90)(\.0)?[\s-]*(hours?|months?|days?)\b"
    r"|\bOctober\b|\bSeptember\b|2024-10-01|-10-01\b|-09-30\b",
    re.IGNORECASE,
)
# (file, code) -> why the number is not a policy value
ALLOWED = {
    (
        "policy.py",
        '"month": (1, 12),',
    ): "a calendar has 12 months: the range a month value may take",
}


def code_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, code without its comment), skipping docstrings and comment lines."""
    lines, inside = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        quotes = line.count('"""')
        if inside or quotes:
            inside = inside != bool(quotes % 2)
            continue
        if not line.strip().startswith("#"):
            lines.append((number, line.split("  #")[0]))
    return lines


@pytest.mark.parametrize("name", FILES)
def test_no_policy_value_is_written_into_the_code(name):
    found = [
        f"{name}:{number}: {code.strip()}"
        for number, code in code_lines(PACKAGE / name)
        if (NUMBERS.search(code) or WORDS.search(code)) and (name, code.strip()) not in ALLOWED
    ]
    assert not found, "\n".join(found)


def test_the_scan_finds_a_policy_value_in_a_message(tmp_path):
    # the check itself: a message with the published minimum is caught, a comment is not
    sample = tmp_path / "sample.py"
    sample.write_text(
        'raise UserError(f"you need {needed} of 12 hours")\n'
        "# R2: 12 hours\n"
        'START = "starts October 1"\n',
        encoding="utf-8",
    )
    flagged = [n for n, code in code_lines(sample) if NUMBERS.search(code) or WORDS.search(code)]
    assert flagged == [1, 3]
