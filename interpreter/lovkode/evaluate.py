"""Stage 5: compile the checked spec into closures, and evaluate them three-valued.

Input: a :class:`~lovkode.check.Checked` symbol table without errors. Output: a :class:`Program` whose
rules are plain Python closures over a :class:`Run` (never the Lark tree, never text), so names and
types are resolved once at load. Evaluation never raises: an unknown value is an
:class:`~lovkode.values.Ukendt` carrying the missing facts and any silence of the sources. While it
runs, each rule records the facts and rules it reached and a small note (which version, exception or
table row decided it); the explanation is rendered from that only when asked for.

A case is evaluated by the same rules generated as Python source at load (:mod:`lovkode.codegen`,
``Program.fast``), which leave the same notes; the closures serve the exhaustive evaluation the
begrundelse asks for, and are the reference the generated code is tested against.
"""
from __future__ import annotations

import enum
import operator
from itertools import islice
from operator import itemgetter
from decimal import Decimal, DivisionByZero, Inexact, InvalidOperation

from . import ast, regulation
from .check import Checked, Entry
from .types import DATE, DURATION, PERCENT
from .values import (EXACT, NOT_EXACT, QUOTIENT, Duration, Silence, SilenceKind, Ukendt, UndefinedKind, add_duration,
                     merge, multiply, round_kroner, strict, whole_years)

_MISS = object()
_first = itemgetter(0)


class NoteKind(enum.Enum):
    """What a note on a rule's node records: a ``(kind, data)`` pair in ``run.nodes[ident][1]``, left by
    the closures and the generated code alike (which binds the kinds: its source holds no text), and
    read by the tracer and the JSON writer.

    Hashed by identity, in C (not by name, as an enum is, in Python): the writer looks a note up by its
    ``(kind, data)`` pair in a table made at load, once per note of every case. Equal to no string, so a
    bare word in its place matches nothing; the value is for reading a note, never written out."""

    __hash__ = object.__hash__

    VERSION = "version"
    """The version in force on the date decided it: its index among the versions."""
    ALL_VERSIONS = "alle versioner"
    """The date was unknown, and every version gave the same answer (data None)."""
    EXCEPTION = "undtagelse"
    """An exception fired and gave the value: its index among the rule's exceptions."""
    CONFLICT = "konflikt"
    """Two exceptions that fired gave different values: their indices."""
    ROW = "række"
    """A table's row held the key: ``(version index or None, row index)``."""
    REGULATED = "regulering"
    """A regulated amount's year, found in the chain computed at load."""
    SILENT = "tavs"
    """No version, row or year's amount: the date, key or year the sources are silent about."""
    LAWFUL = "lovlig"
    """A skøn's lawfulness: True, False, or None where unknown."""


class Run:
    """The state of one evaluation: the case's facts, rule results so far, and the derivation notes."""

    __slots__ = ("facts", "cache", "nodes", "stack", "tracer", "exhaustive")

    def __init__(self, facts: dict, exhaustive: bool = False):
        self.facts = facts
        self.tracer = None
        self.exhaustive = exhaustive
        """Evaluate every part of `og`/`eller` even after one has settled the answer, so the trace
        shows every failed condition (for audits). Values and `missing` are the same either way."""
        self.cache: dict = {}
        self.nodes: dict = {}
        self.stack: list = [[]]


