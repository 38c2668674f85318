"""A table's cells into fact columns, by exactly the rules of :func:`lovkode.facts.convert`, without a
Python call per cell where the cells allow it.

Each fact column comes out as its values (the column kinds of :mod:`lovkode.columnar.arrays`), the
rows that are null and the rows whose value is wrong; a wrong row becomes an error row, and its
problems are worded by :func:`lovkode.facts.prepare` on that row alone. The fast paths:

- a column of Python bools and nulls, of floats only or of ints from 0 to 255 only: told apart and
  read in one pass in C, from the bytes ``pickle`` writes for its cells (see :func:`_pickled`);
- sandhedsværdier: Python ``bool`` only (``1`` is no sandhedsværdi), or an Arrow boolean column;
- numbers: Python or Arrow ints directly as int64 (range checked); floats at their shortest decimal
  form (what ``repr`` gives, which :func:`~lovkode.facts.convert` reads), found for the whole column
  at once — see :func:`_six_decimals` and :func:`_shortest` — and a value the fast test cannot settle
  goes through ``repr``;
  Arrow decimals from their digits; Decimals (JSON's numbers with a fraction or an exponent) and ints
  from the digits of their ``str``, the column at once, a text of another form (NaN, a longer
  text or exponent) by ``convert`` on its row alone — see :func:`_decimal_texts`;
- dates: ``ÅÅÅÅ-MM-DD`` texts parsed from their characters and checked against the calendar, or an
  Arrow date column;
- choices and texts: the strings themselves, a choice checked against the choices.

Anything else (a column of mixed kinds, dates as objects) is converted one distinct value at a time
by :func:`~lovkode.facts.convert` itself.
"""
from __future__ import annotations

import datetime as dt
import decimal
import functools
import itertools
import operator
import pickle
from decimal import Decimal

import numpy as np

from ..facts import convert
from ..types import CHOICE, HOURS, PERCENT
from ..values import MAX_DECIMALS
from . import arrays as A
from .arrays import BOOL, DATE, NUM, STR
from .scale import fit

_NONE = type(None)
_is_none = functools.partial(operator.is_, None)
_LIMIT = 10**12
_BOOL_CODES = {False: 0, True: 1, None: 2}
"""A sandhedsværdi or null as one byte (the column's types are checked first: no 1 or 0 gets here)."""


def fact_column(fid, values, type_, kind, n: int):
    """(values, null rows, wrong rows) of one fact."""
    if _is_arrow(values):
        found = _arrow(values, type_, kind, n)
        if found is not None:
            return found
        values = values.to_pylist()
    found = _python(values, type_, kind, n)
    if found is not None:
        return found
    return _generic(fid, values, type_, kind, n)


def _is_arrow(values) -> bool:
    return type(values).__module__.split(".")[0] == "pyarrow"


# Python values -------------------------------------------------------------------------------------

def _python(values, type_, kind, n):
    if kind == BOOL or kind == NUM:
        found = _fixed_width(values, type_, kind, n)
        if found is not None:
            return found
    elif kind == DATE:
        found = _iso_dates(values, None, n)
        if found is not None:
            return found
    if not isinstance(values, list):
        values = list(values)
    types = set(map(type, values))
    has_none = _NONE in types
    types.discard(_NONE)
    if kind == BOOL and has_none:
        null = None  # found with the values below
    else:
        null = np.array(list(map(_is_none, values)), dtype=bool) if has_none else np.zeros(n, dtype=bool)
    none = np.zeros(n, dtype=bool)
    if not types:
        return _placeholder(kind, n), np.ones(n, dtype=bool), none
    if kind == BOOL:
        if types != {bool}:
            return None
        if has_none:
            codes = np.frombuffer(bytes(map(_BOOL_CODES.__getitem__, values)), dtype=np.uint8)
            return codes == 1, codes == 2, none
        return np.frombuffer(bytes(values), dtype=bool).copy(), null, none
    if kind == NUM:
        if Decimal in types and types <= {int, Decimal}:
            found = _decimal_ratios(values, null, int in types, type_, n)
            return found if found is not None else _decimal_texts(values, null, type_, n)
        if not types <= {int, float}:
            return None
        filled = [0 if v is None else v for v in values] if has_none else values
        if types == {int}:
            try:
                ints = np.array(filled, dtype=np.int64)
            except OverflowError:
                return None
            return _number(ints, 0, null, ~null & _outside(ints, 0), type_)
        try:
            floats = np.array(filled, dtype=np.float64)
        except OverflowError:  # an int past any float
            return None
        return _floats(floats, null, type_, n)
    if kind == DATE:
        if types != {str}:
            return None
        return _iso_dates(values, null, n)
    if kind == STR:
        if types != {str}:
            return None
        raw = np.empty(n, dtype=object)
        raw[:] = values
        return _strings(raw, null, type_, n)
    return None


