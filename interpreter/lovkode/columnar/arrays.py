"""Columns of three-valued values: what one expression gives for every row of a table at once.

A :class:`Col` holds a value array (of the expression's kind), a mask of the rows where the value is
*ukendt*, and the missing facts of those rows as a bitset over the spec's facts (``uint64`` words, one
row per case). One bit past the facts, the flag, marks an *ukendt* that has a reason besides missing
facts: the sources are silent, the arithmetic is undefined, or exceptions conflict. What the reasons
are is kept per flagged row in ``Col.sil`` (see :func:`reasons`), joined in the order
:func:`lovkode.values.merge` joins them, so every such outcome is settled in the columns. Bits join as
``merge`` joins ``missing``, so the flag travels exactly where a silence, an undefined operation or a
conflict would.

Invariant: a row's ``miss`` is zero wherever the value is known; its ``val`` there is a placeholder.
"""
from __future__ import annotations

import datetime as dt
import itertools
import operator
from decimal import Decimal, Inexact, localcontext

import numpy as np

from ..values import EXACT, NOT_EXACT, number_text, round_kroner
from ..values import multiply as exact_multiply
from .scale import INT64_MAX, Bound, add, fit, multiply, rounded

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
        """None, or per row None or the tuple of the row's reasons (where flagged; see :func:`reasons`)."""


class Frame:
    """The shape shared by every column of one evaluation: rows, bitset width, the flag's place."""

    def __init__(self, n: int, facts: int):
        self.n = n
        self.words = (facts + 1 + 63) // 64
        self.flag_word, flag_bit = divmod(facts, 64)
        self.flag_mask = np.uint64(1 << flag_bit)
        self._constants: dict = {}

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
        """Unknown on ``rows``, nothing missing, with each row's reason (:func:`reasons`): the sources'
        silence, undefined arithmetic or a conflict."""
        col = self.flagged(kind, rows)
        sil = np.empty(self.n, dtype=object)
        given = np.flatnonzero(rows)
        if len(given):
            sil[given] = np.fromiter(((message,) for message in messages), dtype=object, count=len(given))
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
        """``result.sil`` where it carries the flag: the reasons of ``candidates`` — (rows or None,
        column) in the order the scalar path merges them — each once (:func:`lovkode.values.merge`).
        A column's ``sil`` is read only where it carries the flag (None, like (), is no reason), so a
        result whose flagged rows all take one candidate's reasons shares that candidate's array;
        only rows given reasons by several are merged one by one."""
        cands = [(inc, c) for inc, c in candidates if c.sil is not None]
        if not cands:
            return result
        rows = self.has_flag(result) & result.unk
        if not rows.any():
            return result
        gives = []
        for inc, c in cands:
            give = rows & self.has_flag(c)
            if inc is not None:
                give &= inc
            if give.any():
                gives.append((give, c))
        if not gives:
            return result
        if len(gives) == 1:
            give, c = gives[0]
            result.sil = c.sil if not (rows & ~give).any() else np.where(give, c.sil, None)
            return result
        count = gives[0][0].astype(np.uint8)
        for give, _ in gives[1:]:
            count += give
        sil = np.empty(self.n, dtype=object)
        one = count == 1
        for give, c in gives:
            take = give & one
            if take.any():
                sil[take] = c.sil[take]
        several = np.flatnonzero(count > 1)
        if len(several):  # the usual: every candidate gives the same silences (one source, two paths)
            first = np.empty(len(several), dtype=object)
            seen = np.zeros(len(several), dtype=bool)
            same = np.ones(len(several), dtype=bool)
            for give, c in gives:
                g = give[several]
                given = c.sil[several]
                same &= ~(g & seen) | np.asarray(given == first, dtype=bool)
                first[g & ~seen] = given[g & ~seen]
                seen |= g
            sil[several[same]] = first[same]
            several = several[~same]
        if len(several):  # the rest merged once per distinct combination of what they are given
            merged: dict = {}
            given = [np.where(give[several], c.sil[several], None).tolist() for give, c in gives]
            out = []
            for key in zip(*given):
                found = merged.get(key)
                if found is None:
                    found = ()
                    for entry in key:
                        for message in entry or ():
                            if message not in found:
                                found += (message,)
                    merged[key] = found
                out.append(found)
            sil[several] = np.fromiter(out, dtype=object, count=len(out))
        result.sil = sil
        return result

    def has_flag(self, col: Col):
        return (col.miss[:, self.flag_word] & self.flag_mask) != 0

    def facts_differ(self, a: Col, b: Col):
        """Rows whose bitsets name different missing facts (the flag aside)."""
        if self.words == 1:
            return ((a.miss[:, 0] ^ b.miss[:, 0]) & ~self.flag_mask) != 0
        differ = a.miss ^ b.miss
        differ[:, self.flag_word] &= ~self.flag_mask
        return differ.any(axis=1)

    def has_facts(self, col: Col):
        """Rows whose bitset names a missing fact (the flag aside): ``bool(missing)`` on the scalar path."""
        if self.words == 1:
            return (col.miss[:, 0] & ~self.flag_mask) != 0
        facts = col.miss.copy()
        facts[:, self.flag_word] &= ~self.flag_mask
        return facts.any(axis=1)

    def constant(self, kind, value) -> Col:
        """The same known value on every row. Its arrays are made once per frame and shared, so they
        are read-only: an operation that changed one in place would fail loudly."""
        key = (kind, type(value), value)
        found = self._constants.get(key)
        if found is None:
            val, unk, miss = found = self._constants[key] = (self._constant_val(kind, value), self.no_unk(), self.no_miss())
            for array in (val if kind == DUR else (val,)) + (unk, miss):
                array.flags.writeable = False
        return Col(kind, *found)

    def _constant_val(self, kind, value):
        n = self.n
        if kind == BOOL:
            val = np.full(n, bool(value))
        elif kind == DATE:
            val = np.full(n, value.toordinal(), dtype=np.int64)
        elif kind == DUR:
            val = (np.full(n, value.months, dtype=np.int64), np.full(n, value.days, dtype=np.int64))
        else:
            val = np.empty(n, dtype=object)
            val.fill(value)
        return val


