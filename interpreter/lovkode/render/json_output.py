"""The contract's JSON: ``{"results": {question: {"value", "missing", "citation", "explanation"}}}``.

Numbers are written as exact decimals (never through binary floats): 7 timer × 35 % is ``2.45``.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from itertools import chain
from json.encoder import encode_basestring

from ..types import BOOL
from ..values import Duration, Ukendt, exact_number, jsonable, number_text
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

    __slots__ = ("_rules", "_entries", "_sources", "_recommendations", "_trace", "_names",
                 "_absent", "_bool_facts", "_bool_texts", "_other_facts")

    def __init__(self, checked, citations: dict, recommendations) -> None:
        """``citations``: each rule's citation as an answer shows it (abbreviations spelled out);
        ``recommendations``: the spec's anbefalinger as :class:`lovkode.api.Recommendation` views."""
        from .. import trace  # the tracer imports this module

        self._trace = trace
        self._rules: dict[str, tuple] = {}
        self._entries: dict[str, tuple] = {}
        self._absent: dict[str, str | None] = {}
        # Each sandhedsværdi fact, and its node by its value in a prepared case: True, False or None (absent).
        # Looked up by the value alone, a bool or None, so no number or date is ever hashed for it.
        self._bool_facts: list | tuple = []
        self._bool_texts: list | tuple = []
        self._other_facts: list | tuple = []  # every other fact: (name, text before its value, after)
        self._names = _Quoted({ident: _quoted(ident) for ident, entry in checked.entries.items() if entry.is_fact})
        for ident, entry in checked.entries.items():
            head = '{"name":' + _quoted(ident) + ',"kind":' + _quoted(entry.kind) + ',"value":'
            cite = ',"citation":' + _text(entry.citation)
            if entry.is_fact:
                self._absent[ident] = head + "null" + cite + ',"missing":[' + _quoted(ident) + "]" + _NO_CHILDREN
                if entry.type is not None and entry.type.kind == BOOL:
                    self._bool_facts.append(ident)
                    self._bool_texts.append({True: head + "true" + cite + _NO_CHILDREN,
                                             False: head + "false" + cite + _NO_CHILDREN, None: self._absent[ident]})
                else:
                    self._other_facts.append((ident, head, cite + _NO_CHILDREN))
                continue
            self._absent[ident] = None  # a place for the rule's text, so a case's table of texts never grows
            notes = {}
            for note in _possible_notes(checked, entry):
                field = trace.note_field(checked, entry, *note)
                if field is not None:
                    notes[note] = (field[0], "," + _quoted(field[0]) + ":" + _text(field[1]))
            reference = ',"se":' + _quoted(f"results.{ident}") + _NO_CHILDREN
            skøn = trace.discretion_plan(checked, entry) if entry.kind == "skøn" else None
            # What :meth:`_trees` reads, the common case first: it indexes the tuple rather than unpack it.
            self._rules[ident] = (head + "true" + cite, head + "false" + cite,  # 0, 1: a sandhedsværdi's node
                                  head + "true" + cite + reference, head + "false" + cite + reference,  # 2, 3
                                  head, cite, cite + reference,  # 4, 5, 6: around any other known value
                                  head + "null" + cite + ',"missing":', reference,  # 7, 8: around an unknown
                                  notes.get, skøn)  # 9, 10
            answer_head, answer_cite = _quoted(ident) + ':{"value":', ',"citation":' + _text(citations.get(ident))
            self._entries[ident] = (answer_head, ',"missing":[]' + answer_cite,
                                    answer_head + 'true,"missing":[]' + answer_cite,
                                    answer_head + 'false,"missing":[]' + answer_cite,
                                    answer_head + 'null,"missing":', answer_cite,
                                    # 6, 7, 8: what stands before an answer's derivation in its entry
                                    answer_head + 'true,"missing":[]' + answer_cite + _BEFORE_TREE,
                                    answer_head + 'false,"missing":[]' + answer_cite + _BEFORE_TREE,
                                    ',"missing":[]' + answer_cite + _BEFORE_TREE)
        self._other_facts, self._bool_facts = tuple(self._other_facts), tuple(self._bool_facts)
        self._bool_texts = tuple(self._bool_texts)
        self._sources = ',"kilder":' + _text(dict(checked.sources)) if checked.sources else ""
        self._recommendations = {
            r.id: _text({"name": r.id, "label": r.name, "citation": r.citation, "text": r.text})
            for r in recommendations}

    def write(self, answers, explanations: bool = True) -> str:
        """The compact JSON of ``answers`` (see :func:`results_text`)."""
        values = answers._values  # noqa: SLF001 — the evaluator's values: no Answer objects made
        if explanations:
            entries = self._trees(answers._run, values)  # noqa: SLF001
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

    def _entry(self, name: str, value, shown=None) -> str:
        """``"NAME":{"value":…,"missing":…,"citation":…`` and any silence or undefined arithmetic,
        without the closing brace (see :func:`_entry`), from the evaluator's value for the question.
        ``shown``: an unknown's missing facts and other fields as its derivation wrote them, so they
        are not written twice."""
        head, known_tail, true_text, false_text, unknown_head, cite = self._entries[name][:6]
        if value is True:
            return true_text
        if value is False:
            return false_text
        if type(value) is not Ukendt:
            return f"{head}{_value_text(value)}{known_tail}"
        if shown is not None and not value.conflict:  # the derivation's fields past missing are the entry's
            return f"{unknown_head}{shown[0]}{cite}{shown[1]}"
        text = f"{unknown_head}{_names_text(value.missing, self._names)}{cite}"
        if value.silent:
            text += ',"kilderne_tavse":' + _strings([silence_text(s) for s in value.silent])
        if value.undefined:
            text += ',"udefineret":' + _strings([undefined_text(u) for u in value.undefined])
        return text

    def _trees(self, run, answers: dict) -> dict[str, tuple[str, str, str]]:
        """Each answer's entry in the results as three texts: what stands before its derivation, the
        derivation and the entry's closing brace (with a comma), for this run.

        The run records a rule's node only once its body is done, so its nodes come children first:
        walking them in that order, every child's text is ready when its parent is written, and a
        parent's children are joined by one C-level ``join`` over a table of texts. In that table a
        fact is its node, a rule its full node, and an answer its reference (as :func:`_reference`
        writes it); an answer's full node is kept apart for its own entry, which takes the value's
        text the node already wrote."""
        facts, cache = run.facts, run.cache
        rules, names = self._rules, self._names
        texts = self._absent.copy()
        bool_facts = self._bool_facts
        texts.update(zip(bool_facts, map(dict.get, self._bool_texts, map(facts.get, bool_facts))))
        for ident, head, tail in self._other_facts:
            fact = facts.get(ident)
            if fact is not None:
                texts[ident] = f"{head}{_value_text(fact)}{tail}"
        written, unknowns, rests, entries = {}, {}, {}, self._entries
        text_of = texts.__getitem__
        note_fields, unknown_fields = self._trace.note_fields, self._trace.unknown_fields
        discretion_parts = self._trace.discretion_parts
        for ident, (deps, noted) in run.nodes.items():
            shape = rules[ident]
            value = cache[ident]
            # The node's own fields as three pieces, joined once with its children: no text made twice.
            if value is True:
                head, middle, text = shape[0], "", ""
            elif value is False:
                head, middle, text = shape[1], "", ""
            elif type(value) is not Ukendt:
                shown = _value_text(value)
                head, middle, text = shape[4], shown, shape[5]
            else:  # one unknown is often the value of a rule and of the rule above it: written once
                shown = unknowns.get(id(value))
                if shown is None:
                    missing = _names_text(value.missing, names)
                    rest = ""
                    if value.silent or value.undefined or value.conflict:  # the same silence in many nodes
                        why = (value.silent, value.undefined, value.conflict)
                        rest = rests.get(why)
                        if rest is None:
                            rest = rests[why] = "".join([
                                f",{_quoted(key)}:{_strings(data) if key != 'konflikt' else _text(data)}"
                                for key, data in unknown_fields(value).items() if key != "missing"])
                    shown = unknowns[id(value)] = (missing, rest)
                head, middle, text = shape[7], shown[0], shown[1]
            if noted:
                if len(noted) == 1:
                    field = shape[9](noted[0])
                    if field is not None:
                        text += field[1]
                else:
                    text += "".join(note_fields(noted, shape[9]).values())
            skøn = shape[10]
            if skøn is not None:
                present, weighed, lawful, unmet = discretion_parts(skøn, facts, cache, run.nodes)
                text += (',"skøn":{"hensyn_til_stede":' + _strings(present) + ',"afvejet":'
                         + ("null" if weighed is None else _value_text(weighed)) + ',"lovligt_udøvet":'
                         + ("null" if lawful is None else _value_text(lawful)) + ',"uopfyldte_krav":'
                         + _strings(unmet) + "}")
            count = len(deps)
            if count == 1:  # the common short lists without building a dict, a map and a join
                text = f'{head}{middle}{text},"because":[{texts[deps[0]]}]}}'
            elif count == 2 and deps[0] != deps[1]:
                text = f'{head}{middle}{text},"because":[{texts[deps[0]]},{texts[deps[1]]}]}}'
            elif count:
                if len(set(deps)) != count:  # a fact or rule reached twice stands once
                    deps = dict.fromkeys(deps)
                text = f'{head}{middle}{text},"because":[{",".join(map(text_of, deps))}]}}'
            else:
                text = f"{head}{middle}{text}{_NO_CHILDREN}"
            if ident in answers:  # its entry in the results before this derivation; a reference to it here
                entry = entries[ident]
                if value is True:
                    texts[ident] = shape[2]
                    written[ident] = (entry[6], text, "},")
                elif value is False:
                    texts[ident] = shape[3]
                    written[ident] = (entry[7], text, "},")
                elif type(value) is not Ukendt:
                    texts[ident] = f"{shape[4]}{shown}{shape[6]}"
                    written[ident] = (f"{entry[0]}{shown}{entry[8]}", text, "},")
                else:
                    texts[ident] = f"{shape[7]}{shown[0]}{shape[8]}"
                    written[ident] = (self._entry(ident, value, shown) + _BEFORE_TREE, text, "},")
            else:
                texts[ident] = text
        return written


