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
# # 06 A director's statement and plan
#
# The statement ALET sends a director (`tdceu statements` writes one per director): the
# year's hours against the minimum, the strands covered, every record and why it counted
# or not, what is pending and what finishes it, the CTO Academy clock, and a plan: the
# sessions of the calendar ahead (the data folder's `sessions` file) that, attended, meet
# the year under the rules in force, or why no choice of them can. Pick the year, region
# and district below, and find a director by typing part of a name or district into the
# Director box.

# %%
from tdceu_analysis.figures import director, statement
from tdceu_analysis.widgets import Board

# %% tags=["parameters"]
data_dir = None  # data folder; None = the shipped sample
fy = None  # fiscal year, e.g. 2027 or "FY27"; None = the current one
as_of = None  # "YYYY-MM-DD"; None = today, or the year's last day once it is over
director_id = None  # the director shown first; None = the most urgent with records
# also: region = "..." or district = "D012" (where the pickers start), redact = True
# (director ids for names). `tdceu build` adds its own values (live = False) in a cell
# after this one; every parameter: tdceu_analysis/widgets/parameters.py

# %%
board = Board.from_parameters("A director's statement and plan", globals())

# %% tags=["widgets", "nbval-ignore-output"]
board.controls(director=True)

# %%
board.header(
    "One director's statement: hours against the minimum, every record and why, what is "
    "pending, and the sessions ahead that would meet the year."
)

# %% [markdown]
# ## Hours over the year
#
# (In the exported page, the select box under this chart picks the director.)

# %%
board.show(director.cumulative_figure)

# %% [markdown]
# ## The statement and plan

# %%
board.show(statement.director_statement, data=board.data)
