"""A read-only view of a loaded spec's symbol table, for tools that show the spec (the site).

The checker already knows every definition, every use of a name with its span, every version and every
table row with typed bounds; this module lays that out without recomputing anything, so a tool never
re-reads the spec's Markdown or lovkode syntax to find them again. Nothing here is used by evaluation.
"""
from __future__ import annotations

from typing import Iterator

import attrs

from . import ast
from .source import Span
from .types import Type


@attrs.frozen
class Definition:
    """A name the spec defines: an entry (faktum, regel, spørgsmål, skøn, tabel), a named
    undtagelse or an anbefaling. ``span`` is where the name is written in its declaration."""

    id: str
    name: str
    kind: str
    span: Span
    decl_span: Span


@attrs.frozen
class Use:
    """A name written in a declaration other than its own definition.

    ``owner`` is the id of the declaration that uses it (None for ``gældende ret``); ``label`` says how
    the declaration reads (»regel«, undtagelse til »regel«, gældende ret)."""

    id: str
    span: Span
    owner: str | None
    label: str


@attrs.frozen
class Period:
    """A version of a rule, undtagelse or table, or a table row: typed bounds and the law it rests on."""

    owner: str
    validity: ast.Range
    law: str | None
    span: Span
    value: object = None  # a table row's value expression

    def describe(self) -> str:
        """``fra 1. januar 2020 til og med 31. december 2020``, in the interpreter's own words."""
        return self.validity.describe()


@attrs.frozen
class Symbols:
    definitions: dict[str, Definition]
    uses: tuple[Use, ...]
    versions: dict[str, tuple[Period, ...]]
    rows: dict[str, tuple[Period, ...]]
    table_keys: dict[str, str]
    in_force: frozenset[str]
    abbreviations: dict[str, str] = attrs.field(factory=dict)  # ``kilde LAB = "…"``: LAB → title

    def uses_of(self, ident: str) -> tuple[Use, ...]:
        return tuple(u for u in self.uses if u.id == ident)


def names_in(node) -> Iterator[ast.Name]:
    """Every :class:`~lovkode.ast.Name` inside an AST node, in source order of the fields."""
    if isinstance(node, ast.Name):
        yield node
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from names_in(item)
    elif attrs.has(type(node)) and not isinstance(node, (Span, Type)):
        for field in attrs.fields(type(node)):
            yield from names_in(getattr(node, field.name))


def symbols(spec) -> Symbols:
    """The symbol table of a loaded :class:`~lovkode.api.Spec`."""
    checked = spec._checked
    definitions: dict[str, Definition] = {}
    uses: list[Use] = []
    versions: dict[str, tuple[Period, ...]] = {}
    rows: dict[str, tuple[Period, ...]] = {}
    table_keys: dict[str, str] = {}
    in_force: set[str] = set()

    def define(name: ast.Name, kind: str, decl) -> None:
        if name.id not in definitions:  # a duplicate is the checker's LK202; keep the first
            definitions[name.id] = Definition(name.id, name.text, kind, name.span, decl.span)

    def used(decl, owner: str | None, label: str, skip: tuple[ast.Name, ...]) -> None:
        for name in names_in(decl):
            if all(name is not s for s in skip):
                uses.append(Use(name.id, name.span, owner, label))

    for entry in checked.entries.values():
        decl = entry.decl
        define(decl.name, entry.kind, decl)
        used(decl, entry.id, f"»{entry.name}«", (decl.name,))
        if getattr(decl, "versions", ()):
            versions[entry.id] = tuple(Period(entry.id, v.validity, v.law, v.span) for v in decl.versions)
        if isinstance(decl, ast.TableDecl):
            if decl.key is not None:  # a table by finansår is looked up by the year being regulated
                table_keys[entry.id] = decl.key.id
            if decl.rows:
                rows[entry.id] = tuple(Period(entry.id, r.key, r.citation, r.span, r.value) for r in decl.rows)
        if getattr(decl, "in_force", None) is not None:
            in_force.add(decl.in_force.id)
    for exception in checked.exceptions:
        target = f"»{exception.target.text}«"
        owner = exception.label.id if exception.label else exception.target.id
        if exception.label is not None:
            define(exception.label, "undtagelse", exception)
            label = f"undtagelse »{exception.label.text}« til {target}"
        else:
            label = f"undtagelse til {target}"
        skip = (exception.label,) if exception.label else ()
        used(exception, owner, label, skip)
        if exception.versions:
            versions.setdefault(owner, tuple(Period(owner, v.validity, v.law, v.span) for v in exception.versions))
    for recommendation in checked.recommendations:
        define(recommendation.name, "anbefaling", recommendation)
        used(recommendation, recommendation.name.id, f"»{recommendation.name.text}«", (recommendation.name,))
    if checked.in_force is not None:
        in_force.add(checked.in_force.id)
        uses.append(Use(checked.in_force.id, checked.in_force.span, None, "gældende ret"))
    return Symbols(definitions, tuple(uses), versions, rows, table_keys, frozenset(in_force),
                   dict(checked.sources))


def example_names(example: ast.ExampleDecl) -> Iterator[ast.Name]:
    """The names an example writes (given, expected, missing), for linking them; not uses."""
    yield from names_in(example.given)
    yield from names_in(example.expected)


def example_lines(example: ast.ExampleDecl) -> tuple[int, int]:
    """The first and last line of an example's declaration (its title to its last assignment)."""
    spans = [example.span, *(a.span for a in (*example.given, *example.expected))]
    spans += [n.span for n in example_names(example)]
    return example.span.line, max(s.end_line or s.line for s in spans)
