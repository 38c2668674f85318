"""The evaluator, construct by construct: Kleene logic, `missing`, versions, exceptions, skøn, tables."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lovkode.build import machine_id
from tests.helpers import codes, spec_of

FACTS = """
faktum »a«: sandhedsværdi
faktum »b«: sandhedsværdi
faktum »c«: sandhedsværdi
"""


@pytest.fixture(scope="module")
def logic():
    return spec_of(FACTS + """
spørgsmål »og«
  hjemmel: LAB § 1
  er opfyldt, når »a« og »b«
spørgsmål »eller«
  hjemmel: LAB § 1
  er opfyldt, når »a« eller »b«
spørgsmål »liste«
  hjemmel: LAB § 1
  er opfyldt, når alle af følgende er opfyldt:
    - »a«
    - mindst én af følgende:
      - »b«
      - »c«
spørgsmål »ingen«
  hjemmel: LAB § 1
  er opfyldt, når ingen af følgende er opfyldt:
    - »a«
    - »b«
spørgsmål »hvis«
  hjemmel: LAB § 1
  er hvis »a« så »b« ellers »c«
spørgsmål »medmindre«
  hjemmel: LAB § 1
  er opfyldt, når »a«, men kravet bortfalder, når »b«
spørgsmål »ukendt a«
  hjemmel: LAB § 1
  er »a« er ukendt
""")


def answer(spec, facts, q):
    q = machine_id(q)
    a = spec.evaluate(facts, [q])[q]
    return a.value, a.missing


def test_og_is_false_as_soon_as_one_part_is_false(logic):
    assert (False, ()) == answer(logic, {"b": False}, "og")


def test_og_with_one_unknown_part_lists_only_its_missing_fact(logic):
    assert (None, ("a",)) == answer(logic, {"b": True}, "og")


def test_og_with_both_unknown_joins_the_missing_lists(logic):
    assert (None, ("a", "b")) == answer(logic, {}, "og")


def test_eller_is_true_as_soon_as_one_part_is_true(logic):
    assert (True, ()) == answer(logic, {"b": True}, "eller")
    assert (None, ("a",)) == answer(logic, {"b": False}, "eller")


def test_nested_lists(logic):
    assert (True, ()) == answer(logic, {"a": True, "c": True}, "liste")
    assert (None, ("b", "c")) == answer(logic, {"a": True}, "liste")
    assert (False, ()) == answer(logic, {"a": False}, "liste")


def test_ingen_af_følgende(logic):
    assert (True, ()) == answer(logic, {"a": False, "b": False}, "ingen")
    assert (False, ()) == answer(logic, {"b": True}, "ingen")


def test_hvis_with_unknown_condition_is_known_when_both_branches_agree(logic):
    assert (True, ()) == answer(logic, {"b": True, "c": True}, "hvis")
    assert (None, ("a",)) == answer(logic, {"b": True, "c": False}, "hvis")
    assert (None, ("a", "c")) == answer(logic, {"b": True}, "hvis")


def test_medmindre_holds_when_the_exception_does(logic):
    assert (True, ()) == answer(logic, {"b": True}, "medmindre")
    assert (False, ()) == answer(logic, {"a": False, "b": False}, "medmindre")
    assert (None, ("a",)) == answer(logic, {"b": False}, "medmindre")


def test_er_ukendt_is_always_known(logic):
    assert (True, ()) == answer(logic, {}, "ukendt a")
    assert (False, ()) == answer(logic, {"a": False}, "ukendt a")


ARITH = """
faktum »timer«: timer
faktum »pct«: procent
faktum »løn«: beløb
faktum »fødselsdato«: dato
spørgsmål »effektiv«: timer
  hjemmel: LAB § 122
  er »timer« gange »pct«
spørgsmål »tilskud«: beløb
  hjemmel: LAB § 123
  er største af (20.000 kr. - 30 % af »løn«, 0 kr.) afrundet til hele kroner
spørgsmål »alder«: tal
  hjemmel: LAB § 1
  er hele år fra »fødselsdato« til »afgørelsesdato«
spørgsmål »pensionsdag«: dato
  hjemmel: LAB § 1
  er »fødselsdato« + 65 år 6 måneder
