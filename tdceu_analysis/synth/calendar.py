"""The invented event calendar behind the synthetic data.

One row (`Slot`) per thing a director can attend or complete: a conference
session, a cyber-camp block, a region meeting, a CTO Academy module, an online
course available during a year, a day of an external conference. Dates follow
fixed rules (the Winter conference on the second Tuesday of February, ...), so
the calendar is the same for every seed. Nothing here is ALET's real schedule.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tdceu_analysis.fiscal import FiscalYear

# ---------------------------------------------------------------------------
# What can be attended
# ---------------------------------------------------------------------------

REGIONS: tuple[str, ...] = (
    "UNA",
    "Athens State",
    "AAMU/UAH",
    "UA/UWA",
    "UAB",
    "JSU",
    "Montevallo",
    "Auburn",
    "Alabama State",
    "Troy",
    "South Alabama",
)

# Breakout session titles by main strand (a session may add a second strand).
SESSION_TITLES: dict[str, tuple[str, ...]] = {
    "roles": (
        "The first 90 days as a technology director",
        "Building a technology advisory committee",
        "Talking technology with your superintendent",
        "Leading through a network outage",
        "Growing a small IT team",
        "Board presentations that get funded",
        "Mentoring the next technology coordinator",
        "Change management for a device refresh",
        "Job descriptions for the technology department",
        "Working with principals as partners",
    ),
    "teaching": (
        "Instructional technology coaching that sticks",
        "AI in the classroom: guardrails and opportunities",
        "Supporting the digital literacy standards",
        "Classroom audio and display refresh",
        "Device programs that serve instruction",
        "Accessible digital course content",
        "Learning management systems after the pilot",
        "Computer science pathways and the labs they need",
        "Assistive technology in every classroom",
        "Teacher devices: what to buy and why",
    ),
    "planning": (
        "E-Rate Category 2 planning",
        "Total cost of ownership for a Chromebook fleet",
        "Writing the annual technology plan",
        "Budgeting for refresh cycles",
        "Federal funds and grants for technology",
        "Procurement with state contracts",
        "Wireless surveys before you buy",
        "Five-year infrastructure roadmaps",
        "Cloud or on premises: the budget view",
        "Sustaining one-time funding purchases",
    ),
    "ethics": (
        "Alabama data-privacy law for school leaders",
        "CIPA and content filtering",
        "Acceptable-use policies that hold up",
        "FERPA and vendor contracts",
        "Records retention and email",
        "Student data privacy agreements",
        "Open records requests and the IT office",
        "Social media policy for districts",
        "Copyright and licensing for digital resources",
        "AI policy for staff and students",
    ),
    "cyber": (
        "Zero trust on a school budget",
        "Running an incident-response tabletop",
        "Rolling out MFA to every employee",
        "Ransomware recovery: lessons from the field",
        "Phishing simulation programs",
        "Firewall rules and network segmentation",
        "Backups you can actually restore",
        "Endpoint detection and response for K-12",
        "Cyber insurance questionnaires",
        "Securing Google Workspace and Microsoft 365",
    ),
    "data": (
        "Data governance committees that work",
        "SIS data quality for state reporting",
        "Dashboards for principals",
        "Rostering and single sign-on hygiene",
        "Data inventories and classification",
        "PowerSchool integrations without tears",
        "Retiring legacy data systems",
        "Data sharing with community partners",
        "Attendance and enrollment data pipelines",
        "Identity management for students and staff",
    ),
}

KEYNOTES: tuple[tuple[str, str], ...] = (
    ("Opening keynote: the year ahead for Alabama technology leaders", "roles"),
    ("Keynote: technology that serves learning", "teaching"),
    ("Keynote: the K-12 threat landscape", "cyber"),
    ("Closing keynote: leading through change", "roles"),
)

VENDOR_SESSION = "Vendor showcase"  # carries no strand: counts 0 hours (no_strand)

CYBER_CAMP_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hands-on lab: hardening Active Directory", ("cyber",)),
    ("Incident-response tabletop exercise", ("cyber", "roles")),
    ("Logging, monitoring and alerting", ("cyber", "data")),
    ("Security policy workshop", ("cyber", "ethics")),
)

# Region meetings: each region's meetings lean on some strands (made up).
# Low weights are the 'under-served' strands of that region.
REGION_MEETING_FOCUS: dict[str, dict[str, float]] = {
    "UNA": {"roles": 2, "teaching": 2, "planning": 2, "ethics": 1, "cyber": 3, "data": 1},
    "Athens State": {"roles": 2, "teaching": 1, "planning": 3, "ethics": 1, "cyber": 3, "data": 2},
    "AAMU/UAH": {"roles": 1, "teaching": 2, "planning": 1, "ethics": 1, "cyber": 4, "data": 3},
    "UA/UWA": {"roles": 3, "teaching": 0.2, "planning": 3, "ethics": 1, "cyber": 2, "data": 0.2},
    "UAB": {"roles": 1, "teaching": 3, "planning": 1, "ethics": 2, "cyber": 3, "data": 3},
    "JSU": {"roles": 2, "teaching": 1, "planning": 2, "ethics": 2, "cyber": 3, "data": 1},
    "Montevallo": {"roles": 2, "teaching": 2, "planning": 2, "ethics": 1, "cyber": 3, "data": 2},
    "Auburn": {"roles": 2, "teaching": 2, "planning": 2, "ethics": 2, "cyber": 2, "data": 2},
    "Alabama State": {
        "roles": 3,
        "teaching": 1,
        "planning": 3,
        "ethics": 0.3,
        "cyber": 2,
        "data": 0.2,
    },
    "Troy": {"roles": 2, "teaching": 0.2, "planning": 3, "ethics": 1, "cyber": 3, "data": 0.3},
    "South Alabama": {
        "roles": 2,
        "teaching": 1,
        "planning": 2,
        "ethics": 0.2,
        "cyber": 4,
        "data": 1,
    },
}

REGION_MEETING_TOPICS: tuple[str, ...] = (
    "fall check-in",
    "budget season",
    "spring planning",
)

# ALET TD-Talent online courses: title, hours, strands (invented titles).
TALENT_COURSES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Cybersecurity Essentials for School Leaders", 2.0, ("cyber",)),
    ("Incident Response Planning", 2.0, ("cyber", "planning")),
    ("Student Data Privacy in Alabama", 1.5, ("ethics", "data")),
    ("E-Rate from Start to Finish", 2.0, ("planning",)),
    ("Budgeting for Technology Refresh", 1.5, ("planning",)),
    ("Leading the Technology Department", 2.0, ("roles",)),
    ("Working with Your Superintendent and Board", 1.0, ("roles",)),
    ("Data Governance Foundations", 2.0, ("data",)),
    ("Instructional Technology Integration", 1.5, ("teaching",)),
    ("AI in Schools: Policy and Practice", 1.5, ("ethics", "teaching")),
    ("Network Segmentation Basics", 1.0, ("cyber",)),
    ("Accessibility and Digital Content", 1.0, ("teaching", "ethics")),
    ("Vendor Contracts and Data Sharing Agreements", 1.5, ("ethics", "data")),
    ("Disaster Recovery and Backups", 1.5, ("cyber", "data")),
)

SCHOOLOGY_MODULES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Alabama Technology Plan Requirements", 1.0, ("planning",)),
    ("State Reporting and Data Quality", 1.5, ("data",)),
    ("Digital Citizenship Standards", 1.0, ("teaching", "ethics")),
    ("Cybersecurity Act Compliance Overview", 1.0, ("roles", "cyber")),
    ("Student Data Privacy Agreements", 1.0, ("ethics",)),
    ("Assistive Technology in the Classroom", 1.0, ("teaching",)),
)

CTO_MODULE_MONTHS: tuple[int, ...] = (10, 12, 1, 3, 4, 6)  # one module per strand, in order


@dataclass(frozen=True)
class ExternalLine:
    """How an approved external line is attended in the invented calendar."""

    event_id: str
    shape: str  # 'conference' (days), 'meetings' (several dates), 'course' (any day), 'day'
    strands: tuple[str, ...]
    popularity: float  # share of typical directors who attend in a year
    months: tuple[int, ...] = ()  # when it happens (conference, day, meetings)
    days: int = 1
    hours: float = 3.0  # hours claimed per day / meeting / course


EXTERNAL_LINES: tuple[ExternalLine, ...] = (
    ExternalLine("ext-erate-boot-camp", "day", ("planning",), 0.18, (11,), hours=3.0),
    ExternalLine(
        "ext-edtech-region-meetings", "meetings", ("roles", "planning"), 0.25, (10, 1, 4), hours=1.5
    ),
    ExternalLine(
        "ext-edtech-connects",
        "meetings",
        ("roles",),
        0.15,
        (10, 11, 12, 1, 2, 3, 4, 5, 8, 9),
        hours=1.0,
    ),
    ExternalLine("ext-aetc", "conference", ("teaching",), 0.12, (6,), days=3, hours=2.5),
    ExternalLine(
        "ext-powerschool-conference", "conference", ("data",), 0.06, (7,), days=2, hours=3.0
    ),
    ExternalLine("ext-gov-digital-summit", "day", ("cyber", "roles"), 0.05, (11,), hours=3.0),
    ExternalLine("ext-atim-pluacld1185", "course", ("ethics", "teaching"), 0.04, hours=3.0),
    ExternalLine("ext-cbt-network-plus", "course", ("cyber",), 0.03, hours=4.0),
    ExternalLine("ext-cbt-security-plus", "course", ("cyber",), 0.04, hours=4.0),
    ExternalLine(
        "ext-cosn-conference", "conference", ("roles", "planning"), 0.05, (4,), days=3, hours=3.0
    ),
    ExternalLine(
        "ext-cosn-early-career-academy", "meetings", ("roles",), 0.03, (11, 2, 5), hours=2.0
    ),
    ExternalLine(
        "ext-cosn-cto-workshops",
        "meetings",
        ("planning", "data"),
        0.04,
        (10, 12, 2, 4, 6),
        hours=1.0,
    ),
    ExternalLine("ext-fetc", "conference", ("teaching", "cyber"), 0.07, (1,), days=3, hours=3.0),
    ExternalLine("ext-iste", "conference", ("teaching",), 0.08, (6,), days=3, hours=3.0),
    ExternalLine("ext-gemini-for-educators", "day", ("teaching",), 0.05, (10,), hours=2.0),
    ExternalLine("ext-google-cert-level-1", "course", ("teaching",), 0.05, hours=3.0),
    ExternalLine("ext-light-brigade-fiber", "day", ("planning",), 0.03, (3,), hours=3.0),
    ExternalLine("ext-k12six", "conference", ("cyber",), 0.05, (3,), days=2, hours=3.0),
    ExternalLine("ext-rtm-innovation-forum", "day", ("planning", "roles"), 0.04, (4,), hours=3.0),
    ExternalLine(
        "ext-southeast-cyber-summit", "conference", ("cyber",), 0.06, (9,), days=2, hours=3.0
    ),
    # invented lines approved for FY25 only (see events.csv of the sample)
    ExternalLine("ext-al-cyber-tabletop", "day", ("cyber", "ethics"), 0.05, (4,), hours=3.0),
    ExternalLine("ext-al-data-summit", "day", ("data",), 0.04, (5,), hours=3.0),
)


# ---------------------------------------------------------------------------
# Slots
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One thing to attend: a session, a block, a meeting, a module, a course-year."""

    event_id: str
    fiscal_year: int
    occurrence: str  # e.g. 'ALET Winter Conference 2026'
    group: str  # slots sharing a group run in parallel: a director picks one
    session: str
    date_from: dt.date
    date_to: dt.date
    hours: float
    strands: tuple[str, ...]
    region: str = ""  # region meetings only


