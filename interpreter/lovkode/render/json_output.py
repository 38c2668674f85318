"""The contract's JSON: ``{"results": {question: {"value", "missing", "citation", "explanation"}}}``.

Numbers are written as exact decimals (never through binary floats): 7 timer × 35 % is ``2.45``.
"""
from __future__ import annotations

import collections
import datetime as dt
import functools
import itertools
import json
from decimal import Decimal

from ..values import Duration, Ukendt, normalise
from .reasons import silence_text, undefined_text


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


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(obj, indent: int | None = 2) -> str:
    """JSON text with Decimals as exact numbers and Danish letters kept.

    The common case goes through the C encoder: a Decimal is handed over as an int, or as a float only
    when the float's shortest text is exactly the Decimal's own (2.45 stays 2.45). Anything else is
    written digit for digit by the slower exact writer, so no number ever passes through binary rounding.
    """
    encode = _COMPACT.encode if indent is None else json.JSONEncoder(ensure_ascii=False, indent=indent).encode
    try:
        return encode(obj)
    except TypeError:
        pass
    try:
        return encode(_fast(obj))
    except _Inexact:
        out: list[str] = []
        _write(obj, indent, 0, out)
        return "".join(out)


def _reference(node: dict) -> dict:
    """A node that is itself another answer in the same output: its name, value, citation (and
    missing) with ``"se": "results.NAME"`` and no ``because`` — the derivation stands under that answer."""
    ref = {k: node[k] for k in ("name", "kind", "value", "citation", "missing") if k in node}
    ref["se"] = f"results.{node['name']}"
    ref["because"] = []
    return ref


def _with_references(trees: dict[str, dict], could_reach) -> dict[str, dict]:
    """Each answer's tree, where a node that is itself another answer is written as a
    :func:`_reference`. ``could_reach(name)`` says whether a node's derivation may contain another
    answer (from the spec's dependency graph); other sub-trees are the tracer's own dicts, not copies."""
    answers = set(trees)
    rewritten: dict[str, dict] = {}

    def rewrite(node: dict) -> dict:
        name = node["name"]
        if name in answers:
            return _reference(node)
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
    rewrite = None  # noqa: F841 — it calls itself through this frame's cell: cut the cycle (see write)
    return out


def _entry(answer) -> dict:
    entry = {
        "value": jsonable(answer.value),
        "missing": list(answer.missing),
        "citation": answer.citation,
    }
    if answer.silent:
        entry["kilderne_tavse"] = [silence_text(s) for s in answer.silent]
    if answer.undefined:
        entry["udefineret"] = [undefined_text(u) for u in answer.undefined]
    return entry


def _extras(answers, explanations: bool) -> dict:
    """What follows ``results``: the citations' legend (with explanations) and the anbefalinger."""
    out = {}
    if explanations and answers.sources:
        out["kilder"] = dict(answers.sources)
    if answers.recommendations:
        out["anbefalinger"] = [
            {"name": r.id, "label": r.name, "citation": r.citation, "text": r.text} for r in answers.recommendations
        ]
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
        entry = _entry(answer)
        if explanations:
            entry["explanation"] = trees[name]
        results[name] = entry
    return {"results": results, **_extras(answers, explanations)}


def results_text(answers, explanations: bool = True) -> str:
    """Exactly ``dumps(results_json(answers, explanations), indent=None)`` — the compact JSON that
    batch lines and the service send — written straight from the run, reusing the text of the
    sub-derivations earlier cases already wrote (see :class:`ExplanationTexts`)."""
    if not explanations or not answers:
        return dumps(results_json(answers, explanations), indent=None)
    texts = answers.spec.explanation_texts
    trees = texts.write(answers.tracer(), answers)
    parts = [f"{texts.entry(answer)},\"explanation\":{trees[name]}}}" for name, answer in answers.items()]
    return '{"results":{' + ",".join(parts) + "}" + texts.extras(answers) + "}"


class _Generations:
    """A dict bounded by two generations: when the newer is full it becomes the older, and an entry
    found in the older moves to the newer, so what keeps recurring stays and the rest ages out."""

    def __init__(self, limit: int):
        self.limit = limit
        self._new: dict = {}
        self._old: dict = {}

    def get(self, key):
        found = self._new.get(key)
        if found is None:
            found = self._old.get(key)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key, value) -> None:
        if len(self._new) >= self.limit:
            self._old, self._new = self._new, {}
        self._new[key] = value

    def clear(self) -> None:
        self._new, self._old = {}, {}


def _value_key(value) -> tuple:
    """What of a value decides its text: equal values of different types (``True``, ``1``) differ."""
    if type(value) is Ukendt:
        return (Ukendt, value.missing, value.silent, value.conflict, value.undefined)
    return (type(value), value)