spørgsmål »i år«: tal
  hjemmel: LAB § 1
  er 65 år 6 måneder i år
"""


@pytest.fixture(scope="module")
def arith():
    return spec_of(ARITH)


def test_exact_decimals_7_timer_at_35_procent(arith):
    assert (Decimal("2.45"), ()) == answer(arith, {"timer": 7, "pct": 35}, "effektiv")


def test_rounding_half_up_to_whole_kroner(arith):
    assert Decimal("16999") == answer(arith, {"løn": Decimal("10003.33")}, "tilskud")[0]
    assert Decimal("17000") == answer(arith, {"løn": Decimal("10000.01")}, "tilskud")[0]
    assert Decimal("0") == answer(arith, {"løn": 100000}, "tilskud")[0]


def test_whole_years_and_29_february(arith):
    born = "2000-02-29"
    assert Decimal(24) == answer(arith, {"fødselsdato": born, "afgørelsesdato": "2024-02-29"}, "alder")[0]
    assert Decimal(22) == answer(arith, {"fødselsdato": born, "afgørelsesdato": "2023-02-27"}, "alder")[0]
    assert Decimal(23) == answer(arith, {"fødselsdato": born, "afgørelsesdato": "2023-02-28"}, "alder")[0]


def test_date_plus_years_and_months_clamps_to_month_end(arith):
    assert dt.date(2025, 2, 28) == answer(arith, {"fødselsdato": "1959-08-31"}, "pensionsdag")[0]
    assert dt.date(2025, 9, 1) == answer(arith, {"fødselsdato": "1960-03-01"}, "pensionsdag")[0]


def test_duration_in_years(arith):
    assert (Decimal("65.5"), ()) == answer(arith, {}, "i år")


VERSIONS = """
faktum »seniorpension«: sandhedsværdi
spørgsmål »betingelse«
  hjemmel: LAB § 116, stk. 1
  version fra 2020-01-01 (lov nr. 1559 af 27. december 2019):
    er opfyldt, når ikke »seniorpension«
  version før 2020-01-01:
    er opfyldt
spørgsmål »kun nyere«
  hjemmel: LAB § 116, stk. 1
  version fra 2020-01-01 (lov nr. 1559 af 27. december 2019):
    er opfyldt
"""


@pytest.fixture(scope="module")
def versions():
    return spec_of(VERSIONS)


def test_the_version_in_force_on_the_decision_date_applies(versions):
    assert (True, ()) == answer(versions, {"afgørelsesdato": "2019-12-31", "seniorpension": True}, "betingelse")
    assert (False, ()) == answer(versions, {"afgørelsesdato": "2020-01-01", "seniorpension": True}, "betingelse")


def test_unknown_date_is_known_only_if_every_version_agrees(versions):
    assert (True, ()) == answer(versions, {"seniorpension": False}, "betingelse")
    assert (None, ("afgørelsesdato",)) == answer(versions, {"seniorpension": True}, "betingelse")
    assert (None, ("afgørelsesdato", "seniorpension")) == answer(versions, {}, "betingelse")


def test_sources_silent_for_a_date_is_unknown_with_nothing_missing(versions):
    a = versions.evaluate({"afgørelsesdato": "2010-01-01"}, ["kun_nyere"])["kun_nyere"]
    assert (None, ()) == (a.value, a.missing)
    assert a.silent


EXCEPTIONS = """
faktum »afprøvet«: sandhedsværdi
faktum »formålsløs«: sandhedsværdi
faktum »x«: sandhedsværdi
spørgsmål »krav«
  hjemmel: LAB § 116, stk. 3, 1. pkt.
  er opfyldt, når »afprøvet«
undtagelse »åbenbart formålsløst« til »krav«
  hjemmel: LAB § 116, stk. 3, 2. pkt.
  er opfyldt, når »formålsløs«
spørgsmål »tal«: tal
  hjemmel: LAB § 1
  er 1
undtagelse »to« til »tal«
  hjemmel: LAB § 2
  er 2, når »x«
undtagelse »tre« til »tal«
  hjemmel: LAB § 3
  er 3, når »x«
