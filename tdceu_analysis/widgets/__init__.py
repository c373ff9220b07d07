"""The notebooks' boards: the page's choices and every figure shown from them.

`board.py` holds `Board` (pages 01-04 and the summary: pickers, header, figures redrawn on a
pick, live or exported); `whatif.py` holds page 05's `WhatIfBoard` and its comparison table.
"""

from tdceu_analysis.widgets.board import Board, describe_folder, redact_data
from tdceu_analysis.widgets.whatif import (
    EFFECTS,
    WhatIfBoard,
    comparison_table,
    in_words,
    regional,
    scenario_effects,
)

__all__ = [
    "EFFECTS",
    "Board",
    "WhatIfBoard",
    "comparison_table",
    "describe_folder",
    "in_words",
    "redact_data",
    "regional",
    "scenario_effects",
]