def region_meeting(rng: random.Random, fy: int, region: str, day: dt.date, topic: str) -> Slot:
    """A region meeting on `day`: two draws of the region's focus strands, then 2 to 3 hours
    (drawn from `rng` in that order, so a seed gives the same calendar)."""
    focus = REGION_MEETING_FOCUS[region]
    strands = tuple(dict.fromkeys(rng.choices(list(focus), weights=list(focus.values()), k=2)))
    hours = rng.choice((2.0, 2.5, 3.0))
    occurrence = f"ALET {region} region meeting {day:%B %Y}"
    title = f"{region} region meeting, {topic} {day.year}"
    return Slot(
        "alet-region-meeting", fy, occurrence, occurrence, title, day, day, hours, strands, region
    )


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based) `weekday` (Monday = 0) of a month."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def last_monday_for(days: int, year: int, month: int, last_day: int) -> dt.date:
    """The last Monday from which `days` days fit before `last_day` of the month."""
    day = dt.date(year, month, last_day) - dt.timedelta(days=days)
    return day - dt.timedelta(days=day.weekday())


def _month_date(fy: FiscalYear, month: int, weekday: int, n: int) -> dt.date:
    year = fy.start.year if month >= fy.start.month else fy.end.year
    return nth_weekday(year, month, weekday, n)


