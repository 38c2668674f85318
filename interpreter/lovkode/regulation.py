"""Amounts regulated by the law's own rule: the chain of years, computed once at load.

LAB § 189 a regulates the knækpunkt »en gang årligt den 1. januar med 1,7 pct. tillagt
tilpasningsprocenten for det pågældende finansår«. A regulated amount (``reguleret beløb`` in the
language) does not depend on a case's facts beyond the year, so its whole chain is computed here, once:
from a stated level, each year's amount is the previous year's (rounded, where the spec says so, and
the rounded amount carried forward) times 1 + that year's percentage. A year the chain cannot reach —
no stated level, or a percentage the sources do not give — has no amount: the sources are silent, and
nothing is ever extrapolated.

The checker uses the same chain to hold it to every level a source also states (LK432); the evaluator
looks a year up in it; the renderer words each step so a caseworker can verify it.
"""
from __future__ import annotations

import functools
from decimal import Decimal

import attrs

from . import ast
from .values import EXACT, NOT_EXACT, SilenceKind, UndefinedKind, multiply, round_kroner


@attrs.frozen
class RatePart:
    """One term of a year's percentage: a literal (``1,7 %``) or a row of a table by finansår."""

    percent: Decimal
    sign: int
    table: str | None = None
    """The table's name as written (»tilpasningsprocent«); None for a literal."""
    citation: str | None = None
    """The row's hjemmel, e.g. »BEK nr. 983 af 20. august 2024 § 2«."""


@attrs.frozen
class YearAmount:
    """A regulated amount for one year, with how it came about."""

    year: int
    value: Decimal
    stated: ast.Level | None = None
    """The level a source states for this year, if any (equal to the chain where both exist)."""
    previous: Decimal | None = None
    """Last year's amount the regulation started from (None: the amount is a stated level only)."""
    percent: Decimal | None = None
    parts: tuple[RatePart, ...] = ()
    unrounded: Decimal | None = None
    step: ast.RegulationStep | None = None


@attrs.frozen
class Gap:
    """A year without an amount, and why (for the reasons and for the checker)."""

    year: int
    kind: SilenceKind
    table: str | None = None
    """For a missing percentage: the table that has no row for the year."""


@attrs.frozen
class Chain:
    """Every year of a regulated amount from its first stated level to the last year it can reach."""

    years: dict
    """year → YearAmount."""
    decl: ast.RegulationDecl | None = None
    tables: dict = attrs.field(factory=dict)
    """The tables by finansår the percentages come from (identifier → declaration)."""
    too_big: frozenset = frozenset()
    """The years whose amount has more digits than exact arithmetic holds (undefined arithmetic)."""

    @property
    def last_year(self) -> int | None:
        return max(self.years, default=None)

    def steps_to(self, year: int) -> list[YearAmount]:
        """How the amount reached ``year``, oldest first, from the last level a source states (which
        the chain confirms): what the reasons show."""
        steps = []
        while year in self.years:
            amount = self.years[year]
            steps.append(amount)
            if amount.previous is None or amount.stated is not None:
                break
            year -= 1
        return steps[::-1]

    def lookup(self, year: int) -> YearAmount | Gap | UndefinedKind:
        """The year's amount, or why there is none: no level and no regulation for the year (or before
        the first level), the first year from the chain's end whose percentage the sources lack, or
        an amount too long to compute exactly."""
        found = self.years.get(year)
        if found is not None:
            return found
        if year in self.too_big:
            return UndefinedKind.TOO_BIG
        if self.last_year is None or year < self.last_year or _step_for(self.decl, year) is None:
            return Gap(year, SilenceKind.NO_LEVEL)
        for gap_year in range(self.last_year + 1, year + 1):
            step = _step_for(self.decl, gap_year)
            if step is None:
                return Gap(year, SilenceKind.NO_LEVEL)
            parts = _percent(step.percent, gap_year, self.tables)
            if isinstance(parts, Gap):
                return parts
        return Gap(year, SilenceKind.NO_RATE)


