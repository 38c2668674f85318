"""Fuzzing the case input: any bytes given to the batch reader or as a case file end in either a
result of the contract's shape or a Danish error with a known code, for exactly the right line.

The suite runs a small budget; run it long by hand with
``LOVKODE_FUZZ_EXAMPLES=20000 python -m pytest tests/robustness/test_case_fuzz.py``.
"""
from __future__ import annotations

import io
import json
import math
import os
import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lovkode
from lovkode.caseinput import (CaseInputError, iter_line_chunks, iter_lines, parse_case_bytes, parse_line,
                               parse_lines)
from lovkode.facts import FactsError
from lovkode.messages import CATALOGUE
from lovkode.render.json_output import dumps, results_json

EXAMPLES = int(os.environ.get("LOVKODE_FUZZ_EXAMPLES", "0")) or None
SPEC = lovkode.load()
NAMES = sorted(SPEC._fact_types)
QUESTIONS = ["ret_til_fleksjob", "alder", "legalitetsvurdering"]
LIMIT = 200  # a small line limit, so that over-long lines are met often

_values = st.one_of(st.none(), st.booleans(), st.integers(-10**15, 10**15), st.decimals(allow_nan=False, places=8),
                    st.sampled_from(["2024-06-01", "1960-02-29", "2024-W23-6", "2023-02-29", "bevilget", "afslag",
                                     "\ud800", "x" * 80]),
                    st.text(max_size=12))
_keys = st.one_of(st.sampled_from(NAMES), st.text(max_size=12), st.sampled_from(["\udc80", "fødselsdat", ""]))
_case = st.dictionaries(_keys, _values, max_size=6)


def _encoded(case: dict) -> bytes:
    return json.dumps(case, ensure_ascii=True, default=str).encode()


_line = st.one_of(
    _case.map(_encoded),
    st.tuples(_case, st.sampled_from(NAMES)).map(lambda t: _encoded(t[0])[:-1] + b', "%s": 1, "%s": 2}' % (
        t[1].encode(), t[1].encode()) if t[0] else b'{"a": 1, "a": 2}'),
    st.binary(max_size=40),
    st.sampled_from([b"", b"   ", b"\r", b'{"f\xc3\xb8dselsdato":\r"1960-01-01"}', b"\xef\xbb\xbf{}", b"\xff\xfe",
                     b"x" * (LIMIT + 1), b"[" * 3000, b"NaN", b"{\"a\": 1e999999}"]),
).map(lambda b: b.replace(b"\n", b" "))


# Lines that are values only together with their neighbours, or only with what follows them.
_spanning = st.sampled_from([b"[1", b"2]", b"2], 3", b'{"a": [1', b"2]}", b'{"alder": 1} ', b'{"alder": 1}\r',
                             b'{"alder": 1} x', b'\xef\xbb\xbf{"alder": 1}', b'"\\ud800"', b'{"x": "\\ud83d\\ude00"}',
                             b"null", b"1, 2", b'{"f\\u00f8dselsdato": "1960-01-01"}', b'{"a": 1}{"b": 2}',
                             b'{"a": "x\\"}', b'"]', b"\t{}", b"{}\x0b", b"1" * 4200])


def _is_danish_problem(err: CaseInputError) -> bool:
    return bool(err.problems) and all(p.code in CATALOGUE and p.message.strip() for p in err.problems)


def _check_case(value) -> None:
    """A parsed case gives answers of the contract's shape, or a FactsError with known codes."""
    try:
        answers = SPEC.evaluate(value, QUESTIONS)
    except FactsError as err:
        assert err.problems and all(p.code in CATALOGUE for p in err.problems)
        assert len(err.problems) <= 50
        str(err).encode("utf-8")
        return
    out = json.loads(dumps(results_json(answers)), parse_float=Decimal)
    assert set(QUESTIONS) == set(out["results"])
    for answer in out["results"].values():
        assert {"value", "missing", "citation", "explanation"} <= set(answer)
        assert answer["missing"] == sorted(answer["missing"])
        assert answer["value"] is None or answer["missing"] == []