def _conference(
    fy: FiscalYear,
    event_id: str,
    label: str,
    first_day: dt.date,
    days: int,
    rng: random.Random,
) -> list[Slot]:
    occurrence = f"{label} {first_day.year}"
    titles = {strand: list(pool) for strand, pool in SESSION_TITLES.items()}
    for pool in titles.values():
        rng.shuffle(pool)
    strand_cycle = list(SESSION_TITLES)
    slots: list[Slot] = []
    for day_index in range(days):
        day = first_day + dt.timedelta(days=day_index)
        last_day = day_index == days - 1
        keynote, keynote_strand = KEYNOTES[(day_index + first_day.month) % len(KEYNOTES)]
        if last_day and days > 1:
            keynote, keynote_strand = KEYNOTES[-1]
        group = f"{occurrence} day {day_index + 1}"
        slots.append(
            Slot(
                event_id,
                fy.fy,
                occurrence,
                f"{group} keynote",
                keynote,
                day,
                day,
                1.0,
                (keynote_strand,),
            )
        )
        breakouts = 2 if last_day and days > 2 else 4
        for block in range(breakouts):
            hours = (1.0, 1.0, 0.75, 1.5)[block]
            rng.shuffle(strand_cycle)
            for track in range(3):
                main = strand_cycle[track]
                title = titles[main].pop()
                strands: tuple[str, ...] = (main,)
                if rng.random() < 0.35:
                    second = rng.choice([s for s in SESSION_TITLES if s != main])
                    strands = (main, second)
                slots.append(
                    Slot(
                        event_id,
                        fy.fy,
                        occurrence,
                        f"{group} block {block + 1}",
                        title,
                        day,
                        day,
                        hours,
                        strands,
                    )
                )
        if day_index == 0:
            slots.append(
                Slot(
                    event_id,
                    fy.fy,
                    occurrence,
                    f"{group} vendors",
                    VENDOR_SESSION,
                    day,
                    day,
                    1.0,
                    (),
                )
            )
    return slots


