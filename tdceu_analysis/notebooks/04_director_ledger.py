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
# # 04 One director's year
#
# Every record of one director's year with the hours counted and the reason, the
# cumulative hours against the pace line, and the strands covered. Pick the year,
# region and district below, and find a director by typing part of a name or district
# into the Director box (the first director shown is
# the most urgent one of the at-risk list who has records this year).

# %%
from tdceu_analysis import tables
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
board = Board.from_parameters("One director's year", globals())

# %% tags=["widgets", "nbval-ignore-output"]
board.controls(director=True)

# %%
board.header(
    "One director's records for the year, the hours each counted and why, progress "
    "against the pace line, and the strands covered."
)

# %%
board.show(director.director_card)

# %% [markdown]
# ## Hours over the year

# %%
board.show(director.cumulative_figure)

# %% [markdown]
# ## Strands covered

# %%
board.show(director.director_strands_figure)

# %% [markdown]
# ## Every record and why it counted

# %%
board.show(tables.ledger if board.live else tables.ledger_page)

# %% [markdown]
# ## What is pending, and the plan

# %%
board.show(statement.director_plan, data=board.data)
