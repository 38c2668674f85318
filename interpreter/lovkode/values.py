"""Values at run time: exact decimals, dates, durations, and *ukendt*.

An unknown value is an :class:`Ukendt` that says why: the facts whose absence left it open
(``missing``) and, where the sources are silent for a date, what they are silent about (``silent``).
Like cel-python's errors-as-values, it flows through operators, so ``og``/``eller`` can ignore it when
another part already decides the answer.

Date arithmetic (documented in docs/sprog.md): years and months are added calendar month by calendar
month; when the day does not exist in the month reached, the month's last day is used (29 Feb 2024 +
1 år = 28 Feb 2025). Whole years between dates follow the same rule, so the two always agree.
"""
from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
from decimal import (ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, Inexact, InvalidOperation,
                     Overflow)
from itertools import chain

import attrs


class SilenceKind(enum.Enum):
    """Why the sources say nothing: each kind is worded by the renderer, never by the evaluator."""

    NO_VERSION = "ingen version"
    """The date that selects the law falls outside every version of a rule or table."""
    NO_ROW = "ingen række"
    """A table has no row for the key."""
    STATED = "tavs version"
    """A version states that the sources are silent for its period, and why."""
    NO_LEVEL = "intet niveau"
    """A regulated amount: no source states the year's level, and no regulation rule covers the year."""
    NO_RATE = "ingen procent"
    """A regulated amount: a percentage the regulation needs for the year is not in the sources."""


@attrs.frozen(cache_hash=True)
class Silence:
    """The sources are silent: what about (``subject``, the name as written), for which key, and why.
    Made once at load for most rules, and hashed by each case's JSON writer: the hash is kept."""

    kind: SilenceKind
    subject: str
    key: object = None
    reason: str | None = None
    citation: str | None = None


class UndefinedKind(enum.Enum):
    """Arithmetic without a result — not a silence of the sources, and kept apart from it."""

    DIVISION_BY_ZERO = "division med nul"
    OFF_CALENDAR = "uden for kalenderen"
    DAYS_IN_YEARS = "dage i år"
    MIXED_DURATION = "blandet varighed"
    TOO_BIG = "for stort tal"
    """The exact result has more digits than :data:`EXACT` holds."""


class Ukendt:
    """An unknown value: the absent facts that could decide it (``missing``), and any silence of the
    sources (``silent``), conflict of exceptions (``conflict``) or undefined arithmetic (``undefined``).

    An unknown with nothing missing cannot become known by filling in facts: it is *hopeless*, and an
    operation that needs every operand (arithmetic, comparison) is then hopeless too — the contract's
    `missing` lists only facts that could still make the answer known.
    """

    __slots__ = ("missing", "silent", "conflict", "undefined")

    def __init__(self, missing: frozenset = frozenset(), silent: tuple = (), conflict: tuple = (),
                 undefined: tuple = ()):
        self.missing = missing
        self.silent = silent
        self.conflict = conflict
        self.undefined = undefined

    def __repr__(self) -> str:
        return f"Ukendt(missing={sorted(self.missing)!r}, silent={self.silent!r})"

    def __eq__(self, other) -> bool:
        return (isinstance(other, Ukendt) and other.missing == self.missing and other.silent == self.silent
                and other.undefined == self.undefined)

    def __hash__(self) -> int:
        return hash((self.missing, self.silent, self.undefined))


_NOTHING: frozenset = frozenset()


def merge(unknowns) -> Ukendt:
    """One Ukendt standing for several (a sequence): missing facts joined, silences, conflicts and
    undefined arithmetic kept once each, in the order met."""
    missing = _NOTHING
    rest = iter(unknowns)
    for u in rest:
        if u.missing:
            missing = missing | u.missing
        if u.silent or u.conflict or u.undefined:
            break
    else:  # only missing facts (the common case)
        return Ukendt(missing)
    silent: tuple = ()
    conflict: tuple = ()
    undefined: tuple = ()
    for u in chain((u,), rest):  # on from the first that carries more: those before carry only missing facts
        if u.missing:
            missing = missing | u.missing
        for s in u.silent:
            if s not in silent:
                silent = silent + (s,)
        for c in u.conflict:
            if c not in conflict:
                conflict = conflict + (c,)
        for d in u.undefined:
            if d not in undefined:
                undefined = undefined + (d,)
    return Ukendt(missing, silent, conflict, undefined)


def strict(unknowns) -> Ukendt:
    """The unknown result of an operation that needs every operand: if one operand can never become
    known (nothing missing: the sources are silent, the arithmetic undefined, exceptions conflict), no
    fact can make the result known, so none is missing."""
    merged = merge(unknowns)
    if merged.missing and not all([u.missing for u in unknowns]):
        return Ukendt(_NOTHING, merged.silent, merged.conflict, merged.undefined)
    return merged


@attrs.frozen(order=True)
class Duration:
    """A length of time: whole months, or days — never both (that arithmetic is ambiguous)."""

    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        parts = []
        years, months = divmod(self.months, 12)
        if years:
            parts.append(f"{years} år")
        if months:
            parts.append(f"{months} {'måned' if months == 1 else 'måneder'}")
        if self.days or not parts:
            parts.append(f"{self.days} {'dag' if self.days == 1 else 'dage'}")
        return " ".join(parts)


def add_months(day: dt.date, months: int) -> dt.date:
    """Add calendar months; a day that does not exist becomes the month's last day."""
    year, month = divmod(day.month + months - 1, 12)
    year += day.year
    if not 0 < year < 10000:
        raise OverflowError("dato uden for kalenderen")
    if day.day <= 28:  # every month has it (the common case, without asking the calendar)
        return _date(year, month + 1, day.day)
    return _date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


