"""Exact numbers over columns: scaled integers give Decimal's values, an overflow falls back to
Decimal instead of wrapping, the checker's proof says which expressions are exact, and a table's
cells are read by the very rules of `facts.convert`."""
from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

import pytest

np = pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lovkode.columnar import arrays as A  # noqa: E402
from lovkode.columnar.inputs import fact_column  # noqa: E402
from lovkode.columnar.scale import INT64_MAX, Exactness, analyse  # noqa: E402
from lovkode.columnar.table import compiled_for  # noqa: E402
from lovkode.facts import convert  # noqa: E402
from lovkode.values import number_text, round_kroner  # noqa: E402

from tests.columnar.test_same_as_scalar import assert_same  # noqa: E402
from tests.helpers import spec_of  # noqa: E402

LIMIT = 10**12

# a number within the contract: up to 6 decimals, strictly within ±10¹², often at the edges
decimals_within = st.builds(
    lambda coef, scale: Decimal(coef).scaleb(-scale),
    st.one_of(st.integers(-(LIMIT - 1), LIMIT - 1), st.sampled_from([0, 1, -1, LIMIT - 1, -(LIMIT - 1), 5, -5, 50, -50])),
    st.integers(0, 6),
).map(lambda d: d if abs(d) < LIMIT else d.scaleb(-6))


def column(values) -> A.Scaled | np.ndarray:
    """Decimals as a column: scaled integers when they fit, as the table reader makes them."""
    raw = np.empty(len(values), dtype=object)
    raw[:] = values
    found = A.as_scaled(raw)
    assert found is not None
    return found


def as_decimals(val) -> list:
    return list(A.decimals(val))