class _Trickle(io.RawIOBase):
    """A stream handing out its bytes in the given piece sizes, as a pipe may."""

    def __init__(self, data: bytes, sizes: list[int]):
        self.data, self.sizes = io.BytesIO(data), sizes or [1 << 16]
        self.turn = 0

    def readable(self):
        return True

    def read1(self, n=-1):
        size = self.sizes[self.turn % len(self.sizes)]
        self.turn += 1
        return self.data.read(min(n, size))


@settings(max_examples=EXAMPLES or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_line, max_size=12), sizes=st.lists(st.integers(1, 64), max_size=5), final_newline=st.booleans())
def test_the_batch_reader_gives_one_answer_per_line_with_its_number(lines, sizes, final_newline):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    got = list(iter_lines(_Trickle(data, sizes), limit=LIMIT))
    # The reference: split on \n only; blank lines (and a first line of only a BOM) are not cases.
    expected = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        text = raw[3:] if number == 1 and raw.startswith(b"\xef\xbb\xbf") else raw
        if len(raw) > LIMIT or text.strip():
            expected.append(number)
    assert expected == [number for number, _ in got]
    for number, item in got:
        if isinstance(item, CaseInputError):
            assert "LK714" == item.problems[0].code and number == item.problems[0].line
            continue
        try:
            value = parse_line(item, number)
        except CaseInputError as err:
            assert _is_danish_problem(err) and all(p.line == number for p in err.problems)
            str(err).encode("utf-8")
            continue
        _check_case(value)


@settings(max_examples=EXAMPLES or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=200), _line))
def test_any_case_file_is_a_result_or_a_danish_error(data):
    try:
        value = parse_case_bytes(data)
    except CaseInputError as err:
        assert _is_danish_problem(err)
        str(err).encode("utf-8")
        return
    _check_case(value)


@settings(max_examples=EXAMPLES or 60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(_line, _spanning), max_size=12),
       sizes=st.lists(st.one_of(st.integers(1, 64), st.just(1 << 20)), max_size=5))
def test_many_lines_at_once_are_read_exactly_as_each_line_alone(lines, sizes):
    """The columnar batch reads a chunk of lines at once (``iter_line_chunks``, ``parse_lines``);
    every line must give what ``iter_lines`` and ``parse_line`` give it alone: the same value, or
    the same Danish problems."""
    data = b"\n".join(lines)
    one_by_one = list(iter_lines(_Trickle(data, sizes), limit=LIMIT))
    chunks = list(iter_line_chunks(_Trickle(data, sizes), 3, limit=LIMIT))
    assert all(0 < len(chunk) <= 3 for chunk in chunks)
    assert [n for chunk in chunks for n, _ in chunk] == [n for n, _ in one_by_one]
    for chunk in chunks:
        _each_line_as_alone(chunk)


def _each_line_as_alone(chunk) -> None:
    """``parse_lines`` gives each numbered line of a chunk what ``parse_line`` gives it alone."""
    for (number, item), got in zip(chunk, parse_lines(chunk)):
        if isinstance(item, CaseInputError):
            assert got is item
            continue
        try:
            want = parse_line(item, number)
        except CaseInputError as err:
            assert isinstance(got, CaseInputError) and got.problems == err.problems and str(got) == str(err)
            continue
        assert not isinstance(got, CaseInputError) and _same(got, want), (item, got, want)


