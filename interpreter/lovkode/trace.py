"""The derivation of an answer as a tree of data.

During evaluation each rule leaves only cheap notes: the facts and rules it reached and which version,
exception or table row decided it (:class:`lovkode.evaluate.Run`). This module turns them into the
contract's tree of ``{"name", "value", "citation", "because"}`` nodes — on demand, so a caller who only
wants values pays nothing for it. Danish prose, JSON and the site all render from this one tree.
"""
from __future__ import annotations

import functools

from .evaluate import NoteKind
from .render.reasons import regulation_step, silence_text, undefined_text
from .values import Ukendt, jsonable


_NO_NOTES = ((), ())
_VERSION, _LAWFUL = NoteKind.VERSION, NoteKind.LAWFUL
"""The kinds read for every case, bound once: read off its enum class, a member costs ten globals' reads."""


class Tracer:
    """Builds explanation nodes for one run; shared sub-derivations are built once."""

    def __init__(self, spec, run):
        self.spec = spec
        self.checked = spec._checked
        # Citations stay as written in the spec (``LAB § 116``); the output's ``kilder`` spells them out.
        # The run's tables, not the run: the run keeps its tracer, and a cycle would leave every
        # evaluated case to the cyclic garbage collector instead of freeing it at once.
        self.facts, self.cache, self.nodes = run.facts, run.cache, run.nodes
        self.exhaustive = run.exhaustive
        self._built: dict[str, dict] = {}

    def node(self, ident: str) -> dict:
        """The full derivation of ``ident``: its own fields (:meth:`own`) and ``because``."""
        built = self._built.get(ident)
        if built is not None:
            return built
        node = self.own(ident)
        self._built[ident] = node
        node["because"] = [self.node(dep) for dep in self.children(ident)]
        return node

    def own(self, ident: str) -> dict:
        """A new dict of the node's own fields, everything but ``because`` — the one place that shapes
        a node, for the trees here and for the JSON text written straight from a run."""
        entry = self.checked.entries[ident]
        kind = entry.kind
        if kind == "faktum":
            return self.own_fact(ident, self.facts.get(ident))
        value = self.cache.get(ident)
        unknown = type(value) is Ukendt
        node = {"name": ident, "kind": kind, "value": None if unknown else jsonable(value),
                "citation": entry.citation}
        if unknown:
            node.update(unknown_fields(value))
        notes = self.nodes.get(ident, _NO_NOTES)[1]
        if notes:
            self._notes(node, entry, notes)
        if kind == "skøn":
            node["skøn"] = discretion(self.checked, entry, self.facts, self.cache, self.nodes)
        return node

    def own_fact(self, ident: str, value) -> dict:
        """A fact's node, which depends on nothing but the fact and its value (``None``: unknown)."""
        node = {"name": ident, "kind": "faktum", "value": jsonable(value),
                "citation": self.checked.entries[ident].citation}
        if value is None:
            node["missing"] = [ident]
        return node

    def children(self, ident: str):
        """The facts and rules ``ident`` reached, once each, in the order reached."""
        deps = self.nodes.get(ident, _NO_NOTES)[0]
        return dict.fromkeys(deps) if deps else ()

    def _notes(self, node: dict, entry, notes) -> None:
        checked = self.checked
        node.update(note_fields(notes, lambda note: note_field(checked, entry, *note)))


@functools.lru_cache(maxsize=1024)
def _describe(validity) -> str:
    """A version's or row's range in Danish; there are few of them, so each is worded once."""
    return validity.describe()


def unknown_fields(value: Ukendt) -> dict:
    """An unknown value's fields: the missing facts, then why the sources are silent, what
    arithmetic is undefined and which exceptions conflict, where there are any."""
    fields: dict = {"missing": sorted(value.missing)}
    if value.silent:
        fields["kilderne_tavse"] = [silence_text(s) for s in value.silent]
    if value.undefined:
        fields["udefineret"] = [undefined_text(u) for u in value.undefined]
    if value.conflict:
        fields["konflikt"] = [list(c) for c in value.conflict]
    return fields


def discretion(checked, entry, facts: dict, cache: dict, nodes: dict) -> dict:
    """A skøn's field: the considerations against that are present, whether they were weighed, whether
    it was lawfully exercised and the requirements not met — from a run's facts, values and notes."""
    present, weighed, lawful, unmet = discretion_parts(discretion_plan(checked, entry), facts, cache, nodes)
    return {"hensyn_til_stede": present, "afvejet": weighed, "lovligt_udøvet": lawful, "uopfyldte_krav": unmet}


