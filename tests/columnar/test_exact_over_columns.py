"""Over columns as case by case: a product past 28 digits is exact, a result too long for lovkode's own
context is undefined (*for stort tal*, in ``q.udefineret``) on exactly the rows the scalar path finds,
and the calling program's ``decimal.getcontext()`` changes no answer."""
from __future__ import annotations

import decimal
import random
from decimal import Decimal

import pytest

np = pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lovkode.columnar import arrays as A  # noqa: E402
from lovkode.render.reasons import undefined_text  # noqa: E402
from lovkode.values import UndefinedKind  # noqa: E402

from tests.columnar.specgen import random_case, random_spec_text  # noqa: E402
from tests.columnar.test_same_as_scalar import as_columns, assert_same  # noqa: E402
from tests.helpers import spec_of  # noqa: E402
from tests.unit.test_exact_arithmetic import BIG, N, REGULATED  # noqa: E402

TOO_BIG = undefined_text(UndefinedKind.TOO_BIG)


@pytest.fixture(scope="module")
def big():
    return spec_of(BIG)


def test_random_spec_74_multiplies_past_28_digits_on_every_row():
    """The hardening case: rule r1 (in force from 2000) multiplies three numbers into 30 digits and
    rounds them; the table holds rows where r1 is in force and rows where it is not. (Without the
    constants that pass 100 digits, which multiply r1 in today's random spec 74.)"""
    spec = spec_of(random_spec_text(74, too_big=False))
    rng = random.Random(74)
    cases = [{"n2": N, "afgørelsesdato": "2021-01-01"}, {"n2": N, "afgørelsesdato": "1990-01-01"},
             {"n2": -N, "afgørelsesdato": "2000-01-01"}] + [random_case(rng) for _ in range(30)]
    alone = assert_same(spec, cases)
    assert not alone.unsettled[None].any()
    assert spec.evaluate_table(as_columns(cases))["r1"][0] == "123456789011875308643097881235"


CASES = [{"antal": N}, {"antal": 1}, {"antal": 2}, {"antal": -N}, {}, {"antal": Decimal("7.5"), "timer": 7, "pct": 35},
         {"antal": Decimal("-0.000001"), "timer": Decimal("37.5"), "pct": Decimal("33.333333")}]
for case in CASES:
    case["afgørelsesdato"] = "2021-01-01"


def test_too_big_is_undefined_on_the_same_rows_over_columns(big):
    alone = assert_same(big, CASES)
    assert not alone.unsettled[None].any()  # settled in the columns, like a division by zero
    result = big.evaluate_table(as_columns(CASES))
    for q in ("for_stort_produkt", "for_stor_afrunding"):
        assert result[q + ".udefineret"][0] == (TOO_BIG,)
        assert result[q][0] is None and result[q + ".missing"][0] == ()
    assert result["for_stort_produkt.udefineret"][1] == ()
    assert result["stort_beløb"][0] == "123456789011875308643097881235"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([N, -N, 1, 0, 10, Decimal("999999999999.999999"), Decimal("0.000001"),
                                 Decimal("-123456.789012"), None]), min_size=1, max_size=12))
def test_any_mix_of_rows_too_big_or_not_answers_as_case_by_case(big, values):
    cases = [{"antal": v, "timer": 7, "pct": 35, "afgørelsesdato": "2021-01-01"} for v in values]
    assert not assert_same(big, cases).unsettled[None].any()


@pytest.mark.parametrize("seed", [74, 5])
def test_the_callers_decimal_context_changes_no_answer_over_columns(big, seed):
    """An application that sets ``getcontext().prec = 10`` gets the same table."""
    spec = spec_of(random_spec_text(seed))
    rng = random.Random(seed)
    cases = [{"n2": N, "afgørelsesdato": "2021-01-01"}] + [random_case(rng) for _ in range(30)]
    def tables():
        return [list(s.evaluate_table(as_columns(c)).json_lines()) for s, c in ((big, CASES), (spec, cases))]

    want = tables()
    with decimal.localcontext() as context:
        context.prec = 10
        assert tables() == want
        assert_same(big, CASES)
        assert_same(spec, cases)


def test_the_decimal_fallback_marks_too_big_rows():
    limit = np.array([Decimal("999999999999.999999")] * 2 + [Decimal(2)], dtype=object)
    product = A.num_mul(limit, limit, 0)
    for _ in range(4):
        product = A.num_mul(product, limit, 0)  # six factors: 108 digits on the first rows
    out, bad = A.too_big(product)
    assert bad.tolist() == [True, True, False]
    assert out[2] == Decimal(64) and out[0] == 0
    out, bad = A.too_big(A.num_add(limit, limit, 1))
    assert bad is None and list(out) == [Decimal("1999999999999.999998")] * 2 + [Decimal(4)]
    huge = np.array([Decimal("1E+120"), Decimal("2.5")], dtype=object)
    out, bad = A.too_big(A.num_round(huge, False))
    assert bad.tolist() == [True, False] and out[1] == 3


def test_a_regulated_amount_too_long_to_compute_is_undefined_on_the_same_rows():
    spec = spec_of(REGULATED)
    cases = [{"dag": f"{year}-03-01"} for year in range(1999, 2033)] + [{}]
    alone = assert_same(spec, cases)
    assert not alone.unsettled[None].any()
    undefined = spec.evaluate_table(as_columns(cases))["beløbet.udefineret"]
    assert [i for i, u in enumerate(undefined) if u] == list(range(2011 - 1999, 2031 - 1999))
    assert undefined[-2] == () and undefined[20] == (TOO_BIG,)
