"""`tdceu statements`: each director's statement, their plan, and the reminders ALET sends."""

from __future__ import annotations

import argparse

from tdceu_analysis.cli.common import (
    add_command,
    add_data_arguments,
    add_out_argument,
    add_switch,
    check_output_folder,
    data_from_args,
    fy_from_args,
    writing,
)
from tdceu_analysis.plans import find_plans
from tdceu_analysis.report.pdf import renderer
from tdceu_analysis.report.statements import describe_folder, write_statements


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "statements", run)
    add_data_arguments(parser)
    add_out_argument(parser, "folder for the pages and files")
    add_switch(
        parser, "--pdf", "also OUT/statements.pdf: one director per printed page, in district order"
    )


def run(args: argparse.Namespace) -> int:
    """one statement per director with a plan that meets the year, and reminders

    Write OUT/index.html and one offline page per director in scope: the year's hours against
    the minimum, every record and why it counted or not, what is pending, the CTO Academy
    clock, and a plan (sessions of the folder's sessions file that, attended, meet the year)
    or why there is none; OUT/plans.csv and OUT/reminders.csv (a mail-merge file;
    formula-safe). Personal by nature: there is no --redact.
    """
    check_output_folder(args.out)  # before the work: a folder that cannot be written
    if args.pdf:
        renderer()  # a missing WeasyPrint is one line before any work
    data = data_from_args(args)
    plans = find_plans(data, fy_from_args(args), args.as_of)
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
