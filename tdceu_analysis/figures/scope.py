"""What a figure is about: the state, a region or a district, and the rows it compares.

Every figure function that follows the page's pickers takes one `PageScope`: the
evaluation (and the years, for the year-over-year figures) and the page's choices
(`region`, `district`, `director_id`, `picker`). Without a picker the figure shows the
one chosen scope. With a picker (the exported page, which has no kernel) the figure
carries the rows of every scope it can switch to, each tagged with a `scope` column, and
the chart filters them with a vega-lite select box.

Rows compared inside a scope: regions statewide, districts inside a region,
directors inside a district.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.figures.figure import PICKER_PREFIX, SCOPE, Figure, Picker, Title
from tdceu_analysis.figures.html import Follow

if TYPE_CHECKING:
    from tdceu_analysis.evaluate import Evaluation, YearsEvaluation

ALL_REGIONS = "All regions"
STATEWIDE = "Statewide"
ROW = "row"
T = TypeVar("T")


@dataclass(frozen=True)
class Scoped:
    """`frame` with `scope` and `row` columns; `options` the scopes in picker order."""

    frame: pl.DataFrame
    options: tuple[str, ...]
    value: str
    picker: bool

    def title(self, titles: dict[str, str], label: str = "Region") -> Title:
        """One title for one scope, or a `Picker` holding the title of every scope."""
        if self.picker and len(self.options) > 1:
            return Picker(
                name=f"{PICKER_PREFIX}{label.lower()}",
                label=label,
                options=self.options,
                value=self.value,
                titles={option: titles.get(option, option) for option in self.options},
            )
        return titles.get(self.value, self.value)


def scope_name(scope: pl.Expr) -> pl.Expr:
    """The scope as a title says it: "Statewide" for all regions."""
    return pl.when(scope == ALL_REGIONS).then(pl.lit(STATEWIDE)).otherwise(scope)


def regions_of(summary: pl.DataFrame) -> list[str]:
    return sorted(summary.get_column("region").drop_nulls().unique().to_list())


def check_choice(summary: pl.DataFrame, region: str | None, district: str | None) -> None:
    """A region or district code the data does not have is the user's to fix."""
    if region is not None and region != ALL_REGIONS and region not in regions_of(summary):
        raise UserError(
            f"region '{region}' is not in the data: use one of {', '.join(regions_of(summary))}"
        )
    if district is not None and district not in summary.get_column("district_code").to_list():
        raise UserError(f"district code '{district}' has no director in scope this year")


def scoped(
    summary: pl.DataFrame,
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
    include_all: bool = True,
) -> Scoped:
    """`summary` (one row per director) tagged with the scope(s) a figure shows.

    - a district: scope = the district's name, rows = its directors' names;
    - a region, no picker: scope = the region, rows = its districts;
    - neither, no picker: scope = all regions, rows = regions;
    - picker: every region as a scope (and "All regions" first when `include_all`),
      the chosen one (`region`, or the first) selected.
    """
    check_choice(summary, region, district)
    region = None if region == ALL_REGIONS else region
    if district is not None:
        rows = summary.filter(pl.col("district_code") == district)
        name = rows.get_column("district_name").first()
        frame = rows.with_columns(pl.lit(name).alias(SCOPE), pl.col("name").alias(ROW))
        return Scoped(frame, (name,), name, picker=False)
    by_region = summary.with_columns(
        pl.col("region").alias(SCOPE), pl.col("district_name").alias(ROW)
    )
    statewide = summary.with_columns(pl.lit(ALL_REGIONS).alias(SCOPE), pl.col("region").alias(ROW))
    if picker:
        regions = regions_of(summary)
        options = ([ALL_REGIONS] if include_all else []) + regions
        value = region or options[0]
        parts = [statewide, by_region] if include_all else [by_region]
        return Scoped(pl.concat(parts), tuple(options), value, picker=True)
    if region is not None:
        return Scoped(by_region.filter(pl.col(SCOPE) == region), (region,), region, picker=False)
    if not include_all:
        first = regions_of(summary)[0]
        return Scoped(by_region.filter(pl.col(SCOPE) == first), (first,), first, picker=False)
    return Scoped(statewide, (ALL_REGIONS,), ALL_REGIONS, picker=False)


