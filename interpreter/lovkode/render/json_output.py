"""The contract's JSON: ``{"results": {question: {"value", "missing", "citation", "explanation"}}}``.

Numbers are written as exact decimals (never through binary floats): 7 timer × 35 % is ``2.45``.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from itertools import chain
from json.encoder import encode_basestring

from ..evaluate import NoteKind
from ..types import BOOL, DATE, NUMERIC
from ..values import Duration, Ukendt, exact_number, jsonable, number_text
from . import json_code
from .reasons import silence_text, undefined_text


def _write(obj, indent: int | None, level: int, out: list[str]) -> None:
    if obj is None:
        out.append("null")
    elif obj is True:
        out.append("true")
    elif obj is False:
        out.append("false")
    elif isinstance(obj, Decimal):
        out.append(number_text(obj))
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
    batch lines and the service send — written straight from the run by the spec's
    :class:`JsonWriter`."""
    if not answers:
        return dumps(results_json(answers, explanations), indent=None)
    return answers.spec.json_writer.write(answers, explanations)


_NO_CHILDREN = ',"because":[]}'
_YEARS = {year: f'"{year}' for year in range(1900, 2200)}
"""A date's JSON text up to its month, for the years cases name (made at load: ``date.isoformat``
costs three times as much, as it formats through C's printf); any other year through ``isoformat``."""
_MONTH_DAYS = [f"-{index // 32:02d}-{index % 32:02d}\"" for index in range(13 * 32)]
"""The rest of a date's JSON text, at ``month * 32 + day``."""
_BEFORE_TREE = ',"explanation":'


