"""Exact numbers as scaled integers, and the proof that they stay exact.

A number in a spec or a case lies strictly within ±10¹² with at most 6 decimals
(:data:`lovkode.values.NUMBER_LIMIT`, :data:`~lovkode.values.MAX_DECIMALS`). The scalar path computes
with Python's Decimal in lovkode's own contexts (:data:`lovkode.values.EXACT`: exact up to 100 digits,
else undefined arithmetic; :data:`~lovkode.values.QUOTIENT`: 28 digits for ``/``). The columns
compute a number column as int64 integers with one *scale* per column (value = integer / 10**scale)
wherever that gives the same value, and keep an object array of Decimal as the fallback elsewhere,
computed in the same contexts.

Why the integers are exact. Each column carries a bound ``mag`` ≥ max |integer|. The rules below give
the scale and the bound of a result from those of its operands, by interval arithmetic on exact Python
integers:

- ``+``, ``-``: both operands at the larger scale (×10 per decimal added); bound = sum of the
  aligned bounds;
- ``×``, ``af``: scales add, bounds multiply; a percentage's ÷ 100 is exact (two more decimals);
- ``afrundet til hele kroner``: scale 0, bound ⌊mag / 10**scale⌋ + 1 (half away from zero, like
  :func:`lovkode.values.round_kroner`);
- ``mindste``/``største``, ``hvis``, versions, exceptions and table rows choose among operands: the
  largest scale and the largest aligned bound;
- ``hele år``: scale 0, bound 9999;
- ``/`` and ``i år`` are not exact in any fixed scale (1/3): they, and everything computed from
  them, use Decimal.

If every bound along the way is below 2**63, no int64 operation overflows, every intermediate
value has at most 19 digits, and Decimal in :data:`~lovkode.values.EXACT` — exact up to 100 digits —
computes the very same values, never too big: the two paths agree. A bound at or above 2**63 does
not make the answer wrong: that operation (and those after it) uses the Decimal fallback.

The bounds are proven twice. Here, statically, per expression of the spec (:func:`analyse`), with
every fact at the contract's limits (scale 6, |value| < 10¹², a percentage at most 100): an
expression whose bound holds there is :attr:`Exactness.PROVEN` for every case. With the limits alone
the product of two amounts does not fit (10¹⁸ · 10¹⁸), so such an expression is
:attr:`Exactness.CHECKED`: the columns apply the same rules (:mod:`lovkode.columnar.arrays`) to the
facts' *actual* scales and maxima in each table before each operation, and take the int64 path only
where the bound holds there. :attr:`Exactness.DECIMAL` expressions are never tried as integers.
"""
from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from .. import ast
from ..types import NUMERIC, PERCENT

INT64_MAX = 2**63 - 1
FACT_SCALE = 6
FACT_LIMIT = 10**12 * 10**FACT_SCALE - 1
"""A fact's integer at scale 6 within the contract's limits: |value| < 10¹²."""
PERCENT_LIMIT = 100 * 10**FACT_SCALE


@attrs.frozen
class Bound:
    """Integers at ``scale`` decimals, with |integer| ≤ ``mag``."""

    scale: int
    mag: int

    @property
    def fits(self) -> bool:
        return self.mag <= INT64_MAX

    def at(self, scale: int) -> int:
        """The bound after aligning to ``scale`` (≥ this scale)."""
        return self.mag * 10 ** (scale - self.scale)


def fit(value: Decimal):
    """(coefficient, scale ≥ 0) with the fewest decimals for a finite Decimal whose coefficient fits
    int64; None otherwise."""
    if not value.is_finite():
        return None
    sign, digits, exp = value.as_tuple()
    coef = int("".join(map(str, digits))) if digits else 0
    if exp > 0:
        if exp > 18:
            return None
        coef *= 10**exp
        exp = 0
    while exp < 0 and coef % 10 == 0:
        coef //= 10
        exp += 1
    if coef > INT64_MAX or -exp > 18:
        return None
    return (-coef if sign else coef), -exp


def add(a: Bound, b: Bound) -> Bound:
    scale = max(a.scale, b.scale)
    return Bound(scale, a.at(scale) + b.at(scale))


def multiply(a: Bound, b: Bound, hundreds: int = 0) -> Bound:
    """``a × b / 100**hundreds``: the division by 100 adds two decimals (or removes them by ×100)."""
    scale = a.scale + b.scale + 2 * hundreds
    mag = a.mag * b.mag
    if scale < 0:
        return Bound(0, mag * 10**-scale)
    return Bound(scale, mag)


