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
from decimal import ROUND_HALF_UP, Decimal

import attrs


class Ukendt:
    """An unknown value, with the absent facts that could decide it and any silence of the sources."""

    __slots__ = ("missing", "silent", "conflict")

    def __init__(self, missing: frozenset = frozenset(), silent: tuple = (), conflict: tuple = ()):
        self.missing = missing
        self.silent = silent
        self.conflict = conflict

    def __repr__(self) -> str:
        return f"Ukendt(missing={sorted(self.missing)!r}, silent={self.silent!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Ukendt) and other.missing == self.missing and other.silent == self.silent

    def __hash__(self) -> int:
        return hash((self.missing, self.silent))


def merge(unknowns) -> Ukendt:
    """One Ukendt standing for several: missing facts joined, silences and conflicts kept once each."""
    missing: frozenset = frozenset()
    silent: tuple = ()
    conflict: tuple = ()
    for u in unknowns:
        if u.missing:
            missing = missing | u.missing
        for s in u.silent:
            if s not in silent:
                silent = silent + (s,)
        for c in u.conflict:
            if c not in conflict:
                conflict = conflict + (c,)
    return Ukendt(missing, silent, conflict)


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
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("dato uden for kalenderen")
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


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


def round_kroner(amount: Decimal) -> Decimal:
    """Nearest whole krone; 50 øre rounds up (BEK 227/2024 § 2, stk. 1)."""
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


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
        return value.normalize()
    return value