class JsonWriter:
    """The contract's compact JSON for a case, written from its run with per-rule templates.

    Why: a node's fields other than its value — name, kind, citation, the text of each version,
    exception, table row or regulation step it may name — depend on the spec alone, so their JSON
    text is written once, when the spec is loaded; a case then only joins them around its values,
    missing facts and children. Nothing is remembered between cases, so the writer never changes
    after load and is safe to share between threads. Results are byte for byte what
    :func:`results_json` gives (property tests compare them on random cases and random specs).
    """

    __slots__ = ("_true", "_false", "_shapes", "_unknown_shapes", "_annotations", "_entries", "_sources",
                 "_recommendations", "_trace", "_names", "_absent", "_bool_facts", "_number_facts", "_date_facts",
                 "_other_facts", "_questions", "_write_all")

    def __init__(self, checked, citations: dict, recommendations, fixed_deps=None) -> None:
        """``citations``: each rule's citation as an answer shows it (abbreviations spelled out);
        ``recommendations``: the spec's anbefalinger as :class:`lovkode.api.Recommendation` views;
        ``fixed_deps``: the rules whose list of what they reached is the same in every run
        (:attr:`lovkode.codegen.FastProgram.fixed_deps`), which :mod:`.json_code` writes from that list."""
        from .. import trace  # the tracer imports this module

        self._trace = trace
        # A rule's texts when its value is true, and when it is false, as (its node's own fields, its
        # reference, what stands before its derivation in its entry): see :meth:`_trees`.
        self._true: dict[str, tuple[str, str, str]] = {}
        self._false: dict[str, tuple[str, str, str]] = {}
        self._shapes: dict[str, tuple] = {}  # the same pieces around any other known value
        self._unknown_shapes: dict[str, tuple] = {}  # and around an unknown
        self._annotations: dict[str, tuple] = {}  # the fields its notes may add (by note), its skøn's plan
        self._entries: dict[str, tuple] = {}
        self._absent: dict[str, str | None] = {}
        # The facts by type, each with the texts around its value: a sandhedsværdi's node looked up by
        # its value alone (True, False or None: absent), so no number or date is ever hashed for it.
        bool_facts, number_facts, date_facts, other_facts = [], [], [], []
        self._names = _Quoted({ident: _quoted(ident) for ident, entry in checked.entries.items() if entry.is_fact})
        for ident, entry in checked.entries.items():
            head = '{"name":' + _quoted(ident) + ',"kind":' + _quoted(entry.kind) + ',"value":'
            cite = ',"citation":' + _text(entry.citation)
            if entry.is_fact:
                absent = self._absent[ident] = head + "null" + cite + ',"missing":[' + _quoted(ident) + "]" + _NO_CHILDREN
                kind = entry.type.kind if entry.type is not None else None
                if kind == BOOL:
                    bool_facts.append((ident, {True: head + "true" + cite + _NO_CHILDREN,
                                               False: head + "false" + cite + _NO_CHILDREN, None: absent}))
                else:
                    kinds = number_facts if kind in NUMERIC else date_facts if kind == DATE else other_facts
                    kinds.append((ident, head, cite + _NO_CHILDREN))
                continue
            self._absent[ident] = None  # a place for the rule's text, so a case's table of texts never grows
            notes = {}
            for note in _possible_notes(checked, entry):
                field = trace.note_field(checked, entry, *note)
                if field is not None:
                    notes[note] = (field[0], "," + _quoted(field[0]) + ":" + _text(field[1]))
            skøn = trace.discretion_plan(checked, entry) if entry.kind == "skøn" else None
            self._annotations[ident] = (notes.get, skøn)
            reference = ',"se":' + _quoted(f"results.{ident}") + _NO_CHILDREN
            answer_head, answer_cite = _quoted(ident) + ':{"value":', ',"citation":' + _text(citations.get(ident))
            for text, table in (("true", self._true), ("false", self._false)):
                own = head + text + cite
                table[ident] = (own, own + reference, answer_head + text + ',"missing":[]' + answer_cite + _BEFORE_TREE)
            self._shapes[ident] = (head, cite, reference, answer_head, ',"missing":[]' + answer_cite + _BEFORE_TREE)
            self._unknown_shapes[ident] = (head + "null" + cite + ',"missing":', reference,
                                           answer_head + 'null,"missing":', answer_cite)
            self._entries[ident] = (answer_head, ',"missing":[]' + answer_cite,
                                    answer_head + 'true,"missing":[]' + answer_cite,
                                    answer_head + 'false,"missing":[]' + answer_cite,
                                    answer_head + 'null,"missing":', answer_cite)
        self._bool_facts, self._number_facts = tuple(bool_facts), tuple(number_facts)
        self._date_facts, self._other_facts = tuple(date_facts), tuple(other_facts)
        self._sources = ',"kilder":' + _text(dict(checked.sources)) if checked.sources else ""
        self._recommendations = {
            r.id: _text({"name": r.id, "label": r.name, "citation": r.citation, "text": r.text})
            for r in recommendations}
        questions = [ident for ident, entry in checked.entries.items() if entry.kind == "spørgsmål"]
        self._questions = questions
        self._write_all = json_code.build(self, checked, questions, fixed_deps or {}, {
            "absent": self._absent, "unknown": self._unknown, "discretion": self._discretion,
            "note_fields": trace.note_fields, "value_text": _value_text, "plain_number": _plain_number,
            "quote": encode_basestring, "years": _YEARS, "month_days": _MONTH_DAYS},
            {"no_children": _NO_CHILDREN, "before_tree": _BEFORE_TREE})
        """``write_all(run)``: the results' pieces, as :meth:`write` joins them from :meth:`_trees`, for a
        run that answered every question in order (not exhaustively): see :mod:`.json_code`."""

    def write(self, answers, explanations: bool = True) -> str:
        """The compact JSON of ``answers`` (see :func:`results_text`)."""
        values = answers._values  # noqa: SLF001 — the evaluator's values: no Answer objects made
        if explanations:
            run = answers._run  # noqa: SLF001
            if list(values) == self._questions and not run.exhaustive:  # every question, in order (the usual call)
                out = self._write_all(run)
            else:
                entries = self._trees(run, values)
                out = ['{"results":{']
                out += chain.from_iterable(map(entries.__getitem__, values))  # each derivation copied once, by one join
                if values:
                    out[-1] = "}}"  # the last answer's closing brace, and the results'
                else:
                    out.append("}")
            out.append(self._sources)
        else:
            entry = self._entry
            out = ['{"results":{', ",".join([entry(name, value) + "}" for name, value in values.items()]), "}"]
        if answers.recommendations:
            out.append(',"anbefalinger":[' + ",".join([self._recommendations[r.id] for r in answers.recommendations])
                       + "]")
        out.append("}")
        return "".join(out)  # each derivation's text copied once

    def _entry(self, name: str, value) -> str:
        """``"NAME":{"value":…,"missing":…,"citation":…`` and any silence or undefined arithmetic,
        without the closing brace (see :func:`_entry`), from the evaluator's value for the question."""
        head, known_tail, true_text, false_text, unknown_head, cite = self._entries[name]
        if value is True:
            return true_text
        if value is False:
            return false_text
        if type(value) is not Ukendt:
            return f"{head}{_value_text(value)}{known_tail}"
        missing, why, _ = self._unknown(value, {})
        return f"{unknown_head}{missing}{cite}{why}"

    def _trees(self, run, answers: dict) -> dict[str, tuple[str, str, str]]:
        """Each answer's entry in the results as three texts: what stands before its derivation, the
        derivation and the entry's closing brace (with a comma), for this run.

        The run records a rule's node only once its body is done, so its nodes come children first:
        walking them in that order, every child's text is ready when its parent is written, and a
        parent's children are joined with its own fields in one f-string over a table of texts. In
        that table a fact is its node, a rule its full node, and an answer its reference (as
        :func:`_reference` writes it); an answer's full node goes to its entry. Every step is inline
        (a Python call costs as much as a node's other steps): the values true and false take their
        three texts from the spec's tables; any other value is written once, into the node and, for an
        answer, its reference and entry."""
        facts, cache = run.facts, run.cache
        texts = self._absent.copy()
        get = facts.get
        for ident, by_value in self._bool_facts:
            texts[ident] = by_value[get(ident)]
        for ident, head, tail in self._number_facts:
            fact = get(ident)
            if fact is not None:
                shown = str(fact)
                if shown[-1] == "0" or "E" in shown:
                    shown = _plain_number(shown, fact)
                texts[ident] = f"{head}{shown}{tail}"
        for ident, head, tail in self._date_facts:
            fact = get(ident)
            if fact is not None:
                year = _YEARS.get(fact.year)
                texts[ident] = (f"{head}{year}{_MONTH_DAYS[fact.month * 32 + fact.day]}{tail}" if year is not None
                                else f'{head}"{fact.isoformat()}"{tail}')
        for ident, head, tail in self._other_facts:
            fact = get(ident)
            if fact is not None:
                texts[ident] = f"{head}{encode_basestring(fact) if type(fact) is str else _value_text(fact)}{tail}"
        trues, falses, shapes, unknown_shapes = self._true, self._false, self._shapes, self._unknown_shapes
        annotations = self._annotations
        text_of = texts.__getitem__
        written, unknowns, whys = {}, {}, {}
        for ident, (deps, noted) in run.nodes.items():
            value = cache[ident]
            if value is True:
                own, reference, entry = trues[ident]
            elif value is False:
                own, reference, entry = falses[ident]
            else:
                kind = type(value)
                if kind is Ukendt:  # one unknown is often the value of a rule and of the rule above it
                    unknown_head, after, answer_unknown, answer_cite = unknown_shapes[ident]
                    shown = unknowns.get(id(value))
                    if shown is None:
                        shown = unknowns[id(value)] = self._unknown(value, whys)
                    missing, why, conflict = shown
                    own = f"{unknown_head}{missing}{why}{conflict}"
                    if ident in answers:  # (a rule below the answers needs neither)
                        reference = f"{unknown_head}{missing}{after}"
                        entry = f"{answer_unknown}{missing}{answer_cite}{why}{_BEFORE_TREE}"
                else:
                    head, cite, after, answer_head, answer_tail = shapes[ident]
                    if kind is Decimal:
                        shown = str(value)
                        if shown[-1] == "0" or "E" in shown:
                            shown = _plain_number(shown, value)
                    elif kind is dt.date:
                        shown = _YEARS.get(value.year)
                        shown = (f"{shown}{_MONTH_DAYS[value.month * 32 + value.day]}" if shown is not None
                                 else f'"{value.isoformat()}"')
                    elif kind is str or kind is Duration:
                        shown = encode_basestring(str(value))
                    else:
                        shown = _value_text(value)
                    own = f"{head}{shown}{cite}"
                    if ident in answers:
                        reference = own + after
                        entry = f"{answer_head}{shown}{answer_tail}"
            if noted:
                field_of, skøn = annotations[ident]
                if len(noted) == 1:
                    field = field_of(noted[0])
                    if field is not None:
                        own += field[1]
                else:
                    own += "".join(self._trace.note_fields(noted, field_of).values())
                if skøn is not None:
                    own += self._discretion(skøn, run)
            count = len(deps)
            if count == 2:  # the common short lists without building a dict, a map and a join
                first, second = deps
                if first != second:
                    text = f'{own},"because":[{texts[first]},{texts[second]}]}}'
                else:
                    text = f'{own},"because":[{texts[first]}]}}'
            elif count == 1:
                text = f'{own},"because":[{texts[deps[0]]}]}}'
            elif count:
                if len(set(deps)) != count:  # a fact or rule reached twice stands once
                    deps = dict.fromkeys(deps)
                text = f'{own},"because":[{",".join(map(text_of, deps))}]}}'
            else:
                text = own + _NO_CHILDREN
            if ident in answers:  # its entry in the results before this derivation; a reference to it here
                texts[ident] = reference
                written[ident] = (entry, text, "},")
            else:
                texts[ident] = text
        return written

    def _unknown(self, value: Ukendt, whys: dict) -> tuple[str, str, str]:
        """An unknown's fields past its value: the missing facts, why the sources are silent or the
        arithmetic undefined (what an answer's entry shows too) and which exceptions conflict (the
        node's alone). ``whys``: the case's wordings so far, as the same silence stands in many nodes."""
        names = value.missing  # the missing facts as a sorted JSON list: what ``dumps(sorted(names))`` writes
        if not names:
            missing = "[]"
        elif len(names) == 1:
            for name in names:
                missing = f"[{self._names[name]}]"
        else:
            missing = "[" + ",".join(map(self._names.__getitem__, sorted(names))) + "]"
        if not (value.silent or value.undefined or value.conflict):
            return missing, "", ""
        key = (value.silent, value.undefined, value.conflict)
        why = whys.get(key)
        if why is None:
            fields = self._trace.unknown_fields(value)
            conflict = fields.pop("konflikt", None)
            why = whys[key] = ("".join([f",{_quoted(k)}:{_strings(data)}" for k, data in fields.items() if k != "missing"]),
                               "" if conflict is None else ',"konflikt":' + _text(conflict))
        return missing, why[0], why[1]

    def _discretion(self, plan: tuple, run) -> str:
        """A skøn's own field (see :func:`lovkode.trace.discretion`)."""
        present, weighed, lawful, unmet = self._trace.discretion_parts(plan, run.facts, run.cache, run.nodes)
        # true, false and null written here, as a call to _value_text costs more than the rest of the field
        weighed = "null" if weighed is None else "true" if weighed is True else "false" if weighed is False \
            else _value_text(weighed)
        lawful = "null" if lawful is None else "true" if lawful is True else "false" if lawful is False \
            else _value_text(lawful)
        return (',"skøn":{"hensyn_til_stede":' + _strings(present) + ',"afvejet":' + weighed + ',"lovligt_udøvet":'
                + lawful + ',"uopfyldte_krav":' + _strings(unmet) + "}")


