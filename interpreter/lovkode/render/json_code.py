"""The JSON writer for a run of all the spec's questions, as one Python function generated at load.

Why: the general writer (:meth:`JsonWriter._trees <lovkode.render.json_output.JsonWriter._trees>`)
walks a run's nodes and, for each, looks up what the spec says about it — its texts for true and
false, whether it is an answer, which notes it may carry, how many children it may have — and tests
for value types it can never take. All of that is known at load. When a case asks every question
(the usual call), the rules a run can reach are known too, so one function visits them in a fixed
order, children before parents, each as a straight block holding only the steps its rule can need.

The order of visiting does not change the output: a node's text depends only on its children's
texts, and every child comes before its parents (the checker rules out cycles). A rule whose list of
what it reached is the same in every run (``fixed_deps``, found by :mod:`lovkode.codegen`) has its
children written from the list known at load, without counting or deduplicating them.

Safety as in :mod:`lovkode.codegen`: the source holds only generated identifiers (``g1``, ``g2`` …),
placeholders (``"§s1"`` …), Python keywords and the JSON writer's own punctuation; no name or text of
the spec is ever part of the source: a text replaces its placeholder among the compiled code's
constants, anything else is bound as a global. Nothing remembered between cases: all a case's texts
are the function's locals.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import CodeType, FunctionType

from ..types import BOOL, DATE, NUMERIC
from ..values import Ukendt

_CHILDREN = ',"because":['
_LOCALS = ("Ukendt", "Decimal", "date", "type", "id", "unknown", "value_text")
"""The globals every block may use, read into locals once per case."""


class _Source:
    """The generated function's lines, and what its placeholders and identifiers stand for.

    A text or table of texts is a constant of the function: the source names it by a placeholder
    (``"§s12"``), and the compiled code's constants are swapped for the values themselves. A function
    executed once per case never runs long enough for Python to specialise its global look-ups, so a
    constant, which needs none, costs a fraction of a global. Anything else is a global (``g3``)."""

    def __init__(self, globals_: dict):
        self.globals = globals_
        self.constants: dict[str, object] = {}
        self.lines: list[str] = []
        self._bound: dict = {}
        self.texts: dict[str, str] = {}

    def bind(self, value) -> str:
        """An expression for ``value``: a constant's placeholder or a global's name; equal texts share one."""
        key = (str, value) if type(value) is str else id(value)
        name = self._bound.get(key)
        if name is None:
            count = len(self._bound) + 1
            if type(value) in (str, dict):
                self.constants[f"§s{count}"] = value
                name = f'"§s{count}"'
            else:
                name = f"g{count}"
                self.globals[name] = value
            self._bound[key] = name
        return name

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def function(self, name: str):
        """The function ``name`` that the source defines, compiled (through the parse cache), with its
        placeholders swapped for their values."""
        from ..codegen import compiled

        module = compiled("\n".join(self.lines))
        code = next(c for c in module.co_consts if isinstance(c, CodeType) and c.co_name == name)
        constants = self.constants
        values = tuple(constants.get(c, c) if type(c) is str else c for c in code.co_consts)
        if any(type(c) is str and "§" in c and c not in constants for c in code.co_consts):
            raise AssertionError("a placeholder of the generated JSON writer was folded into another constant")
        return FunctionType(code.replace(co_consts=values), self.globals, name)


def build(writer, checked, questions: list[str], fixed_deps, helpers: dict, texts: dict):
    """The function ``write_all(run)`` → the pieces of the results' JSON text (its opening, each
    question's entry, derivation and closing brace, in order), as :meth:`JsonWriter.write` joins them
    from :meth:`JsonWriter._trees`, for a run whose answers are exactly ``questions`` in that order. ``helpers``: the functions and tables the
    generated code calls; ``texts``: the writer's fixed pieces (``no_children``, ``before_tree``)."""
    source = _Source({"__builtins__": {"str": str, "type": type, "id": id, "len": len, "dict": dict, "map": map,
                                       "set": set},
                      "Ukendt": Ukendt, "Decimal": Decimal, "date": dt.date, **helpers})
    source.texts = {key: source.bind(text) for key, text in texts.items()}
    add = source.add
    add(0, "def write_all(run):")
    add(1, "facts = run.facts")
    add(1, "cache = run.cache")
    add(1, "nodes = run.nodes")
    add(1, "get = facts.get")
    add(1, "node_of = nodes.get")
    add(1, "texts = absent.copy()")
    add(1, "text_of = texts.__getitem__")
    add(1, "unknowns = {}")
    add(1, "whys = {}")
    add(1, ", ".join(f"{name}_" for name in _LOCALS) + " = " + ", ".join(_LOCALS))
    for ident, by_value in writer._bool_facts:  # noqa: SLF001 — the writer's own tables, made at load
        add(1, f"texts[{source.bind(ident)}] = {source.bind(by_value)}[get({source.bind(ident)})]")
    for ident, head, tail in writer._number_facts:  # noqa: SLF001
        add(1, f"fact = get({source.bind(ident)})")
        add(1, "if fact is not None:")
        _number(source, 2, "fact")
        add(2, f"texts[{source.bind(ident)}] = f'{{{source.bind(head)}}}{{shown}}{{{source.bind(tail)}}}'")
    for ident, head, tail in writer._date_facts:  # noqa: SLF001
        add(1, f"fact = get({source.bind(ident)})")
        add(1, "if fact is not None:")
        _date(source, 2, "fact")
        add(2, f"texts[{source.bind(ident)}] = f'{{{source.bind(head)}}}{{shown}}{{{source.bind(tail)}}}'")
    for ident, head, tail in writer._other_facts:  # noqa: SLF001
        add(1, f"fact = get({source.bind(ident)})")
        add(1, "if fact is not None:")
        add(2, "shown = quote(fact) if type_(fact) is str else value_text_(fact)")
        add(2, f"texts[{source.bind(ident)}] = f'{{{source.bind(head)}}}{{shown}}{{{source.bind(tail)}}}'")
    answers = {ident: index for index, ident in enumerate(questions)}
    for ident in checked.rules_children_first(questions):
        _rule(writer, source, checked.entries[ident], answers.get(ident), fixed_deps.get(ident))
    # the results' pieces in the questions' order: each entry, its derivation and its closing brace
    pieces = [source.bind('{"results":{')]
    for index in range(len(questions)):
        pieces += [f"entry{index}", f"text{index}", "'},'"]
    pieces[-1] = "'}}'" if questions else "'}'"  # the last answer's closing brace, and the results'
    add(1, f"return [{', '.join(pieces)}]")
    return source.function("write_all")