class Program:
    """The compiled spec: one evaluator per named rule, fact, skøn and table."""

    def __init__(self, checked: Checked, generate=None):
        """``generate``: makes the same rules as generated code from this program
        (:class:`lovkode.codegen.FastProgram`, which builds on this module, so the pipeline hands it
        in); without it a case is evaluated by the closures."""
        self.checked = checked
        self.rules: dict = {}
        self.absent: dict[str, Ukendt] = {e.id: Ukendt(frozenset((e.id,))) for e in checked.entries.values() if e.is_fact}
        self._types = checked.types
        self._refs: dict = {}
        for entry in checked.entries.values():
            if not entry.is_fact:
                self.rules[entry.id] = self._compile_entry(entry)
        self.recommendations = [(rec, self._recommendation(rec)) for rec in checked.recommendations
                                if rec.when is not None]
        for ident in checked.entries:  # every reference made now: evaluation never mutates the program
            self.ref(ident)
        self.fast = generate(self) if generate is not None else None
        """The same rules as generated code, for evaluating a case (the closures serve the
        exhaustive evaluation and the begrundelse; see :mod:`lovkode.codegen`)."""

    # references -------------------------------------------------------------------------------
    def ref(self, ident: str):
        known = self._refs.get(ident)
        if known is not None:
            return known
        entry = self.checked.entries[ident]
        if entry.is_fact:
            absent = self.absent[ident]

            def ref_fact(run, fid=ident, absent=absent):
                run.stack[-1].append(fid)
                v = run.facts.get(fid)
                return absent if v is None else v

            fn = ref_fact
        else:
            rules = self.rules

            def ref_rule(run, rid=ident):
                v = run.cache.get(rid, _MISS)
                if v is _MISS:
                    v = rules[rid](run)
                run.stack[-1].append(rid)
                return v

            fn = ref_rule
        self._refs[ident] = fn
        return fn

    # named things ------------------------------------------------------------------------------
    def _compile_entry(self, entry: Entry):
        if entry.kind in ("regel", "spørgsmål") and not entry.decl.versions and not entry.exceptions:
            return self._plain_rule(entry)
        if entry.kind in ("regel", "spørgsmål"):
            body = self._rule_body(entry)
        elif entry.kind == "skøn":
            body = self._discretion(entry.decl)
        elif entry.kind == "reguleret beløb":
            body = self._regulated(entry)
        elif entry.decl.by_fiscal_year:
            body = _only_in_regulations
        else:
            body = self._table(entry)
        rid = entry.id

        def evaluate_entry(run):
            deps: list = []
            note: list = []
            run.stack.append(deps)
            try:
                v = body(run, note)
            finally:
                run.stack.pop()
            run.cache[rid] = v
            run.nodes[rid] = (deps, note)
            return v

        return evaluate_entry

    def _plain_rule(self, entry: Entry):
        """A rule that is one expression (no versions, no exceptions): as :meth:`_compile_entry`'s
        evaluator, without the note-taking layer its body never uses."""
        value = self.expr(entry.decl.body.value)
        rid = entry.id

        def evaluate_plain(run):
            deps: list = []
            run.stack.append(deps)
            try:
                v = value(run)
            finally:
                run.stack.pop()
            run.cache[rid] = v
            run.nodes[rid] = (deps, ())
            return v

        return evaluate_plain

    def _date_fn(self, local: ast.Name | None):
        name = local or self.checked.in_force
        return self.ref(name.id) if name is not None else None

    def _versioned(self, versions, date_fn, what: str, default=None):
        """Pick the version in force on the date; with the date unknown, known only if all versions agree."""
        bounded = [_bounds(v.validity) + (fn,) for v, fn in versions]
        unknown_date = _unknown_date([fn for _, fn in versions], default)

        def select(run, note):
            d = date_fn(run)
            if type(d) is not Ukendt:
                for index, (low, low_in, high, high_in, fn) in enumerate(bounded):
                    if low is not None and (d < low or (d == low and not low_in)):
                        continue
                    if high is not None and (d > high or (d == high and not high_in)):
                        continue
                    note.append((NoteKind.VERSION, index))
                    return fn(run, note)
                if default is not None:
                    return default
                note.append((NoteKind.SILENT, d))
                return no_version(what, d)
            return unknown_date(run, note, d)

        return select

    def _body_fn(self, body: ast.Body):
        value = self.expr(body.value)
        return lambda run, note: value(run)

    def _version_fn(self, version: ast.Version, entry: Entry):
        """A version's body; a silent version is a constant (:func:`silent_version`)."""
        if isinstance(version.body.value, ast.Silent):
            unknown = silent_version(version, entry)
            return lambda run, note: unknown
        return self._body_fn(version.body)

    def _rule_body(self, entry: Entry):
        decl = entry.decl
        if decl.versions:
            versions = [(v, self._version_fn(v, entry)) for v in decl.versions if v.body is not None]
            base = self._versioned(versions, self._date_fn(decl.in_force), f"»{entry.name}«")
        else:
            base = self._body_fn(decl.body)
        if not entry.exceptions:
            return base
        exceptions = [self._exception(exc, entry) for exc in entry.exceptions]
        labels = exception_labels(entry)

        def with_exceptions(run, note):
            fired = []
            open_ = []
            for index, (when, value) in enumerate(exceptions):
                c = when(run, note)
                if c is True:
                    fired.append((index, value(run, note)))
                elif c is not False:
                    open_.append((c, value))
            if fired:
                return exception_fired(fired, note, labels)
            b = base(run, note)
            if not open_:
                return b
            return exceptions_open(b, [(c, value(run, note)) for c, value in open_])

        return with_exceptions

    def _exception(self, exc: ast.ExceptionDecl, entry: Entry):
        if exc.versions:
            date_fn = self._date_fn(exc.in_force)
            label = _exception_label(exc, entry)
            whens = [(v, self._when_fn(v.body)) for v in exc.versions if v.body is not None]
            values = [(v, self._body_fn(v.body)) for v in exc.versions if v.body is not None]
            return (self._versioned(whens, date_fn, label, default=False),
                    self._versioned(values, date_fn, label))
        return self._when_fn(exc.body), self._body_fn(exc.body)

    def _when_fn(self, body: ast.Body):
        when = self.expr(body.when) if body.when is not None else (lambda run: True)
        return lambda run, note: when(run)

    def _lawfulness(self, decl: ast.DiscretionDecl):
        """Whether the skøn is lawfully exercised: its requirements met and, where a consideration
        against is present, the contrary information weighed — whatever the assessment concluded."""
        requirements = [self.expr(r) for r in decl.requirements]
        considerations = [self.expr(c) for c in decl.considerations]
        weighing = self.expr(decl.weighing) if decl.weighing is not None else (lambda run: False)
        parts = list(requirements)
        if considerations:
            parts.append(_any([_not(_any(considerations)), weighing]))
        return _all(parts) if parts else (lambda run: True)

    def _discretion(self, decl: ast.DiscretionDecl):
        """The skøn's value: the assessment, lawfully exercised (the contract's reading; an unlawful
        skøn gives no; its lawfulness is also an annotation and testable with `er lovligt udøvet`)."""
        lawfulness = self._lawfulness(decl)
        holds = _all([self.expr(decl.assessment), lawfulness])

        def discretion(run, note):
            value = holds(run)
            run.stack.append([])  # the annotation reads the requirements without making them reasons
            try:
                lawful = lawfulness(run)
            finally:
                run.stack.pop()
            note.append((NoteKind.LAWFUL, lawful if type(lawful) is bool else None))
            return value

        return discretion

    def _table(self, entry: Entry):
        decl: ast.TableDecl = entry.decl
        if decl.versions:
            versions = [(v, self.table_lookup(entry, v.rows, i)) for i, v in enumerate(decl.versions)]
            return self._versioned(versions, self._date_fn(decl.in_force), f"»{entry.name}«")
        return self.table_lookup(entry, decl.rows, None)

    def table_lookup(self, entry: Entry, rows, version_index: int | None):
        """The row of ``rows`` (a table's, or one version's) that holds the key, noted, and its value."""
        key = self.ref(entry.decl.key.id)
        what = f"»{entry.name}«"
        compiled = [_bounds(row.key) + (self.expr(row.value),) for row in rows]

        def lookup(run, note):
            k = key(run)
            if type(k) is Ukendt:
                return k
            for index, (low, low_in, high, high_in, value) in enumerate(compiled):
                if low is not None and (k < low or (k == low and not low_in)):
                    continue
                if high is not None and (k > high or (k == high and not high_in)):
                    continue
                note.append((NoteKind.ROW, (version_index, index)))
                return value(run)
            note.append((NoteKind.SILENT, k))
            return no_row(what, k)

        return lookup

    def _recommendation(self, rec: ast.RecommendationDecl):
        """An anbefaling's condition; a dated one holds only for decisions in its period (by the in-force date)."""
        when = self.expr(rec.when)
        if rec.validity is None:
            return when
        date = self._date_fn(None)
        validity = rec.validity

        def in_period(run):
            run.stack.append([])  # the date decides the period; it does not make the advice concern an answer
            try:
                d = date(run)
            finally:
                run.stack.pop()
            return d if type(d) is Ukendt else validity.contains(d)

        return _all([in_period, when])

    def _regulated(self, entry: Entry):
        """A regulated amount: the year of the key date looked up in the chain computed at load."""
        decl: ast.RegulationDecl = entry.decl
        key = self.ref(decl.key.id)
        amounts, gap = self.regulated_years(entry)

        def lookup(run, note):
            k = key(run)
            if type(k) is Ukendt:
                return k
            year = k.year
            amount = amounts.get(year, _MISS)
            if amount is not _MISS:
                note.append((NoteKind.REGULATED, year))
                return amount
            return gap(year, note)

        return lookup

    def regulated_years(self, entry: Entry) -> tuple[dict, object]:
        """A regulated amount's amount by year (computed at load), and ``gap(year, note)``: what it is
        in a year without one (noted as silent): too big to compute, or the sources silent."""
        found = self.checked.chains.get(entry.id) or regulation.Chain({}, entry.decl)
        subject = f"»{entry.name}«"

        def gap(year, note):
            missing = found.lookup(year)
            note.append((NoteKind.SILENT, year))
            if missing is UndefinedKind.TOO_BIG:
                return _TOO_BIG
            return Ukendt(silent=(Silence(missing.kind, subject, missing.year, missing.table),))

        return {year: amount.value for year, amount in found.years.items() if amount is not None}, gap

    # expressions -------------------------------------------------------------------------------
    def type_of(self, e):
        return self._types.get(id(e))

    def expr(self, e):
        method = getattr(self, "_x_" + type(e).__name__)
        return method(e)

    def _x_Literal(self, e):
        value = e.value
        return lambda run: value

    def _x_Ref(self, e):
        return self.ref(e.name.id)

    def _x_Not(self, e):
        return _not(self.expr(e.operand))

    def _x_Logic(self, e):
        parts = [self.expr(p) for p in e.parts]
        reads = [self._read(p) for p in e.parts]
        if e.op == "og":
            return _kleene(parts, False, reads, self.rules)
        if e.op == "eller":
            return _kleene(parts, True, reads, self.rules)
        return _not(_kleene(parts, True, reads, self.rules))

    def _x_Unless(self, e):
        parts = [e.exception, e.requirement]
        return _kleene([self.expr(p) for p in parts], True, [self._read(p) for p in parts], self.rules)

    def _read(self, e):
        """How `og` and `eller` can read a part without calling it: ``(fact, its unknown value,
        negated)`` for a fact or `ikke` a fact, ``(rule, None, None)`` for a rule; None for anything else."""
        negated = isinstance(e, ast.Not)
        if negated:
            e = e.operand
        if isinstance(e, ast.Ref):
            ident = e.name.id
            if self.checked.entries[ident].is_fact:
                return ident, self.absent[ident], negated
            if not negated:
                return ident, None, None
        return None

    def _x_If(self, e):
        cond, then, otherwise = self.expr(e.condition), self.expr(e.then), self.expr(e.otherwise)

        def if_(run):
            c = cond(run)
            if c is True:
                return then(run)
            if c is False:
                return otherwise(run)
            a, b = then(run), otherwise(run)
            ua, ub = type(a) is Ukendt, type(b) is Ukendt
            if not ua and not ub and a == b:
                return a
            return merge([c] + ([a] if ua else []) + ([b] if ub else []))

        return if_

    def _x_Known(self, e):
        operand = self.expr(e.operand)
        if e.negated:
            return lambda run: type(operand(run)) is Ukendt
        return lambda run: type(operand(run)) is not Ukendt

    def _x_Lawful(self, e):
        return self._lawfulness(self.checked.entries[e.discretion.name.id].decl)

    def _x_WhyUnknown(self, e):
        operand = self.expr(e.operand)
        if e.test is ast.UnknownTest.SILENT:
            def silent(run):
                v = operand(run)
                return type(v) is Ukendt and not v.missing and bool(v.silent)

            return silent

        def lacks_facts(run):
            v = operand(run)
            return type(v) is Ukendt and bool(v.missing)

        return lacks_facts

    def _x_Compare(self, e):
        left, right = self.expr(e.left), self.expr(e.right)
        test = _COMPARISONS[e.op]
        if isinstance(e.right, ast.Literal) and e.right.value is not None:
            constant = e.right.value

            def compare_constant(run):
                a = left(run)
                return a if type(a) is Ukendt else test(a, constant)

            return compare_constant

        return _binary(left, right, test)

    def _x_Arith(self, e):
        return _binary(self.expr(e.left), self.expr(e.right), self.arithmetic(e))

    def arithmetic(self, e):
        """``e``'s operation on two known operands, its undefined cases as unknown values."""
        compute = self.operation(e)

        def safe(a, b):
            try:
                return compute(a, b)
            except ARITHMETIC_ERRORS as error:
                return undefined(error)

        return safe

    def operation(self, e):
        """``e``'s operation on two known operands; it may raise one of :data:`ARITHMETIC_ERRORS`,
        which :func:`undefined` names."""
        function, swapped, extra = self.operation_call(e)
        if not swapped and not extra:
            return function

        def compute(a, b):
            return function(b, a, *extra) if swapped else function(a, b, *extra)

        return compute

    def operation_call(self, e) -> tuple:
        """``e``'s operation as ``(function, swapped, extra)``: its value is ``function(a, b, *extra)``
        (``b, a`` where ``swapped``), so the generated code (:mod:`lovkode.codegen`) calls it directly."""
        ta, tb, tr = self.type_of(e.left), self.type_of(e.right), self.type_of(e)
        op = e.op
        if op in ("+", "-") and (ta.kind == DATE or tb.kind == DATE):
            return add_duration, ta.kind != DATE, (1 if op == "+" else -1,)
        if op in ("+", "-") and ta.kind == DURATION:
            return add_durations, False, (1 if op == "+" else -1,)
        if op == "+":
            return EXACT.add, False, ()
        if op == "-":
            return EXACT.subtract, False, ()
        if op == "/":
            return QUOTIENT.divide, False, ()
        scale = (ta.kind == PERCENT) + (tb.kind == PERCENT) - (tr.kind == PERCENT)
        return (multiply, False, (scale,)) if scale else (EXACT.multiply, False, ())

    def _x_Negate(self, e):
        return _unary(self.expr(e.operand), negate_known)

    def _x_InYears(self, e):
        return _unary(self.expr(e.operand), in_years_known)

    def _x_RoundKroner(self, e):
        return _unary(self.expr(e.operand), rounded_known)

    def _x_Extreme(self, e):
        parts = [self.expr(p) for p in e.parts]
        pick = min if e.op == "mindste" else max

        def extreme(run):
            return extreme_of(pick, [p(run) for p in parts])

        return extreme

    def _x_WholeYears(self, e):
        return _binary(self.expr(e.start), self.expr(e.end), whole_years_known)


