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
# # 03 At risk
#
# Who to call first: directors who have not met the year, most urgent first, with the
# hours and the kind of hours they still need, and the CTO Academy clocks of new
# directors. The pickers below choose the year, region and district; the list shows who is
# behind (at risk, critical) unless the switch asks for everyone not yet met. Sort by any
# column, search, and download what is shown as CSV or XLSX.

# %%
from tdceu_analysis import tables
from tdceu_analysis.figures import at_risk, statement
from tdceu_analysis.widgets import Board

# %% tags=["parameters", "lists-directors"]
data_dir = None  # data folder; None = the shipped sample
fy = None  # fiscal year, e.g. 2027 or "FY27"; None = the current one
as_of = None  # "YYYY-MM-DD"; None = today, or the year's last day once it is over
# also: region = "..." or district = "D012" (where the pickers start), redact = True (a
# public page). `tdceu build` adds its own values (live = False) in a cell after this
# one; every parameter: tdceu_analysis/widgets/parameters.py

# %%
board = Board.from_parameters("At risk", globals())

# %% tags=["widgets", "nbval-ignore-output"]
board.controls(everyone=True)

# %%
board.header(at_risk.page_lead, title=at_risk.page_title)

# %% [markdown]
# ## Where they are

# %%
board.show(at_risk.behind_figure)

# %% [markdown]
# ## The list, with why

# %%
board.show(tables.at_risk if board.live else tables.at_risk_page)

# %% [markdown]
# ## Plans that would close each gap

# %%
board.show(statement.at_risk_plans, data=board.data)

# %% [markdown]
# ## CTO Academy clocks

# %%
board.show(at_risk.cto_clock_figure)
