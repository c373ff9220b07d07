"""the folder's event list: start a new year's approved external list (carry-forward)

Work on a data folder's events.csv.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tdceu_analysis.cli.common import add_command, add_command_group, parse_fy_argument
from tdceu_analysis.fiscal import fy_label
from tdceu_analysis.io.carry_forward import carried_forward_note, carry_forward


def register(subparsers: argparse._SubParsersAction) -> None:
    actions = add_command_group(subparsers, "events", __doc__, "ACTION")
    carry = add_command(actions, "carry-forward", run_carry_forward)
    carry.add_argument("--data", type=Path, required=True, help="the data folder")
    carry.add_argument(
        "--from", dest="from_fy", type=parse_fy_argument, required=True, help="e.g. 2026 or FY26"
    )
    carry.add_argument(
        "--to", dest="to_fy", type=parse_fy_argument, required=True, help="e.g. 2027 or FY27"
    )


def run_carry_forward(args: argparse.Namespace) -> int:
    """copy one year's approved external list into the next year, marked as carried forward

    Append to DIR/events.csv one row per line of the --from year's approved external list
    (the shipped catalogue's and the folder's own), with fiscal_year set to the --to year and
    the note 'carried forward from FYnn until ALET confirms the list'. Without an approved row
    for its year, an external record counts 0 hours; with these rows it counts as last year's
    line did until ALET publishes the new list (then replace the carried rows by hand). Rows
    already in events.csv are never rewritten; a --to year that already has approved
    external rows is refused.
    """
    done = carry_forward(args.data, args.from_fy, args.to_fy)
    how = "wrote" if done.created else "appended to"
    print(
        f"{how} {done.path}: {done.rows.height} row(s) of {fy_label(args.from_fy)}'s approved "
        f"external list as {fy_label(args.to_fy)}'s, each noted "
        f"'{carried_forward_note(args.from_fy)}'"
    )
    print(
        f"when ALET publishes the {fy_label(args.to_fy)} list, edit those rows (caps, lines added "
        "or dropped) and clear their note; 'tdceu check' reminds you until then"
    )
    return 0