# The known case of each rarer operation, shared by the closures and the generated code ---------
def _binary(left, right, known):
    """``known(a, b)`` of the two operands when both are known; otherwise their strict unknown."""

    def binary(run):
        a = left(run)
        b = right(run)
        if type(a) is Ukendt:
            return strict([a, b]) if type(b) is Ukendt else a
        if type(b) is Ukendt:
            return b
        return known(a, b)

    return binary


def _unary(operand, known):
    def unary(run):
        v = operand(run)
        return v if type(v) is Ukendt else known(v)

    return unary


ARITHMETIC_ERRORS = (ArithmeticError, ValueError)
"""What an operation on known operands may raise: every one an undefined result (:func:`undefined`)."""


def undefined(error: Exception) -> Ukendt:
    """The undefined result an operation's error stands for."""
    if isinstance(error, Inexact):  # an exact result needs more digits than EXACT holds (Overflow is Inexact too)
        return _TOO_BIG
    if isinstance(error, (DivisionByZero, InvalidOperation, ZeroDivisionError)):
        return _DIVISION_BY_ZERO
    if isinstance(error, (OverflowError, ValueError)):
        return _OFF_CALENDAR
    return _MIXED_DURATION


def add_durations(a: Duration, b: Duration, sign: int) -> Duration:
    """``a + b`` (``sign`` 1) or ``a - b`` (-1); a sum of months and days is ambiguous (it raises)."""
    result = Duration(a.months + sign * b.months, a.days + sign * b.days)
    if result.months and result.days:
        raise ArithmeticError("mixed duration")
    return result