pairs = st.lists(st.tuples(decimals_within, decimals_within), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(pairs)
def test_sums_and_differences_of_scaled_integers_are_decimal_sums(rows):
    a, b = column([x for x, _ in rows]), column([y for _, y in rows])
    assert as_decimals(A.num_add(a, b, 1)) == [x + y for x, y in rows]
    assert as_decimals(A.num_add(a, b, -1)) == [x - y for x, y in rows]


@settings(max_examples=200, deadline=None)
@given(pairs, st.integers(-1, 2))
def test_products_and_percentages_are_decimal_products_or_fall_back(rows, hundreds):
    a, b = column([x for x, _ in rows]), column([y for _, y in rows])
    out = A.num_mul(a, b, hundreds)
    divisor = Decimal(100) ** hundreds
    want = [x * y / divisor if hundreds else x * y for x, y in rows]
    assert as_decimals(out) == want
    if type(out) is A.Scaled:  # taken as integers only where the bound proves they fit
        assert out.mag <= INT64_MAX
    else:
        assert a.mag * b.mag * 10 ** max(0, -2 * hundreds - a.scale - b.scale) > INT64_MAX


@settings(max_examples=200, deadline=None)
@given(st.lists(decimals_within, min_size=1, max_size=12))
def test_rounding_to_whole_kroner_rounds_halves_away_from_zero(values):
    out = A.num_round(column(values))
    assert as_decimals(out) == [round_kroner(v) for v in values]
    assert A.num_text(out) == [number_text(round_kroner(v)) for v in values]


@settings(max_examples=200, deadline=None)
@given(pairs)
def test_comparisons_extremes_and_text_agree_with_decimal(rows):
    xs, ys = [x for x, _ in rows], [y for _, y in rows]
    a, b = column(xs), column(ys)
    assert A.num_less(a, b).tolist() == [x < y for x, y in rows]
    assert A.num_equal(a, b).tolist() == [x == y for x, y in rows]
    mask = np.array([x < y for x, y in rows])
    assert as_decimals(A.num_where(mask, a, b)) == [x if x < y else y for x, y in rows]
    assert A.num_text(a) == [number_text(x) for x in xs]


def test_an_overflowing_product_falls_back_to_decimal_instead_of_wrapping():
    big = column([Decimal("999999999999.999999"), Decimal("-999999999999.5")])
    out = A.num_mul(big, big, 0)
    assert type(out) is not A.Scaled
    assert list(out) == [Decimal("999999999999999998000000.000000000001"), Decimal("999999999999000000000000.25")]
    twice = A.num_add(A.Scaled(np.array([INT64_MAX], dtype=np.int64), 0, INT64_MAX),
                      A.Scaled(np.array([1], dtype=np.int64), 0, 1), 1)
    assert type(twice) is not A.Scaled and list(twice) == [Decimal(INT64_MAX) + 1]


def test_a_decimal_column_mixes_with_scaled_integers_on_its_known_rows_only():
    placeholder = A.placeholder(A.NUM, 3)  # what a silent version or a scalar rule leaves behind
    scaled = column([Decimal("1.5"), Decimal(2), Decimal("-0.25")])
    out = A.num_where(np.array([True, False, True]), scaled, placeholder, None, np.zeros(3, dtype=bool))
    assert type(out) is A.Scaled and as_decimals(out)[0] == Decimal("1.5")
    thirds = np.empty(2, dtype=object)
    thirds[:] = [Decimal(1) / 3, Decimal(2) / 3]
    mixed = A.num_where(np.array([True, False]), thirds, column([Decimal(1), Decimal(2)]))
    assert type(mixed) is not A.Scaled and list(mixed) == [Decimal(1) / 3, Decimal(2)]


PROOF = """
faktum »beløb«: beløb
faktum »sats«: procent
faktum »antal«: tal
spørgsmål »tillæg«: beløb
  hjemmel: LAB § 1
  er »beløb« + 100 kr.
spørgsmål »andel«: beløb
  hjemmel: LAB § 2
  er »sats« af »beløb«
spørgsmål »kubik«: tal
  hjemmel: LAB § 3
  er »antal« × »antal« × »antal«
spørgsmål »pr stk«: beløb
  hjemmel: LAB § 4
  er (»beløb« / »antal«) afrundet til hele kroner
spørgsmål »afrundet andel«: beløb
  hjemmel: LAB § 5
  er (»sats« af »beløb«) afrundet til hele kroner
"""


def test_the_checker_proves_which_expressions_are_exact_integers():
    spec = spec_of(PROOF)
    analysis = analyse(spec._checked)
    verdict = {name: analysis.entry(name) for name in ("tillæg", "andel", "kubik", "pr_stk", "afrundet_andel")}
    assert verdict["tillæg"].exactness is Exactness.PROVEN  # 10¹⁸ + 10⁸ at 6 decimals: fits
    assert verdict["andel"].exactness is Exactness.CHECKED  # 100 % × 10¹² at 12 decimals: does not
    assert verdict["andel"].bound.scale == 14
    assert verdict["kubik"].exactness is Exactness.CHECKED
    assert verdict["pr_stk"].exactness is Exactness.DECIMAL  # a division is not exact in any scale
    assert verdict["afrundet_andel"].exactness is Exactness.CHECKED
    assert compiled_for(spec).numbers.entry("tillæg") == verdict["tillæg"]


def _spy(monkeypatch):
    seen = []
    original = A.num_mul

    def num_mul(*args, **kwargs):
        out = original(*args, **kwargs)
        seen.append(type(out) is A.Scaled)
        return out

    monkeypatch.setattr(A, "num_mul", num_mul)
    return seen


def test_a_product_is_taken_as_integers_when_the_tables_numbers_allow(monkeypatch):
    spec = spec_of(PROOF)
    seen = _spy(monkeypatch)
    cases = [{"antal": 12, "beløb": 16323.5, "sats": 12.5}, {"antal": -3, "beløb": 0.01, "sats": 100}]
    assert_same(spec, cases, ["kubik", "andel", "afrundet_andel"])
    assert seen and all(seen)


def test_the_same_product_falls_back_to_decimal_when_they_do_not(monkeypatch):
    spec = spec_of(PROOF)
    seen = _spy(monkeypatch)
    cases = [{"antal": 999999999.5, "beløb": 999999999999.99, "sats": 99.999999}, {"antal": 7}]
    assert_same(spec, cases, ["kubik", "andel", "afrundet_andel"])
    assert seen and not any(seen)


# reading cells as facts.convert does ------------------------------------------------------------

def _same_as_convert(spec_types, name, values, arrow=False):
    type_ = spec_types[name]
    kind = {"sandhedsværdi": A.BOOL, "dato": A.DATE, "valg": A.STR}.get(type_.kind, A.NUM)
    cells = values
    if arrow:
        pa = pytest.importorskip("pyarrow", reason="pyarrow er ikke installeret")
        try:
            cells = pa.array(values)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            return
        values = cells.to_pylist()  # Arrow's own reading of the cells (False in a float column is 0.0)
    val, null, wrong = fact_column(name, cells, type_, kind, len(values))
    if kind == A.NUM:
        val = A.decimals(val)
    for i, v in enumerate(values):
        if v is None:
            assert null[i]
            continue
        want, problem = convert(name, v, type_)
        assert bool(wrong[i]) == (problem is not None), (v, problem)
        if problem is None:
            if kind == A.NUM:
                assert val[i] == want, v
            elif kind == A.DATE:
                assert int(val[i]) == want.toordinal(), v
            else:
                assert val[i] == want, v


FACTS = spec_of("""
faktum »b«: sandhedsværdi
faktum »beløb«: beløb
faktum »sats«: procent
faktum »timer«: timer
faktum »valget«: valg mellem "x" og "y"
""")._fact_types

floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e13, 1e13),
    st.builds(lambda c, s: c / 10**s, st.integers(-(10**15), 10**15), st.integers(0, 8)),
    st.sampled_from([0.1, 0.2 + 0.1, 1e-7, 999999999999.96875, 999999999999.9999, -0.0, 1e12, 2.5, 100.0, 100.5,
                     5e-324, 1e-6, 123456.789012, 0.30000000000000004]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(floats, st.none()), min_size=1, max_size=20), st.sampled_from(["beløb", "sats", "timer"]),
       st.booleans())
