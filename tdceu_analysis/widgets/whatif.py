"""Page 05's board: the what-if pickers (year, region, scenario), every shipped scenario
compared, and the words for what a scenario changes (`WhatIfBoard`, `comparison_table`)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import (
    Evaluation,
)
from tdceu_analysis.figures.html import esc
from tdceu_analysis.fiscal import (
    fy_label,
)
from tdceu_analysis.whatif.compare import WhatIf
from tdceu_analysis.widgets.board import Board

Figure = Callable[..., Any]


def regional(result: WhatIf, region: str | None) -> WhatIf:
    """`result` for one region's directors (the whole result for none): every frame
    recomputed from the two evaluations narrowed to the region."""
    from tdceu_analysis.whatif.compare import compare

    if region is None:
        return result
    ids = result.directors.filter(pl.col("region") == region).select("director_id")

    def narrowed(evaluation: Evaluation) -> Evaluation:
        return replace(
            evaluation,
            ledger=evaluation.ledger.join(ids, on="director_id", how="semi"),
            summary=evaluation.summary.join(ids, on="director_id", how="semi"),
        )

    region_result = compare(narrowed(result.baseline), narrowed(result.result), result.scenario)
    return replace(region_result, catalog_changes=result.catalog_changes)


def in_words(result: WhatIf) -> WhatIf:
    """`result` with the ledger reasons in plain words (the codes stay in the CSV outputs)."""
    from tdceu_analysis.vocabulary import reason_label

    policy = result.baseline.policy
    return replace(
        result,
        ledger_changes=result.ledger_changes.with_columns(
            reason_label(policy, "reason_baseline"), reason_label(policy, "reason_scenario")
        ),
    )


EFFECTS = ("newly_met", "no_longer_met", "other_changes", "ledger_rows", "hours_moved")


def scenario_effects(result: WhatIf) -> pl.DataFrame:
    """How much a scenario changes, for the state (region null) and each region: directors
    newly met and no longer met, other status changes, ledger rows changed and counted
    hours moved (either way). One pass over the result (a region pick only filters it)."""
    direction = pl.col("direction")
    per_director = result.directors.group_by("region").agg(
        (direction == "newly_met").sum().cast(pl.Int64).alias("newly_met"),
        (direction == "no_longer_met").sum().cast(pl.Int64).alias("no_longer_met"),
        direction.is_in(["improved", "worsened"]).sum().cast(pl.Int64).alias("other_changes"),
    )
    moved = (
        pl.col("hours_counted_scenario").fill_null(0)
        - pl.col("hours_counted_baseline").fill_null(0)
    ).abs()
    per_row = result.ledger_changes.group_by("region").agg(
        pl.len().cast(pl.Int64).alias("ledger_rows"), moved.sum().alias("hours_moved")
    )
    regions = per_director.join(per_row, on="region", how="full", coalesce=True)
    state = regions.select(
        pl.lit(None, dtype=pl.String).alias("region"), pl.exclude("region").sum()
    )
    return (
        pl.concat([state, regions.filter(pl.col("region").is_not_null())], how="diagonal")
        .with_columns(pl.exclude("region").fill_null(0))
        .with_columns(pl.col("hours_moved").cast(pl.Float64).round(2))
        .select("region", *EFFECTS)
    )


class WhatIfBoard(Board):
    """05's board: the fiscal year, region and scenario pickers, every shipped scenario
    compared, and the one picked in detail (see `Board` for the rest).

    A figure taking `result` gets the picked scenario's `WhatIf` (for the chosen region);
    one taking `comparison` gets the table of every shipped scenario. Each scenario is run
    once per fiscal year (cached), so a scenario or region pick only reads the cache."""

    def __init__(
        self,
        title: str,
        scenario: Any = None,
        base: Any = None,
        **kwargs: Any,
    ) -> None:
        from tdceu_analysis.whatif.scenario import shipped_scenarios

        super().__init__(title, **kwargs)
        self.base = base
        self.shipped = list(shipped_scenarios())
        self._runs: dict[tuple[str, int], WhatIf] = {}
        self._effects: dict[tuple[str, int], pl.DataFrame] = {}
        self._regional: dict[tuple[str, int, str | None], WhatIf] = {}
        self._comparisons: dict[tuple[int, str | None], pl.DataFrame] = {}
        self._custom: dict[str, Any] = {}
        self._select_shown = False  # the export's scenario select, before its first figure
        self.scenario = self.most_changing() if scenario is None else self._named(scenario)

    def _named(self, scenario: Any) -> str:
        """A name for `scenario` (a shipped name stays; a path or dict is kept aside)."""
        if isinstance(scenario, str) and scenario in self.shipped:
            return scenario
        from tdceu_analysis.whatif import as_scenario

        loaded = as_scenario(scenario)  # a bad name or file fails here, in one line
        name = str(scenario) if isinstance(scenario, str | Path) else loaded.name
        self._custom[name] = loaded
        return name

    def run(self, name: str) -> WhatIf:
        """Scenario `name` against the published policy (or `base`), this fiscal year."""
        from tdceu_analysis.whatif import run_what_if

        key = (name, self.fy)
        if key not in self._runs:
            scenario = self._custom.get(name, name)
            self._runs[key] = in_words(
                run_what_if(self.data, scenario, self.fy, self.as_of, base=self.base)
            )
        return self._runs[key]

    @property
    def result(self) -> WhatIf:
        """The picked scenario's what-if for the chosen region (cached)."""
        key = (self.scenario, self.fy, self.region)
        if key not in self._regional:
            self._regional[key] = regional(self.run(self.scenario), self.region)
        return self._regional[key]

    def comparison(self) -> pl.DataFrame:
        """One row per shipped scenario: what it changes in the chosen year and region
        (cached per year and region: a scenario pick does not change it, and the years are
        prefetched)."""
        key = (self.fy, self.region)
        if key not in self._comparisons:
            self._comparisons[key] = self._compared()
        return self._comparisons[key]

    def _compared(self) -> pl.DataFrame:
        rows = []
        for name in self.shipped:
            try:
                result = self.run(name)
            except UserError as problem:  # e.g. a region this data folder does not have
                rows.append(
                    pl.DataFrame(
                        {"scenario": [name], "description": [f"Cannot run here: {problem}"]}
                    )
                )
                continue
            key = (name, self.fy)
            if key not in self._effects:
                self._effects[key] = scenario_effects(result)
            effects = self._effects[key].filter(pl.col("region").eq_missing(self.region))
            rows.append(
                effects.select(
                    pl.lit(name).alias("scenario"),
                    pl.lit(result.scenario.description, dtype=pl.String).alias("description"),
                    *EFFECTS,
                ).with_columns(pl.col(EFFECTS).fill_null(0))
                if effects.height
                else pl.DataFrame({"scenario": [name], "description": [""]}).with_columns(
                    *[pl.lit(0.0 if e == "hours_moved" else 0).alias(e) for e in EFFECTS]
                )
            )
        schema = {"scenario": pl.String, "description": pl.String} | {
            name: pl.Float64 if name == "hours_moved" else pl.Int64 for name in EFFECTS
        }
        return pl.concat(
            [frame.cast({k: v for k, v in schema.items() if k in frame.columns}) for frame in rows],
            how="diagonal",
        ).select(list(schema))

    def most_changing(self) -> str:
        """The shipped scenario that changes most: status changes first, then ledger rows,
        then hours moved (ties: the first by name)."""
        ranked = self.comparison().with_columns(
            (pl.col("newly_met") + pl.col("no_longer_met") + pl.col("other_changes")).alias(
                "statuses"
            )
        )
        best = ranked.drop_nulls("statuses").sort(
            "statuses", "ledger_rows", "hours_moved", "scenario",
            descending=[True, True, True, False],
        )  # fmt: skip
        if best.height == 0:
            raise UserError("no shipped scenario runs on this data folder: set `scenario`")
        return str(best.get_column("scenario").first())

    def arguments(self, figure: Figure, fixed: dict[str, Any]) -> dict[str, Any]:
        accepted = inspect.signature(figure).parameters
        chosen = super().arguments(figure, fixed)
        if "result" in accepted and "result" not in fixed:
            chosen["result"] = self.result
        if "comparison" in accepted and "comparison" not in fixed:
            chosen["comparison"] = self.comparison()
        if "scenario" in accepted and "scenario" not in fixed:
            chosen["scenario"] = self.scenario
        return chosen

    def scenario_choices(self) -> list[tuple[str, str]]:
        """(name, title) of every scenario the export offers: each shipped one that runs on
        this data (its file's description as the title), and the one picked if it is not
        shipped (a .toml of the reader's own)."""
        from tdceu_analysis.figures.whatif import scenario_title

        runs = self.comparison().filter(pl.col("ledger_rows").is_not_null())
        choices = [
            (name, scenario_title(description or "", name))
            for name, description in runs.select("scenario", "description").iter_rows()
        ]
        if self.scenario not in {name for name, _ in choices}:
            result = self.run(self.scenario)
            choices.append(
                (self.scenario, scenario_title(result.scenario.description or "", self.scenario))
            )
        return choices

    def show(self, figure: Figure, **fixed: Any) -> None:
        """As `Board.show`; in the export, a figure of the picked scenario is drawn for every
        scenario offered (`scenario_choices`), each in a block the page's scenario select
        shows or hides (page.js, offline: the blocks are all in the page), the picked one
        shown first. The select comes before the first such figure."""
        if self.live or "result" in fixed or "result" not in inspect.signature(figure).parameters:
            super().show(figure, **fixed)
            return
        from IPython.display import HTML, display

        picked = self.scenario
        choices = self.scenario_choices()
        blocks = []
        if not self._select_shown:
            blocks.append(scenario_select(choices, picked))
            self._select_shown = True
        try:
            for name, _ in choices:
                self.scenario = name
                # the picked scenario's chart is checked against the vega-lite schema in
                # full; the others come from the same builder (see `charts.Redrawn`)
                markup = exported_markup(self.render(figure, **fixed), validate=name == picked)
                hidden = "" if name == picked else " hidden"
                blocks.append(
                    f'<div class="tdceu-scenario" data-tdceu-picker="{SCENARIO_PICKER}" '
                    f'data-tdceu-scope="{esc(name)}"{hidden}>{markup}</div>'
                )
        finally:
            self.scenario = picked
        display(HTML("".join(blocks)))

    def controls(self, **_: Any) -> None:  # type: ignore[override]
        """The fiscal year, region and scenario pickers (a shipped name, or type a .toml
        file's path and press Enter), shown once in a guarded box."""
        if not self.live:
            return
        import ipywidgets as w
        from IPython.display import display

        from tdceu_analysis.widgets import live

        style = {"description_width": "90px"}
        self.pickers["fy"] = w.Dropdown(
            description="Fiscal year",
            options=[(fy_label(y), y) for y in self.fiscal_years()],
            value=self.fy,
            layout=w.Layout(width="340px"),
            style=style,
        )
        self.pickers["region"] = w.Dropdown(
            description="Region",
            options=self._region_options(),
            value=self.region or "",
            layout=w.Layout(width="340px"),
            style=style,
        )
        self.pickers["scenario"] = w.Combobox(
            description="Scenario",
            options=tuple(self.shipped),
            value=self.scenario,
            placeholder="a shipped scenario, or a .toml file's path + Enter",
            ensure_option=False,
            continuous_update=False,
            layout=w.Layout(width="520px"),
            style=style,
        )
        self._problem = w.HTML("")
        for name, widget in self.pickers.items():
            widget.observe(lambda change, name=name: self._changed(name, change["new"]), "value")
        display(live.guarded(*self.pickers.values(), self._problem))
        self.prefetch()

    def _warm(self, shadow: Board) -> None:
        assert isinstance(shadow, WhatIfBoard)
        shadow.comparison()  # every shipped scenario of that year, into the shared cache

    def _changed(self, name: str, value: Any) -> None:
        if name != "scenario":
            super()._changed(name, value)
            return
        if self._quiet or not value:
            return
        try:
            self.scenario = self._named(value)
        except UserError as problem:
            self._problem.value = (
                f'<span class="tdceu"><b>Cannot use this:</b> {esc(problem)}</span>'
            )
            return
        self._problem.value = ""
        self.refresh()