def negate_known(v):
    if isinstance(v, Duration):
        return Duration(-v.months, -v.days)
    return EXACT.minus(v)


def in_years_known(v):
    if v.days:
        return _DAYS_IN_YEARS
    return QUOTIENT.divide(v.months, 12)


def rounded_known(v):
    try:
        return round_kroner(v)
    except NOT_EXACT:
        return _TOO_BIG


def extreme_of(pick, values: list):
    """`mindste`/`største` of the values: unknown (strictly) if any is."""
    for v in values:  # the unknown ones gathered only when there is one (a list comprehension is a call)
        if type(v) is Ukendt:
            return strict([v for v in values if type(v) is Ukendt])
    return pick(values)


def whole_years_known(a, b):
    return Decimal(whole_years(a, b))


_DIVISION_BY_ZERO = Ukendt(undefined=(UndefinedKind.DIVISION_BY_ZERO,))
_OFF_CALENDAR = Ukendt(undefined=(UndefinedKind.OFF_CALENDAR,))
_MIXED_DURATION = Ukendt(undefined=(UndefinedKind.MIXED_DURATION,))
_DAYS_IN_YEARS = Ukendt(undefined=(UndefinedKind.DAYS_IN_YEARS,))
_TOO_BIG = Ukendt(undefined=(UndefinedKind.TOO_BIG,))
_NOTHING = Ukendt()