_date = dt.date


def add_duration(day: dt.date, duration: Duration, sign: int = 1) -> dt.date:
    if duration.months:
        day = add_months(day, sign * duration.months)
    if duration.days:
        day = day + dt.timedelta(days=sign * duration.days)
    return day


def whole_years(start: dt.date, end: dt.date) -> int:
    """Whole years completed from ``start`` to ``end`` (an age), consistent with :func:`add_months`."""
    years = end.year - start.year
    if years > 0 and add_months(start, 12 * years) > end:
        years -= 1
    elif years < 0 and add_months(start, 12 * years) < end:
        years += 1
    return years


NUMBER_LIMIT = Decimal(10) ** 12
"""Numbers in a spec or a case lie within ±10¹² with at most 6 decimals: at most 18 digits each."""
MAX_DECIMALS = 6

EXACT_DIGITS = 100
"""Digits of an exact result: room for the product of five numbers at the limits (5 × 18 = 90 digits)
with the carries of sums on top, and for a quotient's 28 digits added to a number at the limits."""

EXACT = Context(prec=EXACT_DIGITS, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999,
                traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])
"""``+``, ``-``, ``×``, a percentage's ÷ 100 and negation: exact, or :class:`~decimal.Inexact` (the
result would not fit in :data:`EXACT_DIGITS` digits: undefined arithmetic, :attr:`UndefinedKind.TOO_BIG`).
Every operation names its context, so the caller's ``decimal.getcontext()`` never changes an answer."""

QUOTIENT = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999,
                   traps=[InvalidOperation, DivisionByZero, Overflow])
"""``/`` and ``i år``: 28 significant digits, rounded half to even (Python's default context, so the
quotients are those lovkode has always given)."""

_ROUNDING = Context(prec=EXACT_DIGITS, rounding=ROUND_HALF_UP, Emin=-999999, Emax=999999,
                    traps=[InvalidOperation, DivisionByZero, Overflow])

NOT_EXACT = (Inexact, InvalidOperation)
"""What :data:`EXACT` and :func:`round_kroner` raise for a result with more than EXACT_DIGITS digits."""


def multiply(a: Decimal, b: Decimal, hundreds: int = 0) -> Decimal:
    """``a × b / 100**hundreds`` exactly (a percentage's ÷ 100 only moves the point); raises
    :data:`NOT_EXACT`."""
    if hundreds:
        return _divide(_multiply(a, b), hundreds_power(hundreds))
    return _multiply(a, b)


def hundreds_power(hundreds: int) -> Decimal:
    """100**hundreds, the divisor of :func:`multiply`."""
    return _HUNDREDS.get(hundreds) or EXACT.power(100, hundreds)


_multiply = EXACT.multiply
_divide = EXACT.divide
_HUNDREDS = {hundreds: EXACT.power(100, hundreds) for hundreds in (-1, 1, 2)}
"""100**hundreds for the scales a product can have (÷ 100 for a percentage of an amount, ÷ 100² for a
product of two percentages, × 100 for a percentage made of two numbers), computed once."""


def round_kroner(amount: Decimal) -> Decimal:
    """Nearest whole krone; 50 øre rounds up (BEK 227/2024 § 2, stk. 1). Raises :data:`NOT_EXACT` for a
    whole number of more than :data:`EXACT_DIGITS` digits."""
    return amount.quantize(Decimal(1), context=_ROUNDING)


def within_limits(value: Decimal) -> bool:
    """Whether a number is within the limits every input surface shares (spec, case, service)."""
    if not value.is_finite() or value.copy_abs() >= NUMBER_LIMIT:
        return False
    _, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits))  # trailing zeros are counted, never rounded away by a context
    return not value or exponent + len(text) - len(text.rstrip("0")) >= -MAX_DECIMALS


def parse_number(text: str) -> Decimal:
    """Danish number: comma as decimal sign, full stop between thousands ('16.323', '12,5')."""
    return Decimal(text.replace(".", "").replace(",", "."))


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")


def parse_date(text: str) -> dt.date:
    """ISO (2024-06-01) or Danish (1. juni 2024); raises ValueError for a date not in the calendar."""
    text = text.strip()
    if "-" in text:
        return dt.date.fromisoformat(text)
    day, rest = text.split(".", 1)
    month_name, year = rest.split()
    return dt.date(int(year), MONTHS.index(month_name) + 1, int(day))


def normalise(value):
    """A Decimal without a trailing exponent or zeros, for comparison and output (16600, 12.5)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return Decimal(int(value))  # exact at any size, where quantize stops at the context's 28 digits
        return value.normalize(EXACT)
    return value


def number_text(value: Decimal) -> str:
    """The exact decimal as the contract's JSON writes it (``16600``, ``2.45``): no exponent, no
    trailing zeros, every digit."""
    return format(normalise(value), "f")


def jsonable(value):
    """A result value as JSON data: a Decimal becomes an int, or a float whose shortest text is exactly
    the Decimal's own (so it is written exactly); any other Decimal stays a Decimal for
    :func:`lovkode.render.json_output.dumps`."""
    kind = type(value)
    if kind is bool or kind is str or value is None:
        return value
    if kind is Decimal:
        return exact_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Duration):
        return str(value)
    return value


@functools.lru_cache(maxsize=4096)
def exact_number(value: Decimal):
    """int, exact-text float, or the Decimal itself when neither writes the same digits."""
    value = normalise(value)
    sign, digits, exponent = value.as_tuple()
    if exponent >= 0:
        return int(value)
    if len(digits) <= 15 and -exponent <= 15:
        number = float(value)
        if repr(number) == format(value, "f"):
            return number
    return value