def _possible_notes(checked, entry):
    """Every note the evaluator can leave on ``entry`` that adds a field to its node."""
    decl = entry.decl
    versions = getattr(decl, "versions", None) or ()
    yield ("alle versioner", None)
    for index in range(len(versions)):
        yield ("version", index)
    for index in range(len(entry.exceptions)):
        yield ("undtagelse", index)
    if entry.kind == "tabel":
        if getattr(decl, "rows", None):
            for row in range(len(decl.rows)):
                yield ("række", (None, row))
        for index, version in enumerate(versions):
            for row in range(len(getattr(version, "rows", None) or ())):
                yield ("række", (index, row))
    chain = checked.chains.get(entry.id)
    if chain is not None:
        for year in chain.years:
            yield ("regulering", year)


def _text(data) -> str:
    return dumps(data, indent=None)


def _strings(texts: list) -> str:
    """A list of strings as ``dumps`` writes it."""
    return "[" + ",".join([encode_basestring(text) for text in texts]) + "]"


def _quoted(name: str) -> str:
    return encode_basestring(name)


def _names_text(names, quoted: dict) -> str:
    """The missing facts as a sorted JSON list: what ``dumps(sorted(names))`` writes."""
    if not names:
        return "[]"
    if len(names) == 1:
        for name in names:
            return f"[{quoted[name]}]"
    return "[" + ",".join(map(quoted.__getitem__, sorted(names))) + "]"


class _Quoted(dict):
    """Fact name → its JSON string, made at load; any other name is quoted when asked for."""

    def __missing__(self, name: str) -> str:
        return encode_basestring(name)


def _value_text(value) -> str:
    """``dumps(jsonable(value))`` for a known value, by shorter roads for the common types (a test
    holds the two roads to the same text)."""
    kind = type(value)
    if kind is Decimal:
        text = str(value)  # already the shortest digits in the common case: 25, 2.45
        if "E" not in text and (text[-1] != "0" or "." not in text and text != "-0") and len(text) < 28:
            return text
        return number_text(value)
    if kind is dt.date:
        return f'"{value.isoformat()}"'
    if kind is str:
        return encode_basestring(value)
    if kind is bool:
        return "true" if value else "false"
    return dumps(jsonable(value), indent=None)