def _bounds(validity: ast.Range) -> tuple:
    """A range's bounds, to test a key against inline as :meth:`ast.Range.contains` does."""
    return validity.low, validity.low_inclusive, validity.high, validity.high_inclusive


def _unknown_date(fns: list, default):
    """What a versioned thing is when the date that picks the version is unknown (``d``): the
    versions' common value if every version (and the ``default``, if any) gives the same known one."""

    def unknown_date(run, note, d):
        results = [fn(run, note) for fn in fns]
        if default is not None:
            results.append(default)
        unknown = [r for r in results if type(r) is Ukendt]
        if not unknown and all(r == results[0] for r in results[1:]):
            note.append((NoteKind.ALL_VERSIONS, None))
            return results[0]
        return merge([d] + unknown)

    return unknown_date


def no_version(what: str, d) -> Ukendt:
    """No version of ``what`` is in force on the date ``d``: the sources are silent."""
    return Ukendt(silent=(Silence(SilenceKind.NO_VERSION, what, d),))


def no_row(what: str, k) -> Ukendt:
    """No row of the table ``what`` holds the key ``k``: the sources are silent."""
    return Ukendt(silent=(Silence(SilenceKind.NO_ROW, what, k),))


def silent_version(version: ast.Version, entry: Entry) -> Ukendt:
    """A version whose content is that the sources are silent: unknown, nothing missing, and why."""
    silence = Silence(SilenceKind.STATED, f"»{entry.name}«", version.validity.describe(),
                      version.body.value.reason, version.citation or version.law)
    return Ukendt(silent=(silence,))


