"""Errors as data.

A :class:`Diagnostic` says what is wrong (a code and the facts of the problem), where (a span) and how
to fix it (a hint). The wording lives in :mod:`lovkode.messages`; rendering lives in
:mod:`lovkode.render.diagnostics`. Stages collect diagnostics in a list and never raise for bad input.
"""
from __future__ import annotations

import difflib

import attrs

from .source import NOWHERE, Span

FEJL = "fejl"
ADVARSEL = "advarsel"


@attrs.frozen
class Diagnostic:
    """One problem found in a spec, a case file or a command line."""

    code: str
    severity: str
    message: str
    span: Span = NOWHERE
    hint: str | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == FEJL


def suggest(word: str, candidates, limit: int = 3) -> tuple[str, ...]:
    """Near-miss names for "mente du …?", closest first (difflib's ratio, a Levenshtein relative)."""
    return tuple(difflib.get_close_matches(word, list(candidates), n=limit, cutoff=0.6))


def has_errors(diagnostics) -> bool:
    return any(d.is_error for d in diagnostics)