def _rule(writer, source: _Source, entry, question: int | None, fixed) -> None:
    """The block that writes one rule's node; for the ``question``-th question (an answer), its
    reference and, into ``entryN`` and ``textN``, its entry and derivation."""
    answer = question is not None
    bind, add = source.bind, source.add
    ident = entry.id
    name = bind(ident)
    notes, skøn = writer._annotations[ident]  # noqa: SLF001
    fields = bool(notes.__self__)  # whether any note adds a field (``notes`` is its table's ``get``)
    noted = skøn is not None or fields
    if answer:  # an answer is reached whenever every question is asked
        add(1, f"node = nodes[{name}]")
        depth = 1
    else:
        add(1, f"node = node_of({name})")
        add(1, "if node is not None:")
        depth = 2
    add(depth, "deps, noted = node" if noted else "deps = node[0]")
    add(depth, f"value = cache[{name}]")
    kind = entry.type.kind if entry.type is not None else None
    true, false = writer._true[ident], writer._false[ident]  # noqa: SLF001
    head, cite, after, answer_head, answer_tail = writer._shapes[ident]  # noqa: SLF001
    unknown_head, _, answer_unknown, answer_cite = writer._unknown_shapes[ident]  # noqa: SLF001
    if kind == BOOL:
        for test, texts in (("if value is True:", true), ("elif value is False:", false)):
            add(depth, test)
            add(depth + 1, f"own = {bind(texts[0])}")
            if answer:
                add(depth + 1, f"reference = {bind(texts[1])}")
                add(depth + 1, f"entry = {bind(texts[2])}")
        add(depth, "elif type_(value) is Ukendt_:")
    else:
        add(depth, "if type_(value) is Ukendt_:")
    inner = depth + 1
    add(inner, "shown = unknowns.get(id_(value))")
    add(inner, "if shown is None:")
    add(inner + 1, "shown = unknowns[id_(value)] = unknown_(value, whys)")
    add(inner, "missing, why, conflict = shown")
    add(inner, f"own = f'{{{bind(unknown_head)}}}{{missing}}{{why}}{{conflict}}'")
    if answer:
        add(inner, f"reference = f'{{{bind(unknown_head)}}}{{missing}}{{{bind(after)}}}'")
        add(inner, f"entry = f'{{{bind(answer_unknown)}}}{{missing}}{{{bind(answer_cite)}}}{{why}}{{{source.texts['before_tree']}}}'")
    add(depth, "else:")
    if kind in NUMERIC:
        add(inner, "if type_(value) is Decimal_:")
        _number(source, inner + 1, "value")
        add(inner, "else:")
        add(inner + 1, "shown = value_text_(value)")
    elif kind == DATE:
        add(inner, "if type_(value) is date_:")
        _date(source, inner + 1, "value")
        add(inner, "else:")
        add(inner + 1, "shown = value_text_(value)")
    else:
        add(inner, "shown = value_text_(value)")
    add(inner, f"own = f'{{{bind(head)}}}{{shown}}{{{bind(cite)}}}'")
    if answer:
        add(inner, f"reference = own + {bind(after)}")
        add(inner, f"entry = f'{{{bind(answer_head)}}}{{shown}}{{{bind(answer_tail)}}}'")
    if noted:
        add(depth, "if noted:")
        if fields:
            field_of = bind(notes)
            add(depth + 1, "if len(noted) == 1:")
            add(depth + 2, f"field = {field_of}(noted[0])")
            add(depth + 2, "if field is not None:")
            add(depth + 3, "own += field[1]")
            add(depth + 1, "else:")
            add(depth + 2, f"own += ''.join(note_fields(noted, {field_of}).values())")
        if skøn is not None:
            add(depth + 1, f"own += discretion({bind(skøn)}, run)")
    _children(source, depth, entry, fixed)
    if answer:
        add(depth, f"texts[{name}] = reference")
        add(depth, f"entry{question}, text{question} = entry, text")
    else:
        add(depth, f"texts[{name}] = text")


