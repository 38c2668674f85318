"""Columns of three-valued values: what one expression gives for every row of a table at once.

A :class:`Col` holds a value array (of the expression's kind), a mask of the rows where the value is
*ukendt*, and the missing facts of those rows as a bitset over the spec's facts (``uint64`` words, one
row per case). One bit past the facts, :data:`FLAG`, marks an *ukendt* whose sources were silent or
whose exceptions conflict: the wording of those lives on the scalar path, so a row whose answer
carries the flag is answered again there. Bits join as :func:`lovkode.values.merge` joins ``missing``,
so the flag travels exactly where a silence or a conflict would.

Invariant: a row's ``miss`` is zero wherever the value is known; its ``val`` there is a placeholder.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

BOOL, NUM, DATE, DUR, STR = "bool", "num", "date", "dur", "str"
EPOCH = dt.date(1970, 1, 1).toordinal()
MIN_DAY, MAX_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()
PLACEHOLDER_DAY = dt.date(2000, 1, 1).toordinal()
ZERO = Decimal(0)


class Col:
    __slots__ = ("kind", "val", "unk", "miss", "sil")

    def __init__(self, kind, val, unk, miss, sil=None):
        self.kind = kind
        self.val = val  # DUR: a pair (months, days) of int64 arrays
        self.unk = unk
        self.miss = miss
        self.sil = sil
        """None, or per row None or the tuple of what the sources are silent about (where flagged)."""


class Frame:
    """The shape shared by every column of one evaluation: rows, bitset width, the flag's place."""

    def __init__(self, n: int, facts: int):
        self.n = n
        self.words = (facts + 1 + 63) // 64
        self.flag_word, flag_bit = divmod(facts, 64)
        self.flag_mask = np.uint64(1 << flag_bit)

    def no_miss(self):
        return np.zeros((self.n, self.words), dtype=np.uint64)

    def no_unk(self):
        return np.zeros(self.n, dtype=bool)

    def flagged(self, kind, rows=None) -> Col:
        """Unknown with only the flag (a silence, a conflict, an undefined operation) on ``rows``."""
        unk = np.ones(self.n, dtype=bool) if rows is None else rows.copy()
        miss = self.no_miss()
        miss[unk, self.flag_word] = self.flag_mask
        return Col(kind, placeholder(kind, self.n), unk, miss)

    def silent(self, kind, rows, messages) -> Col:
        """Unknown on ``rows`` because the sources are silent, with each row's message."""
        col = self.flagged(kind, rows)
        sil = np.empty(self.n, dtype=object)
        for i, message in zip(np.flatnonzero(rows), messages):
            sil[i] = (message,)
        col.sil = sil
        return col

    def silent_everywhere(self, kind, messages: tuple) -> Col:
        """Unknown on every row because the sources are silent, with the same ``messages`` on each
        (a version whose content is that the sources are silent)."""
        col = self.flagged(kind)
        sil = np.empty(self.n, dtype=object)
        sil.fill(messages)
        col.sil = sil
        return col

    def with_silence(self, result: Col, candidates) -> Col:
        """``result.sil`` where it carries the flag: the silences of ``candidates`` — (rows or None,
        column) in the order the scalar path merges them — each once (:func:`lovkode.values.merge`)."""
        cands = [(inc, c, self.has_flag(c)) for inc, c in candidates if c.sil is not None]
        if not cands:
            return result
        rows = self.has_flag(result) & result.unk
        if not rows.any():
            return result
        sil = np.empty(self.n, dtype=object)
        for i in np.flatnonzero(rows):
            acc = ()
            for inc, c, flagged in cands:
                if flagged[i] and (inc is None or inc[i]):
                    for message in c.sil[i] or ():
                        if message not in acc:
                            acc += (message,)
            sil[i] = acc
        result.sil = sil
        return result

    def has_flag(self, col: Col):
        return (col.miss[:, self.flag_word] & self.flag_mask) != 0

    def has_facts(self, col: Col):
        """Rows whose bitset names a missing fact (the flag aside): ``bool(missing)`` on the scalar path."""
        if self.words == 1:
            return (col.miss[:, 0] & ~self.flag_mask) != 0
        facts = col.miss.copy()
        facts[:, self.flag_word] &= ~self.flag_mask
        return facts.any(axis=1)

    def constant(self, kind, value) -> Col:
        n = self.n
        if kind == BOOL:
            val = np.full(n, bool(value))
        elif kind == DATE:
            val = np.full(n, value.toordinal(), dtype=np.int64)
        elif kind == DUR:
            val = (np.full(n, value.months, dtype=np.int64), np.full(n, value.days, dtype=np.int64))
        else:
            val = np.empty(n, dtype=object)
            val[:] = [value] * n if n else []
        return Col(kind, val, self.no_unk(), self.no_miss())


