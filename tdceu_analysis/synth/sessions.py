"""The sample's session calendar: what a director can still attend in the open year.

`upcoming_sessions(config, policy)` lists the sessions dated after the sample's "today"
up to the end of that fiscal year, in the data contract's `sessions` columns, for the
plans of `tdceu statements`:

- the ALET Winter, Summer and Fall conferences of the invented calendar
  (`calendar.build_calendar`, the same slots the past records were drawn from), each
  day a keynote and blocks of three parallel breakouts (same day, same start time);
- a region meeting per region each quarter: the calendar's February and May meetings
  and a summer one in August (its own random stream, so the past calendar and records
  stay byte-identical);
- the spring cyber camp; ALET TD-Talent online courses, one cohort of each course
  (self-paced: no start time, so never in parallel with anything);
- a few lines of the year's approved external list, dated as the calendar dates them.

Nothing here is ALET's real schedule. Same seed, same bytes.
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from tdceu_analysis.fiscal import FiscalYear
from tdceu_analysis.io.schema import column_names
from tdceu_analysis.synth.calendar import (
    REGIONS,
    TALENT_COURSES,
    VENDOR_SESSION,
    Slot,
    build_calendar,
    nth_weekday,
    region_meeting,
)

# ALET events on the calendar of plans (the CTO Academy is for new directors: not offered)
ALET_EVENTS = (
    "alet-winter-conference",
    "alet-summer-conference",
    "alet-fall-conference",
    "alet-region-meeting",
    "alet-cyber-camp",
)
# external lines of the year's approved list put on the sample's calendar (a few, in
# Alabama or nearby: a plan should not send everyone to Florida)
EXTERNAL_EVENTS = (
    "ext-aetc",
    "ext-k12six",
    "ext-cosn-conference",
    "ext-cosn-cto-workshops",
    "ext-edtech-region-meetings",
    "ext-southeast-cyber-summit",
)
# conference blocks start at these times (keynote first): three breakouts share a time
CONFERENCE_TIMES = {"keynote": "08:30", "1": "09:45", "2": "11:00", "3": "13:30", "4": "15:00"}
SUMMER_MEETING_TOPIC = "summer update"
SUMMER_MEETING_MONTH = 8


def _start_time(slot: Slot) -> str | None:
    """When a slot starts: conference blocks by block, camps morning or afternoon."""
    if slot.event_id.startswith("alet-") and slot.event_id.endswith("conference"):
        tail = slot.group.rsplit(" ", 1)[-1]
        return CONFERENCE_TIMES.get(tail)
    if slot.event_id == "alet-cyber-camp":
        return "09:00" if slot.group.endswith("morning") else "13:00"
    if slot.event_id == "alet-region-meeting":
        return "10:00"
    if slot.event_id.startswith("ext-"):
        return "08:00" if "Day" in slot.session else "13:00"
    return None


def _summer_meetings(fy: FiscalYear, seed: int) -> list[Slot]:
    """The fourth quarter's region meetings (a stream of their own)."""
    rng = random.Random(f"summer-meetings-{seed}-{fy.fy}")
    slots = []
    for region in REGIONS:
        day = nth_weekday(
            fy.end.year, SUMMER_MEETING_MONTH, rng.choice((1, 2, 3)), rng.randint(1, 3)
        )
        slots.append(region_meeting(rng, fy.fy, region, day, SUMMER_MEETING_TOPIC))
    return slots


def _online_cohorts(fy: FiscalYear, today: dt.date) -> list[Slot]:
    """One cohort of each TD-Talent course, closing on a Friday spread over the months left."""
    first = today + dt.timedelta(days=(4 - today.weekday()) % 7 + 7)
    span = (fy.end - first).days
    step = span // len(TALENT_COURSES)
    slots = []
    for index, (title, hours, strands) in enumerate(TALENT_COURSES):
        day = first + dt.timedelta(days=7 * ((index * step) // 7))
        slots.append(
            Slot("alet-talent-course", fy.fy, title, title, title, day, day, hours, strands)
        )
    return slots


def _title(slot: Slot, names: dict[str, str]) -> str:
    """The session's title as records name it (R7 and 'already attended' match on it)."""
    if slot.event_id.startswith("ext-"):
        label = slot.session or slot.date_from.strftime("%B %Y")
        return f"{names.get(slot.event_id, slot.event_id)}: {label}"
    return slot.session


def upcoming_sessions(
    fy: FiscalYear, today: dt.date, seed: int, approved: set[str], names: dict[str, str]
) -> pl.DataFrame:
    """The calendar of fiscal year `fy` after `today`, as the contract's `sessions` columns
    (all text, as written). `approved`: external event_ids approved for `fy`; `names`: the
    catalogue's event names, for the external sessions' titles."""
    future = [
        slot
        for slot in build_calendar(fy, fy.end, seed)
        if slot.date_from > today
        and slot.session != VENDOR_SESSION
        and (
            slot.event_id in ALET_EVENTS
            or (slot.event_id in EXTERNAL_EVENTS and slot.event_id in approved)
        )
    ]
    future += [slot for slot in _summer_meetings(fy, seed) if slot.date_from > today]
    future += _online_cohorts(fy, today)
    rows = sorted(
        (
            (
                slot.date_from,
                _start_time(slot) or "99:99",
                slot.event_id,
                _title(slot, names),
                _start_time(slot),
                slot,
            )
            for slot in future
        ),
        key=lambda row: row[:4],
    )
    prefix = f"s{fy.fy % 100:02d}-"
    return pl.DataFrame(
        {
            "session_id": [f"{prefix}{number:04d}" for number in range(1, len(rows) + 1)],
            "event_id": [row[2] for row in rows],
            "title": [row[3] for row in rows],
            "date": [row[0].isoformat() for row in rows],
            "start_time": [row[4] for row in rows],
            "hours": [f"{row[5].hours:g}" for row in rows],
            "strands": [";".join(row[5].strands) for row in rows],
            "region": [row[5].region or None for row in rows],
            "delivery": [None for _ in rows],
        },
        schema=dict.fromkeys(column_names("sessions"), pl.String),  # the contract's columns
    )
