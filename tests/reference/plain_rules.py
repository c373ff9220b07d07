"""A plain-Python reading of the TD-CEU credit rules (spec/rules.md R1-R11).

This is the test side's own, deliberately simple reading of the rules: lists of
dicts in, lists of dicts out, one loop per rule, no polars. It exists so that the
engine (``tdceu_analysis.evaluate``) can be checked against something a person can
read line by line next to rules.md. It is written from the spec, not from the
engine, and shares no code with it.

Inputs are rows as they come out of a file: every value a string, blank = "".
- directors: director_id, name, district_code, role_start, role_end, cto_academy_completed
- districts: district_code, district_name, district_type, region
- events: extra catalogue rows; they add to the shipped catalogue or replace the
  shipped row with the same (event_id, fiscal_year)
- records: record_id, director_id, event_id, session, date, hours, strands,
  delivery, assignment_complete, evidence_uploaded

Every policy number is read from the package's policy file (parameters.toml);
none is written here. Readings where rules.md leaves room are those agreed for
issue #2 (see the docstrings below).
"""

from __future__ import annotations

import calendar
import csv
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "tdceu_analysis" / "data"
POLICY_FILE = DATA_DIR / "policy" / "parameters.toml"
CATALOG_FILE = DATA_DIR / "catalog" / "events.csv"

