"""The form of "Prøv en sag" as JSON data, made from the loaded spec's declarations.

The page's script builds its form from this description alone, so the page shows the questions and
fields before the interpreter has loaded, and the interpreter's answers only fill in values and states.
"""
from __future__ import annotations

from ... import structure
from ...facts import NUMBER_LIMIT
from ...types import AMOUNT, BOOL, CHOICE, DATE, HOURS, NUMBER, PERCENT, TEXT

FORMAT = 1
"""Bumped when the shape below changes, so a stale cached copy is not misread."""

_UNITS = {HOURS: "timer", PERCENT: "%", AMOUNT: "kr.", NUMBER: ""}
_CONTROLS = {BOOL: "ja-nej", DATE: "dato", CHOICE: "valg", TEXT: "tekst", HOURS: "tal", PERCENT: "tal",
             AMOUNT: "tal", NUMBER: "tal"}


def describe_form(spec) -> dict:
    """The questions (in the spec's order, each with its facts in the order its rules list them) and
    every fact with its control, unit, limits, description and hjemmel."""
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
    questions = []
    for ident in spec.questions:
        rule = spec.rules[ident]
        questions.append({"id": ident, "navn": rule.name, "type": rule.type, "beskrivelse": rule.description,
                          "hjemmel": rule.citation, "fakta": list(structure.facts_in_order(spec, ident))})
    return {"format": FORMAT, "spørgsmål": questions, "fakta": facts}
