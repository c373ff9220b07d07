"""Each sub-command's words are its `run` function's docstring: the first paragraph is its
line in `tdceu --help`, the rest what `tdceu COMMAND --help` says."""

import inspect

import pytest

from tdceu_analysis.cli import (
    build,
    build_parser,
    check,
    evaluate,
    events,
    importing,
    init,
    report,
    statements,
    synth,
)


def _subparsers(parser):
    return next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")


@pytest.mark.parametrize(
    ("path", "run"),
    [
        (("evaluate",), evaluate.run),
        (("build",), build.run),
        (("report", "state"), report.run_state),
        (("report", "at-risk"), report.run_at_risk),
        (("statements",), statements.run),
        (("synth",), synth.run),
        (("import", "talentlms"), importing.run_talentlms),
        (("init",), init.run),
        (("check",), check.run),
        (("events", "carry-forward"), events.run_carry_forward),
    ],
)
def test_a_command_says_what_its_run_function_says(path, run):
    summary, description = inspect.cleandoc(run.__doc__).split("\n\n", 1)
    parser, listing = build_parser(), None
    for name in path:
        choices = _subparsers(parser)
        listing = next(a.help for a in choices._choices_actions if a.dest == name)
        parser = choices.choices[name]
    assert listing == " ".join(summary.split())
    assert parser.description == " ".join(description.split())
    assert parser.get_default("func") is run


def test_the_talentlms_import_names_the_file_it_writes():
    talentlms = _subparsers(_subparsers(build_parser()).choices["import"]).choices["talentlms"]
    assert f"DIR/{importing.DEFAULT_RECORDS_FILE} with --data" in talentlms.description