def test_floats_are_read_at_their_shortest_decimal_form(values, name, arrow):
    _same_as_convert(FACTS, name, values, arrow)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-(2**70), 2**70), st.integers(-(LIMIT + 2), LIMIT + 2), st.none(),
                          st.booleans(), st.text(max_size=3), floats), min_size=1, max_size=20),
       st.sampled_from(["beløb", "sats", "timer"]), st.booleans())
def test_ints_and_mixed_cells_are_numbers_exactly_when_convert_says_so(values, name, arrow):
    _same_as_convert(FACTS, name, values, arrow)


def test_arrow_decimals_are_read_from_their_digits():
    pa = pytest.importorskip("pyarrow", reason="pyarrow er ikke installeret")
    values = [Decimal("16323.10"), Decimal("-999999999999.99"), Decimal("1000000000000.00"), None, Decimal("0.05")]
    _same_as_convert(FACTS, "beløb", values, arrow=True)
    _same_as_convert(FACTS, "sats", [Decimal("100.000001"), Decimal("12.5"), Decimal("-0.1")], arrow=True)
    val, _, _ = fact_column("beløb", pa.array(values, type=pa.decimal128(20, 2)), FACTS["beløb"], A.NUM, 5)
    assert type(val) is A.Scaled and val.scale == 2


# Decimals as JSON's numbers with a fraction give them (caseinput reads their digits): plain texts, at the
# limits and past them, with exponents, trailing zeros, a negative zero, more than 6 decimals, NaN
json_decimals = st.one_of(
    decimals_within,
    st.decimals(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=True, allow_infinity=True, places=8),
    st.builds(lambda coef, exp: Decimal(coef).scaleb(exp), st.integers(-(10**20), 10**20), st.integers(-12, 12)),
    st.sampled_from(["1E+3", "1e-7", "0E-7", "-0.0", "-0", "0.1234567", "0.1234560", "999999999999.999999",
                     "1000000000000.0", "-999999999999.9999995", "100.000000", "100.000001", "-0.000001", "12.50000000",
                     "1.00000000000000000000000000001", "999999999999.99999999999999999", "NaN", "-Infinity"])
    .map(Decimal),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(json_decimals, json_decimals, st.integers(-(LIMIT + 2), LIMIT + 2), st.none()),
                min_size=1, max_size=20), st.sampled_from(["beløb", "sats", "timer"]))