_HEAD, _TAIL = b"\x80\x02(", b"tq\x00."
"""How ``pickle`` protocol 2 writes a tuple of four or more cells: a mark, each cell, then the tuple."""
_TRUE, _FALSE, _NULL, _FLOAT, _BYTE = 0x88, 0x89, ord("N"), ord("G"), ord("K")
_BOOL_OF = np.full(256, 3, dtype=np.uint8)
_BOOL_OF[[_FALSE, _TRUE, _NULL]] = [0, 1, 2]


def _pickled(values):
    """The cells of a column as ``pickle`` writes them (protocol 2), one pass in C that tells the
    cells' types apart; None where the column cannot be pickled.

    Pickle writes each cell by its exact type: ``True``, ``False`` and ``None`` as one byte each (no
    other cell is one of those bytes: the only other one-byte cell, ``()``, is ``)``), a float as
    ``G`` and its eight bytes, an int from 0 to 255 as ``K`` and its byte; anything else, a bool-like
    or float-like object of another class included, takes other and more bytes. So a column whose
    cells take exactly one byte each is all bools and nulls, and one whose cells take exactly nine
    bytes each, each starting with ``G``, is all floats."""
    cells = values if type(values) is tuple else tuple(values)
    if len(cells) < 4:  # fewer cells are written another way
        return None
    try:
        data = pickle.dumps(cells, 2)
    except Exception:  # noqa: BLE001 — an object pickle cannot write (whatever its own code raises)
        return None
    if not (data.startswith(_HEAD) and data.endswith(_TAIL)):
        return None
    return np.frombuffer(data, dtype=np.uint8)[len(_HEAD):-len(_TAIL)]


_SAMPLE = 64
"""So many first cells tell whether a column is worth pickling (a Decimal is written by its code)."""


def _fixed_width(values, type_, kind, n):
    """A column of bools and nulls, of floats only or of ints from 0 to 255 only, read from its
    :func:`_pickled` bytes; None for any other column (one whose first cells say so is not pickled)."""
    sample = set(map(type, values[:_SAMPLE]))
    if not (sample <= {bool, _NONE} if kind == BOOL else sample == {float} or sample == {int}):
        return None
    codes = _pickled(values)
    if codes is None:
        return None
    none = np.zeros(n, dtype=bool)
    if kind == BOOL:
        if len(codes) != n:
            return None
        mapped = _BOOL_OF[codes]
        if (mapped == 3).any():
            return None
        return mapped == 1, mapped == 2, none
    if len(codes) == 9 * n and (codes[::9] == _FLOAT).all():
        big_endian = codes.reshape(n, 9)[:, 1:].copy().view(">f8").reshape(n)
        return _floats(big_endian.astype(np.float64), none.copy(), type_, n)
    if len(codes) == 2 * n and (codes[::2] == _BYTE).all():
        return _number(codes[1::2].astype(np.int64), 0, none.copy(), none, type_)
    return None


