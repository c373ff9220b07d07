"""The credit rules R1-R11 of rules.md, one small function per rule, over polars frames.

`ledger.py` decides, record by record, how many claimed hours count and why
(R1-R8); `status.py` turns a year's ledger into each director's totals and
status (R9-R11); `strands.py` spreads counted hours over the six strands (R6).
Nothing here reads a file or draws a chart.
"""
