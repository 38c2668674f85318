"""Regulated amounts (``reguleret beløb``), silent versions and dated anbefalinger, read as the law.

LAB § 189 a: the knækpunkt »reguleres en gang årligt den 1. januar med 1,7 pct. tillagt
tilpasningsprocenten for det pågældende finansår«. Lov om arbejdsløshedsforsikring § 47 regulates
dagpengenes højeste beløb the same way, with deductions in some years; the construct must express both.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from lovkode.values import SilenceKind
from tests.helpers import codes, compile_text, spec_of

PERCENTAGES = """\
faktum »måned«: dato
tabel »tilpasningsprocent« efter finansår: procent
  hjemmel: lov om en satsreguleringsprocent § 3
  - 2020: 0,2 %
    hjemmel: BEK nr. 855 af 20. august 2019 § 2
  - 2021: 0,3 %
    hjemmel: BEK nr. 1210 af 12. august 2020 § 2
  - 2022: -0,8 %
    hjemmel: BEK nr. 1713 af 20. august 2021 § 2
  - 2023: 1,0 %
    hjemmel: BEK nr. 1204 af 16. august 2022 § 2
  - 2024: 1,5 %
    hjemmel: BEK nr. 1101 af 21. august 2023 § 2
  - 2025: 1,9 %
    hjemmel: BEK nr. 983 af 20. august 2024 § 2
  - 2026: 2,8 %
    hjemmel: BEK nr. 1056 af 25. august 2025 § 2
"""

KNAEKPUNKT = PERCENTAGES + """\
reguleret beløb »knækpunkt pr. år« efter »måned«
  hjemmel: LAB § 123, stk. 2, og § 189 a
  niveau 2019: 14.686 kr.
    hjemmel: LAB § 123, stk. 2
  niveau 2024: 16.323 kr.
    hjemmel: BEK nr. 227 af 7. marts 2024 § 3, stk. 2
  reguleres fra 2020 med 1,7 % + »tilpasningsprocent«
    hjemmel: LAB § 189 a
  beløbet afrundes til hele kroner hvert år
spørgsmål »knækpunkt«: beløb
  hjemmel: LAB § 123, stk. 2
  er »knækpunkt pr. år«
