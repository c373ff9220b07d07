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
# # 05 Policy what-if
#
# What would change if ALET changed a rule or the approved list? A scenario changes
# policy values (the external cap, the ALET minimum, pro-rating, the in-person switch),
# catalogue rows (drop, add or re-cap an approved event, copy this year's list to the
# next) or assumes an extra event in a region with some of its directors attending. The
# page compares the scenario with the published policy on the same records: who changes
# status and in which direction, by region and strand, and which ledger rows change
# reason. It opens with every shipped scenario side by side, then the detail of one:
# the one that changes most, or the one picked below (a shipped scenario, or type a `.toml`
# file of your own and press Enter), for the fiscal year and region picked. By default the
# last closed year is compared: its records show what the change would have done.

# %%
from tdceu_analysis.charts import whatif as charts
from tdceu_analysis.figures import whatif
from tdceu_analysis.whatif import last_closed_year
from tdceu_analysis.widgets import WhatIfBoard, comparison_table

# %% tags=["parameters"]
data_dir = None  # data folder; None = the shipped sample
fy = None  # fiscal year, e.g. 2026 or "FY26"; None = the last closed one
as_of = None  # "YYYY-MM-DD"; None = today, or the year's last day once it is over
scenario = None  # a shipped name, a .toml path or a dict; None = the one that changes most
base = None  # compare against this scenario instead of the published policy (same forms)
# also: region = "..." (where the picker starts), redact = True (a public page).
# `tdceu build` adds its own values (live = False) in a cell after this one; every
# parameter: tdceu_analysis/widgets/parameters.py

# %%
if fy is None:  # the last closed year: its records show what the change would have done
    fy = last_closed_year(as_of)
board = WhatIfBoard.from_parameters("Policy what-if", globals())

# %% tags=["widgets", "nbval-ignore-output"]
board.controls()

# %%
board.header(
    "What a change to the policy or the approved list would do: who changes status, "
    "where, in which strands, and which ledger rows change reason."
)

# %% [markdown]
# ## Every shipped scenario, side by side

# %%
board.show(comparison_table)

# %% [markdown]
# ## The scenario picked

# %%
board.show(whatif.scenario_card)

# %%
board.show(whatif.change_tiles)

# %% [markdown]
# ## What the scenario changes

# %%
board.show(whatif.policy_table)

# %%
board.show(whatif.catalog_table)

# %% [markdown]
# ## Status, side by side

# %%
board.show(charts.status_chart)

# %%
board.show(whatif.status_table)

# %% [markdown]
# ## From which status to which

# %%
board.show(whatif.transition_table)

# %%
board.show(charts.direction_chart)

# %% [markdown]
# ## Who changes status

# %%
board.show(whatif.changed_table)

# %% [markdown]
# ## By region

# %%
board.show(charts.region_chart)

# %%
board.show(whatif.region_table)

# %% [markdown]
# ## By strand

# %%
board.show(charts.strand_chart)

# %%
board.show(whatif.strand_table)

# %% [markdown]
# ## Ledger rows whose reason or counted hours change

# %%
board.show(whatif.ledger_table)