def exception_labels(entry: Entry) -> tuple:
    """How a conflict names each exception of ``entry``."""
    return tuple(_exception_label(exc, entry) for exc in entry.exceptions)


def exception_fired(fired: list, note: list, labels: tuple):
    """A rule's value where exceptions fired (``(index, value)`` in order): the first one's, noted;
    a conflict where a later one gives another value."""
    first_index, first = fired[0]
    for index, v in fired[1:]:
        if v != first:
            note.append((NoteKind.CONFLICT, (first_index, index)))
            return Ukendt(conflict=((labels[first_index], labels[index]),))
    note.append((NoteKind.EXCEPTION, first_index))
    return first


def exceptions_open(b, open_: list):
    """A rule's value ``b`` where no exception fired and some may (``(condition, value)`` in order):
    ``b`` if every value is known and the same as ``b``; otherwise unknown with the conditions."""
    candidates = [b] + [v for _, v in open_]
    unknown = [c for c in candidates if type(c) is Ukendt]
    if not unknown and all(c == b for c in candidates):
        return b
    return merge([c for c, _ in open_] + unknown)


def _only_in_regulations(run, note):
    """A table by finansår is read by the regulation chain at load; the checker keeps rules off it (LK436)."""
    return _NOTHING


def _exception_label(exc: ast.ExceptionDecl, entry: Entry) -> str:
    name = f"»{exc.label.text}«" if exc.label else f"undtagelsen til »{entry.name}«"
    return f"{name} ({exc.citation})" if exc.citation else name