"""


def knaek(spec, month: str):
    answer = spec.evaluate({"måned": month}, questions=["knækpunkt"])["knækpunkt"]
    return answer.value, answer.missing


@pytest.mark.parametrize("month, amount", [("2019-12-31", "14686"), ("2020-01-01", "14965"), ("2023-07-01", "15817"),
                                           ("2024-05-01", "16323"), ("2025-01-01", "16911"), ("2026-12-31", "17672")])
def test_189_a_each_year_from_the_previous_rounded_amount(month, amount):
    assert knaek(spec_of(KNAEKPUNKT), month) == (Decimal(amount), ())


@pytest.mark.parametrize("month, kind", [("2018-12-31", SilenceKind.NO_LEVEL), ("2027-01-01", SilenceKind.NO_RATE),
                                         ("2031-06-01", SilenceKind.NO_RATE)])
def test_never_extrapolated_before_the_first_level_or_past_the_last_percentage(month, kind):
    spec = spec_of(KNAEKPUNKT)
    answer = spec.evaluate({"måned": month}, questions=["knækpunkt"])["knækpunkt"]
    assert (answer.value, answer.missing) == (None, ())
    assert [s.kind for s in answer.silent] == [kind]
    if kind is SilenceKind.NO_RATE:
        assert answer.silent[0].key == 2027  # the first year whose percentage is missing
        assert "tilpasningsprocent" in answer.begrundelse()


def test_unknown_month_is_a_missing_fact():
    assert knaek(spec_of(KNAEKPUNKT), None) == (None, ("måned",))


def test_without_rounding_the_chain_stays_exact():
    spec = spec_of(KNAEKPUNKT.replace("  beløbet afrundes til hele kroner hvert år\n", "").replace(
        "  niveau 2024: 16.323 kr.\n    hjemmel: BEK nr. 227 af 7. marts 2024 § 3, stk. 2\n", ""))
    assert knaek(spec, "2020-06-01") == (Decimal("14965.034"), ())
    assert knaek(spec, "2021-06-01") == (Decimal("14965.034") * Decimal("1.020"), ())


def test_stated_level_that_disagrees_with_the_chain_names_both_sources():
    _, diagnostics = compile_text(KNAEKPUNKT.replace("niveau 2024: 16.323 kr.", "niveau 2024: 16.324 kr."))
    [problem] = [d for d in diagnostics if d.code == "LK432"]
    assert "BEK nr. 227 af 7. marts 2024" in problem.message
    assert "BEK nr. 1101 af 21. august 2023 § 2" in problem.message
    assert "16.323 kr." in problem.message and "16.324 kr." in problem.message


def test_stated_levels_before_the_regulation_are_used_as_stated():
    spec = spec_of(KNAEKPUNKT.replace("  niveau 2019: 14.686 kr.\n", "  niveau 2017: 14.116 kr.\n  niveau 2019: 14.686 kr.\n"))
    assert knaek(spec, "2017-03-01") == (Decimal("14116"), ())
    assert knaek(spec, "2018-03-01")[0] is None


def test_the_begrundelse_shows_the_chain_from_the_last_stated_level():
    spec = spec_of(KNAEKPUNKT)
    text = spec.evaluate({"måned": "2026-03-01"}, questions=["knækpunkt"])["knækpunkt"].begrundelse()
    assert "16.323 kr. i 2024-niveau (BEK nr. 227 af 7. marts 2024 § 3, stk. 2)" in text
    assert ("16.911 kr. for 2025 = 16.323 kr. reguleret med 3,6 % (1,7 % + tilpasningsprocent 1,9 % for 2025, "
            "BEK nr. 983 af 20. august 2024 § 2) = 16.910,628 kr., afrundet til hele kroner (LAB § 189 a)") in text
    assert "14.686" not in text


DAGPENGE = PERCENTAGES + """\
tabel »satsreguleringsprocent« efter finansår: procent
  hjemmel: lov om en satsreguleringsprocent § 2
  - fra 2017 til og med 2019: 2,0 %
    hjemmel: BEK nr. 1135/2016, 1015/2017 og 1058/2018 § 1
reguleret beløb »dagpengenes højeste beløb« efter »måned«
  hjemmel: lov om arbejdsløshedsforsikring m.v. § 47, stk. 1
  niveau 2016: 18.113 kr.
    hjemmel: lov om arbejdsløshedsforsikring m.v. § 47, stk. 1
  reguleres 2017 med »satsreguleringsprocent« - 0,4 %
    hjemmel: lov om arbejdsløshedsforsikring m.v. § 47 a, stk. 2 (LBK nr. 1092 af 1. november 2019)
  reguleres fra 2018 til og med 2019 med »satsreguleringsprocent« - 0,75 %
    hjemmel: lov om arbejdsløshedsforsikring m.v. § 47 a, stk. 2 (LBK nr. 1092 af 1. november 2019)
  reguleres fra 2020 til og med 2023 med 1,7 % + »tilpasningsprocent« - 0,75 %
    hjemmel: lov om arbejdsløshedsforsikring m.v. § 47, stk. 1, 3. pkt.
  reguleres fra 2024 med 1,7 % + »tilpasningsprocent«
    hjemmel: lov om arbejdsløshedsforsikring m.v. § 47, stk. 1
  beløbet afrundes til hele kroner hvert år
spørgsmål »dagpenge«: beløb
  hjemmel: lov om arbejdsløshedsforsikring m.v. § 47
  er »dagpengenes højeste beløb«
"""


@pytest.mark.parametrize("year, amount", [(2019, 18866), (2020, 19083), (2021, 19322), (2022, 19351), (2023, 19728),
                                          (2024, 20359), (2025, 21092), (2026, 22041)])
def test_dagpenge_47_with_its_deductions_reproduces_the_published_amounts(year, amount):
    """§ 47 with § 47 a's deductions: the chain gives the amounts the a-kasser publish."""
    spec = spec_of(DAGPENGE)
    answer = spec.evaluate({"måned": f"{year}-03-01"}, questions=["dagpenge"])["dagpenge"]
    assert (answer.value, answer.missing) == (Decimal(amount), ())


