"""Compile a checked spec into functions over whole columns, mirroring :mod:`lovkode.evaluate`.

Every construct this module knows is listed in :data:`EXPRESSIONS` and :data:`ENTRY_KINDS`, and every
declaration shape in :data:`DECLARATIONS`. Anything else raises :class:`Unsupported` at compile time:
the rule that uses it is then evaluated row by row on the scalar path (:class:`ScalarRule`), while
everything around it stays columnar. A new construct is therefore right from the day it appears and
fast from the day it is listed here (``tests/columnar/test_constructs.py`` fails until someone decides).

The value of a rule is computed for all rows; which rows a branch "would have" evaluated does not
matter for values and missing facts, since evaluation is pure and never raises.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, DivisionByZero, InvalidOperation

import attrs
import numpy as np

from .. import ast, regulation
from ..evaluate import Run, _exception_label
from ..render.reasons import silence_text
from ..render.text import format_value
from ..types import BOOL as T_BOOL, CHOICE, DATE as T_DATE, DURATION, NUMERIC, PERCENT, TEXT
from ..values import EXACT, QUOTIENT, Duration, Silence, SilenceKind, Ukendt, UndefinedKind
from . import arrays as A
from .arrays import BOOL, DATE, DUR, NUM, STR, Col
from .scale import analyse


class Unsupported(Exception):
    """Internal: the columnar compiler has no array form for this construct; use the scalar path."""


def kind_of(type_) -> str:
    if type_ is None:
        raise Unsupported("ukendt type")
    k = type_.kind
    if k == T_BOOL:
        return BOOL
    if k in NUMERIC:
        return NUM
    if k == T_DATE:
        return DATE
    if k == DURATION:
        return DUR
    if k in (TEXT, CHOICE):
        return STR
    raise Unsupported(f"type {k}")


class Context:
    """One evaluation over a table: the frame, the facts as columns, rule columns computed so far,
    and the prepared facts of each row for rules that run on the scalar path."""

    def __init__(self, frame: A.Frame, facts: dict, row_facts):
        self.frame = frame
        self.facts = facts
        self.row_facts = row_facts
        self.cache: dict = {}
        """Columns by rule id, and a skøn's lawfulness by ``id`` of its declaration."""
        self.conditions: dict = {}
        """A condition's ``(val, unk)`` per row, for :mod:`.reach`: by ``id`` of the expression, and an
        exception's by ``(rule id, index of the exception)``."""


