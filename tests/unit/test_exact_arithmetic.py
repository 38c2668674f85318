"""Numbers are exact or the arithmetic is undefined: a result too long for lovkode's own context is
*for stort tal*, like a division by zero, never a traceback and never silently rounded; and the
answers never depend on the calling program's ``decimal.getcontext()``."""
from __future__ import annotations

import decimal
import json
from decimal import Decimal

import pytest

from lovkode.render.json_output import dumps, results_json
from lovkode.render.reasons import undefined_text
from lovkode.values import EXACT_DIGITS, UndefinedKind

from tests.conftest import lovkode_command
from tests.helpers import spec_of

EIGHT = " × ".join(["»antal«"] * 8)
SIX_QUOTIENTS = " × ".join(["(»antal« / 0,000001)"] * 6)

BIG = f"""
faktum »antal«: tal
faktum »timer«: timer
faktum »pct«: procent
spørgsmål »stort beløb«: beløb
  hjemmel: LAB § 1
  er (999.999.999.999,99 kr. × (»antal« × 123.456,789012)) afrundet til hele kroner
spørgsmål »for stort produkt«: beløb
  hjemmel: LAB § 2
  er 999.999.999.999,999999 kr. × {EIGHT}
spørgsmål »for stor afrunding«: beløb
  hjemmel: LAB § 3
  er (1 kr. × {SIX_QUOTIENTS}) afrundet til hele kroner
spørgsmål »tredjedel«: tal
  hjemmel: LAB § 4
  er »antal« / 3
spørgsmål »tal plus tredjedel«: tal
  hjemmel: LAB § 5
  er »antal« + 1 / 3
spørgsmål »minus tredjedel«: tal
  hjemmel: LAB § 6
  er -(»antal« × 1 / 3)
spørgsmål »andel«: timer
  hjemmel: LAB § 7
  er »timer« gange »pct«
spørgsmål »afrundet«: beløb
  hjemmel: LAB § 8
  er (»antal« × 0,5 kr.) afrundet til hele kroner
spørgsmål »alder i år«: tal
  hjemmel: LAB § 9
  er 65 år 7 måneder i år
"""

N = 999_999_999_999


@pytest.fixture(scope="module")
def big():
    return spec_of(BIG)


def evaluate(spec, facts):
    return spec.evaluate({"afgørelsesdato": "2021-01-01", **facts})


def test_a_product_past_28_digits_is_exact_and_rounds_to_whole_kroner(big):
    """The hardening case (random spec 74): 30 digits, which Python's default context would round."""
    answer = evaluate(big, {"antal": N})["stort_beløb"]
    exact = (99_999_999_999_999 * N * 123_456_789_012 + 5 * 10**7) // 10**8  # half up, positive
    assert (answer.value, answer.missing, answer.undefined) == (Decimal(exact), (), ())
    assert answer.value == Decimal("123456789011875308643097881235")


def test_a_product_too_long_for_exact_arithmetic_is_undefined_like_a_division_by_zero(big):
    answer = evaluate(big, {"antal": N})["for_stort_produkt"]
    assert (answer.value, answer.missing, answer.silent) == (None, (), ())
    assert answer.undefined == (UndefinedKind.TOO_BIG,)
    small = evaluate(big, {"antal": 2})["for_stort_produkt"]
    assert small.value == Decimal("999999999999.999999") * 256 and not small.undefined


def test_rounding_a_whole_number_too_long_for_exact_arithmetic_is_undefined(big):
    """Six quotients of 10¹⁸ each: 108 digits before the comma, not held by rounding's context."""
    answer = evaluate(big, {"antal": N})["for_stor_afrunding"]
    assert (answer.value, answer.missing, answer.undefined) == (None, (), (UndefinedKind.TOO_BIG,))
    assert evaluate(big, {"antal": 1})["for_stor_afrunding"].value == Decimal(10) ** 36


def test_the_json_and_the_begrundelse_say_in_danish_why(big):
    answers = evaluate(big, {"antal": N})
    wording = undefined_text(UndefinedKind.TOO_BIG)
    assert f"mere end {EXACT_DIGITS} cifre" in wording
    data = json.loads(dumps(results_json(answers), indent=None))["results"]["for_stort_produkt"]
    assert (data["value"], data["missing"], data["udefineret"]) == (None, [], [wording])
    assert wording in answers["for_stort_produkt"].begrundelse()
    assert "123.456.789.011.875.308.643.097.881.235 kr." in answers["stort_beløb"].begrundelse()


def test_the_begrundelse_does_not_call_undefined_arithmetic_a_silence_of_the_sources(big):
    """A number too big is no silence of the law: the heading says only that lovkode cannot decide."""
    text = evaluate(big, {"antal": N})["for_stort_produkt"].begrundelse()
    assert "\nSpørgsmålet kan ikke afgøres med lovkode:\n- " + undefined_text(UndefinedKind.TOO_BIG) in text
    assert "Kilderne er tavse" not in text