SILENT_VERSION = """\
regel »krav«
  hjemmel: LAB § 118
  version før 2013-01-01:
    hjemmel: reformen 2013
    kilderne er tavse: "rehabiliteringsteamet fandtes ikke"
  version fra 2013-01-01:
    er opfyldt, når »forelagt«
faktum »forelagt«: sandhedsværdi
"""


def test_silent_version_is_unknown_with_nothing_missing_and_says_why():
    spec = spec_of(SILENT_VERSION)
    answer = spec.evaluate({"afgørelsesdato": "2012-12-31"}, questions=["krav"])["krav"]
    assert (answer.value, answer.missing) == (None, ())
    [silence] = answer.silent
    assert (silence.kind, silence.reason, silence.citation) == (SilenceKind.STATED, "rehabiliteringsteamet fandtes ikke",
                                                                "reformen 2013")
    assert "rehabiliteringsteamet fandtes ikke (reformen 2013)" in answer.begrundelse()
    after = spec.evaluate({"afgørelsesdato": "2013-01-01"}, questions=["krav"])["krav"]
    assert (after.value, after.missing) == (None, ("forelagt",))


def test_silent_version_needs_a_reason_and_a_version():
    assert "LK430" in codes(SILENT_VERSION.replace(': "rehabiliteringsteamet fandtes ikke"', ""))
    assert "LK431" in codes('regel »x«\n  hjemmel: LAB § 1\n  kilderne er tavse: "intet"\n')


def test_division_by_zero_is_undefined_not_silence():
    spec = spec_of("faktum »a«: tal\nregel »q«: tal\n  hjemmel: LAB § 1\n  er 1 / »a«\n")
    answer = spec.evaluate({"a": 0}, questions=["q"])["q"]
    assert (answer.value, answer.missing, answer.silent) == (None, (), ())
    assert answer.undefined


def test_dated_anbefaling_is_given_only_in_its_period():
    spec = spec_of("""\
faktum »a«: sandhedsværdi
regel »r«
  hjemmel: LAB § 1
  er opfyldt, når »a«
anbefaling »overvej ressourceforløb«
  hjemmel: LAB § 68 a
  gælder før 2026-02-01
  gives, når »a«
  tekst: "Overvej et ressourceforløb."
""")
    def given(date):
        return [r.name for r in spec.evaluate({"a": True, "afgørelsesdato": date}, questions=["r"]).recommendations]
    assert given("2026-01-31") == ["overvej ressourceforløb"]
    assert given("2026-02-01") == []
    assert [r.name for r in spec.evaluate({"a": True}, questions=["r"]).recommendations] == []


def test_bundled_spec_advice_on_ressourceforloeb_ends_1_february_2026(spec):
    case = {"aktuelt_meget_begrænset_arbejdsevne": True}
    names = lambda date: [r.name for r in spec.evaluate({**case, "afgørelsesdato": date}).recommendations]
    assert "overvej ressourceforløb, når udviklingen er uafklaret" in names("2026-01-31")
    assert "overvej ressourceforløb, når udviklingen er uafklaret" not in names("2026-02-01")


def test_spec_numbers_are_bounded_like_case_numbers():
    assert "LK110" in codes("regel »x«: beløb\n  hjemmel: LAB § 1\n  er 10.000.000.000.000.000.000.000.000.000 kr.\n")
    assert "LK110" in codes("regel »x«: tal\n  hjemmel: LAB § 1\n  er 1,1234567\n")