def test_decimal_cells_are_numbers_exactly_when_convert_says_so(values, name):
    _same_as_convert(FACTS, name, values)


def _read_without_convert(monkeypatch, values):
    """``beløb``'s column read with ``convert`` made to fail: the fast reader settles every cell."""
    from lovkode.columnar import inputs

    def no_convert(*args):
        raise AssertionError("convert called for a cell the fast reader should settle")

    monkeypatch.setattr(inputs, "convert", no_convert)
    return fact_column("beløb", values, FACTS["beløb"], A.NUM, len(values))


def test_plain_decimal_cells_are_read_from_their_digits_without_convert(monkeypatch):
    """The texts JSON gives for amounts (no exponent) are read for the whole column at once."""
    values = [Decimal("16323.10"), 7, None, Decimal("-0.0"), Decimal("0.1234567"), Decimal("1000000000000.5"),
              Decimal("-999999999999.999999")]
    val, null, wrong = _read_without_convert(monkeypatch, values)
    assert type(val) is A.Scaled and val.scale == 6
    assert null.tolist() == [False, False, True, False, False, False, False]
    assert wrong.tolist() == [False, False, False, False, True, True, False]
    assert as_decimals(val)[:2] == [Decimal("16323.1"), 7] and as_decimals(val)[6] == Decimal("-999999999999.999999")
    monkeypatch.undo()
    _same_as_convert(FACTS, "beløb", values)


dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.sampled_from(["2024-02-30", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "2024-1-01",
                     "2024-01-01 ", "２０２４-01-01", "2024-W23-6", "20240101", "2024-01-0\x00", ""]),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(dates, st.none()), min_size=1, max_size=20), st.booleans())
def test_dates_are_iso_calendar_days_exactly_as_convert_reads_them(values, arrow):
    _same_as_convert(FACTS, "afgørelsesdato", values, arrow)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.booleans(), st.none(), st.sampled_from([0, 1, 1.0, "true", np.True_])), min_size=1,
                max_size=20), st.booleans())
def test_sandhedsværdier_are_bools_only(values, arrow):
    _same_as_convert(FACTS, "b", values, arrow)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["x", "y", "z", "X", ""]), st.none(), st.integers(0, 2)), min_size=1,
                max_size=20), st.booleans())
def test_choices_are_one_of_the_choices(values, arrow):
    _same_as_convert(FACTS, "valget", values, arrow)


def test_a_large_table_of_floats_reads_like_repr_row_by_row():
    rng = random.Random(5)
    values = [round(rng.uniform(-1e6, 1e6), rng.randrange(7)) for _ in range(5000)]
    values += [rng.uniform(-1e12, 1e12) for _ in range(500)] + [math.ldexp(rng.random(), -30) for _ in range(100)]
    _same_as_convert(FACTS, "beløb", values)


def test_tiny_products_past_eighteen_decimals_stay_exact():
    tiny = column([Decimal("0.000001"), Decimal(0), Decimal("-0.000005")])
    fourth = A.num_mul(A.num_mul(tiny, tiny, 0), A.num_mul(tiny, tiny, 0), 0)  # 24 decimals
    total = A.num_add(fourth, column([Decimal(1), Decimal(2), Decimal("0.5")]), 1)
    want = [x**4 + y for x, y in zip([Decimal("0.000001"), Decimal(0), Decimal("-0.000005")],
                                      [Decimal(1), Decimal(2), Decimal("0.5")])]
    assert as_decimals(total) == want
    assert as_decimals(A.num_round(fourth)) == [Decimal(0)] * 3
    zeros = A.num_where(np.array([True, False, True]), fourth, A.zeros(3))
    assert as_decimals(zeros) == [Decimal("1E-24"), Decimal(0), Decimal("6.25E-22")]


