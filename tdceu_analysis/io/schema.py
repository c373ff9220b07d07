"""The data contract's input files, declared once.

Each input file (directors, districts, events, records, sessions) is a `FileSchema`: its
columns in order, whether each must be in the file and must hold a value, its type, what
it means, the values it allows and an example. Everything else is read from here:
`io/contract.py`'s column lists, the readers' typed schemas (`typed_schema`), the
validators' "missing value" and "one of" checks, the README that `tdceu init` writes and
the tables of `docs/data-contract.md` (`render_table`; a test keeps them equal).

Other modules (the TalentLMS import, the sample generator) take a file's columns from
`column_names(kind)` instead of keeping their own list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis._paths import docs_folder
from tdceu_analysis.policy import Policy, shipped_policy

# ---------------------------------------------------------------------------
# Allowed values
# ---------------------------------------------------------------------------

DISTRICT_TYPES = ("city", "county", "charter", "other")
CATEGORIES = ("alet", "external")
EVENT_KINDS = (
    "conference",
    "region_meeting",
    "cyber_camp",
    "online_course",
    "schoology_module",
    "cto_academy",
    "external_event",
)
DELIVERIES = ("in_person", "online")

# The typed frame's dtype for each kind of value a column holds.
TYPE_DTYPES: dict[str, pl.DataType] = {
    "id": pl.String(),
    "text": pl.String(),
    "choice": pl.String(),
    "date": pl.Date(),
    "time": pl.String(),  # HH:MM, kept as text
    "hours": pl.Float64(),
    "fiscal year": pl.Int32(),
    "yes/no": pl.Boolean(),
    "strands": pl.List(pl.String()),
}

# How each type is written, for the init README ("takes") and the docs.
TYPE_WORDS: dict[str, str] = {
    "id": "an id (text)",
    "text": "text",
    "choice": "one of the listed words",
    "date": "a date, YYYY-MM-DD",
    "time": "a time of day, HH:MM (24-hour)",
    "hours": "a number of hours, decimals allowed",
    "fiscal year": "a fiscal year: 2027 or FY27",
    "yes/no": "true/false, yes/no, 1/0 or y/n; blank = false",
    "strands": "strand codes or names, separated by ';'",
}


# What a reject says of a value of each type that cannot be read ("date '2026-13-01' ...").
TYPE_PROBLEMS: dict[str, str] = {
    "date": "is not a date (write YYYY-MM-DD)",
    "time": "is not a time of day (write HH:MM, e.g. 09:00)",
    "hours": "is not a number of hours",
    "fiscal year": "is not a fiscal year (write 2026 or FY26)",
    "yes/no": "is not true/false, yes/no, 1/0 or y/n",
}


@dataclass(frozen=True)
class Field:
    """One column of an input file."""

    name: str
    type: str  # a key of TYPE_DTYPES
    must_exist: bool  # the column must be in the file
    value_required: bool  # every row needs a value
    meaning: str
    required: str = ""  # the words of the contract's 'required' column; default yes/no
    allowed: tuple[str, ...] = ()
    example: str = ""

    @property
    def required_words(self) -> str:
        if self.required:
            return self.required
        return "yes" if self.must_exist else "no"

    @property
    def dtype(self) -> pl.DataType:
        return TYPE_DTYPES[self.type]


def required(name: str, type_: str, meaning: str, **more: Any) -> Field:
    """A column every file of its kind has, with a value in every row."""
    return Field(name, type_, True, True, meaning, **more)


def may_be_blank(name: str, type_: str, meaning: str, **more: Any) -> Field:
    """A column every file of its kind has; a row may leave it blank."""
    return Field(name, type_, True, False, meaning, **more)


def optional(name: str, type_: str, meaning: str, **more: Any) -> Field:
    """A column a file may leave out, and a row leave blank."""
    return Field(name, type_, False, False, meaning, **more)


@dataclass(frozen=True)
class FileSchema:
    """An input file: its columns, the column a reject names, whether a folder needs it."""

    kind: str
    summary: str
    fields: tuple[Field, ...]
    row_id: str
    required_file: bool

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


def _words(values: tuple[str, ...]) -> str:
    """'`a`, `b` or `c`'."""
    quoted = [f"`{value}`" for value in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


# {strands} and {max_hours} are filled from the policy when a table is rendered
STRANDS_MEANING = "`;`-separated strand codes or names: {strands}"

SCHEMAS: dict[str, FileSchema] = {
    schema.kind: schema
    for schema in (
        FileSchema(
            "districts",
            "one row a school system",
            (
                required(
                    "district_code",
                    "id",
                    "the system's code, unique; `directors` refers to it",
                    example="D001",
                ),
                required("district_name", "text", "e.g. Autauga County"),
                required("district_type", "choice", "", allowed=DISTRICT_TYPES),
                required(
                    "region",
                    "text",
                    "ALET region the system belongs to (the dashboards group by it)",
                ),
            ),
            row_id="district_code",
            required_file=True,
        ),
        FileSchema(
            "directors",
            "one row a person",
            (
                required(
                    "director_id",
                    "id",
                    "stable id, unique (easiest: the person's TalentLMS user id)",
                    example="1920",
                ),
                required("name", "text", "display name", example="Renee T. Little"),
                required(
                    "district_code",
                    "id",
                    "a `district_code` of `districts` (the code, not the name)",
                    example="D001",
                ),
                required(
                    "role_start",
                    "date",
                    "the day the person became the system's technology director",
                    example="2021-07-01",
                ),
                optional("role_end", "date", "blank while in the role; else the last day"),
                optional(
                    "cto_academy_completed",
                    "date",
                    "the day the CTO Academy was completed",
                    example="2023-05-12",
                ),
                optional(
                    "email",
                    "text",
                    "work email; lets the TalentLMS import match a user whose id is not the "
                    "director_id",
                    example="rlittle@example.org",
                ),
            ),
            row_id="director_id",
            required_file=True,
        ),
        FileSchema(
            "events",
            "the catalogue's rows of the folder: they add to the shipped catalogue or replace "
            "the shipped row with the same (event_id, fiscal_year)",
            (
                required("event_id", "id", "stable id", example="ext-aetc"),
                required("name", "text", "as published", example="AETC"),
                required(
                    "category",
                    "choice",
                    "only `alet` events count toward the ALET minimum",
                    allowed=CATEGORIES,
                    example="external",
                ),
                required("kind", "choice", "", allowed=EVENT_KINDS, example="external_event"),
                may_be_blank(
                    "fiscal_year",
                    "fiscal year",
                    "the year the line is approved for; blank on ALET rows (every year)",
                    required="external rows",
                    example="2027",
                ),
                optional("max_hours_per_session", "hours", "blank = no cap"),
                optional(
                    "max_hours_per_year",
                    "hours",
                    'blank = no cap ("Up to 3 hours" = 3)',
                    example="3",
                ),
                may_be_blank(
                    "repeatable",
                    "yes/no",
                    "false = counts once, never again in a later year",
                    example="true",
                ),
                may_be_blank(
                    "requires_assignment",
                    "yes/no",
                    "the ALET Talent course assignment must be complete",
                    example="true",
                ),
                may_be_blank(
                    "requires_evidence",
                    "yes/no",
                    "proof of attendance must be uploaded",
                    example="false",
                ),
                required("delivery", "choice", "", allowed=DELIVERIES, example="in_person"),
                optional(
                    "source",
                    "text",
                    "where the line is published",
                    example="FY27 Approved External Events",
                ),
                optional(
                    "note",
                    "text",
                    "free text; `tdceu events carry-forward` writes 'carried forward from FYnn "
                    "until ALET confirms the list'",
                ),
            ),
            row_id="event_id",
            required_file=False,
        ),
        FileSchema(
            "records",
            "one row a session attended or course completed",
            (
                required("record_id", "id", "unique over all records files"),
                required("director_id", "id", "a `director_id` of `directors`"),
                required("event_id", "id", "an `event_id` of the catalogue"),
                optional("session", "text", "session title or id inside a multi-session event"),
                required("date", "date", "session or completion date; it decides the fiscal year"),
                required(
                    "hours",
                    "hours",
                    "claimed hours, more than 0 and at most {max_hours} (the policy's maximum "
                    "per record)",
                ),
                may_be_blank(
                    "strands",
                    "strands",
                    STRANDS_MEANING + "; blank counts 0 hours (R6)",
                    required="yes (may be blank)",
                ),
                optional("delivery", "choice", "overrides the catalogue's", allowed=DELIVERIES),
                optional("assignment_complete", "yes/no", "for events that require it"),
                optional("evidence_uploaded", "yes/no", "for events that require it"),
            ),
            row_id="record_id",
            required_file=True,
        ),
        FileSchema(
            "sessions",
            "the year's calendar: scheduled sessions a director could still attend "
            "(used for plans; never counted as attended)",
            (
                required("session_id", "id", "unique", example="wc27-ir-1"),
                required("event_id", "id", "an `event_id` of the catalogue"),
                required(
                    "title",
                    "text",
                    "what it is called",
                    example="Winter Conference: incident response",
                ),
                required("date", "date", "the day it is held", example="2027-02-10"),
                optional(
                    "start_time",
                    "time",
                    "two sessions of one event on one day at the same start time run in parallel",
                    example="09:00",
                ),
                required(
                    "hours",
                    "hours",
                    "hours a participant earns, more than 0 and at most {max_hours} (the "
                    "policy's maximum per record)",
                    example="1.5",
                ),
                required("strands", "strands", STRANDS_MEANING, example="cyber; data"),
                optional(
                    "region",
                    "text",
                    "a region of `districts` where it is held; blank = statewide or online",
                ),
                optional("delivery", "choice", "overrides the catalogue's", allowed=DELIVERIES),
            ),
            row_id="session_id",
            required_file=False,
        ),
    )
}

REQUIRED_FILES = tuple(kind for kind, schema in SCHEMAS.items() if schema.required_file)


def columns_of_type(kind: str, type_: str) -> tuple[str, ...]:
    """`kind`'s columns holding values of `type_` (e.g. its yes/no columns)."""
    return tuple(field.name for field in SCHEMAS[kind].fields if field.type == type_)


