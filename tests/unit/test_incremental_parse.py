"""The editor's incremental parse (one declaration at a time, remembered) gives exactly what a whole parse gives."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lovkode.pipeline import parse_blocks, read_sources, spec_dir

SOURCES, _ = read_sources(spec_dir())
MEMO: dict = {}


def test_the_bundled_spec_parses_the_same_declaration_by_declaration():
    for name, text in SOURCES.items():
        assert parse_blocks(name, text) == parse_blocks(name, text, MEMO)


EDITS = st.sampled_from(["delete", "duplicate", "indent", "dedent", "typo", "unfinished"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SOURCES)), st.integers(0, 10**6), EDITS)
def test_any_edit_gives_the_same_declarations_and_diagnostics_as_lovkode_check(name, where, edit):
    lines = SOURCES[name].split("\n")
    number = where % len(lines)
    line = lines[number]
    if edit == "delete":
        del lines[number]
    elif edit == "duplicate":
        lines.insert(number, line)
    elif edit == "indent":
        lines[number] = "   " + line
    elif edit == "dedent":
        lines[number] = line.lstrip()
    elif edit == "typo":
        lines[number] = line.replace("«", "x«", 1).replace(" er ", " err ", 1)
    else:
        lines[number] = line + " og"
    text = "\n".join(lines)
    assert parse_blocks(name, text) == parse_blocks(name, text, MEMO)