class Compiled:
    """The spec as column functions: ``rule(ident)(ctx) → Col``."""

    def __init__(self, spec):
        self.spec = spec
        self.checked = spec._checked
        self.program = spec._program
        self._types = self.checked.types
        self.numbers = analyse(self.checked)
        """Which numeric expressions are exact as scaled integers (:mod:`lovkode.columnar.scale`)."""
        self.fact_ids = [e.id for e in self.checked.entries.values() if e.is_fact]
        self.fact_index = {f: i for i, f in enumerate(self.fact_ids)}
        self.fact_kinds = {}
        for e in self.checked.entries.values():
            if e.is_fact:
                try:
                    self.fact_kinds[e.id] = kind_of(e.type)
                except Unsupported:
                    self.fact_kinds[e.id] = None
        self._lawfulness_fns: dict = {}
        self.rules: dict = {}
        self.scalar: set = set()
        """The rules evaluated row by row, because they use a construct listed nowhere here."""
        for entry in self.checked.entries.values():
            if not entry.is_fact:
                try:
                    self.rules[entry.id] = self._entry(entry)
                except Unsupported:
                    self.scalar.add(entry.id)
                    self.rules[entry.id] = ScalarRule(self, entry)
        self.recommendations = []
        for rec in self.checked.recommendations:
            if type(rec) is not ast.RecommendationDecl:
                self.recommendations.append((rec, None))
                continue
            try:
                self.recommendations.append((rec, self.expr(rec.when) if rec.when is not None else None))
            except Unsupported:
                self.recommendations.append((rec, None))

    # references ------------------------------------------------------------------------------
    def ref(self, ident: str):
        entry = self.checked.entries[ident]
        if entry.is_fact:
            if self.fact_kinds.get(ident) is None:
                raise Unsupported(f"faktum af typen {entry.type}")
            return lambda ctx: ctx.facts[ident]
        rules = self.rules

        def ref_rule(ctx):
            col = ctx.cache.get(ident)
            if col is None:
                col = ctx.cache[ident] = rules[ident](ctx)
            return col

        return ref_rule

    # named things ------------------------------------------------------------------------------
    def _entry(self, entry):
        check_shape(entry.decl)
        kind = entry.kind
        if kind in ("regel", "spørgsmål") and type(entry.decl) is ast.RuleDecl:
            return self._rule_body(entry)
        if kind == "skøn" and type(entry.decl) is ast.DiscretionDecl:
            return self._discretion(entry.decl)
        if kind == "tabel" and type(entry.decl) is ast.TableDecl:
            return self._table(entry)
        if kind == "reguleret beløb" and type(entry.decl) is ast.RegulationDecl:
            return self._regulated(entry)
        raise Unsupported(f"navngivet {kind}")

    def _date_fn(self, local):
        name = local or self.checked.in_force
        if name is None:
            raise Unsupported("ingen dato for gældende ret")
        return self.ref(name.id)

    def _versioned(self, versions, date_fn, kind, what: str, default=None):
        """The version in force on the row's date; with the date unknown, known only if all agree."""
        if not versions:
            raise Unsupported("versioner uden indhold")

        def select(ctx):
            frame = ctx.frame
            d = date_fn(ctx)
            results = [fn(ctx) for _, fn in versions]
            # rows with a known date: the first version in force
            chosen = np.full(frame.n, -1)
            for index, (validity, _) in enumerate(versions):
                hit = ~d.unk & (chosen < 0) & contains(validity, d.val, DATE)
                chosen[hit] = index
            if default is not None:
                out = frame.constant(kind, default)
            else:
                silent = ~d.unk & (chosen < 0)
                out = frame.silent(kind, silent, _each_once(
                    d.val[silent].tolist(),
                    lambda day: f"Kilderne siger intet om {what} pr. {format_value(dt.date.fromordinal(day))}."))
            for index, result in enumerate(results):
                out = A.select(chosen == index, result, out)
            # rows with an unknown date: every version (and the default) must agree
            candidates = results + ([frame.constant(kind, default)] if default is not None else [])
            first = candidates[0]
            agree = ~first.unk
            miss = d.miss | first.miss
            for other in candidates[1:]:
                agree &= ~other.unk & A.equal(kind, other.val, first.val)
                miss = miss | other.miss
            open_ = d.unk & ~agree
            unknown = Col(kind, first.val, open_, A.mask_miss(miss, open_))
            frame.with_silence(unknown, [(None, d)] + [(None, r) for r in results])
            return A.select(d.unk, unknown, out)

        return select

    def _rule_body(self, entry):
        decl = entry.decl
        kind = kind_of(entry.type)
        if decl.versions:
            if any(type(v) is not ast.Version or v.body is None for v in decl.versions):
                raise Unsupported("version uden indhold")
            versions = [(_shaped(v.validity), self._version_value(_shaped(v), entry, kind)) for v in decl.versions]
            base = self._versioned(versions, self._date_fn(decl.in_force), kind, f"»{entry.name}«")
        else:
            if decl.body is None:
                raise Unsupported("regel uden indhold")
            base = self._body_value(decl.body)
        if not entry.exceptions:
            return base
        exceptions = [self._exception(exc, kind, entry) for exc in entry.exceptions]
        labels = [_exception_label(exc, entry) for exc in entry.exceptions]

        def with_exceptions(ctx):
            frame = ctx.frame
            b = base(ctx)
            fired = frame.no_unk()
            first_at = np.full(frame.n, -1)  # per row: the first exception that fired
            conflict_at = np.full(frame.n, -1)  # and the first one after it whose result differs
            first = None
            open_any = frame.no_unk()
            keep = ~b.unk
            open_miss = b.miss
            seen = []
            for index, (when_fn, value_fn) in enumerate(exceptions):
                c = when_fn(ctx)
                ctx.conditions[(entry.id, index)] = (c.val, c.unk)
                v = value_fn(ctx)
                fires = ~c.unk & c.val
                new = fires & ~fired
                again = fires & fired
                first_at[new] = index
                if first is None:
                    first = v
                else:
                    conflict_at[again & (conflict_at < 0) & _differ(frame, kind, v, first, again)] = index
                    first = A.select(new, v, first)
                fired |= fires
                is_open = c.unk
                seen.append((is_open, c, v))
                open_any |= is_open
                keep &= ~is_open | (~v.unk & A.equal(kind, v.val, b.val))
                open_miss = open_miss | np.where(is_open[:, None], c.miss | v.miss, np.uint64(0))
            keep |= ~open_any
            not_fired = Col(kind, b.val, ~keep, A.mask_miss(open_miss, ~keep))
            frame.with_silence(not_fired, [(o, c) for o, c, _ in seen] + [(None, b)] + [(o, v) for o, _, v in seen])
            not_fired = A.select(keep, b, not_fired)
            conflict = conflict_at >= 0
            if conflict.any():  # unknown, nothing missing: the pair of exceptions (their labels) says why
                pairs = [(labels[i], labels[j])
                         for i, j in zip(first_at[conflict].tolist(), conflict_at[conflict].tolist())]
                first = A.select(conflict, frame.silent(kind, conflict, pairs), first)
            return A.select(fired, first, not_fired)

        return with_exceptions

    def _body_value(self, body):
        check_shape(body)
        return self.expr(body.value)

    def _version_value(self, version, entry, kind):
        """A version's content; a silent version (`kilderne er tavse: "…"`) is unknown on every row,
        with nothing missing and the reason the spec gives."""
        check_shape(version.body)
        silent = version.body.value
        if type(silent) is not ast.Silent:
            return self._body_value(version.body)
        check_shape(silent)
        messages = (silence_text(Silence(SilenceKind.STATED, f"»{entry.name}«", version.validity.describe(),
                                         silent.reason, version.citation or version.law)),)
        return lambda ctx: ctx.frame.silent_everywhere(kind, messages)

    def _body_when(self, body):
        check_shape(body)
        if body.when is None:
            return lambda ctx: ctx.frame.constant(BOOL, True)
        return self.expr(body.when)

    def _exception(self, exc, kind, entry):
        check_shape(exc)
        if type(exc) is not ast.ExceptionDecl:
            raise Unsupported("undtagelse")
        if exc.versions:
            if any(type(v) is not ast.Version or v.body is None for v in exc.versions):
                raise Unsupported("version uden indhold")
            date_fn = self._date_fn(exc.in_force)
            whens = [(_shaped(v.validity), self._body_when(_shaped(v).body)) for v in exc.versions]
            values = [(_shaped(v.validity), self._body_value(v.body)) for v in exc.versions]
            label = _exception_label(exc, entry)
            return (self._versioned(whens, date_fn, BOOL, label, default=False),
                    self._versioned(values, date_fn, kind, label))
        if exc.body is None:
            raise Unsupported("undtagelse uden indhold")
        return self._body_when(exc.body), self._body_value(exc.body)

    def _discretion(self, decl):
        if decl.assessment is None:
            raise Unsupported("skøn uden vurdering")
        return _kleene([self.expr(decl.assessment), self._lawfulness(decl)], False)

    def _lawfulness(self, decl):
        """Whether the skøn is lawfully exercised (:meth:`lovkode.evaluate.Program._lawfulness`): its
        requirements met and, where a consideration against is present, the contrary information weighed.
        One column per evaluation, shared by the skøn and every `er lovligt udøvet` of it."""
        found = self._lawfulness_fns.get(id(decl))
        if found is not None:
            return found
        check_shape(decl)
        requirements = [self.expr(r) for r in decl.requirements]
        considerations = [self.expr(c) for c in decl.considerations]
        weighing = self.expr(decl.weighing) if decl.weighing is not None else \
            (lambda ctx: ctx.frame.constant(BOOL, False))
        parts = list(requirements)
        if considerations:
            parts.append(_kleene([_not(_kleene(considerations, True)), weighing], True))
        holds = _kleene(parts, False) if parts else (lambda ctx: ctx.frame.constant(BOOL, True))
        key = id(decl)

        def lawfulness(ctx):
            col = ctx.cache.get(key)
            if col is None:
                col = ctx.cache[key] = holds(ctx)
            return col

        self._lawfulness_fns[id(decl)] = lawfulness
        return lawfulness

    def _table(self, entry):
        decl = entry.decl
        if decl.by_fiscal_year:  # read by the regulation chain at load; the checker keeps rules off it (LK436)
            kind = kind_of(entry.type)

            def nothing(ctx):  # what the scalar path gives: unknown, nothing missing, nothing silent
                col = ctx.frame.flagged(kind)
                col.miss[:] = 0
                return col

            return nothing
        key_kind = self.fact_kinds.get(decl.key.id) if self.checked.entries[decl.key.id].is_fact \
            else kind_of(self.checked.entries[decl.key.id].type)
        if key_kind not in (NUM, DATE):
            raise Unsupported("tabelnøgle")
        key = self.ref(decl.key.id)
        kind = kind_of(entry.type)
        what = f"»{entry.name}«"

        def lookup_fn(rows):
            if any(type(r) is not ast.Row for r in rows):
                raise Unsupported("tabelrække")
            compiled = [(_shaped(_shaped(row).key), self.expr(row.value)) for row in rows]
            constants = _literals([row.value for row in rows], kind)

            def lookup(ctx):
                frame = ctx.frame
                k = key(ctx)
                chosen = np.full(frame.n, -1)
                for index, (validity, _) in enumerate(compiled):
                    hit = ~k.unk & (chosen < 0) & contains(validity, k.val, key_kind)
                    chosen[hit] = index
                silent = ~k.unk & (chosen < 0)
                shown = A.days_to_dates(k.val[silent]) if key_kind == DATE else A.decimals(k.val)[silent]
                out = frame.silent(kind, silent, _each_once(
                    shown, lambda x: f"Kilderne angiver ingen værdi i {what} for {format_value(x)}."))
                if constants is not None:  # every row a constant: each row's value looked up at once
                    out.val = constants(np.maximum(chosen, 0))
                else:
                    for index, (_, value) in enumerate(compiled):
                        if (chosen == index).any():
                            out = A.select(chosen == index, value(ctx), out)
                unknown = Col(kind, out.val, k.unk.copy(), k.miss, k.sil)
                return A.select(k.unk, unknown, out)

            return lookup

        if decl.versions:
            if any(type(v) is not ast.TableVersion for v in decl.versions):
                raise Unsupported("tabelversion")
            versions = [(_shaped(_shaped(v).validity), lookup_fn(v.rows)) for v in decl.versions]
            return self._versioned(versions, self._date_fn(decl.in_force), kind, what)
        return lookup_fn(decl.rows)

    def _regulated(self, entry):
        """A regulated amount: each row's year of the key date looked up in the chain computed at load
        (:meth:`lovkode.evaluate.Program._regulated`); a year without an amount is silent, as the chain
        says why. Each distinct year is looked up once."""
        decl = entry.decl
        for part in (*decl.levels, *decl.steps):
            check_shape(part)
        key_entry = self.checked.entries[decl.key.id]
        key_kind = self.fact_kinds.get(decl.key.id) if key_entry.is_fact else kind_of(key_entry.type)
        if key_kind != DATE:
            raise Unsupported("reguleringsnøgle")
        key = self.ref(decl.key.id)
        found = self.checked.chains.get(entry.id) or regulation.Chain({}, decl)
        subject = f"»{entry.name}«"
        memo: dict = {}

        def year_of(year: int):
            """(amount, None) or (placeholder, the silence's words): the chain is fixed at load."""
            answer = memo.get(year)
            if answer is None:
                amount = found.years.get(year)
                if amount is not None:
                    answer = (amount.value, None)
                else:
                    gap = found.lookup(year)
                    answer = (A.ZERO, (gap,) if gap is UndefinedKind.TOO_BIG
                              else (silence_text(Silence(gap.kind, subject, gap.year, gap.table)),))
                memo[year] = answer
            return answer

        def lookup(ctx):
            frame = ctx.frame
            k = key(ctx)
            years = A.ymd(k.val)[0]
            first = int(years.min()) if len(years) else 0
            offset = years - first  # the years as small indices: no sort to find the distinct ones
            present = np.zeros(int(offset.max()) + 1 if len(years) else 0, dtype=bool)
            present[offset] = True
            answers = {int(i): year_of(first + int(i)) for i in np.flatnonzero(present)}
            amounts = np.empty(len(present), dtype=object)
            amounts.fill(A.ZERO)
            messages = np.empty(len(present), dtype=object)
            said = np.zeros(len(present), dtype=bool)
            for i, (amount, message) in answers.items():
                amounts[i], messages[i], said[i] = amount, message, message is not None
            scaled = A.as_scaled(amounts)
            val = amounts[offset] if scaled is None else A.Scaled(scaled.ints[offset], scaled.scale, scaled.mag)
            silent = ~k.unk & said[offset]
            miss = k.miss  # the key's missing facts where it is unknown, the flag where silent
            sil = k.sil
            if silent.any():
                miss = miss.copy()
                miss[silent, frame.flag_word] |= frame.flag_mask
                sil = np.where(silent, messages[offset], k.sil)
            return Col(NUM, val, k.unk | silent, miss, sil)

        return lookup

    # expressions -------------------------------------------------------------------------------
    def expr(self, e):
        compile_ = EXPRESSIONS.get(type(e))
        if compile_ is None:
            raise Unsupported(type(e).__name__)
        check_shape(e)
        fn = compile_(self, e)
        if self._types.get(id(e)) is None or self._types[id(e)].kind != T_BOOL:
            return fn
        key = id(e)

        def recorded(ctx):  # a condition's truth per row, for which branches were taken (see reach)
            col = fn(ctx)
            ctx.conditions[key] = (col.val, col.unk)
            return col

        return recorded

    def kind(self, e) -> str:
        return kind_of(self._types.get(id(e)))

    def _literal(self, e):
        kind = self.kind(e)
        value = e.value
        if kind == BOOL and type(value) is not bool or kind == NUM and type(value) is not Decimal \
                or kind == DATE and type(value) is not dt.date or kind == DUR and type(value) is not Duration:
            raise Unsupported("konstant af uventet form")
        if kind == NUM:
            return lambda ctx: Col(NUM, A.scaled_constant(value, ctx.frame.n), ctx.frame.no_unk(), ctx.frame.no_miss())
        return lambda ctx: ctx.frame.constant(kind, value)

    def _ref(self, e):
        return self.ref(e.name.id)

    def _not(self, e):
        return _not(self.expr(e.operand))

    def _logic(self, e):
        parts = [self.expr(p) for p in e.parts]
        if e.op == "og":
            return _kleene(parts, False)
        if e.op == "eller":
            return _kleene(parts, True)
        if e.op == "ingen":
            return _not(_kleene(parts, True))
        raise Unsupported(f"logik {e.op}")

    def _unless(self, e):
        return _kleene([self.expr(e.exception), self.expr(e.requirement)], True)

    def _if(self, e):
        cond, then, otherwise = self.expr(e.condition), self.expr(e.then), self.expr(e.otherwise)
        kind = self.kind(e.then)
        if self.kind(e.otherwise) != kind:
            raise Unsupported("hvis med to slags værdier")

        def if_(ctx):
            frame = ctx.frame
            c, a, b = cond(ctx), then(ctx), otherwise(ctx)
            yes = ~c.unk & c.val
            out = A.select(yes, a, b)
            same = ~a.unk & ~b.unk & A.equal(kind, a.val, b.val)
            open_ = c.unk & ~same
            unknown = Col(kind, a.val, open_, A.mask_miss(c.miss | a.miss | b.miss, open_))
            frame.with_silence(unknown, [(None, c), (None, a), (None, b)])
            return A.select(c.unk, unknown, out)

        return if_

    def _known(self, e):
        operand = self.expr(e.operand)
        negated = e.negated

        def known(ctx):
            v = operand(ctx)
            return Col(BOOL, v.unk.copy() if negated else ~v.unk, ctx.frame.no_unk(), ctx.frame.no_miss())

        return known

    def _why_unknown(self, e):
        """`kilderne er tavse om X` / `der mangler oplysninger til X`: always known. Silent is unknown with
        nothing missing and a silence among the row's reasons (the flag alone may be a conflict or
        undefined arithmetic, which are no silence)."""
        operand = self.expr(e.operand)
        if e.test is ast.UnknownTest.SILENT:
            def silent(ctx):
                frame = ctx.frame
                v = operand(ctx)
                val = A.with_reason(frame, v, v.unk & ~frame.has_facts(v), A.SILENCE)
                return Col(BOOL, val, frame.no_unk(), frame.no_miss())

            return silent
        if e.test is not ast.UnknownTest.MISSING_FACTS:
            raise Unsupported(f"ukendt af grunden {e.test}")

        def lacks_facts(ctx):
            frame = ctx.frame
            v = operand(ctx)
            return Col(BOOL, v.unk & frame.has_facts(v), frame.no_unk(), frame.no_miss())

        return lacks_facts

    def _lawful(self, e):
        """`»skøn« er lovligt udøvet`: the skøn's lawfulness, read inline like the scalar path does (the
        skøn itself is not evaluated)."""
        if type(e.discretion) is not ast.Ref:
            raise Unsupported("lovligt udøvet")
        entry = self.checked.entries[e.discretion.name.id]
        if entry.kind != "skøn" or type(entry.decl) is not ast.DiscretionDecl:
            raise Unsupported("lovligt udøvet")
        return self._lawfulness(entry.decl)

    def _compare(self, e):
        left, right = self.expr(e.left), self.expr(e.right)
        kind = self.kind(e.left)
        if self.kind(e.right) != kind:
            raise Unsupported("sammenligning af to slags værdier")
        op = e.op
        if op not in _COMPARE:
            raise Unsupported(f"sammenligning {op}")
        if kind in (BOOL, STR) and op not in ("=", "≠"):
            raise Unsupported(f"{op} mellem {kind}")
        test = _COMPARE[op]

        def compare(ctx):
            a, b = left(ctx), right(ctx)
            unk = a.unk | b.unk
            val = test(kind, a.val, b.val) & ~unk
            miss = _strict(ctx, a.miss | b.miss, a, b)
            return ctx.frame.with_silence(Col(BOOL, val, unk, miss), [(None, a), (None, b)])

        return compare

    def _arith(self, e):
        left, right = self.expr(e.left), self.expr(e.right)
        ta, tb, tr = (self._types.get(id(x)) for x in (e.left, e.right, e))
        ka, kb, kr = kind_of(ta), kind_of(tb), kind_of(tr)
        op = e.op
        if op in ("+", "-") and DATE in (ka, kb):
            if not ({ka, kb} == {DATE, DUR} and kr == DATE) or (op == "-" and ka != DATE):
                raise Unsupported("datoregning")
            sign = 1 if op == "+" else -1
            date_first = ka == DATE

            def compute(frame, a, b):
                day, span = (a, b) if date_first else (b, a)
                months, days = span.val
                out, bad = day.val, np.zeros(frame.n, dtype=bool)
                if months.any():
                    moved, bad_m = A.add_months(out, sign * months)
                    out = np.where(months != 0, moved, out)
                    bad |= bad_m & (months != 0)
                if days.any():
                    moved, bad_d = A.add_days(out, sign * days)
                    out = np.where(days != 0, moved, out)
                    bad |= bad_d & (days != 0)
                return np.where(bad, A.PLACEHOLDER_DAY, out), bad
            failure = UndefinedKind.OFF_CALENDAR
        elif op in ("+", "-") and ka == DUR:
            if not (kb == DUR and kr == DUR):
                raise Unsupported("varighedsregning")
            sign = 1 if op == "+" else -1

            def compute(frame, a, b):
                months = a.val[0] + sign * b.val[0]
                days = a.val[1] + sign * b.val[1]
                bad = (months != 0) & (days != 0)
                return (np.where(bad, 0, months), np.where(bad, 0, days)), bad
            failure = UndefinedKind.MIXED_DURATION
        elif ka == NUM and kb == NUM and kr == NUM and op in ("+", "-", "/", "×", "af"):
            failure = UndefinedKind.TOO_BIG
            exact = self.numbers.of(e).exact
            if op in ("+", "-"):
                sign = 1 if op == "+" else -1

                def compute(frame, a, b):
                    return A.too_big(A.num_add(*_operands(exact, a, b), sign, exact))
            elif op == "/":
                failure = UndefinedKind.DIVISION_BY_ZERO

                def compute(frame, a, b):
                    out = _DIVIDE(A.decimals(a.val), A.decimals(b.val))
                    bad = np.asarray(out == None, dtype=bool)  # noqa: E711 — elementwise
                    if bad.any():
                        out[bad] = A.ZERO
                    return out, bad
            else:
                hundreds = (ta.kind == PERCENT) + (tb.kind == PERCENT) - (tr.kind == PERCENT)

                def compute(frame, a, b):
                    return A.too_big(A.num_mul(*_operands(exact, a, b), hundreds, exact))
        else:
            raise Unsupported(f"regning {op}")

        def arith(ctx):
            frame = ctx.frame
            a, b = left(ctx), right(ctx)
            unk = a.unk | b.unk
            val, bad = compute(frame, a, b)
            miss = _strict(ctx, a.miss | b.miss, a, b)
            candidates = [(None, a), (None, b)]
            if bad is not None:
                bad = bad & ~unk
                if bad.any():  # both operands known (so nothing else to merge): unknown, and why
                    own = frame.silent(kr, bad, [failure] * int(bad.sum()))
                    unk = unk | bad
                    miss = miss | own.miss
                    candidates.append((None, own))
            return frame.with_silence(Col(kr, val, unk, miss), candidates)

        return arith

    def _negate(self, e):
        operand = self.expr(e.operand)
        kind = self.kind(e.operand)
        if kind not in (NUM, DUR):
            raise Unsupported("minus")

        def negate(ctx):
            v = operand(ctx)
            val = (-v.val[0], -v.val[1]) if kind == DUR else A.num_negate(v.val)
            return Col(kind, val, v.unk, v.miss, v.sil)

        return negate

    def _in_years(self, e):
        operand = self.expr(e.operand)
        if self.kind(e.operand) != DUR:
            raise Unsupported("i år")

        def in_years(ctx):
            frame = ctx.frame
            v = operand(ctx)
            months, days = v.val
            bad = ~v.unk & (days != 0)
            uniques, inverse = A.distinct(months)  # each distinct number of months divided once
            years = np.empty(len(uniques), dtype=object)
            years[:] = [QUOTIENT.divide(int(m), 12) for m in uniques.tolist()]
            scaled = A.as_scaled(years)
            val = years[inverse] if scaled is None else A.Scaled(scaled.ints[inverse], scaled.scale, scaled.mag)
            if not bad.any():
                return Col(NUM, val, v.unk, v.miss, v.sil)
            own = frame.silent(NUM, bad, [UndefinedKind.DAYS_IN_YEARS] * int(bad.sum()))
            return frame.with_silence(Col(NUM, val, v.unk | bad, v.miss | own.miss), [(None, v), (None, own)])

        return in_years

    def _round(self, e):
        operand = self.expr(e.operand)
        exact = self.numbers.of(e).exact

        def rounded(ctx):
            frame = ctx.frame
            v = operand(ctx)
            val = A.as_scaled(v.val, ~v.unk) if exact else None
            out, bad = A.too_big(A.num_round(v.val if val is None else val, val is not None))
            bad = None if bad is None else bad & ~v.unk
            if bad is None or not bad.any():
                return Col(NUM, out, v.unk, v.miss, v.sil)
            own = frame.silent(NUM, bad, [UndefinedKind.TOO_BIG] * int(bad.sum()))
            return frame.with_silence(Col(NUM, out, v.unk | bad, v.miss | own.miss), [(None, v), (None, own)])

        return rounded

    def _extreme(self, e):
        parts = [self.expr(p) for p in e.parts]
        kind = self.kind(e)
        if any(self.kind(p) != kind for p in e.parts) or e.op not in ("mindste", "største"):
            raise Unsupported("mindste/største")
        smallest = e.op == "mindste"

        def extreme(ctx):
            values = [p(ctx) for p in parts]
            out = values[0].val
            unk = values[0].unk
            miss = values[0].miss
            for v in values[1:]:
                take = A.less(kind, v.val, out) if smallest else A.less(kind, out, v.val)
                out = A.where_val(kind, take, v.val, out)
                unk = unk | v.unk
                miss = miss | v.miss
            miss = _strict(ctx, miss, *values)
            return ctx.frame.with_silence(Col(kind, out, unk, miss), [(None, v) for v in values])

        return extreme

    def _whole_years(self, e):
        start, end = self.expr(e.start), self.expr(e.end)
        if self.kind(e.start) != DATE or self.kind(e.end) != DATE:
            raise Unsupported("hele år")

        def years(ctx):
            a, b = start(ctx), end(ctx)
            unk = a.unk | b.unk
            val = A.Scaled(A.whole_years(a.val, b.val).astype(np.int64), 0, 9999)
            miss = _strict(ctx, a.miss | b.miss, a, b)
            return ctx.frame.with_silence(Col(NUM, val, unk, miss), [(None, a), (None, b)])

        return years