# whole columns of one kind, read from their pickled bytes (inputs._pickled): every look-alike of a bool or
# a float (an int, a NumPy scalar, an empty tuple, an object pickle cannot write) is judged as convert judges it
look_alikes = st.sampled_from([0, 1, 1.0, 0.0, np.True_, (), [], "true", Decimal("1.5"), 255, 256,
                               -1, 2**40, lambda: True])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.booleans(), st.none()), min_size=4, max_size=40),
       st.lists(st.tuples(st.integers(0, 39), look_alikes), max_size=2))
def test_long_columns_of_bools_are_bools_only(values, odd):
    for i, v in odd:
        values[i % len(values)] = v
    _same_as_convert(FACTS, "b", values)


@settings(max_examples=200, deadline=None)
@given(st.lists(floats, min_size=4, max_size=40), st.lists(st.tuples(st.integers(0, 39), look_alikes), max_size=2),
       st.sampled_from(["beløb", "sats", "timer"]))
def test_long_columns_of_floats_are_read_at_their_shortest_form(values, odd, name):
    for i, v in odd:
        values[i % len(values)] = v
    _same_as_convert(FACTS, name, values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 255), min_size=4, max_size=40), st.lists(st.tuples(st.integers(0, 39), look_alikes),
                                                                      max_size=2),
       st.sampled_from(["beløb", "sats", "timer"]))
def test_long_columns_of_small_ints_are_numbers_exactly_when_convert_says_so(values, odd, name):
    for i, v in odd:
        values[i % len(values)] = v
    _same_as_convert(FACTS, name, values)


def test_a_column_of_one_kind_is_read_from_its_bytes_without_a_type_per_cell(monkeypatch):
    """Bools, floats and small ints in columns of their own are read in one pass in C."""
    from lovkode.columnar import inputs

    def no_types(*args):
        raise AssertionError("a column of one kind read cell by cell")

    cells = {"b": [True, False, None, True] * 50, "beløb": [16323.5, 0.1, -2.25, 1e-6] * 50,
             "sats": [0, 12, 100, 255] * 50}
    kinds = {"b": A.BOOL, "beløb": A.NUM, "sats": A.NUM}
    monkeypatch.setattr(inputs, "_generic", no_types)
    monkeypatch.setattr(inputs, "_decimal_texts", no_types)
    monkeypatch.setattr(inputs, "_shortest", no_types)
    for name, values in cells.items():
        val, null, wrong = fact_column(name, values, FACTS[name], kinds[name], len(values))
        assert null.sum() == (50 if name == "b" else 0)
        assert wrong.sum() == (50 if name == "sats" else 0)  # 255 is no percentage
    monkeypatch.undo()
    for name, values in cells.items():
        _same_as_convert(FACTS, name, values)


@settings(max_examples=200, deadline=None)
@given(st.lists(dates, min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(0, 29), st.sampled_from([None, 20240101, dt.date(2024, 2, 29),
                                                               dt.datetime(2024, 1, 1), b"2024-01-01",
                                                               "2024-01-01\udc80"])), max_size=2))
def test_a_column_of_texts_only_is_read_as_dates_at_once_and_any_other_cell_as_convert_reads_it(values, odd):
    for i, v in odd:
        values[i % len(values)] = v
    _same_as_convert(FACTS, "afgørelsesdato", values)