"""


@pytest.fixture(scope="module")
def exceptions():
    return spec_of(EXCEPTIONS)


def test_an_exception_that_fires_wins_and_the_trace_names_it(exceptions):
    a = exceptions.evaluate({"formålsløs": True}, ["krav"])["krav"]
    assert (True, ()) == (a.value, a.missing)
    assert "åbenbart formålsløst" in a.explanation["undtagelse"]["navn"]


def test_an_exception_that_may_fire_keeps_the_answer_open_unless_it_agrees(exceptions):
    assert (None, ("afprøvet", "formålsløs")) == answer(exceptions, {}, "krav")
    assert (True, ()) == answer(exceptions, {"afprøvet": True}, "krav")
    assert (False, ()) == answer(exceptions, {"afprøvet": False, "formålsløs": False}, "krav")


def test_two_exceptions_firing_with_different_results_is_a_conflict_naming_both(exceptions):
    a = exceptions.evaluate({"x": True}, ["tal"])["tal"]
    assert a.value is None
    assert ("»to« (LAB § 2)", "»tre« (LAB § 3)") == a.conflict[0]


DISCRETION = """
faktum »væsentligt«: sandhedsværdi
faktum »dokumenteret«: sandhedsværdi
faktum »fritid«: sandhedsværdi
faktum »hjem«: sandhedsværdi
faktum »vurderet«: sandhedsværdi
skøn »nedsættelse«
  hjemmel: LAB § 116, stk. 1
  vurdering: »væsentligt«
  krav:
    - »dokumenteret«
  hensyn imod:
    - »fritid«
    - »hjem«
  afvejning: »vurderet«
"""


@pytest.fixture(scope="module")
def discretion():
    return spec_of(DISCRETION)


def test_skøn_without_considerations_against_needs_no_weighing(discretion):
    facts = {"væsentligt": True, "dokumenteret": True, "fritid": False, "hjem": False}
    assert (True, ()) == answer(discretion, facts, "nedsættelse")


def test_skøn_with_a_consideration_against_must_be_weighed(discretion):
    facts = {"væsentligt": True, "dokumenteret": True, "fritid": True, "hjem": False}
    assert (None, ("vurderet",)) == answer(discretion, facts, "nedsættelse")
    a = discretion.evaluate({**facts, "vurderet": False}, ["nedsættelse"])["nedsættelse"]
    assert a.value is False
    assert {"hensyn_til_stede": ["fritid"], "afvejet": False, "lovligt_udøvet": False,
            "uopfyldte_krav": []} == a.explanation["skøn"]


LAWFULNESS = DISCRETION + """
regel »vurderes igen«
  hjemmel: LAB § 2
  er opfyldt, når ikke »nedsættelse« er lovligt udøvet
"""


def test_skøn_not_lawfully_exercised_is_an_annotation_not_a_fourth_value():
    """A skøn whose requirements fail is "nej" (the contract), but carries that it was not lawfully
    exercised and which requirements were unmet, and a rule can give that its legal consequence."""
    spec = spec_of(LAWFULNESS)
    negative = {"væsentligt": False, "dokumenteret": True, "fritid": False, "hjem": False}
    unlawful = {"væsentligt": True, "dokumenteret": False, "fritid": False, "hjem": False}
    for facts, lawful, again in ((negative, True, False), (unlawful, False, True)):
        answers = spec.evaluate(facts, ["nedsættelse", "vurderes_igen"])
        assert answers["nedsættelse"].value is False
        assert answers["nedsættelse"].explanation["skøn"]["lovligt_udøvet"] is lawful
        assert answers["vurderes_igen"].value is again
    assert spec.evaluate(unlawful, ["nedsættelse"])["nedsættelse"].explanation["skøn"]["uopfyldte_krav"] == [
        "dokumenteret"]
    unknown = spec.evaluate({"væsentligt": True, "fritid": False, "hjem": False}, ["vurderes_igen"])["vurderes_igen"]
    assert (unknown.value, unknown.missing) == (None, ("dokumenteret",))


def test_only_a_skøn_can_be_lawfully_exercised():
    assert "LK209" in codes(DISCRETION.replace("faktum »vurderet«", "faktum »vurderet«") + """
regel »r«
  hjemmel: LAB § 2
  er opfyldt, når »fritid« er lovligt udøvet
