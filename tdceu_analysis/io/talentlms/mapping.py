"""The course mapping: which event (and session, strands, credit hours) each TalentLMS
course stands for, every value checked before any record is written."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tdceu_analysis._paths import catalog_file, talentlms_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import current_fiscal_year
from tdceu_analysis.io.contract import parse_strand_text, strand_lookup
from tdceu_analysis.io.talentlms.export import match_headers, read_any
from tdceu_analysis.io.talentlms.values import text_value, unescape_entities
from tdceu_analysis.policy import Policy, load_policy

MAPPING_HEADERS: dict[str, tuple[str, ...]] = {
    "course": ("talentlms course", "talentlms_course", "course", "course name"),
    "event_id": ("event id", "event"),
    "session": ("session",),
    "strands": ("strands", "strand"),
    "hours": ("hours", "credit hours"),
}


SHIPPED_MAPPING = "course-mapping.csv"


def shipped_mapping_path() -> Path:
    return talentlms_folder() / SHIPPED_MAPPING


def shipped_event_ids() -> set[str]:
    """The event ids of the shipped catalogue (a folder's own events add to them)."""
    return set(pl.read_csv(catalog_file(), columns=["event_id"], infer_schema=False)["event_id"])


def read_mapping(
    path: Path | None = None,
    *,
    event_ids: set[str] | None = None,
    policy: Policy | None = None,
) -> pl.DataFrame:
    """course (normalised key), course_name, event_id, session, strands, hours.

    Every value is checked before any record is written: the event must be in the
    catalogue (`event_ids`, default the shipped one), the strands must be strand codes
    or names, the hours a number in the range a record may claim. A bad row is a
    UserError naming the file and line.
    """
    path = Path(path) if path else shipped_mapping_path()
    raw = read_any(path)
    columns = match_headers(raw.columns, MAPPING_HEADERS, ("course", "event_id"), path.name)
    hours_text = text_value(columns["hours"]) if "hours" in columns else pl.lit(None, pl.String)
    mapping = raw.select(
        text_value(columns["course"]).alias("course_name"),
        text_value(columns["event_id"]).alias("event_id"),
        (text_value(columns["session"]) if "session" in columns else pl.lit(None, pl.String)).alias(
            "session"
        ),
        (text_value(columns["strands"]) if "strands" in columns else pl.lit(None, pl.String)).alias(
            "strands"
        ),
        hours_text.alias("hours_text"),
        hours_text.cast(pl.Float64, strict=False).alias("hours"),
    ).with_row_index("line", offset=2)
    missing = mapping.filter(pl.col("course_name").is_null() | pl.col("event_id").is_null())
    if missing.height:
        raise UserError(
            f"{path.name} line {missing['line'][0]}: a mapping row needs a course and an event_id"
        )
    # '&amp;' copied from an export reads as '&', as the export's own names do
    mapping = unescape_entities(mapping, "course_name")
    mapping = mapping.with_columns(course_key(pl.col("course_name")).alias("course"))
    repeated = mapping.filter(pl.col("course").is_duplicated())
    if repeated.height:
        raise UserError(
            f"{path.name} maps the course '{repeated['course_name'][0]}' twice: keep one row"
        )
    _check_mapping_values(mapping, path.name, event_ids, policy)
    return mapping.drop("line", "hours_text")


def _check_mapping_values(
    mapping: pl.DataFrame, file: str, event_ids: set[str] | None, policy: Policy | None
) -> None:
    """Event, strands and hours of each mapping row, first bad row named (with a count)."""
    policy = policy or load_policy(current_fiscal_year())
    known = shipped_event_ids() if event_ids is None else event_ids
    where = "the shipped catalogue" if event_ids is None else "the catalogue (shipped + --data)"
    # R6: strands are the policy's codes or published names (parsed once per distinct text)
    lookup = strand_lookup(policy.strands)
    unknown_strands = {
        text: "; ".join(parse_strand_text(text, lookup)[1])
        for text in mapping["strands"].drop_nulls().unique().to_list()
    }
    max_hours = policy.hours("max_hours_per_record")
    hours = pl.col("hours")
    bad = mapping.select(
        "line",
        pl.when(~pl.col("event_id").is_in(sorted(known)))
        .then(pl.format(f"event_id '{{}}' is not in {where}", pl.col("event_id")))
        .when(pl.col("strands").replace_strict(unknown_strands, default="") != "")
        .then(
            pl.format(
                "unknown strand '{}' (use {} or the full names)",
                pl.col("strands").replace_strict(unknown_strands, default=""),
                pl.lit(", ".join(policy.strands)),
            )
        )
        .when(pl.col("hours_text").is_not_null() & hours.is_null())
        .then(
            pl.format(
                "hours '{}' is not a number (write e.g. 1.5, or leave it blank to count "
                "the time spent)",
                pl.col("hours_text"),
            )
        )
        .when((hours <= 0) | (hours > max_hours))
        .then(
            pl.format(
                f"hours {{}} is out of range (more than 0, at most {max_hours:g})",
                pl.col("hours_text"),
            )
        )
        .alias("problem"),
    ).filter(pl.col("problem").is_not_null())
    if bad.height:
        more = f" (and {bad.height - 1} more row(s))" if bad.height > 1 else ""
        raise UserError(
            f"{file} line {bad['line'][0]}: {bad['problem'][0]}{more}; fix the mapping file"
        )


def course_key(name: pl.Expr) -> pl.Expr:
    """Course names match ignoring case and repeated spaces."""
    return name.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
