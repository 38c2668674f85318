"""Diagnostics rendered in one place, three ways: an Elm-style box, a GNU line, and JSON.

The box shows the file, line and column, the source line itself with a caret under the span, and the
hint — what a legal expert needs to fix it without knowing any programming. ``lovkode check --verbose``'s
section on how the columns compute numbers (:func:`numbers`) uses the same box.
"""
from __future__ import annotations

import textwrap

from .. import messages
from ..columnar.scale import Exactness
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
    out = [_title(f"{_SEVERITY.get(d.severity, d.severity.upper())} {d.code}"), _location(d.span, prefix)]
    out.append("")
    out.append(d.message)
    out += excerpt(sources, d.span)
    if d.hint:
        out.append("")
        out.append(f"hjælp: {d.hint}")
    return "\n".join(out)


def _title(word: str) -> str:
    title = f"-- {word} "
    return title + "-" * max(4, 72 - len(title))


def _location(span, prefix: str) -> str:
    out = f"{prefix}{span.file}:{span.line}:{span.column}" if span.line else f"{prefix}{span.file}"
    if span.heading:
        out += f"  ({' › '.join(span.heading)})"
    return out


def excerpt(sources: dict[str, str], span) -> list[str]:
    """A blank line, the span's source line (a window of a long one) and a caret under the span; nothing
    when the line is not at hand."""
    source = _line(sources, span.file, span.line)
    if source is None:
        return []
    source = source.replace("\t", " ")
    gutter = f"{span.line} | "
    column = span.column
    width = 1
    if span.end_line == span.line and span.end_column > span.column:
        width = span.end_column - span.column
    width = max(1, min(width, max(1, len(source) - column + 1), _WINDOW // 2))
    if len(source) > _WINDOW:
        # Show a window of a long line around the caret, marked with … where it is cut.
        start = max(0, min(column - 1 - _WINDOW // 3, len(source) - _WINDOW))
        shown = source[start : start + _WINDOW]
        prefix_mark = "…" if start > 0 else ""
        suffix_mark = "…" if start + _WINDOW < len(source) else ""
        source = prefix_mark + shown + suffix_mark
        column = column - start + len(prefix_mark)
    return ["", gutter + source, " " * (len(gutter) + column - 1) + "^" * width]


def numbers(rules, sources: dict[str, str], prefix: str = "") -> str:
    """``lovkode check --verbose``'s section on numbers: per rule (a
    :class:`lovkode.columnar.scale.RuleNumbers`) a box like a diagnostic's — the rule's place and § heading,
    how the columns compute it, each place that is not proven with its line and why, and the rules it
    builds on — then a count."""
    out = [textwrap.fill(messages.NUMBERS_INTRO, 100), ""]
    if not rules:
        return "\n".join(out + [messages.NUMBERS_ALL_PROVEN])
    counts = {Exactness.DECIMAL: 0, Exactness.CHECKED: 0}
    for rule in rules:
        out += [_title(f"{messages.NUMBERS_TITLE} »{rule.entry.name}«"), _location(rule.entry.span, prefix), "",
                messages.numbers_rule(rule.entry.name, rule.verdict)]
        for finding in rule.findings:
            counts[finding.exactness] += 1
            out += excerpt(sources, finding.span)
            out.append(messages.NUMBERS_LOSS[finding.loss])
        if rule.builds_on:
            out += ["", messages.numbers_builds_on([(entry.name, verdict) for entry, verdict in rule.builds_on])]
        out.append("")
    out.append(messages.numbers_summary(counts[Exactness.DECIMAL], counts[Exactness.CHECKED]))
    return "\n".join(out)


_EXACTNESS_JSON = {Exactness.PROVEN: "bevist", Exactness.CHECKED: "tjekket", Exactness.DECIMAL: "decimaltal"}
"""A verdict in JSON: the words the guide uses for the three ways the columns compute a number."""


def numbers_json(rules, prefix: str = "") -> dict:
    """``lovkode check --format json --verbose``'s section on numbers, the same content as :func:`numbers`:
    per rule its place, its verdict (None for a condition) with the sentence the text form shows, each
    place that is not proven with its verdict, why (a :class:`~lovkode.columnar.scale.Loss`) and the
    reason in Danish, and the rules it builds on; then the counts."""
    counts = {Exactness.DECIMAL: 0, Exactness.CHECKED: 0}
    out = []
    for rule in rules:
        places = []
        for finding in rule.findings:
            counts[finding.exactness] += 1
            places.append({**_place(finding.span, prefix), "dom": _EXACTNESS_JSON[finding.exactness],
                           "grund": finding.loss.value, "besked": messages.NUMBERS_LOSS[finding.loss]})
        out.append({
            "regel": rule.entry.name,
            **_place(rule.entry.span, prefix),
            "dom": None if rule.verdict is None else _EXACTNESS_JSON[rule.verdict],
            "besked": messages.numbers_rule(rule.entry.name, rule.verdict),
            "steder": places,
            "bygger_på": [{"regel": entry.name, "dom": _EXACTNESS_JSON[verdict]} for entry, verdict in rule.builds_on],
        })
    return {"regler": out, "decimaltal": counts[Exactness.DECIMAL], "tjekket": counts[Exactness.CHECKED],
            "besked": messages.numbers_summary(counts[Exactness.DECIMAL], counts[Exactness.CHECKED]) if rules
            else messages.NUMBERS_ALL_PROVEN}


def _place(span, prefix: str) -> dict:
    return {"fil": prefix + span.file, "linje": span.line, "kolonne": span.column,
            "slutlinje": span.end_line, "slutkolonne": span.end_column, "overskrift": list(span.heading)}


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
