"""The statewide sample: 153 Alabama school systems, their technology directors
and what they attended, FY25 to today (`tdceu synth --sample`).

Everything is drawn from one seeded `random.Random`, so a seed gives the same
files byte for byte. The people are made up; the systems, their type and
enrollment are public facts (`data/reference/`); regions, codes, the event
calendar, the FY25 and FY27 approved lists and all attendance are invented.

How the picture gets its shape:
- each director has a profile, `engaged`, `typical` or `struggling`, more
  often engaged in large systems and struggling in small ones and charters;
- attendance at conferences falls with the region's travel distance, region
  meetings lean on a few strands per region (some strands are rare in some
  regions), online courses fill gaps late in the year for most, not all;
- about 10 % of systems change director each year, often in summer, sometimes
  with a vacancy between; new directors take CTO Academy modules;
- external credits are sometimes pending (assignment or evidence missing),
  a few courses are repeated, a few rows are uploaded twice, and the rows of
  `BROKEN_ROWS` break the data contract on purpose.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tdceu_analysis._paths import data_path
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import FiscalYear, fiscal_year, fiscal_year_of_date
from tdceu_analysis.io.schema import column_names
from tdceu_analysis.io.write import replacing_together
from tdceu_analysis.policy import Policy, load_policy, shipped_policy
from tdceu_analysis.synth.calendar import (
    EXTERNAL_LINES,
    REGION_MEETING_FOCUS,
    ExternalLine,
    Slot,
    build_calendar,
)
from tdceu_analysis.synth.names import NameMaker
from tdceu_analysis.synth.sessions import upcoming_sessions

DEFAULT_SEED = 2026
DEFAULT_TODAY = dt.date(2026, 11, 28)
# The most fiscal years either generator makes, from the requirement's first year on.
MAX_YEARS = 50
SAMPLE_FILES = (
    "districts.csv",
    "directors.csv",
    "events.csv",
    "records.csv",
    "calendar.csv",
    "sessions.csv",
)

RECORD_COLUMNS = column_names("records")  # the data contract's, in its order

PROFILES = ("engaged", "typical", "struggling")


@dataclass(frozen=True)
class SampleConfig:
    """The generator's parameters (all documented in the README)."""

    seed: int = DEFAULT_SEED
    today: dt.date = DEFAULT_TODAY  # no record, start or end after this day
    turnover_rate: float = 0.10  # share of systems whose director leaves in a year
    vacancy_share: float = 0.35  # share of departures followed by a vacancy
    open_vacancies: int = 2  # systems whose director left recently and is not replaced yet
    # share of each profile in a mid-sized system; large systems lean engaged,
    # small systems and charters lean struggling
    profile_shares: Mapping[str, float] = field(
        default_factory=lambda: {"engaged": 0.30, "typical": 0.50, "struggling": 0.20}
    )
    # probability that a director short of the year's hours catches up with online
    # courses before the year ends, by profile
    catch_up: Mapping[str, float] = field(
        default_factory=lambda: {"engaged": 0.88, "typical": 0.5, "struggling": 0.3}
    )
    pending_share: float = 0.10  # external credits still waiting for assignment/evidence
    repeat_share: float = 0.03  # online course picks that repeat an earlier year's course
    exact_duplicates: int = 5  # rows uploaded twice (same director, event, date, session)

    def check(self) -> None:
        """Refuse, in one line, a `today` the sample cannot be made for: before the
        requirement began, before its first ALET conference (some conference rows are the
        sample's duplicates), or more than `MAX_YEARS` fiscal years after it began."""
        shipped = shipped_policy()
        began = shipped.date("requirement_start")
        if self.today < began:
            raise UserError(
                f"--today {self.today} is before TD-CEU hours began ({began}): the sample "
                "starts then; give a later day"
            )
        first = fiscal_year_of_date(began, shipped)
        last = first + MAX_YEARS - 1
        if fiscal_year_of_date(self.today, shipped) > last:
            end = fiscal_year(last, shipped.for_year(last)).end
            raise UserError(
                f"--today {self.today} is more than {MAX_YEARS} fiscal years after "
                f"TD-CEU hours began: give {end} or earlier"
            )
        year = fiscal_year(first, shipped.for_year(first))
        conference = min(
            slot.date_from
            for slot in build_calendar(year, year.end, self.seed)
            if slot.event_id.endswith("conference")
        )
        if self.today < conference:
            raise UserError(
                f"--today {self.today} is too early: the sample needs its first ALET "
                f"conference ({conference}) to have begun; give {conference} or later"
            )