def literal_number(expr) -> Decimal | None:
    """A row's number as written: ``0,2 %`` or ``-0,8 %``; None for anything else."""
    if isinstance(expr, ast.Literal) and isinstance(expr.value, Decimal):
        return expr.value
    if isinstance(expr, ast.Negate):
        inner = literal_number(expr.operand)
        return None if inner is None else -inner
    return None


def _step_for(decl: ast.RegulationDecl, year: int) -> ast.RegulationStep | None:
    for step in decl.steps:
        if step.years.contains(Decimal(year)):
            return step
    return None


def _table_row(table: ast.TableDecl, year: int):
    for row in table.rows:
        if row.key.contains(Decimal(year)):
            return row
    return None


def _percent(expr, year: int, tables: dict, sign: int = 1):
    """The year's percentage as its signed terms, or a Gap naming the table without a row for the year.

    Only literals, tables by finansår, plus, minus and negation reach here: the checker refuses the rest
    (LK435)."""
    if isinstance(expr, ast.Literal):
        return (RatePart(expr.value, sign),)
    if isinstance(expr, ast.Negate):
        return _percent(expr.operand, year, tables, -sign)
    if isinstance(expr, ast.Ref):
        table = tables[expr.name.id]
        row = _table_row(table, year)
        value = None if row is None else literal_number(row.value)
        if value is None:
            return Gap(year, SilenceKind.NO_RATE, table.name.text)
        return (RatePart(value, sign, table.name.text, row.citation or table.citation),)
    if isinstance(expr, ast.Arith) and expr.op in ("+", "-"):
        left = _percent(expr.left, year, tables, sign)
        if isinstance(left, Gap):
            return left
        right = _percent(expr.right, year, tables, sign if expr.op == "+" else -sign)
        if isinstance(right, Gap):
            return right
        return left + right
    raise TypeError(f"unsupported percentage term {type(expr).__name__}")


def _last_year(decl: ast.RegulationDecl, tables: dict) -> int:
    """The last year any step could reach: a closed step's end, else the last row of its tables."""
    last = max((level.year for level in decl.levels), default=0)
    for step in decl.steps:
        if step.years.high is not None:
            last = max(last, int(step.years.high))
        else:
            for ident in _tables_of(step.percent):
                table = tables[ident]
                for row in table.rows:
                    bound = row.key.high if row.key.high is not None else row.key.low
                    if bound is not None:
                        last = max(last, int(bound))
    return last


def _tables_of(expr):
    if isinstance(expr, ast.Ref):
        yield expr.name.id
    elif isinstance(expr, ast.Negate):
        yield from _tables_of(expr.operand)
    elif isinstance(expr, ast.Arith):
        yield from _tables_of(expr.left)
        yield from _tables_of(expr.right)


def chain(decl: ast.RegulationDecl, tables: dict) -> Chain:
    """Compute every reachable year; ``tables`` maps identifiers to the tables by finansår."""
    levels = {level.year: level for level in decl.levels if isinstance(level.value, ast.Literal)}
    if not levels:
        return Chain({}, decl, tables)
    first = min(levels)
    last = _last_year(decl, tables)
    years: dict[int, YearAmount] = {}
    too_big: set[int] = set()
    for year in range(first, last + 1):
        stated = levels.get(year)
        step = _step_for(decl, year)
        previous = years.get(year - 1)
        if step is not None and previous is not None:
            parts = _percent(step.percent, year, tables)
            if isinstance(parts, Gap):
                continue
            try:  # exact, in lovkode's own context
                percent = functools.reduce(EXACT.add, (EXACT.multiply(p.sign, p.percent) for p in parts), Decimal(0))
                unrounded = multiply(previous.value, EXACT.add(1, EXACT.divide(percent, 100)))
                value = round_kroner(unrounded) if decl.rounded else unrounded
            except NOT_EXACT:
                too_big.add(year)
                continue
            years[year] = YearAmount(year, value, stated, previous.value, percent, parts, unrounded, step)
        elif stated is not None:
            years[year] = YearAmount(year, stated.value.value, stated)
        elif step is not None and year - 1 in too_big:
            too_big.add(year)  # regulated from an amount too long to compute
    return Chain(years, decl, tables, frozenset(too_big))
