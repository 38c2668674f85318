"""The form of "Prøv en sag" as JSON data, made from the loaded spec's declarations.

The page's script builds its form from this description alone, so the page shows the questions and
fields before the interpreter has loaded, and the interpreter's answers only fill in values and states.
"""
from __future__ import annotations

from ... import structure
from ...facts import NUMBER_LIMIT
from ...types import AMOUNT, BOOL, CHOICE, DATE, HOURS, NUMBER, PERCENT, TEXT

FORMAT = 2
"""Bumped when the shape below changes, so a stale cached copy is not misread (2: ``regler``)."""

_UNITS = {HOURS: "timer", PERCENT: "%", AMOUNT: "kr.", NUMBER: ""}
_CONTROLS = {BOOL: "ja-nej", DATE: "dato", CHOICE: "valg", TEXT: "tekst", HOURS: "tal", PERCENT: "tal",
             AMOUNT: "tal", NUMBER: "tal"}


def tryable_rules(spec) -> tuple[str, ...]:
    """The rules besides the questions that "Prøv en sag" offers, in the spec's order: every rule,
    skøn, table and regulated amount whose answer a case's facts can change. Left out is what reads
    no fact — a table by finansår, which only a regulation looks up, year by year."""
    return tuple(ident for ident in spec.rules
                 if ident not in spec.questions and structure.facts_in_order(spec, ident))


def describe_form(spec) -> dict:
    """The questions and the other rules a reader can try (:func:`tryable_rules`), each with its facts
    in the order its rules list them (in the spec's order), and every fact with its control, unit,
    limits, description and hjemmel."""
    types = structure.fact_types(spec)
    facts = {}
    for ident, fact in spec.facts.items():
        kind = types[ident].kind if types[ident] is not None else TEXT
        field = {"navn": fact.name, "type": kind, "felt": _CONTROLS.get(kind, "tekst"),
                 "beskrivelse": fact.description, "hjemmel": fact.citation}
        if kind in _UNITS:
            field.update(enhed=_UNITS[kind], min=-int(NUMBER_LIMIT), max=int(NUMBER_LIMIT))
            if kind in (HOURS, PERCENT):  # as the case file's JSON Schema (Spec.json_schema) says
                field["min"] = 0
            if kind == PERCENT:
                field["max"] = 100
        if kind == CHOICE:
            field["valg"] = list(fact.choices)
        facts[ident] = field
    return {"format": FORMAT, "spørgsmål": [_rule(spec, ident) for ident in spec.questions],
            "regler": [_rule(spec, ident) for ident in tryable_rules(spec)], "fakta": facts}


def _rule(spec, ident: str) -> dict:
    rule = spec.rules[ident]
    return {"id": ident, "navn": rule.name, "art": rule.kind, "type": rule.type, "beskrivelse": rule.description,
            "hjemmel": rule.citation, "fakta": list(structure.facts_in_order(spec, ident))}