# why an unknown is hopeless ---------------------------------------------------------------------
#
# A flagged row's reasons are one tuple, in the order the scalar path met them: a silence of the
# sources as its sentence (``str``), undefined arithmetic as its :class:`lovkode.values.UndefinedKind`,
# a conflict as the pair of the exceptions' labels (``tuple``). :func:`lovkode.values.merge` keeps
# each kind in its own tuple, each item once, in order; one tuple with each item once, in order, gives
# the same three tuples when split by kind (:func:`split_reasons`), so joining rows (``with_silence``)
# needs no knowledge of the kinds.

SILENCE, UNDEFINED, CONFLICT = 0, 1, 2


def reason_kind(item) -> int:
    t = type(item)
    return SILENCE if t is str else CONFLICT if t is tuple else UNDEFINED


def reasons(silent: tuple, undefined: tuple, conflict: tuple) -> tuple:
    """The reasons of a scalar :class:`lovkode.values.Ukendt` (its silences already worded) as one tuple."""
    return tuple(silent) + tuple(undefined) + tuple(tuple(pair) for pair in conflict)


def split_reasons(items) -> tuple[tuple, tuple, tuple]:
    """A row's reasons as the scalar path keeps them: (silences, undefined kinds, conflicting pairs)."""
    parts: tuple = ([], [], [])
    for item in items or ():
        parts[reason_kind(item)].append(item)
    return tuple(parts[SILENCE]), tuple(parts[UNDEFINED]), tuple(parts[CONFLICT])


def compared(items) -> tuple:
    """What :meth:`lovkode.values.Ukendt.__eq__` compares of a row's reasons: silences and undefined
    arithmetic (not conflicts)."""
    silent, undefined, _ = split_reasons(items)
    return silent, undefined


def with_reason(frame: Frame, col: Col, rows, kind: int):
    """``rows`` (of ``col``) that are flagged and have a reason of ``kind`` (e.g. a silence)."""
    rows = rows & col.unk & frame.has_flag(col)
    if not rows.any():
        return rows
    out = np.zeros(frame.n, dtype=bool)
    if col.sil is None:
        return out
    memo: dict = {}  # rows share few distinct reasons
    found = [memo.get(items) if items in memo else
             memo.setdefault(items, any(reason_kind(item) == kind for item in items or ()))
             for items in col.sil[rows].tolist()]
    out[rows] = found
    return out


