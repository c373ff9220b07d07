"""`tdceu build`: the board's dashboards as offline HTML pages (plus PNG/SVG charts)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tdceu_analysis.cli.common import (
    add_command,
    add_data_arguments,
    add_number_argument,
    add_out_argument,
    add_switch,
    check_output_folder,
    writing,
)
from tdceu_analysis.errors import UserError
from tdceu_analysis.report.pdf import PAPERS, renderer


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "build", run)
    add_data_arguments(parser, fy_required=False)
    add_out_argument(parser, "folder for the pages (default: reports)", default=Path("reports"))
    add_number_argument(
        parser,
        "--timeout",
        int,
        "seconds a notebook cell may run before the build stops (default: 300)",
        default=300,
        minimum=1,
    )
    add_number_argument(
        parser,
        "--jobs",
        int,
        "kernels at once; the notebooks share them, each in a fresh namespace (default: 1)",
        minimum=1,
    )
    add_switch(parser, "--no-images", "skip the PNG and SVG copies of the charts")
    add_switch(
        parser,
        "--pdf",
        "also write the board packet OUT/board-packet.pdf: the summary, then pages 01-04 of "
        "each year, numbered, the summary's links live (needs WeasyPrint: pip install "
        "'tdceu-analysis[pdf]')",
    )
    add_switch(
        parser,
        "--pdf-full",
        "like --pdf, with the policy what-if pages (05) and the director statement page (06) "
        "in the packet too",
    )
    parser.add_argument(
        "--paper",
        choices=sorted(PAPERS),
        default="letter",
        help="the PDF packet's paper (default: letter)",
    )
    add_switch(
        parser,
        "--redact",
        "a public build: state and region figures only; no row, label, tooltip or mark about "
        "one director (no name, id or district; regions under 5 directors merged), pages 03 "
        "and 04 left out, page 05's lists of directors as counts",
    )


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
    """run the dashboard notebooks and write one offline HTML page each, plus an index

    Run every dashboard notebook (NN_name.ipynb) with these parameters and write offline
    pages (no code, no network needed: open them from an email), their charts as SVG and PNG
    for slide decks, and OUT/index.html. Without --fy: the board pack, every fiscal year with
    records (OUT/FYnn/NN_name.html) and a one-page summary (OUT/00_summary.html); with --fy:
    that year's pages (OUT/NN_name.html).
    """
    from tdceu_analysis.fiscal import fy_label
    from tdceu_analysis.report.build import build_reports

    check_build_year(args.fy)
    args.pdf = args.pdf or args.pdf_full
    if args.pdf and args.no_images:
        raise UserError("--pdf draws the charts from their SVG files: leave out --no-images")
    if args.pdf:
        renderer()  # a missing renderer stops the build before any notebook runs
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
            every_year=args.fy is None,
            redact=args.redact,
            pdf=args.paper if args.pdf else None,
            pdf_full=args.pdf_full,
        )
    parameters = result.parameters
    years = ", ".join(fy_label(fy) for fy in parameters.years) or fy_label(parameters.fy)
    print(
        f"{years} as of {parameters.as_of}; data: {parameters.data_label}"
        f"{' (public build: state and region figures only)' if parameters.redact else ''}; "
        f"built in {result.seconds:.0f} s"
    )
    for page in result.pages:
        size = page.html.stat().st_size / 1e6
        print(f"  {page.html} ({page.charts} charts, {size:.1f} MB, {page.seconds:.1f} s)")
    if result.packet is not None:
        size = result.packet.stat().st_size / 1e6
        print(f"  {result.packet} ({result.packet_pages} pages, {size:.1f} MB)")
    print(f"open {result.index}")
    return 0
