"""Imports that cost every process time for features the package never uses.

jsonschema (imported by altair and by nbformat) imports `rfc3987_syntax`, when it is
installed, for its optional `iri` format check; jupyter's own packages install it. That
module compiles 38 lark grammars as it is imported: about 0.9 s of every process that
draws a chart, and 3 s of a dashboard build (the build process and its kernel each pay
it). Nothing in this package checks an IRI. `defer_module` puts a stand-in in its place
that imports the real module the first time anything uses it, so the check still works
for whoever needs it, only later (the upstream issue: python-jsonschema/jsonschema#1428).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

SLOW_MODULES = {"rfc3987_syntax": ("is_valid_syntax",)}  # module: the names imported from it


def defer_module(name: str, functions: tuple[str, ...]) -> bool:
    """Put a stand-in for module `name` in `sys.modules` whose `functions` (and any other
    attribute) load the real module on first use. True if the stand-in was put in place;
    False if the module is already imported or not installed (then nothing changes)."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return False
    stand_in = types.ModuleType(name, f"Stand-in for {name}: imported on first use.")
    loaded: list[types.ModuleType] = []

    def real_module() -> types.ModuleType:
        if not loaded:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
            try:
                loaded.append(importlib.import_module(name))
            except BaseException:
                sys.modules.setdefault(name, stand_in)
                raise
        return loaded[0]

    def attribute(attribute_name: str) -> Any:
        # dunders are the import system and tools scanning sys.modules (`__path__`,
        # `__file__`), not users: they must not load it (so, until used, it is no package)
        if attribute_name.startswith("__"):
            raise AttributeError(attribute_name)
        return getattr(real_module(), attribute_name)

    def forwarding(function_name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(real_module(), function_name)(*args, **kwargs)

        call.__name__ = call.__qualname__ = function_name
        return call

    stand_in.__getattr__ = attribute  # type: ignore[method-assign]  # PEP 562 module getattr
    for function_name in functions:
        setattr(stand_in, function_name, forwarding(function_name))
    sys.modules[name] = stand_in
    return True


def defer_slow_modules() -> None:
    """Defer every module of `SLOW_MODULES` (called as the package is imported)."""
    for name, functions in SLOW_MODULES.items():
        defer_module(name, functions)