def test_site_table_lists_every_year_with_the_source_of_each_percentage(spec):
    from lovkode.render.reasons import regulation_table

    table = regulation_table(spec.regulated_amounts["knækpunkt_efter_beregningsmåned"])
    lines = table.splitlines()
    assert [line.split(" | ")[0].lstrip("| ") for line in lines[2:]] == [str(y) for y in range(2013, 2027)]
    assert "| 2015 | ukendt |" in table
    assert ("| 2025 | 16.911 kr. | 3,6 % (1,7 % + tilpasningsprocent 1,9 % for 2025, BEK nr. 983 af 20. august 2024 § 2) "
            "af 16.323 kr. = 16.910,628 kr., afrundet | beregnet |") in table
    assert "| 2024 | 16.323 kr. |" in table and "= BEK nr. 227 af 7. marts 2024" in table


def test_site_table_says_a_year_too_long_to_compute_is_undefined_not_that_the_sources_are_silent():
    """1,234567 % a year adds 8 decimals to an unrounded amount: from 2011 it has more than 100 digits.
    The level a source states for 2025 starts the chain again; before it, and up to it, the years are
    undefined arithmetic — no year in between is »ukendt« for want of a source."""
    from lovkode.render.reasons import regulation_table, undefined_text
    from lovkode.values import UndefinedKind

    spec = spec_of("""\
faktum »dag«: dato
reguleret beløb »reg« efter »dag«
  hjemmel: LAB § 95
  niveau 2000: 999.999,999999 kr.
  niveau 2025: 1.000 kr.
  reguleres fra 2001 til og med 2027 med 1,234567 %
spørgsmål »beløbet«: beløb
  hjemmel: LAB § 1
  er »reg«
""")
    amount = spec.regulated_amounts["reg"]
    assert amount.too_big == frozenset(range(2011, 2025))
    rows = regulation_table(amount).splitlines()[2:]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == [str(y) for y in range(2000, 2028)]
    too_long = f"| ikke defineret | — | {undefined_text(UndefinedKind.TOO_BIG)} |"
    assert [row for row in rows if row.endswith(too_long)] == [f"| {y} {too_long}" for y in range(2011, 2025)]
    assert not any("ukendt" in row or "ingen kilde" in row for row in rows)
    assert rows[25].startswith("| 2025 | 1.000 kr. | — | angivet i 2025-niveau") and "beregnet" in rows[26]
    late = spec.evaluate({"dag": "2020-01-01"})["beløbet"]
    assert (late.value, late.silent, late.undefined) == (None, (), (UndefinedKind.TOO_BIG,))


def test_site_table_shows_the_years_too_long_to_compute_up_to_the_end_of_the_regulation():
    from lovkode.render.reasons import regulation_table
    from tests.unit.test_exact_arithmetic import REGULATED

    spec = spec_of(REGULATED)
    rows = regulation_table(spec.regulated_amounts["reg"]).splitlines()[2:]
    assert [row.split(" | ")[1] for row in rows[11:]] == ["ikke defineret"] * 20 and rows[-1].startswith("| 2030 |")


def test_a_table_by_finansår_is_not_a_question_about_a_case(spec, tmp_path):
    """»Enhver regel kan også stilles som spørgsmål« — but the tilpasningsprocent is looked up only when an
    amount is regulated, year by year (LK436). Asked by name it used to answer »kan ikke afgøres endnu«, as if
    a fact were missing; no fact decides it, so the question is refused, in Danish, on every surface."""
    import subprocess

    import lovkode
    from tests.conftest import lovkode_command

    with pytest.raises(lovkode.NotAQuestionError) as refused:
        spec.evaluate({}, questions=["»tilpasningsprocent«"])
    assert "»tilpasningsprocent« er en tabel efter finansår" in str(refused.value)
    assert refused.value.name == "tilpasningsprocent" and isinstance(refused.value, lovkode.UnknownQuestionError)
    case = tmp_path / "sag.json"
    case.write_text("{}", encoding="utf-8")
    done = subprocess.run(lovkode_command() + ["eval", str(case), "--question", "tilpasningsprocent"],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert "kan ikke stilles som spørgsmål om en sag" in done.stderr and "Traceback" not in done.stderr
    assert "Enhver regel kan også" not in done.stderr