def _differ(frame, kind, v: Col, first: Col, rows):
    """Rows where two exceptions' results differ as the scalar path's ``!=`` finds them: one known and
    one unknown, two known values not equal, or two unknowns whose missing facts, silences or undefined
    arithmetic differ (:class:`lovkode.values.Ukendt` equality: a conflict within them does not count).
    ``rows``: where the answer matters (the reasons are compared there only, row by row)."""
    both = ~v.unk & ~first.unk
    out = (v.unk != first.unk) | (both & ~A.equal(kind, v.val, first.val))
    both_unknown = v.unk & first.unk
    if both_unknown.any():
        out |= both_unknown & frame.facts_differ(v, first)
        flag_v, flag_first = frame.has_flag(v), frame.has_flag(first)
        for i in np.flatnonzero(rows & both_unknown & ~out & (flag_v | flag_first)).tolist():
            mine = A.compared(v.sil[i]) if flag_v[i] else A.compared(None)
            theirs = A.compared(first.sil[i]) if flag_first[i] else A.compared(None)
            out[i] = mine != theirs
    return out


def _strict(ctx, miss, *cols):
    """``miss``, the operands' joined bitsets, as an operation that needs every operand has them
    (:func:`lovkode.values.strict`): where an unknown operand lists no missing fact (silent, undefined,
    conflicting), no fact can make the result known, so its fact bits are cleared (the flag stays)."""
    frame = ctx.frame
    hopeless = hopeful = None
    for col in cols:
        if not col.unk.any():
            continue
        facts = frame.has_facts(col)
        if hopeless is None:
            hopeless, hopeful = col.unk & ~facts, col.unk & facts
        else:
            hopeless = hopeless | (col.unk & ~facts)
            hopeful = hopeful | (col.unk & facts)
    if hopeless is not None:
        rows = hopeless & hopeful
        if rows.any():
            flag = miss[:, frame.flag_word] & frame.flag_mask
            miss = np.where(rows[:, None], np.uint64(0), miss)
            miss[:, frame.flag_word] |= np.where(rows, flag, np.uint64(0))
    return miss