def _kleene(parts, decisive: bool, reads=None, rules=None):
    """Kleene `og` (decisive False) or `eller` (decisive True): the first decisive part settles the
    whole; otherwise the whole is unknown if any part is, with their missing facts joined.

    ``reads``: for each part that is a fact, `ikke` a fact or a rule, how to read it here without
    calling the part (see :meth:`Program._read`; ``rules`` are the program's rule evaluators): the
    same values, and the same facts and rules reached in the same order, as the part's own closure."""
    if len(parts) == 1:
        return parts[0]
    settled = not decisive
    steps = [read or (None, None, part) for part, read in zip(parts, reads or [None] * len(parts))]

    def kleene(run):
        if run.exhaustive:
            return exhaustive(run)
        unknown = None
        facts = run.facts
        reached = run.stack[-1]  # a part that is a rule pushes its own list and pops it again
        for fact, absent, part in steps:
            if fact is None:
                v = part(run)
            elif absent is None:  # a rule, as `ref_rule` reads it
                v = run.cache.get(fact, _MISS)
                if v is _MISS:
                    v = rules[fact](run)
                reached.append(fact)
            else:
                reached.append(fact)
                v = facts.get(fact)
                if v is None:
                    v = absent
                elif part:  # `ikke` a fact: a sandhedsværdi
                    v = v is False
            if v is decisive:
                return decisive
            if v is not settled:
                if unknown is None:
                    unknown = v
                elif type(unknown) is list:
                    unknown.append(v)
                else:
                    unknown = [unknown, v]
        if unknown is None:
            return settled
        return merge(unknown) if type(unknown) is list else unknown

    def exhaustive(run):
        values = [part(run) for part in parts]
        if any(v is decisive for v in values):
            return decisive
        unknown = [v for v in values if v is not settled]
        if not unknown:
            return settled
        return merge(unknown) if len(unknown) > 1 else unknown[0]

    return kleene


def _all(parts):
    return _kleene(parts, False)


def _any(parts):
    return _kleene(parts, True)


def _not(operand):
    def not_(run):
        v = operand(run)
        if v is True:
            return False
        if v is False:
            return True
        return v

    return not_


_COMPARISONS = {"=": operator.eq, "≠": operator.ne, "<": operator.lt, "≤": operator.le, ">": operator.gt,
                "≥": operator.ge}


def evaluate(program: Program, facts: dict, questions, exhaustive: bool = False,
             closures: bool = False) -> tuple[Run, dict]:
    """Evaluate the named questions for prepared facts; returns the run (for explanations) and values.

    By the generated rules (:mod:`lovkode.codegen`), or the closures where ``exhaustive`` or
    ``closures`` (the generated code's reference, which tests compare it with)."""
    run = Run(facts, exhaustive)
    fast = program.fast
    if exhaustive or closures or fast is None:
        results = {}
        refs = program._refs  # every reference is made when the program is compiled
        for q in questions:
            run.stack = [[]]
            results[q] = refs[q](run)
        return run, results
    if questions == fast.questions:  # all the spec's questions, in order: one generated function
        return run, fast.answer_all(run)
    rules, cache = fast.rules, run.cache
    for q in questions:  # a generated rule keeps what it reaches in its own list: no stack to reset
        if q not in cache:
            rules[q](run)
    return run, dict(zip(questions, map(cache.__getitem__, questions)))  # every rule caches its value


