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
# # Board summary
#
# The one page the board reads first: the last closed year's result and its trend, the
# open year's pace, how many are behind and critical, the least-served strands and the
# CTO Academy clocks, each with its takeaway. `tdceu build` (every year) runs it once and
# writes `00_summary.html`, with links to every year's pages.

# %%
from IPython.display import display

from tdceu_analysis.charts.summary import summary_page
from tdceu_analysis.figures.projection import projection_card
from tdceu_analysis.figures.summary import board_summary
from tdceu_analysis.widgets import Board

# %% tags=["parameters"]
data_dir = None  # data folder; None = the shipped sample
fy = None  # the open year to summarise; None = the year of the as-of date
as_of = None  # "YYYY-MM-DD"; None = today
pages = []  # set by `tdceu build`: [(year, [(page, link)])], the detail pages
# also: redact = True (a public page). `tdceu build` adds its own values (live = False)
# in a cell after this one; every parameter: tdceu_analysis/widgets/parameters.py

# %%
board = Board.from_parameters("Board summary", globals())
summary = board_summary(board.years, board.evaluation.as_of)

# %%
for piece in summary_page(summary, board.years, board.facts(), pages, live=board.live):
    display(piece)

# %%
display(projection_card(board.evaluation, board.data, compact=True))