def _strings(raw, null, type_, n):
    wrong = np.zeros(n, dtype=bool)
    if type_.kind == CHOICE:
        wrong = ~null & ~np.isin(raw, np.array(list(type_.choices), dtype=object))
    val = raw.copy()
    val[null | wrong] = ""
    return val, null, wrong


def _outside(ints, scale: int):
    """Integers at ``scale`` whose value is not strictly within ±10¹² (no ``abs``: −2**63 has none)."""
    limit = _LIMIT * 10**scale
    return (ints >= limit) | (ints <= -limit)


def _number(ints, scale: int, null, wrong, type_):
    """Scaled integers for the rows that are neither null nor wrong, with a percentage's and an
    hour count's range checked (``convert``'s LK704 and LK705)."""
    kind = type_.kind
    if kind == PERCENT:
        wrong = wrong | (~null & ((ints < 0) | (ints > 100 * 10**scale)))
    elif kind == HOURS:
        wrong = wrong | (~null & (ints < 0))
    ints = np.where(null | wrong, 0, ints)
    mag = int(np.abs(ints).max()) if len(ints) else 0
    return A.Scaled(ints, scale, mag), null, wrong


def _floats(x, null, type_, n):
    """Floats at their shortest decimal form, as ``Decimal(repr(x))`` reads them."""
    found = _six_decimals(x, null, type_)
    if found is not None:
        return found
    coef, scales, unsure = _shortest(x)
    unsure &= ~null
    wrong = ~null & ~unsure & (scales < 0)
    extra = {}
    for i in np.flatnonzero(unsure).tolist():  # settled the slow way: repr, as convert does
        number, problem = convert("", float(x[i]), type_)
        found = fit(number) if problem is None else None
        if found is None:
            wrong[i] = True
        else:
            extra[i] = found
    ok = ~null & ~wrong & (scales >= 0)
    scale = max([int(scales[ok].max(initial=0))] + [s for _, s in extra.values()])
    ints = np.zeros(n, dtype=np.int64)
    ints[ok] = coef[ok].astype(np.int64) * (10 ** (scale - scales[ok])).astype(np.int64)
    for i, (c, s) in extra.items():
        ints[i] = c * 10 ** (scale - s)
    return _number(ints, scale, null, wrong, type_)


_TEXT_WIDTH = 20
"""The longest number text read here: a plain one has a sign, 12 digits, the point and 6 decimals."""
_MINUS, _PLUS, _POINT, _ZERO, _E = ord("-"), ord("+"), ord("."), ord("0"), ord("E")
_PLACES = np.arange(11, -MAX_DECIMALS - 1, -1)
"""The places 10¹¹ down to 10⁻⁶ a number within the contract has digits at."""
_WEIGHTS = 10 ** np.arange(11 + MAX_DECIMALS, -1, -1, dtype=np.int64)
_EXPONENT_DIGITS = 2
"""An exponent of up to two digits is read here; a longer one (which ``convert`` judges after the
context's rounding) is left to ``convert``."""