class ScalarRule:
    """A rule the columnar compiler cannot express: each row is evaluated by the compiled scalar
    program (the same closures :meth:`lovkode.Spec.evaluate` runs) and put back into columns."""

    def __init__(self, compiled: Compiled, entry):
        self.ident = entry.id
        self.kind = kind_of(entry.type) if entry.type is not None else None
        self.fn = compiled.program.ref(entry.id)
        self.fact_index = compiled.fact_index

    def __call__(self, ctx):
        frame = ctx.frame
        n = frame.n
        values = []
        for i in range(n):
            run = Run(ctx.row_facts(i))
            values.append(self.fn(run))
        kind = self.kind or _kind_of_values(values)
        col = frame.flagged(kind, np.zeros(n, dtype=bool))
        if kind == NUM:  # filled with Decimals below, measured into scaled integers at the end
            col.val = np.empty(n, dtype=object)
            col.val.fill(A.ZERO)
        val = col.val
        for i, v in enumerate(values):
            if type(v) is Ukendt:
                col.unk[i] = True
                for name in v.missing:
                    word, bit = divmod(self.fact_index[name], 64)
                    col.miss[i, word] |= np.uint64(1 << bit)
                if v.silent or v.conflict or v.undefined:
                    col.miss[i, frame.flag_word] |= frame.flag_mask
                    if col.sil is None:
                        col.sil = np.empty(n, dtype=object)
                    col.sil[i] = A.reasons(tuple(silence_text(s) for s in v.silent), v.undefined, v.conflict)
            elif kind == DATE:
                val[i] = v.toordinal()
            elif kind == DUR:
                val[0][i], val[1][i] = v.months, v.days
            else:
                val[i] = v
        if kind == NUM:  # measured once here, not at every use
            scaled = A.as_scaled(val, ~col.unk)
            if scaled is not None:
                col.val = scaled
        return col


