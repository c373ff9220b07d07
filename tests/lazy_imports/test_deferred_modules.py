"""A module that is slow to import and that the package never uses waits until it is used."""

import subprocess
import sys
import textwrap

from tdceu_analysis.lazy_imports import defer_module


def test_drawing_a_chart_no_longer_imports_the_iri_grammars_yet_iri_checks_still_work():
    # altair and nbformat import jsonschema, which imported rfc3987_syntax (38 lark grammars)
    script = textwrap.dedent(
        """
        import sys
        import tdceu_analysis, altair, nbformat, jsonschema
        print("lark" in sys.modules)
        checker = jsonschema.FormatChecker()
        print(checker.conforms("https://alet.example/ä", "iri"))
        print(checker.conforms("https://alet example/", "iri"))  # a space: not an IRI
        print("lark" in sys.modules, sys.modules["rfc3987_syntax"].__file__ is not None)
        """
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert shown == ["False", "True", "False", "True", "True"]


def _fake_module(tmp_path, monkeypatch, name):
    # a module that counts how often it is executed
    (tmp_path / f"{name}.py").write_text(
        "import builtins\n"
        "builtins.tdceu_imports = getattr(builtins, 'tdceu_imports', 0) + 1\n"
        "ANSWER = 42\n"
        "def double(x):\n"
        "    return 2 * x\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    import builtins

    monkeypatch.setattr(builtins, "tdceu_imports", 0, raising=False)
    return builtins


def test_the_real_module_runs_once_on_first_use_not_on_import_or_inspection(tmp_path, monkeypatch):
    import inspect

    counter = _fake_module(tmp_path, monkeypatch, "tdceu_slow_fake")
    assert defer_module("tdceu_slow_fake", ("double",))
    from tdceu_slow_fake import double  # what jsonschema does

    inspect.getmodule(double)  # scans every module's __file__
    assert counter.tdceu_imports == 0
    assert double(21) == 42  # first use: the module runs
    assert sys.modules["tdceu_slow_fake"].ANSWER == 42
    assert double(1) == 2
    assert counter.tdceu_imports == 1


def test_any_other_name_loads_the_module_too(tmp_path, monkeypatch):
    counter = _fake_module(tmp_path, monkeypatch, "tdceu_slow_fake2")
    assert defer_module("tdceu_slow_fake2", ())
    import tdceu_slow_fake2

    assert counter.tdceu_imports == 0
    assert tdceu_slow_fake2.ANSWER == 42 and counter.tdceu_imports == 1


def test_a_module_not_installed_or_already_imported_is_left_as_it_is():
    assert not defer_module("tdceu_no_such_module", ("f",))
    assert "tdceu_no_such_module" not in sys.modules
    json_module = sys.modules.setdefault("json", __import__("json"))
    assert not defer_module("json", ("dumps",))
    assert sys.modules["json"] is json_module
