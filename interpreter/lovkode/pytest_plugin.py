"""pytest plugin: every ``eksempel`` of a spec is a test item, named after it.

Active only where asked: ``lovkode_spec = "spec"`` in the pytest ini options (or ``--lovkode-spec DIR``).
Then each Markdown file of that directory is collected, and its examples run against the whole spec
(loaded once per run). A failure reads ``spec/x.md:42: Eksempel 'X': forventet … / fik …``.
"""
from __future__ import annotations

from pathlib import Path

import pytest

_LOADED: dict = {}


def pytest_addoption(parser):
    parser.addini("lovkode_spec", "mappe med lovkode-spec, hvis eksempler skal køres som tests", default="")
    parser.addoption("--lovkode-spec", default=None, help="mappe med lovkode-spec, hvis eksempler køres som tests")


def _spec_dir(config) -> Path | None:
    chosen = config.getoption("--lovkode-spec") or config.getini("lovkode_spec")
    if not chosen:
        return None
    path = Path(chosen)
    if not path.is_absolute():
        path = Path(config.rootpath) / path
    return path.resolve()


def _load(directory: Path):
    if directory not in _LOADED:
        from . import SpecError, load

        try:
            spec = load(directory)
            _LOADED[directory] = (spec, spec.run_examples(), None)
        except SpecError as err:
            _LOADED[directory] = (None, [], err)
    return _LOADED[directory]


def pytest_collect_file(file_path: Path, parent):
    directory = _spec_dir(parent.config)
    if directory is None or file_path.suffix != ".md":
        return None
    try:
        file_path.resolve().relative_to(directory)
    except ValueError:
        return None
    return SpecFile.from_parent(parent, path=file_path)


class SpecFile(pytest.File):
    def collect(self):
        directory = _spec_dir(self.config)
        spec, results, error = _load(directory)
        relative = self.path.resolve().relative_to(directory).as_posix()
        if error is not None:
            if relative == sorted(error.sources)[0] if error.sources else True:
                yield SpecErrorItem.from_parent(self, name="lovkode check", error=error)
            return
        for result in results:
            if result.example.span.file == relative:
                yield ExampleItem.from_parent(self, name=result.example.name, result=result)


class ExampleItem(pytest.Item):
    def __init__(self, *, result, **kwargs):
        super().__init__(**kwargs)
        self.result = result

    def runtest(self):
        if not self.result.passed:
            raise ExampleFailed(self.result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ExampleFailed):
            r = self.result
            lines = [f"{self.path.name}:{r.where.line}: Eksempel '{r.example.name}'"]
            for question, (want_value, want_missing) in r.example.expected.items():
                got = r.actual.get(question)
                if got is None or (want_value, tuple(want_missing)) == (got[0], tuple(got[1])):
                    continue
                lines.append(f"  {question}: forventet {want_value!r} (mangler {list(want_missing)})")
                lines.append(f"  {' ' * len(question)}  fik      {got[0]!r} (mangler {list(got[1])})")
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.result.where.line - 1, f"Eksempel '{self.result.example.name}'"


class SpecErrorItem(pytest.Item):
    def __init__(self, *, error, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def runtest(self):
        raise ExampleFailed(None)

    def repr_failure(self, excinfo, style=None):
        from .render.diagnostics import box

        return "\n\n".join(box(d, self.error.sources) for d in self.error.diagnostics if d.is_error)


class ExampleFailed(Exception):
    def __init__(self, result):
        super().__init__("eksempel fejlede")
        self.result = result
