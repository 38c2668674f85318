"""The jurist guide's examples of each construct are, copied into an empty folder, a valid spec."""
from __future__ import annotations

from pathlib import Path

from lovkode.literate import blocks
from lovkode.pipeline import compile_sources

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "jurister.md"
SECTION = "Hver konstruktion med et eksempel"


def test_the_guides_construct_examples_form_a_spec_that_checks_and_passes_its_examples():
    text = GUIDE.read_text(encoding="utf-8")
    copied = [b.text for b in blocks("jurister.md", text) if SECTION in b.heading]
    assert len(copied) >= 10
    spec, diagnostics = compile_sources({"spec.md": "".join(f"```lovkode\n{b}\n```\n\n" for b in copied)})
    assert [] == [(d.code, d.message, d.span.line) for d in diagnostics]
    results = spec.run_examples()
    assert (3, []) == (len(results), [r.message for r in results if not r.passed])


def test_the_guides_list_of_error_codes_is_generated_from_every_code_the_interpreter_can_give():
    from lovkode import messages

    assert "<!-- lovkode:fejlkoder -->" in GUIDE.read_text(encoding="utf-8")  # filled in by docs/hooks.py
    assert [] == sorted(set(messages._TEMPLATES) - set(messages.CATALOGUE))
