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
region = None  # a region to start with; None = statewide
district = None  # a district code to start with; None = all
live = True  # True: ipywidgets in JupyterLab; `tdceu build` sets False for the HTML export
built_at = None  # set by `tdceu build`
redact = False  # True: a public build, state and region figures only (tdceu build --redact)

# %%
board = Board(
    "At risk",
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
board.show(tables.at_risk if live else tables.at_risk_page)

# %% [markdown]
# ## Plans that would close each gap

# %%
board.show(statement.at_risk_plans, data=board.data)

# %% [markdown]
# ## CTO Academy clocks

# %%
board.show(at_risk.cto_clock_figure)
