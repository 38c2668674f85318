"""Read-only views of a loaded spec's structure that :class:`lovkode.api.Spec` does not give: the order in
which each rule lists its conditions, each fact's type, and the facts a rule tests for being given.

``Rule.dependencies`` is sorted, as the contract's ``missing`` is; a reader who is asked for facts wants
them in the order the law's rules list them. That order is read from the checked declarations (the
compiler's own data), never from the spec's text again.
"""
from __future__ import annotations

from typing import Iterator

import attrs

from . import ast
from .types import Type

_NOT_REFERENCES = frozenset({"span", "name", "label", "target", "type", "declared_type"})
"""Fields of a declaration that name the declaration itself, not something it uses."""


def fact_types(spec) -> dict[str, Type]:
    """Each fact's type (its kind and, for a valg, its choices)."""
    return {ident: entry.type for ident, entry in spec._checked.entries.items() if entry.is_fact}


def condition_order(spec, ident: str) -> tuple[str, ...]:
    """The facts and rules ``ident`` refers to, once each, in the order its text lists them: the date
    that selects the version in force first when it has versions, then its conditions, then those of its
    exceptions in the order they are declared."""
    checked = spec._checked
    entry = checked.entries[ident]
    if entry.is_fact:
        return ()
    found: dict[str, None] = {}
    for decl in (entry.decl, *entry.exceptions):
        if getattr(decl, "versions", None) and getattr(decl, "in_force", None) is None and checked.in_force:
            found.setdefault(checked.in_force.id)
        for name in _references(decl, top=True):
            if name in checked.entries and name != ident:
                found.setdefault(name)
    return tuple(found)


def facts_in_order(spec, question: str) -> tuple[str, ...]:
    """Every fact ``question`` may reach, in the order its rules list them (depth first: a rule's own
    conditions where the rule is named)."""
    entries = spec._checked.entries
    seen: set[str] = set()
    facts: list[str] = []

    def visit(ident: str) -> None:
        if ident in seen:
            return
        seen.add(ident)
        if entries[ident].is_fact:
            facts.append(ident)
            return
        for child in condition_order(spec, ident):
            visit(child)

    visit(question)
    return tuple(facts)


def facts_tested_for_knowledge(spec, question: str) -> frozenset[str]:
    """The facts whose being given at all the question may test (``er oplyst``, ``er ukendt``, directly or
    through a rule): giving one can change even an answer that is known, so such a fact always matters."""
    entries = spec._checked.entries
    closure = spec._dependency_closure()
    found: set[str] = set()
    for ident in {question} | closure[question]:
        entry = entries[ident]
        if entry.is_fact:
            continue
        for decl in (entry.decl, *entry.exceptions):
            for known in _nodes(decl, ast.Known):
                for name in _references(known.operand):
                    if name in entries:
                        below = {name} | closure.get(name, frozenset())
                        found.update(f for f in below if entries[f].is_fact)
    return frozenset(found)


def _nodes(node, kind) -> Iterator:
    if isinstance(node, kind):
        yield node
    if isinstance(node, (tuple, list)):
        for item in node:
            yield from _nodes(item, kind)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            if field.name != "span":
                yield from _nodes(getattr(node, field.name), kind)


def _references(node, top: bool = False) -> Iterator[str]:
    if isinstance(node, ast.Ref):
        yield node.name.id
    elif isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from _references(item)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            if field.name == "span" or (top and field.name in _NOT_REFERENCES):
                continue
            yield from _references(getattr(node, field.name))
