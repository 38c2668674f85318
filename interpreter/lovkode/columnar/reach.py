"""Which facts and rules each row's answers reached, as the scalar evaluation reaches them — for the
anbefalinger, which apply only where their condition touches what the answers reached
(:func:`lovkode.evaluate.recommendations`).

The scalar evaluator stops an ``og``/``eller`` at the first part that settles it and takes only the
branch and the version a row needs, so what a row reaches depends on its values. Here the same walk
runs over the columns: each part of a rule gets the mask of rows on which the scalar path would
evaluate it, from the conditions' values the compiled columns recorded. A construct not listed raises
:class:`~lovkode.columnar.compile.Unsupported`; those rows are then answered on the scalar path.
"""
from __future__ import annotations

import numpy as np

from .. import ast
from . import arrays as A
from .arrays import DATE
from .compile import ScalarRule, Unsupported, contains


class Walker:
    """The references a piece of a rule makes, per row, given the rows on which it is evaluated."""

    def __init__(self, compiled, ctx):
        self.compiled = compiled
        self.ctx = ctx
        self.n = ctx.frame.n
        self.out: dict = {}
        self.annotation = False
        """Walking a skøn's lawfulness for its annotation: the scalar path reads it on a stack of its own,
        so the facts it touches are no reasons, but the rules it evaluates are evaluated all the same."""

    def ref(self, ident: str, active) -> None:
        if self.annotation and self.compiled.checked.entries[ident].is_fact:
            return
        found = self.out.get(ident)
        self.out[ident] = active.copy() if found is None else found | active

    def cond(self, e):
        found = self.ctx.conditions.get(id(e))
        if found is None:
            raise Unsupported("betingelse uden værdi")
        return found

    def column(self, ident: str):
        if self.compiled.checked.entries[ident].is_fact:
            return self.ctx.facts[ident]
        return self.ctx.cache[ident]

    def expr(self, e, active) -> None:
        if not active.any():
            return
        t = type(e)
        if t is ast.Literal or t is ast.Silent:
            return
        if t is ast.Ref:
            self.ref(e.name.id, active)
        elif t in (ast.Not, ast.Known, ast.WhyUnknown, ast.Negate, ast.InYears, ast.RoundKroner):
            self.expr(e.operand, active)
        elif t is ast.Lawful:
            self.lawfulness(self.compiled.checked.entries[e.discretion.name.id].decl, active)
        elif t is ast.Logic:
            self.chain(e.parts, active, e.op != "og")
        elif t is ast.Unless:
            self.chain([e.exception, e.requirement], active, True)
        elif t is ast.If:
            self.expr(e.condition, active)
            val, unk = self.cond(e.condition)
            self.expr(e.then, active & (unk | val))
            self.expr(e.otherwise, active & (unk | ~val))
        elif t in (ast.Compare, ast.Arith):
            self.expr(e.left, active)
            self.expr(e.right, active)
        elif t is ast.Extreme:
            for part in e.parts:
                self.expr(part, active)
        elif t is ast.WholeYears:
            self.expr(e.start, active)
            self.expr(e.end, active)
        else:
            raise Unsupported(t.__name__)

    def chain(self, parts, active, decisive: bool) -> None:
        """Kleene parts in order: each evaluated until one part settles the row."""
        running = active
        for part in parts:
            self.expr(part, running)
            val, unk = self.cond(part)
            running = running & ~(~unk & (val if decisive else ~val))

    # rule bodies -------------------------------------------------------------------------------
    def versioned(self, versions, local, active, each) -> None:
        """``versions``: (validity, payload); ``each(payload, rows)`` walks the one in force."""
        name = local or self.compiled.checked.in_force
        self.ref(name.id, active)
        d = self.column(name.id)
        chosen = np.full(self.n, -1)
        for index, (validity, _) in enumerate(versions):
            chosen[~d.unk & (chosen < 0) & contains(validity, d.val, A.DATE)] = index
        for index, (_, payload) in enumerate(versions):
            each(payload, active & ((chosen == index) | d.unk))

    def rule(self, entry, active) -> None:
        decl = entry.decl
        if entry.kind == "skøn":
            return self.discretion(decl, active)
        if entry.kind == "tabel":
            return self.table(decl, active)
        if entry.kind == "reguleret beløb":
            return self.ref(decl.key.id, active)  # the chain itself was computed at load
        fired = np.zeros(self.n, dtype=bool)
        whens = []
        for index, exc in enumerate(entry.exceptions):
            val, unk = self.ctx.conditions[(entry.id, index)]
            fires = ~unk & val
            if exc.versions:
                self.versioned([(v.validity, v.body) for v in exc.versions], exc.in_force, active,
                               lambda body, rows: body.when is not None and self.expr(body.when, rows))
            elif exc.body.when is not None:
                self.expr(exc.body.when, active)
            whens.append((exc, fires, unk))
            fired |= fires
        for exc, fires, unk in whens:
            rows = active & (fires | (~fired & unk))
            if exc.versions:
                self.versioned([(v.validity, v.body) for v in exc.versions], exc.in_force, rows,
                               lambda body, rows: self.expr(body.value, rows))
            else:
                self.expr(exc.body.value, rows)
        base = active & ~fired
        if decl.versions:
            self.versioned([(v.validity, v.body) for v in decl.versions], decl.in_force, base,
                           lambda body, rows: self.expr(body.value, rows))
        else:
            self.expr(decl.body.value, base)

    def discretion(self, decl, active) -> None:
        """The assessment, then the lawfulness where the assessment did not settle it; then the
        lawfulness again for the skøn's annotation (:meth:`lovkode.evaluate.Program._discretion`)."""
        self.expr(decl.assessment, active)
        val, unk = self.cond(decl.assessment)
        self.lawfulness(decl, active & ~(~unk & ~val))
        outer, self.annotation = self.annotation, True
        try:
            self.lawfulness(decl, active)
        finally:
            self.annotation = outer

    def lawfulness(self, decl, active) -> None:
        running = active
        for part in decl.requirements:
            self.expr(part, running)
            val, unk = self.cond(part)
            running = running & ~(~unk & ~val)
        if decl.considerations:
            self.chain(decl.considerations, running, True)
            present_known_false = np.ones(self.n, dtype=bool)
            for c in decl.considerations:  # `present` settles False only when every one is known False
                val, unk = self.cond(c)
                present_known_false &= ~unk & ~val
            if decl.weighing is not None:
                self.expr(decl.weighing, running & ~present_known_false)

    def table(self, decl, active) -> None:
        if decl.by_fiscal_year:  # read by the regulation chain at load, never evaluated
            return

        def lookup(rows, active):
            self.ref(decl.key.id, active)
            k = self.column(decl.key.id)
            kind = A.DATE if k.kind == A.DATE else A.NUM
            chosen = np.full(self.n, -1)
            for index, row in enumerate(rows):
                chosen[~k.unk & (chosen < 0) & contains(row.key, k.val, kind)] = index
            for index, row in enumerate(rows):
                self.expr(row.value, active & (chosen == index))

        if decl.versions:
            self.versioned([(v.validity, v.rows) for v in decl.versions], decl.in_force, active, lookup)
        else:
            lookup(decl.rows, active)


