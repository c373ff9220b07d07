"""The notebooks' board: the page's choices (fiscal year, region, district, director)
and every figure shown from them.

In JupyterLab (`live=True`) the choices are ipywidgets dropdowns; each figure is
displayed with a display id and redrawn in place when a choice changes, so every
figure of the notebook follows the widgets. For the offline HTML (`live=False`,
set by `tdceu build`) nothing interactive comes from the kernel: figures get
vega-lite select boxes instead (`picker=True`) and charts are embedded without
any CDN (`charts.enable_offline_renderer`).

A notebook only does:

    board = Board("Statewide compliance", data_dir=data_dir, fy=fy, as_of=as_of, live=live)
    board.controls()                      # the widgets (hidden in the export)
    board.header("Who met the year ...")  # fiscal year, as-of date, data folder, build, version
    board.show(statewide.status_figure)   # any figure function of tdceu_analysis.figures

A figure function returns an HTML piece or a `Figure` (frames and words); the board
draws a `Figure` as its altair chart (`charts.draw`), so figures never import altair.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import inspect
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis import __version__, charts
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import (
    Evaluation,
    YearsEvaluation,
    evaluate,
    evaluate_years_shared,
    load_folder_shared,
    years_with_records,
)
from tdceu_analysis.figures.html import Html, esc, page_header
from tdceu_analysis.figures.scope import ALL_REGIONS, PageScope
from tdceu_analysis.fiscal import (
    current_fiscal_year,
    fiscal_year,
    fy_label,
    parse_fiscal_year,
    resolve_as_of,
)
from tdceu_analysis.io.load import InputData, records_files_note
from tdceu_analysis.policy import policy_origin
from tdceu_analysis.vocabulary import counted
from tdceu_analysis.widgets import parameters

Figure = Callable[..., Any]


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UserError(f"'{value}' is not a date (write YYYY-MM-DD)") from None


def describe_folder(data_dir: str | Path | None) -> str:
    """The data folder as the page shows it: "the shipped sample", or the folder's own name
    (a page may be shared: a full path tells where it was built, even whose home it was)."""
    if data_dir is None:
        return "the shipped sample"
    return Path(data_dir).resolve().name or str(data_dir)


# A public build's smallest group: a region with fewer directors joins "Other regions"
# (a count of one to four directors can name them to anyone who knows the region).
PUBLIC_MIN_GROUP = 5
OTHER_REGIONS = "Other regions"


def redact_data(data: InputData) -> InputData:
    """`data` as a public build shows it, before anything is evaluated: nothing in it
    names one person. Each director's id becomes a pseudonym (also the name), and each
    district its region, so a "district" row, label or tooltip is a region's (a district
    has one director); a region with fewer than PUBLIC_MIN_GROUP directors is merged
    into "Other regions". State and region figures come out as before."""
    region = data.directors.join(
        data.districts.select("district_code", "region"), "district_code", "left"
    ).select("director_id", pl.col("region").fill_null(OTHER_REGIONS))
    small = region.group_by("region").len().filter(pl.col("len") < PUBLIC_MIN_GROUP)
    group = (
        pl.when(pl.col("region").is_in(small.get_column("region").implode()))
        .then(pl.lit(OTHER_REGIONS))
        .otherwise(pl.col("region"))
    )
    # pseudonyms in an order the ids do not give away
    people = (
        region.with_columns(group.alias("group"))
        .sort(pl.col("director_id").hash(seed=20), "director_id")
        .with_columns(pl.format("Director {}", pl.int_range(1, pl.len() + 1)).alias("pseudonym"))
    )
    ids = dict(people.select("director_id", "pseudonym").iter_rows())
    directors = (
        data.directors.join(people.select("director_id", "group", "pseudonym"), "director_id")
        .with_columns(
            pl.col("pseudonym").alias("director_id"),
            pl.col("pseudonym").alias("name"),
            pl.col("group").alias("district_code"),
        )
        .select(data.directors.columns)
    )
    districts = (
        people.select(
            pl.col("group").alias("district_code"),
            pl.col("group").alias("district_name"),
            pl.lit("region").alias("district_type"),
            pl.col("group").alias("region"),
        )
        .unique(maintain_order=True)
        .sort("district_code")
        .select(data.districts.columns)
    )
    records = data.records.with_columns(  # (every accepted record's director is listed)
        pl.col("director_id").replace_strict(ids, default=pl.lit("Director ?"))
    )
    return dataclasses.replace(data, directors=directors, districts=districts, records=records)


def _same_arguments(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """Whether a figure called with `new` shows what it showed with `old`: the same page
    (`PageScope.shows_the_same`), the same objects (an evaluation) or equal plain values."""
    if new.keys() != old.keys():
        return False
    for name, value in new.items():
        before = old[name]
        if isinstance(value, PageScope) and isinstance(before, PageScope):
            if not value.shows_the_same(before):
                return False
        elif value is not before and not (
            isinstance(value, str | int | float | bool | tuple) and value == before
        ):
            return False
    return True


class Board:
    """Choices and figures of one dashboard page (see the module docstring)."""

    from_parameters = classmethod(parameters.from_parameters)  # a notebook's board

    def __init__(
        self,
        title: str,
        data_dir: str | Path | None = None,
        fy: int | str | None = None,
        as_of: str | dt.date | None = None,
        region: str | None = None,
        district: str | None = None,
        director_id: str | None = None,
        live: bool = True,
        built_at: str | None = None,
        data: InputData | None = None,
        redact: bool = False,
    ) -> None:
        self.title = title
        self.data_dir = data_dir
        self.data = data if data is not None else load_folder_shared(data_dir or sample_folder())
        self.redact = redact
        if redact:  # names become director ids before any evaluation (tdceu build --redact)
            self.data = redact_data(self.data)
        self.as_of = _as_date(as_of)
        self.fy = (
            parse_fiscal_year(fy)
            if fy is not None
            else current_fiscal_year(self.as_of, self.data.policy)
        )
        self.region = None if region in (None, "", ALL_REGIONS) else region
        self.district = district or None
        self.director_id = director_id or None
        self.everyone = False  # 03's switch: everyone not yet met, not only those behind
        self.live = live
        self.built_at = built_at or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        self._evaluations: dict[int, Evaluation] = {}
        self._years: dict[int, YearsEvaluation] = {}
        self._shown: list[tuple[Figure, dict[str, Any], Any]] = []
        self._drawn_with: list[dict[str, Any]] = []  # the arguments of each shown figure
        self.pickers: dict[str, Any] = {}
        self.switches: dict[str, Any] = {}
        self._quiet = False
        if live:
            from tdceu_analysis.widgets import live as live_charts

            live_charts.enable()  # charts drawn from the installed vega bundle, no CDN
        else:
            charts.enable_offline_renderer()
        self.evaluation  # noqa: B018 - evaluate now, so a bad fy/as-of fails in the first cell

    # -- data --------------------------------------------------------------

    @property
    def evaluation(self) -> Evaluation:
        """The chosen fiscal year at the as-of date (cached per year).

        It is taken from `years`, which the year-over-year figures need anyway, so a
        year pick evaluates once; a year with no records of its own is evaluated alone.
        """
        if self.fy not in self._evaluations:
            years = self._evaluated_years()
            self._evaluations[self.fy] = (
                years.year(self.fy)
                if years is not None and self.fy in years.fys
                else evaluate(self.data, self.fy, self.as_of)
            )
        return self._evaluations[self.fy]

    @property
    def years(self) -> YearsEvaluation:
        """Every fiscal year with records up to the chosen one, at its as-of date."""
        return self.page.every_year()

    def _evaluated_years(self) -> YearsEvaluation | None:
        """`years`, or None when the data has no record from the first requirement year."""
        if self.fy not in self._years:
            policy = self.data.policy.for_year(self.fy)  # the folder's policy.toml included
            # R11: the chosen year's as-of date; an as-of date before the year fails here
            as_of = resolve_as_of(fiscal_year(self.fy, policy), self.as_of)
            picked = years_with_records(self.data, as_of, policy)
            self._years[self.fy] = (
                evaluate_years_shared(self.data, picked, as_of) if picked else None
            )
        return self._years[self.fy]

    def fiscal_years(self) -> list[int]:
        """The years a reader can pick: every year with records up to the as-of date."""
        cutoff = self.as_of or dt.date.today()
        return sorted(
            set(years_with_records(self.data, cutoff, self.data.policy.for_year(self.fy)))
            | {self.fy}
        )

    # -- what a figure is given ----------------------------------------------

    @property
    def page(self) -> PageScope:
        """The evaluation and the choices every figure of the page is drawn from."""
        return PageScope(
            self.evaluation,
            self.region,
            self.district,
            self.director_id,
            picker=not self.live,
            years=self._evaluated_years(),
        )

    def arguments(self, figure: Figure, fixed: dict[str, Any]) -> dict[str, Any]:
        """What `figure` takes of the page, by parameter name: `page` (a `PageScope`: the
        evaluation and every choice; the figures of pages 01-04), or only the parts it
        needs (`evaluation`, `years`, `picker`: page 05's comparison table, ...)."""
        accepted = inspect.signature(figure).parameters
        values = {
            "page": lambda: self.page,
            "evaluation": lambda: self.evaluation,
            "years": lambda: self.years,
            "region": lambda: self.region,
            "district": lambda: self.district,
            "director_id": lambda: self.director_id,
            "everyone": lambda: self.everyone,
            "picker": lambda: not self.live,
            "redact": lambda: self.redact,
        }
        chosen = {name: get() for name, get in values.items() if name in accepted}
        return chosen | fixed

    def render(self, figure: Figure, **fixed: Any) -> Any:
        """`figure` called with the current choices (a chart, an Html piece, ...); a
        `Figure` comes back drawn as its chart."""
        return self._drawn(figure, self.arguments(figure, fixed))

    def _drawn(self, figure: Figure, arguments: dict[str, Any]) -> Any:
        try:
            return charts.shown(figure(**arguments))
        except UserError as problem:
            if not self.live:
                raise
            return Html(
                f'<p class="tdceu"><b>Cannot show this:</b> {esc(problem)}</p>', str(problem)
            )

    def show(self, figure: Figure, **fixed: Any) -> None:
        """Display `figure`; in a live notebook, redraw it in place whenever a choice changes
        (a chart as a `live.LiveChart`: a pick sends only its new spec)."""
        from IPython.display import display

        arguments = self.arguments(figure, fixed)
        shown = self._drawn(figure, arguments)
        if not self.live:
            display(shown)
            return
        from tdceu_analysis.widgets.live import Slot

        self._shown.append((figure, fixed, Slot(shown)))
        self._drawn_with.append(arguments)

    def redraw(self, figure: Figure, **fixed: Any) -> Any:
        """What a pick displays in place of `figure` (its chart, checked when first shown)."""
        return charts.redrawn(self.render(figure, **fixed))

    def refresh(self) -> None:
        """Redraw every figure shown so far whose part of the page changed (a region pick
        leaves a figure of the evaluation alone: the projection, the least-served table).

        altair's per-object schema checks are off while the figures are rebuilt (as in
        `charts.speed.validated_once`): the same builders drew these figures when the page
        was first shown, and that spec was checked in full (`live.Slot`)."""
        from altair.utils.schemapi import debug_mode

        # charts first: the browser starts drawing them while the rest is rebuilt
        order = sorted(range(len(self._shown)), key=lambda i: self._shown[i][2].chart is None)
        with debug_mode(False):
            for index in order:
                figure, fixed, slot = self._shown[index]
                arguments = self.arguments(figure, fixed)
                if arguments and _same_arguments(arguments, self._drawn_with[index]):
                    continue  # it takes nothing that changed (a figure taking nothing reads
                    # the board itself, as the header: always redrawn)
                slot.update(self._drawn(figure, arguments))
                self._drawn_with[index] = arguments

    # -- the page's face ---------------------------------------------------------

    def facts(self) -> list[tuple[str, str]]:
        evaluation = self.evaluation
        fiscal = evaluation.fiscal_year
        state = (
            "closed"
            if evaluation.closed
            else f"open, {(fiscal.end - evaluation.as_of).days} days left"
        )
        rejected = evaluation.rejects.height
        data = self.scope_facts(evaluation) + (
            f", {counted(rejected, 'input row')} left out as unreadable" if rejected else ""
        )
        if evaluation.policy.folder_values():
            data += f". {policy_origin(evaluation.policy)}"  # the folder's policy.toml values
        return [
            ("Fiscal year", f"{fiscal.label}: {fiscal.start} to {fiscal.end} ({state})"),
            ("As of", f"{evaluation.as_of} (records dated on or before this day)"),
            (
                "Data folder",
                describe_folder(self.data_dir)
                + records_files_note(self.data.files.get("records", ())),
            ),
            ("Data", data),
            *(
                [("Public build", "state and region figures only: no one director's row")]
                if self.redact
                else []
            ),
            ("Built", self.built_at),
            ("Package", f"tdceu-analysis {__version__}"),
        ]

    def scope_facts(self, evaluation: Evaluation) -> str:
        """Directors and records of the scope picked (region or district), with the
        statewide counts beside them; statewide alone when nothing is picked."""
        summary, ledger = evaluation.summary, evaluation.ledger
        statewide = (
            f"{counted(summary.height, 'director')} in scope, "
            f"{counted(ledger.height, 'record')} this year"
        )
        if self.district is not None:
            picked = summary.filter(pl.col("district_code") == self.district)
            name = picked.get_column("district_name").first() if picked.height else self.district
        elif self.region is not None:
            picked = summary.filter(pl.col("region") == self.region)
            name = self.region
        else:
            return statewide
        records = ledger.join(picked.select("director_id"), on="director_id", how="semi").height
        return (
            f"{counted(picked.height, 'director')} in scope in {name}, "
            f"{counted(records, 'record')} this year (statewide: {statewide})"
        )

    def header_html(self, lead: str = "", title: str | None = None) -> Html:
        return page_header(title or self.title, lead, self.facts())

    def header(
        self,
        lead: str | Callable[[Evaluation], str] = "",
        title: Callable[[Evaluation], str] | None = None,
    ) -> None:
        """Title and the facts every page states: year, as-of date, data folder, build, version.

        `lead` is the page's one-line summary, or a function of the evaluation that
        writes it (e.g. from the policy in force), so it follows a change of year;
        `title`, a function of the evaluation, names the page by its year (03: a closed
        year's page is the list of who did not meet)."""

        def words(value: str | Callable[[Evaluation], str] | None) -> str | None:
            return value(self.evaluation) if callable(value) else value

        # redrawn with every figure; like the year fact, it reads the board's evaluation
        self.show(lambda: self.header_html(words(lead) or "", words(title)))

    # -- widgets -----------------------------------------------------------------

    def _region_options(self) -> list[tuple[str, str]]:
        regions = sorted(self.data.districts.get_column("region").drop_nulls().unique().to_list())
        return [(ALL_REGIONS, ""), *[(r, r) for r in regions]]

    def _district_options(self) -> list[tuple[str, str]]:
        summary = self.evaluation.summary
        if self.region is not None:
            summary = summary.filter(pl.col("region") == self.region)
        # "Name (code)": typing part of either finds the district, and labels stay unique
        districts = (
            summary.select(pl.format("{} ({})", "district_name", "district_code"), "district_code")
            .unique()
            .sort(pl.first())
        )
        return [("All districts", ""), *districts.iter_rows()]

    def _director_options(self) -> list[tuple[str, str]]:
        """(label, director_id) of the directors in the chosen region or district; a label
        reads "Name (District)", so typing part of either finds the director."""
        summary = self.evaluation.summary
        if self.district is not None:
            summary = summary.filter(pl.col("district_code") == self.district)
        elif self.region is not None:
            summary = summary.filter(pl.col("region") == self.region)
        from tdceu_analysis.figures.director import told_apart

        label = pl.format("{} ({})", "name", "district_name")
        labels = (
            summary.select("director_id", label.alias("label"))
            .with_columns(told_apart("{} [{}]"))
            .sort("label")
        )
        return list(labels.select("label", "director_id").iter_rows())

    def controls(
        self,
        fy: bool = True,
        region: bool = True,
        district: bool = True,
        director: bool = False,
        everyone: bool = False,
    ) -> None:
        """The pickers of a live notebook, shown once (nothing in the export).

        They sit in one guarded box (`live.guarded`): typing in a picker never fires a
        notebook shortcut. The director picker is searchable (any part of a name or a
        district); `everyone` adds the switch of 03's list (everyone not yet met)."""
        if not self.live:
            return
        import ipywidgets as w
        from IPython.display import display

        from tdceu_analysis.widgets import live

        layout = w.Layout(width="340px")
        style = {"description_width": "90px"}
        if fy:
            self.pickers["fy"] = w.Dropdown(
                description="Fiscal year",
                options=[(fy_label(y), y) for y in self.fiscal_years()],
                value=self.fy,
                layout=layout,
                style=style,
            )
        if region:
            self.pickers["region"] = w.Dropdown(
                description="Region",
                options=self._region_options(),
                value=self.region or "",
                layout=layout,
                style=style,
            )
        if district:
            # searchable like the director box: ~140 districts are too many to scroll
            self.pickers["district"] = live.SearchPicker(
                self._district_options(),
                description="District",
                placeholder="type part of a district",
                layout=layout,
                style=style,
            )
            self.pickers["district"].pick(self.district or "")
        if director:
            if self.director_id is None:
                from tdceu_analysis.figures.director import default_director

                self.director_id = default_director(self.evaluation)
            picker = live.DirectorPicker(
                self._director_options(), layout=w.Layout(width="460px"), style=style
            )
            picker.pick(self.director_id)
            self.pickers["director"] = picker
        for name, widget in self.pickers.items():
            trait = {"director": "director_id", "district": "choice"}.get(name, "value")
            widget.observe(lambda change, name=name: self._changed(name, change["new"]), trait)
        if everyone:
            switch = w.Checkbox(
                value=self.everyone,
                description="Show everyone not yet met (not only those behind)",
                indent=False,
                layout=w.Layout(width="auto"),
            )
            switch.observe(lambda change: self._changed("everyone", change["new"]), "value")
            self.switches["everyone"] = switch
        display(live.guarded(*self.pickers.values(), *self.switches.values()))
        if fy:
            self.prefetch()

    def prefetch(self) -> threading.Thread:
        """Evaluate the other fiscal years in the background, so a year pick reads a cache.

        A shallow copy of the board with another year fills the same caches (the dicts are
        shared); nothing the page shows is touched."""

        def warm() -> None:
            for year in sorted(self.fiscal_years(), key=lambda y: abs(y - self.fy)):
                shadow = copy.copy(self)
                shadow.fy = year
                with contextlib.suppress(UserError):  # a year that cannot be shown says so
                    self._warm(shadow)  # when picked, not here

        thread = threading.Thread(target=warm, name="tdceu-prefetch", daemon=True)
        thread.start()
        self.prefetching = thread
        return thread

    def _warm(self, shadow: Board) -> None:
        shadow.evaluation  # noqa: B018 - fills the shared cache

    def _changed(self, name: str, value: Any) -> None:
        if self._quiet:
            return
        if name == "director" and not value:
            return  # still typing, or the box cleared: the director shown stays
        if name == "district" and value is None:
            return  # still typing: the district shown stays ("" is "All districts")
        self._quiet = True
        try:
            if name == "fy":
                self.fy = int(value)
            elif name == "region":
                self.region = value or None
                self.district = None
            elif name == "district":
                self.district = value or None
            elif name == "director":
                self.director_id = value
            elif name == "everyone":
                self.everyone = bool(value)
            self._reset_options(changed=name)
        finally:
            self._quiet = False
        self.refresh()

    def _reset_options(self, changed: str) -> None:
        """Narrow the district and director lists to the new choice."""
        district = self.pickers.get("district")
        if district is not None and changed in ("fy", "region"):
            options = self._district_options()
            district.set_labels(options)
            if self.district not in {code for _, code in options}:
                self.district = None
            district.pick(self.district or "")
        director = self.pickers.get("director")
        if director is not None and changed in ("fy", "region", "district"):
            options = self._director_options()
            director.set_labels(options)
            ids = [director_id for _, director_id in options]
            if self.director_id not in ids:
                self.director_id = ids[0] if ids else None
            director.pick(self.director_id)


# -- 05: the policy what-if ----------------------------------------------------------
