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

import dataclasses
import datetime as dt
import inspect
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
    evaluate_years,
    years_with_records,
)
from tdceu_analysis.figures.html import Html, esc, page_header
from tdceu_analysis.figures.scope import ALL_REGIONS
from tdceu_analysis.fiscal import (
    current_fiscal_year,
    fiscal_year,
    fy_label,
    parse_fiscal_year,
    resolve_as_of,
)
from tdceu_analysis.io.load import InputData, load_folder
from tdceu_analysis.policy import policy_origin

Figure = Callable[..., Any]
CHOICES = ("evaluation", "years", "region", "district", "director_id", "picker")


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UserError(f"'{value}' is not a date (write YYYY-MM-DD)") from None


def _count(number: int, noun: str) -> str:
    """ "1 director", "13 directors"."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def describe_folder(data_dir: str | Path | None) -> str:
    """The data folder as the page shows it: "the shipped sample", or the folder's own name
    (a page may be shared: a full path tells where it was built, even whose home it was)."""
    if data_dir is None:
        return "the shipped sample"
    return Path(data_dir).resolve().name or str(data_dir)


def redact_data(data: InputData) -> InputData:
    """`data` with every director's name replaced by the director's id, before anything is
    evaluated: no page, chart, tooltip or table built from it can show a name."""
    directors = data.directors.with_columns(pl.col("director_id").alias("name"))
    return dataclasses.replace(data, directors=directors)


class Board:
    """Choices and figures of one dashboard page (see the module docstring)."""

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
        self.data = data if data is not None else load_folder(data_dir or sample_folder())
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
        self.live = live
        self.built_at = built_at or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        self._evaluations: dict[int, Evaluation] = {}
        self._years: dict[int, YearsEvaluation] = {}
        self._shown: list[tuple[Figure, dict[str, Any], Any]] = []
        self.pickers: dict[str, Any] = {}
        self._quiet = False
        if not live:
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
        years = self._evaluated_years()
        if years is None:
            raise UserError("no fiscal year to evaluate: the data has no records from FY25 on")
        return years

    def _evaluated_years(self) -> YearsEvaluation | None:
        """`years`, or None when the data has no record from the first requirement year."""
        if self.fy not in self._years:
            policy = self.data.policy.for_year(self.fy)  # the folder's policy.toml included
            # R11: the chosen year's as-of date; an as-of date before the year fails here
            as_of = resolve_as_of(fiscal_year(self.fy, policy), self.as_of)
            picked = years_with_records(self.data, as_of, policy)
            self._years[self.fy] = (
                evaluate_years(self.data, picked, as_of=as_of) if picked else None
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

    def arguments(self, figure: Figure, fixed: dict[str, Any]) -> dict[str, Any]:
        """The page's choices that `figure` takes, by parameter name."""
        accepted = inspect.signature(figure).parameters
        values = {
            "evaluation": lambda: self.evaluation,
            "years": lambda: self.years,
            "region": lambda: self.region,
            "district": lambda: self.district,
            "director_id": lambda: self.director_id,
            "picker": lambda: not self.live,
        }
        chosen = {name: get() for name, get in values.items() if name in accepted}
        return chosen | fixed

    def render(self, figure: Figure, **fixed: Any) -> Any:
        """`figure` called with the current choices (a chart, an Html piece, ...); a
        `Figure` comes back drawn as its chart."""
        try:
            return charts.shown(figure(**self.arguments(figure, fixed)))
        except UserError as problem:
            if not self.live:
                raise
            return Html(
                f'<p class="tdceu"><b>Cannot show this:</b> {esc(problem)}</p>', str(problem)
            )

    def show(self, figure: Figure, **fixed: Any) -> None:
        """Display `figure`; in a live notebook, redraw it whenever a choice changes."""
        from IPython.display import display

        shown = self.render(figure, **fixed)
        if not self.live:
            display(shown)
            return
        handle = display(shown, display_id=True)
        self._shown.append((figure, fixed, handle))

    def redraw(self, figure: Figure, **fixed: Any) -> Any:
        """What a pick displays in place of `figure` (its chart, checked when first shown)."""
        return charts.redrawn(self.render(figure, **fixed))

    def refresh(self) -> None:
        """Redraw every figure shown so far with the current choices."""
        for figure, fixed, handle in self._shown:
            handle.update(self.redraw(figure, **fixed))

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
            f", {rejected} input rows rejected (see tdceu evaluate)" if rejected else ""
        )
        if evaluation.policy.folder_values():
            data += f". {policy_origin(evaluation.policy)}"  # the folder's policy.toml values
        return [
            ("Fiscal year", f"{fiscal.label}: {fiscal.start} to {fiscal.end} ({state})"),
            ("As of", f"{evaluation.as_of} (records dated on or before this day)"),
            ("Data folder", describe_folder(self.data_dir)),
            ("Data", data),
            *([("Names", "replaced by director ids (redacted)")] if self.redact else []),
            ("Built", self.built_at),
            ("Package", f"tdceu-analysis {__version__}"),
        ]

    def scope_facts(self, evaluation: Evaluation) -> str:
        """Directors and records of the scope picked (region or district), with the
        statewide counts beside them; statewide alone when nothing is picked."""
        summary, ledger = evaluation.summary, evaluation.ledger
        statewide = (
            f"{_count(summary.height, 'director')} in scope, "
            f"{_count(ledger.height, 'record')} this year"
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
            f"{_count(picked.height, 'director')} in scope in {name}, "
            f"{_count(records, 'record')} this year (statewide: {statewide})"
        )

    def header_html(self, lead: str = "") -> Html:
        return page_header(self.title, lead, self.facts())

    def header(self, lead: str | Callable[[Evaluation], str] = "") -> None:
        """Title and the facts every page states: year, as-of date, data folder, build, version.

        `lead` is the page's one-line summary, or a function of the evaluation that
        writes it (e.g. from the policy in force), so it follows a change of year."""
        if callable(lead):
            write = lead
            # redrawn with every figure; like the year fact, it reads the board's evaluation
            self.show(lambda: self.header_html(write(self.evaluation)))
        else:
            self.show(lambda: self.header_html(lead))

    # -- widgets -----------------------------------------------------------------

    def _region_options(self) -> list[tuple[str, str]]:
        regions = sorted(self.data.districts.get_column("region").drop_nulls().unique().to_list())
        return [(ALL_REGIONS, ""), *[(r, r) for r in regions]]

    def _district_options(self) -> list[tuple[str, str]]:
        summary = self.evaluation.summary
        if self.region is not None:
            summary = summary.filter(pl.col("region") == self.region)
        districts = summary.select("district_name", "district_code").unique().sort("district_name")
        return [("All districts", ""), *districts.iter_rows()]

    def _director_options(self) -> list[tuple[str, str]]:
        from tdceu_analysis.figures.ledger import director_labels

        summary = self.evaluation.summary
        if self.district is not None:
            summary = summary.filter(pl.col("district_code") == self.district)
        elif self.region is not None:
            summary = summary.filter(pl.col("region") == self.region)
        labels = director_labels(summary)
        return list(labels.select("label", "director_id").iter_rows())

    def controls(
        self, fy: bool = True, region: bool = True, district: bool = True, director: bool = False
    ) -> Any:
        """The dropdowns of a live notebook (nothing in the export). Returns the widget box."""
        if not self.live:
            return None
        import ipywidgets as w
        from IPython.display import display

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
            self.pickers["district"] = w.Dropdown(
                description="District",
                options=self._district_options(),
                value=self.district or "",
                layout=layout,
                style=style,
            )
        if director:
            options = self._director_options()
            if self.director_id is None:
                from tdceu_analysis.figures.ledger import default_director

                self.director_id = default_director(self.evaluation)
            self.pickers["director"] = w.Dropdown(
                description="Director",
                options=options,
                value=self.director_id if self.director_id in {v for _, v in options} else None,
                layout=w.Layout(width="460px"),
                style=style,
            )
        for name, picker in self.pickers.items():
            picker.observe(lambda change, name=name: self._changed(name, change["new"]), "value")
        box = w.HBox(list(self.pickers.values()), layout=w.Layout(flex_flow="row wrap"))
        display(box)
        return box

    def _changed(self, name: str, value: Any) -> None:
        if self._quiet:
            return
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
                self.director_id = value or None
            self._reset_options(changed=name)
        finally:
            self._quiet = False
        self.refresh()

    def _reset_options(self, changed: str) -> None:
        """Narrow the district and director lists to the new choice."""
        district = self.pickers.get("district")
        if district is not None and changed in ("fy", "region"):
            options = self._district_options()
            district.options = options
            if self.district not in {code for _, code in options}:
                self.district = None
            district.value = self.district or ""
        director = self.pickers.get("director")
        if director is not None and changed != "director":
            options = self._director_options()
            director.options = options
            ids = [director_id for _, director_id in options]
            if self.director_id not in ids:
                self.director_id = ids[0] if ids else None
            director.value = self.director_id