def _kind_of_values(values) -> str:
    for v in values:
        if type(v) is bool:
            return BOOL
        if type(v) is Decimal:
            return NUM
        if type(v) is dt.date:
            return DATE
        if type(v) is Duration:
            return DUR
        if type(v) is str:
            return STR
    return BOOL


def contains(validity, values, kind):
    """Rows whose value lies in a range (:meth:`lovkode.ast.Range.contains` on arrays)."""
    if type(validity) is not ast.Range:
        raise Unsupported("interval")
    inside = np.ones(len(values), dtype=bool)
    for bound, is_low, inclusive in ((validity.low, True, validity.low_inclusive),
                                     (validity.high, False, validity.high_inclusive)):
        if bound is None:
            continue
        if kind == DATE:
            if type(bound) is not dt.date:
                raise Unsupported("interval")
            bound = bound.toordinal()
        elif type(bound) is not Decimal:
            raise Unsupported("interval")
        elif type(values) is A.Scaled:
            whole = _scaled_bound(bound, values.scale, is_low == inclusive)
            if abs(whole) > A.INT64_MAX:  # beyond every value: the range holds all rows or none
                if (whole < 0) != is_low:
                    inside[:] = False
                continue
            if is_low:
                inside &= values.ints >= whole if inclusive else values.ints > whole
            else:
                inside &= values.ints <= whole if inclusive else values.ints < whole
            continue
        if is_low:
            inside &= np.asarray(values >= bound if inclusive else values > bound, dtype=bool)
        else:
            inside &= np.asarray(values <= bound if inclusive else values < bound, dtype=bool)
    return inside


