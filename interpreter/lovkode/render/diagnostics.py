"""Diagnostics rendered in one place, three ways: an Elm-style box, a GNU line, and JSON.

The box shows the file, line and column, the source line itself with a caret under the span, and the
hint — what a legal expert needs to fix it without knowing any programming.
"""
from __future__ import annotations

from ..diagnostics import Diagnostic

_SEVERITY = {"fejl": "FEJL", "advarsel": "ADVARSEL"}
_WINDOW = 100
"""Longest stretch of a source line shown in a box."""


def _line(sources: dict[str, str], file: str, number: int) -> str | None:
    text = sources.get(file)
    if text is None or number < 1:
        return None
    lines = text.split("\n")
    return lines[number - 1] if number <= len(lines) else None


def box(d: Diagnostic, sources: dict[str, str], prefix: str = "") -> str:
    """The Elm-style rendering: heading, location, source line with caret, hint."""
    title = f"-- {_SEVERITY.get(d.severity, d.severity.upper())} {d.code} "
    location = f"{prefix}{d.span.file}:{d.span.line}:{d.span.column}" if d.span.line else f"{prefix}{d.span.file}"
    out = [title + "-" * max(4, 72 - len(title)), location]
    if d.span.heading:
        out[-1] += f"  ({' › '.join(d.span.heading)})"
    out.append("")
    out.append(d.message)
    source = _line(sources, d.span.file, d.span.line)
    if source is not None:
        source = source.replace("\t", " ")
        gutter = f"{d.span.line} | "
        column = d.span.column
        width = 1
        if d.span.end_line == d.span.line and d.span.end_column > d.span.column:
            width = d.span.end_column - d.span.column
        width = max(1, min(width, max(1, len(source) - column + 1), _WINDOW // 2))
        if len(source) > _WINDOW:
            # Show a window of a long line around the caret, marked with … where it is cut.
            start = max(0, min(column - 1 - _WINDOW // 3, len(source) - _WINDOW))
            shown = source[start : start + _WINDOW]
            prefix_mark = "…" if start > 0 else ""
            suffix_mark = "…" if start + _WINDOW < len(source) else ""
            source = prefix_mark + shown + suffix_mark
            column = column - start + len(prefix_mark)
        out.append("")
        out.append(gutter + source)
        out.append(" " * (len(gutter) + column - 1) + "^" * width)
    if d.hint:
        out.append("")
        out.append(f"hjælp: {d.hint}")
    return "\n".join(out)


def gnu(d: Diagnostic, prefix: str = "") -> str:
    """One line per problem, for editors: ``fil:linje.kol-kol: [FEJL LK201] besked``."""
    end = d.span.end_column if d.span.end_line == d.span.line and d.span.end_column else d.span.column
    return (f"{prefix}{d.span.file}:{d.span.line}.{d.span.column}-{end}: "
            f"[{_SEVERITY.get(d.severity, d.severity)} {d.code}] {d.message}")


def as_json(d: Diagnostic, prefix: str = "") -> dict:
    return {
        "kode": d.code,
        "alvor": d.severity,
        "besked": d.message,
        "fil": prefix + d.span.file,
        "linje": d.span.line,
        "kolonne": d.span.column,
        "overskrift": list(d.span.heading),
        "hjælp": d.hint,
        "forslag": list(d.suggestions),
    }


def summary(diagnostics) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    return f"{errors} fejl, {warnings} {'advarsel' if warnings == 1 else 'advarsler'}"
