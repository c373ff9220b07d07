"""docs/rules.md, the project's reading of ALET's page: every rule R1-R12, every reason code
the engine writes, and only policy parameters that exist (a renamed one would leave the
page pointing at nothing)."""

import re

from tdceu_analysis._paths import docs_folder, policy_file
from tdceu_analysis.policy import load_parameters, shipped_policy
from tdceu_analysis.vocabulary import reason_labels

RULES = (docs_folder() / "rules.md").read_text(encoding="utf-8")


def test_every_rule_has_its_section():
    headings = re.findall(r"^## (R\d+) ", RULES, flags=re.M)
    assert headings == [f"R{n}" for n in range(1, 13)]


def test_every_reason_code_is_named():
    missing = [code for code in reason_labels(shipped_policy()) if f"`{code}`" not in RULES]
    assert missing == []


def test_every_bracketed_parameter_is_a_policy_parameter():
    named = set(re.findall(r"\[`([a-z_]+)`", RULES)) | set(re.findall(r", `([a-z_]+)`\]", RULES))
    parameters = set(load_parameters(policy_file()))
    assert named, "rules.md names no parameter"
    assert sorted(named - parameters) == []
