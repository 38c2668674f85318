"""Robustness: random and mutated spec text, absurd nesting and huge files give diagnostics, never a crash.

Every diagnostic that comes back must be a proper one: a known code, a Danish message, a place in a
file that exists; a spec that compiles has no errors, and one that does not has at least one.
``LOVKODE_FUZZ_EXAMPLES=5000 pytest tests/robustness`` runs the random tests long.
"""
from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lovkode
from lovkode.messages import CATALOGUE
from lovkode.pipeline import check_path, compile_sources

EXAMPLES = int(os.environ.get("LOVKODE_FUZZ_EXAMPLES", "0")) or None
_ENGLISH = re.compile(r"Traceback|Error\b|object has no attribute|NoneType|unexpected keyword|not supported between")

SPEC_FILES = sorted(lovkode.spec_dir().glob("*.md"))
ALPHABET = "abcæøå »«<>-:,.()\n  \"%§0123456789 og eller ikke er hvis så ellers regel faktum hjemmel"


def compile_block(text: str):
    sources = {"fuzz.md": "```lovkode\n" + text + "\n```\n"}
    spec, diagnostics = compile_sources(sources)
    assert_proper(spec, diagnostics, sources)
    return spec, diagnostics


def assert_proper(spec, diagnostics, sources) -> None:
    """The outcome of compiling ``sources`` is either a spec without errors or at least one error, and
    every diagnostic is a known code with a Danish message, located in one of the files."""
    errors = [d for d in diagnostics if d.is_error]
    assert (spec is None) == bool(errors), [d.code for d in errors]
    for d in diagnostics:
        assert d.code in CATALOGUE, d.code
        assert d.message.strip() and not _ENGLISH.search(d.message), d.message
        assert d.span.file in sources or not d.span.line, d.span
        if d.span.line and d.span.file in sources:
            assert 1 <= d.span.line <= sources[d.span.file].count("\n") + 1, d.span


@settings(max_examples=EXAMPLES or 300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_random_text_gives_diagnostics_not_exceptions(text):
    compile_block(text)


@settings(max_examples=EXAMPLES or 150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_mutated_spec_files_give_diagnostics_not_exceptions(rnd):
    path = rnd.choice(SPEC_FILES)
    text = path.read_text(encoding="utf-8")
    chars = list(text)
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(chars))
        action = rnd.randrange(4)
        if action == 0:
            del chars[i]
        elif action == 1:
            chars.insert(i, rnd.choice(ALPHABET))
        elif action == 2:
            j = rnd.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
        else:
            chars[i:i] = list(text[rnd.randrange(len(text)) : rnd.randrange(len(text))][:50])
    sources = {p.name: p.read_text(encoding="utf-8") for p in SPEC_FILES}
    sources[path.name] = "".join(chars)
    spec, diagnostics = compile_sources(sources)
    assert_proper(spec, diagnostics, sources)


HEADER = "faktum a: sandhedsværdi\nspørgsmål x\n  hjemmel: LAB § 1\n  er opfyldt, når "


@pytest.mark.parametrize("body", [
    "(" * 5000 + "a" + ")" * 5000,
    "ikke " * 5000 + "a",
    " og ".join(["a"] * 20000),
    "hvis a så " * 3000 + "a" + " ellers a" * 3000,
])
def test_absurd_nesting_gives_a_diagnostic_or_a_result(body):
    spec, diagnostics = compile_block('kilde LAB = "lov"\n' + HEADER + body)
    if spec is not None:
        assert spec.evaluate({"a": True}, ["x"])["x"].value in (True, False, None)
    else:
        assert diagnostics


def test_deeply_nested_bullets():
    lines = ['kilde LAB = "lov"', "faktum a: sandhedsværdi", "spørgsmål x", "  hjemmel: LAB § 1",
             "  er opfyldt, når alle af følgende:"]
    for depth in range(1, 400):
        lines.append("  " * (depth + 1) + "- mindst én af følgende:")
    lines.append("  " * 401 + "- a")
    compile_block("\n".join(lines))


def test_ten_megabyte_file_is_refused_with_a_diagnostic(tmp_path):
    big = tmp_path / "stor.md"
    big.write_text("```lovkode\n" + "faktum a: sandhedsværdi\n" * 500_000 + "```\n", encoding="utf-8")
    assert big.stat().st_size > 10_000_000
    spec, diagnostics, _, _ = check_path(tmp_path)
    assert spec is None
    assert ["LK002"] == [d.code for d in diagnostics]


def test_binary_and_non_utf8_files(tmp_path):
    (tmp_path / "a.md").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(5000)))
    spec, diagnostics, _, _ = check_path(tmp_path)
    assert spec is None and [d.code for d in diagnostics] in (["LK001"], ["LK003"])


def test_missing_spec_directory():
    spec, diagnostics, _, _ = check_path(Path("/findes/ikke"))
    assert spec is None and "LK001" == diagnostics[0].code