def build_calendar(fy: FiscalYear, today: dt.date, seed: int) -> list[Slot]:
    """Every slot of fiscal year `fy` that has started on or before `today`."""
    rng = random.Random(f"calendar-{seed}-{fy.fy}")
    slots: list[Slot] = []
    # ALET conferences: Winter (2nd Tuesday of February, 3 days), Summer (June in odd
    # fiscal years, July in even ones, 3 days), Fall symposium (the last Tuesday and
    # Wednesday that fit in September, 2 days).
    summer_month = 6 if fy.fy % 2 else 7
    conferences = (
        ("alet-winter-conference", "ALET Winter Conference", _month_date(fy, 2, 1, 2), 3),
        (
            "alet-summer-conference",
            "ALET Summer Conference",
            _month_date(fy, summer_month, 1, 2),
            3,
        ),
        (
            "alet-fall-conference",
            "ALET Fall Symposium",
            last_monday_for(2, fy.end.year, 9, 30) + dt.timedelta(days=1),
            2,
        ),
    )
    for event_id, label, first_day, days in conferences:
        slots += _conference(fy, event_id, label, first_day, days, rng)
    # Cyber camps: November (north) and April (south), Wednesday-Thursday, two
    # 3-hour blocks a day.
    for month, where in ((11, "North"), (4, "South")):
        first_day = _month_date(fy, month, 2, 2)
        occurrence = f"ALET Cyber Camp {where} {first_day.year}"
        for day_index in range(2):
            day = first_day + dt.timedelta(days=day_index)
            for block in range(2):
                title, strands = CYBER_CAMP_BLOCKS[(2 * day_index + block) % 4]
                part = "morning" if block == 0 else "afternoon"
                slots.append(
                    Slot(
                        "alet-cyber-camp",
                        fy.fy,
                        occurrence,
                        f"{occurrence} day {day_index + 1} {part}",
                        f"{where} camp day {day_index + 1} {part}: {title}",
                        day,
                        day,
                        3.0,
                        strands,
                    )
                )
    # Region meetings: three a year in each region, 2 to 3 hours, on the region's topics.
    for region in REGIONS:
        for topic, month in zip(REGION_MEETING_TOPICS, (10, 2, 5), strict=True):
            day = _month_date(
                fy, month + rng.choice((0, 1)), rng.choice((1, 2, 3)), rng.randint(1, 3)
            )
            slots.append(region_meeting(rng, fy.fy, region, day, topic))
    # CTO Academy: one 3-hour module per strand, third Thursday of its month.
    for strand, month in zip(SESSION_TITLES, CTO_MODULE_MONTHS, strict=True):
        day = _month_date(fy, month, 3, 3)
        occurrence = f"ALET CTO Academy {fy.label}"
        slots.append(
            Slot(
                "alet-cto-academy",
                fy.fy,
                occurrence,
                f"{occurrence} {strand}",
                f"CTO Academy module: {strand}",
                day,
                day,
                3.0,
                (strand,),
            )
        )
    # Online courses and modules: open the whole year.
    for event_id, catalogue in (
        ("alet-talent-course", TALENT_COURSES),
        ("alsde-schoology-module", SCHOOLOGY_MODULES),
    ):
        for title, hours, strands in catalogue:
            slots.append(
                Slot(
                    event_id,
                    fy.fy,
                    f"{event_id} {fy.label}",
                    f"{event_id} {title}",
                    title,
                    fy.start,
                    fy.end,
                    hours,
                    strands,
                )
            )
    # External events of the invented calendar (approved or not in that year).
    for line in EXTERNAL_LINES:
        slots += _external_slots(fy, line, rng)
    return [slot for slot in slots if slot.date_from <= today]