def _in_period(compiled, ctx, rec):
    """The rows whose in-force date lies in a dated anbefaling's period (all rows for an undated one)."""
    if rec.validity is None:
        return np.ones(ctx.frame.n, dtype=bool)
    date = compiled.ref(compiled.checked.in_force.id)(ctx)
    return ~date.unk & contains(rec.validity, date.val, DATE)


def concerned(compiled, questions) -> list:
    """The anbefalinger (with their conditions' column functions) whose condition names something the
    questions can reach at all. Only those can concern the answers (:func:`recommendations`), so the
    conditions of the others need not be evaluated: asking for 5 questions does not evaluate the
    rules behind advice about the rest of the spec."""
    entries = compiled.checked.entries

    def closure(names) -> set:
        found: set = set()
        stack = list(names)
        while stack:
            ident = stack.pop()
            if ident not in found and ident in entries:
                found.add(ident)
                stack.extend(entries[ident].dependencies)
        return found

    reachable = closure(questions)
    # what a condition may reach at run time: its names and all they build on (a skøn's lawfulness
    # check reaches the rules behind the skøn), an over-estimate, which only costs an evaluation
    return [(rec, when) for rec, when in compiled.recommendations
            if rec.when is None or not reachable.isdisjoint(closure(_names(rec.when)))]


def _names(node) -> set:
    """Every name in an expression, whatever it names."""
    found, stack = set(), [node]
    while stack:
        node = stack.pop()
        if type(node) is ast.Name:
            found.add(node.id)
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(type(node), "__attrs_attrs__"):
            stack.extend(getattr(node, field.name) for field in type(node).__attrs_attrs__)
    return found


def recommendations(compiled, ctx, questions, rows, concerning=None):
    """Per anbefaling, the rows where it applies; and the rows this could not settle (to answer on the
    scalar path). ``rows``: the rows to consider (not error rows); ``concerning``: the anbefalinger
    whose conditions were evaluated (:func:`concerned`; all of them if None)."""
    entries = compiled.checked.entries
    n = ctx.frame.n
    unsettled = np.zeros(n, dtype=bool)
    holds = []
    for rec, when in compiled.recommendations if concerning is None else concerning:
        if when is None:
            return [], rows.copy()
        val, unk = ctx.conditions[id(rec.when)]
        holds.append((rec, rows & ~unk & val & _in_period(compiled, ctx, rec)))
    if not any(mask.any() for _, mask in holds):
        return [], unsettled
    order = compiled.checked.rules_children_first(questions)
    order.reverse()  # callers before callees, from the questions down
    evaluated = {q: rows.copy() for q in questions}
    reached: dict = {q: rows.copy() for q in questions}
    for ident in order:
        active = evaluated.get(ident)
        if active is None or not active.any():
            continue
        if isinstance(compiled.rules[ident], ScalarRule):
            unsettled |= active
            continue
        walker = Walker(compiled, ctx)
        try:
            walker.rule(entries[ident], active)
        except Unsupported:
            unsettled |= active
            continue
        for target, mask in walker.out.items():
            reached[target] = reached[target] | mask if target in reached else mask
            if not entries[target].is_fact:
                evaluated[target] = evaluated[target] | mask if target in evaluated else mask
    found = []
    for rec, mask in holds:
        if not mask.any():
            continue
        walker = Walker(compiled, ctx)
        try:
            walker.expr(rec.when, mask)
        except Unsupported:
            unsettled |= mask
            continue
        concerns = np.zeros(n, dtype=bool)
        for target, refs in walker.out.items():
            if target in reached:
                concerns |= refs & reached[target]
        found.append((rec, mask & concerns))
    return found, unsettled