def titles_from(frame: pl.DataFrame, text: pl.Expr) -> dict[str, str]:
    """{scope: title} from a frame with one row per scope and a title expression."""
    pairs = frame.select(pl.col(SCOPE), text.alias("title"))
    return dict(
        zip(pairs.get_column(SCOPE).to_list(), pairs.get_column("title").to_list(), strict=True)
    )


def pct(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """A whole percentage as text ("0" when there is no one to count)."""
    return (
        pl.when(denominator > 0)
        .then((numerator * 100 / denominator).round(0).cast(pl.Int64))
        .otherwise(0)
        .cast(pl.String)
    )


# ---------------------------------------------------------------------------
# Tables computed once per evaluation
# ---------------------------------------------------------------------------

# {id(evaluation): {key: value}}; an entry goes when its evaluation is garbage collected
_PER_EVALUATION: dict[int, dict[Hashable, Any]] = {}


def per_evaluation(owner: object, key: Hashable, build: Callable[[], T]) -> T:
    """`build()` once per `owner` (an Evaluation or YearsEvaluation) and `key`.

    Why: a widget pick redraws every figure of the page from the same evaluation; what
    does not depend on the pick is computed once. The store lives as long as `owner`
    (a new fiscal year or as-of date is a new evaluation, so nothing stale is served).
    Values are shared between callers: treat them as read-only (polars frames are).
    """
    store = _PER_EVALUATION.get(id(owner))
    if store is None:
        store = _PER_EVALUATION[id(owner)] = {}
        weakref.finalize(owner, _PER_EVALUATION.pop, id(owner), None)
    if key not in store:
        store[key] = build()
    return store[key]


def one_scope(tables: T, scope: str) -> T:
    """The rows of `scope` in tables of every scope: frames with a `scope` column are
    filtered, {scope: title} dicts keep that scope's entry, tuples are taken apart."""
    if isinstance(tables, pl.DataFrame):
        return tables.filter(pl.col(SCOPE) == scope) if SCOPE in tables.columns else tables
    if isinstance(tables, dict):
        return {scope: tables[scope]} if scope in tables else {}  # type: ignore[return-value]
    if isinstance(tables, tuple):
        return tuple(one_scope(part, scope) for part in tables)  # type: ignore[return-value]
    return tables


@dataclass
class _BuiltScopes:
    """What `scope_tables` has built from one evaluation for one figure and one kind of
    scope (regions, or districts)."""

    alone: tuple[Scoped, Any] | None = None  # (the first scope picked, its tables)
    every: tuple[Scoped, Any] | None = None  # (every scope, tables), from a second scope on


def every_district(summary: pl.DataFrame) -> Scoped | None:
    """Every district as a scope (its name; rows: its directors' names), as `scoped` makes
    one; None when a name stands for two districts (or a district has two names), so the
    name cannot tell their rows apart."""
    pairs = summary.select("district_code", "district_name").unique()
    names = pairs.get_column("district_name")
    if (
        pairs.height != names.n_unique()
        or pairs.height != pairs.get_column("district_code").n_unique()
    ):
        return None
    frame = summary.with_columns(pl.col("district_name").alias(SCOPE), pl.col("name").alias(ROW))
    options = tuple(sorted(names.drop_nulls().to_list()))
    return Scoped(frame, options, options[0], picker=True) if options else None


def scope_tables(
    owner: object,
    name: str,
    summary: pl.DataFrame,
    build: Callable[[Scoped], T],
    region: str | None = None,
    district: str | None = None,
    picker: bool = False,
    include_all: bool = True,
) -> tuple[Scoped, T]:
    """The chosen scope (as `scoped` gives it) and `build(chosen)`: a figure's frames and
    {scope: title} dicts, every frame keyed by the `scope` column.

    Without a picker (a live widget pick), a region (or the state) is built on its own
    while it is the only one picked from this evaluation (so a new fiscal year shows
    quickly); from the second region picked on, `build` runs once over every region, as
    the exported page's picker does, and a pick only filters small frames. Districts go
    the same way, among districts. The tables are the same either way (tests/figures
    check it). A picker builds directly. `name` tells the figures' tables apart in the
    per-evaluation store.
    """
    if picker:
        chosen = scoped(summary, region, district, picker, include_all)
        return chosen, build(chosen)
    check_choice(summary, region, district)
    if district is not None:
        key: tuple[Any, ...] = ("scope_tables", name, "district")
        alone = scoped(summary, district=district)
        return _picked(owner, key, build, alone, lambda: every_district(summary))
    region = None if region == ALL_REGIONS else region
    alone = scoped(summary, region, None, False, include_all)
    return _picked(
        owner,
        ("scope_tables", name, include_all),
        build,
        alone,
        lambda: scoped(summary, picker=True, include_all=include_all),
    )


def _picked(
    owner: object,
    key: tuple[Any, ...],
    build: Callable[[Scoped], T],
    alone: Scoped,
    every: Callable[[], Scoped | None],
) -> tuple[Scoped, T]:
    """`alone` and its tables: built on their own for the first scope picked, then filtered
    from the tables of `every()` scope (built once; None: each scope on its own)."""
    built = per_evaluation(owner, key, _BuiltScopes)
    if built.every is None:
        if built.alone is not None and built.alone[0].value == alone.value:
            return built.alone
        everything = every() if built.alone is not None else None
        if everything is None:
            built.alone = (alone, build(alone))
            return built.alone
        built.every, built.alone = (everything, build(everything)), None
    everything, tables = built.every
    if alone.value not in everything.options:
        return alone, build(alone)
    return alone, one_scope(tables, alone.value)


# ---------------------------------------------------------------------------
# The page's choices
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PageScope:
    """What a figure of a page shows: one fiscal year's `evaluation` (and `years`, every
    year up to it, for the year-over-year figures) and the page's choices.

    `picker`: the exported page (no kernel), whose figures carry every scope they can
    switch to. The board makes one per draw (`Board.page`); a test makes its own. Equal
    only to itself (an evaluation's frames are not compared): see `shows_the_same`."""

    evaluation: Evaluation
    region: str | None = None
    district: str | None = None
    director_id: str | None = None
    picker: bool = False
    years: YearsEvaluation | None = None

    def shows_the_same(self, other: PageScope) -> bool:
        """The same evaluations (the same objects) and the same choices."""
        return (
            self.evaluation is other.evaluation
            and self.years is other.years
            and (self.region, self.district, self.director_id, self.picker)
            == (other.region, other.district, other.director_id, other.picker)
        )

    def every_year(self) -> YearsEvaluation:
        """`years`; a page without them (no records from the first requirement year) says so."""
        if self.years is None:
            raise UserError("no fiscal year to evaluate: the data has no records from FY25 on")
        return self.years

    def rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The rows of `frame` (a director's rows: district_code, region) in the district or
        region chosen; with a picker, every region's (the page's region box shows them)."""
        check_choice(self.evaluation.summary, self.region, self.district)
        if self.district is not None:
            return frame.filter(pl.col("district_code") == self.district)
        if self.region not in (None, ALL_REGIONS) and not self.picker:
            return frame.filter(pl.col("region") == self.region)
        return frame

    def region_follow(self) -> Follow | None:
        """HTML rows following the exported page's region box (a picker, no district)."""
        if self.picker and self.district is None:
            return Follow(f"{PICKER_PREFIX}region", self.region or ALL_REGIONS, also=ALL_REGIONS)
        return None

    def tables(
        self, name: str, build: Callable[[Scoped], T], include_all: bool = True
    ) -> tuple[Scoped, T]:
        """The chosen scope of the evaluation's summary and `build(chosen)`, built once per
        evaluation for every region (`scope_tables`); `name` tells the figures apart."""
        return scope_tables(
            self.evaluation,
            name,
            self.evaluation.summary,
            build,
            region=self.region,
            district=self.district,
            picker=self.picker,
            include_all=include_all,
        )

    def figure(
        self,
        chart: str,
        build: Callable[[Scoped], tuple[pl.DataFrame, dict[str, str]]],
        subtitle: str,
        extra: dict[str, Any] | None = None,
        name: str | None = None,
        include_all: bool = True,
    ) -> Figure:
        """The `Figure` drawn by `chart` from `build(chosen)`'s frame and {scope: title}
        dict (see `tables`; `name`, default `chart`, keys the tables built)."""
        chosen, (frame, titles) = self.tables(name or chart, build, include_all)
        return Figure(chart, frame, chosen.title(titles), subtitle, extra or {})