def _same(a, b) -> bool:
    """Equal JSON values of equal types (1 and 1.0 and True differ here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)


# Lines that are objects of one level, as nearly every case is, so that a chunk of them is read by
# the fast path; and the ways one of them can still be refused or differ from its neighbours.
_flat_value = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.decimals(allow_nan=False, places=4),
                        st.sampled_from(["2024-06-01", "bevilget", "a:b", "{", "}", "x\":y", "ø:æ"]),
                        st.text(max_size=6), st.lists(st.integers(0, 9), max_size=2))
_flat = st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(max_size=6)), _flat_value, max_size=5)
_flat_line = st.one_of(
    _flat.map(lambda case: json.dumps(case, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")),
    _flat.map(lambda case: json.dumps(case, separators=(",", ":"), default=str).encode()),
    st.sampled_from([b'{"a" : 1, "a": 2, "b": 3}', b'{"a": 1, "a" :2}', b'{"b": {"c": 1}}', b'{"a": NaN}',
                     b'{"a": 1} ', b'{"a": %s}' % (b"7" * 4100), b'{"a": 1.50, "b": -0, "c": 1E+2}',
                     b'{"k\\u00f8": "\\ud83d\\ude00"}', b'{"a": "\\ud800"}', b"{}"]))


@settings(max_examples=EXAMPLES or 100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_flat_line, min_size=1, max_size=8))
def test_a_chunk_of_one_level_objects_is_read_exactly_as_each_line_alone(lines):
    """The fast path of ``parse_lines`` (the C decoder alone, with its checks by counting) and the
    fall-back from it when one line is refused give each line what ``parse_line`` gives it."""
    _each_line_as_alone(list(enumerate(lines, start=1)))


def test_a_key_given_twice_behind_a_space_is_found_in_a_chunk_read_at_once():
    chunk = [(1, b'{"alder": 1}'), (2, b'{"a" : 1, "a": 2, "b": 3}'), (3, b'{"b": 2}')]
    first, twice, third = parse_lines(chunk)
    assert first == {"alder": 1} and third == {"b": 2}
    assert isinstance(twice, CaseInputError) and twice.problems[0].code == "LK709" and twice.problems[0].line == 2


@given(raw=st.binary(max_size=300))
def test_the_braces_and_colons_of_a_chunk_are_counted_exactly(raw):
    from lovkode.caseinput import _counts

    assert _counts(raw) == (raw.count(b"{"), raw.count(b":"), False)


# Numbers as they may be written, the odd ones included: each read as a float only where that float
# is exactly the decimal of its digits.
_odd_numbers = st.sampled_from(["-0", "-0.0", "0", "0.10", "22.0", "1e5", "1E+3", "2.5E-7", "1e-400", "1e400",
                                "0.1234567",
                                "12345678901234567.5", "0.1000000000000000055511151231257827", "999999999999.999999",
                                "123456789012345.6", "1234567890123456", "9" * 40, "-17.25", '"22.5"', '"1e5"'])
_number_text = st.one_of(
    _odd_numbers, _odd_numbers, _odd_numbers, st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(-10**20, 10**20).map(str))
_number_line = st.dictionaries(st.sampled_from(["a", "b", "c", "n1e", "x"]), _number_text, max_size=4).map(
    lambda pairs: ("{" + ", ".join(f'"{k}": {v}' for k, v in pairs.items()) + "}").encode())


@settings(max_examples=EXAMPLES or 150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(_number_line, _number_line, _number_line, _flat_line), min_size=1, max_size=8))
def test_with_floats_a_chunk_gives_each_number_exactly_as_its_digits(lines):
    """``parse_lines(floats=True)`` gives each line what ``parse_line`` gives it, except that a
    Decimal may come as a float: then exactly the same number (its shortest form is the Decimal's
    value), never a rounded one."""
    chunk = list(enumerate(lines, start=1))
    for (number, item), got in zip(chunk, parse_lines(chunk, floats=True)):
        try:
            want = parse_line(item, number)
        except CaseInputError as err:
            assert isinstance(got, CaseInputError) and str(got) == str(err)
            continue
        assert _same_number(got, want), (item, got, want)


def _as_float(exact: Decimal, number: float) -> bool:
    """The float is the decimal's value (its shortest form), or it is infinite for a decimal far
    outside the contract's limits (±10¹²), which the columns refuse either way."""
    return Decimal(repr(number)) == exact if math.isfinite(number) else exact.adjusted() >= 12  # no overflow at 1E+1000000


def _same_number(a, b) -> bool:
    if type(a) is float and type(b) is Decimal:
        return _as_float(b, a)
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(_same_number(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return type(b) is list and len(a) == len(b) and all(map(_same_number, a, b))
    return _same(a, b)


@given(texts=st.lists(_number_text, max_size=6), noise=st.text(alphabet="0123456789.eE-+ :,x", max_size=40))
def test_numbers_are_read_as_floats_only_where_each_float_is_its_decimal(texts, noise):
    """Where ``_float_safe`` says yes, every number in the text is exactly its float's shortest form
    (or, far past the contract's limits, infinite)."""
    import numpy

    from lovkode.caseinput import _float_safe

    raw = (" ".join(texts) + " " + noise).encode()
    if _float_safe(numpy.frombuffer(raw, numpy.uint8)):
        for token in re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", raw.decode()):
            assert _as_float(Decimal(token), float(token)), token