def _decimal_texts(values, null, type_, n):
    """Decimals and ints from the digits of their ``str``, read for the whole column at once.

    ``str`` of a finite Decimal is its coefficient's digits with the point placed (no leading zeros
    but a lone ``0`` before the point, trailing zeros kept), followed by ``E``, a sign and the exponent
    when the exponent is positive or the number is below 10⁻⁶ (``1E+3``, ``2.5E-7``). Each digit's place
    follows from where it stands to the point and from the exponent, and with at most 20 digits and
    an exponent of at most two digits, no rounding of Decimal's context enters
    :func:`~lovkode.values.within_limits`, which is then: no nonzero digit at 10¹² or above, none
    below 10⁻⁶. A text this does not read (NaN or Infinity, a longer text or exponent) is left to
    ``convert`` on its own; if ``convert`` takes such a number as one that scaled integers cannot
    hold, the column is left to :func:`_generic`."""
    width = _TEXT_WIDTH
    texts = list(map(str, values))
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=n)
    odd = lengths > width
    if odd.any():
        texts = [t if len(t) <= width else "0" for t in texts]
    chars = np.zeros((n, width + 1), dtype=np.uint8)  # a last column of NULs to gather from past a text's end
    chars[:, :width] = np.array(texts, dtype=f"S{width}").view(np.uint8).reshape(n, width)  # str gives ASCII
    text = chars[:, :width]
    pos = np.arange(width)
    used = pos < lengths[:, None]
    exponent = text == _E
    epos = np.where(exponent.any(axis=1), exponent.argmax(axis=1), lengths)  # where the number's digits end
    mantissa = pos < epos[:, None]
    point = mantissa & (text == _POINT)
    neg = text[:, 0] == _MINUS
    digit = used & ((text - np.uint8(_ZERO)) <= 9)  # uint8: below "0" wraps round past 9
    other = mantissa & ~digit & ~point
    other[:, 0] &= ~neg
    odd |= other.any(axis=1) | (point.sum(axis=1) > 1) | ~(mantissa & digit).any(axis=1)
    tail = used & ~mantissa  # "E", the exponent's sign and its digits
    exp_digits = tail.sum(axis=1) - 2
    sign = np.take_along_axis(chars, np.minimum(epos + 1, width)[:, None], axis=1)[:, 0]
    has_exp = epos < lengths
    odd |= has_exp & ((exp_digits < 1) | (exp_digits > _EXPONENT_DIGITS) | ((sign != _PLUS) & (sign != _MINUS))
                      | ((tail & ~digit).sum(axis=1) != 2))
    odd &= ~null
    skip = null | odd
    lengths = np.where(skip, 1, lengths)
    chars[skip] = 0
    chars[skip, 0] = _ZERO  # read as "0", set aside below
    epos = np.where(skip, 1, epos)
    has_exp &= ~skip
    e = np.zeros(n, dtype=np.intp)
    for k in range(_EXPONENT_DIGITS):  # the exponent's digits, most significant first
        at = epos + 2 + k
        more = has_exp & (at < lengths)
        e = np.where(more, e * 10 + chars[np.arange(n), np.minimum(at, width)] - _ZERO, e)
    e = np.where(sign == _MINUS, -e, e) * has_exp
    dot = np.where(point.any(axis=1) & ~skip, point.argmax(axis=1), epos)
    place = np.where(pos < dot[:, None], dot[:, None] - 1 - pos, dot[:, None] - pos) + e[:, None]
    nonzero = mantissa & digit & (text != _ZERO) & ~skip[:, None]
    wrong = (nonzero & ((place >= 12) | (place < -MAX_DECIMALS))).any(axis=1)
    r = _PLACES - e[:, None]  # the digits of 10¹¹ … 10⁻⁶, as placed in the text before its exponent
    src = np.where(r >= 0, dot[:, None] - 1 - r, dot[:, None] - r)
    valid = (src >= neg[:, None]) & (src < epos[:, None])
    digits = np.take_along_axis(chars, np.where(valid, src, width), axis=1)
    ints = np.where(valid, digits - np.uint8(_ZERO), 0).astype(np.int64) @ _WEIGHTS
    ints = np.where(wrong, 0, np.where(neg, -ints, ints))
    return _settled(values, odd, ints, null, wrong, type_)


def _settled(values, odd, ints, null, wrong, type_):
    """The column at 6 decimals, with the ``odd`` rows judged by ``convert`` one by one; None if
    ``convert`` takes one of them as a number scaled integers cannot hold (its context's rounding can)."""
    for i in np.flatnonzero(odd).tolist():
        number, problem = convert("", values[i], type_)
        if problem is not None:
            wrong[i] = True
            continue
        found = fit(number)
        if found is None or found[1] > MAX_DECIMALS:
            return None
        ints[i] = found[0] * 10 ** (MAX_DECIMALS - found[1])
    return _number(*_strip(ints, MAX_DECIMALS), null, wrong, type_)