def placeholder(kind, n: int):
    if kind == BOOL:
        return np.zeros(n, dtype=bool)
    if kind == DATE:
        return np.full(n, PLACEHOLDER_DAY, dtype=np.int64)
    if kind == DUR:
        return (np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    val = np.empty(n, dtype=object)
    val[:] = [ZERO if kind == NUM else ""] * n if n else []
    return val


def where_val(kind, mask, a, b):
    if kind == DUR:
        return (np.where(mask, a[0], b[0]), np.where(mask, a[1], b[1]))
    return np.where(mask, a, b)


def select(mask, a: Col, b: Col) -> Col:
    """Row by row: ``a`` where ``mask``, else ``b``."""
    sil = None
    if a.sil is not None or b.sil is not None:
        sil = np.where(mask, _sil(a), _sil(b))
    return Col(a.kind, where_val(a.kind, mask, a.val, b.val), np.where(mask, a.unk, b.unk),
               np.where(mask[:, None], a.miss, b.miss), sil)


def _sil(col: Col):
    if col.sil is None:
        return np.empty(len(col.unk), dtype=object)
    return col.sil


def equal(kind, a, b):
    """Known values equal, as Python's ``==`` finds them (Decimal 1 equals 1.0)."""
    if kind == DUR:
        return (a[0] == b[0]) & (a[1] == b[1])
    if kind in (NUM, STR):
        return np.asarray(a == b, dtype=bool)
    return a == b


def less(kind, a, b):
    """``a < b`` as Python orders the values (durations as (months, days), like the scalar path)."""
    if kind == DUR:
        return (a[0] < b[0]) | ((a[0] == b[0]) & (a[1] < b[1]))
    return np.asarray(a < b, dtype=bool)


def known(col: Col, value: bool, frame: Frame) -> Col:
    return Col(BOOL, np.full(frame.n, value), frame.no_unk(), frame.no_miss())


def mask_miss(miss, unk):
    """Zero the bitsets of the rows that are known, keeping the invariant."""
    return np.where(unk[:, None], miss, np.uint64(0))


# dates -------------------------------------------------------------------------------------------

def ymd(days):
    """Proleptic ordinals → (year, month, day) arrays."""
    d64 = (days - EPOCH).astype("datetime64[D]")
    months = d64.astype("datetime64[M]")
    year = d64.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d64 - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def add_months(days, months):
    """:func:`lovkode.values.add_months` on arrays: (new days, rows outside the calendar)."""
    year, month, day = ymd(days)
    index = year * 12 + (month - 1) + months
    new_year, month0 = np.divmod(index, 12)
    bad = (new_year < 1) | (new_year > 9999)
    new_year = np.clip(new_year, 1, 9999)
    first = ((new_year - 1970) * 12 + month0).astype("datetime64[M]")
    first_day = first.astype("datetime64[D]").astype(np.int64)
    length = (first + 1).astype("datetime64[D]").astype(np.int64) - first_day
    return first_day + np.minimum(day, length) - 1 + EPOCH, bad


def add_days(days, count):
    out = days + count
    return out, (out < MIN_DAY) | (out > MAX_DAY)


def whole_years(start, end):
    """:func:`lovkode.values.whole_years` on arrays."""
    sy = ymd(start)[0]
    ey = ymd(end)[0]
    years = ey - sy
    moved, _ = add_months(start, 12 * years)
    years = np.where((years > 0) & (moved > end), years - 1, years)
    years = np.where((years < 0) & (moved < end), years + 1, years)
    return years


def days_to_dates(days) -> list:
    return [dt.date.fromordinal(int(d)) for d in days]