# numbers JSON writes with an exponent, as caseinput reads them (Decimal of the text): "1E+3", "2.5e-1", "-7.25E+2"
exponent_texts = st.builds(
    lambda mantissa, exponent, letter: Decimal(f"{mantissa}{letter}{exponent:+d}"),
    st.one_of(st.integers(-(10**7), 10**7), st.decimals(-(10**6), 10**6, places=4, allow_nan=False)),
    st.integers(-14, 14), st.sampled_from(["E", "e"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(exponent_texts, exponent_texts, json_decimals, st.none()), min_size=1, max_size=30),
       st.sampled_from(["beløb", "sats", "timer"]))
def test_numbers_with_an_exponent_are_read_exactly_as_convert_reads_them(values, name):
    _same_as_convert(FACTS, name, values)


def test_numbers_with_an_exponent_are_read_from_their_digits_without_convert(monkeypatch):
    values = [Decimal(t) for t in ("1E+3", "2.5e-1", "-7.25E+2", "1E-7", "1.5E+12", "0E+40", "1.000000E-6", "-0E-9",
                                   "9.99999999999999E+11", "12E-7")] + [None, 7]
    val, null, wrong = _read_without_convert(monkeypatch, values)
    assert type(val) is A.Scaled
    assert wrong.tolist() == [False, False, False, True, True, False, False, False, False, True, False, False]
    assert as_decimals(val)[:3] == [1000, Decimal("0.25"), Decimal("-725")]
    monkeypatch.undo()
    _same_as_convert(FACTS, "beløb", values)


def _spy_on_convert(monkeypatch) -> list:
    """The cells the column reader leaves to ``convert``, in the order it judges them."""
    from lovkode.columnar import inputs

    judged = []
    original = inputs.convert

    def convert_spy(key, value, type_):
        judged.append(value)
        return original(key, value, type_)

    monkeypatch.setattr(inputs, "convert", convert_spy)
    return judged


def test_a_long_exponent_or_text_is_left_to_convert_for_its_row_alone(monkeypatch):
    """A text past 20 characters or an exponent of three digits is judged by convert, on its own row."""
    judged = _spy_on_convert(monkeypatch)
    odd = [Decimal("1E+100"), Decimal("1E-100"), Decimal("0E-100"), Decimal("123456.1234560000000000000"), Decimal("NaN")]
    values = [Decimal("16323.10"), *odd, Decimal("2.5E+3")]
    val, null, wrong = fact_column("beløb", values, FACTS["beløb"], A.NUM, len(values))
    assert type(val) is A.Scaled and judged == odd
    assert wrong.tolist() == [False, True, True, False, False, True, False]
    monkeypatch.undo()
    _same_as_convert(FACTS, "beløb", values)


def test_a_number_with_an_exponent_gives_the_same_answers_and_problems_as_a_case():
    spec = spec_of(PROOF)
    cases = [{"antal": Decimal("1.2E+1"), "beløb": Decimal("1.63235E+4"), "sats": Decimal("1.25E+1")},
             {"antal": Decimal("-3E+0"), "beløb": Decimal("1E-2"), "sats": Decimal("1E+2")},
             {"antal": Decimal("7"), "beløb": Decimal("1E+12"), "sats": Decimal("1.5E+2")},
             {"antal": Decimal("2.5E-7"), "beløb": Decimal("3E+3")}]
    assert_same(spec, cases, ["kubik", "andel", "afrundet_andel"])
    assert_same(spec, cases, ["kubik", "andel", "afrundet_andel"], table=cases)


def test_decimals_are_read_from_their_exact_ratios_and_only_a_row_of_more_than_28_digits_goes_to_convert(
        monkeypatch):
    judged = _spy_on_convert(monkeypatch)
    odd = [Decimal("0.1234567"), Decimal("1.00000000000000000000000000001")]  # the second: 29 digits
    values = [16323, Decimal("16323.10"), None, *odd, Decimal("1E+12"), Decimal("-999999999999.999999"), Decimal("2.5E-1")]
    val, null, wrong = fact_column("beløb", values, FACTS["beløb"], A.NUM, len(values))
    assert judged == [odd[1]]  # more digits than the fast reader settles: convert judges that row alone
    assert wrong.tolist() == [False, False, False, True, True, True, False, False]  # 29 decimals are too many
    del values[4]
    judged.clear()
    val, null, wrong = fact_column("beløb", values, FACTS["beløb"], A.NUM, len(values))
    assert type(val) is A.Scaled and not judged
    assert wrong.tolist() == [False, False, False, True, True, False, False]
    monkeypatch.undo()
    _same_as_convert(FACTS, "beløb", values)