def _kleene(parts, decisive: bool):
    """Kleene ``og`` (decisive False) / ``eller`` (decisive True) over columns: a known decisive part
    settles the row; otherwise unknown where any part is, with their missing facts joined."""
    if len(parts) == 1:
        return parts[0]

    def kleene(ctx):
        cols = [p(ctx) for p in parts]
        settled = np.zeros(ctx.frame.n, dtype=bool)
        unk = np.zeros(ctx.frame.n, dtype=bool)
        miss = cols[0].miss
        for c in cols:
            settled |= ~c.unk & (c.val if decisive else ~c.val)
            unk |= c.unk
        for c in cols[1:]:
            miss = miss | c.miss
        unk &= ~settled
        val = settled if decisive else ~settled & ~unk
        return ctx.frame.with_silence(Col(BOOL, val, unk, A.mask_miss(miss, unk)), [(None, c) for c in cols])

    return kleene


def _not(operand):
    def not_(ctx):
        v = operand(ctx)
        return Col(BOOL, ~v.val & ~v.unk, v.unk, v.miss, v.sil)

    return not_


def _safe_divide(a, b):
    try:
        return QUOTIENT.divide(a, b)
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None


_DIVIDE = np.frompyfunc(_safe_divide, 2, 1)


def _operands(exact: bool, a: Col, b: Col):
    """The operands' values, a Decimal column measured into scaled integers on its known rows where
    the expression is exact (a column from the scalar path, a regulated amount)."""
    if not exact:
        return a.val, b.val
    va = A.as_scaled(a.val, ~a.unk) if type(a.val) is not A.Scaled else a.val
    vb = A.as_scaled(b.val, ~b.unk) if type(b.val) is not A.Scaled else b.val
    return (a.val if va is None else va), (b.val if vb is None else vb)


