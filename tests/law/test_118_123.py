"""Lovens §§ 118–123 og legalitetsvurderingen, læst som loven.

Én test pr. bestemmelse, der er kodet i spec/118-sagsbehandling.md, spec/119-fastholdelsesfleksjob.md,
spec/120-121-varighed-og-opfoelgning.md, spec/121-122-konkret-fleksjob.md,
spec/123-fleksloentilskud.md og spec/legalitetsvurdering.md. Testene bruger kun den offentlige
Python-API (``lovkode.load`` og ``Spec.evaluate``), ligesom et sagssystem ville.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import lovkode


@pytest.fixture(scope="module")
def spec():
    return lovkode.load()


def svar(spec, fakta, spørgsmål):
    """Svaret på ét spørgsmål: (værdi, mangler)."""
    resultat = spec.evaluate(fakta, questions=[spørgsmål])[spørgsmål]
    return resultat.value, resultat.missing


from tests.law.fakta import FULDT_OPLYST as RET_TIL_FLEKSJOB  # every condition of § 116 met

SAGSBEHANDLING_I_ORDEN = {
    "afgørelsesdato": "2024-06-01",
    "forelagt_rehabiliteringsteamet": True,
    "forberedende_del_udfyldt": True,
    "indstilling_angiver_vægtede_forhold": True,
    "indstilling_begrunder_afklaring": True,
    "indstilling_angiver_jobfunktioner": True,
}


# --- § 118 og rehabiliteringsteamet ---------------------------------------------------------


def test_org_lov_9_og_bek_9_stk_1_indstillingen_skal_have_alle_tre_dele(spec):
    fakta = {**SAGSBEHANDLING_I_ORDEN, "aktuelt_meget_begrænset_arbejdsevne": False}
    assert svar(spec, fakta, "sagsbehandlingskrav_opfyldt") == (True, ())
    fakta["indstilling_angiver_jobfunktioner"] = False
    assert svar(spec, fakta, "sagsbehandlingskrav_opfyldt") == (False, ())


def test_org_lov_9_sagen_skal_forelaegges_rehabiliteringsteamet(spec):
    fakta = {"afgørelsesdato": "2024-06-01", "forelagt_rehabiliteringsteamet": False}
    assert svar(spec, fakta, "sagsbehandlingskrav_opfyldt") == (False, ())


@pytest.mark.parametrize("dato", ["2012-12-31", "2026-07-01", "2027-03-01"])
def test_118_kilderne_er_tavse_foer_2013_og_fra_1_juli_2026(spec, dato):
    """Før reformen 1. januar 2013 og efter lov nr. 1750/2025 kan sagsbehandlingen ikke vurderes."""
    fakta = {"afgørelsesdato": dato, "forelagt_rehabiliteringsteamet": False}
    svaret = spec.evaluate(fakta, questions=["sagsbehandlingskrav_opfyldt", "visitationsgrundlag_dokumenteret"])
    for navn in ("sagsbehandlingskrav_opfyldt", "visitationsgrundlag_dokumenteret"):
        assert (svaret[navn].value, svaret[navn].missing) == (None, ())
        assert svaret[navn].silent and svaret[navn].silent[0].reason


@pytest.mark.parametrize("dato, ventet", [("2012-12-31", None), ("2013-01-01", False), ("2026-06-30", False),
                                          ("2026-07-01", None)])
def test_118_dagene_omkring_graenserne(spec, dato, ventet):
    fakta = {"afgørelsesdato": dato, "forelagt_rehabiliteringsteamet": False}
    assert svar(spec, fakta, "sagsbehandlingskrav_opfyldt") == (ventet, ())


def test_118_uden_afgoerelsesdato_er_versionerne_uenige(spec):
    assert svar(spec, {"forelagt_rehabiliteringsteamet": False}, "sagsbehandlingskrav_opfyldt") == (
        None, ("afgørelsesdato",))


def test_bek_9_stk_2_tavs_2013_til_2019(spec):
    """BEK § 9, stk. 2 gælder med sikkerhed fra 1. januar 2020; før afgør kilderne det ikke."""
    fakta = {**SAGSBEHANDLING_I_ORDEN, "aktuelt_meget_begrænset_arbejdsevne": True,
             "udviklingsvurdering_fremgår_af_sagen": True, "indstilling_begrunder_udvikling": False}
    assert svar(spec, {**fakta, "afgørelsesdato": "2019-12-31"}, "sagsbehandlingskrav_opfyldt") == (None, ())
    assert svar(spec, {**fakta, "afgørelsesdato": "2020-01-01"}, "sagsbehandlingskrav_opfyldt") == (False, ())
    # Tavs del og manglende fakta: kun de manglende fakta står som manglende, for de kan gøre svaret nej.
    uden_team = {k: v for k, v in fakta.items() if k != "forelagt_rehabiliteringsteamet"}
    assert svar(spec, {**uden_team, "afgørelsesdato": "2018-03-01"}, "sagsbehandlingskrav_opfyldt") == (
        None, ("forelagt_rehabiliteringsteamet",))


def test_bek_9_stk_2_lille_fleksjob_kraever_begrundet_udvikling(spec):
    fakta = {
        **SAGSBEHANDLING_I_ORDEN,
        "aktuelt_meget_begrænset_arbejdsevne": True,
        "udviklingsvurdering_fremgår_af_sagen": False,
        "indstilling_begrunder_udvikling": True,
    }
    assert svar(spec, fakta, "sagsbehandlingskrav_opfyldt") == (False, ())
    fakta["udviklingsvurdering_fremgår_af_sagen"] = True
    assert svar(spec, fakta, "sagsbehandlingskrav_opfyldt") == (True, ())


def test_bek_9_stk_2_ukendt_om_arbejdsevnen_er_meget_begraenset(spec):
    fakta = {**SAGSBEHANDLING_I_ORDEN, "udviklingsvurdering_fremgår_af_sagen": False}
    assert svar(spec, fakta, "sagsbehandlingskrav_opfyldt") == (None, ("aktuelt_meget_begrænset_arbejdsevne",))


def test_118_stk_2_dokumentation_for_visitationen(spec):
    fakta = {
        **RET_TIL_FLEKSJOB,
        **SAGSBEHANDLING_I_ORDEN,
        "fleksjob_på_hidtidig_arbejdsplads": False,
    }
    assert svar(spec, fakta, "visitationsgrundlag_dokumenteret") == (True, ())
    fakta["relevante_tilbud_afprøvet"] = False
    assert svar(spec, fakta, "visitationsgrundlag_dokumenteret") == (False, ())


# --- § 119 ------------------------------------------------------------------------------------


FASTHOLDELSE = {
    "afgørelsesdato": "2024-03-01",
    "fødselsdato": "1975-01-01",
    "fleksjob_på_hidtidig_arbejdsplads": True,
    "ansat_12_måneder_under_sociale_kapitler": True,
    "skriftlig_aftale_om_funktioner_og_skånehensyn": True,
    "reelt_forsøg_på_ustøttet_job_dokumenteret": True,
}


def test_119_stk_1_og_2_tolv_maaneder_dokumenteret(spec):
    assert svar(spec, FASTHOLDELSE, "krav_om_fastholdelse_opfyldt") == (True, ())


def test_119_stk_1_gaelder_kun_den_hidtidige_arbejdsplads(spec):
    assert svar(spec, {"fleksjob_på_hidtidig_arbejdsplads": False}, "krav_om_fastholdelse_opfyldt") == (True, ())


def test_119_stk_2_aftalen_skal_vaere_skriftlig(spec):
    fakta = {**FASTHOLDELSE, "skriftlig_aftale_om_funktioner_og_skånehensyn": False, "akut_opstået_skade_eller_sygdom": False}
    assert svar(spec, fakta, "krav_om_fastholdelse_opfyldt") == (False, ())


def test_119_stk_1_seniorer_fra_1_januar_2020(spec):
    senior = {
        "fødselsdato": "1956-01-01",
        "fleksjob_på_hidtidig_arbejdsplads": True,
        "ansat_12_måneder_under_sociale_kapitler": False,
        "akut_opstået_skade_eller_sygdom": False,
    }
    # Før lov nr. 1556/2019 gjaldt kravet for alle.
    assert svar(spec, {**senior, "afgørelsesdato": "2019-06-01"}, "krav_om_fastholdelse_opfyldt") == (False, ())
    # Fra 1. januar 2020 kun med mere end 6 år til folkepensionsalderen.
    assert svar(spec, {**senior, "afgørelsesdato": "2020-06-01"}, "krav_om_fastholdelse_opfyldt") == (True, ())
    # Uden afgørelsesdato er versionerne uenige.
    assert svar(spec, senior, "krav_om_fastholdelse_opfyldt") == (None, ("afgørelsesdato",))


def test_119_stk_3_akut_skade_og_aabenbart_formaalsloest(spec):
    fakta = {
        **FASTHOLDELSE,
        "ansat_12_måneder_under_sociale_kapitler": False,
        "akut_opstået_skade_eller_sygdom": True,
        "sociale_kapitler_åbenbart_formålsløst": True,
    }
    assert svar(spec, fakta, "krav_om_fastholdelse_opfyldt") == (True, ())
    fakta["sociale_kapitler_åbenbart_formålsløst"] = False
    assert svar(spec, fakta, "krav_om_fastholdelse_opfyldt") == (False, ())
    del fakta["sociale_kapitler_åbenbart_formålsløst"]
    assert svar(spec, fakta, "krav_om_fastholdelse_opfyldt") == (None, ("sociale_kapitler_åbenbart_formålsløst",))


# --- §§ 120–121 -------------------------------------------------------------------------------


def test_120_stk_1_foerste_bevilling_er_for_5_aar(spec):
    assert svar(spec, {"efter_det_første_fleksjob": False}, "fleksjob_kan_bevilges_permanent") == (False, ())


def test_120_stk_2_permanent_fleksjob_fra_40_aar(spec):
    fakta = {**RET_TIL_FLEKSJOB, "efter_det_første_fleksjob": True, "overgang_til_ordinært_arbejdsmarked_mulig": False}
    assert svar(spec, fakta, "fleksjob_kan_bevilges_permanent") == (True, ())
    under_40 = {**fakta, "fødselsdato": "1985-01-01"}
    assert svar(spec, under_40, "fleksjob_kan_bevilges_permanent") == (False, ())


def test_121_stk_1_opfoelgning_efter_2_halvt_aar(spec):
    assert svar(spec, {"første_dag_i_fleksjobbet": "2024-11-01"}, "dato_for_opfølgning") == (
        datetime.date(2027, 5, 1),
        (),
    )
    assert svar(spec, {"første_dag_i_fleksjobbet": "2024-08-31"}, "dato_for_opfølgning") == (
        datetime.date(2027, 2, 28),
        (),
    )
    assert svar(spec, {"dato_for_seneste_opfølgning": "2027-05-15"}, "dato_for_næste_opfølgning") == (
        datetime.date(2029, 11, 15),
        (),
    )


def test_121_stk_3_status_efter_4_halvt_aar_kun_for_5_aarige_fleksjob(spec):
    fakta = {"første_dag_i_fleksjobbet": "2024-11-01", "fleksjob_bevilget_permanent": False}
    assert svar(spec, fakta, "status_skal_udarbejdes") == (True, ())
    assert svar(spec, fakta, "dato_for_status") == (datetime.date(2029, 5, 1), ())
    assert svar(spec, {**fakta, "fleksjob_bevilget_permanent": True}, "status_skal_udarbejdes") == (False, ())


# --- §§ 121–122 -------------------------------------------------------------------------------


def test_122_stk_2_effektiv_arbejdstid_25_timer_med_50_procent(spec):
    fakta = {"vurderet_timetal": 25, "vurderet_arbejdsintensitet": 50, "aftalt_timetal": 25, "aftalt_arbejdsintensitet": 50}
    assert svar(spec, fakta, "effektiv_arbejdstid") == (Decimal("12.5"), ())
    assert svar(spec, fakta, "effektiv_arbejdstid_i_jobbet") == (Decimal("12.5"), ())


def test_122_stk_2_intensiteten_skal_vaere_vurderet(spec):
    assert svar(spec, {"vurderet_timetal": 20}, "effektiv_arbejdstid") == (None, ("vurderet_arbejdsintensitet",))


def test_121_stk_1_godkendelse_af_det_konkrete_fleksjob(spec):
    fakta = {
        "arbejdsevnevurdering_foretaget": True,
        "arbejdsopgaver_undersøgt": True,
        "skånebehov_tilgodeset": True,
        "arbejdsgiver_med_lønudbetaling": True,
    }
    assert svar(spec, fakta, "godkendelse_af_konkret_fleksjob") == (True, ())
    del fakta["skånebehov_tilgodeset"]
    assert svar(spec, fakta, "godkendelse_af_konkret_fleksjob") == (None, ("skånebehov_tilgodeset",))
    fakta["arbejdsgiver_med_lønudbetaling"] = False
    assert svar(spec, fakta, "godkendelse_af_konkret_fleksjob") == (False, ())


# --- § 123 ------------------------------------------------------------------------------------


MARTS_2024 = {
    "beregningsmåned": "2024-03-01",
    "dagpengenes_højeste_beløb_pr_måned": 20000,
    "månedlig_lønindtægt": 10000,
    "lønloft": 40000,
}


def test_123_stk_1_og_2_under_knaekpunktet(spec):
    assert svar(spec, MARTS_2024, "fleksløntilskud") == (Decimal("16600"), ())
    assert svar(spec, MARTS_2024, "knækpunkt") == (Decimal("16323"), ())


def test_123_stk_2_over_knaekpunktet_55_procent(spec):
    # 19.600 − (0,30 × 16.323 + 0,55 × 3.677) = 12.680,75 → 12.681 kr.
    assert svar(spec, {**MARTS_2024, "månedlig_lønindtægt": 20000}, "fleksløntilskud") == (Decimal("12681"), ())


def test_123_stk_3_loenloftet(spec):
    assert svar(spec, {**MARTS_2024, "lønloft": 25000}, "fleksløntilskud") == (Decimal("15000"), ())


def test_123_tilskuddet_bliver_aldrig_negativt(spec):
    fakta = {**MARTS_2024, "månedlig_lønindtægt": 50000, "lønloft": 60000}
    assert svar(spec, fakta, "fleksløntilskud") == (Decimal("0"), ())


def test_bek_227_2024_2_stk_1_afrunding_50_oere_op(spec):
    assert svar(spec, {**MARTS_2024, "månedlig_lønindtægt": 5005}, "fleksløntilskud") == (Decimal("18099"), ())
    assert svar(spec, {**MARTS_2024, "månedlig_lønindtægt": 5006}, "fleksløntilskud") == (Decimal("18098"), ())


def test_bek_227_2024_3_stk_2_knaekpunktet_kendes_fra_1_januar_i_aaret(spec):
    assert svar(spec, {"beregningsmåned": "2014-02-01"}, "knækpunkt") == (Decimal("13446"), ())
    assert svar(spec, {"beregningsmåned": "2021-01-15"}, "knækpunkt") == (Decimal("15264"), ())


@pytest.mark.parametrize("maaned", ["2012-12-31", "2015-06-01", "2016-06-01", "2018-06-01", "2027-01-01"])
def test_123_stk_2_kilderne_er_tavse(spec, maaned):
    assert svar(spec, {"beregningsmåned": maaned}, "knækpunkt") == (None, ())
    assert svar(spec, {**MARTS_2024, "beregningsmåned": maaned}, "fleksløntilskud") == (None, ())
    # Et tavst knækpunkt kan ingen oplysning rette: det manglende lønloft står ikke som manglende.
    uden_loft = {k: v for k, v in MARTS_2024.items() if k != "lønloft"}
    assert svar(spec, {**uden_loft, "beregningsmåned": maaned}, "fleksløntilskud") == (None, ())


@pytest.mark.parametrize("maaned, knaek", [("2020-01-01", "14965"), ("2021-06-01", "15264"), ("2022-06-01", "15401"),
                                           ("2023-06-01", "15817"), ("2024-06-01", "16323"), ("2025-03-01", "16911"),
                                           ("2026-01-01", "17672"), ("2026-12-31", "17672")])
def test_189_a_knaekpunktet_reguleres_fra_2020(spec, maaned, knaek):
    """§ 189 a: 1,7 % + tilpasningsprocenten, hvert år afrundet; kæden rammer hvert angivet niveau."""
    assert svar(spec, {"beregningsmåned": maaned}, "knækpunkt") == (Decimal(knaek), ())


def test_189_a_begrundelsen_viser_kaeden(spec):
    svaret = spec.evaluate({"beregningsmåned": "2026-03-01"}, questions=["knækpunkt"])["knækpunkt"]
    tekst = svaret.begrundelse()
    assert "16.323 kr. i 2024-niveau" in tekst
    assert ("16.911 kr. for 2025 = 16.323 kr. reguleret med 3,6 % (1,7 % + tilpasningsprocent 1,9 % for 2025, "
            "BEK nr. 983 af 20. august 2024 § 2)") in tekst
    assert "17.672 kr. for 2026 = 16.911 kr. reguleret med 4,5 %" in tekst


def test_123_uden_beregningsmaaned(spec):
    assert svar(spec, {}, "knækpunkt") == (None, ("beregningsmåned",))


# --- Legalitetsvurderingen --------------------------------------------------------------------


def test_legalitetsvurdering_i_overensstemmelse(spec):
    fakta = {**RET_TIL_FLEKSJOB, **SAGSBEHANDLING_I_ORDEN, "kommunens_afgørelse": "bevilget"}
    assert svar(spec, fakta, "legalitetsvurdering") == ("i_overensstemmelse", ())


def test_legalitetsvurdering_aendres_ved_forkert_afslag(spec):
    fakta = {**RET_TIL_FLEKSJOB, "kommunens_afgørelse": "afslag"}
    assert svar(spec, fakta, "legalitetsvurdering") == ("ændres", ())


def test_legalitetsvurdering_hjemvises_ved_uoplyst_sag(spec):
    fakta = {"afgørelsesdato": "2024-06-01", "fødselsdato": "1965-03-10", "kommunens_afgørelse": "bevilget"}
    assert svar(spec, fakta, "legalitetsvurdering") == ("hjemvises", ())


def test_legalitetsvurdering_hjemvises_naar_sagsbehandlingen_ikke_er_paavist(spec):
    fakta = {**RET_TIL_FLEKSJOB, "kommunens_afgørelse": "bevilget"}
    assert svar(spec, fakta, "legalitetsvurdering") == ("hjemvises", ())
    fakta["forelagt_rehabiliteringsteamet"] = False
    assert svar(spec, fakta, "legalitetsvurdering") == ("hjemvises", ())


def test_legalitetsvurdering_ukendt_kun_naar_kommunens_afgoerelse_betyder_noget(spec):
    fakta = {**RET_TIL_FLEKSJOB, **SAGSBEHANDLING_I_ORDEN}
    assert svar(spec, fakta, "legalitetsvurdering") == (None, ("kommunens_afgørelse",))