class ExplanationTexts:
    """The JSON text of explanation sub-trees that earlier cases of one spec already wrote.

    Why: across a caseload most derivations repeat — the same conditions met for the same reasons —
    so reusing their text costs far less than building and encoding every tree anew.

    A rule's derivation is a function of the facts it can reach (the checker's dependency graph),
    so the values of those facts identify its text. Below another answer of the same output the
    tree holds only a reference (:func:`_reference`), so there the answer's value stands for
    everything beneath it. Where a rule's facts rarely repeat (dates, amounts), looking it up is not
    worth it: after a trial it is built from its children each time, whose texts are still reused.
    A node's own fields are reused by name, value and notes. Results are byte for byte what
    :func:`results_json` gives (a test compares them); only the time differs.

    Memory is bounded (:class:`_Generations`). Safe to share between threads: entries never change,
    and a lost update only costs writing a text again.
    """

    TRIAL = 256  # lookups of a rule to warm up, and as many again to see whether its texts repeat
    WORTH = 0.3  # the share of the trial's lookups that must find a text to keep looking
    CONTEXTS = 64  # sets of questions kept at once

    def __init__(self, entries, limit: int = 8192):
        self._entries = entries
        self._is_fact = {ident: entry.is_fact for ident, entry in entries.items()}
        self._is_discretion = {ident for ident, entry in entries.items() if entry.kind == "skøn"}
        self._fact_texts: dict[str, dict] = {}
        self._own = _Generations(limit)
        self._trees = _Generations(limit)
        self._contexts: dict = {}

    def clear(self, keep_shapes: bool = False) -> None:
        """Forget the texts, to free their memory or to time a case as if it were new.

        ``keep_shapes`` keeps what depends on the spec alone — each fact's node around its value, a
        node's fields around a known value, which facts decide each rule — and forgets the rest."""
        self._trees.clear()
        if not keep_shapes:
            self._own.clear()
            self._contexts = {}
            self._fact_texts = {}

    def entry(self, answer) -> str:
        """``"NAME":{"value":…,"missing":…,"citation":…`` for an answer, without the closing brace.
        The value, or the missing facts, are written into the text of the rest (see :func:`_around`)."""
        known = answer.value is not None
        key = ("svar", answer.name, known, answer.silent, answer.undefined)
        parts = self._own.get(key)
        if parts is None:
            parts = _around(_entry(answer), "value" if known else "missing", f"{_quoted(answer.name)}:")
            self._own.put(key, parts)
        middle = _value_text(answer.value) if known else _names_text(answer.missing)
        return parts[0] + middle + parts[1]

    def extras(self, answers) -> str:
        """``,"kilder":…,"anbefalinger":…`` — the same for every case with the same anbefalinger."""
        key = ("efter", tuple(r.id for r in answers.recommendations))
        text = self._own.get(key)
        if text is None:
            extras = _extras(answers, True)
            text = "," + dumps(extras, indent=None)[1:-1] if extras else ""
            self._own.put(key, text)
        return text

    def write(self, tracer, answers) -> dict[str, str]:
        """Each answer's explanation as JSON text, shaped as :func:`results_json` shapes it."""
        context = self._context(frozenset(answers), tracer.exhaustive)
        number, names, cuts, tried = context.number, context.names, context.cuts, context.tried
        is_fact, is_discretion, fact_texts = self._is_fact, self._is_discretion, self._fact_texts
        facts, cache, nodes = tracer.facts, tracer.cache, tracer.nodes
        own_get, own_put, tree_get, tree_put = self._own.get, self._own.put, self._trees.get, self._trees.put
        below: dict[str, str] = {}  # name → its text as a child: a reference for an answer

        def own(ident: str, value, notes) -> str:
            """The node's own fields as JSON text, without the closing brace. A known value is
            written into the text of the other fields, which recur far more often than it does."""
            unknown = type(value) is Ukendt
            if ident in is_discretion:  # its weighing reads considerations beside its value
                key, hole = (ident, _value_key(value), notes, dumps(tracer.own(ident), indent=None)), None
            elif not unknown:
                key, hole = (ident, None, notes), "value"
            elif value.silent or value.conflict or value.undefined:
                key, hole = (ident, _value_key(value), notes), None
            else:
                key, hole = (ident, Ukendt, notes), "missing"
            parts = own_get(key)
            if parts is None:
                parts = _around(tracer.own(ident), hole)
                own_put(key, parts)
            if hole is None:
                return parts[0]
            return parts[0] + (_names_text(value.missing) if unknown else _value_text(value)) + parts[1]

        def child(ident: str) -> str:
            if ident in names:
                value = cache[ident]
                unknown = type(value) is Ukendt
                key = ("se", ident, unknown)
                parts = own_get(key)
                if parts is None:
                    parts = _around(_reference(tracer.own(ident)), "missing" if unknown else "value", close=True)
                    own_put(key, parts)
                done = parts[0] + (_names_text(value.missing) if unknown else _value_text(value)) + parts[1]
            elif is_fact[ident]:
                value = facts.get(ident)
                shape = fact_texts.get(ident)
                if shape is None:
                    shape = fact_texts[ident] = self._fact_text(tracer, ident)
                done = shape[value] if value is None or value is True or value is False else \
                    shape["head"] + _value_text(value) + shape["tail"]
            else:
                done = full(ident)
            below[ident] = done
            return done

        def full(ident: str) -> str:
            cut = cuts.get(ident, _UNSEEN)
            if cut is _UNSEEN:
                cut = cuts[ident] = self._cut(ident, names)
            key = None
            if cut is not None:
                fact_names, answer_names = cut
                key = (number, ident, *map(facts.get, fact_names), *[_value_key(cache[a]) for a in answer_names])
                done = tree_get(key)
                counts = tried[ident]
                counts[0] += 1
                if done is not None:
                    counts[1] += 1
                    return done
                if counts[0] == self.TRIAL:  # warmed up: count the trial from here
                    counts[1] = 0
                elif counts[0] >= 2 * self.TRIAL and counts[1] < self.WORTH * self.TRIAL:
                    cuts[ident] = None
            deps, notes = nodes[ident]
            children = ",".join([below.get(dep) or child(dep) for dep in dict.fromkeys(deps)]) if deps else ""
            done = f"{own(ident, cache[ident], tuple(notes))},\"because\":[{children}]}}"
            if key is not None:
                tree_put(key, done)
            return done

        try:
            return {name: full(name) for name in answers}
        finally:
            # The helpers call each other through this frame's cells, a cycle that would keep the
            # run's tables alive until the garbage collector ran; cut it so they go at once.
            own = child = full = None  # noqa: F841

    def _fact_text(self, tracer, ident: str) -> dict:
        """A fact's node as text, for unknown, ``true`` and ``false``, and around any other value:
        it depends on nothing but the fact and its value."""
        shape = {value: _around(tracer.own_fact(ident, value), None)[0] + _NO_CHILDREN
                 for value in (None, True, False)}
        head, tail = _around(tracer.own_fact(ident, True), "value")
        shape["head"], shape["tail"] = head, tail + _NO_CHILDREN
        return shape

    def _context(self, names: frozenset, exhaustive: bool) -> "_Context":
        context = self._contexts.get((names, exhaustive))
        if context is None:
            if len(self._contexts) >= self.CONTEXTS:  # a service asked for ever new sets of questions
                self._contexts = {}
            context = self._contexts.setdefault((names, exhaustive), _Context(names))
        return context

    def _cut(self, ident: str, names: set) -> tuple:
        """The facts the derivation of ``ident`` can reach without passing another answer, and the
        answers it can reach first: together they decide its text in an output with those answers."""
        facts, answers, seen = set(), set(), set()
        stack = list(self._entries[ident].dependencies)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            entry = self._entries[name]
            if entry.is_fact:
                facts.add(name)
            elif name in names:
                answers.add(name)
            else:
                stack.extend(entry.dependencies)
        return tuple(sorted(facts)), tuple(sorted(answers))


