"""Renaming keeps a fact's declared machine identifier (`id:`), which case files use."""
from __future__ import annotations

import pytest

pytest.importorskip("pygls", reason='sprogserveren kræver lovkode[lsp] (pygls og lsprotocol)')

from lovkode.lsp import rename_edits  # noqa: E402
from lovkode.workspace import Workspace  # noqa: E402
from tests.helpers import HEADER  # noqa: E402

SPEC = HEADER + """\
faktum »løn før skat«: beløb
  id: loen
regel »dobbelt løn«: beløb
  hjemmel: LAB § 1
  er loen gange 2
eksempel "løn"
  givet: loen: 10 kr.; »afgørelsesdato«: 2024-01-01
  så: »dobbelt løn«: 20 kr.
"""


def _analysis():
    space = Workspace()
    space.update("spec.md", "```lovkode\n" + SPEC + "```\n")
    analysis = space.analyse()
    assert [] == [d.code for d in analysis.diagnostics if d.is_error]
    return analysis


def test_renaming_a_fact_with_an_id_changes_its_name_and_keeps_the_id_where_it_is_written():
    analysis = _analysis()
    definition = analysis.definition("loen")
    edits, warning = rename_edits(analysis, definition, "månedsløn før skat")
    assert ([(definition.span.line, "»månedsløn før skat«")], None) == ([(s.line, t) for s, t in edits], warning)


def test_renaming_a_rule_changes_every_place_including_examples():
    analysis = _analysis()
    edits, warning = rename_edits(analysis, analysis.definition("dobbelt_løn"), "<<to gange løn>>")
    assert [(7, "»to gange løn«"), (12, "»to gange løn«")] == [(s.line, t) for s, t in edits]
    assert warning is None  # a regel is not a question: no caller asks for it by its machine name
