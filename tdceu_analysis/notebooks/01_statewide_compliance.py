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
# # 01 Statewide compliance
#
# Who met the TD-CEU requirement (or, in an open year, who is on pace), where, and with
# which hours. Pick the fiscal year, a region or a district with the dropdowns below:
# every figure follows. `tdceu build` runs this notebook with `live = False` and exports
# it as an offline HTML page, where a select box under each chart picks the region.

# %%
from tdceu_analysis.figures import projection, statewide
from tdceu_analysis.widgets import Board

# %% tags=["parameters"]
data_dir = None  # data folder; None = the shipped sample
fy = None  # fiscal year, e.g. 2027 or "FY27"; None = the current one
as_of = None  # "YYYY-MM-DD"; None = today, or the year's last day once it is over
# also: region = "..." or district = "D012" (where the pickers start), redact = True (a
# public page). `tdceu build` adds its own values (live = False) in a cell after this
# one; every parameter: tdceu_analysis/widgets/parameters.py

# %%
board = Board.from_parameters("Statewide compliance", globals())

# %% tags=["widgets", "nbval-ignore-output"]
board.controls()

# %%
board.header(statewide.page_lead)

# %%
board.show(statewide.headline)

# %%
board.show(projection.projection_card, data=board.data)

# %% [markdown]
# ## Where directors stand

# %%
board.show(statewide.status_figure)

# %%
board.show(statewide.region_status_figure)

# %% [markdown]
# ## Counted hours against the yearly minimum

# %%
board.show(statewide.hours_figure)

# %% [markdown]
# ## ALET and external hours, and credits still pending

# %%
board.show(statewide.mix_figure)

# %%
board.show(statewide.pending_figure)

# %% [markdown]
# ## Year over year

# %%
board.show(statewide.year_over_year_figure)

# %%
board.show(statewide.monthly_figure)
