"""The interpreter's side of "Prøv en sag": one question, a case's facts, and what the page shows.

This module runs in the reader's browser inside Pyodide, where it is shipped as the top-level module
``lovkode_proev`` beside ``lovkode`` (so importing it never imports the site generator), and under
CPython in the tests, which compare it with the API. It only reads what the API and
:mod:`lovkode.structure` give; the page writes no Danish of its own about the law.
"""
from __future__ import annotations

import json
from collections import deque
from decimal import Decimal

from lovkode import FactsError, UnknownQuestionError, structure
from lovkode.messages import did_you_mean
from lovkode.render.json_output import dumps
from lovkode.render.text import format_value
from lovkode.trace import facts_reached
from lovkode.values import Ukendt, jsonable

DECIDES = "afgør"
USED = "brugt"
OPEN = "kan ændre"
IRRELEVANT = "uden betydning"
_OPEN_WHY = ("Reglerne ser på, om denne oplysning er givet (»er oplyst« eller »er ukendt«), så den kan ændre "
             "svaret, selv om svaret er kendt.")


def contract_text(value) -> str:
    """The answer's contract value as the page's ``data-svar`` holds it: ``true``, ``false``, ``null``,
    a number as JSON writes it, and a date or a choice as its plain text."""
    data = jsonable(value)
    if isinstance(data, str):
        return data
    return dumps(data, indent=None)


def _problem(problem) -> dict:
    """A bad fact for the page, which shows it at the field by the fact's Danish name."""
    text = problem.message
    if problem.suggestion:
        text += f" {did_you_mean([problem.suggestion])}"
    return {"faktum": problem.key, "tekst": text}


class Proevning:
    """Answers for one loaded spec; keeps the per-question orders it has computed."""

    def __init__(self, spec):
        self.spec = spec
        self._orders: dict[str, tuple[str, ...]] = {}
        self._depths: dict[str, dict[str, int]] = {}
        self._tested: dict[str, frozenset] = {}

    def order(self, question: str) -> tuple[str, ...]:
        """The question's facts in the order its rules list them."""
        if question not in self._orders:
            self._orders[question] = structure.facts_in_order(self.spec, question)
        return self._orders[question]

    def answer_json(self, question: str, facts_text: str) -> str:
        """:meth:`answer` for the page: the case as JSON text in, JSON text out."""
        try:
            facts = json.loads(facts_text, parse_float=Decimal)
        except ValueError as err:
            return dumps({"fejl": [{"faktum": None, "tekst": f"Sagen er ikke gyldig JSON: {err}."}]}, indent=None)
        return dumps(self.answer(question, facts), indent=None)

    def answer(self, question: str, facts) -> dict:
        """The answer, its begrundelse, the facts that still decide it in the spec's order, and each
        of the question's facts with its state: still deciding, used, able to change even a known answer
        (a rule tests whether it is given), or without bearing (and why)."""
        try:
            answers = self.spec.evaluate(facts, questions=[question])
        except FactsError as err:
            return {"fejl": [_problem(p) for p in err.problems]}
        except UnknownQuestionError as err:
            return {"fejl": [{"faktum": None, "tekst": str(err)}]}
        answer = answers[question]
        order = self.order(question)
        position = {fact: index for index, fact in enumerate(order)}
        info = _Info(self.spec, answers.tracer())
        reached = facts_reached(answer.explanation)
        given = {key for key, value in facts.items() if value is not None}
        missing = set(answer.missing)
        states = {}
        for fact in order:
            if fact in missing:
                states[fact] = {"status": DECIDES}
            elif fact in given and fact in reached:
                states[fact] = {"status": USED}
            elif fact in self._tested_for_knowledge(question):  # given or not, it can change the answer
                states[fact] = {"status": OPEN, "hvorfor": _OPEN_WHY}
            else:
                states[fact] = {"status": IRRELEVANT, "hvorfor": self._why(question, fact, info)}
        kind = info[question][1]
        return {
            "spørgsmål": question,
            "value": jsonable(answer.value),
            "svar": contract_text(answer.value),
            "vist": format_value(answer.value, kind),
            "missing": list(answer.missing),
            "næste": sorted(answer.missing, key=lambda fact: (position.get(fact, len(order)), fact)),
            "kilderne_tavse": bool(answer.silent),
            "begrundelse": answer.begrundelse(),
            "fakta": states,
            "anbefalinger": [{"navn": r.name, "tekst": r.text, "hjemmel": r.citation}
                             for r in answers.recommendations],
        }

    def _tested_for_knowledge(self, question: str) -> frozenset:
        if question not in self._tested:
            self._tested[question] = structure.facts_tested_for_knowledge(self.spec, question)
        return self._tested[question]

    def _why(self, question: str, fact: str, info) -> str:
        """Why ``fact`` cannot change the answer now: the settled rule nearest the question that the
        fact could only act through."""
        reaches = self.spec.reaches_any(frozenset({fact}))
        for rule in self._rules_by_depth(question):
            if not reaches(rule):
                continue
            value, kind, name = info[rule]
            if value is None:
                continue
            if rule == question:
                return f"Svaret er afgjort ({format_value(value, kind)}); oplysningen kan ikke ændre det."
            return f"»{name}« er allerede afgjort ({format_value(value, kind)}), så oplysningen ændrer ikke svaret."
        return ("Med de oplysninger, der er givet, indgår den kun i dele af reglerne, "
                "der ikke kan ændre svaret.")

    def _rules_by_depth(self, question: str):
        """The question and the rules below it, nearest first, in the order the rules list them."""
        if question not in self._depths:
            depths = {question: 0}
            queue = deque([question])
            while queue:
                ident = queue.popleft()
                for child in structure.condition_order(self.spec, ident):
                    if child not in depths and child in self.spec.rules:
                        depths[child] = depths[ident] + 1
                        queue.append(child)
            self._depths[question] = depths
        return self._depths[question]


class _Info:
    """name → (value or None when unknown, type word, name as written), read from the run's tables."""

    def __init__(self, spec, tracer):
        self._entries, self._tracer = spec._checked.entries, tracer

    def __getitem__(self, ident: str) -> tuple:
        entry = self._entries[ident]
        value = self._tracer.facts.get(ident) if entry.is_fact else self._tracer.cache.get(ident)
        if type(value) is Ukendt:
            value = None
        return value, entry.type.kind if entry.type else None, entry.name

