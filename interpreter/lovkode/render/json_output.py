"""The contract's JSON: ``{"results": {question: {"value", "missing", "citation", "explanation"}}}``.

Numbers are written as exact decimals (never through binary floats): 7 timer × 35 % is ``2.45``.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal

from ..values import Duration, normalise


def jsonable(value):
    """A result value as JSON data: a Decimal becomes an int, or a float whose shortest text is exactly
    the Decimal's own (so it is written exactly); any other Decimal stays a Decimal for :func:`dumps`."""
    kind = type(value)
    if kind is bool or kind is str or value is None:
        return value
    if kind is Decimal:
        return exact_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Duration):
        return str(value)
    return value


def _write(obj, indent: int | None, level: int, out: list[str]) -> None:
    if obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif isinstance(obj, Decimal):
        out.append(format(normalise(obj), "f"))
    elif isinstance(obj, int):
        out.append(str(obj))
    elif isinstance(obj, float):
        out.append(json.dumps(obj))
    elif isinstance(obj, str):
        out.append(json.dumps(obj, ensure_ascii=False))
    elif isinstance(obj, (dt.date, Duration)):
        out.append(json.dumps(jsonable(obj), ensure_ascii=False))
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        out.append("{")
        for i, (key, value) in enumerate(obj.items()):
            if i:
                out.append(",")
            if indent is not None:
                out.append("\n" + " " * (indent * (level + 1)))
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(": " if indent is not None else ":")
            _write(value, indent, level + 1, out)
        if indent is not None:
            out.append("\n" + " " * (indent * level))
        out.append("}")
    elif isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        out.append("[")
        for i, value in enumerate(obj):
            if i:
                out.append(",")
            if indent is not None:
                out.append("\n" + " " * (indent * (level + 1)))
            _write(value, indent, level + 1, out)
        if indent is not None:
            out.append("\n" + " " * (indent * level))
        out.append("]")
    else:
        out.append(json.dumps(str(obj), ensure_ascii=False))


@functools.lru_cache(maxsize=4096)
def exact_number(value: Decimal):
    """int, exact-text float, or the Decimal itself when neither writes the same digits."""
    value = normalise(value)
    sign, digits, exponent = value.as_tuple()
    if exponent >= 0:
        return int(value)
    if len(digits) <= 15 and -exponent <= 15:
        number = float(value)
        if repr(number) == format(value, "f"):
            return number
    return value


class _Inexact(Exception):
    """A Decimal whose shortest float text would differ from its own: use the exact writer."""


def _fast(obj):
    """Decimals → int, or float where the float's shortest text is exactly the Decimal's (≤ 15 digits)."""
    if isinstance(obj, dict):
        return {k: _fast(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_fast(v) for v in obj]
    if isinstance(obj, Decimal):
        number = exact_number(obj)
        if isinstance(number, Decimal):
            raise _Inexact
        return number
    if isinstance(obj, (dt.date, Duration)):
        return jsonable(obj)
    if isinstance(obj, tuple):
        return [_fast(v) for v in obj]
    return obj


def dumps(obj, indent: int | None = 2) -> str:
    """JSON text with Decimals as exact numbers and Danish letters kept.

    The common case goes through the C encoder: a Decimal is handed over as an int, or as a float only
    when the float's shortest text is exactly the Decimal's own (2.45 stays 2.45). Anything else is
    written digit for digit by the slower exact writer, so no number ever passes through binary rounding.
    """
    separators = (",", ":") if indent is None else None
    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators)
    except TypeError:
        pass
    try:
        return json.dumps(_fast(obj), ensure_ascii=False, indent=indent, separators=separators)
    except _Inexact:
        out: list[str] = []
        _write(obj, indent, 0, out)
        return "".join(out)


def _with_references(trees: dict[str, dict], could_reach) -> dict[str, dict]:
    """Each answer's tree, where a node that is itself another answer in the same output is written
    as a reference: its name, value, citation (and missing) with ``"se": "results.NAME"`` and no
    ``because`` of its own — the derivation stands once, under that answer. ``could_reach(name)`` says
    whether a node's derivation may contain another answer (from the spec's dependency graph); other
    sub-trees are the tracer's own dicts, not copies."""
    answers = set(trees)
    rewritten: dict[str, dict] = {}

    def rewrite(node: dict) -> dict:
        name = node["name"]
        if name in answers:
            ref = {k: node[k] for k in ("name", "kind", "value", "citation", "missing") if k in node}
            ref["se"] = f"results.{name}"
            ref["because"] = []
            return ref
        if not could_reach(name):
            return node
        done = rewritten.get(name)
        if done is None:
            done = dict(node)
            done["because"] = [rewrite(child) for child in node["because"]]
            rewritten[name] = done
        return done

    out = {}
    for name, tree in trees.items():
        top = dict(tree)
        top["because"] = [rewrite(child) for child in tree["because"]]
        out[name] = top
    return out


def results_json(answers, explanations: bool = True) -> dict:
    """The contract's object for a set of answers (see :class:`lovkode.api.Answers`).

    Explanations share sub-derivations: one answer's derivation inside another's is a reference to it
    (see :func:`_with_references`), so each derivation is written once per output.
    """
    trees = {}
    if explanations:
        could_reach = answers.spec.reaches_any(frozenset(answers))
        trees = _with_references({name: answer.explanation for name, answer in answers.items()}, could_reach)
    results = {}
    for name, answer in answers.items():
        entry = {
            "value": jsonable(answer.value),
            "missing": list(answer.missing),
            "citation": answer.citation,
        }
        if answer.silent:
            entry["kilderne_tavse"] = list(answer.silent)
        if explanations:
            entry["explanation"] = trees[name]
        results[name] = entry
    out = {"results": results}
    if explanations and answers.sources:
        out["kilder"] = dict(answers.sources)
    recommendations = answers.recommendations
    if recommendations:
        out["anbefalinger"] = [
            {"name": r.id, "label": r.name, "citation": r.citation, "text": r.text} for r in recommendations
        ]
    return out