def recommendations(program: Program, run: Run, closures: bool = False, every_question: bool = False) -> list:
    """The anbefalinger whose condition holds for this case and that concern what was asked.

    An anbefaling concerns the answers when its condition reaches a fact or rule that the answers
    reached; so asking only for the knækpunkt does not bring up advice about the rehabiliteringsteam.
    Advisory only: they never change an answer.

    ``every_question``: the answers are all the spec's questions. Then an anbefaling whose condition
    always reaches something every such evaluation reaches (:func:`concerning_every_answer`, known
    at load) concerns the answers whenever it holds, without gathering what they reached.
    """
    nodes = run.nodes
    answered = len(nodes)  # the answers' nodes come first; the conditions below add theirs after them
    reached = None  # what the answers reached; gathered only once some anbefaling's condition holds
    found = []
    if run.exhaustive or closures or program.fast is None:
        always = ()
        held = []
        for rec, when in program.recommendations:
            run.stack = [[]]
            if when(run) is True:
                held.append((rec, run.stack[0]))
    else:  # one generated function evaluates every condition, each reaching into a list of its own
        always = program.fast.concerning if every_question else ()
        held = program.fast.held_every(run) if every_question else program.fast.held(run)
    for rec, reaches in held:
        if id(rec) in always:
            found.append(rec)
            continue
        if reached is None:
            reached = set(islice(nodes, answered)).union(*map(_first, islice(nodes.values(), answered)))
        if reached.intersection(reaches):
            found.append(rec)
    return found


def concerning_every_answer(checked: Checked) -> frozenset:
    """The anbefalinger (by ``id``) that concern the answers to all the spec's questions whenever they hold.

    A condition that holds has reached (as its own, not inside a rule) every name in
    :func:`_direct`; evaluating every question reaches every name in :func:`_always`. Where the two
    meet, the anbefaling concerns the answers, whatever the case (see :func:`recommendations`)."""
    entries = checked.entries
    memo: dict[str, frozenset] = {}

    def rule(ident: str) -> frozenset:
        found = memo.get(ident)
        if found is None:
            entry = entries[ident]
            found = frozenset((ident,))
            decl = entry.decl
            if entry.is_fact:
                pass
            elif entry.kind in ("regel", "spørgsmål") and not entry.exceptions:
                if not decl.versions:
                    found |= _always(decl.body.value, rule)
                elif (decl.in_force or checked.in_force) is not None:  # the date picks the version first
                    found |= _always(ast.Ref(decl.in_force or checked.in_force, decl.span), rule)
            memo[ident] = found
        return found

    reached = frozenset().union(*(rule(e.id) for e in entries.values() if e.kind == "spørgsmål"))
    return frozenset(id(rec) for rec in checked.recommendations
                     if rec.when is not None and _direct(rec.when) & reached)


def _direct(e) -> frozenset:
    """The names an expression always reaches itself when evaluated (not those inside the rules it
    reaches): the first part of `og`/`eller`, the condition of `hvis`, both sides of a comparison."""
    return _always(e, lambda ident: frozenset((ident,)))


def _always(e, rule) -> frozenset:
    """The names evaluating ``e`` always reaches, ``rule(ident)`` giving those reached by reaching a name."""
    if isinstance(e, ast.Ref):
        return rule(e.name.id)
    if isinstance(e, ast.Logic):
        return _always(e.parts[0], rule)
    if isinstance(e, ast.Unless):
        return _always(e.exception, rule)
    if isinstance(e, ast.If):
        return _always(e.condition, rule)
    if isinstance(e, (ast.Not, ast.Known, ast.WhyUnknown, ast.Negate, ast.InYears, ast.RoundKroner)):
        return _always(e.operand, rule)
    if isinstance(e, (ast.Compare, ast.Arith)):
        return _always(e.left, rule) | _always(e.right, rule)
    if isinstance(e, ast.WholeYears):
        return _always(e.start, rule) | _always(e.end, rule)
    if isinstance(e, ast.Extreme):
        return frozenset().union(*(_always(p, rule) for p in e.parts))
    return frozenset()  # a literal; a skøn's lawfulness (no name of its own is sure to be reached)