def _scaled_bound(bound: Decimal, scale: int, up: bool) -> int:
    """A range's bound as an integer at ``scale``, rounded so that comparing integers gives the same
    answer (up for ``≥``/``<``, down for ``>``/``≤``)."""
    exact = bound.scaleb(scale, EXACT)
    return int(exact.to_integral_value(rounding="ROUND_CEILING" if up else "ROUND_FLOOR"))


def _each_once(values, fn) -> list:
    """``fn`` of each value, computed once per distinct value."""
    memo: dict = {}
    return [memo[v] if v in memo else memo.setdefault(v, fn(v)) for v in values]


def _literals(values, kind):
    """When every one of ``values`` (expressions) is a constant of ``kind``: a function from row indices
    into them to the value column; otherwise None."""
    if not values or any(type(v) is not ast.Literal for v in values):
        return None
    python = [v.value for v in values]
    wanted = {BOOL: bool, NUM: Decimal, DATE: dt.date, DUR: Duration, STR: str}.get(kind)
    if any(type(v) is not wanted for v in python):
        return None
    if kind == DUR:
        months = np.array([v.months for v in python], dtype=np.int64)
        days = np.array([v.days for v in python], dtype=np.int64)
        return lambda index: (months[index], days[index])
    if kind == BOOL:
        table = np.array(python, dtype=bool)
    elif kind == DATE:
        table = np.array([v.toordinal() for v in python], dtype=np.int64)
    else:
        table = np.empty(len(python), dtype=object)
        table[:] = python
        if kind == NUM:
            scaled = A.as_scaled(table)
            if scaled is not None:
                return lambda index: A.Scaled(scaled.ints[index], scaled.scale, scaled.mag)
    return lambda index: table[index]


