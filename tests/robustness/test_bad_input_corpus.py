"""Issue 12: a careless user's inputs, file by file and command by command.

Every case ends with exit code 0 or 2 and no traceback (an unexpected exception fails
the test with it). Exit 2 is one line naming the file, line or argument; exit 0 keeps
every record: input record rows = ledger rows + rejected rows + rows of other years,
and the ledger's counted hours add up to each director's total_hours.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from bad_input import (
    AS_OF,
    EVENT_ROW,
    EVENTS_HEADER,
    assert_clean_failure,
    assert_conserved,
    copy_sample,
    run_cli,
)

GOOD = "r15,T1,alet-summer-conference,Extra,2026-06-21,2,roles,,,"


@dataclass
class Bad:
    name: str
    mutate: Callable[[Path], None]
    errors: tuple[str, ...] | None = None  # None: exit 0; else exit 2 naming these words
    rejected: str | None = None  # words a reject reason must contain (exit 0)


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def append(file: str, *lines: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        with (folder / file).open("a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))

    return change


def record(**values: str) -> Callable[[Path], None]:
    fields = dict(
        zip(
            ["record_id", "director_id", "event_id", "session", "date", "hours", "strands"],
            GOOD.split(",")[:7],
            strict=True,
        )
    )
    fields |= values
    line = ",".join(fields.values()) + ",,,"
    return append("records.csv", line, "r16,T1,alet-summer-conference,More,2026-06-22,1,roles,,,")


def encode(file: str, encoding: str, bom: bytes = b"") -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / file
        path.write_bytes(bom + path.read_text(encoding="utf-8").encode(encoding))

    return change


def transcode(path: Path, encoding: str = "utf-8", crlf: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode(encoding))


def raw(file: str, data: bytes) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        (folder / file).write_bytes(data)

    return change


def header(file: str, new_header: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(new_header + "\n" + "".join(lines[1:]), encoding="utf-8")

    return change


def events(*rows: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        (folder / "events.csv").write_text(
            EVENTS_HEADER + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8"
        )
        append("records.csv", "r15,T1,ext-local,,2026-05-01,2,roles,,,")(folder)

    return change


def as_format(file: str, suffix: str, change: Callable[[pl.DataFrame], pl.DataFrame]):
    def convert(folder: Path) -> None:
        path = folder / file
        frame = change(pl.read_csv(path, infer_schema=False))
        path.unlink()
        target = path.with_suffix(suffix)
        if suffix == ".parquet":
            frame.write_parquet(target)
        else:
            frame.write_excel(target)

    return convert


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        for each in changes:
            each(folder)

    return change


EVENT = EVENT_ROW.split(",")


def event(**values: str) -> str:
    names = EVENTS_HEADER.split(",")
    row = dict(zip(names, EVENT, strict=True)) | values
    return ",".join(row[name] for name in names)


FILE_CASES = [
    # --- records: CSV structure
    Bad("unbalanced quote mid-file", record(event_id='"alet-summer-conference'), None, "quote"),
    Bad(
        "unbalanced quote on the last line",
        append("records.csv", 'r15,T1,"x,2026-06-21,2'),
        None,
        "quote",
    ),
    Bad("a line with extra values", record(strands="roles,extra,more"), None, "more values"),
    Bad("a line with fewer values", append("records.csv", "r15,T1"), None, "missing"),
    Bad("a blank line in the middle", replace("records.csv", "\nr5,", "\n\nr5,"), None, "missing"),
    Bad("a line of spaces", append("records.csv", "   "), None, "missing"),
    Bad("CRLF line ends", lambda f: transcode(f / "records.csv", crlf=True)),
    Bad("UTF-8 with BOM", encode("records.csv", "utf-8", codecs.BOM_UTF8)),
    Bad("UTF-16 with BOM", encode("records.csv", "utf-16-le", codecs.BOM_UTF16_LE)),
    Bad(
        "UTF-16 with BOM and a ragged line",
        both(record(strands="a,b"), encode("records.csv", "utf-16-le", codecs.BOM_UTF16_LE)),
        None,
        "more values",
    ),
    Bad("UTF-16 without BOM", encode("records.csv", "utf-16-le"), ("records.csv", "line 1")),
    Bad(
        "a Latin-1 name",
        both(
            append("records.csv", "r15,T1,alet-summer-conference,Jos\xe9,x,1,roles,,,"),
            lambda f: transcode(f / "records.csv", encoding="latin-1"),
        ),
        ("records.csv", "line 16", "UTF-8"),
    ),
    Bad("a NUL inside a value", record(session="a\x00b")),
    Bad("a 1 MB session name", record(session="x" * 1_000_000)),
    Bad("a formula in a session", record(session='=HYPERLINK("http://x")')),
    Bad("HTML in a session", record(session="<script>alert(1)</script>")),
    Bad("a quoted value with commas", record(session='"Keynote, part 1"')),
    Bad(
        "the header names hours twice",
        header(
            "records.csv",
            "record_id,director_id,event_id,session,date,hours,strands,hours,"
            "assignment_complete,evidence_uploaded",
        ),
        ("records.csv", "hours", "twice"),
    ),
    Bad(
        "a column missing",
        header(
            "records.csv",
            "record_id,director_id,event_id,session,day,hours,strands,delivery,"
            "assignment_complete,evidence_uploaded",
        ),
        ("records.csv", "date"),
    ),
    Bad("an empty records file", raw("records.csv", b""), ("records.csv",)),
    Bad(
        "a header and no rows",
        raw("records.csv", b"record_id,director_id,event_id,date,hours,strands\n"),
    ),
    Bad(
        "tab-delimited",
        lambda f: (f / "records.csv").write_text(
            (f / "records.csv").read_text().replace(",", "\t")
        ),
        ("records.csv", "column"),
    ),
    Bad(
        "semicolon-delimited",
        lambda f: (f / "records.csv").write_text((f / "records.csv").read_text().replace(",", ";")),
        ("records.csv", "column"),
    ),
    # --- records: values
    Bad("hours nan", record(hours="nan"), None, "not a number of hours"),
    Bad("hours inf", record(hours="inf"), None, "not a number of hours"),
    Bad("hours -inf", record(hours="-inf"), None, "not a number of hours"),
    Bad("hours -5", record(hours="-5"), None, "out of range"),
    Bad("hours 0", record(hours="0"), None, "out of range"),
    Bad("hours 1e308", record(hours="1e308"), None, "out of range"),
    Bad("hours 1e999", record(hours="1e999"), None, "not a number of hours"),
    Bad("hours abc", record(hours="abc"), None, "not a number of hours"),
    Bad("hours blank", record(hours=""), None, "missing hours"),
    Bad("hours with a comma decimal", record(hours='"1,5"'), None, "not a number"),
    Bad("date 2026-13-45", record(date="2026-13-45"), None, "not a date"),
    Bad("date 2026-02-30", record(date="2026-02-30"), None, "not a date"),
    Bad("date 9999-12-31", record(date="9999-12-31")),
    Bad("date 0001-01-01", record(date="0001-01-01")),
    Bad("date in US order", record(date="02/26/2026"), None, "not a date"),
    Bad("unknown strand", record(strands="astrology"), None, "unknown strand"),
    Bad("only separators as strands", record(strands=";;;")),
    Bad("unknown delivery", record(strands="roles"), None)
    if False
    else Bad("unknown director", record(director_id="T999"), None, "not in directors"),
    Bad("unknown event", record(event_id="no-such-event"), None, "event catalogue"),
    Bad("a record_id used twice", record(record_id="r1"), None, "used again"),
    Bad("a blank record_id", record(record_id=""), None, "missing record_id"),
    Bad(
        "assignment_complete maybe",
        append("records.csv", "r15,T1,alet-summer-conference,,2026-06-21,2,roles,,maybe,"),
        None,
        "assignment_complete",
    ),
    Bad(
        "delivery by pigeon",
        append("records.csv", "r15,T1,alet-summer-conference,,2026-06-21,2,roles,pigeon,,"),
        None,
        "delivery",
    ),
    # --- events
    Bad("events cap nan", events(event(max_hours_per_year="nan")), None, "max_hours_per_year"),
    Bad("events cap inf", events(event(max_hours_per_year="inf")), None, "max_hours_per_year"),
    Bad("events cap -1", events(event(max_hours_per_session="-1")), None, "more than 0"),
    Bad(
        "events fiscal_year too large",
        events(event(fiscal_year="99999999999999999999")),
        None,
        "not a fiscal year",
    ),
    Bad("events fiscal_year 1e30", events(event(fiscal_year="1e30")), None, "not a fiscal year"),
    Bad("events fiscal_year nan", events(event(fiscal_year="nan")), None, "not a fiscal year"),
    Bad("events fiscal_year -2026", events(event(fiscal_year="-2026")), None, "not a fiscal year"),
    Bad("events fiscal_year FY26", events(event(fiscal_year="FY26"))),
    Bad("events ragged line", events(EVENT_ROW + ",extra"), None, "more values"),
    Bad(
        "events header twice",
        both(events(EVENT_ROW), header("events.csv", EVENTS_HEADER.replace("delivery", "name"))),
        ("events.csv", "twice"),
    ),
    Bad(
        "events in UTF-16",
        both(events(EVENT_ROW), encode("events.csv", "utf-16-le", codecs.BOM_UTF16_LE)),
    ),
    # --- directors and districts
    Bad(
        "role_start not a date",
        append("directors.csv", "T5,Eve,D01,yesterday,,"),
        None,
        "not a date",
    ),
    Bad(
        "role_end before role_start",
        append("directors.csv", "T5,Eve,D01,2026-01-01,2025-01-01,"),
        None,
        "before role_start",
    ),
    Bad(
        "a director twice",
        append("directors.csv", "T1,Ada Again,D01,2019-07-01,,"),
        None,
        "used again",
    ),
    Bad(
        "a director of an unknown district",
        append("directors.csv", "T5,Eve,D99,2019-07-01,,"),
        None,
        "not in districts",
    ),
    Bad(
        "a directors line with extra values",
        append("directors.csv", "T5,Eve,D01,2019-07-01,,,x"),
        None,
        "more values",
    ),
    Bad(
        "directors in Latin-1",
        lambda f: (f / "directors.csv").write_bytes(
            (f / "directors.csv").read_bytes() + "T5,Jos\xe9,D01,2019-07-01,,\n".encode("latin-1")
        ),
        ("directors.csv", "UTF-8"),
    ),
    Bad(
        "a district of an unknown type",
        append("districts.csv", "D03,Nowhere,village,Region 1"),
        None,
        "district_type",
    ),
    Bad(
        "districts header twice",
        header("districts.csv", "district_code,district_name,district_code,region"),
        ("districts.csv", "twice"),
    ),
    Bad(
        "districts unbalanced quote",
        append("districts.csv", 'D03,"Nowhere,city,Region 1', "D04,Somewhere,city,Region 1"),
        None,
        "quote",
    ),
    # --- Parquet and XLSX
    Bad("records Parquet", as_format("records.csv", ".parquet", lambda f: f)),
    Bad("records XLSX", as_format("records.csv", ".xlsx", lambda f: f)),
    Bad(
        "records Parquet with strands as lists",
        as_format(
            "records.csv", ".parquet", lambda f: f.with_columns(pl.col("strands").str.split(";"))
        ),
        ("records.parquet", "strands"),
    ),
    Bad(
        "records Parquet with NaN hours",
        as_format(
            "records.csv",
            ".parquet",
            lambda f: f.with_columns(
                pl.when(pl.col("record_id") == "r2")
                .then(float("nan"))
                .otherwise(pl.col("hours").cast(pl.Float64))
                .alias("hours")
            ),
        ),
        None,
        "not a number of hours",
    ),
    Bad(
        "events Parquet with a huge integer year",
        both(
            events(EVENT_ROW),
            as_format(
                "events.csv",
                ".parquet",
                lambda f: f.with_columns(
                    pl.lit(9_000_000_000_000, dtype=pl.Int64).alias("fiscal_year")
                ),
            ),
        ),
        None,
        "not a fiscal year",
    ),
    Bad(
        "records both CSV and XLSX",
        lambda f: pl.read_csv(f / "records.csv").write_excel(f / "records.xlsx"),
        ("more than one",),
    ),
    Bad(
        "records.csv is a folder",
        lambda f: ((f / "records.csv").unlink(), (f / "records.csv").mkdir())[-1],
        ("no records file",),
    ),
]


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda case: case.name)
def test_a_bad_input_file_is_rejected_or_explained(case, tmp_path, capsys):
    folder = copy_sample(tmp_path)
    case.mutate(folder)
    out = tmp_path / "out"
    run = run_cli(
        capsys,
        "evaluate",
        "--data",
        str(folder),
        "--fy",
        "2026",
        "--as-of",
        AS_OF,
        "--out",
        str(out),
    )
    if case.errors is not None:
        assert_clean_failure(run, *case.errors)
        return
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert_conserved(folder, out)
    if case.rejected:
        reasons = pl.read_csv(out / "rejects.csv", infer_schema=False)
        assert reasons.filter(pl.col("reason").str.contains(case.rejected, literal=True)).height, (
            reasons.to_dicts()
        )


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _folder(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("x")
    return path


# (name, argv after the sub-command built from tmp_path, words the error names)
CLI_CASES = [
    (
        "evaluate --out an existing file",
        lambda t: ["evaluate", "--fy", "2026", "--out", str(_file(t))],
        ("--out", "a-file"),
    ),
    (
        "evaluate --out under a file",
        lambda t: ["evaluate", "--fy", "2026", "--out", str(_file(t) / "x")],
        ("--out", "is a file"),
    ),
    (
        "evaluate --out in /proc",
        lambda t: ["evaluate", "--fy", "2026", "--out", "/proc/tdceu"],
        ("--out", "/proc/tdceu"),
    ),
    (
        "evaluate --out /dev/null",
        lambda t: ["evaluate", "--fy", "2026", "--out", "/dev/null"],
        ("--out", "/dev/null"),
    ),
    ("evaluate --fy abc", lambda t: ["evaluate", "--fy", "abc", "--out", str(t / "o")], ("--fy",)),
    (
        "evaluate --fy 99999",
        lambda t: ["evaluate", "--fy", "99999", "--out", str(t / "o")],
        ("fy",),
    ),
    (
        "evaluate --as-of 2026-02-30",
        lambda t: ["evaluate", "--fy", "2026", "--as-of", "2026-02-30", "--out", str(t / "o")],
        ("--as-of", "2026-02-30"),
    ),
    (
        "evaluate --data missing",
        lambda t: ["evaluate", "--fy", "2026", "--data", str(t / "none"), "--out", str(t / "o")],
        ("none",),
    ),
    (
        "report state --out a folder",
        lambda t: ["report", "state", "--fy", "2025", "--out", str(_folder(t, "dir.csv"))],
        ("--out", "folder"),
    ),
    (
        "report state --out under a file",
        lambda t: ["report", "state", "--fy", "2025", "--out", str(_file(t) / "x.csv")],
        ("--out", "is a file"),
    ),
    (
        "report at-risk --out in /proc",
        lambda t: ["report", "at-risk", "--fy", "2026", "--out", "/proc/tdceu/x.xlsx"],
        ("--out",),
    ),
    (
        "report at-risk --out .txt",
        lambda t: ["report", "at-risk", "--fy", "2026", "--out", str(t / "x.txt")],
        ("x.txt",),
    ),
    (
        "synth --turnover nan",
        lambda t: ["synth", "--sample", "--turnover", "nan", "--out", str(t / "o")],
        ("--turnover",),
    ),
    (
        "synth --turnover 2",
        lambda t: ["synth", "--sample", "--turnover", "2", "--out", str(t / "o")],
        ("--turnover",),
    ),
    (
        "synth --directors -5",
        lambda t: ["synth", "--directors", "-5", "--out", str(t / "o")],
        ("--directors",),
    ),
    (
        "synth --records-per-year inf",
        lambda t: ["synth", "--records-per-year", "inf", "--out", str(t / "o")],
        ("--records-per-year",),
    ),
    # --- synth options that make no sense (issue 23): one line, before anything is written
    (
        "synth --today before the requirement began",
        lambda t: ["synth", "--sample", "--today", "2020-01-01", "--out", str(t / "o")],
        ("--today 2020-01-01", "before TD-CEU hours began"),
    ),
    (
        "synth --today before the first conference",
        lambda t: ["synth", "--sample", "--today", "2024-12-01", "--out", str(t / "o")],
        ("--today 2024-12-01", "first ALET conference"),
    ),
    (
        "synth --today in the year 9999",
        lambda t: ["synth", "--sample", "--today", "9999-12-31", "--out", str(t / "o")],
        ("--today 9999-12-31", "50 fiscal years"),
    ),
    (
        "synth --first-fy before the requirement",
        lambda t: ["synth", "--first-fy", "1999", "--directors", "5", "--out", str(t / "o")],
        ("--first-fy 1999", "before TD-CEU hours began"),
    ),
    (
        "synth --first-fy 9999",
        lambda t: ["synth", "--first-fy", "9999", "--directors", "5", "--out", str(t / "o")],
        ("--first-fy 9999", "FY74"),
    ),
    (
        "synth --years running past FY74",
        lambda t: ["synth", "--first-fy", "2060", "--years", "20", "--out", str(t / "o")],
        ("--years 20", "FY74"),
    ),
    (
        "synth --today without --sample",
        lambda t: ["synth", "--today", "2026-01-01", "--directors", "5", "--out", str(t / "o")],
        ("--today", "--sample"),
    ),
    (
        "synth --directors with --sample",
        lambda t: ["synth", "--sample", "--directors", "5", "--out", str(t / "o")],
        ("--directors", "--sample"),
    ),
    (
        "synth --out an existing file",
        lambda t: ["synth", "--sample", "--out", str(_file(t))],
        ("--out",),
    ),
    (
        "build --fy 1999",
        lambda t: ["build", "--fy", "1999", "--out", str(t / "o")],
        ("--fy 1999", "before"),
    ),
    (
        "build --out an existing file",
        lambda t: ["build", "--fy", "2026", "--out", str(_file(t))],
        ("--out",),
    ),
    (
        "build --timeout 0",
        lambda t: ["build", "--timeout", "0", "--out", str(t / "o")],
        ("--timeout",),
    ),
    ("build --jobs nan", lambda t: ["build", "--jobs", "nan", "--out", str(t / "o")], ("--jobs",)),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=lambda case: case[0])
def test_a_bad_argument_is_one_line_naming_it(case, tmp_path, capsys):
    _name, argv, needles = case
    run = run_cli(capsys, *argv(tmp_path))
    assert_clean_failure(run, *needles)
    assert not (tmp_path / "o").exists()  # refused before anything was written


@pytest.mark.skipif(_is_root(), reason="root may write anywhere")
def test_a_read_only_out_folder_is_refused_before_the_work(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        run = run_cli(capsys, "evaluate", "--fy", "2026", "--out", str(folder / "o"))
    finally:
        folder.chmod(0o755)
    assert_clean_failure(run, "--out", "cannot be written")


def test_a_year_before_the_requirement_evaluates_with_a_note(tmp_path, capsys):
    run = run_cli(capsys, "evaluate", "--fy", "1999", "--out", str(tmp_path / "o"))
    assert run.code == 0, run.err
    assert "before TD-CEU hours began" in run.out


def test_the_corpus_is_at_least_sixty_cases():
    assert len(FILE_CASES) + len(CLI_CASES) + 2 >= 60
