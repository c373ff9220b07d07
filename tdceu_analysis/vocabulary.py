"""The words of every code the engine emits: year statuses, CTO Academy statuses and
ledger reasons, each with its plain label (what a board member reads), colour and order.

One definition, used by the rules (which codes exist), the figures (labels in titles,
tables and badges) and the charts (palettes). Where a label states a policy number
("Due within 6 months", "Cut to the 6-hour external cap") it is built from the `Policy`
in force, never written here.

Layering: this module sits at the bottom beside `policy.py` (it imports only polars and
the policy), so `rules/` may import the codes from it.

Colours: Okabe-Ito blue, sky blue, orange, vermillion and Tol's wine, safe for the common
colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from tdceu_analysis.policy import Policy

# The one palette of the pages (Okabe-Ito, safe for colour-blind readers, and greys):
# the charts, badges and tiles take every colour from here (charts/style adds the ink).
BLUE, SKY, ORANGE, VERMILLION, WINE = "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#882255"
GREEN, PINK, YELLOW, BLACK = "#009E73", "#CC79A7", "#F0E442", "#000000"
GREY = "#BBBBBB"
NEUTRAL = "#999999"  # a tile, badge or bar without a status

# text on a coloured badge or tile: near-black on the light colours, white on the dark ones
LIGHT_COLORS = frozenset({SKY, ORANGE, GREY, YELLOW})
DARK_TEXT, LIGHT_TEXT = "#111", "#fff"


def text_on(color: str) -> str:
    """The text colour that reads on a badge of `color` (the vocabulary's colours)."""
    return DARK_TEXT if color.upper() in LIGHT_COLORS else LIGHT_TEXT


@dataclass(frozen=True)
class Word:
    """A code as the pages show it: plain `label`, `color`, and its place in `order`."""

    code: str
    label: str
    color: str
    order: int


def _words(rows: tuple[tuple[str, str, str], ...]) -> dict[str, Word]:
    return {code: Word(code, label, color, i) for i, (code, label, color) in enumerate(rows)}


# ---------------------------------------------------------------------------
# Year status (R11), in the order the pages show it: best to worst
# ---------------------------------------------------------------------------

STATUSES = _words(
    (
        ("met", "Met", BLUE),
        ("on_track", "On track", SKY),
        ("at_risk", "At risk", ORANGE),
        ("critical", "Critical", VERMILLION),
        ("not_met", "Not met", WINE),  # Tol's wine: a closed year's "not met"
    )
)
# the codes as the data contract lists them (closed-year codes, then open-year codes)
YEAR_STATUS_CODES = ("met", "not_met", "on_track", "at_risk", "critical")
STATUS_ORDER = tuple(STATUSES)
STATUS_LABELS = {code: word.label for code, word in STATUSES.items()}
STATUS_COLORS = {code: word.color for code, word in STATUSES.items()}
# worst (0) to best, to name the direction of a change (what-if): the page order reversed
STATUS_RANK = {code: rank for rank, code in enumerate(reversed(STATUS_ORDER))}

OPEN_STATUSES = ("met", "on_track", "at_risk", "critical")  # R11: a year still open
CLOSED_STATUSES = ("met", "not_met")  # R11: a year that is over
BEHIND_PACE = ("at_risk", "critical")  # an open year: behind the pace
BEHIND = (*BEHIND_PACE, "not_met")  # behind the pace, or did not meet the year
# Most urgent first: an open year's critical, at_risk, on_track; a closed year's not_met.
URGENCY = ("critical", "at_risk", "on_track", "not_met")

# ---------------------------------------------------------------------------
# CTO Academy status (R10): labels that state the policy's months
# ---------------------------------------------------------------------------

CTO_STATUS_CODES = ("not_required", "completed", "in_window", "due_soon", "overdue")
CTO_ORDER = ("overdue", "due_soon", "in_window", "completed", "not_required")
CTO_COLORS = {
    "overdue": VERMILLION,
    "due_soon": ORANGE,
    "in_window": SKY,
    "completed": BLUE,
    "not_required": GREY,
}


def cto_labels(policy: Policy) -> dict[str, str]:
    """CTO Academy status code -> plain words, months from the policy (R10)."""
    soon = policy.value("cto_academy_due_soon_months")
    window = policy.value("cto_academy_window_months")
    return {
        "overdue": "Overdue",
        "due_soon": f"Due within {soon} months",
        "in_window": f"In its {window}-month window",
        "completed": "Completed",
        "not_required": "Not required",
    }


# ---------------------------------------------------------------------------
# Ledger reasons (R1-R8): what happened to a record's hours
# ---------------------------------------------------------------------------


def reason_labels(policy: Policy) -> dict[str, str]:
    """Ledger reason code -> plain words; the external cap from the policy (R4)."""
    cap = policy.hours("external_maximum_hours")
    return {
        "counted": "Counted",
        "capped_session": "Cut to the session cap",
        "capped_line": "Cut to the event's yearly cap",
        "capped_external": f"Cut to the {cap:g}-hour external cap",
        "not_approved": "Not on the year's approved list",
        "before_requirement": "Before TD-CEU hours began",
        "no_strand": "No CTO Academy strand given",
        "repeat_course": "Course already credited",
        "duplicate": "Same record twice",
        "not_in_role": "Not in the role that year",
        "online_not_counted": "Online (strict in-person policy)",
        "assignment_incomplete": "Pending: ALET Talent assignment",
        "evidence_missing": "Pending: evidence of attendance",
    }


# ---------------------------------------------------------------------------
# Polars helpers: codes -> words
# ---------------------------------------------------------------------------


def _labelled(column: str, labels: Mapping[str, str]) -> pl.Expr:
    """`column`'s codes as their labels; a code without one stays as it is (never dropped)."""
    return pl.col(column).replace_strict(dict(labels), default=pl.col(column))


def status_label(column: str = "status") -> pl.Expr:
    """Status code -> the words a board reads ("on_track" -> "On track")."""
    return _labelled(column, STATUS_LABELS)


def cto_label(policy: Policy, column: str = "cto_academy_status") -> pl.Expr:
    return _labelled(column, cto_labels(policy))


def reason_label(policy: Policy, column: str = "reason") -> pl.Expr:
    return _labelled(column, reason_labels(policy))


def rank(column: str, order: tuple[str, ...], default: int = 9) -> pl.Expr:
    """Each code's place in `order` (0 first), for sorting; other codes get `default`."""
    return pl.col(column).replace_strict({code: i for i, code in enumerate(order)}, default=default)


# ---------------------------------------------------------------------------
# Hours and counts in words: "2.5", "1 hour", "1 director", "13 directors"
# ---------------------------------------------------------------------------


# One way to write a number of hours: rounded to 2 decimals, no trailing ".0"; the
# expressions below for frames, `hours_number` for one Python value.


def hours_text(hours: pl.Expr) -> pl.Expr:
    """Hours as a person writes them: 2, 1.5, 0.25 (not 2.0)."""
    return hours.round(2).cast(pl.String).str.strip_suffix(".0")


def hours_number(value: float) -> str:
    """One number of hours as `hours_text` writes it: 12, 1.5, 0.25."""
    return f"{round(value, 2):g}"


def _one_or_many(count: pl.Expr, one: str, many: str) -> pl.Expr:
    return pl.when(count == 1).then(pl.lit(one)).otherwise(pl.lit(many))


def hours_count(hours: pl.Expr, one: str, many: str) -> pl.Expr:
    """Hours and the words after them, singular for exactly 1: ("1 more hour", "2.5 more
    hours" from one=" more hour", many=" more hours")."""
    return pl.concat_str(hours_text(hours), _one_or_many(hours, one, many))


def hours_phrase(hours: pl.Expr) -> pl.Expr:
    """'1 hour', '2.5 hours'."""
    return hours_count(hours, " hour", " hours")


def count_text(count: pl.Expr, one: str, many: str) -> pl.Expr:
    """ "1 director", "3 directors" (a whole count in a frame; `counted` for one value)."""
    return pl.format("{} {}", count.cast(pl.String), _one_or_many(count, one, many))


def noun(count: int, one: str, many: str | None = None) -> str:
    """The word after a count: `one` for 1, `many` (default: `one` + "s") otherwise."""
    return one if count == 1 else (many if many is not None else one + "s")


def counted(count: int, one: str, many: str | None = None) -> str:
    """A count with its word: "1 director", "13 directors", "1 day", "2 ledger rows"."""
    return f"{count} {noun(count, one, many)}"