""")


def test_skøn_requires_documentation(discretion):
    assert (False, ()) == answer(discretion, {"væsentligt": True, "dokumenteret": False}, "nedsættelse")


TABLE = """
faktum »fødselsdato«: dato
tabel »pensionsalder« efter »fødselsdato«: varighed
  hjemmel: lov om social pension § 1 a
  version fra 2015-12-29 (lov nr. 1810 af 23. december 2015):
    - før 1963-01-01: 67 år
    - efter 1962-12-31: 68 år
  version før 2015-12-29 (lov nr. 1386 af 28. december 2011):
    - efter 1955-06-30: 67 år
spørgsmål »alder i år«: tal
  hjemmel: lov om social pension § 1 a
  er »pensionsalder« i år
"""


@pytest.fixture(scope="module")
def table():
    return spec_of(TABLE)


def test_table_row_by_date_in_the_version_in_force(table):
    assert (Decimal(68), ()) == answer(table, {"fødselsdato": "1965-01-01", "afgørelsesdato": "2024-01-01"}, "alder i år")
    assert (Decimal(67), ()) == answer(table, {"fødselsdato": "1965-01-01", "afgørelsesdato": "2015-12-28"}, "alder i år")


def test_table_with_unknown_date_of_law_agrees_or_lists_it(table):
    assert (Decimal(67), ()) == answer(table, {"fødselsdato": "1960-01-01"}, "alder i år")
    assert (None, ("afgørelsesdato",)) == answer(table, {"fødselsdato": "1965-01-01"}, "alder i år")


def test_table_without_a_row_for_the_key_is_silent(table):
    a = table.evaluate({"fødselsdato": "1950-01-01", "afgørelsesdato": "2010-01-01"}, ["alder_i_år"])["alder_i_år"]
    assert (None, ()) == (a.value, a.missing)
    assert a.silent


def test_a_loaded_spec_is_safe_to_share_between_threads(spec):
    from concurrent.futures import ThreadPoolExecutor

    cases = [{"fødselsdato": f"19{50 + i % 30}-0{1 + i % 9}-1{i % 10}", "afgørelsesdato": "2024-06-01",
              "vurderet_timetal": i % 37, "vurderet_arbejdsintensitet": i % 100} for i in range(200)]
    questions = ["folkepensionsalder", "under_folkepensionsalderen", "effektiv_arbejdstid", "ret_til_fleksjob"]

    def answer_all(case):
        answers = spec.evaluate(case, questions)
        return {q: (answers[q].value, answers[q].missing, answers[q].explanation["value"]) for q in questions}

    sequential = [answer_all(c) for c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sequential == list(pool.map(answer_all, cases))


MEDMINDRE = """
faktum »modtager«: sandhedsværdi
faktum »dømt«: sandhedsværdi
regel »afprøvning«
  hjemmel: LAB § 116, stk. 3
  er opfyldt, når »modtager«, men kravet bortfalder, når »dømt«
regel »ret til tilskud«
  hjemmel: LAB § 2
  er opfyldt, når »modtager«, men ikke når »dømt«
regel »liste«
  hjemmel: LAB § 116, stk. 1
  er opfyldt, når alle af følgende:
    - »modtager«, medmindre »dømt«
"""


@pytest.mark.parametrize("modtager, dømt", [(True, True), (True, False), (False, True), (False, False)])
def test_medmindre_two_readings_spelled_out(modtager, dømt):
    """§ 116, stk. 3 (»Dette gælder dog ikke«): the requirement lapses — A eller B. »Ret til tilskud,
    medmindre dømt«: the rule does not apply — A og ikke B. In a list of requirements, `medmindre` waives."""
    spec = spec_of(MEDMINDRE)
    answers = spec.evaluate({"modtager": modtager, "dømt": dømt}, ["afprøvning", "ret_til_tilskud", "liste"])
    assert answers["afprøvning"].value is (modtager or dømt)
    assert answers["ret_til_tilskud"].value is (modtager and not dømt)
    assert answers["liste"].value is (modtager or dømt)


def test_medmindre_outside_a_list_of_requirements_is_ambiguous():
    assert "LK311" in codes("faktum »a«: sandhedsværdi\nfaktum »b«: sandhedsværdi\n"
                            "regel »r«\n  hjemmel: LAB § 1\n  er opfyldt, når »a«, medmindre »b«\n")
    assert "LK311" in codes("faktum »a«: sandhedsværdi\nfaktum »b«: sandhedsværdi\n"
                            "regel »r«\n  hjemmel: LAB § 1\n  er opfyldt, når mindst én af følgende:\n"
                            "    - »a«, medmindre »b«\n    - »b«\n")


PHRASES = """
faktum »fødselsdato«: dato
faktum »dag«: dato
faktum »løn«: beløb
regel »fyldt 40«
  hjemmel: LAB § 120, stk. 2
  er opfyldt, når der er mindst 40 år fra »fødselsdato« til »afgørelsesdato«