def discretion_plan(checked, entry) -> tuple:
    """What a skøn's field reads, found once from the spec: the considerations and requirements that
    name a fact or rule, as ``(ident, is a fact, name)``, the weighing as ``(ident, is a fact)`` (or
    None), and the skøn's own id."""

    def named(expr):
        name = getattr(expr, "name", None)
        if name is None:
            return None
        found = checked.entries.get(name.id)
        return None if found is None else (name.id, found.is_fact, found.name)

    decl = entry.decl
    considerations = tuple(n for n in map(named, decl.considerations) if n is not None)
    requirements = tuple(n for n in map(named, decl.requirements) if n is not None)
    weighing = named(decl.weighing) if decl.weighing is not None else None
    return considerations, weighing and weighing[:2], requirements, entry.id


def discretion_parts(plan: tuple, facts: dict, cache: dict, nodes: dict) -> tuple:
    """``(present, weighed, lawful, unmet)`` of a skøn's field for a run (see :func:`discretion`)."""
    considerations, weighing, requirements, ident = plan
    present, unmet, weighed, lawful = [], [], None, None
    for found, is_fact, name in considerations:  # loops, not comprehensions: each of those is a call
        if (facts if is_fact else cache).get(found) is True:
            present.append(name)
    if weighing is not None:
        weighed = (facts if weighing[1] else cache).get(weighing[0])
        if isinstance(weighed, Ukendt):
            weighed = None
    for found, is_fact, name in requirements:
        if (facts if is_fact else cache).get(found) is False:
            unmet.append(name)
    for tag, data in nodes.get(ident, _NO_NOTES)[1]:
        if tag is _LAWFUL:
            lawful = data
            break
    return present, weighed, lawful, unmet


def note_field(checked, entry, tag: NoteKind, data) -> tuple[str, object] | None:
    """The field one evaluation note adds to a rule's node, as ``(key, value)``; None for a note
    that adds none (a silence, a conflict, the lawfulness a skøn shows in its own field)."""
    decl = entry.decl
    if tag is NoteKind.VERSION:
        versions = getattr(decl, "versions", None)
        if versions and data < len(versions):
            version = versions[data]
            return "version", {"gælder": _describe(version.validity), "lov": version.law}
        return None
    if tag is NoteKind.EXCEPTION:
        exc = entry.exceptions[data]
        return "undtagelse", {"navn": f"»{exc.label.text}«" if exc.label else f"til »{entry.name}«",
                              "citation": exc.citation}
    if tag is NoteKind.ROW:
        version_index, row_index = data
        rows = decl.rows if version_index is None else decl.versions[version_index].rows
        row = rows[row_index]
        return "række", {"nøgle": _describe(row.key), "citation": row.citation}
    if tag is NoteKind.REGULATED:
        return "regulering", [regulation_step(a) for a in checked.chains[entry.id].steps_to(data)]
    if tag is NoteKind.ALL_VERSIONS:
        return "version", {"gælder": "alle versioner giver samme svar", "lov": None}
    return None


def note_fields(notes, field_of) -> dict:
    """A node's fields from its notes, in order: the first version note names the version (an
    exception's may follow it), any other field is replaced in place by a later one of its key.
    ``field_of((tag, data))`` gives a note's ``(key, value)`` — the value as data, or as JSON text."""
    fields: dict = {}
    for note in notes:
        field = field_of(note)
        if field is not None:
            key, value = field
            if note[0] is _VERSION and key in fields:
                continue
            fields[key] = value
    return fields


def tracer_for(spec, run) -> Tracer:
    """One tracer per run, so answers to several questions share the sub-derivations they have in common."""
    if run.tracer is None:
        run.tracer = Tracer(spec, run)
    return run.tracer


def facts_reached(node: dict, found: dict | None = None) -> dict:
    """Every fact node in the derivation, by name, in the order reached (for "Prøv en sag")."""
    if found is None:
        found = {}
    if node["kind"] == "faktum":
        found.setdefault(node["name"], node)
    for child in node.get("because", []):
        facts_reached(child, found)
    return found
