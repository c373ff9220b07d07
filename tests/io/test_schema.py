"""One declaration of each input file (`io/schema.py`): the column lists the readers check,
the typed frames they return and the tables of docs/data-contract.md all come from it."""

from pathlib import Path

import pytest

from tdceu_analysis.io import contract as c
from tdceu_analysis.io.load import EVENT_TYPED_SCHEMA, RECORD_TYPED_SCHEMA, SESSION_TYPED_SCHEMA
from tdceu_analysis.io.schema import (
    SCHEMAS,
    column_names,
    contract_doc_path,
    fill_doc_tables,
    render_table,
    typed_schema,
)
from tdceu_analysis.policy import shipped_policy

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_contract_doc_tables_are_the_schema_rendered():
    text = contract_doc_path().read_text(encoding="utf-8")
    assert fill_doc_tables(text) == text, "run: python -m tdceu_analysis.io.schema --write-doc"
    for kind in SCHEMAS:
        assert render_table(kind) in text, kind


def test_the_repository_docs_are_the_shipped_ones():
    """docs/ links to the copies the package ships (an installed package has no docs/)."""
    for name in ("rules.md", "data-contract.md"):
        linked = REPOSITORY / "docs" / name
        assert linked.resolve() == (contract_doc_path().parent / name).resolve(), name


@pytest.mark.parametrize(
    ("kind", "first_columns"),
    [
        ("districts", ("district_code", "district_name", "district_type", "region")),
        ("directors", ("director_id", "name", "district_code", "role_start")),
        ("events", ("event_id", "name", "category", "kind", "fiscal_year")),
        ("records", ("record_id", "director_id", "event_id", "session", "date", "hours")),
        ("sessions", ("session_id", "event_id", "title", "date", "start_time", "hours")),
    ],
)
def test_the_readers_check_the_schemas_columns(kind, first_columns):
    assert column_names(kind)[: len(first_columns)] == first_columns
    assert tuple(col.name for col in c.INPUT_FILES[kind]) == column_names(kind)
    required = {col.name for col in c.INPUT_FILES[kind] if col.must_exist}
    assert required == {f.name for f in SCHEMAS[kind].fields if f.required_words != "no"}


def test_the_typed_frames_are_the_schemas_types():
    assert {k: v for k, v in RECORD_TYPED_SCHEMA.items() if k not in ("file", "line")} == (
        typed_schema("records")
    )
    assert {k: v for k, v in SESSION_TYPED_SCHEMA.items() if k not in ("file", "line")} == {
        **typed_schema("sessions"),
        "fiscal_year": SESSION_TYPED_SCHEMA["fiscal_year"],
    }
    events = {k: v for k, v in typed_schema("events").items() if k != "note"}
    assert {k: v for k, v in EVENT_TYPED_SCHEMA.items() if k != "origin"} == events


def test_the_tables_state_the_policys_numbers_and_strands():
    policy = shipped_policy()
    hours = next(line for line in render_table("records").splitlines() if "| hours |" in line)
    assert f"at most {policy.hours('max_hours_per_record'):g} " in hours
    strands = render_table("sessions")
    assert all(f"`{code}`" in strands for code in policy.strands)


def test_no_text_a_user_reads_points_outside_the_project():
    """README, the package's files (pages, templates, help, messages, docs) name no path of
    the specs' folder and no rules.md but the project's own."""
    user_text = [REPOSITORY / "README.md"] + [
        path
        for path in (REPOSITORY / "tdceu_analysis").rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".md", ".txt", ".toml", ".html", ".js", ".css", ".ipynb", ".j2"}
    ]
    offenders = [
        str(path.relative_to(REPOSITORY))
        for path in user_text
        if "shared/" in path.read_text(encoding="utf-8", errors="replace")
        or "../spec" in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []
