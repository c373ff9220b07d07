"""The cells of a test-only notebook using the live pieces (tdceu_analysis.widgets.live, .tables):
offline charts redrawn in place, one guarded set of pickers, a searchable director
picker and a downloadable table. test_jupyterlab.py writes it as an .ipynb and runs it
in JupyterLab; phase 2 wires the same pieces into Board and the real notebooks."""

from __future__ import annotations

import nbformat

CELLS = [
    """\
import altair as alt
import ipywidgets as w
import polars as pl
from IPython.display import display

from tdceu_analysis.widgets import live
from tdceu_analysis._paths import sample_folder
from tdceu_analysis.evaluate import evaluate
from tdceu_analysis.figures.director import director_labels
from tdceu_analysis.io.load import load_folder
from tdceu_analysis.tables import Table

live.enable()
data = load_folder(sample_folder())
years = {fy: evaluate(data, fy) for fy in (2026, 2027)}
state = {"fy": 2026, "region": ""}
""",
    """\
def scoped():
    summary = years[state["fy"]].summary
    return summary.filter(pl.col("region") == state["region"]) if state["region"] else summary

def status_chart():
    counts = scoped().group_by("status").len()
    return alt.Chart(alt.Data(values=counts.to_dicts())).mark_bar().encode(
        x=alt.X("len:Q", title="Directors"), y=alt.Y("status:N", title=None))

def hours_chart():
    hours = scoped().select("total_hours")
    return alt.Chart(alt.Data(values=hours.to_dicts())).mark_bar().encode(
        x=alt.X("total_hours:Q", bin=True, title="Hours"), y=alt.Y("count():Q", title="Directors"))

regions = sorted(years[2026].summary.get_column("region").drop_nulls().unique().to_list())
fy_pick = w.Dropdown(description="Fiscal year", options=[("FY26", 2026), ("FY27", 2027)])
region_options = [("All regions", ""), *[(r, r) for r in regions]]
region_pick = w.Dropdown(description="Region", options=region_options)
director_pick = live.DirectorPicker(
    director_labels(scoped()).select("label", "director_id").iter_rows())
display(live.guarded(fy_pick, region_pick, director_pick))
""",
    """\
status = live.LiveChart(status_chart())
display(status)
""",
    """\
hours = live.LiveChart(hours_chart())
display(hours)
""",
    """\
display(alt.Chart(alt.Data(values=[{"a": 1}, {"a": 3}])).mark_point().encode(x="a:Q"))
""",
    """\
table = Table(
    scoped().select("director_id", "name", "district_name", "region", "total_hours", "status")
    .with_columns(pl.when(pl.col("director_id") == scoped().get_column("director_id").first())
                  .then(pl.lit("=HYPERLINK(1)")).otherwise(pl.col("name")).alias("name")),
    name="directors")
display(table)
""",
    """\
def picked(name, value):
    state[name] = value
    status.show(status_chart())
    hours.show(hours_chart())
    director_pick.set_labels(director_labels(scoped()).select("label", "director_id").iter_rows())

fy_pick.observe(lambda change: picked("fy", change["new"]), "value")
region_pick.observe(lambda change: picked("region", change["new"]), "value")
""",
]


def write(path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(notebook, path)