# Reason precedence (first wins), before the caps are applied.
CHECK_ORDER = (
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


# --------------------------------------------------------------------------- policy


def read_policy(path: Path = POLICY_FILE) -> dict:
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def with_overrides(policy: dict, overrides: dict | None) -> dict:
    """The policy with some values replaced in every year (a what-if scenario)."""
    changed = dict(policy)
    for name, value in (overrides or {}).items():
        changed[name] = {**policy[name], "values": [{"effective_fy": 0, "value": value}]}
    return changed


def policy_value(policy: dict, name: str, fy: int):
    """The value in force in `fy`: the latest entry with effective_fy <= fy.

    A year before the first entry (FY24 and earlier) uses the first entry.
    """
    entries = sorted(policy[name]["values"], key=lambda entry: entry["effective_fy"])
    chosen = entries[0]
    for entry in entries:
        if entry["effective_fy"] <= fy:
            chosen = entry
    return chosen["value"]


# ----------------------------------------------------------------------- small parsers


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


def parse_bool(text: str) -> bool:
    return (text or "").strip().lower() in {"true", "yes", "1", "y"}


def parse_number(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def natural_key(record_id: str) -> tuple:
    """'r2' < 'r10': a text prefix, then the trailing number compared as a number."""
    match = re.fullmatch(r"(.*?)(\d+)", record_id)
    if match:
        return (match.group(1), int(match.group(2)), record_id)
    return (record_id, -1, record_id)


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ------------------------------------------------------------------------ fiscal years


def fy_start(policy: dict, fy: int) -> date:
    month = policy_value(policy, "fiscal_year_start_month", fy)
    day = policy_value(policy, "fiscal_year_start_day", fy)
    return date(fy - 1, month, day)


def fy_end(policy: dict, fy: int) -> date:
    return fy_start(policy, fy + 1) - timedelta(days=1)


def fiscal_year_of(policy: dict, day: date) -> int:
    """R1: the FY that contains `day` (FY N = Oct 1 of N-1 .. Sep 30 of N)."""
    return day.year + 1 if day >= fy_start(policy, day.year + 1) else day.year


# ------------------------------------------------------------------------- catalogue


def read_catalog(extra_rows: list[dict] = ()) -> dict[tuple[str, str], dict]:
    """(event_id, fiscal_year or "") -> row; extra rows add or replace by that key."""
    with open(CATALOG_FILE, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    catalog = {}
    for row in [*rows, *extra_rows]:
        catalog[(row["event_id"], (row.get("fiscal_year") or "").strip())] = row
    return catalog


def catalog_row(catalog: dict, event_id: str, fy: int) -> dict | None:
    """The row approving `event_id` for `fy`: its own FY row, else an every-year row."""
    return catalog.get((event_id, str(fy))) or catalog.get((event_id, ""))


def any_catalog_row(catalog: dict, event_id: str) -> dict | None:
    for (known_id, _), row in catalog.items():
        if known_id == event_id:
            return row
    return None


# --------------------------------------------------------------------------- records


def strand_codes(policy: dict, text: str, fy: int) -> list[str] | None:
    """Strand codes of a record; [] when blank; None when a name is unknown (a reject)."""
    strands = policy_value(policy, "strands", fy)
    by_name = {name.lower(): code for code, name in strands.items()}
    codes = []
    for piece in (text or "").split(";"):
        piece = piece.strip()
        if not piece:
            continue
        if piece in strands:
            codes.append(piece)
        elif piece.lower() in by_name:
            codes.append(by_name[piece.lower()])
        else:
            return None
    return codes


def accept_records(records, directors, catalog, policy):
    """Split raw record rows into accepted (typed) records and rejected record ids."""
    known_directors = {row["director_id"] for row in directors}
    seen_ids: set[str] = set()
    accepted, rejected = [], []
    for row in records:
        record_id = row["record_id"]
        day = parse_date(row["date"])
        hours = parse_number(row["hours"])
        fy = fiscal_year_of(policy, day)
        strands = strand_codes(policy, row.get("strands", ""), fy)
        max_hours = policy_value(policy, "max_hours_per_record", fy)
        if (
            record_id in seen_ids
            or row["director_id"] not in known_directors
            or any_catalog_row(catalog, row["event_id"]) is None
            or hours is None
            or not 0 < hours <= max_hours
            or strands is None
        ):
            rejected.append(record_id)
            continue
        seen_ids.add(record_id)
        accepted.append(
            {
                "record_id": record_id,
                "director_id": row["director_id"],
                "event_id": row["event_id"],
                "session": (row.get("session") or "").strip(),
                "date": day,
                "fy": fy,
                "hours": hours,
                "strands": strands,
                "delivery": (row.get("delivery") or "").strip().lower(),
                "assignment_complete": parse_bool(row.get("assignment_complete", "")),
                "evidence_uploaded": parse_bool(row.get("evidence_uploaded", "")),
            }
        )
    return accepted, rejected


# ---------------------------------------------------------------------- ledger (R1-R8)


def year_ledger(records, fy, catalog, policy, credited, in_role=None):
    """Hours counted and reason for each record of one fiscal year.

    `records` are that year's accepted records (already limited to date <= as_of);
    `credited` holds (director, event, session) of non-repeatable courses credited
    in an earlier fiscal year.
    """
    requirement_start = date.fromisoformat(policy_value(policy, "requirement_start", fy))
    external_max = policy_value(policy, "external_maximum_hours", fy)
    online_counts = policy_value(policy, "online_hours_count", fy)

    # R7 duplicates: same director, event, date and session; the smallest record id is kept.
    kept: dict[tuple, dict] = {}
    for record in records:
        key = (record["director_id"], record["event_id"], record["date"], record["session"])
        if key not in kept or natural_key(record["record_id"]) < natural_key(
            kept[key]["record_id"]
        ):
            kept[key] = record
    kept_ids = {record["record_id"] for record in kept.values()}

    def first_reason(record, event):
        # The checks of CHECK_ORDER, in that order.
        if record["record_id"] not in kept_ids:
            return "duplicate"
        # R9: a director not in the role on any day of the year: the record counts for no one
        if in_role is not None and record["director_id"] not in in_role:
            return "not_in_role"
        if record["date"] < requirement_start:
            return "before_requirement"
        if event is None:
            return "not_approved"
        course = (record["director_id"], record["event_id"], record["session"])
        if not parse_bool(event["repeatable"]) and course in credited:
            return "repeat_course"
        if not record["strands"]:
            return "no_strand"
        if not online_counts and delivery_of(record, event) == "online":
            return "online_not_counted"
        if parse_bool(event["requires_assignment"]) and not record["assignment_complete"]:
            return "assignment_incomplete"
        if parse_bool(event["requires_evidence"]) and not record["evidence_uploaded"]:
            return "evidence_missing"
        return None

    line_used: dict[tuple, float] = defaultdict(float)
    external_used: dict[str, float] = defaultdict(float)
    ledger = []
    # R5: caps in date order, ties by record id (natural order).
    for record in sorted(records, key=lambda r: (r["date"], natural_key(r["record_id"]))):
        event = catalog_row(catalog, record["event_id"], fy)
        reason = first_reason(record, event)
        counted = 0.0
        if reason is None:
            counted, reason = record["hours"], "counted"
            session_cap = parse_number(event.get("max_hours_per_session", ""))
            line_cap = parse_number(event.get("max_hours_per_year", ""))
            if session_cap is not None and counted > session_cap:
                counted, reason = session_cap, "capped_session"
            line = (record["director_id"], record["event_id"])
            if line_cap is not None and counted > line_cap - line_used[line]:
                counted, reason = max(line_cap - line_used[line], 0.0), "capped_line"
            is_external = event["category"] == "external"
            room = external_max - external_used[record["director_id"]]
            if is_external and counted > room:
                counted, reason = max(room, 0.0), "capped_external"
            line_used[line] += counted
            if is_external:
                external_used[record["director_id"]] += counted
        shown_event = event or any_catalog_row(catalog, record["event_id"])
        ledger.append(
            {
                **record,
                "hours_counted": counted,
                "reason": reason,
                "category": shown_event["category"],
                "effective_delivery": delivery_of(record, shown_event),
                "repeatable": parse_bool(shown_event["repeatable"]),
            }
        )
    return ledger


def delivery_of(record, event) -> str:
    return record["delivery"] or event["delivery"].strip().lower()


# ------------------------------------------------------------------ summary (R9-R11)


def cto_academy(director, as_of, policy, fy):
    """R10: (status, deadline or None) at `as_of`."""
    required_after = date.fromisoformat(policy_value(policy, "cto_academy_required_after", fy))
    window = policy_value(policy, "cto_academy_window_months", fy)
    due_soon_months = policy_value(policy, "cto_academy_due_soon_months", fy)
    start = parse_date(director["role_start"])
    if start <= required_after:
        return "not_required", None
    deadline = add_months(start, window)
    completed = parse_date(director.get("cto_academy_completed", ""))
    if completed is not None and completed <= as_of:
        return "completed", deadline
    if as_of > deadline:
        return "overdue", deadline
    if as_of >= add_months(deadline, -due_soon_months):
        return "due_soon", deadline
    return "in_window", deadline


def year_status(total, alet, hours_needed, as_of, policy, fy):
    """R11: met / not_met for a closed year; met / critical / on_track / at_risk open."""
    minimum = policy_value(policy, "annual_minimum_hours", fy)
    alet_minimum = policy_value(policy, "alet_minimum_hours", fy)
    met = total >= minimum and alet >= alet_minimum
    start, end = fy_start(policy, fy), fy_end(policy, fy)
    if as_of >= end:
        return "met" if met else "not_met"
    if met:
        return "met"
    days_left = (end - as_of).days
    elapsed = (as_of - start).days
    if hours_needed >= policy_value(
        policy, "critical_hours_needed", fy
    ) and days_left <= policy_value(policy, "critical_days_left", fy):
        return "critical"
    if total >= minimum * elapsed / (elapsed + days_left):
        return "on_track"
    return "at_risk"


def in_scope_ids(directors, fy, as_of, policy) -> set[str]:
    """R9: the directors who held the role on a day of the year (up to the as-of date)."""
    start, end = fy_start(policy, fy), fy_end(policy, fy)
    ids = set()
    for director in directors:
        role_start = parse_date(director["role_start"])
        role_end = parse_date(director.get("role_end", ""))
        if role_start <= min(end, as_of) and (role_end is None or role_end >= start):
            ids.add(director["director_id"])
    return ids


def summary_rows(directors, ledger, fy, as_of, policy):
    start, end = fy_start(policy, fy), fy_end(policy, fy)
    minimum = policy_value(policy, "annual_minimum_hours", fy)
    alet_minimum = policy_value(policy, "alet_minimum_hours", fy)
    if policy_value(policy, "prorate_mid_year_start", fy):
        raise NotImplementedError("the reference reads the default: no pro-rating (R9)")
    rows = []
    for director in directors:
        role_start = parse_date(director["role_start"])
        role_end = parse_date(director.get("role_end", ""))
        # R9: held the role on a day of the year (up to the as-of date).
        if role_start > min(end, as_of) or (role_end is not None and role_end < start):
            continue
        mine = [row for row in ledger if row["director_id"] == director["director_id"]]
        total = sum(row["hours_counted"] for row in mine)
        alet = sum(row["hours_counted"] for row in mine if row["category"] == "alet")
        external = sum(row["hours_counted"] for row in mine if row["category"] == "external")
        in_person = sum(
            row["hours_counted"] for row in mine if row["effective_delivery"] == "in_person"
        )
        hours_needed = max(minimum - total, alet_minimum - alet, 0.0)
        cto_status, cto_deadline = cto_academy(director, as_of, policy, fy)
        rows.append(
            {
                "director_id": director["director_id"],
                "name": director["name"],
                "district_code": director["district_code"],
                "fiscal_year": fy,
                "total_hours": total,
                "alet_hours": alet,
                "external_hours": external,
                "in_person_hours": in_person,
                "hours_needed": hours_needed,
                "status": year_status(total, alet, hours_needed, as_of, policy, fy),
                "started_mid_year": role_start > start,
                "cto_academy_status": cto_status,
                "cto_academy_deadline": cto_deadline,
            }
        )
    return rows


# ------------------------------------------------------------------------ entry point


@dataclass
class Result:
    fy: int
    as_of: date
    ledger: list[dict] = field(default_factory=list)  # record_id, hours_counted, reason, ...
    summary: list[dict] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # record ids of rejected record rows


def evaluate(
    directors: list[dict],
    districts: list[dict],
    records: list[dict],
    fy: int,
    as_of: date | None = None,
    events: list[dict] = (),
    overrides: dict | None = None,
) -> Result:
    """Ledger and summary of fiscal year `fy` as of `as_of` (default and maximum: FY end)."""
    del districts  # the rules do not use them; kept so the signature mirrors the engine
    policy = with_overrides(read_policy(), overrides)
    end = fy_end(policy, fy)
    as_of = end if as_of is None else min(as_of, end)
    catalog = read_catalog(list(events))
    accepted, rejected = accept_records(records, directors, catalog, policy)

    # Earlier years decide what was credited before (R7), so walk the years in order.
    credited: set[tuple] = set()
    ledger: list[dict] = []
    first_fy = min([record["fy"] for record in accepted], default=fy)
    for year in range(min(first_fy, fy), fy + 1):
        cutoff = as_of if year == fy else fy_end(policy, year)
        of_year = [r for r in accepted if r["fy"] == year and r["date"] <= cutoff]
        in_role = in_scope_ids(directors, year, cutoff, policy)
        ledger = year_ledger(of_year, year, catalog, policy, credited, in_role)
        for row in ledger:
            if not row["repeatable"] and row["hours_counted"] > 0:
                credited.add((row["director_id"], row["event_id"], row["session"]))
    return Result(
        fy=fy,
        as_of=as_of,
        ledger=ledger,
        summary=summary_rows(directors, ledger, fy, as_of, policy),
        rejected=rejected,
    )
