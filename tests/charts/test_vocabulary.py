"""One vocabulary: every code the engine can emit has a plain label and a colour."""

import polars as pl

from tdceu_analysis import vocabulary
from tdceu_analysis.policy import load_policy
from tdceu_analysis.rules.ledger import REASON_CODES
from tdceu_analysis.rules.status import YEAR_STATUSES
from tdceu_analysis.vocabulary import CTO_STATUS_CODES

POLICY = load_policy(2026)
HEX = r"^#[0-9A-F]{6}$"


def _plain(label: str) -> bool:
    """Words a board member reads: no raw code (no underscore), a capital first."""
    return "_" not in label and label[:1].isupper()


def test_every_year_status_has_a_label_a_colour_and_a_place():
    assert set(YEAR_STATUSES) == set(vocabulary.STATUSES)
    for code, word in vocabulary.STATUSES.items():
        assert _plain(word.label) and pl.Series([word.color]).str.contains(HEX).all(), code
    assert [w.order for w in vocabulary.STATUSES.values()] == list(range(len(YEAR_STATUSES)))


def test_every_cto_status_has_a_label_and_a_colour():
    labels = vocabulary.cto_labels(POLICY)
    assert set(CTO_STATUS_CODES) == set(labels) == set(vocabulary.CTO_COLORS)
    assert set(vocabulary.CTO_ORDER) == set(labels)
    assert all(_plain(label) for label in labels.values())
    assert pl.Series(list(vocabulary.CTO_COLORS.values())).str.contains(HEX).all()
    assert labels["due_soon"] == "Due within 6 months"
    assert labels["in_window"] == "In its 24-month window"


def test_every_reason_code_has_a_label():
    labels = vocabulary.reason_labels(POLICY)
    assert set(REASON_CODES) == set(labels)
    assert all(_plain(label) for label in labels.values())
    assert labels["capped_external"] == "Cut to the 6-hour external cap"


def test_labels_follow_a_changed_policy():
    changed = POLICY.with_overrides(
        {"external_maximum_hours": 8.0, "cto_academy_due_soon_months": 3}
    )
    assert vocabulary.reason_labels(changed)["capped_external"] == "Cut to the 8-hour external cap"
    assert vocabulary.cto_labels(changed)["due_soon"] == "Due within 3 months"


def test_codes_become_labels_and_unknown_codes_stay():
    frame = pl.DataFrame({"status": ["on_track", "not_met", "odd"], "reason": ["duplicate"] * 3})
    out = frame.select(vocabulary.status_label(), vocabulary.reason_label(POLICY))
    assert out["status"].to_list() == ["On track", "Not met", "odd"]
    assert out["reason"].to_list() == ["Same record twice"] * 3
