"""Small helpers to compile a spec written inline in a test."""
from __future__ import annotations

import textwrap

from lovkode.pipeline import compile_sources

HEADER = '''kilde LAB = "lov om en aktiv beskæftigelsesindsats"
gældende ret vurderes på »afgørelsesdato«
faktum »afgørelsesdato«: dato
'''


def compile_text(body: str, header: bool = True):
    """Compile one lovkode block (dedented); returns (spec or None, diagnostics)."""
    text = (HEADER if header else "") + textwrap.dedent(body)
    return compile_sources({"test.md": "# Test\n\n```lovkode\n" + text + "```\n"})


def spec_of(body: str, header: bool = True):
    spec, diagnostics = compile_text(body, header)
    errors = [d for d in diagnostics if d.is_error]
    assert [] == [(d.code, d.message, d.span.line) for d in errors]
    return spec


def codes(body: str, header: bool = True) -> list[str]:
    _, diagnostics = compile_text(body, header)
    return [d.code for d in diagnostics]