# ---------------------------------------------------------------------------
# Deliberately broken rows: each breaks the data contract in exactly one way
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BrokenRow:
    record_id: str  # '' = missing
    problem: str  # what a person would read in rejects.csv (a word of it)
    changes: Mapping[str, str]  # columns replaced in an otherwise good row


BROKEN_ROWS: tuple[BrokenRow, ...] = (
    BrokenRow("r900001", "director_id", {"director_id": "99999"}),  # not a director
    BrokenRow("r900002", "event_id", {"event_id": "alet-spring-conference"}),  # no such event
    BrokenRow("r900003", "date", {"date": "2026-13-01"}),  # month 13
    BrokenRow("r900004", "date", {"date": "11/05/2025"}),  # US date, not ISO
    BrokenRow("r900005", "hours", {"hours": "0"}),  # hours must be > 0
    BrokenRow("r900006", "hours", {"hours": "30"}),  # more than 24
    BrokenRow("r900007", "hours", {"hours": "1,5"}),  # decimal comma
    BrokenRow("r900008", "strand", {"strands": "security"}),  # not one of the six
    BrokenRow("", "record_id", {}),  # record_id missing
    BrokenRow("r000100", "record_id", {}),  # reuses the id of an accepted row
)


@dataclass
class SampleData:
    """The generated frames (all-string, as written) and what the generator knows."""

    districts: pl.DataFrame
    directors: pl.DataFrame
    events: pl.DataFrame
    records: pl.DataFrame
    calendar: pl.DataFrame
    sessions: pl.DataFrame  # the open year's calendar after `today` (plans)
    broken_lines: dict[int, BrokenRow]  # records.csv line -> broken row
    duplicate_ids: list[str]  # record_ids of the exact duplicates (ledger 'duplicate')


# ---------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------

REFERENCE_FILE = "alabama-school-systems-regions.csv"


def _package_csv(*parts: str) -> pl.DataFrame:
    data = data_path(*parts).read_bytes()
    return pl.read_csv(data, infer_schema=False)


def reference_systems() -> pl.DataFrame:
    """The 153 systems with the package's codes and made-up regions (see its README)."""
    return _package_csv("reference", REFERENCE_FILE)


def shipped_external_lines() -> pl.DataFrame:
    """The shipped catalogue's approved external lines (FY26), all-string."""
    return _package_csv("catalog", "events.csv").filter(pl.col("category") == "external")


# ---------------------------------------------------------------------------
# Directors
# ---------------------------------------------------------------------------


@dataclass
class Director:
    director_id: str
    name: str
    district_code: str
    role_start: dt.date
    role_end: dt.date | None
    profile: str
    region: str
    enrollment: int
    cto_completed: dt.date | None = None
    cto_modules: dict[str, dt.date] = field(default_factory=dict)
    strand_taste: dict[str, float] = field(default_factory=dict)


def _profile(rng: random.Random, config: SampleConfig, enrollment: int, kind: str) -> str:
    shares = dict(config.profile_shares)
    if enrollment >= 10_000:
        shares = {
            "engaged": shares["engaged"] + 0.2,
            "typical": shares["typical"],
            "struggling": max(shares["struggling"] - 0.12, 0.02),
        }
    elif enrollment < 1_500 or kind == "charter":
        shares = {
            "engaged": max(shares["engaged"] - 0.12, 0.05),
            "typical": shares["typical"],
            "struggling": shares["struggling"] + 0.15,
        }
    return rng.choices(PROFILES, weights=[shares[p] for p in PROFILES])[0]


