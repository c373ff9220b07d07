"""Per-record rules (R1-R8): hours claimed -> hours counted, with a reason code.

The ledger of one fiscal year is built in one lazy polars query: checks that
zero a record (first one wins, in the order of `REASON_PRECEDENCE`), then the
caps in date order (R5) as cumulative sums over windows; each reason's
explanation is then written for that reason's rows only. Only the few fiscal
years are iterated, because "once credit is earned" (R7) depends on what
earlier years credited.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from tdceu_analysis.fiscal import FiscalYear
from tdceu_analysis.io.order import (  # noqa: F401  (R5: the records' order, shared with io)
    _one_prefix_keys,
    _prefix_keys,
    in_r5_order,
    natural_record_order,
)
from tdceu_analysis.policy import Policy
from tdceu_analysis.rules.status import in_scope
from tdceu_analysis.vocabulary import hours_phrase, hours_text

# The order in which zeroing checks are tried; the first that applies is the reason.
REASON_PRECEDENCE = (
    "duplicate",
    "not_in_role",
    "before_requirement",
    "not_approved",
    "repeat_course",
    "no_strand",
    "online_not_counted",
    "assignment_incomplete",
    "evidence_missing",
)
CAP_REASONS = ("capped_session", "capped_line", "capped_external")
REASON_CODES = ("counted", *CAP_REASONS, *REASON_PRECEDENCE)
PENDING_REASONS = ("assignment_incomplete", "evidence_missing")

LEDGER_CONTRACT_COLUMNS = (
    "record_id",
    "director_id",
    "event_id",
    "date",
    "fiscal_year",
    "hours_claimed",
    "hours_counted",
    "reason",
)

# The engine every query of the rules is collected with. polars' default (streaming) hands
# back frames in many chunks, and the R5 sort's gathers and the windows over such frames
# cost several times more than over one chunk (measured: benchmarks/results.md, issue 22).
ENGINE = "in-memory"

# Decimal hours are summed as floats; rounding here keeps 0.1 + 0.2 from missing a cap.
_HOURS_DECIMALS = 9

SESSION_KEY = pl.col("session").fill_null("")
COURSE_KEY = ("director_id", "event_id", "session_key")
DUPLICATE_KEY = ("director_id", "event_id", "date", "session_key")
# The same keys as whole numbers (`with_group_codes`): hashing and windows over them are
# several times quicker than over the text ids, and they group exactly as the texts do.
DIRECTOR_CODE, EVENT_CODE, SESSION_CODE = "_director_code", "_event_code", "_session_code"
LINE_CODE = "_line_code"  # (director, event) in one number: a one-key window is quicker
CAPPED_LINE = "_capped_line"  # the window key of the lines' yearly caps (`_capped_line`)
DUPLICATE_CODES = (LINE_CODE, "date", SESSION_CODE)


# R7: the same director, event, date and session twice is one record, counted once
def is_duplicate() -> pl.Expr:
    # every record but the first of its group, in R5 order (one hash pass; a window
    # over these many small groups was the slowest step of the ledger)
    return ~pl.struct(list(DUPLICATE_CODES)).is_first_distinct()


def with_group_codes(records: pl.LazyFrame) -> pl.LazyFrame:
    """`records` plus a whole-number code for director_id, event_id and session_key:
    equal texts get equal codes (a categorical's codes), so they group the same."""

    def code(column: str | pl.Expr) -> pl.Expr:
        text = pl.col(column) if isinstance(column, str) else column
        return text.cast(pl.Categorical).to_physical()

    return records.with_columns(
        code("director_id").alias(DIRECTOR_CODE),
        code("event_id").alias(EVENT_CODE),
        code(pl.col("session_key")).alias(SESSION_CODE),
    ).with_columns(
        # two 32-bit codes side by side in 64 bits: equal exactly when both are equal
        (pl.col(DIRECTOR_CODE).cast(pl.UInt64) * (1 << 32) + pl.col(EVENT_CODE)).alias(LINE_CODE)
    )


# R9: a record of a director not in the role on any day of its fiscal year (up to the
# as-of date) counts 0 for anyone: that director has no summary row, so ledger and
# summary agree. A record dated before role_start (or after role_end) in a year the
# director is in scope counts: the requirement is the year's, owed in full (R9).
ROLE_COLUMNS = ("role_start", "role_end")


def is_not_in_role(fiscal_year: FiscalYear, as_of: dt.date) -> pl.Expr:
    return ~in_scope(fiscal_year, as_of).fill_null(False)


# R1: records dated before the requirement start count 0
def is_before_requirement(policy: Policy) -> pl.Expr:
    return pl.col("date") < pl.lit(policy.date("requirement_start"))


# R4: an external event counts only in a fiscal year it is approved for
def is_not_approved() -> pl.Expr:
    return ~pl.col("approved")


# R7: a once-only course already credited in an earlier fiscal year counts 0
def is_repeat_course() -> pl.Expr:
    return ~pl.col("repeatable") & pl.col("credited_earlier")


# R6: a record with no valid strand counts 0
def has_no_strand() -> pl.Expr:
    return pl.col("strands").list.len() == 0


# R8: online hours count unless the strict in-person switch is set
def is_online_not_counted(policy: Policy) -> pl.Expr:
    return pl.lit(not policy.switch("online_hours_count")) & (pl.col("delivery") == "online")


# R4: external credit waits for the ALET Talent course assignment
def is_assignment_incomplete() -> pl.Expr:
    return pl.col("requires_assignment") & ~pl.col("assignment_complete")


# R4: ... and, where the event requires it, for uploaded evidence of attendance
def is_evidence_missing() -> pl.Expr:
    return pl.col("requires_evidence") & ~pl.col("evidence_uploaded")


def zeroing_reason(policy: Policy, not_in_role: pl.Expr | None = None) -> pl.Expr:
    """The first zeroing rule that applies, or null when the record may count.

    `not_in_role`: `is_not_in_role` of the year (needs the records' role columns).
    """
    checks = {
        "duplicate": is_duplicate(),
        "not_in_role": pl.lit(False) if not_in_role is None else not_in_role,
        "before_requirement": is_before_requirement(policy),
        "not_approved": is_not_approved(),
        "repeat_course": is_repeat_course(),
        "no_strand": has_no_strand(),
        "online_not_counted": is_online_not_counted(policy),
        "assignment_incomplete": is_assignment_incomplete(),
        "evidence_missing": is_evidence_missing(),
    }
    expression = pl.lit(None, dtype=pl.String)
    for reason in reversed(REASON_PRECEDENCE):
        expression = pl.when(checks[reason]).then(pl.lit(reason)).otherwise(expression)
    return expression


def _remaining(cap: pl.Expr, used_before: pl.Expr) -> pl.Expr:
    return pl.max_horizontal(cap - used_before, pl.lit(0.0)).round(_HOURS_DECIMALS)


def _capped_line() -> pl.Expr:
    """The record's line as a window key when the line has a yearly cap and more than one
    record this year, else null (the `CAPPED_LINE` column `year_ledger` adds).

    Only capped lines need their running sums, and a line's only record has none before
    it: putting every other record in the one null group leaves polars a few thousand
    groups to sum over instead of one per line (the sums of that group are never read).
    """
    has_cap = pl.col("max_hours_per_year").is_not_null()
    line = pl.when(has_cap).then(pl.col(LINE_CODE))
    return pl.when(line.is_duplicated()).then(line)


def _line_used_before(hours: pl.Expr) -> pl.Expr:
    """Hours of the earlier records of the record's capped line (0 for a line's only
    record: its running sum less its own hours, exactly)."""
    key = pl.col(CAPPED_LINE)
    return pl.when(key.is_null()).then(pl.lit(0.0)).otherwise(_used_before(hours, [key]))


def _used_before(hours: pl.Expr, window: list[str | pl.Expr]) -> pl.Expr:
    """Hours of the earlier records in the same window (frame is in R5 order)."""
    return (hours.cum_sum() - hours).over(window).round(_HOURS_DECIMALS)


# R4/R5: "1 hour each": the per-session cap applies first
def after_session_cap() -> pl.Expr:
    cap = pl.col("max_hours_per_session")
    return pl.when(cap.is_not_null()).then(pl.min_horizontal("hours", cap)).otherwise("hours")


# R4/R5: "Up to 3 hours": the line's yearly cap, summed over its sessions in date order
def after_line_cap() -> pl.Expr:
    # Until the external cap cuts, what a line's earlier records counted equals their
    # eligible hours; after it, every external record counts 0 whatever the line's room.
    # So the running sum of eligible hours gives the counted hours exactly.
    cap = pl.col("max_hours_per_year")
    used = _line_used_before(pl.col("eligible_hours"))
    return (
        pl.when(cap.is_not_null())
        .then(pl.min_horizontal("eligible_hours", _remaining(cap, used)))
        .otherwise("eligible_hours")
    )


# R4/R5: at most external_maximum_hours external hours a year, all lines together, in date order
def after_external_cap(policy: Policy) -> pl.Expr:
    cap = pl.lit(policy.hours("external_maximum_hours"))
    return (
        pl.when(pl.col("category") == "external")
        .then(pl.min_horizontal("after_line", _remaining(cap, pl.col("external_used_before"))))
        .otherwise("after_line")
    )


def cap_reason() -> pl.Expr:
    """R5: a record cut by a cap carries the code of the last cap that cut it.

    The line's room is what its earlier records *counted*: once the external cap
    has cut a record, the line itself may still have room, and the cut is the
    external cap's.
    """
    cap = pl.col("max_hours_per_year")
    line_room = _remaining(cap, pl.col("line_used_before"))
    after_line = (
        pl.when(cap.is_not_null())
        .then(pl.min_horizontal("eligible_hours", line_room))
        .otherwise("eligible_hours")
    )
    return (
        pl.when(pl.col("hours_counted") < after_line)
        .then(pl.lit("capped_external"))
        .when(after_line < pl.col("eligible_hours"))
        .then(pl.lit("capped_line"))
        .when(pl.col("after_session") < pl.col("hours"))
        .then(pl.lit("capped_session"))
        .otherwise(pl.lit("counted"))
    )


def _explanation_texts(policy: Policy, fiscal_year: FiscalYear) -> dict[str, pl.Expr]:
    """One plain sentence per record, by reason: why its hours counted or not."""
    hours = hours_phrase(pl.col("hours_claimed"))
    counted = hours_phrase(pl.col("hours_counted"))
    event = pl.col("event_label")
    kept = pl.format("Counted {} of {}: ", counted, hours)
    texts = {
        "counted": pl.format("Counted in full: {} at {}.", hours, event),
        "capped_session": pl.concat_str(
            kept,
            pl.format(
                "{} counts at most {} a session.",
                event,
                hours_phrase(pl.col("max_hours_per_session")),
            ),
        ),
        "capped_line": pl.concat_str(
            kept,
            pl.format(
                "{} counts at most {} a year and earlier sessions already used {}.",
                event,
                hours_phrase(pl.col("max_hours_per_year")),
                hours_text(pl.col("line_used_before")),
            ),
        ),
        "capped_external": pl.concat_str(
            kept,
            pl.format(
                "external events count at most {} a year and earlier external records "
                "already used {}.",
                hours_phrase(pl.lit(policy.hours("external_maximum_hours"))),
                hours_text(pl.col("external_used_before")),
            ),
        ),
        "duplicate": pl.format(
            "Not counted: same director, event, date and session as record {}, "
            "which is counted once.",
            pl.col("duplicate_of"),
        ),
        "not_in_role": pl.format(
            "Not counted: {} was not in the technology director role on any day of {} "
            "(see their role_start and role_end), so the record counts for no one.",
            pl.col("director_id"),
            pl.lit(fiscal_year.label),
        ),
        "before_requirement": pl.format(
            "Not counted: dated {}, before TD-CEU hours began on {}.",
            pl.col("date"),
            pl.lit(policy.date("requirement_start").isoformat()),
        ),
        "not_approved": pl.format(
            "Not counted: {} is not on the approved external list for {}.",
            pl.col("event_id"),
            pl.lit(fiscal_year.label),
        ),
        "repeat_course": pl.format(
            "Not counted: {} was already credited in an earlier year and may not be repeated.",
            event,
        ),
        "no_strand": pl.lit(
            "Not counted: no CTO Academy strand given; every hour must align to a strand."
        ),
        "online_not_counted": pl.lit(
            "Not counted: online hours do not count under the strict in-person policy."
        ),
        "assignment_incomplete": pl.format(
            "Pending: {} wait for the ALET Talent course assignment to be completed.", hours
        ),
        "evidence_missing": pl.format(
            "Pending: {} wait for evidence of attendance to be uploaded.", hours
        ),
    }
    return texts


def with_explanation(ledger: pl.DataFrame, policy: Policy, fiscal_year: FiscalYear) -> pl.DataFrame:
    """`ledger` (with `event_label` and the duplicate key) plus its `explanation` column.

    Each reason's sentence is formatted only for the rows of that reason, then the parts
    are put back in the ledger's order: a when/then chain would format every sentence
    for every row. `duplicate_of` (the record a duplicate repeats) is looked up only
    among the records of groups that have a duplicate.
    """
    texts = _explanation_texts(policy, fiscal_year)
    # rechunk: polars 2.1 can panic formatting strings of filtered frames whose columns
    # are chunked differently ("assertion failed: i < self.len()" in binview)
    rows = ledger.rechunk().lazy().with_row_index("_explained")
    duplicate_of = rows.filter(pl.struct(list(DUPLICATE_KEY)).is_duplicated()).select(
        "_explained",
        pl.col("record_id").first().over(list(DUPLICATE_KEY)).alias("duplicate_of"),
    )
    present = set(ledger.get_column("reason").unique().to_list())
    parts = []
    for reason, text in texts.items():
        if reason not in present:
            continue
        part = rows.filter(pl.col("reason") == reason)
        if reason == "duplicate":
            part = part.join(duplicate_of, on="_explained", how="left")
        parts.append(part.select("_explained", text.alias("explanation")))
    if present - set(texts):
        unexplained = pl.col("reason").is_null() | ~pl.col("reason").is_in(list(texts))
        parts.append(
            rows.filter(unexplained).select(
                "_explained", pl.lit(None, dtype=pl.String).alias("explanation")
            )
        )
    if not parts:  # no rows
        return ledger.with_columns(pl.lit(None, dtype=pl.String).alias("explanation"))
    explanation = (
        pl.concat(pl.collect_all(parts, engine=ENGINE)).sort("_explained").get_column("explanation")
    )
    return ledger.with_columns(explanation)


def year_ledger(
    records: pl.LazyFrame,
    credited_courses: pl.LazyFrame,
    policy: Policy,
    fiscal_year: FiscalYear,
    as_of: dt.date,
    explain: bool = True,
) -> pl.LazyFrame:
    """The ledger of one fiscal year: `records` already joined to their catalogue rows
    and in R5 order (date, then natural record_id order; see `natural_record_order`).

    `credited_courses` holds (director_id, event_id, session_key) of once-only
    courses credited in earlier years (R7). `explain=False` leaves out the
    `explanation` column (an earlier year evaluated only for its R7 credits).
    """
    in_year = records.filter(
        pl.col("fiscal_year") == fiscal_year.fy, pl.col("date") <= as_of
    ).with_columns(SESSION_KEY.alias("session_key"), pl.col("repeatable").fill_null(True))
    # R7: only once-only records can be repeats, so only they are looked up in the
    # credited courses (a join of the whole year would copy every column)
    credited_rows = (
        in_year.with_row_index("_credited")
        .filter(~pl.col("repeatable"))
        .join(credited_courses, on=list(COURSE_KEY), how="semi")
        .select("_credited")
        .collect(engine=ENGINE)
        .get_column("_credited")
        if credited_courses.select(pl.len()).collect().item()
        else pl.Series("_credited", [], dtype=pl.get_index_type())
    )
    in_year = in_year.with_columns(
        pl.int_range(pl.len(), dtype=credited_rows.dtype)
        .is_in(credited_rows.implode())
        .alias("credited_earlier"),
        pl.col("requires_assignment").fill_null(False),
        pl.col("requires_evidence").fill_null(False),
        pl.coalesce("delivery_override", "delivery").alias("delivery"),
    )
    not_in_role = is_not_in_role(fiscal_year, as_of) if _has_roles(in_year) else None
    zeroed = with_group_codes(in_year).with_columns(
        zeroing_reason(policy, not_in_role).alias("zero_reason")
    )
    external = pl.col("category") == "external"
    capped = (
        zeroed.with_columns(
            after_session_cap().alias("after_session"), _capped_line().alias(CAPPED_LINE)
        )
        .with_columns(
            # only records no zeroing rule stopped take part in the caps' running sums
            pl.when(pl.col("zero_reason").is_null())
            .then(pl.col("after_session"))
            .otherwise(0.0)
            .alias("eligible_hours")
        )
        .with_columns(after_line_cap().alias("after_line"))
        .with_columns(
            _used_before(
                pl.when(external).then(pl.col("after_line")).otherwise(0.0), [DIRECTOR_CODE]
            ).alias("external_used_before")
        )
        .with_columns(after_external_cap(policy).round(_HOURS_DECIMALS).alias("hours_counted"))
        .with_columns(
            # what the line's earlier records counted; null for a line with no yearly cap
            pl.when(pl.col("max_hours_per_year").is_not_null())
            .then(_line_used_before(pl.col("hours_counted")))
            .alias("line_used_before")
        )
    )
    ledger = capped.with_columns(
        pl.coalesce(pl.col("zero_reason"), cap_reason()).alias("reason"),
        pl.col("hours").alias("hours_claimed"),
    ).with_columns(
        pl.col("reason").is_in(list(PENDING_REASONS)).alias("pending"),
    )
    if explain:
        labelled = ledger.with_columns(
            pl.coalesce(
                pl.format("{} ({})", pl.col("name"), pl.col("session")), pl.col("name"), "event_id"
            ).alias("event_label")
        )
        ledger = with_explanation(labelled.collect(engine=ENGINE), policy, fiscal_year).lazy()
    return ledger.select(
        *LEDGER_CONTRACT_COLUMNS,
        "session",
        "category",
        "kind",
        pl.col("name").alias("event_name"),
        "delivery",
        "strands",
        "repeatable",
        "pending",
        *(["explanation"] if explain else []),
        # (the caps' running sums, line_used_before and external_used_before, are left
        # out: only the sentences read them, and at 10 M records they hold 153 MiB)
        "file",
        "line",
    )


def _has_roles(records: pl.LazyFrame) -> bool:
    return set(ROLE_COLUMNS) <= set(records.collect_schema().names())


def credited_once_only_courses(ledger: pl.LazyFrame) -> pl.LazyFrame:
    """R7 "once credit is earned": once-only courses of this ledger that counted hours."""
    return (
        ledger.filter(pl.col("hours_counted") > 0, pl.col("repeatable").not_())
        .select("director_id", "event_id", SESSION_KEY.alias("session_key"))
        .unique()
    )
