"""How a spec's rules and facts are put to a citizen: the optional lines a legal expert writes for the
begrundelse and the letter (`afgørelse til borgeren`, `når ja: "…"`, `"x" vises som "…"`,
`spørg borgeren: "…"`, `enhed: "…"`, `lovtekst: "…"`), checked here.

The checker proper (:mod:`lovkode.check`) calls :func:`check_presentation` once on the finished symbol
table. Errors are lines that cannot mean what they say (a `når ja` on an amount); warnings are what a
letter to a citizen would miss, for the decision questions and everything they reach.
"""
from __future__ import annotations

from . import ast, messages
from .diagnostics import Diagnostic
from .literate import quotes
from .types import BOOL, CHOICE, NUMBER

VALUE_SLOT = "{værdi}"
"""Where a `når fastsat` sentence puts the value (`"fleksløntilskuddet udgør {værdi}"`)."""


def presentation(entry) -> ast.Presentation:
    """The entry's presentation lines (empty for tables and anything without them)."""
    return getattr(entry.decl, "presentation", None) or ast.Presentation()


def decision_questions(checked) -> list:
    """The entries marked `afgørelse til borgeren`, in spec order."""
    return [e for e in checked.entries.values() if presentation(e).decision]


def reached(checked, roots) -> list:
    """Every entry the roots' derivations can reach (the roots included), each once, in spec order."""
    seen: set[str] = set()
    stack = [e.id for e in roots]
    while stack:
        ident = stack.pop()
        if ident in seen or ident not in checked.entries:
            continue
        seen.add(ident)
        stack.extend(checked.entries[ident].dependencies)
    return [e for e in checked.entries.values() if e.id in seen]


def wanted_outcomes(entry) -> list[tuple[ast.Outcome, str | None]]:
    """The outcome sentences a question of this type should have."""
    kind = entry.type.kind if entry.type else None
    if kind == BOOL:
        return [(ast.Outcome.JA, None), (ast.Outcome.NEJ, None)]
    if kind == CHOICE:
        return [(ast.Outcome.VALG, c) for c in entry.type.choices]
    return [(ast.Outcome.FASTSAT, None)]


def check_presentation(checked) -> list[Diagnostic]:
    """Errors in the presentation lines of every entry; warnings for what the decision questions lack."""
    found: list[Diagnostic] = []
    for entry in checked.entries.values():
        found.extend(_errors(entry))
    decisions = decision_questions(checked)
    for entry in reached(checked, decisions):
        shown = presentation(entry)
        kind = entry.type.kind if entry.type else None
        if entry.kind == "spørgsmål":
            have = {(o.outcome, o.choice) for o in shown.outcomes}
            for outcome, choice in wanted_outcomes(entry):
                if (outcome, choice) not in have:
                    found.append(messages.make("LK511", entry.span, name=entry.name,
                                               outcome=_outcome_words(outcome, choice)))
        if kind == CHOICE:
            labelled = {label.value for label in shown.labels}
            for choice in entry.type.choices:
                if choice not in labelled and not _reads_well(choice):
                    found.append(messages.make("LK512", entry.span, name=entry.name, value=choice))
        if entry.is_fact and shown.question is None:
            found.append(messages.make("LK513", entry.span, name=entry.name))
        if kind == NUMBER and shown.unit is None:
            found.append(messages.make("LK514", entry.span, name=entry.name))
    return found


block_quotes = quotes
"""Every block quote of a page (see :func:`lovkode.literate.quotes`)."""


def law_text(entry, quotes) -> str | None:
    """The quote that belongs to a declaration: the one holding its `lovtekst: "…"`, else the nearest
    quote above it under the same heading (or a heading above that)."""
    wanted = presentation(entry).law_text
    if wanted is not None:
        return next((text for _, _, text in quotes if wanted in text), None)
    found = None
    heading = entry.span.heading
    for line, where, text in quotes:
        if line < entry.span.line and heading[:len(where)] == where:
            found = text
    return found


def check_law_texts(checked, sources: dict[str, str]) -> list[Diagnostic]:
    """A `lovtekst: "…"` that no quote on its page holds is an error: the letter would quote nothing."""
    problems = []
    quotes: dict[str, list] = {}
    for entry in checked.entries.values():
        wanted = presentation(entry).law_text
        if wanted is None:
            continue
        file = entry.span.file
        if file not in quotes:
            quotes[file] = block_quotes(sources.get(file, ""))
        if law_text(entry, quotes[file]) is None:
            problems.append(messages.make("LK420", entry.span, name=entry.name, text=wanted))
    return problems


def _errors(entry) -> list[Diagnostic]:
    shown = presentation(entry)
    kind = entry.type.kind if entry.type else None
    problems = []
    if entry.type is None:
        return problems
    for sentence in shown.outcomes:
        fits = {ast.Outcome.JA: kind == BOOL, ast.Outcome.NEJ: kind == BOOL, ast.Outcome.UKENDT: True,
                ast.Outcome.FASTSAT: kind not in (BOOL, CHOICE),
                ast.Outcome.VALG: kind == CHOICE and sentence.choice in entry.type.choices}[sentence.outcome]
        if not fits:
            problems.append(messages.make("LK416", sentence.span, name=entry.name, type=entry.type.described,
                                          outcome=_outcome_words(sentence.outcome, sentence.choice),
                                          hint=_outcome_hint(entry)))
        elif sentence.outcome is ast.Outcome.FASTSAT and VALUE_SLOT not in sentence.text:
            problems.append(messages.make("LK418", sentence.span, name=entry.name))
    for label in shown.labels:
        if kind != CHOICE or label.value not in entry.type.choices:
            choices = ", ".join(f'"{c}"' for c in entry.type.choices) if kind == CHOICE else "ingen"
            problems.append(messages.make("LK417", label.span, name=entry.name, value=label.value, choices=choices))
    if shown.unit is not None and kind != NUMBER:
        problems.append(messages.make("LK419", entry.span, name=entry.name, type=entry.type.described))
    return problems


def _reads_well(choice: str) -> bool:
    """A choice that is already plain Danish words needs no label."""
    return "_" not in choice and choice == choice.strip()


def _outcome_words(outcome: ast.Outcome, choice: str | None) -> str:
    if outcome is ast.Outcome.VALG:
        return f'`når "{choice}": "…"`'
    return f'`når {outcome.value}: "…"`'


def _outcome_hint(entry) -> str:
    wanted = ", ".join(_outcome_words(o, c) for o, c in wanted_outcomes(entry))
    return f"For {entry.type.described} skrives {wanted} (og evt. `når ukendt: \"…\"`)."