def column_names(kind: str) -> tuple[str, ...]:
    """The contract's columns of `kind`, in order (e.g. the header a records file gets)."""
    return SCHEMAS[kind].names


def typed_schema(kind: str) -> dict[str, pl.DataType]:
    """The dtype of each of `kind`'s columns once read and checked."""
    return {field.name: field.dtype for field in SCHEMAS[kind].fields}


def meaning_text(field: Field, policy: Policy | None = None) -> str:
    """The allowed values and the meaning, with the policy's numbers and strand codes."""
    policy = policy or shipped_policy()
    allowed = _words(field.allowed) if field.allowed else ""
    meaning = field.meaning.format(
        strands=_words(tuple(policy.strands)),
        max_hours=f"{policy.hours('max_hours_per_record'):g}",
    )
    return "; ".join(part for part in (allowed, meaning) if part)


def render_table(kind: str, policy: Policy | None = None) -> str:
    """`kind`'s columns as the Markdown table of docs/data-contract.md."""
    lines = ["| column | required | type | meaning |", "|---|---|---|---|"]
    for field in SCHEMAS[kind].fields:
        lines.append(
            f"| {field.name} | {field.required_words} | {field.type} | "
            f"{meaning_text(field, policy)} |"
        )
    return "\n".join(lines)


