"""Made-up person names for the synthetic data.

Names are drawn at random from lists of common American given names and surnames
(`data/synth/given-names.txt`, `data/synth/surnames.txt`), so a generated name belongs to
no one in particular; any match with a real technology director is a coincidence of
common names.
"""

from __future__ import annotations

import random

from tdceu_analysis._paths import data_path


def _names(file: str) -> tuple[str, ...]:
    """The names of a list in data/synth/, one a line, in the file's order (a seed draws
    by position); lines starting with # are comments."""
    lines = data_path("synth", file).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


GIVEN_NAMES = _names("given-names.txt")
SURNAMES = _names("surnames.txt")
# Combinations of the lists above that name well-known people: never generated.
FAMOUS = frozenset(_names("famous-names.txt"))

INITIALS = "ABCDEFGHJKLMNPRSTW"


class NameMaker:
    """Distinct made-up names ('Given M. Surname') from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def __call__(self) -> str:
        while True:
            given, surname = self._rng.choice(GIVEN_NAMES), self._rng.choice(SURNAMES)
            if f"{given} {surname}" in FAMOUS:
                continue
            name = f"{given} {self._rng.choice(INITIALS)}. {surname}"
            if name not in self._used:
                self._used.add(name)
                return name