def _possible_notes(checked, entry):
    """Every note the evaluator can leave on ``entry`` that adds a field to its node."""
    decl = entry.decl
    versions = getattr(decl, "versions", None) or ()
    yield (NoteKind.ALL_VERSIONS, None)
    for index in range(len(versions)):
        yield (NoteKind.VERSION, index)
    for index in range(len(entry.exceptions)):
        yield (NoteKind.EXCEPTION, index)
    if entry.kind == "tabel":
        if getattr(decl, "rows", None):
            for row in range(len(decl.rows)):
                yield (NoteKind.ROW, (None, row))
        for index, version in enumerate(versions):
            for row in range(len(getattr(version, "rows", None) or ())):
                yield (NoteKind.ROW, (index, row))
    chain = checked.chains.get(entry.id)
    if chain is not None:
        for year in chain.years:
            yield (NoteKind.REGULATED, year)


def _text(data) -> str:
    return dumps(data, indent=None)


def _strings(texts: list) -> str:
    """A list of strings as ``dumps`` writes it."""
    return "[" + ",".join(map(encode_basestring, texts)) + "]"


def _quoted(name: str) -> str:
    return encode_basestring(name)


class _Quoted(dict):
    """Fact name → its JSON string, made at load; any other name is quoted when asked for."""

    def __missing__(self, name: str) -> str:
        return encode_basestring(name)


def _value_text(value) -> str:
    """``dumps(jsonable(value))`` for a known value, by shorter roads for the common types (a test
    holds the two roads to the same text)."""
    kind = type(value)
    if kind is Decimal:
        text = str(value)
        return _plain_number(text, value) if text[-1] == "0" or "E" in text else text
    if kind is dt.date:
        return f'"{value.isoformat()}"'
    if kind is str:
        return encode_basestring(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is Duration:
        return encode_basestring(str(value))
    return dumps(jsonable(value), indent=None)


def _plain_number(text: str, value: Decimal) -> str:
    """A Decimal's JSON text (:func:`lovkode.values.number_text`) from its ``str``, where that ends in
    0 or has an exponent: trailing zeros after the point cut off, as ``normalise`` would."""
    if "E" in text:
        return number_text(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