def test_a_division_keeps_28_significant_digits(big):
    answers = evaluate(big, {"antal": N})
    assert str(answers["tredjedel"].value) == "333333333333"
    assert str(evaluate(big, {"antal": 1})["tredjedel"].value) == "0." + "3" * 28
    assert answers["tal_plus_tredjedel"].value == Decimal("999999999999." + "3" * 28)  # 40 digits, exact
    assert answers["minus_tredjedel"].value == Decimal("-333333333333")


CASES = [{"antal": N}, {"antal": 1}, {"antal": Decimal("7.5"), "timer": Decimal("7.25"), "pct": Decimal("33.3")},
         {"antal": Decimal("-0.000001"), "timer": 37, "pct": 35}]


def every_answer(spec):
    return [dumps(results_json(evaluate(spec, case)), indent=None) for case in CASES]


@pytest.mark.parametrize("settings", [{"prec": 10}, {"prec": 50, "rounding": decimal.ROUND_DOWN},
                                      {"traps": {signal: True for signal in decimal.getcontext().traps}}])
def test_the_callers_decimal_context_changes_no_answer(big, settings):
    """An application that sets ``getcontext().prec = 10`` (or another rounding, or traps) gets the
    answers, JSON and begrundelser it would get with Python's default context."""
    want = every_answer(big)
    texts = [evaluate(big, case)[q].begrundelse() for case in CASES for q in ("stort_beløb", "andel")]
    with decimal.localcontext() as context:
        for name, value in settings.items():
            setattr(context, name, value)
        assert every_answer(big) == want
        assert [evaluate(big, case)[q].begrundelse() for case in CASES
                for q in ("stort_beløb", "andel")] == texts
    assert json.loads(want[0])["results"]["alder_i_år"]["value"] == pytest.approx(65 + 7 / 12)


def test_the_command_line_answers_a_too_big_case_in_danish(tmp_path):
    import subprocess

    (tmp_path / "spec").mkdir()
    body = '```lovkode\nkilde LAB = "lov om en aktiv beskæftigelsesindsats"\n' \
           "gældende ret vurderes på »afgørelsesdato«\nfaktum »afgørelsesdato«: dato\n" + BIG.lstrip() + "```\n"
    (tmp_path / "spec" / "store-tal.md").write_text("# Store tal\n\n" + body, encoding="utf-8")
    case = tmp_path / "sag.json"
    case.write_text(json.dumps({"antal": N, "afgørelsesdato": "2021-01-01"}), encoding="utf-8")
    for form in ("text", "json"):
        done = subprocess.run(lovkode_command() + ["eval", str(case), "--spec", str(tmp_path / "spec"),
                                                   "--format", form],
                              capture_output=True, text=True, encoding="utf-8", check=False)
        assert (done.returncode, done.stderr) == (0, "")
        assert undefined_text(UndefinedKind.TOO_BIG) in done.stdout
        assert "Traceback" not in done.stdout
    assert "123.456.789.011.875.308.643.097.881.235 kr." in subprocess.run(
        lovkode_command() + ["eval", str(case), "--spec", str(tmp_path / "spec"), "--question", "stort_beløb"],
        capture_output=True, text=True, encoding="utf-8", check=True).stdout


REGULATED = """
faktum »dag«: dato
reguleret beløb »reg« efter »dag«
  hjemmel: LAB § 95
  niveau 2000: 999.999,999999 kr.
  reguleres fra 2001 til og med 2030 med 1,234567 %
spørgsmål »beløbet«: beløb
  hjemmel: LAB § 1
  er »reg«
"""


def test_an_unrounded_regulated_amount_is_exact_until_it_is_too_long():
    """Each year adds 8 decimals: exact through 2010 (no rounding to 28 digits), too long from 2011 to
    the end of the regulation, after which the sources are silent as before."""
    spec = spec_of(REGULATED)
    answer = spec.evaluate({"dag": "2005-06-01"})["beløbet"]  # 999.999,999999 kr. × 1,01234567⁵
    assert answer.value == Decimal(f"{999999999999 * 101234567**5}E-46")
    assert len(answer.value.as_tuple().digits) > 28
    late = spec.evaluate({"dag": "2020-01-01"})["beløbet"]
    assert (late.value, late.missing, late.silent, late.undefined) == (None, (), (), (UndefinedKind.TOO_BIG,))
    assert undefined_text(UndefinedKind.TOO_BIG) in late.begrundelse()
    after = spec.evaluate({"dag": "2031-01-01"})["beløbet"]
    assert after.silent and not after.undefined
