"""`tdceu build`: the board's dashboards as offline HTML pages (plus PNG/SVG charts)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tdceu_analysis.cli.common import (
    add_data_arguments,
    check_output_folder,
    number_argument,
    writing,
)
from tdceu_analysis.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="run the dashboard notebooks and write one offline HTML page each, plus an index",
        description="Run every dashboard notebook (NN_name.ipynb) with these parameters and "
        "write OUT/NN_name.html (no code, no network needed: open it from an email), "
        "OUT/figures/NN_name/*.svg|png for slide decks, and OUT/index.html.",
    )
    add_data_arguments(parser, fy_required=False)
    parser.add_argument(
        "--out", type=Path, default=Path("reports"), help="folder for the pages (default: reports)"
    )
    parser.add_argument(
        "--timeout",
        type=number_argument(int, minimum=1),
        default=300,
        help="seconds a notebook cell may run before the build stops (default: 300)",
    )
    parser.add_argument(
        "--jobs",
        type=number_argument(int, minimum=1),
        default=None,
        help="kernels at once; the notebooks share them, each in a fresh namespace (default: 1)",
    )
    parser.add_argument(
        "--no-images", action="store_true", help="skip the PNG and SVG copies of the charts"
    )
    parser.set_defaults(func=run)


def check_build_year(fy: int | None) -> None:
    """The dashboards show a year of TD-CEU hours: a year before the requirement (R1) has
    none, and every page would be empty; say so instead of building them."""
    if fy is None:
        return
    from tdceu_analysis.evaluate import first_requirement_year
    from tdceu_analysis.fiscal import fy_label
    from tdceu_analysis.policy import load_policy

    first = first_requirement_year(load_policy(max(fy, 1)))
    if fy < first:
        raise UserError(
            f"--fy {fy} is before TD-CEU hours began (the first year is {first}, "
            f"{fy_label(first)}): the dashboards would have no hours to show; use --fy {first} "
            "or later "
            "('tdceu evaluate' lists such a year's records, each counting 0)"
        )


def run(args: argparse.Namespace) -> int:
    from tdceu_analysis.report.build import build_reports

    check_build_year(args.fy)
    check_output_folder(args.out)  # before the notebooks run
    with writing(args.out):
        result = build_reports(
            out=args.out,
            data_dir=args.data,
            fy=args.fy,
            as_of=args.as_of,
            images=not args.no_images,
            timeout=args.timeout,
            jobs=args.jobs,
        )
    parameters = result.parameters
    print(
        f"FY{parameters.fy % 100:02d} as of {parameters.as_of}; data: {parameters.data_label}; "
        f"built in {result.seconds:.0f} s"
    )
    for page in result.pages:
        size = page.html.stat().st_size / 1e6
        print(f"  {page.html} ({page.charts} charts, {size:.1f} MB, {page.seconds:.1f} s)")
    print(f"open {result.index}")
    return 0