_COMPARE = {
    "=": lambda kind, a, b: A.equal(kind, a, b),
    "≠": lambda kind, a, b: ~A.equal(kind, a, b),
    "<": lambda kind, a, b: A.less(kind, a, b),
    "≤": lambda kind, a, b: ~A.less(kind, b, a),
    ">": lambda kind, a, b: A.less(kind, b, a),
    "≥": lambda kind, a, b: ~A.less(kind, a, b),
}

EXPRESSIONS = {
    ast.Literal: Compiled._literal,
    ast.Ref: Compiled._ref,
    ast.Not: Compiled._not,
    ast.Logic: Compiled._logic,
    ast.Unless: Compiled._unless,
    ast.If: Compiled._if,
    ast.Compare: Compiled._compare,
    ast.Known: Compiled._known,
    ast.Arith: Compiled._arith,
    ast.Negate: Compiled._negate,
    ast.InYears: Compiled._in_years,
    ast.RoundKroner: Compiled._round,
    ast.Extreme: Compiled._extreme,
    ast.WholeYears: Compiled._whole_years,
    ast.WhyUnknown: Compiled._why_unknown,
    ast.Lawful: Compiled._lawful,
}
"""Every expression node with an array form. A node type not here makes its rule scalar."""

ENTRY_KINDS = frozenset({"regel", "spørgsmål", "skøn", "tabel", "reguleret beløb"})

DECLARATIONS = frozenset({ast.RuleDecl, ast.ExceptionDecl, ast.DiscretionDecl, ast.TableDecl, ast.Version,
                          ast.TableVersion, ast.Row, ast.Body, ast.Range, ast.RecommendationDecl, ast.Silent,
                          ast.RegulationDecl, ast.Level, ast.RegulationStep})
"""Declaration shapes the compiler reads (beside the expressions)."""

NOT_EVALUATED = frozenset({ast.Name, ast.SourceDecl, ast.InForceDecl, ast.FactDecl, ast.ExampleDecl,
                           ast.ExpectedUnknown, ast.Assignment, ast.Presentation, ast.OutcomeSentence, ast.Label})
"""Node types that never reach evaluation (names, facts' declarations, examples, how a rule is put to a
citizen): nothing to decide."""

SCALAR_ONLY: frozenset = frozenset()
"""Constructs decided to be answered on the scalar path, with no array form above: none at present."""

SHAPES = {
    ast.Literal: ("value", "type", "span"),
    ast.Ref: ("name", "span"),
    ast.Not: ("operand", "span"),
    ast.Logic: ("op", "parts", "span", "listed"),
    ast.Unless: ("requirement", "exception", "span", "explicit", "citation"),
    ast.If: ("condition", "then", "otherwise", "span"),
    ast.Compare: ("op", "left", "right", "span"),
    ast.Known: ("operand", "negated", "span"),
    ast.Arith: ("op", "left", "right", "span"),
    ast.Negate: ("operand", "span"),
    ast.InYears: ("operand", "span"),
    ast.RoundKroner: ("operand", "span"),
    ast.Extreme: ("op", "parts", "span"),
    ast.WholeYears: ("start", "end", "span"),
    ast.WhyUnknown: ("operand", "test", "span"),
    ast.Lawful: ("discretion", "span"),
    ast.Silent: ("reason", "span"),
    ast.RegulationDecl: ("name", "key", "description", "citation", "levels", "steps", "rounded", "span"),
    ast.Level: ("year", "value", "citation", "span"),
    ast.RegulationStep: ("years", "percent", "citation", "span"),
    ast.RuleDecl: ("kind", "name", "declared_type", "description", "citation", "in_force", "body", "versions",
                   "span", "presentation"),
    ast.ExceptionDecl: ("label", "target", "description", "citation", "body", "versions", "in_force", "span"),
    ast.DiscretionDecl: ("name", "description", "citation", "assessment", "requirements", "considerations",
                         "weighing", "span", "presentation"),
    ast.TableDecl: ("name", "key", "type", "description", "citation", "in_force", "rows", "versions", "span"),
    ast.Version: ("validity", "law", "body", "span", "citation"),
    ast.TableVersion: ("validity", "law", "rows", "span"),
    ast.Row: ("key", "value", "citation", "span"),
    ast.Body: ("value", "when", "span", "is_condition"),
    ast.Range: ("low", "low_inclusive", "high", "high_inclusive", "span"),
    ast.RecommendationDecl: ("name", "description", "citation", "when", "text", "span", "validity"),
}
"""The fields each compiled node had when its array form was written. A node that gains a field
(a new annotation, a new kind of version) may mean something new: until this table is updated, a
rule using it is evaluated on the scalar path (see :func:`check_shape`)."""


def check_shape(node) -> None:
    fields = SHAPES.get(type(node))
    if fields is None or tuple(a.name for a in attrs.fields(type(node))) != fields:
        raise Unsupported(f"{type(node).__name__} har en ny form")


def _shaped(node):
    check_shape(node)
    return node