_NO_CHILDREN = ',"because":[]}'
_HOLE = "\0lovkode\0"
_HOLE_TEXT = dumps(_HOLE, indent=None)


def _around(node: dict, hole: str | None, before: str = "", close: bool = False) -> tuple:
    """A node's JSON text in two parts around the field ``hole`` — so one case's value, or its
    missing facts, can be written between them — or whole when ``hole`` is None. Without the
    closing brace unless ``close``."""
    if hole is not None:
        node[hole] = _HOLE
    text = dumps(node, indent=None)
    if not close:
        text = text[:-1]
    if hole is None:
        return (before + text, "")
    head, tail = text.split(_HOLE_TEXT)
    return (before + head, tail)


@functools.lru_cache(maxsize=4096)
def _quoted(name: str) -> str:
    return dumps(name, indent=None)


def _names_text(names) -> str:
    """The missing facts as a sorted JSON list: what ``dumps(sorted(names))`` writes."""
    return "[" + ",".join([_quoted(name) for name in sorted(names)]) + "]"


def _value_text(value) -> str:
    """``dumps(jsonable(value))`` for a known value, by a shorter road for amounts and dates: they
    rarely repeat, so each is written anew (a test holds the two roads to the same text)."""
    kind = type(value)
    if kind is Decimal:
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    if kind is dt.date:
        return f'"{value.isoformat()}"'
    return _repeating_value_text(value)


@functools.lru_cache(maxsize=1024, typed=True)
def _repeating_value_text(value) -> str:
    return dumps(jsonable(value), indent=None)


class _Context:
    """Per set of answers and mode (exhaustive or not): each rule's cut and its lookup counts. Its
    number is part of every tree key, since the same facts give other texts in another context (a
    number, not the object, so the keys hold no object the garbage collector must visit)."""

    __slots__ = ("number", "names", "cuts", "tried")
    _numbers = itertools.count()

    def __init__(self, names: frozenset):
        self.number = next(self._numbers)
        self.names = names
        self.cuts: dict = {}
        self.tried: dict = collections.defaultdict(lambda: [0, 0])


_UNSEEN = object()