def placeholder(kind, n: int):
    """A value array whose every row is unknown: zeros (scaled integers for a number, so a placeholder
    never forces the Decimal fallback), a fixed day, empty texts."""
    if kind == BOOL:
        return np.zeros(n, dtype=bool)
    if kind == DATE:
        return np.full(n, PLACEHOLDER_DAY, dtype=np.int64)
    if kind == DUR:
        return (np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    if kind == NUM:
        return zeros(n)
    val = np.empty(n, dtype=object)
    val.fill("")
    return val


def where_val(kind, mask, a, b, a_need=None, b_need=None):
    """``a`` where ``mask``, else ``b``; for numbers, ``a_need``/``b_need`` are the rows whose value
    matters (the known ones), so a placeholder never forces the Decimal fallback."""
    if kind == DUR:
        return (np.where(mask, a[0], b[0]), np.where(mask, a[1], b[1]))
    if kind == NUM:
        return num_where(mask, a, b, a_need, b_need)
    return np.where(mask, a, b)


def select(mask, a: Col, b: Col) -> Col:
    """Row by row: ``a`` where ``mask``, else ``b``. A side no row takes is not read; values are read
    only where known and silences only where unknown, so a side whose rows taken are all unknown
    (or all known) gives its values (or silences) from the other side's array, without a copy."""
    other = ~mask
    if not mask.any():
        return Col(b.kind, b.val, b.unk, b.miss, b.sil)
    if not other.any():
        return Col(a.kind, a.val, a.unk, a.miss, a.sil)
    a_known, b_known = mask & ~a.unk, other & ~b.unk
    if not a_known.any():
        val = b.val
    elif not b_known.any():
        val = a.val
    elif a.kind == BOOL:
        val = a_known & a.val | b_known & b.val
    else:
        val = where_val(a.kind, mask, a.val, b.val, ~a.unk, ~b.unk)
    sil = None
    if a.sil is not None or b.sil is not None:
        sil = a.sil if not (b.unk & other).any() else b.sil if not (a.unk & mask).any() \
            else np.where(mask, _sil(a), _sil(b))
    return Col(a.kind, val, mask & a.unk | other & b.unk, np.where(mask[:, None], a.miss, b.miss), sil)


def _sil(col: Col):
    if col.sil is None:
        return np.empty(len(col.unk), dtype=object)
    return col.sil


def equal(kind, a, b):
    """Known values equal, as Python's ``==`` finds them (Decimal 1 equals 1.0)."""
    if kind == DUR:
        return (a[0] == b[0]) & (a[1] == b[1])
    if kind == NUM:
        return num_equal(a, b)
    if kind == STR:
        return np.asarray(a == b, dtype=bool)
    return a == b


def less(kind, a, b):
    """``a < b`` as Python orders the values (durations as (months, days), like the scalar path)."""
    if kind == DUR:
        return (a[0] < b[0]) | ((a[0] == b[0]) & (a[1] < b[1]))
    if kind == NUM:
        return num_less(a, b)
    return np.asarray(a < b, dtype=bool)


def known(col: Col, value: bool, frame: Frame) -> Col:
    return Col(BOOL, np.full(frame.n, value), frame.no_unk(), frame.no_miss())


def mask_miss(miss, unk):
    """Zero the bitsets of the rows that are known, keeping the invariant."""
    return np.where(unk[:, None], miss, np.uint64(0))


# dates -------------------------------------------------------------------------------------------

_CALENDAR_FROM, _CALENDAR_TO = dt.date(1800, 1, 1).toordinal(), dt.date(2200, 12, 31).toordinal()
_CALENDAR: list = []
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _civil(days):
    """Proleptic ordinals → (year, month, day) by integer arithmetic (the civil calendar's 400-year
    cycles, counted from 1 March so that the leap day ends a year)."""
    z = np.asarray(days, dtype=np.int64) - 1 + 306  # days since 0000-03-01
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (month <= 2), month, day


def _ordinal(year, month, day):
    """(year, month, day) arrays → proleptic ordinals (the inverse of :func:`_civil`)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 306 + 1


def ymd(days):
    """Proleptic ordinals → (year, month, day) arrays: looked up in a table of the years 1800–2200
    (made once), computed for days outside them."""
    days = np.asarray(days, dtype=np.int64)
    if not len(days) or days.min() < _CALENDAR_FROM or days.max() > _CALENDAR_TO:
        return _civil(days)
    if not _CALENDAR:
        _CALENDAR.extend(_civil(np.arange(_CALENDAR_FROM, _CALENDAR_TO + 1)))
    index = days - _CALENDAR_FROM
    return tuple(part[index] for part in _CALENDAR)


def _leap(year):
    return (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


_MONTHS_FROM, _MONTHS_TO = 1800 * 12, 2201 * 12  # months counted from year 0, as year * 12 + month - 1
_MONTH_STARTS: list = []


def add_months(days, months):
    """:func:`lovkode.values.add_months` on arrays: (new days, rows outside the calendar). The first
    day of each month of the years 1800–2200 is looked up in a table (made once), others computed."""
    year, month, day = ymd(days)
    index = year * 12 + (month - 1) + months
    if len(index) and index.min() >= _MONTHS_FROM and index.max() < _MONTHS_TO:
        if not _MONTH_STARTS:
            counted = np.arange(_MONTHS_FROM, _MONTHS_TO + 1)
            _MONTH_STARTS.append(_ordinal(counted // 12, counted % 12 + 1, np.ones(len(counted), dtype=np.int64)))
        starts = _MONTH_STARTS[0]
        at = index - _MONTHS_FROM
        first = starts[at]
        return first + np.minimum(day, starts[at + 1] - first) - 1, np.zeros(len(index), dtype=bool)
    new_year, month0 = np.divmod(index, 12)
    bad = (new_year < 1) | (new_year > 9999)
    new_year = np.clip(new_year, 1, 9999)
    length = _MONTH_DAYS[month0] + ((month0 == 1) & _leap(new_year))
    return _ordinal(new_year, month0 + 1, np.minimum(day, length)), bad


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


# exact numbers ------------------------------------------------------------------------------------
#
# A NUM column's values are either a :class:`Scaled` (int64 integers with one scale per column) or,
# as the fallback every operation accepts, an object array of Decimal. The rules that keep the
# integers exact — and the proof that they never overflow — are in :mod:`lovkode.columnar.scale`;
# the functions below apply them to the columns' actual maxima (``mag``) before each operation and
# fall back to Decimal where the proof does not hold.


class Scaled:
    """Exact decimals as scaled integers: value = ``ints / 10**scale``, with ``mag`` (a Python int) a
    proven bound on ``|ints|`` (so the next operation can tell whether int64 holds its result).

    As a numpy array it is the object array of its Decimals, so code written for the fallback
    (``np.where``, indexing) stays right, only slower."""

    __slots__ = ("ints", "scale", "mag")

    def __init__(self, ints, scale: int, mag: int):
        self.ints = ints
        self.scale = scale
        self.mag = mag

    def __len__(self) -> int:
        return len(self.ints)

    def __array__(self, dtype=None, copy=None):
        return decimals(self)

    def __getitem__(self, index):
        return decimals(self)[index]


def scaled_constant(value: Decimal, n: int):
    """A constant NUM column: scaled integers when the number fits, else the Decimal fallback."""
    found = fit(value)
    if found is None:
        val = np.empty(n, dtype=object)
        val[:] = [value] * n if n else []
        return val
    coef, scale = found
    return Scaled(np.full(n, coef, dtype=np.int64), scale, abs(coef))


def zeros(n: int) -> Scaled:
    """A NUM placeholder as scaled integers."""
    return Scaled(np.zeros(n, dtype=np.int64), 0, 0)


def as_scaled(val, need=None):
    """``val`` as a :class:`Scaled`, converting a Decimal array exactly on the rows in ``need`` (all
    rows when None; the others are placeholders and become 0); None when a value does not fit.
    Each distinct value is measured once; the rows find theirs by a dict look-up in C."""
    if type(val) is Scaled:
        return val
    n = len(val)
    rows = None if need is None else np.flatnonzero(need)
    values = (val if rows is None else val[rows]).tolist()
    if not values:
        return zeros(n)
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}  # the distinct values (2 and 2.0 once)
    fits = [fit(v) if type(v) is Decimal else None for v in index]
    if None in fits:
        return None
    scale = max(s for _, s in fits)
    coefs = [c * 10 ** (scale - s) for c, s in fits]
    mag = max(abs(c) for c in coefs)
    if mag > INT64_MAX:
        return None
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.intp, count=len(values))
    ints = np.array(coefs, dtype=np.int64)[codes]
    if rows is None:
        return Scaled(ints, scale, mag)
    out = np.zeros(n, dtype=np.int64)
    out[rows] = ints
    return Scaled(out, scale, mag)


def distinct(values):
    """``(uniques, inverse)`` of a 1-D integer array (``uniques[inverse] == values``), in no particular
    order: by hashing (pyarrow's dictionary encoding, in C++) where pyarrow is installed, else by
    sorting (``np.unique``), several times slower. Values within a short range (codes, small counts)
    are told apart by marking each in an array as long as the range, quicker still."""
    n = len(values)
    if n:
        low = values.min()
        span = int(values.max()) - int(low)
        if span < 4 * n:
            shifted = values - low
            seen = np.zeros(span + 1, dtype=bool)
            seen[shifted] = True
            uniques = np.flatnonzero(seen)
            slot = np.cumsum(seen, dtype=np.intp) - 1
            return (uniques + low).astype(values.dtype, copy=False), slot[shifted]
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        uniques, inverse = np.unique(values, return_inverse=True)
        return uniques, inverse.reshape(-1)
    values = np.ascontiguousarray(values)
    encoded = pc.dictionary_encode(pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), n,
                                                         [None, pa.py_buffer(values)]))
    return _numpy(encoded.dictionary, values.dtype), _numpy(encoded.indices, np.int32)


def _numpy(array, dtype):
    """An Arrow array without nulls as a numpy view of its data: ``to_numpy`` would import pandas
    (some 0.4 s in every process of a batch)."""
    dtype = np.dtype(dtype)
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)


def decimals(val):
    """``val`` as the Decimal fallback: an object array of Decimal."""
    if type(val) is not Scaled:
        return val
    uniques, inverse = distinct(val.ints)
    exp = -val.scale
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [Decimal(int(u)).scaleb(exp, EXACT) for u in uniques.tolist()]
    return mapped[inverse]


def _bound(v: Scaled) -> Bound:
    return Bound(v.scale, v.mag)


def align(vals):
    """The int64 arrays of several :class:`Scaled` at the largest scale, and their bound there
    (:func:`lovkode.columnar.scale.either`); None when an aligned value could overflow int64."""
    scale = max(v.scale for v in vals)
    out = []
    mag = 0
    for v in vals:
        m = _bound(v).at(scale)
        if m > INT64_MAX:
            return None
        factor = 10 ** (scale - v.scale)
        if factor == 1:
            out.append(v.ints)
        elif m == 0:  # all zeros (a placeholder): a factor past int64 changes nothing
            out.append(np.zeros_like(v.ints))
        else:
            out.append(v.ints * np.int64(factor))
        mag = max(mag, m)
    return out, scale, mag


def unify(vals, needs):
    """Several NUM value arrays in one representation: ``("int", ints, scale, mag)`` when every
    one is (or converts exactly to) scaled integers that align within int64, else
    ``("dec", decimals)``. ``needs[i]``: the rows whose value of ``vals[i]`` matters (None: all)."""
    scaled = []
    for v, need in zip(vals, needs):
        s = as_scaled(v, need)
        if s is None:
            break
        scaled.append(s)
    else:
        found = align(scaled)
        if found is not None:
            return ("int",) + found
    return ("dec", [decimals(v) for v in vals])


def num_where(mask, a, b, a_need=None, b_need=None):
    """``a`` where ``mask``, else ``b``, in one representation."""
    found = unify([a, b], [_and(mask, a_need), _and(~mask, b_need)])
    if found[0] == "int":
        (ia, ib), scale, mag = found[1:]
        return Scaled(np.where(mask, ia, ib), scale, mag)
    da, db = found[1]
    return np.where(mask, da, db)


def _and(mask, need):
    return mask if need is None else mask & need


def num_equal(a, b):
    found = unify([a, b], [None, None])
    if found[0] == "int":
        ia, ib = found[1]
        return ia == ib
    da, db = found[1]
    return np.asarray(da == db, dtype=bool)


def num_less(a, b):
    found = unify([a, b], [None, None])
    if found[0] == "int":
        ia, ib = found[1]
        return ia < ib
    da, db = found[1]
    return np.asarray(da < db, dtype=bool)


def num_add(a, b, sign: int, exact: bool = True):
    """``a + b`` (``sign`` 1) or ``a - b`` (−1): exact in int64 where the bound allows."""
    if exact and type(a) is Scaled and type(b) is Scaled:
        bound = add(_bound(a), _bound(b))
        if bound.fits:  # the sum's bound covers the aligned operands too
            (ia, ib), scale, _ = align([a, b])
            return Scaled(ia + ib if sign > 0 else ia - ib, scale, bound.mag)
    if sign > 0:
        return _exact(np.add, _ADD, decimals(a), decimals(b))
    return _exact(np.subtract, _SUBTRACT, decimals(a), decimals(b))


def num_mul(a, b, hundreds: int, exact: bool = True):
    """``a × b / 100**hundreds`` (a percentage's ÷ 100 is exact: two more decimals)."""
    if exact and type(a) is Scaled and type(b) is Scaled:
        bound = multiply(_bound(a), _bound(b), hundreds)
        if bound.fits:
            ints = a.ints * b.ints
            factor = 10 ** -(a.scale + b.scale + 2 * hundreds) if bound.scale == 0 else 1
            if factor > 1:
                ints = ints * np.int64(factor) if bound.mag else np.zeros_like(ints)
            return Scaled(ints, bound.scale, bound.mag)
    return _exact(_multiply_arrays, _MULTIPLY, decimals(a), decimals(b), hundreds)


def num_negate(a):
    if type(a) is Scaled:
        return Scaled(-a.ints, a.scale, a.mag)
    return _NEGATE(a)


def num_round(a, exact: bool = True):
    """:func:`lovkode.values.round_kroner` (half away from zero) on scaled integers."""
    if exact and type(a) is Scaled and a.scale <= 18:  # 10**scale within int64
        if a.scale == 0:
            return a
        unit = 10**a.scale
        q, r = np.divmod(np.abs(a.ints), np.int64(unit))
        q += r >= unit // 2  # half away from zero (unit = 10**scale is even)
        return Scaled(np.where(a.ints < 0, -q, q), 0, rounded(_bound(a)).mag)
    return _ROUND(decimals(a))


def num_text(val, unk=None) -> list:
    """Each value as the contract's exact decimal text (``16600``, ``2.45``, ``-0.5``); None on the
    rows in ``unk``. Each distinct value is written once."""
    found = num_codes(val, unk)
    if found is not None:
        return found[1][found[0]].tolist()
    texts: dict = {}  # equal decimals (2.0 and 2) have one text, so one per distinct value suffices
    out = [texts.get(v) or texts.setdefault(v, number_text(v)) for v in val.tolist()]
    if unk is not None:
        for i in np.flatnonzero(unk).tolist():
            out[i] = None
    return out


def num_codes(val, unk=None):
    """``(codes, texts)``: row ``i``'s value as text (None on the rows in ``unk``) is
    ``texts[codes[i]]``, each distinct value written once; None where the values are not at a scale
    (the Decimal fallback), which :func:`num_text` writes value by value."""
    n = len(val)
    if n and type(val) is not Scaled:
        scaled = as_scaled(val, None if unk is None else ~unk)
        val = val if scaled is None else scaled
    if type(val) is not Scaled:
        if n:
            return None
        return np.zeros(0, dtype=np.intp), np.full(1, None, dtype=object)
    uniques, inverse = distinct(val.ints)
    texts = np.empty(len(uniques) + 1, dtype=object)  # the last: None, for the unknown rows
    texts[:-1] = decimal_texts(uniques, val.scale)
    if unk is not None:
        inverse = np.where(unk, len(uniques), inverse)
    return inverse, texts


def decimal_texts(ints, scale: int):
    """Integers at ``scale`` as the contract's exact decimal texts (``16600``, ``2.45``, ``-0.5``):
    an object array of str. Written for all at once — the integer part and the decimals (trailing
    zeros dropped, found with integer arithmetic) each by ``str`` in C, then joined by object-array
    concatenation — where the decimals fit int64; else one by one."""
    if scale == 0:
        return np.fromiter(map(str, ints.tolist()), dtype=object, count=len(ints))
    if scale > 17 or not len(ints) or int(ints.min()) == np.iinfo(np.int64).min:
        return np.fromiter(map(_decimal_text, ints.tolist(), itertools.repeat(scale)), dtype=object,
                           count=len(ints))
    whole, part = np.divmod(np.abs(ints), 10**scale)
    places = np.full(len(ints), scale)
    for _ in range(scale):  # drop the decimals' trailing zeros
        zero = (part % 10 == 0) & (part != 0)
        if not zero.any():
            break
        part = np.where(zero, part // 10, part)
        places -= zero
    # a leading 1 keeps the decimals' leading zeros in str; it is cut off again
    decimals = np.fromiter(map(_AFTER_FIRST, map(str, (part + 10**places).tolist())), dtype=object, count=len(ints))
    decimals = "." + decimals
    decimals[part == 0] = ""
    signs = np.where(ints < 0, "-", "").astype(object)
    return signs + np.fromiter(map(str, whole.tolist()), dtype=object, count=len(ints)) + decimals


_AFTER_FIRST = operator.itemgetter(slice(1, None))


def _decimal_text(u: int, scale: int) -> str:
    q, r = divmod(abs(u), 10**scale)
    if r == 0:
        return str(-q if u < 0 else q)
    return ("-" if u < 0 else "") + f"{q}.{r:0{scale}d}".rstrip("0")


def too_big(val):
    """``(val, bad)``: the rows where a Decimal fallback's exact result needs more digits than
    :data:`lovkode.values.EXACT` holds (None there, now a placeholder 0), or ``bad`` None if no row."""
    if type(val) is Scaled:
        return val, None
    bad = ~val.astype(bool)  # None is falsy, like 0: only those rows need a closer look
    if not bad.any():
        return val, None
    rows = np.flatnonzero(bad)
    bad[rows] = [v is None for v in val[rows].tolist()]
    if not bad.any():
        return val, None
    val[bad] = ZERO
    return val, bad


def _exact(fast, slow, *args):
    """``fast(*args)`` (numpy's loop over the objects) in a copy of :data:`lovkode.values.EXACT` that
    records an inexact result instead of raising; if one was, ``slow(*args)`` row by row, None where
    the exact result is too big. The caller's context is never used."""
    with localcontext(_RECORDING) as context:
        context.clear_flags()
        try:
            out = fast(*args)
        except ArithmeticError:
            out = None
        if out is not None and not context.flags[Inexact]:
            return out
    return slow(*args)


def _multiply_arrays(da, db, hundreds: int):
    product = da * db
    return product / (Decimal(100) ** hundreds) if hundreds else product


def _or_none(operation, nin: int):
    """``operation`` per element (in lovkode's own contexts), None where the result is too big."""
    def apply(*args):
        try:
            return operation(*args)
        except NOT_EXACT:
            return None

    return np.frompyfunc(apply, nin, 1)


_RECORDING = EXACT.copy()
_RECORDING.traps[Inexact] = False
_ADD = _or_none(EXACT.add, 2)
_SUBTRACT = _or_none(EXACT.subtract, 2)
_MULTIPLY = _or_none(exact_multiply, 3)
_NEGATE = np.frompyfunc(EXACT.minus, 1, 1)
_ROUND = _or_none(round_kroner, 1)