regel »mere end 6 år til«
  hjemmel: LAB § 119, stk. 1
  er opfyldt, når »afgørelsesdato« er mere end 6 år før »dag«
regel »højst 2 år efter«
  hjemmel: LAB § 1
  er opfyldt, når »afgørelsesdato« er højst 2 år efter »dag«
regel »over knækpunktet«: beløb
  hjemmel: LAB § 123, stk. 2, 2. pkt.
  er den del af »løn«, der overstiger 16.323 kr.
"""


@pytest.mark.parametrize("født, fyldt", [("1984-06-01", True), ("1984-06-02", False), ("1984-02-29", True)])
def test_fyldt_40_aar_paa_dagen(født, fyldt):
    spec = spec_of(PHRASES)
    assert spec.evaluate({"fødselsdato": født, "afgørelsesdato": "2024-06-01"}, ["fyldt_40"])["fyldt_40"].value is fyldt


@pytest.mark.parametrize("dag, mere", [("2030-06-02", True), ("2030-06-01", False)])
def test_mere_end_6_aar_til_en_dag(dag, mere):
    spec = spec_of(PHRASES)
    answer = spec.evaluate({"afgørelsesdato": "2024-06-01", "dag": dag}, ["mere_end_6_år_til"])
    assert answer["mere_end_6_år_til"].value is mere


def test_hoejst_2_aar_efter_and_den_del_der_overstiger():
    spec = spec_of(PHRASES)
    answers = spec.evaluate({"afgørelsesdato": "2026-06-01", "dag": "2024-06-01", "løn": 10000},
                            ["højst_2_år_efter", "over_knækpunktet"])
    assert answers["højst_2_år_efter"].value is True
    assert answers["over_knækpunktet"].value == 0
    assert spec.evaluate({"løn": 20000}, ["over_knækpunktet"])["over_knækpunktet"].value == 3677


def test_a_fact_with_an_id_is_referred_to_by_the_name_it_is_written_with():
    """`id:` fixes the machine identifier (the contract's key); the spec still writes »the name«."""
    spec = spec_of("""
faktum »modtager ydelse«: sandhedsværdi
  id: modtager
regel »r«
  hjemmel: LAB § 1
  er opfyldt, når »modtager ydelse«
eksempel "ved sit navn"
  givet: »modtager ydelse«: ja
  så: »r«: ja
""")
    assert spec.evaluate({"modtager": True}, ["r"])["r"].value is True
    assert [True] == [r.passed for r in spec.run_examples()]
    assert "modtager" in spec.facts and "modtager_ydelse" not in spec.facts


def test_an_inline_medmindre_can_carry_its_own_hjemmel():
    """§ 116, stk. 3: the exception is 2. pkt.; its hjemmel stands under the bullet and in the reasons."""
    spec = spec_of("""
faktum »afprøvet«: sandhedsværdi
faktum »formålsløst«: sandhedsværdi
regel »krav«
  hjemmel: LAB § 116, stk. 3
  er opfyldt, når alle af følgende:
    - »afprøvet«, medmindre »formålsløst«
      hjemmel: LAB § 116, stk. 3, 2. pkt.
""")
    answer = spec.evaluate({"afprøvet": False, "formålsløst": True}, ["krav"])["krav"]
    assert answer.value is True
    assert "§ 116, stk. 3, 2. pkt." in answer.begrundelse()
    assert "LK413" in codes("faktum »a«: sandhedsværdi\nregel »r«\n  hjemmel: LAB § 1\n"
                            "  er opfyldt, når alle af følgende:\n    - »a«\n      hjemmel: LAB § 2\n")