_MICRO = 10**MAX_DECIMALS
_MAGNITUDE = 40
"""The largest power of ten (up or down) whose numbers are read from their ratios."""


def _decimal_ratios(values, null, has_ints: bool, type_, n):
    """Decimals (and ints) from their exact ratios ``p / q`` (``as_integer_ratio``, in C): a number has at
    most 6 decimals exactly when ``q`` divides 10⁶, and is within ±10¹² exactly when ``|p| < 10¹² · q``;
    such a number has at most 18 digits, so Decimal's context rounds nothing in
    :func:`~lovkode.values.within_limits`. A row whose ``q`` does not divide 10⁶ has too many
    decimals, unless it has more digits than Decimal's context holds (28), which ``within_limits``
    rounds before it counts decimals: such a row is judged by ``convert``. None for NaN, Infinity, a
    number past 10⁴⁰ or below 10⁻⁴⁰, or a ratio past int64: :func:`_decimal_texts` reads those."""
    cells = [A.ZERO if v is None else v for v in values] if null.any() else values
    if has_ints:
        cells = list(map(Decimal, cells))
    try:
        magnitudes = np.fromiter(map(Decimal.adjusted, cells), dtype=np.int64, count=n)
    except OverflowError:
        return None
    if n and int(np.abs(magnitudes).max()) > _MAGNITUDE:  # 1E+999999999 has a ratio of a billion digits
        return None
    try:
        pairs = np.fromiter(itertools.chain.from_iterable(map(Decimal.as_integer_ratio, cells)), dtype=np.int64,
                            count=2 * n)
    except (ValueError, OverflowError):
        return None
    num, den = pairs[0::2], pairs[1::2]
    fine = _MICRO % den != 0  # a nonzero digit past the sixth decimal
    den = np.where(fine, 1, den)
    wrong = fine | (num >= _LIMIT * den) | (num <= -_LIMIT * den)
    ints = np.where(wrong, 0, num) * (_MICRO // den)
    odd = np.zeros(len(values), dtype=bool)
    precision = decimal.getcontext().prec  # within_limits rounds a number with more digits first
    for i in np.flatnonzero(fine).tolist():
        odd[i] = len(values[i].as_tuple().digits) > precision
    return _settled(values, odd, ints, null, wrong & ~odd, type_)


_MILLION = 10.0**MAX_DECIMALS
_RELIABLE = 2.0**31
"""Below it a float's spacing is at most 2⁻²², so 6 decimals are reliable (spacing · 10⁶ < ½)."""


def _six_decimals(x, null, type_):
    """:func:`_floats` in one step, when every float is below :data:`_RELIABLE`, where 6 decimals are
    reliable (see :func:`_shortest`): a float then has a decimal form with at most 6 decimals exactly
    when ``rint(x · 10⁶) / 10⁶`` reads back as it, and that is its shortest form at 6 decimals (any
    shorter one, padded to 6 decimals, is the one candidate there). The common scale is the fewest
    decimals all rows need: trailing zeros dropped. None where some float is not that small."""
    if not (np.abs(x) < _RELIABLE).all():  # not finite, or too large
        return None
    coef = np.rint(x * _MILLION)
    wrong = ~null & (coef / _MILLION != x)
    return _number(*_strip(np.where(wrong, 0, coef).astype(np.int64), MAX_DECIMALS), null, wrong, type_)


def _strip(ints, scale: int):
    """Scaled integers at the fewest decimals that hold them all."""
    for drop in range(scale, 0, -1):
        if not (ints % 10**drop).any():
            return ints // 10**drop, scale - drop
    return ints, scale


def _shortest(x):
    """Per float: the coefficient and the number of decimals (0–6) of its shortest decimal form;
    scale −1 where that form is outside the contract (more than 6 decimals, ±10¹² or beyond, not
    finite); and the rows this test cannot settle.

    Why it is right. Call ``s`` *reliable* for ``x`` when the float's spacing times ``10**s`` is below
    ½; then ``|x| · 10**s < 2**52``. A decimal ``c / 10**s`` reads back as ``x`` exactly when the float
    division ``c / 10.0**s`` gives ``x``: both operands are exact floats (``|c| < 2**53``), and IEEE
    division rounds correctly, as reading a decimal does. The decimals that read back as ``x`` lie
    in an interval one spacing wide, so for a reliable ``s`` at most one has ``s`` decimals, within
    ¼ of ``x · 10**s``; the float product is within ¼ too, so that one is ``rint(x · 10**s)``. The
    smallest ``s`` whose candidate reads back is the shortest form, which ``repr`` gives (fewest
    digits; for ``|x| < 2**53`` that is fewest decimals). A row reaching an unreliable ``s`` first is
    unsure and settled by ``repr`` itself."""
    n = len(x)
    finite = np.isfinite(x)
    inside = finite & (np.abs(np.where(finite, x, 0.0)) < _LIMIT)
    scales = np.full(n, -1, dtype=np.int64)
    coef = np.zeros(n, dtype=np.float64)
    unsure = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(inside)
    xs = x[rows]
    spacing = np.spacing(np.abs(xs))
    for s in range(MAX_DECIMALS + 1):
        if not len(rows):
            break
        p = 10.0**s
        reliable = spacing * p < 0.5
        c = np.rint(xs * p)
        hit = reliable & (c / p == xs)
        unsure[rows[~reliable]] = True
        scales[rows[hit]] = s
        coef[rows[hit]] = c[hit]
        keep = reliable & ~hit
        rows, xs, spacing = rows[keep], xs[keep], spacing[keep]
    return coef, scales, unsure


def _iso_dates(values, null, n):
    """``ÅÅÅÅ-MM-DD`` texts (what ``convert`` accepts: those ASCII digits, a real calendar day) as day
    numbers. The texts are joined with NUL between them and read as bytes: when every NUL is one of
    those separators, each text is exactly ten bytes; otherwise each length is counted.

    ``null`` None: the column's types are not known yet, and the join itself says that every cell is
    a text (None if not)."""
    if null is None:
        null = np.zeros(n, dtype=bool)
        strings = values
    else:
        strings = [v if v is not None else "2000-01-01" for v in values] if null.any() else values
    try:
        data = np.frombuffer(("\0".join(strings) + "\0").encode("utf-8"), dtype=np.uint8)
    except TypeError:  # a cell that is no text
        return None
    except UnicodeEncodeError:  # a lone surrogate: not a date, and no text to compare
        return None
    if len(data) == 11 * n and np.count_nonzero(data == 0) == n and not data[10::11].any():
        return _date_bytes(data.reshape(n, 11)[:, :10], null, np.zeros(n, dtype=bool))
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=n)
    wrong = ~null & (lengths != 10)
    fixed = np.zeros((n, 10), dtype=np.uint8)
    for i in np.flatnonzero(~wrong & ~null).tolist():
        raw = strings[i].encode("utf-8", "replace")[:10]
        fixed[i, :len(raw)] = np.frombuffer(raw, dtype=np.uint8)
    return _date_bytes(fixed, null, wrong)


_DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9]
"""Where the digits of ``ÅÅÅÅ-MM-DD`` are; the dashes are at 4 and 7."""


@functools.cache
def _months():
    """For every month of the years 1–9999 (at ``year · 12 + month − 13``): the day number of its first
    day and how many days it has."""
    years, months = np.divmod(np.arange(12, 10000 * 12, dtype=np.int64), 12)
    first = _days_from_civil(years, months + 1, 1) + A.EPOCH
    return first, np.diff(first, append=dt.date.max.toordinal() + 1)


def _date_bytes(codes, null, wrong):
    """Day numbers from rows of ten bytes ``ÅÅÅÅ-MM-DD``, checked against the calendar."""
    digits = codes[:, _DATE_DIGITS] - np.uint8(_ZERO)  # uint8: below "0" wraps round past 9
    shape_ok = (digits <= 9).all(axis=1) & (codes[:, 4] == ord("-")) & (codes[:, 7] == ord("-"))
    d = digits.astype(np.int32).T
    year, month, day = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], d[4] * 10 + d[5], d[6] * 10 + d[7]
    ok = ~wrong & ~null & shape_ok & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    at = np.where(ok, year * 12 + month - 13, 0)
    first, length = _months()
    ok &= day <= length[at]
    days = np.where(ok, first[at] + day - 1, A.PLACEHOLDER_DAY)
    return days, null, wrong | (~null & ~ok)