def _external_slots(fy: FiscalYear, line: ExternalLine, rng: random.Random) -> list[Slot]:
    slots: list[Slot] = []
    if line.shape == "course":
        return [
            Slot(
                line.event_id,
                fy.fy,
                f"{line.event_id} {fy.label}",
                line.event_id,
                "",
                fy.start,
                fy.end,
                line.hours,
                line.strands,
            )
        ]
    if line.shape == "conference":
        first_day = _month_date(fy, line.months[0], rng.choice((0, 1, 2)), rng.randint(2, 3))
        occurrence = f"{line.event_id} {first_day.year}"
        for day_index in range(line.days):
            day = first_day + dt.timedelta(days=day_index)
            slots.append(
                Slot(
                    line.event_id,
                    fy.fy,
                    occurrence,
                    f"{occurrence} day {day_index + 1}",
                    f"Day {day_index + 1}",
                    day,
                    day,
                    line.hours,
                    line.strands,
                )
            )
        return slots
    for month in line.months:
        day = _month_date(fy, month, rng.choice((1, 2, 3)), rng.randint(1, 4))
        label = f"{day:%B %Y}" if line.shape == "meetings" else ""
        slots.append(
            Slot(
                line.event_id,
                fy.fy,
                f"{line.event_id} {day:%Y-%m}",
                f"{line.event_id} {day}",
                label,
                day,
                day,
                line.hours,
                line.strands,
            )
        )
    return slots
