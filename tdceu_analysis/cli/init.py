"""`tdceu init DIR [--force]`: a data folder ready to fill.

Writes `districts.csv` (Alabama's 153 school systems, with the package's own codes
and regions, marked as such), `directors.csv`, `records-manual.csv` (for the sessions
TalentLMS does not know), `events.csv` and `sessions.csv` (headers only, from the data
contract's schema; the README beside them, generated from the same schema, says what each
column takes), a `policy.toml` whose every line is a comment, and a `README.md`. A folder
that already holds data is refused unless `--force`; even then a file init did not write
(or that was changed since) is kept.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl

from tdceu_analysis._paths import (
    docs_folder,
    init_templates_folder,
    policy_file,
    school_systems_file,
)
from tdceu_analysis.cli.common import add_command, add_switch
from tdceu_analysis.errors import UserError
from tdceu_analysis.io.contract import FILE_SUFFIXES, INPUT_FILES
from tdceu_analysis.io.schema import SCHEMAS, column_names, render_fill_table
from tdceu_analysis.io.write import write_csv, write_text
from tdceu_analysis.policy import load_parameters

# What init writes, in this order; `MANIFEST` remembers each file's hash so that
# `--force` rewrites only files init wrote and nobody changed.
WRITTEN = (
    "README.md",
    "districts.csv",
    "directors.csv",
    "records-manual.csv",
    "events.csv",
    "sessions.csv",
    "policy.toml",
)
# The files written with their header only, and the input each is of.
HEADERS_ONLY = {
    "directors.csv": "directors",
    "records-manual.csv": "records",
    "events.csv": "events",
    "sessions.csv": "sessions",
}
MANIFEST = ".tdceu-init.json"
DISTRICT_NOTE = (
    "district_code and region are the package's own, not ALSDE's: replace them with yours"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "init", run)
    parser.add_argument("folder", type=Path, help="the folder to create (or an empty one)")
    add_switch(
        parser,
        "--force",
        "write into a folder that holds data: add the missing files, rewrite only the ones init "
        "wrote and nobody changed",
    )


def districts_frame() -> pl.DataFrame:
    """The 153 school systems in the contract's columns, plus where the region comes from."""
    reference = pl.read_csv(school_systems_file(), infer_schema=False)
    return reference.select(
        *(column.name for column in INPUT_FILES["districts"]),
        "region_basis",
        pl.lit(DISTRICT_NOTE).alias("note"),
    )


def _toml_value(value: Any) -> str:
    """A TOML literal for a commented example (bool, number, text, or a table of text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def policy_template() -> str:
    """Every shipped parameter as a commented block: its latest value, ready to copy.

    Generated from `parameters.toml`, so it shows the values in force and never
    drifts from them; no line is active, so the folder changes nothing until edited.
    """
    lines = [
        "# This folder's own policy values (optional). Every line is a comment: the",
        "# package's values apply. To change a value from a fiscal year on, copy its",
        "# block, remove the leading '# ', and set effective_fy, value and source (where",
        "# the new value is published). Format: the package's data/policy/parameters.toml.",
        "",
    ]
    for name, parameter in load_parameters(policy_file()).items():
        latest = max(parameter.values, key=lambda entry: entry.effective_fy)
        lines += [
            f"# {name}: {parameter.description} ({parameter.unit}, {parameter.rule})",
            f"# [[{name}.values]]",
            f"# effective_fy = {latest.effective_fy}",
            f"# value = {_toml_value(latest.value)}",
            f"# source = {json.dumps(latest.source, ensure_ascii=False)}",
            "",
        ]
    return "\n".join(lines)


def readme_text() -> str:
    """The folder's README: the template with each input's columns rendered from the schema
    (`io/schema.py`), and where the installed package keeps the rules and the contract."""
    text = (init_templates_folder() / "README.md").read_text(encoding="utf-8")
    text = text.replace("{{docs_folder}}", str(docs_folder()))
    for kind, file in SCHEMAS.items():
        text = text.replace(f"{{{{columns:{kind}}}}}", render_fill_table(kind))
        summary = file.summary[0].upper() + file.summary[1:]
        text = text.replace(f"{{{{summary:{kind}}}}}", summary)
    return text


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _holds_data(folder: Path) -> list[str]:
    """Names of the files in `folder` that look like data (any input file, or init's)."""
    stems = set(INPUT_FILES)
    return sorted(
        path.name
        for path in folder.iterdir()
        if path.is_file()
        and (
            path.name in WRITTEN
            or (
                path.suffix.lower() in FILE_SUFFIXES
                and (path.stem.lower() in stems or path.stem.lower().startswith("records-"))
            )
        )
    )


def _write_one(name: str, target: Path) -> None:
    if name == "districts.csv":
        write_csv(districts_frame(), target)
    elif name == "policy.toml":
        write_text(target, policy_template())
    elif name == "README.md":
        write_text(target, readme_text())
    else:
        write_text(target, ",".join(column_names(HEADERS_ONLY[name])) + "\n")


def init_folder(folder: Path, force: bool = False) -> tuple[list[str], list[str]]:
    """Write the templates into `folder`; (written, kept) file names."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"'{folder}' is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    present = _holds_data(folder)
    if present and not force:
        raise UserError(
            f"{folder} already holds data ({', '.join(present)}): choose a new folder, or add "
            "--force to add only the missing files (files you wrote or changed are kept)"
        )
    manifest_path = folder / MANIFEST
    manifest: dict[str, str] = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    )
    written: list[str] = []
    kept: list[str] = []
    for name in WRITTEN:
        target = folder / name
        stem = Path(name).stem
        # another file of the same kind (directors.xlsx) would make the folder ambiguous
        same_kind = [
            path.name
            for path in folder.iterdir()
            if path.is_file()
            and path.name != name
            and path.stem.lower() == stem
            and path.suffix.lower() in FILE_SUFFIXES
        ]
        ours = target.is_file() and manifest.get(name) == _digest(target)
        if same_kind or (target.exists() and not ours):
            kept.append(name)
            continue
        _write_one(name, target)
        manifest[name] = _digest(target)
        written.append(name)
    write_text(manifest_path, json.dumps(manifest, indent=2, sort_keys=True))
    return written, kept


def run(args: argparse.Namespace) -> int:
    """write a data folder ready to fill (districts, directors, records-manual, events,
    sessions, policy, README)

    Write a data folder ready to fill: districts.csv with Alabama's 153 school systems,
    directors.csv, records-manual.csv (the sessions TalentLMS does not know), events.csv and
    sessions.csv with their headers, a commented policy.toml and a README saying what each
    column takes. Refuses a folder that already holds data unless --force, and never
    overwrites a file it did not write.
    """
    folder: Path = args.folder
    written, kept = init_folder(folder, args.force)
    print(f"wrote {', '.join(written) or 'nothing'} in {folder}")
    if kept:
        print(f"kept (not written by init, or changed since): {', '.join(kept)}")
    print(
        "next: fill directors.csv (one row a director: director_id, name, district_code, "
        "role_start; email lets TalentLMS users match), type the sessions TalentLMS does not "
        "know into records-manual.csv, then\n"
        f"  tdceu import talentlms EXPORT.csv --data {folder}   (writes records-talentlms.csv)\n"
        f"  tdceu check --data {folder} --fy YEAR\n"
        f"  tdceu build --data {folder} --fy YEAR --out reports/\n"
        f"what each column takes: {folder / 'README.md'}"
    )
    return 0
