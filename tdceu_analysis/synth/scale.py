"""The scale generator: the sample's kinds of data, as many directors and years as
a benchmark needs (`tdceu synth --directors 100000 --years 10 --out DIR`).

Everything is computed column-wise with polars expressions. Randomness comes from
splitmix64 applied to a row key (wrapping UInt64 arithmetic), so a seed gives the
same values on any machine and any polars version, with no Python loop over rows.
Records are produced one chunk of directors at a time and streamed into a single
`records.parquet`; only the directors table (one row a person) and one chunk of
records are ever in memory.

The shape is simpler than the statewide sample's: one director per system at a
time (systems change director about every `1 / turnover` years), a profile per
director setting how much they attend, and records drawn from a weighted menu of
the sample calendar's sessions, courses and approved external lines. Dates start
at the requirement's first fiscal year and may run into the future: pass an
as-of date when evaluating them.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from polars.io.plugins import register_io_source
from tqdm import tqdm

from tdceu_analysis.errors import UserError
from tdceu_analysis.fiscal import fiscal_year, fiscal_year_of_date, fy_label
from tdceu_analysis.io.write import replacing, write_file
from tdceu_analysis.policy import Policy, shipped_policy
from tdceu_analysis.synth.calendar import (
    CYBER_CAMP_BLOCKS,
    EXTERNAL_LINES,
    KEYNOTES,
    REGIONS,
    SCHOOLOGY_MODULES,
    SESSION_TITLES,
    TALENT_COURSES,
)
from tdceu_analysis.synth.names import GIVEN_NAMES, INITIALS, SURNAMES
from tdceu_analysis.synth.sample import DIRECTOR_COLUMNS, MAX_YEARS, shipped_external_lines

_U64 = pl.UInt64


@dataclass(frozen=True)
class ScaleConfig:
    """Parameters of the scale generator (see the README)."""

    directors: int = 100_000
    years: int = 10
    first_fy: int | None = None  # default: the requirement's first fiscal year (FY25)
    seed: int = 2026
    records_per_year: float = 20.0  # mean records of a typical director in a full year
    turnover_rate: float = 0.10  # systems change director about every 1/rate years
    chunk_directors: int = 10_000  # directors per chunk of records

    def check(self) -> None:
        if self.directors < 1:
            raise UserError("--directors must be at least 1")
        if not 1 <= self.years <= MAX_YEARS:
            raise UserError(f"--years must be between 1 and {MAX_YEARS}")
        policy = shipped_policy()
        began = fiscal_year_of_date(policy.date("requirement_start"), policy)
        first = self.first_fy if self.first_fy is not None else began
        if first < began:
            raise UserError(
                f"--first-fy {first} is before TD-CEU hours began ({fy_label(began)}): "
                f"give {began} or later"
            )
        if first + self.years - 1 > began + MAX_YEARS - 1:
            raise UserError(
                f"--first-fy {first} with --years {self.years} runs past "
                f"{fy_label(began + MAX_YEARS - 1)}: the generator covers the {MAX_YEARS} years "
                f"from {fy_label(began)}; give an earlier --first-fy or fewer --years"
            )
        if not 0 < self.records_per_year <= 200:
            raise UserError("--records-per-year must be more than 0 and at most 200")
        if self.chunk_directors < 1:
            raise UserError("--chunk-directors must be at least 1")
        if not 0 <= self.turnover_rate < 1:
            raise UserError("--turnover must be between 0 and 1")


# ---------------------------------------------------------------------------
# Column-wise randomness
# ---------------------------------------------------------------------------


def _u64(value: int) -> pl.Expr:
    return pl.lit(value & 0xFFFFFFFFFFFFFFFF, dtype=_U64)


def splitmix64(key: pl.Expr) -> pl.Expr:
    """splitmix64's output function on a UInt64 expression (wrapping arithmetic)."""
    z = key.cast(_U64) * _u64(0x9E3779B97F4A7C15)
    z = (z ^ (z // _u64(1 << 30))) * _u64(0xBF58476D1CE4E5B9)
    z = (z ^ (z // _u64(1 << 27))) * _u64(0x94D049BB133111EB)
    return z ^ (z // _u64(1 << 31))


def uniform(key: pl.Expr, stream: int, seed: int) -> pl.Expr:
    """A uniform float in [0, 1) for each key, independent across streams and seeds."""
    salted = key.cast(_U64) * _u64(64) + _u64(stream) + _u64(seed * 0x632BE59BD9B4E019)
    return (splitmix64(salted) // _u64(1 << 11)).cast(pl.Float64) / float(1 << 53)


def pick(values: list, u: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """values[floor(u * len)]: a uniform choice from a small list."""
    index = (u * len(values)).floor().cast(pl.UInt32)
    return pl.lit(pl.Series(values, dtype=dtype)).gather(index)


# ---------------------------------------------------------------------------
# The menu of what a record can be
# ---------------------------------------------------------------------------

MENU_SCHEMA = {
    "event_id": pl.String,
    "session": pl.String,
    "hours": pl.Float64,
    "strands": pl.String,
    "external": pl.Boolean,
    "weight": pl.Float64,
}


def record_menu() -> pl.DataFrame:
    """Every (event, session, hours, strands) a record can carry, with its weight."""
    rows: list[tuple[str, str | None, float, str | None, bool, float]] = []
    titles = [(title, strand) for strand, pool in SESSION_TITLES.items() for title in pool]
    conferences = ("alet-winter-conference", "alet-summer-conference", "alet-fall-conference")
    for event_id in conferences:
        for title, strand in titles:
            rows.append((event_id, title, 1.0, strand, False, 0.42 / 3 / len(titles) * 0.8))
        for title, strand in KEYNOTES:
            rows.append((event_id, title, 1.0, strand, False, 0.42 / 3 / len(KEYNOTES) * 0.17))
        rows.append((event_id, "Vendor showcase", 1.0, None, False, 0.42 / 3 * 0.03))
    for region in REGIONS:
        rows.append(
            (
                "alet-region-meeting",
                f"{region} region meeting",
                2.5,
                "roles;planning",
                False,
                0.13 / len(REGIONS),
            )
        )
    for title, strands in CYBER_CAMP_BLOCKS:
        rows.append(
            ("alet-cyber-camp", title, 3.0, ";".join(strands), False, 0.08 / len(CYBER_CAMP_BLOCKS))
        )
    for event_id, catalogue, share in (
        ("alet-talent-course", TALENT_COURSES, 0.08),
        ("alsde-schoology-module", SCHOOLOGY_MODULES, 0.02),
    ):
        for title, hours, strands in catalogue:
            rows.append((event_id, title, hours, ";".join(strands), False, share / len(catalogue)))
    for strand in SESSION_TITLES:
        rows.append(
            (
                "alet-cto-academy",
                f"CTO Academy module: {strand}",
                3.0,
                strand,
                False,
                0.02 / len(SESSION_TITLES),
            )
        )
    approved = set(shipped_external_lines().get_column("event_id").to_list())
    lines = [line for line in EXTERNAL_LINES if line.event_id in approved]
    total = sum(line.popularity for line in lines)
    for line in lines:
        rows.append(
            (
                line.event_id,
                None,
                line.hours,
                ";".join(line.strands),
                True,
                0.25 * line.popularity / total,
            )
        )
    menu = pl.DataFrame(rows, schema=MENU_SCHEMA, orient="row")
    return menu.with_columns((pl.col("weight").cum_sum() / pl.col("weight").sum()).alias("cum"))


# ---------------------------------------------------------------------------
# Systems and directors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    config: ScaleConfig
    policy: Policy
    first_fy: int
    systems: int
    window_start: dt.date
    window_end: dt.date

    @property
    def fys(self) -> list[int]:
        return list(range(self.first_fy, self.first_fy + self.config.years))


def _plan(config: ScaleConfig) -> _Plan:
    config.check()
    probe = shipped_policy()
    first_fy = config.first_fy or fiscal_year_of_date(probe.date("requirement_start"), probe)
    policy = probe.for_year(first_fy)
    first = fiscal_year(first_fy, policy)
    last = fiscal_year(first_fy + config.years - 1, policy)
    per_system = 1 + round(config.turnover_rate * config.years)
    systems = max(1, math.ceil(config.directors / per_system))
    return _Plan(config, policy, first_fy, systems, first.start, last.end)


def systems_frame(plan: _Plan) -> pl.DataFrame:
    seed = plan.config.seed
    key = pl.int_range(0, plan.systems, dtype=pl.UInt64)
    u = uniform(key, 0, seed + 1)
    kind = (
        pl.when(u < 0.45)
        .then(pl.lit("county"))
        .when(u < 0.9)
        .then(pl.lit("city"))
        .otherwise(pl.lit("charter"))
    )
    return pl.select(
        pl.format("S{}", (key + 1).cast(pl.String).str.zfill(6)).alias("district_code"),
        pl.format("Synthetic System {}", key + 1).alias("district_name"),
        kind.alias("district_type"),
        pick(list(REGIONS), uniform(key, 1, seed + 1), pl.String).alias("region"),
    )


def directors_frame(plan: _Plan) -> pl.DataFrame:
    """One row a director: system i % S, place i // S in that system's chain."""
    config, seed = plan.config, plan.config.seed
    systems = plan.systems
    window = (plan.window_end - plan.window_start).days
    i = pl.int_range(0, config.directors, dtype=pl.UInt64).alias("i")
    frame = pl.select(i).with_columns(
        (pl.col("i") % systems).alias("system"),
        (pl.col("i") // systems).alias("place"),
    )
    base, extra = divmod(config.directors, systems)
    count = pl.lit(base, dtype=_U64) + (pl.col("system") < extra).cast(_U64)

    def boundary(place: pl.Expr) -> pl.Expr:
        # the day the chain's `place`-th director takes over: evenly spread, jittered
        jitter = uniform(pl.col("system") * _u64(1024) + place, 2, seed) - 0.5
        share = (place.cast(pl.Float64) + 0.8 * jitter) / count.cast(pl.Float64)
        return pl.lit(plan.window_start) + pl.duration(days=(share * window).floor().cast(pl.Int64))

    u_gap = uniform(pl.col("i"), 3, seed)
    gap = (
        pl.when(u_gap < 0.3)
        .then((uniform(pl.col("i"), 4, seed) * 0.1 * window / count.cast(pl.Float64)).floor() + 1)
        .otherwise(1)
    )
    tenure = (uniform(pl.col("i"), 5, seed) * 25 * 365).floor() + 30
    start = (
        pl.when(pl.col("place") == 0)
        .then(pl.lit(plan.window_start) - pl.duration(days=tenure.cast(pl.Int64)))
        .otherwise(boundary(pl.col("place")) + pl.duration(days=gap.cast(pl.Int64)))
    )
    end = (
        pl.when(pl.col("place") + 1 < count)
        .then(boundary(pl.col("place") + 1) - pl.duration(days=1))
        .otherwise(None)
    )
    required_after = plan.policy.date("cto_academy_required_after")
    u_cto = uniform(pl.col("i"), 6, seed)
    academy = pl.col("role_start") + pl.duration(
        days=(200 + uniform(pl.col("i"), 7, seed) * 500).floor().cast(pl.Int64)
    )
    academy_done = (
        (pl.col("role_start") > pl.lit(required_after))
        & (u_cto < 0.6)
        & (academy <= pl.coalesce(pl.col("role_end"), pl.lit(plan.window_end)))
    )
    u_profile = uniform(pl.col("i"), 8, seed)
    name = pl.format(
        "{} {}. {}",
        pick(list(GIVEN_NAMES), uniform(pl.col("i"), 9, seed), pl.String),
        pick(list(INITIALS), uniform(pl.col("i"), 10, seed), pl.String),
        pick(list(SURNAMES), uniform(pl.col("i"), 11, seed), pl.String),
    )
    return (
        frame.with_columns(start.dt.date().alias("role_start"), end.dt.date().alias("role_end"))
        .with_columns(
            (pl.col("i") + 100_001).cast(pl.String).alias("director_id"),
            name.alias("name"),
            pl.format("S{}", (pl.col("system") + 1).cast(pl.String).str.zfill(6)).alias(
                "district_code"
            ),
            pl.when(academy_done).then(academy.dt.date()).alias("cto_academy_completed"),
            # records a year relative to a typical director: engaged, typical, struggling
            pl.when(u_profile < 0.3)
            .then(1.35)
            .when(u_profile < 0.8)
            .then(1.0)
            .otherwise(0.35)
            .alias("rate"),
        )
        .select("i", *DIRECTOR_COLUMNS, "rate")
    )


def events_frame(plan: _Plan) -> pl.DataFrame:
    """The approved external list (the shipped FY26 one) for every other year generated."""
    shipped = shipped_external_lines()
    shipped_year = int(shipped.get_column("fiscal_year")[0])
    years = [fy for fy in plan.fys if fy != shipped_year]
    frames = [
        shipped.with_columns(
            pl.lit(str(fy)).alias("fiscal_year"),
            pl.lit("(synthetic: the FY26 list copied to this year)").alias("source"),
        )
        for fy in years
    ]
    return pl.concat(frames) if frames else shipped.clear()


# ---------------------------------------------------------------------------
# Records, one chunk of directors at a time
# ---------------------------------------------------------------------------

RECORD_SCHEMA = pl.Schema(
    {
        "record_id": pl.String,
        "director_id": pl.String,
        "event_id": pl.String,
        "session": pl.String,
        "date": pl.Date,
        "hours": pl.Float64,
        "strands": pl.String,
        "delivery": pl.String,
        "assignment_complete": pl.Boolean,
        "evidence_uploaded": pl.Boolean,
    }
)

MAX_RECORDS_PER_YEAR = 1023  # the record key keeps 10 bits for the record's number
ROW_GROUP_SIZE = 262_144


def records_chunk(plan: _Plan, directors: pl.DataFrame, menu: pl.DataFrame) -> pl.DataFrame:
    """The records of `directors` (a slice of the directors table) for every year."""
    config, seed = plan.config, plan.config.seed
    years = pl.DataFrame(
        {
            "fy_index": list(range(config.years)),
            "fy_start": [fiscal_year(fy, plan.policy).start for fy in plan.fys],
            "fy_end": [fiscal_year(fy, plan.policy).end for fy in plan.fys],
        },
        schema={"fy_index": pl.UInt64, "fy_start": pl.Date, "fy_end": pl.Date},
    )
    spans = (
        directors.lazy()
        .join(years.lazy(), how="cross")
        .with_columns(
            pl.max_horizontal("fy_start", "role_start").alias("lo"),
            pl.min_horizontal("fy_end", pl.coalesce("role_end", "fy_end")).alias("hi"),
        )
        .filter(pl.col("lo") <= pl.col("hi"))
        .with_columns(
            ((pl.col("hi") - pl.col("lo")).dt.total_days() + 1).alias("days"),
            (pl.col("i") * _u64(64) + pl.col("fy_index")).alias("year_key"),
        )
    )
    # a year varies around the director's usual rate (0.6 to 1.4 times it)
    year_factor = 0.6 + 0.8 * uniform(pl.col("year_key"), 13, seed)
    expected = pl.col("rate") * year_factor * config.records_per_year * pl.col("days") / 365.0
    count = (expected + uniform(pl.col("year_key"), 12, seed)).floor()
    cum = menu.get_column("cum")
    record_key = pl.col("year_key") * _u64(MAX_RECORDS_PER_YEAR + 1) + pl.col("n").cast(_U64)
    records = (
        spans.with_columns(
            pl.int_ranges(0, count.clip(0, MAX_RECORDS_PER_YEAR).cast(pl.Int64)).alias("n")
        )
        .explode("n")
        .filter(pl.col("n").is_not_null())
        .with_columns(record_key.alias("key"))
        .with_columns(
            pl.lit(cum)
            .search_sorted(uniform(pl.col("key"), 0, seed))
            .clip(0, menu.height - 1)
            .cast(pl.UInt32)
            .alias("option"),
            (
                pl.col("lo")
                + pl.duration(
                    days=(uniform(pl.col("key"), 1, seed) * pl.col("days")).floor().cast(pl.Int64)
                )
            ).alias("date"),
            uniform(pl.col("key"), 2, seed).alias("u_hours"),
            uniform(pl.col("key"), 3, seed).alias("u_flags"),
        )
    )

    def from_menu(column: str) -> pl.Expr:
        return pl.lit(menu.get_column(column)).gather(pl.col("option"))

    external = from_menu("external")
    hours = from_menu("hours")
    # external days are claimed with some spread; a few ALET sessions run long or short
    hours = (
        pl.when(external & (pl.col("u_hours") < 0.3))
        .then(hours + 1.0)
        .when(external & (pl.col("u_hours") > 0.85))
        .then((hours - 1.0).clip(0.5, None))
        .when(pl.col("u_hours") < 0.05)
        .then(hours * 0.75)
        .otherwise(hours)
    )
    flag = pl.when(external)
    return records.select(
        pl.format("r{}", pl.col("key")).alias("record_id"),
        pl.col("director_id"),
        from_menu("event_id").alias("event_id"),
        from_menu("session").alias("session"),
        pl.col("date").cast(pl.Date),
        hours.alias("hours"),
        from_menu("strands").alias("strands"),
        pl.lit(None, dtype=pl.String).alias("delivery"),
        flag.then(pl.col("u_flags") >= 0.08).alias("assignment_complete"),
        flag.then((pl.col("u_flags") * 16 % 1.0) >= 0.07).alias("evidence_uploaded"),
    ).collect()


@dataclass(frozen=True)
class ScaleResult:
    out: Path
    directors: int
    systems: int
    records: int


def write_scale(
    out: str | Path, config: ScaleConfig | None = None, progress: bool = True
) -> ScaleResult:
    """Write districts, directors, events and records Parquet files to folder `out`."""
    config = config or ScaleConfig()
    plan = _plan(config)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(f"'{out}' is a file: give a folder for the generated data")
    out.mkdir(parents=True, exist_ok=True)
    # each file whole or not at all (a full disk half way leaves no half-written file)
    directors = directors_frame(plan)
    for name, frame in (
        ("districts.parquet", systems_frame(plan)),
        ("directors.parquet", directors.drop("i", "rate")),
        ("events.parquet", events_frame(plan)),
    ):
        write_file(out / name, frame.write_parquet)
    menu = record_menu()
    chunks = range(0, config.directors, config.chunk_directors)
    written = 0

    def source(
        with_columns: list[str] | None,
        predicate: pl.Expr | None,
        n_rows: int | None,
        batch_size: int | None,
    ) -> Iterator[pl.DataFrame]:
        nonlocal written
        bar = tqdm(
            chunks,
            desc="records",
            unit="chunk",
            file=sys.stderr,
            disable=not progress,
        )
        for begin in bar:
            chunk = records_chunk(plan, directors.slice(begin, config.chunk_directors), menu)
            written += chunk.height
            bar.set_postfix(records=f"{written:,}")
            yield chunk.select(with_columns) if with_columns else chunk

    lazy = register_io_source(io_source=source, schema=RECORD_SCHEMA)
    # a fixed row-group size: the same bytes whatever the chunk size
    with replacing(out / "records.parquet") as partial:
        lazy.sink_parquet(partial, row_group_size=ROW_GROUP_SIZE)
    return ScaleResult(out=out, directors=config.directors, systems=plan.systems, records=written)
