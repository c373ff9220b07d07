# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
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
# also: region = "..." or district = "D012" (where the pickers start), redact = True (a
# public page). `tdceu build` adds its own values (live = False) in a cell after this
# one; every parameter: tdceu_analysis/widgets/parameters.py

# %%
board = Board.from_parameters("Strand coverage", globals())

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
