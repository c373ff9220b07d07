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
                Field(
                    "district_code",
                    "id",
                    True,
                    True,
                    "the system's code, unique; `directors` refers to it",
                    example="D001",
                ),
                Field("district_name", "text", True, True, "e.g. Autauga County"),
                Field("district_type", "choice", True, True, "", allowed=DISTRICT_TYPES),
                Field(
                    "region",
                    "text",
                    True,
                    True,
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
                Field(
                    "director_id",
                    "id",
                    True,
                    True,
                    "stable id, unique (easiest: the person's TalentLMS user id)",
                    example="1920",
                ),
                Field("name", "text", True, True, "display name", example="Renee T. Little"),
                Field(
                    "district_code",
                    "id",
                    True,
                    True,
                    "a `district_code` of `districts` (the code, not the name)",
                    example="D001",
                ),
                Field(
                    "role_start",
                    "date",
                    True,
                    True,
                    "the day the person became the system's technology director",
                    example="2021-07-01",
                ),
                Field(
                    "role_end", "date", False, False, "blank while in the role; else the last day"
                ),
                Field(
                    "cto_academy_completed",
                    "date",
                    False,
                    False,
                    "the day the CTO Academy was completed",
                    example="2023-05-12",
                ),
                Field(
                    "email",
                    "text",
                    False,
                    False,
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
                Field("event_id", "id", True, True, "stable id", example="ext-aetc"),
                Field("name", "text", True, True, "as published", example="AETC"),
                Field(
                    "category",
                    "choice",
                    True,
                    True,
                    "only `alet` events count toward the ALET minimum",
                    allowed=CATEGORIES,
                    example="external",
                ),
                Field(
                    "kind", "choice", True, True, "", allowed=EVENT_KINDS, example="external_event"
                ),
                Field(
                    "fiscal_year",
                    "fiscal year",
                    True,
                    False,
                    "the year the line is approved for; blank on ALET rows (every year)",
                    required="external rows",
                    example="2027",
                ),
                Field(
                    "max_hours_per_session",
                    "hours",
                    False,
                    False,
                    "blank = no cap",
                ),
                Field(
                    "max_hours_per_year",
                    "hours",
                    False,
                    False,
                    'blank = no cap ("Up to 3 hours" = 3)',
                    example="3",
                ),
                Field(
                    "repeatable",
                    "yes/no",
                    True,
                    False,
                    "false = counts once, never again in a later year",
                    example="true",
                ),
                Field(
                    "requires_assignment",
                    "yes/no",
                    True,
                    False,
                    "the ALET Talent course assignment must be complete",
                    example="true",
                ),
                Field(
                    "requires_evidence",
                    "yes/no",
                    True,
                    False,
                    "proof of attendance must be uploaded",
                    example="false",
                ),
                Field(
                    "delivery",
                    "choice",
                    True,
                    True,
                    "",
                    allowed=DELIVERIES,
                    example="in_person",
                ),
                Field(
                    "source",
                    "text",
                    False,
                    False,
                    "where the line is published",
                    example="FY27 Approved External Events",
                ),
                Field(
                    "note",
                    "text",
                    False,
                    False,
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
                Field("record_id", "id", True, True, "unique over all records files"),
                Field("director_id", "id", True, True, "a `director_id` of `directors`"),
                Field("event_id", "id", True, True, "an `event_id` of the catalogue"),
                Field(
                    "session",
                    "text",
                    False,
                    False,
                    "session title or id inside a multi-session event",
                ),
                Field(
                    "date",
                    "date",
                    True,
                    True,
                    "session or completion date; it decides the fiscal year",
                ),
                Field(
                    "hours",
                    "hours",
                    True,
                    True,
                    "claimed hours, more than 0 and at most {max_hours} (the policy's maximum "
                    "per record)",
                ),
                Field(
                    "strands",
                    "strands",
                    True,
                    False,
                    STRANDS_MEANING + "; blank counts 0 hours (R6)",
                    required="yes (may be blank)",
                ),
                Field(
                    "delivery",
                    "choice",
                    False,
                    False,
                    "overrides the catalogue's",
                    allowed=DELIVERIES,
                ),
                Field("assignment_complete", "yes/no", False, False, "for events that require it"),
                Field("evidence_uploaded", "yes/no", False, False, "for events that require it"),
            ),
            row_id="record_id",
            required_file=True,
        ),
        FileSchema(
            "sessions",
            "the year's calendar: scheduled sessions a director could still attend "
            "(used for plans; never counted as attended)",
            (
                Field("session_id", "id", True, True, "unique", example="wc27-ir-1"),
                Field("event_id", "id", True, True, "an `event_id` of the catalogue"),
                Field(
                    "title",
                    "text",
                    True,
                    True,
                    "what it is called",
                    example="Winter Conference: incident response",
                ),
                Field("date", "date", True, True, "the day it is held", example="2027-02-10"),
                Field(
                    "start_time",
                    "time",
                    False,
                    False,
                    "two sessions of one event on one day at the same start time run in parallel",
                    example="09:00",
                ),
                Field(
                    "hours",
                    "hours",
                    True,
                    True,
                    "hours a participant earns, more than 0 and at most {max_hours} (the "
                    "policy's maximum per record)",
                    example="1.5",
                ),
                Field("strands", "strands", True, True, STRANDS_MEANING, example="cyber; data"),
                Field(
                    "region",
                    "text",
                    False,
                    False,
                    "a region of `districts` where it is held; blank = statewide or online",
                ),
                Field(
                    "delivery",
                    "choice",
                    False,
                    False,
                    "overrides the catalogue's",
                    allowed=DELIVERIES,
                ),
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
