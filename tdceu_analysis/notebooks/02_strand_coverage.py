# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["notebook-only"]
# # 02 Strand coverage
#
# Counted hours per director in each of the CTO Academy strands, by
# region and by district, the least-served strands, and the two ways of counting an hour
# that names several strands. The dropdowns below pick the year, region and district.

# %%
from tdceu_analysis.figures import strands
from tdceu_analysis.widgets import Board

# %% tags=["parameters"]
data_dir = None  # data folder; None = the shipped sample
fy = None  # fiscal year, e.g. 2027 or "FY27"; None = the current one
as_of = None  # "YYYY-MM-DD"; None = today, or the year's last day once it is over
region = None  # a region to start with; None = statewide
district = None  # a district code to start with; None = all
live = True  # True: ipywidgets in JupyterLab; `tdceu build` sets False for the HTML export
built_at = None  # set by `tdceu build`
redact = False  # True: a public build, state and region figures only (tdceu build --redact)

# %%
board = Board(
    "Strand coverage",
    data_dir=data_dir,
    fy=fy,
    as_of=as_of,
    region=region,
    district=district,
    live=live,
    built_at=built_at,
    redact=redact,
)

# %% tags=["widgets", "nbval-ignore-output"]
board.controls()

# %%
board.header(strands.page_lead)

# %% [markdown]
# ## Regions and districts by strand

# %%
board.show(strands.region_heatmap_figure)

# %%
board.show(strands.district_heatmap_figure)

# %% [markdown]
# ## Least-served strands

# %%
board.show(strands.least_served_table)

# %%
board.show(strands.least_served_figure)

# %% [markdown]
# ## Equal split or full count

# %%
board.show(strands.strand_views_figure)
