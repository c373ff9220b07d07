"""`tdceu synth`: write synthetic data folders.

- `tdceu synth --sample --out DIR`: the statewide sample (153 Alabama school
  systems, FY25 to the sample's "today"), CSV, byte-for-byte the same for a seed.
  The shipped `data/sample/` is `tdceu synth --sample --out tdceu_analysis/data/sample`.
- `tdceu synth --directors 100000 --years 10 --out DIR`: the scale generator,
  Parquet, for benchmarks.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from tdceu_analysis.cli.common import (
    add_command,
    add_number_argument,
    add_out_argument,
    add_switch,
    check_output_folder,
    parse_date_argument,
    parse_fy_argument,
    writing,
)
from tdceu_analysis.errors import UserError
from tdceu_analysis.synth.sample import DEFAULT_SEED, DEFAULT_TODAY, SampleConfig, write_sample
from tdceu_analysis.synth.scale import ScaleConfig, write_scale


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "synth", run)
    add_out_argument(parser, "folder to write (created)")
    add_switch(parser, "--sample", "the statewide sample instead of the scale data")
    seed_help = f"random seed (default {DEFAULT_SEED})"
    add_number_argument(parser, "--seed", int, seed_help, default=DEFAULT_SEED, minimum=0)
    sample = parser.add_argument_group("statewide sample (--sample)")
    sample.add_argument(
        "--today",
        type=parse_date_argument,
        default=None,
        help=f"the sample's 'today': nothing is dated after it (default {DEFAULT_TODAY})",
    )
    turnover_help = "share of systems whose director leaves in a year (sample default 0.10)"
    add_number_argument(sample, "--turnover", float, turnover_help, minimum=0, maximum=1)
    scale = parser.add_argument_group("scale data (without --sample)")
    add_number_argument(scale, "--directors", int, "directors (default 100000)", minimum=1)
    add_number_argument(scale, "--years", int, "fiscal years (default 10)", minimum=1)
    scale.add_argument(
        "--first-fy",
        type=parse_fy_argument,
        default=None,
        help="first fiscal year (default: the requirement's first, 2025)",
    )
    records_help = "mean records of a typical director in a full year (default 20)"
    add_number_argument(scale, "--records-per-year", float, records_help, above=0)
    chunk_help = "directors whose records are generated at once (memory; default 10000)"
    add_number_argument(scale, "--chunk-directors", int, chunk_help, minimum=1)


# Options of one generator only: given to the other, they would be ignored without a word.
SCALE_OPTIONS = ("directors", "years", "first_fy", "records_per_year", "chunk_directors")


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def check_options(args: argparse.Namespace) -> None:
    """One line for an option the chosen generator would ignore."""
    if args.sample:
        given = [name for name in SCALE_OPTIONS if getattr(args, name) is not None]
        if given:
            raise UserError(
                f"{_option(given[0])} is for the scale data, not --sample (the sample is "
                "Alabama's school systems): leave it out, or leave out --sample"
            )
    elif args.today is not None:
        raise UserError(
            "--today is for the statewide sample (--sample); the scale data is dated by "
            "--first-fy and --years"
        )


def run(args: argparse.Namespace) -> int:
    """write synthetic data: the statewide sample (--sample) or a scale data set

    Write a synthetic data folder in the data-contract format. With --sample: the statewide
    sample (CSV; the shipped data/sample is made this way). Otherwise: the scale generator
    (Parquet), e.g. --directors 100000 --years 10. Same seed, same bytes.
    """
    started = time.perf_counter()
    check_options(args)
    if args.sample:
        config = SampleConfig(seed=args.seed, today=args.today or DEFAULT_TODAY)
        if args.turnover is not None:
            config = replace(config, turnover_rate=args.turnover)
        config.check()  # a --today the sample cannot be made for, before anything is written
        check_output_folder(args.out)  # before the work: a folder that cannot be written
        with writing(args.out):
            data = write_sample(args.out, config)
        print(
            f"wrote the statewide sample to {args.out}: {data.districts.height} systems, "
            f"{data.directors.height} directors, {data.records.height} records "
            f"({len(data.broken_lines)} deliberately broken), seed {config.seed}, "
            f"today {config.today.isoformat()}"
        )
        return 0
    defaults = ScaleConfig()
    config = ScaleConfig(
        directors=args.directors or defaults.directors,
        years=args.years or defaults.years,
        first_fy=args.first_fy,
        seed=args.seed,
        records_per_year=args.records_per_year or defaults.records_per_year,
        turnover_rate=args.turnover if args.turnover is not None else defaults.turnover_rate,
        chunk_directors=args.chunk_directors or defaults.chunk_directors,
    )
    config.check()
    check_output_folder(args.out)
    with writing(args.out):
        result = write_scale(args.out, config, progress=True)
    seconds = time.perf_counter() - started
    print(
        f"wrote {result.records:,} records of {result.directors:,} directors in "
        f"{result.systems:,} systems to {result.out} in {seconds:.1f} s"
    )
    return 0
