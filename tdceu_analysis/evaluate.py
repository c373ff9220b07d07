"""Evaluate a fiscal year: the ledger (R1-R8) and each director's summary (R9-R11).

`evaluate(data, fy, as_of)` is what the command line, the notebooks and the
reports call. Years before the asked one are evaluated too, in order, because
a once-only course credited in an earlier year counts 0 later (R7).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis.catalog import join_rows_in_force, rows_in_force
from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import (
    FiscalYear,
    fiscal_year,
    fiscal_year_of,
    fiscal_year_of_date,
    resolve_as_of,
)
from tdceu_analysis.io.load import InputData, load_folder
from tdceu_analysis.io.order import known_in_r5_order
from tdceu_analysis.policy import Policy
from tdceu_analysis.rules.ledger import (
    COURSE_KEY,
    ENGINE,
    ROLE_COLUMNS,
    credited_once_only_courses,
    in_r5_order,
    year_ledger,
)
from tdceu_analysis.rules.status import year_summary


@dataclass(frozen=True)
class Evaluation:
    """One fiscal year evaluated at an as-of date; frames as in docs/engine-api.md."""

    fy: int
    as_of: dt.date
    fiscal_year: FiscalYear
    policy: Policy
    ledger: pl.DataFrame
    summary: pl.DataFrame
    rejects: pl.DataFrame
    source: str
    records_files: tuple[str, ...] = ()  # the records files read (InputData.files)

    @property
    def closed(self) -> bool:
        return self.as_of >= self.fiscal_year.end

    @property
    def before_requirement(self) -> bool:
        """R1: the whole year precedes the requirement; every record counts 0."""
        return self.fiscal_year.end < self.policy.date("requirement_start")


def first_requirement_year(policy: Policy) -> int:
    return fiscal_year_of_date(policy.date("requirement_start"), policy)


def _records_of(data: InputData, policy: Policy) -> pl.LazyFrame:
    """Records with their fiscal year (the role dates and the catalogue row are added
    after the R5 sort, to the few columns of the records: sorting a wider frame costs
    more, and a join would copy every column of the records)."""
    return (
        data.records.lazy()
        .rename({"delivery": "delivery_override"})
        .with_columns(fiscal_year_of(pl.col("date"), policy).alias("fiscal_year"))
    )


def _with_roles(records: pl.LazyFrame, directors: pl.DataFrame) -> pl.LazyFrame:
    """`records` with their director's role dates, which decide `not_in_role` (R9) in each
    year's ledger: a left join on director_id. Director ids are unique once validated, so
    each record's row is found by the id's position and the two dates gathered by it (no
    copy of the records' own columns, as a join makes)."""
    roles = directors.select("director_id", *ROLE_COLUMNS)
    ids = roles.get_column("director_id")
    if ids.null_count() or ids.is_duplicated().any():  # not validated frames: join them
        return records.join(roles.lazy(), on="director_id", how="left", maintain_order="left")
    row = pl.col("director_id").replace_strict(
        ids, pl.Series(range(len(ids)), dtype=pl.Int64), default=None
    )
    return records.with_columns(
        pl.lit(roles.get_column(name)).gather(row).alias(name) for name in ROLE_COLUMNS
    )


def _catalog(data: InputData) -> pl.DataFrame:
    return data.events.drop("source", "origin")


def deciding_r7_credits(records: pl.LazyFrame) -> pl.LazyFrame:
    """The records that can decide which once-only courses a year credits (R7).

    Whether a once-only course counts hours depends on its own record, the earlier
    records of its line (the same event, all once-only too: duplicates and the
    line's yearly cap) and, when it is external, the director's other external
    records that year (the external cap, and their own lines' caps). A year evaluated
    only for its credits is evaluated on these records alone.
    """
    once_only = ~pl.col("repeatable").fill_null(True)
    external = pl.col("category") == "external"
    external_once = (
        records.filter(once_only & external)
        .select("director_id", "fiscal_year", pl.lit(True).alias("_external_once"))
        .unique()
    )
    return (
        records.filter(once_only | external)
        .join(external_once, on=["director_id", "fiscal_year"], how="left", maintain_order="left")
        .filter(once_only | pl.col("_external_once").fill_null(False))
        .drop("_external_once")
    )


def _by_year(records: pl.DataFrame) -> dict[int, pl.DataFrame]:
    """Each fiscal year's records; in date order a year's rows are contiguous."""
    if not records.get_column("fiscal_year").is_sorted():
        parts = records.partition_by("fiscal_year", as_dict=True, maintain_order=True)
        return {key[0]: frame for key, frame in parts.items()}
    by_year, offset = {}, 0
    for year, rows in records.group_by("fiscal_year", maintain_order=True).len().iter_rows():
        by_year[year] = records.slice(offset, rows)
        offset += rows
    return by_year


def _ledgers(
    data: InputData,
    fys: list[int],
    as_of: dt.date | None,
    policy: Policy,
    today: dt.date | None,
    explain: bool = True,
) -> dict[int, tuple[pl.DataFrame, dt.date]]:
    """Ledgers of the asked years. The years before them, from the first requirement
    year, are evaluated in order too, for what they credit (R7) and on only the
    records that can decide it (`deciding_r7_credits`)."""
    first = first_requirement_year(policy)
    years = list(range(min(first, *fys), max(fys) + 1))
    records = _records_of(data, policy).collect(engine=ENGINE).lazy()
    fiscal_years = pl.col("fiscal_year")
    earlier = [year for year in years if year not in fys]
    in_force = rows_in_force(_catalog(data), years)
    every_record_asked = (
        not earlier and records.select(fiscal_years.is_in(fys).all()).collect().item()
    )
    # every record in an asked year (the usual every-year run): no filtered copy
    needed = records if every_record_asked else records.filter(fiscal_years.is_in(fys))
    if earlier:
        deciding = deciding_r7_credits(
            join_rows_in_force(records.filter(fiscal_years.is_in(earlier)), in_force)
        )
        needed = pl.concat([needed, deciding.select(records.collect_schema().names())])
    # R5 order, sorted once for every year; each year is a slice of it, given its role
    # dates and catalogue rows only when its ledger is computed (gathered, the sorted
    # columns shared): the catalogue's columns of every year are never held at once.
    # The loader's records are in that order already (and a filter keeps it): then the
    # ledger's records columns are the records' own, and no sort key is computed.
    in_order = needed.collect(engine=ENGINE).rechunk()
    if earlier or not known_in_r5_order(data.records):
        in_order = in_r5_order(in_order)
    del needed, records  # the records' columns stay the caller's; nothing else holds a copy
    by_year, no_records = _by_year(in_order), in_order.clear()
    del in_order
    credited = pl.DataFrame(
        schema={"director_id": pl.String, "event_id": pl.String, "session_key": pl.String}
    )
    ledgers: dict[int, tuple[pl.DataFrame, dt.date]] = {}
    for year in years:
        year_policy = policy.for_year(year)
        fiscal = fiscal_year(year, year_policy)
        asked = year in fys
        # earlier years are needed whole (R7), the asked years at their as-of date
        year_as_of = resolve_as_of(fiscal, as_of, today) if asked else fiscal.end
        year_records = join_rows_in_force(
            _with_roles(by_year.pop(year, no_records).lazy(), data.directors), in_force
        )
        ledger = year_ledger(
            year_records,
            credited.lazy(),
            year_policy,
            fiscal,
            year_as_of,
            explain=asked and explain,
        )
        if asked:
            ledgers[year] = (ledger.collect(engine=ENGINE), year_as_of)
            ledger = ledgers[year][0].lazy()
        if year < years[-1]:
            # an earlier year's plan is collected only for its credits (polars then
            # leaves out the columns they do not need)
            newly = credited_once_only_courses(ledger).collect(engine=ENGINE)
            credited = pl.concat([credited, newly]).unique(subset=list(COURSE_KEY))
    return ledgers


def _check_policy(policy: Policy) -> None:
    # R2: surplus does not carry over; the switch records the choice, and a policy that
    # turns it on is refused rather than silently ignored.
    if policy.switch("carry_over_surplus"):
        raise UserError(
            "carry_over_surplus is true, but carrying surplus hours into the next year is "
            "not supported (rules.md R2): set it back to false"
        )


def _check_year(fy: int, policy: Policy) -> None:
    # A year before the requirement is evaluated like any other (R1: its records count
    # 0, `before_requirement`), so a ledger can show why; only absurd years are refused.
    first = first_requirement_year(policy)
    if not first - 50 <= fy <= first + 100:
        raise UserError(f"FY{fy} is not a fiscal year this tool can evaluate")


def evaluate(
    data: InputData,
    fy: int,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    today: dt.date | None = None,
    explain: bool = True,
) -> Evaluation:
    """Ledger and summary of year `fy` at `as_of` (default: today, or the year's end).

    `explain=False` leaves the ledger's `explanation` sentences out: the same hours and
    reasons, for callers that never show them (`tdceu evaluate` writes the contract's
    columns only), which saves writing a sentence per record.

    `policy` defaults to the data's own (`InputData.policy`: the shipped values with the
    folder's policy.toml).
    """
    policy = policy or data.policy
    _check_year(fy, policy)
    _check_policy(policy.for_year(fy))
    policy = policy.for_year(fy)
    fiscal = fiscal_year(fy, policy)
    resolve_as_of(fiscal, as_of, today)  # fail early on an as-of date before the year
    ledger, year_as_of = _ledgers(data, [fy], as_of, policy, today, explain)[fy]
    summary = year_summary(
        ledger.lazy(), data.directors, data.districts, policy, fiscal, year_as_of
    ).collect(engine=ENGINE)
    return Evaluation(
        fy=fy,
        as_of=year_as_of,
        fiscal_year=fiscal,
        policy=policy,
        ledger=ledger,
        summary=summary,
        rejects=data.rejects,
        source=data.source,
        records_files=data.files.get("records", ()),
    )


@dataclass(frozen=True)
class YearsEvaluation:
    """Several fiscal years stacked: `ledger` and `summary` carry a fiscal_year column."""

    fys: tuple[int, ...]
    as_of: dict[int, dt.date]
    ledger: pl.DataFrame
    summary: pl.DataFrame
    rejects: pl.DataFrame
    source: str
    policy: Policy
    records_files: tuple[str, ...] = ()

    def year(self, fy: int) -> Evaluation:
        """Year `fy` of these, as `evaluate(data, fy, as_of)` gives it (the same frames:
        both come from one ledger per year), without evaluating it again."""
        if fy not in self.fys:
            raise UserError(f"FY{fy % 100:02d} is not one of the evaluated years")
        policy = self.policy.for_year(fy)
        in_year = pl.col("fiscal_year") == fy
        return Evaluation(
            fy=fy,
            as_of=self.as_of[fy],
            fiscal_year=fiscal_year(fy, policy),
            policy=policy,
            ledger=self.ledger.filter(in_year),
            summary=self.summary.filter(in_year),
            rejects=self.rejects,
            source=self.source,
            records_files=self.records_files,
        )


def years_with_records(data: InputData, cutoff: dt.date, policy: Policy) -> list[int]:
    """The fiscal years from the first requirement year on that have records and have
    begun by `cutoff`: the years a reader can pick, and `evaluate_years`' default."""
    first = first_requirement_year(policy)
    record_years = (
        data.records.select(fiscal_year_of(pl.col("date"), policy).unique()).to_series().to_list()
    )
    return sorted(y for y in record_years if y >= first and fiscal_year(y, policy).start <= cutoff)


def evaluate_years(
    data: InputData,
    fys: list[int] | None = None,
    as_of: dt.date | None = None,
    policy: Policy | None = None,
    today: dt.date | None = None,
    explain: bool = True,
) -> YearsEvaluation:
    """Every asked year (default: all years with records, up to the as-of date) in one pass;
    `explain` and `policy` (default: the data's own) as in `evaluate`."""
    base = policy or data.policy
    if fys is None:
        fys = years_with_records(data, as_of or today or dt.date.today(), base)
    if not fys:
        first = fiscal_year(first_requirement_year(base), base).label
        raise UserError(f"no fiscal year to evaluate: the data has no records from {first} on")
    for year in fys:
        _check_year(year, base)
        _check_policy(base.for_year(year))
    ledgers = _ledgers(data, fys, as_of, base, today, explain)
    summaries = []
    for year in fys:
        year_policy = base.for_year(year)
        ledger, year_as_of = ledgers[year]
        summaries.append(
            year_summary(
                ledger.lazy(),
                data.directors,
                data.districts,
                year_policy,
                fiscal_year(year, year_policy),
                year_as_of,
            )
        )
    return YearsEvaluation(
        fys=tuple(fys),
        as_of={year: ledgers[year][1] for year in fys},
        ledger=pl.concat([ledgers[year][0] for year in fys]),
        summary=pl.concat(pl.collect_all(summaries, engine=ENGINE)),
        rejects=data.rejects,
        source=data.source,
        policy=base,
        records_files=data.files.get("records", ()),
    )


# ---------------------------------------------------------------------------
# Shared by the pages of one process
# ---------------------------------------------------------------------------
# `tdceu build` runs every page in one kernel, one after another (report/run.py): each
# page's board reads the same folder and evaluates the same years. Both are done once per
# process while the folder's files stay the same. Frames are immutable and the results
# frozen, so the pages share them; the stores keep only the latest few entries.
_SHARED_LOCK = threading.Lock()
_LOADED: dict[tuple[Any, ...], InputData] = {}
_YEARS: dict[tuple[Any, ...], tuple[InputData, YearsEvaluation]] = {}
_KEEP = 4


def _folder_state(folder: Path) -> tuple[Any, ...]:
    """The folder and each of its files' name, size and modification time."""
    files = sorted(path for path in folder.iterdir() if path.is_file())
    return (
        str(folder.resolve()),
        *((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in files),
    )


def _remember(store: dict[tuple[Any, ...], Any], key: tuple[Any, ...], value: Any) -> None:
    store[key] = value
    while len(store) > _KEEP:
        store.pop(next(iter(store)))


def load_folder_shared(folder: str | Path) -> InputData:
    """`load_folder(folder)`, read once per process while its files are unchanged."""
    folder = Path(folder)
    if not folder.is_dir():
        return load_folder(folder)  # its own error message
    key = _folder_state(folder)
    with _SHARED_LOCK:
        if key in _LOADED:
            return _LOADED[key]
    data = load_folder(folder)
    with _SHARED_LOCK:
        _remember(_LOADED, key, data)
    return data


def evaluate_years_shared(data: InputData, fys: list[int], as_of: dt.date) -> YearsEvaluation:
    """`evaluate_years(data, fys, as_of=as_of)`, once per process for the same `data`
    object (as `load_folder_shared` gives it to every page), years and as-of date."""
    key = (id(data), tuple(fys), as_of)
    with _SHARED_LOCK:
        found = _YEARS.get(key)
    if found is not None and found[0] is data:
        return found[1]
    evaluated = evaluate_years(data, fys, as_of=as_of)
    with _SHARED_LOCK:
        _remember(_YEARS, key, (data, evaluated))
    return evaluated