def _departure_day(rng: random.Random, fy: FiscalYear, today: dt.date) -> dt.date:
    """A day in the year (summer-heavy) on which a director leaves, before `today`."""
    month = rng.choices(
        (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        weights=(4, 4, 5, 5, 3, 3, 3, 5, 20, 22, 8, 4),
    )[0]
    year = fy.start.year if month >= fy.start.month else fy.end.year
    day = dt.date(year, month, 1) + dt.timedelta(days=rng.randint(0, 27))
    if month in (6, 7) and rng.random() < 0.5:
        day = dt.date(year, 6, 30)  # the contract year ends
    if day >= today:  # the year to date: any day before today
        day = fy.start + dt.timedelta(days=rng.randint(0, max((today - fy.start).days - 1, 0)))
    return day


def make_directors(
    systems: pl.DataFrame, config: SampleConfig, years: list[FiscalYear], rng: random.Random
) -> list[Director]:
    names = NameMaker(rng)
    first = years[0].start
    directors: list[Director] = []
    strands = list(load_policy(years[0].fy).strands)
    current: dict[str, Director] = {}
    rows = {system["district_code"]: system for system in systems.iter_rows(named=True)}

    def new(system: dict, start: dt.date) -> Director:
        # what a director likes follows the region's habits (some strands rare there)
        focus = REGION_MEETING_FOCUS[system["region"]]
        taste = {s: rng.gammavariate(2.0, 1.0) * (0.1 + focus[s]) ** 1.5 for s in strands}
        enrollment = int(system["enrollment_2025"])
        return Director(
            director_id="",
            name=names(),
            district_code=system["district_code"],
            role_start=start,
            role_end=None,
            profile=_profile(rng, config, enrollment, system["district_type"]),
            region=system["region"],
            enrollment=enrollment,
            strand_taste=taste,
        )

    # the director in the role when the requirement starts: tenure of 1 to 25 years
    for code, system in rows.items():
        tenure_days = int(365 * min(rng.expovariate(1 / 6.5) + 0.3, 25))
        current[code] = new(system, first - dt.timedelta(days=tenure_days))
        directors.append(current[code])
    # each year, turnover_rate of the systems (fewer in the year to date) change director
    for fy in years:
        share = min((config.today - fy.start).days / (fy.end - fy.start).days, 1.0)
        serving = sorted(code for code, d in current.items() if d.role_end is None)
        leaving = rng.sample(
            serving, min(round(config.turnover_rate * len(rows) * share), len(serving))
        )
        for code in sorted(leaving):
            director = current[code]
            leaves = _departure_day(rng, fy, config.today)
            if leaves <= director.role_start + dt.timedelta(days=90):
                continue  # too soon after starting: stays
            director.role_end = leaves
            gap = 1
            if rng.random() < config.vacancy_share:
                gap = rng.randint(20, 160)
            start = leaves + dt.timedelta(days=gap)
            if start > config.today:
                continue  # still vacant today
            current[code] = new(rows[code], start)
            directors.append(current[code])
    # a few systems are without a director today
    long_serving = [
        d for d in directors if d.role_end is None and (config.today - d.role_start).days > 365
    ]
    for director in rng.sample(long_serving, min(config.open_vacancies, len(long_serving))):
        director.role_end = config.today - dt.timedelta(days=rng.randint(10, 120))
    # TalentLMS-like user ids: ascending with the role start, with gaps
    directors.sort(key=lambda d: (d.role_start, d.district_code))
    next_id = 1000
    for director in directors:
        next_id += rng.randint(1, 37)
        director.director_id = str(next_id)
    directors.sort(key=lambda d: (d.district_code, d.role_start))
    return directors


# ---------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------

ENGAGEMENT = {"engaged": 1.0, "typical": 0.68, "struggling": 0.25}
TRAVEL = {"UNA": 0.8, "UA/UWA": 0.8, "Troy": 0.75, "South Alabama": 0.85, "Alabama State": 0.9}
REGION_MEETING_TURNOUT = {"Alabama State": 0.65, "UA/UWA": 0.75, "South Alabama": 0.8}
CAMP_NEAR = {"North": {"UNA", "Athens State", "AAMU/UAH", "JSU", "UAB"}}


@dataclass
class Row:
    director_id: str
    event_id: str
    session: str
    date: dt.date
    hours: float
    strands: tuple[str, ...]
    delivery: str = ""
    assignment_complete: str = ""
    evidence_uploaded: str = ""
    full_strand_names: bool = False


class Attendance:
    """What one director attends in one fiscal year."""

    def __init__(
        self,
        rng: random.Random,
        config: SampleConfig,
        policy: Policy,
        approved: Mapping[int, Mapping[str, dict]],
        taken_courses: dict[str, set[tuple[str, str]]],
    ) -> None:
        self.rng = rng
        self.config = config
        self.policy = policy
        self.approved = approved  # fy -> event_id -> catalogue row
        self.taken = taken_courses  # director_id -> {(event_id, title)} credited before

    def year(
        self, director: Director, fy: FiscalYear, slots: list[Slot], today: dt.date
    ) -> list[Row]:
        rng = self.rng
        start = max(fy.start, director.role_start)
        end = min(fy.end, director.role_end or fy.end, today)
        if start > end:
            return []
        engage = ENGAGEMENT[director.profile]
        size = (
            0.08 if director.enrollment >= 10_000 else -0.06 if director.enrollment < 1_500 else 0
        )
        travel = TRAVEL.get(director.region, 1.0)
        rows: list[Row] = []

        def inside(slot: Slot) -> bool:
            return start <= slot.date_from <= end

        # Conferences: decide per conference, then per day, then one session per block.
        by_occurrence: dict[str, list[Slot]] = {}
        for slot in slots:
            if (
                slot.event_id.startswith("alet-")
                and slot.event_id.endswith(("conference",))
                and inside(slot)
            ):
                by_occurrence.setdefault(slot.occurrence, []).append(slot)
        for occurrence_slots in by_occurrence.values():
            if rng.random() >= min(0.05 + 0.5 * engage * travel + size, 0.95):
                continue
            groups: dict[str, list[Slot]] = {}
            for slot in occurrence_slots:
                groups.setdefault(slot.group, []).append(slot)
            days_attended = {
                slot.date_from for slot in occurrence_slots if rng.random() < 0.55 + 0.25 * engage
            }
            for group in groups.values():
                if group[0].date_from not in days_attended:
                    continue
                vendor = group[0].session == "Vendor showcase"
                if rng.random() >= (0.25 if vendor else 0.5 + 0.35 * engage):
                    continue
                pick = rng.choices(
                    group,
                    weights=[
                        sum(director.strand_taste.get(s, 0.3) for s in g.strands) + 0.2
                        for g in group
                    ],
                )[0]
                rows.append(self._row(director, pick, pick.date_from))
        # Cyber camps: the near one more often; one or two days.
        camps: dict[str, list[Slot]] = {}
        for slot in slots:
            if slot.event_id == "alet-cyber-camp" and inside(slot):
                camps.setdefault(slot.occurrence, []).append(slot)
        for occurrence, camp_slots in camps.items():
            near = ("North" in occurrence) == (director.region in CAMP_NEAR["North"])
            if rng.random() >= (0.04 + 0.22 * engage) * (1.0 if near else 0.4):
                continue
            days = sorted({slot.date_from for slot in camp_slots})
            chosen_days = set(days if rng.random() < 0.6 else rng.sample(days, 1))
            for slot in camp_slots:
                if slot.date_from in chosen_days and rng.random() < 0.95:
                    rows.append(self._row(director, slot, slot.date_from))
        # Region meetings of the director's own region.
        turnout = REGION_MEETING_TURNOUT.get(director.region, 1.0)
        for slot in slots:
            own = slot.event_id == "alet-region-meeting" and slot.region == director.region
            if own and inside(slot) and rng.random() < (0.2 + 0.45 * engage) * turnout:
                delivery = "online" if rng.random() < 0.08 else ""
                rows.append(self._row(director, slot, slot.date_from, delivery=delivery))
        # CTO Academy modules for directors who must complete it.
        required_after = self.policy.date("cto_academy_required_after")
        if director.role_start > required_after:
            # a new director joins the next fall cohort (the first year start at least a
            # month after they start), then takes each module they still miss
            joins = fiscal_year_of_date(director.role_start + dt.timedelta(days=30), self.policy)
            for slot in slots:
                strand = slot.strands[0] if slot.strands else ""
                if slot.event_id != "alet-cto-academy" or not inside(slot):
                    continue
                if slot.fiscal_year <= joins:
                    continue
                if strand not in director.cto_modules and rng.random() < 0.55 + 0.4 * engage:
                    director.cto_modules[strand] = slot.date_from
                    rows.append(self._row(director, slot, slot.date_from))
        # Online courses during the year.
        for _ in range(rng.choices((0, 1, 2), weights=(5, 3, 1))[0]):
            self._online(director, slots, start, end, rows)
        # External events.
        rows += self._externals(director, fy, slots, start, end)
        # Catch up before the year ends with online courses (closed years, or the part
        # of a year a departing director still had).
        if end >= fy.end - dt.timedelta(days=45) or director.role_end == end:
            self._catch_up(director, fy, slots, start, end, rows)
        return rows

    # -- helpers ------------------------------------------------------------

    def _row(self, director: Director, slot: Slot, day: dt.date, **extra: str) -> Row:
        return Row(
            director.director_id,
            slot.event_id,
            slot.session,
            day,
            slot.hours,
            slot.strands,
            **extra,
        )

    def _random_day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def _online(
        self,
        director: Director,
        slots: list[Slot],
        start: dt.date,
        end: dt.date,
        rows: list[Row],
        after: dt.date | None = None,
    ) -> float | None:
        """One online course or module not yet credited (or, rarely, a repeat): the hours it
        will count (0 for a repeat), None when there is nothing left to take."""
        rng = self.rng
        courses = [
            s for s in slots if s.event_id in ("alet-talent-course", "alsde-schoology-module")
        ]
        taken = self.taken.setdefault(director.director_id, set())
        this_year = {(r.event_id, r.session) for r in rows}
        fresh = [s for s in courses if (s.event_id, s.session) not in taken | this_year]
        earlier = [s for s in courses if (s.event_id, s.session) in taken - this_year]
        pool = earlier if earlier and rng.random() < self.config.repeat_share else fresh
        if not pool:
            return None
        slot = rng.choices(
            pool,
            weights=[sum(director.strand_taste.get(s, 0.3) for s in p.strands) for p in pool],
        )[0]
        day = self._random_day(max(start, after or start), end)
        rows.append(self._row(director, slot, day))
        return slot.hours if slot in fresh else 0.0

    def _externals(
        self, director: Director, fy: FiscalYear, slots: list[Slot], start: dt.date, end: dt.date
    ) -> list[Row]:
        rng = self.rng
        rows: list[Row] = []
        approved = self.approved.get(fy.fy, {})
        pending = self.config.pending_share * (1.6 if director.profile == "struggling" else 1.0)
        if fy.end > self.config.today:
            pending *= 2.5  # recent credits are more often still open
        # struggling directors lean on external events rather than ALET's
        lean = {"engaged": 1.2, "typical": 1.0, "struggling": 1.1}[director.profile]
        size = 1.3 if director.enrollment >= 10_000 else 1.0
        lines: dict[str, ExternalLine] = {line.event_id: line for line in EXTERNAL_LINES}
        by_line: dict[str, list[Slot]] = {}
        for slot in slots:
            if slot.event_id in lines:
                by_line.setdefault(slot.event_id, []).append(slot)
        for event_id, line_slots in by_line.items():
            line = lines[event_id]
            chance = 1.3 * line.popularity * lean * size * (1.0 if event_id in approved else 0.2)
            if rng.random() >= chance:
                continue
            catalogue = approved.get(event_id, {})
            needs_evidence = str(catalogue.get("requires_evidence", "true")) == "true"
            assignment = "false" if rng.random() < pending else "true"
            evidence = ""
            if needs_evidence:
                evidence = "false" if rng.random() < pending * 0.8 else "true"
            attended: list[tuple[Slot, dt.date]] = []
            if line.shape == "course":
                slot = line_slots[0]
                attended.append((slot, self._random_day(start, end)))
            elif line.shape == "conference":
                days = [s for s in line_slots if start <= s.date_from <= end]
                if days:
                    keep = rng.randint(max(1, len(days) - 1), len(days))
                    attended += [(s, s.date_from) for s in days[:keep]]
            else:
                inside = [s for s in line_slots if start <= s.date_from <= end]
                if inside:
                    count = 1 if line.shape == "day" else rng.randint(1, min(3, len(inside)))
                    attended += [
                        (s, s.date_from)
                        for s in sorted(rng.sample(inside, count), key=lambda s: s.date_from)
                    ]
            for slot, day in attended:
                hours = slot.hours
                if line.shape in ("conference", "day") and rng.random() < 0.3:
                    hours = max(0.5, hours + rng.choice((-1.0, -0.5, 0.5, 1.0)))
                if event_id == "ext-cosn-cto-workshops" and rng.random() < 0.2:
                    hours = 1.5  # more than the 1 hour a workshop counts
                rows.append(
                    Row(
                        director.director_id,
                        event_id,
                        slot.session,
                        day,
                        hours,
                        slot.strands,
                        assignment_complete=assignment,
                        evidence_uploaded=evidence,
                        full_strand_names=True,
                    )
                )
        return rows

    def _estimate(self, fy: FiscalYear, rows: list[Row]) -> tuple[float, float]:
        """Roughly what will count: (ALET hours, external hours within the caps)."""
        alet = sum(
            r.hours for r in rows if r.event_id.startswith(("alet-", "alsde-")) and r.strands
        )
        approved = self.approved.get(fy.fy, {})
        per_line: dict[str, float] = {}
        for r in rows:
            if (
                r.event_id in approved
                and r.assignment_complete == "true"
                and (r.evidence_uploaded in ("", "true"))
            ):
                cap = float(approved[r.event_id].get("max_hours_per_year") or 99)
                per_line[r.event_id] = min(per_line.get(r.event_id, 0.0) + r.hours, cap)
        external = min(sum(per_line.values()), self.policy.hours("external_maximum_hours"))
        return alet, external

    def _catch_up(
        self,
        director: Director,
        fy: FiscalYear,
        slots: list[Slot],
        start: dt.date,
        end: dt.date,
        rows: list[Row],
    ) -> None:
        rng = self.rng
        alet, external = self._estimate(fy, rows)
        need_total = self.policy.hours("annual_minimum_hours")
        need_alet = self.policy.hours("alet_minimum_hours")
        if alet >= need_alet and alet + external >= need_total:
            return
        if rng.random() >= self.config.catch_up[director.profile]:
            return
        # some stop one course short: the 'almost' tail of not_met
        stop_short = rng.random() < 0.2
        late = max(start, end - dt.timedelta(days=60))
        for _ in range(12):
            missing = max(need_alet - alet, need_total - alet - external)
            if missing <= 0 or (stop_short and missing <= 2.0):
                break
            gained = self._online(director, slots, start, end, rows, after=late)
            if gained is None:
                break  # every course already taken
            alet += gained


# ---------------------------------------------------------------------------
# The whole sample
# ---------------------------------------------------------------------------


def _fiscal_years(config: SampleConfig, policy: Policy) -> list[FiscalYear]:
    first = fiscal_year_of_date(policy.date("requirement_start"), policy)
    last = fiscal_year_of_date(config.today, policy)
    return [fiscal_year(fy, policy.for_year(fy)) for fy in range(first, last + 1)]


def approved_lists(years: list[int]) -> pl.DataFrame:
    """The sample's own events rows: invented approved lists for the generated years other
    than the shipped list's (copies of it, minus the one-off Gemini course), and two
    invented lines approved in the first year only."""
    fy26 = shipped_external_lines()
    shipped_year = int(fy26.get_column("fiscal_year")[0])
    invented = "(invented for the sample: ALET has published no FY{yy} list; copied from FY26)"
    frames = []
    for year in years:
        if year == shipped_year:
            continue
        names = {
            "ext-gov-digital-summit": f"AL Government Digital Summit Nov. {year - 1}",
            "ext-rtm-innovation-forum": f"RTM {year} K12 Innovation Forum",
        }
        rows = fy26.filter(pl.col("event_id") != "ext-gemini-for-educators").with_columns(
            pl.lit(str(year)).alias("fiscal_year"),
            pl.col("event_id").replace_strict(names, default=pl.col("name")).alias("name"),
            pl.lit(invented.format(yy=year % 100)).alias("source"),
        )
        frames.append(rows)
    first = str(years[0])
    only_fy25 = pl.DataFrame(
        {
            "event_id": ["ext-al-cyber-tabletop", "ext-al-data-summit"],
            "name": [
                "Alabama K-12 Cybersecurity Tabletop Exercise (Apr. 2025)",
                "Alabama K-12 Data Governance Summit (May 2025)",
            ],
            "category": ["external", "external"],
            "kind": ["external_event", "external_event"],
            "fiscal_year": [first, first],
            "max_hours_per_session": [None, None],
            "max_hours_per_year": ["3", "3"],
            "repeatable": ["true", "true"],
            "requires_assignment": ["true", "true"],
            "requires_evidence": ["true", "true"],
            "delivery": ["in_person", "in_person"],
            "source": [
                f"(invented for the sample: an FY{years[0] % 100:02d}-only line, not a real event)"
            ]
            * 2,
        },
        schema={column: pl.String for column in fy26.columns},
    )
    return pl.concat([*frames, only_fy25]).select(fy26.columns)


def generate_sample(config: SampleConfig | None = None) -> SampleData:
    """Build the statewide sample in memory (see the module docstring)."""
    config = config or SampleConfig()
    config.check()
    shipped = shipped_policy()
    policy = shipped.for_year(fiscal_year_of_date(config.today, shipped))
    years = _fiscal_years(config, policy)
    rng = random.Random(config.seed)
    systems = reference_systems()
    directors = make_directors(systems, config, years, rng)

    events = approved_lists([fy.fy for fy in years])
    shipped = shipped_external_lines()
    approved: dict[int, dict[str, dict]] = {}
    for row in pl.concat([shipped, events]).iter_rows(named=True):
        approved.setdefault(int(row["fiscal_year"]), {})[row["event_id"]] = row

    taken: dict[str, set[tuple[str, str]]] = {}
    attendance = Attendance(rng, config, policy, approved, taken)
    calendars = {fy.fy: build_calendar(fy, config.today, config.seed) for fy in years}
    rows: list[Row] = []
    for fy in years:
        year_rows: list[Row] = []
        for director in directors:
            year_rows += attendance.year(director, fy, calendars[fy.fy], config.today)
        # what was credited this year cannot be credited again (R7)
        for row in year_rows:
            if row.event_id in ("alet-talent-course", "alsde-schoology-module") and row.strands:
                taken.setdefault(row.director_id, set()).add((row.event_id, row.session))
        rows += year_rows
    for director in directors:
        if len(director.cto_modules) == len(policy.strands):
            director.cto_completed = max(director.cto_modules.values())

    rows.sort(key=lambda r: (r.date, r.director_id, r.event_id, r.session))
    duplicates = _exact_duplicates(rows, rng, config.exact_duplicates)
    records, broken_lines, duplicate_ids = _records_frame(rows, duplicates, policy, rng)
    return SampleData(
        districts=_districts_frame(systems),
        directors=_directors_frame(directors),
        events=events,
        records=records,
        calendar=_calendar_frame(calendars),
        sessions=upcoming_sessions(
            years[-1],
            config.today,
            config.seed,
            approved=set(approved.get(years[-1].fy, {})),
            names=dict(
                events.filter(pl.col("fiscal_year") == str(years[-1].fy))
                .select("event_id", "name")
                .iter_rows()
            ),
        ),
        broken_lines=broken_lines,
        duplicate_ids=duplicate_ids,
    )


def _exact_duplicates(rows: list[Row], rng: random.Random, count: int) -> list[int]:
    """Indexes of conference rows that were uploaded twice."""
    candidates = [i for i, row in enumerate(rows) if row.event_id.endswith("conference")]
    return sorted(rng.sample(candidates, count))


def _strand_text(row: Row, policy: Policy) -> str | None:
    if not row.strands:
        return None
    if row.full_strand_names:
        return "; ".join(policy.strands[s] for s in row.strands)
    return ";".join(row.strands)


def _records_frame(
    rows: list[Row], duplicates: list[int], policy: Policy, rng: random.Random
) -> tuple[pl.DataFrame, dict[int, BrokenRow], list[str]]:
    table: list[dict[str, str | None]] = []
    duplicate_ids: list[str] = []
    for index, row in enumerate(rows):
        record = {
            "director_id": row.director_id,
            "event_id": row.event_id,
            "session": row.session or None,
            "date": row.date.isoformat(),
            "hours": f"{row.hours:g}",
            "strands": _strand_text(row, policy),
            "delivery": row.delivery or None,
            "assignment_complete": row.assignment_complete or None,
            "evidence_uploaded": row.evidence_uploaded or None,
        }
        table.append(record)
        if index in duplicates:
            table.append(dict(record, _duplicate="yes"))
    for number, record in enumerate(table, start=1):
        record["record_id"] = f"r{number:06d}"
        if record.pop("_duplicate", None):
            duplicate_ids.append(record["record_id"])
    # broken rows: copies of the good row before them, one flaw each, spread through
    # the file (after line 200, so that r000100 is already taken when one reuses it)
    positions = sorted(rng.sample(range(200, len(table)), len(BROKEN_ROWS)))
    at = dict(zip(positions, BROKEN_ROWS, strict=True))
    with_broken: list[dict[str, str | None]] = []
    broken_lines: dict[int, BrokenRow] = {}
    for index, record in enumerate(table):
        with_broken.append(record)
        if index in at:
            broken = at[index]
            with_broken.append(dict(record, **broken.changes, record_id=broken.record_id or None))
            broken_lines[len(with_broken) + 1] = broken  # line 1 is the header
    table = with_broken
    frame = pl.DataFrame(table, schema={column: pl.String for column in RECORD_COLUMNS})
    return frame.select(RECORD_COLUMNS), broken_lines, duplicate_ids


# The directors columns the generators write: the data contract's, less `email` (a
# synthetic person has no address).
DIRECTOR_COLUMNS = tuple(name for name in column_names("directors") if name != "email")


def _districts_frame(systems: pl.DataFrame) -> pl.DataFrame:
    return systems.select(
        *column_names("districts"),
        "county",
        "enrollment_2025",
        pl.lit("package code, not ALSDE's").alias("code_note"),
    )


def _directors_frame(directors: list[Director]) -> pl.DataFrame:
    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    values = {
        "director_id": [d.director_id for d in directors],
        "name": [d.name for d in directors],
        "district_code": [d.district_code for d in directors],
        "role_start": [iso(d.role_start) for d in directors],
        "role_end": [iso(d.role_end) for d in directors],
        "cto_academy_completed": [iso(d.cto_completed) for d in directors],
    }
    return pl.DataFrame(values, schema=dict.fromkeys(values, pl.String))


def _calendar_frame(calendars: Mapping[int, list[Slot]]) -> pl.DataFrame:
    slots = [slot for year in sorted(calendars) for slot in calendars[year]]
    return pl.DataFrame(
        {
            "event_id": [s.event_id for s in slots],
            "fiscal_year": [str(s.fiscal_year) for s in slots],
            "occurrence": [s.occurrence for s in slots],
            "session": [s.session or None for s in slots],
            "date_from": [s.date_from.isoformat() for s in slots],
            "date_to": [s.date_to.isoformat() for s in slots],
            "hours": [f"{s.hours:g}" for s in slots],
            "strands": [";".join(s.strands) or None for s in slots],
            "region": [s.region or None for s in slots],
        },
        schema={
            c: pl.String
            for c in (
                "event_id",
                "fiscal_year",
                "occurrence",
                "session",
                "date_from",
                "date_to",
                "hours",
                "strands",
                "region",
            )
        },
    )


def write_sample(out: str | Path, config: SampleConfig | None = None) -> SampleData:
    """Generate the sample and write it to folder `out` (created if needed)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(f"'{out}' is a file: give a folder for the sample")
    out.mkdir(parents=True, exist_ok=True)
    data = generate_sample(config)
    frames = {
        "districts.csv": data.districts,
        "directors.csv": data.directors,
        "events.csv": data.events,
        "records.csv": data.records,
        "calendar.csv": data.calendar,
        "sessions.csv": data.sessions,
    }
    # renamed into place together: a full disk half way leaves no half-written file
    with replacing_together([out / name for name in frames]) as partials:
        for partial, frame in zip(partials, frames.values(), strict=True):
            frame.write_csv(partial, line_terminator="\n")
    return data