def _children(source: _Source, depth: int, entry, fixed) -> None:
    """``text``: the node's own fields and its children, as :meth:`JsonWriter._trees` joins them. A
    rule in ``fixed_deps`` from that list; any other from its run's list, as a rule may reach more
    than its own dependencies (a skøn's lawfulness read by another rule is reached in that rule)."""
    add = source.add
    if fixed is not None:
        below = list(dict.fromkeys(fixed))
        if below:
            joined = ",".join(f"{{texts[{source.bind(child)}]}}" for child in below)
            add(depth, f"text = f'{{own}}{_CHILDREN}{joined}]}}}}'")
        else:
            add(depth, f"text = own + {source.texts['no_children']}")
        return
    add(depth, "count = len(deps)")
    add(depth, "if count == 2:")
    add(depth + 1, "first, second = deps")
    add(depth + 1, "if first != second:")
    add(depth + 2, f"text = f'{{own}}{_CHILDREN}{{texts[first]}},{{texts[second]}}]}}}}'")
    add(depth + 1, "else:")
    add(depth + 2, f"text = f'{{own}}{_CHILDREN}{{texts[first]}}]}}}}'")
    add(depth, "elif count == 1:")
    add(depth + 1, f"text = f'{{own}}{_CHILDREN}{{texts[deps[0]]}}]}}}}'")
    add(depth, "elif count:")
    add(depth + 1, "if len(set(deps)) != count:")
    add(depth + 2, "deps = dict.fromkeys(deps)")
    add(depth + 1, f"text = f'{{own}}{_CHILDREN}{{\",\".join(map(text_of, deps))}}]}}}}'")
    add(depth, "else:")
    add(depth + 1, f"text = own + {source.texts['no_children']}")


def _number(source: _Source, depth: int, name: str) -> None:
    """``shown``: a Decimal's JSON text (as :func:`_value_text`'s first road)."""
    source.add(depth, f"shown = str({name})")
    source.add(depth, "if shown[-1] == '0' or 'E' in shown:")
    source.add(depth + 1, f"shown = plain_number(shown, {name})")


def _date(source: _Source, depth: int, name: str) -> None:
    """``shown``: a date's JSON text from the writer's tables of years and days."""
    source.add(depth, f"shown = years.get({name}.year)")
    source.add(depth, f"shown = (f'{{shown}}{{month_days[{name}.month * 32 + {name}.day]}}' if shown is not None")
    source.add(depth + 1, f"else f'\"{{{name}.isoformat()}}\"')")