def _days_from_civil(year, month, day):
    """Days since 1970-01-01 of proleptic Gregorian dates (the civil-from-days algorithm, reversed)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


# Arrow columns -----------------------------------------------------------------------------------

def _arrow(values, type_, kind, n):
    import pyarrow as pa

    t = values.type
    none = np.zeros(n, dtype=bool)
    if values.null_count == n:
        return _placeholder(kind, n), ~none, none
    buffers = values.buffers()
    null = ~_bits(buffers[0], values.offset, n) if values.null_count else none.copy()
    if kind == BOOL and pa.types.is_boolean(t):
        return _bits(buffers[1], values.offset, n) & ~null, null, none
    if kind == NUM:
        if pa.types.is_integer(t):
            ints = values.fill_null(0).to_numpy(zero_copy_only=False)
            if pa.types.is_unsigned_integer(t):
                big = ints >= _LIMIT
                ints = np.where(big, 0, ints).astype(np.int64)
                return _number(ints, 0, null, ~null & big, type_)
            ints = ints.astype(np.int64)
            return _number(ints, 0, null, ~null & _outside(ints, 0), type_)
        if pa.types.is_floating(t):
            return _floats(values.fill_null(0).to_numpy(zero_copy_only=False).astype(np.float64), null, type_, n)
        if pa.types.is_decimal(t):
            return _arrow_decimals(values, type_, null, n)
        return None
    if kind == DATE:
        if pa.types.is_date32(t):
            days = values.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64) + A.EPOCH
            return np.where(null, A.PLACEHOLDER_DAY, days), null, none
        if pa.types.is_string(t):
            found = _arrow_iso_dates(buffers, values.offset, null, n)
            return found if found is not None else _iso_dates(values.to_pylist(), null, n)
        if pa.types.is_large_string(t):
            return _iso_dates(values.to_pylist(), null, n)
        return None
    if kind == STR and (pa.types.is_string(t) or pa.types.is_large_string(t)):
        # each distinct text made a Python string once (``to_numpy`` would import pandas, some 0.5 s
        # in every process of a batch, and make one per row)
        encoded = values.dictionary_encode()
        words = np.empty(len(encoded.dictionary) + 1, dtype=object)
        words[:-1] = encoded.dictionary.to_pylist()
        words[-1] = ""
        indices = encoded.indices
        codes = np.frombuffer(indices.buffers()[1], dtype=np.int32, count=n, offset=indices.offset * 4)
        return _strings(words[np.where(null, len(words) - 1, codes)], null, type_, n)
    return None


def _bits(buffer, offset: int, n: int):
    """An Arrow bitmap (validity or boolean values; least significant bit first) as a numpy bool
    array: one unpacking in C, where Arrow's own ``fill_null``/``is_null``/``to_numpy`` cost a
    compute call each (some 0.1 ms a column, more than the unpacking of thousands of rows)."""
    bits = np.unpackbits(np.frombuffer(buffer, dtype=np.uint8), count=offset + n, bitorder="little")
    return bits[offset:].view(bool)


def _arrow_iso_dates(buffers, offset: int, null, n: int):
    """An Arrow string column of ``ÅÅÅÅ-MM-DD`` texts read from its bytes: when every text that is
    not null is ten bytes long (a null one takes none), the texts are the rows of one byte matrix.
    None where some text has another length (:func:`_iso_dates` then words nothing, it only reads)."""
    offsets = np.frombuffer(buffers[1], dtype=np.int32)[offset:offset + n + 1]
    lengths = np.diff(offsets)
    if not (lengths == np.where(null, lengths, 10)).all():
        return None
    data = np.frombuffer(buffers[2], dtype=np.uint8)
    codes = np.zeros((n, 10), dtype=np.uint8)
    present = np.flatnonzero(~null)
    codes[present] = data[offsets[present][:, None] + np.arange(10)]
    return _date_bytes(codes, null, np.zeros(n, dtype=bool))


def _arrow_decimals(values, type_, null, n):
    """An Arrow decimal column from its digits: the unscaled integers at the type's scale, the
    trailing zero decimals dropped, and values past the contract's limits wrong."""
    import pyarrow as pa

    t = values.type
    if not pa.types.is_decimal128(t) or not 0 <= t.scale <= MAX_DECIMALS:
        return None  # more decimals: convert judges them after Decimal's rounding, so let it
    scale = t.scale
    words = np.frombuffer(values.buffers()[1], dtype=np.int64)[2 * values.offset:2 * (values.offset + n)]
    low, high = words[0::2], words[1::2]
    fits = (high == (low >> 63)) | null  # two's complement: the high word only extends the sign
    ints = np.where(fits & ~null, low, 0)
    wrong = ~null & (~fits | _outside(ints, scale))
    return _number(*_strip(np.where(wrong, 0, ints), scale), null, wrong, type_)