def rounded(a: Bound) -> Bound:
    return Bound(0, a.mag // 10**a.scale + (1 if a.scale else 0))


def either(*bounds: Bound) -> Bound:
    """One of several values (a choice): the largest scale, the largest aligned bound."""
    scale = max(b.scale for b in bounds)
    return Bound(scale, max(b.at(scale) for b in bounds))


class Exactness(enum.IntEnum):
    PROVEN = 0
    """Scaled integers for every case within the contract's limits."""
    CHECKED = 1
    """Scaled integers where a table's actual numbers keep the bound below 2**63."""
    DECIMAL = 2
    """Decimal: a division or ``i år`` (not exact in a fixed scale), or computed from one."""


@attrs.frozen
class Verdict:
    exactness: Exactness
    bound: Bound | None
    """The bound at the contract's limits; None where it depends on a value the columns measure (a
    rule evaluated row by row, a regulated amount)."""

    @property
    def exact(self) -> bool:
        return self.exactness is not Exactness.DECIMAL


_MEASURED = Verdict(Exactness.CHECKED, None)
_DECIMAL = Verdict(Exactness.DECIMAL, None)


def _combine(verdicts, bound: Bound | None) -> Verdict:
    worst = max(v.exactness for v in verdicts)
    if worst is Exactness.DECIMAL:
        return _DECIMAL
    if bound is None or not bound.fits:
        return Verdict(Exactness.CHECKED, bound)
    return Verdict(worst, bound)


class Analysis:
    """The verdict of every numeric expression of a checked spec, computed on demand and kept."""

    def __init__(self, checked):
        self.checked = checked
        self.types = checked.types
        self.verdicts: dict[int, Verdict] = {}
        self.entries: dict[str, Verdict] = {}
        self._open: set = set()

    def of(self, e) -> Verdict:
        found = self.verdicts.get(id(e))
        if found is None:
            found = self.verdicts[id(e)] = self._expr(e)
        return found

    def _expr(self, e) -> Verdict:
        kind = type(e)
        if kind is ast.Literal:
            found = fit(e.value) if type(e.value) is Decimal else None
            return _MEASURED if found is None else Verdict(Exactness.PROVEN, Bound(found[1], abs(found[0])))
        if kind is ast.Ref:
            return self.entry(e.name.id)
        if kind is ast.Arith:
            if e.op == "/":
                return _DECIMAL
            a, b = self.of(e.left), self.of(e.right)
            bound = None
            if a.bound is not None and b.bound is not None:
                if e.op in ("+", "-"):
                    bound = add(a.bound, b.bound)
                else:
                    kinds = [self.types.get(id(x)) for x in (e.left, e.right, e)]
                    hundreds = sum(t is not None and t.kind == PERCENT for t in kinds[:2]) - (
                        kinds[2] is not None and kinds[2].kind == PERCENT)
                    bound = multiply(a.bound, b.bound, hundreds)
            return _combine([a, b], bound)
        if kind is ast.Negate:
            return self.of(e.operand)
        if kind is ast.InYears:
            return _DECIMAL
        if kind is ast.RoundKroner:
            a = self.of(e.operand)
            return _combine([a], rounded(a.bound) if a.bound is not None else None)
        if kind is ast.WholeYears:
            return Verdict(Exactness.PROVEN, Bound(0, 9999))
        if kind is ast.Extreme:
            return self._either([self.of(p) for p in e.parts])
        if kind is ast.If:
            return self._either([self.of(e.then), self.of(e.otherwise)])
        return _MEASURED  # a construct the columns take from elsewhere: its values are measured

    def _either(self, verdicts) -> Verdict:
        bounds = [v.bound for v in verdicts]
        return _combine(verdicts, either(*bounds) if all(b is not None for b in bounds) else None)

    def entry(self, ident: str) -> Verdict:
        """A fact's or a rule's verdict: a fact at the contract's limits; a rule as the choice among
        its bodies, versions, exceptions or table rows."""
        found = self.entries.get(ident)
        if found is not None:
            return found
        entry = self.checked.entries[ident]
        if entry.is_fact:
            limit = PERCENT_LIMIT if entry.type is not None and entry.type.kind == PERCENT else FACT_LIMIT
            found = Verdict(Exactness.PROVEN, Bound(FACT_SCALE, limit))
        elif ident in self._open:
            found = _MEASURED
        else:
            self._open.add(ident)
            try:
                values = _values(entry.decl, entry.exceptions)
                found = self._either([self.of(v) for v in values]) if values else _MEASURED
            finally:
                self._open.discard(ident)
        self.entries[ident] = found
        return found


def _values(decl, exceptions):
    """The expressions a rule or table may take its value from; None for a shape not known here."""
    kind = type(decl)
    out = []
    if kind is ast.RuleDecl:
        bodies = [v.body for v in decl.versions] if decl.versions else [decl.body]
        if any(type(v) is not ast.Version for v in decl.versions or ()):
            return None
        for exc in exceptions:
            if type(exc) is not ast.ExceptionDecl or any(type(v) is not ast.Version for v in exc.versions or ()):
                return None
            bodies += [v.body for v in exc.versions] if exc.versions else [exc.body]
        if any(b is None for b in bodies):
            return None
        return [b.value for b in bodies]
    if kind is ast.TableDecl and not decl.by_fiscal_year:
        for version in decl.versions or ():
            if type(version) is not ast.TableVersion:
                return None
            out += [row.value for row in version.rows]
        out += [row.value for row in decl.rows or ()]
        return out
    return None


def analyse(checked) -> Analysis:
    """The verdicts of every numeric expression in the spec's rules, tables and exceptions."""
    analysis = Analysis(checked)
    for entry in checked.entries.values():
        if not entry.is_fact and entry.type is not None and entry.type.kind in NUMERIC:
            analysis.entry(entry.id)
    return analysis


# where a spec's numbers leave the proof ----------------------------------------------------------


class Loss(enum.Enum):
    """Why an expression is the first, going outwards, that is not :attr:`Exactness.PROVEN`."""

    DIVISION = "division"
    """``/``: not exact in a fixed number of decimals (DECIMAL)."""
    IN_YEARS = "i år"
    """A duration in years: twelfths (DECIMAL)."""
    TOO_LARGE = "for stor"
    """``+``, ``-``, ``×`` or ``af`` of proven operands whose bound at the contract's limits passes
    2**63 (CHECKED)."""
    REGULATED = "reguleret beløb"
    """A regulated amount, looked up in the chain computed at load: measured per table (CHECKED)."""
    MEASURED = "målt"
    """Any other value the columns take from elsewhere and measure per table (CHECKED)."""


@attrs.frozen
class Finding:
    """One place where a rule's numbers leave the proof: the expression (its span), its verdict, why."""

    span: object
    exactness: Exactness
    loss: Loss


@attrs.frozen
class RuleNumbers:
    """A rule's numbers, for ``lovkode check --verbose``: the rule (its entry), its own verdict where it
    gives a number (None for a condition), where its expressions leave the proof, and the rules it
    builds on whose numbers are not proven (their own places are listed under them)."""

    entry: object
    verdict: Exactness | None
    findings: tuple[Finding, ...]
    builds_on: tuple[tuple[object, Exactness], ...]


def findings(checked) -> list[RuleNumbers]:
    """Every rule, skøn and table whose numbers are not all :attr:`Exactness.PROVEN`, in source order."""
    analysis = Analysis(checked)
    entries = checked.entries
    out = []
    for entry in entries.values():
        if entry.is_fact or entry.kind == "reguleret beløb" or getattr(entry.decl, "by_fiscal_year", False):
            continue  # a regulated amount's chain (and the tables by finansår it reads) is computed at load
        numeric = entry.type is not None and entry.type.kind in NUMERIC
        verdict = analysis.entry(entry.id).exactness if numeric else None
        found: list[Finding] = []
        builds_on: dict = {}
        for e in _expressions([entry.decl, *entry.exceptions]):
            t = analysis.types.get(id(e))
            if t is None or t.kind not in NUMERIC:
                continue
            v = analysis.of(e).exactness
            if v is Exactness.PROVEN:
                continue
            if type(e) is ast.Ref and not entries[e.name.id].is_fact and entries[e.name.id].kind != "reguleret beløb":
                builds_on.setdefault(e.name.id, (entries[e.name.id], v))
                continue
            loss = _loss(analysis, entries, e, v)
            if loss is not None:
                found.append(Finding(e.span, v, loss))
        if found or builds_on or (verdict is not None and verdict is not Exactness.PROVEN):
            found.sort(key=lambda f: (f.span.line, f.span.column))
            deps = sorted(builds_on.values(), key=lambda d: (d[0].span.file, d[0].span.line))
            out.append(RuleNumbers(entry, verdict, tuple(found), tuple(deps)))
    out.sort(key=lambda r: (r.entry.span.file, r.entry.span.line))
    return out


def _loss(analysis: Analysis, entries, e, verdict: Exactness) -> Loss | None:
    """Why ``e`` is not proven, where it is the place that loses the proof; None where an operand
    already had (at least) its verdict."""
    kind = type(e)
    if kind is ast.Arith and e.op == "/":
        return Loss.DIVISION
    if kind is ast.InYears:
        return Loss.IN_YEARS
    if kind is ast.Ref:
        return Loss.REGULATED if entries[e.name.id].kind == "reguleret beløb" else Loss.MEASURED
    operands = [c for c in _children(e) if analysis.types.get(id(c)) is not None
                and analysis.types[id(c)].kind in NUMERIC]
    if any(analysis.of(c).exactness >= verdict for c in operands):
        return None
    return Loss.TOO_LARGE if kind is ast.Arith else Loss.MEASURED


def _children(node):
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        for item in (value if isinstance(value, (list, tuple)) else (value,)):
            if attrs.has(type(item)) and type(item).__module__ == ast.__name__ and type(item) is not ast.Name:
                yield item


def _expressions(nodes):
    """Every node below ``nodes`` (declarations, bodies, versions, expressions), depth first."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(_children(node))