SCENARIO_PICKER = "pick_scenario"  # the export's scenario select (page.js follows it)


def scenario_select(choices: list[tuple[str, str]], picked: str) -> str:
    """The export's scenario select: one option per scenario (name, title), `picked` chosen.
    page.js shows the blocks of the scenario chosen (no kernel, no network)."""
    options = "".join(
        f'<option value="{esc(name)}"{" selected" if name == picked else ""}>{esc(title)}</option>'
        for name, title in choices
    )
    return (
        '<p class="tdceu tdceu-scenario-pick tdceu-no-print"><label>Scenario shown below '
        f'<select data-tdceu-select="{SCENARIO_PICKER}">{options}</select></label></p>'
    )


def exported_markup(shown: Any, validate: bool = True) -> str:
    """What a figure displays, as the export's HTML: a chart as its offline block (checked
    against the vega-lite schema unless `validate` is False), an HTML piece as its markup."""
    from tdceu_analysis.charts import offline_renderer

    if hasattr(shown, "to_dict"):  # an altair chart, numbered as the page's others
        return offline_renderer(shown.to_dict(validate=validate))["text/html"]
    return str(shown._repr_html_() if hasattr(shown, "_repr_html_") else esc(shown))


COMPARISON_HEADINGS = {  # (a scenario is said by its file's description, not its file name)
    "description": "Scenario",
    "newly_met": "Newly met",
    "no_longer_met": "No longer met",
    "other_changes": "Other status changes",
    "ledger_rows": "Ledger rows changed",
    "hours_moved": "Hours moved",
}


def comparison_table(comparison: pl.DataFrame, scenario: str, picker: bool = False) -> Any:
    """Every shipped scenario in one row each (what `WhatIfBoard.comparison` gives): a
    sortable, downloadable table in a live notebook, an HTML table in the export."""
    from tdceu_analysis.figures.html import html_table
    from tdceu_analysis.figures.whatif import scenario_title
    from tdceu_analysis.tables import Table

    picked = comparison.filter(pl.col("scenario") == scenario).get_column("description")
    title = scenario_title(str(picked.first()) if picked.len() else "", scenario)
    caption = (
        "Every shipped scenario against the published policy on the same records; "
        f"the detail below is for “{title}”"
    )
    if picker:  # the export: the select below picks the detail, the caption names none
        caption = (
            "Every shipped scenario against the published policy on the same records; "
            "pick one below to see its detail"
        )
        return html_table(
            comparison,
            COMPARISON_HEADINGS,
            numeric=tuple(list(COMPARISON_HEADINGS)[1:]),
            caption=caption,
        )
    frame = comparison.select(
        [pl.col(column).alias(words) for column, words in COMPARISON_HEADINGS.items()]
    )
    return Table(frame, name="scenarios", caption=caption)
