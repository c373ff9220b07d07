"""`tdceu evaluate`: the summary, ledger and rejects of one fiscal year, as CSV files."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from tdceu_analysis.cli.common import (
    add_command,
    add_data_arguments,
    add_out_argument,
    check_output_folder,
    evaluation_from_args,
    writing,
)
from tdceu_analysis.evaluate import Evaluation
from tdceu_analysis.io.write import write_csvs
from tdceu_analysis.policy import policy_origin
from tdceu_analysis.report.spreadsheet_export import data_name
from tdceu_analysis.rules.ledger import LEDGER_CONTRACT_COLUMNS
from tdceu_analysis.rules.status import SUMMARY_CONTRACT_COLUMNS, YEAR_STATUSES

REJECT_COLUMNS = ("file", "line", "record_id", "reason")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "evaluate", run)
    add_data_arguments(parser, fy_required=False)
    add_out_argument(parser, "folder for the three CSV files")


def write_evaluation(evaluation: Evaluation, out: Path) -> dict[str, Path]:
    """The three files, renamed into place together: a write that fails half way leaves
    no half-written file (and an earlier run's three as they were)."""
    frames = {
        "summary": evaluation.summary.select(SUMMARY_CONTRACT_COLUMNS),
        "ledger": evaluation.ledger.select(LEDGER_CONTRACT_COLUMNS),
        "rejects": evaluation.rejects.select(REJECT_COLUMNS),
    }
    paths = {name: out / f"{name}.csv" for name in frames}
    write_csvs({paths[name]: frame for name, frame in frames.items()})
    return paths


def describe(evaluation: Evaluation) -> str:
    """A few lines a person reads after the run."""
    state = "closed year" if evaluation.closed else "open year"
    counts = Counter(evaluation.summary.get_column("status").to_list())
    statuses = ", ".join(f"{status} {counts[status]}" for status in YEAR_STATUSES if counts[status])
    ledger = evaluation.ledger
    pending = ledger.filter(ledger["pending"]).height
    note = (
        [
            f"note: {evaluation.fiscal_year.label} is before TD-CEU hours began: "
            "every record counts 0"
        ]
        if evaluation.before_requirement
        else []
    )
    return "\n".join(
        [
            *note,
            f"{evaluation.fiscal_year.label} as of {evaluation.as_of.isoformat()} ({state}); "
            f"data: {data_name(evaluation.source)}; records read from "
            f"{', '.join(evaluation.records_files) or 'frames'}",
            # which policy values came from the data folder's policy.toml, if any
            policy_origin(evaluation.policy),
            f"directors in scope: {evaluation.summary.height} ({statuses or 'none'})",
            f"records this year: {ledger.height} ({pending} pending an assignment or evidence)",
            f"rejected input rows: {evaluation.rejects.height}"
            + (" (see rejects.csv)" if evaluation.rejects.height else ""),
        ]
    )


def run(args: argparse.Namespace) -> int:
    """count each director's hours for a fiscal year and write summary, ledger, rejects

    Evaluate a data folder for one fiscal year and write OUT/summary.csv, OUT/ledger.csv
    and OUT/rejects.csv (columns as in the data contract).
    """
    check_output_folder(args.out)  # before the work: a folder that cannot be written
    evaluation = evaluation_from_args(args)
    with writing(args.out):
        paths = write_evaluation(evaluation, args.out)
    print(describe(evaluation))
    print(f"wrote {', '.join(str(path) for path in paths.values())}")
    return 0
