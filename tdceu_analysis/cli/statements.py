"""`tdceu statements`: each director's statement, their plan, and the reminders ALET sends."""

from __future__ import annotations

import argparse
from pathlib import Path

from tdceu_analysis.cli.common import (
    add_data_arguments,
    check_output_folder,
    data_from_args,
    writing,
)
from tdceu_analysis.fiscal import current_fiscal_year
from tdceu_analysis.plans import find_plans
from tdceu_analysis.report.pdf import renderer
from tdceu_analysis.report.statements import describe_folder, write_statements


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "statements",
        help="one statement per director with a plan that meets the year, and reminders",
        description="Write OUT/index.html and one offline page per director in scope: the "
        "year's hours against the minimum, every record and why it counted or not, what is "
        "pending, the CTO Academy clock, and a plan (sessions of the folder's sessions "
        "file that, attended, meet the year) or why there is none; OUT/plans.csv and "
        "OUT/reminders.csv (a mail-merge file; formula-safe). Personal by nature: there "
        "is no --redact.",
    )
    add_data_arguments(parser)
    parser.add_argument("--out", required=True, type=Path, help="folder for the pages and files")
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also OUT/statements.pdf: one director per printed page, in district order",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_output_folder(args.out)  # before the work: a folder that cannot be written
    if args.pdf:
        renderer()  # a missing WeasyPrint is one line before any work
    data = data_from_args(args)
    fy = args.fy if args.fy is not None else current_fiscal_year()
    plans = find_plans(data, fy, args.as_of)
    with writing(args.out):
        written = write_statements(plans, data, args.out, describe_folder(args.data), pdf=args.pdf)
    counts = plans.status.group_by("plan_status").len()
    count = dict(counts.iter_rows())
    evaluation = plans.evaluation
    print(
        f"{evaluation.fiscal_year.label} as of {evaluation.as_of.isoformat()}; "
        f"data: {describe_folder(args.data)}"
    )
    print(
        f"{written.pages} statements: {count.get('met', 0)} met, {count.get('plan', 0)} with a "
        f"plan, {count.get('no_plan', 0)} with no plan; "
        f"{plans.sessions.height} sessions on the calendar ahead"
    )
    if plans.sessions.height == 0 and not evaluation.closed:
        print(
            "note: no session of the calendar is dated after the as-of date in the year, so "
            "no one behind has a plan: add the year's sessions to the folder's sessions file"
        )
    files = [written.index, written.plans_csv, written.reminders_csv]
    if written.pdf is not None:
        files.append(written.pdf)
    print(f"wrote {', '.join(str(path) for path in files)} and {written.pages} pages in {args.out}")
    return 0