def render_fill_table(kind: str, policy: Policy | None = None) -> str:
    """`kind`'s columns as the init README's table: what each takes, with an example."""
    lines = ["| column | required | takes | example |", "|---|---|---|---|"]
    for field in SCHEMAS[kind].fields:
        takes = meaning_text(field, policy)
        if field.type not in ("text", "choice", "id", "strands"):
            how = TYPE_WORDS[field.type]
            takes = f"{how}: {takes}" if takes else how
        example = f"`{field.example}`" if field.example else ""
        lines.append(f"| {field.name} | {field.required_words} | {takes} | {example} |")
    return "\n".join(lines)


# docs/data-contract.md holds each table between <!-- schema:KIND --> and <!-- /schema:KIND -->
_DOC_SECTION = re.compile(r"(<!-- schema:(\w+) -->\n)(.*?)(<!-- /schema:\2 -->)", re.DOTALL)


def fill_doc_tables(text: str, policy: Policy | None = None) -> str:
    """`text` with every schema section's table rendered again from the schema."""
    return _DOC_SECTION.sub(
        lambda match: match.group(1) + render_table(match.group(2), policy) + "\n" + match.group(4),
        text,
    )


def contract_doc_path() -> Path:
    """The shipped data contract (docs/data-contract.md of the repository links to it)."""
    return docs_folder() / "data-contract.md"


if __name__ == "__main__":  # python -m tdceu_analysis.io.schema --write-doc
    import sys

    doc = contract_doc_path()
    filled = fill_doc_tables(doc.read_text(encoding="utf-8"))
    if "--write-doc" in sys.argv:
        doc.write_text(filled, encoding="utf-8")
    else:
        print(filled)
