"""Arguments every data command shares: --data, --fy, --as-of."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tdceu_analysis._paths import sample_folder
from tdceu_analysis.errors import UserError
from tdceu_analysis.evaluate import Evaluation, evaluate
from tdceu_analysis.fiscal import current_fiscal_year, parse_fiscal_year
from tdceu_analysis.io.load import InputData, load_folder


def parse_date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (write YYYY-MM-DD)") from None


def parse_fy_argument(text: str) -> int:
    try:
        return parse_fiscal_year(text)
    except UserError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def add_data_arguments(parser: argparse.ArgumentParser, fy_required: bool = True) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="data folder (districts, directors, records, optional events); "
        "default: the shipped sample",
    )
    parser.add_argument(
        "--fy",
        type=parse_fy_argument,
        required=fy_required,
        default=None,
        help="fiscal year, e.g. 2026 or FY26 (FY26 = 2025-10-01 .. 2026-09-30)"
        + ("" if fy_required else "; default: the current fiscal year"),
    )
    parser.add_argument(
        "--as-of",
        dest="as_of",
        type=parse_date_argument,
        default=None,
        help="count records dated on or before this day (YYYY-MM-DD); "
        "default: today, or the year's last day when it is over",
    )


def data_from_args(args: argparse.Namespace) -> InputData:
    return load_folder(args.data if args.data is not None else sample_folder())


def evaluation_from_args(args: argparse.Namespace) -> Evaluation:
    fy = args.fy if args.fy is not None else current_fiscal_year()
    # the commands write the contract's columns and summaries: no per-record sentences
    return evaluate(data_from_args(args), fy, args.as_of, explain=False)