# anything else -------------------------------------------------------------------------------------

def _generic(fid, values, type_, kind, n):
    """One :func:`~lovkode.facts.convert` per distinct value (by class and repr)."""
    python = np.empty(n, dtype=object)
    null = np.zeros(n, dtype=bool)
    wrong = np.zeros(n, dtype=bool)
    memo: dict = {}
    for i, v in enumerate(values):
        if v is None:
            null[i] = True
            continue
        key = (v.__class__, v if v.__class__ is str else repr(v))
        found = memo.get(key)
        if found is None:
            found = memo[key] = convert(fid, v, type_)
        if found[1] is None:
            python[i] = found[0]
        else:
            wrong[i] = True
    present = ~null & ~wrong
    if kind == BOOL:
        val = np.zeros(n, dtype=bool)
        val[present] = python[present].astype(bool)
    elif kind == DATE:
        val = np.full(n, A.PLACEHOLDER_DAY, dtype=np.int64)
        val[present] = [d.toordinal() for d in python[present]]
    elif kind == NUM:
        python[~present] = A.ZERO
        val = A.as_scaled(python, present)
        if val is None:
            val = python
    else:
        python[~present] = ""
        val = python
    return val, null, wrong


def _placeholder(kind, n):
    return A.zeros(n) if kind == NUM else A.placeholder(kind, n)


def python_values(kind, val, unk):
    """The column as the Python values :func:`lovkode.facts.convert` gives (None where unknown),
    for the rows answered on the scalar path: equal values (a number may differ in trailing zeros,
    which no answer shows)."""
    n = len(unk)
    if kind == BOOL:
        out = val.astype(object)
    elif kind == DATE:
        uniques, inverse = np.unique(val, return_inverse=True)
        mapped = np.empty(len(uniques), dtype=object)
        mapped[:] = [dt.date.fromordinal(int(d)) for d in uniques.tolist()]
        out = mapped[inverse.reshape(-1)]
    elif kind == NUM:
        out = np.array(A.decimals(val), dtype=object) if type(val) is A.Scaled else val.copy()
    else:
        out = np.array(val, dtype=object)
    if n:
        out[unk] = None
    return out

