"""§ 116 i lov om en aktiv beskæftigelsesindsats og folkepensionsalderen (lov om social pension § 1 a).

Én test pr. bestemmelse og pr. principafgørelse, skrevet så den kan læses ved siden af loven.
Testene bruger kun den offentlige Python-API: ``lovkode.load()`` og ``spec.evaluate(...)``.
"""
from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

import lovkode

from tests.law.fakta import FULDT_OPLYST, SEKS_HENSYN_IMOD

SAGER = Path(__file__).resolve().parents[3] / "shared" / "sager"


@pytest.fixture(scope="module")
def spec():
    return lovkode.load()


def sag(**ændringer):
    """FULDT_OPLYST med ændringer; værdien None betyder, at oplysningen ikke er i sagen."""
    fakta = {**FULDT_OPLYST, **ændringer}
    return {k: v for k, v in fakta.items() if v is not None}


def svar(spec, fakta, spørgsmål):
    """(værdi, mangler) for ét spørgsmål."""
    a = spec.evaluate(fakta, questions=[spørgsmål])[spørgsmål]
    return a.value, a.missing


# --- § 116, stk. 1: målgruppen -------------------------------------------------------------------


def test_116_stk1_alle_betingelser_opfyldt_giver_ret_til_fleksjob(spec):
    assert (True, ()) == svar(spec, sag(), "målgruppe_for_fleksjob")
    assert (True, ()) == svar(spec, sag(), "ret_til_fleksjob")


def test_116_stk1_den_der_kan_arbejde_paa_normale_vilkaar_er_ikke_i_maalgruppen(spec):
    assert (False, ()) == svar(spec, {"kan_arbejde_på_ordinære_vilkår": True}, "målgruppe_for_fleksjob")


def test_116_stk1_normale_vilkaar_omfatter_de_sociale_kapitler(spec):
    assert (False, ()) == svar(spec, {"kan_ansættes_efter_sociale_kapitler": True}, "målgruppe_for_fleksjob")


def test_116_stk1_foertidspension_udelukker_medmindre_den_goeres_hvilende(spec):
    assert (False, ()) == svar(
        spec, sag(modtager_førtidspension=True, førtidspension_gøres_hvilende=False), "målgruppe_for_fleksjob"
    )
    assert (True, ()) == svar(
        spec, sag(modtager_førtidspension=True, førtidspension_gøres_hvilende=True), "målgruppe_for_fleksjob"
    )
    assert (None, ("førtidspension_gøres_hvilende",)) == svar(
        spec, sag(modtager_førtidspension=True), "målgruppe_for_fleksjob"
    )


def test_116_stk1_hvilende_pension_er_ligegyldig_uden_foertidspension(spec):
    assert (True, ()) == svar(spec, sag(modtager_førtidspension=False), "målgruppe_for_fleksjob")
    assert (None, ("førtidspension_gøres_hvilende", "modtager_førtidspension")) == svar(
        spec, sag(modtager_førtidspension=None), "målgruppe_for_fleksjob"
    )


def test_116_stk1_seniorpension_er_en_betingelse_fra_1_januar_2020(spec):
    """Lov nr. 1559 af 27. december 2019."""
    før = sag(afgørelsesdato="2019-12-31", modtager_seniorpension=True)
    fra = sag(afgørelsesdato="2020-01-01", modtager_seniorpension=True)
    assert (True, ()) == svar(spec, før, "betingelsen_om_seniorpension")
    assert (False, ()) == svar(spec, fra, "betingelsen_om_seniorpension")
    assert (False, ()) == svar(spec, fra, "målgruppe_for_fleksjob")


def test_116_stk1_seniorpension_ukendt_betyder_kun_noget_fra_2020(spec):
    assert (True, ()) == svar(spec, {"afgørelsesdato": "2019-12-31"}, "betingelsen_om_seniorpension")
    assert (None, ("modtager_seniorpension",)) == svar(
        spec, {"afgørelsesdato": "2020-01-01"}, "betingelsen_om_seniorpension"
    )
    assert (True, ()) == svar(spec, {"modtager_seniorpension": False}, "betingelsen_om_seniorpension")
    assert (None, ("afgørelsesdato",)) == svar(spec, {"modtager_seniorpension": True}, "betingelsen_om_seniorpension")


def test_116_stk1_tidlig_pension_er_en_betingelse_fra_1_januar_2021(spec):
    """Lov nr. 2202 af 29. december 2020 (ikrafttræden efter sekundær kilde)."""
    før = sag(afgørelsesdato="2020-12-31", har_udnyttet_ret_til_tidlig_pension=True)
    fra = sag(afgørelsesdato="2021-01-01", har_udnyttet_ret_til_tidlig_pension=True)
    assert (True, ()) == svar(spec, før, "betingelsen_om_tidlig_pension")
    assert (False, ()) == svar(spec, fra, "betingelsen_om_tidlig_pension")
    assert (False, ()) == svar(spec, fra, "målgruppe_for_fleksjob")
    assert (None, ("har_udnyttet_ret_til_tidlig_pension",)) == svar(
        spec, {"afgørelsesdato": "2021-01-01"}, "betingelsen_om_tidlig_pension"
    )


def test_116_stk1_eller_laeses_som_og(spec):
    """»… ikke har udnyttet sin ret til tidlig pension … eller som er under folkepensionsalderen«."""
    over_folkepensionsalderen = sag(fødselsdato="1950-05-10", har_udnyttet_ret_til_tidlig_pension=False)
    assert (False, ()) == svar(spec, over_folkepensionsalderen, "målgruppe_for_fleksjob")
    har_udnyttet_tidlig_pension = sag(fødselsdato="1960-08-01", har_udnyttet_ret_til_tidlig_pension=True)
    assert (True, ()) == svar(spec, har_udnyttet_tidlig_pension, "under_folkepensionsalderen")
    assert (False, ()) == svar(spec, har_udnyttet_tidlig_pension, "målgruppe_for_fleksjob")


def test_116_stk1_2_pkt_nedsaettelsen_skal_vaere_dokumenteret(spec):
    fakta = sag(nedsættelse_dokumenteret=False)
    assert (False, ()) == svar(spec, fakta, "varig_og_væsentlig_nedsættelse")
    assert (False, ()) == svar(spec, fakta, "målgruppe_for_fleksjob")


def test_116_stk1_2_pkt_nedsaettelsen_skal_vaere_varig(spec):
    assert (False, ()) == svar(spec, sag(arbejdsevne_varigt_nedsat=False), "varig_og_væsentlig_nedsættelse")


@pytest.mark.parametrize("hensyn", SEKS_HENSYN_IMOD)
def test_116_stk1_2_pkt_hvert_hensyn_imod_kraever_afvejning(spec, hensyn):
    assert (True, ()) == svar(
        spec, sag(**{hensyn: True, "modsatrettede_oplysninger_vurderet": True}), "varig_og_væsentlig_nedsættelse"
    )
    assert (False, ()) == svar(
        spec, sag(**{hensyn: True, "modsatrettede_oplysninger_vurderet": False}), "varig_og_væsentlig_nedsættelse"
    )
    assert (None, ("modsatrettede_oplysninger_vurderet",)) == svar(
        spec, sag(**{hensyn: True}), "varig_og_væsentlig_nedsættelse"
    )


def test_116_stk1_2_pkt_uden_hensyn_imod_kraeves_ingen_afvejning(spec):
    assert (True, ()) == svar(spec, sag(modsatrettede_oplysninger_vurderet=False), "varig_og_væsentlig_nedsættelse")


def test_116_stk1_2_pkt_ukendt_hensyn_og_manglende_afvejning_mangler_begge(spec):
    fakta = sag(ressourcer_til_omfattende_fritidsinteresser=None)
    assert (None, ("modsatrettede_oplysninger_vurderet", "ressourcer_til_omfattende_fritidsinteresser")) == svar(
        spec, fakta, "varig_og_væsentlig_nedsættelse"
    )
    assert (True, ()) == svar(
        spec, {**fakta, "modsatrettede_oplysninger_vurderet": True}, "varig_og_væsentlig_nedsættelse"
    )


def test_116_en_ukendt_betingelse_siger_hvad_der_mangler(spec):
    fakta = sag(arbejdsevne_varigt_nedsat=None)
    assert (None, ("arbejdsevne_varigt_nedsat",)) == svar(spec, fakta, "målgruppe_for_fleksjob")
    assert (None, ("arbejdsevne_varigt_nedsat",)) == svar(spec, fakta, "ret_til_fleksjob")


def test_principafgoerelse_150_11(spec):
    """Ikke væsentligt nedsat trods 12-18 effektive timer: ressourcer og fritidsinteresser."""
    ankestyrelsen = {
        "arbejdsevne_væsentligt_nedsat": False,
        "begrænset_funktionsnedsættelse_og_gode_ressourcer": True,
        "ressourcer_til_omfattende_fritidsinteresser": True,
    }
    assert (False, ()) == svar(spec, ankestyrelsen, "varig_og_væsentlig_nedsættelse")
    assert (False, ()) == svar(spec, ankestyrelsen, "ret_til_fleksjob")
    kommune_uden_afvejning = sag(
        begrænset_funktionsnedsættelse_og_gode_ressourcer=True,
        ressourcer_til_omfattende_fritidsinteresser=True,
        modsatrettede_oplysninger_vurderet=False,
    )
    assert (False, ()) == svar(spec, kommune_uden_afvejning, "varig_og_væsentlig_nedsættelse")


def test_principafgoerelse_N_11_06(spec):
    """Arbejdsevnen vurderes på timer og effektivitet; stærkt nedsat arbejdshastighed, dokumenteret."""
    assert (True, ()) == svar(spec, sag(), "varig_og_væsentlig_nedsættelse")


def test_principafgoerelse_N_14_06(spec):
    """Ikke væsentligt nedsat; de sociale kapitler skal være undersøgt."""
    assert (False, ()) == svar(spec, {"arbejdsevne_væsentligt_nedsat": False}, "ret_til_fleksjob")
    assert (None, ("kan_ansættes_efter_sociale_kapitler",)) == svar(
        spec, sag(kan_ansættes_efter_sociale_kapitler=None), "målgruppe_for_fleksjob"
    )


# --- § 116, stk. 2: aktuelt meget begrænset arbejdsevne -------------------------------------------


def test_116_stk2_kraever_udviklingsperspektiv_ved_meget_begraenset_arbejdsevne(spec):
    q = "krav_om_udviklingsmulighed_opfyldt"
    assert (True, ()) == svar(spec, {"aktuelt_meget_begrænset_arbejdsevne": False}, q)
    udvikles = "arbejdsevnen_kan_udvikles_inden_for_rimelig_periode"
    assert (True, ()) == svar(spec, {"aktuelt_meget_begrænset_arbejdsevne": True, udvikles: True}, q)
    assert (False, ()) == svar(spec, {"aktuelt_meget_begrænset_arbejdsevne": True, udvikles: False}, q)


def test_116_stk2_er_tre_vaerdi(spec):
    q = "krav_om_udviklingsmulighed_opfyldt"
    udvikles = "arbejdsevnen_kan_udvikles_inden_for_rimelig_periode"
    assert (True, ()) == svar(spec, {udvikles: True}, q)
    assert (None, ("aktuelt_meget_begrænset_arbejdsevne",)) == svar(spec, {udvikles: False}, q)
    assert (None, ("aktuelt_meget_begrænset_arbejdsevne", udvikles)) == svar(spec, {}, q)


def test_116_stk2_meget_begraenset_uden_udvikling_giver_ikke_ret(spec):
    fakta = sag(aktuelt_meget_begrænset_arbejdsevne=True, arbejdsevnen_kan_udvikles_inden_for_rimelig_periode=False)
    assert (True, ()) == svar(spec, fakta, "målgruppe_for_fleksjob")
    assert (False, ()) == svar(spec, fakta, "ret_til_fleksjob")


def test_principafgoerelse_25_14(spec):
    """Meget begrænset arbejdsevne, som kan udvikles inden for rimelig tid: grundlag for fleksjob."""
    fakta = sag(aktuelt_meget_begrænset_arbejdsevne=True, arbejdsevnen_kan_udvikles_inden_for_rimelig_periode=True)
    assert (True, ()) == svar(spec, fakta, "ret_til_fleksjob")


def test_principafgoerelse_12_19(spec):
    """Ca. 7,5 effektive timer er meget begrænset: udviklingsperspektivet afgør sagen."""
    assert (None, ("arbejdsevnen_kan_udvikles_inden_for_rimelig_periode",)) == svar(
        spec, {"aktuelt_meget_begrænset_arbejdsevne": True}, "krav_om_udviklingsmulighed_opfyldt"
    )


def test_praksisundersoegelse_2016_udviklingen_ikke_vurderet(spec):
    fakta = sag(aktuelt_meget_begrænset_arbejdsevne=True, udviklingsvurdering_fremgår_af_sagen=False)
    assert (None, ("arbejdsevnen_kan_udvikles_inden_for_rimelig_periode",)) == svar(spec, fakta, "ret_til_fleksjob")


# --- § 116, stk. 3: afprøvning ------------------------------------------------------------------


def test_116_stk3_1_pkt_relevante_tilbud_skal_vaere_afproevet(spec):
    q = "krav_om_afprøvning_opfyldt"
    assert (True, ()) == svar(spec, {"relevante_tilbud_afprøvet": True}, q)
    assert (False, ()) == svar(spec, {"relevante_tilbud_afprøvet": False, "afprøvning_åbenbart_formålsløs": False}, q)
    assert (None, ("afprøvning_åbenbart_formålsløs",)) == svar(spec, {"relevante_tilbud_afprøvet": False}, q)


def test_116_stk3_2_pkt_medmindre_det_er_aabenbart_formaalsloest(spec):
    q = "krav_om_afprøvning_opfyldt"
    assert (True, ()) == svar(spec, {"afprøvning_åbenbart_formålsløs": True}, q)
    assert (None, ("relevante_tilbud_afprøvet",)) == svar(spec, {"afprøvning_åbenbart_formålsløs": False}, q)
    assert (None, ("afprøvning_åbenbart_formålsløs", "relevante_tilbud_afprøvet")) == svar(spec, {}, q)


def test_principafgoerelse_N_8_07(spec):
    """Åbenbart formålsløst at arbejdsprøve: berettiget til fleksjob."""
    fakta = sag(
        afgørelsesdato="2007-03-01",
        fødselsdato="1970-09-01",
        modtager_seniorpension=None,
        har_udnyttet_ret_til_tidlig_pension=None,
        relevante_tilbud_afprøvet=False,
        afprøvning_åbenbart_formålsløs=True,
    )
    assert (True, ()) == svar(spec, fakta, "krav_om_afprøvning_opfyldt")
    assert (True, ()) == svar(spec, fakta, "ret_til_fleksjob")


def test_principafgoerelse_N_9_07(spec):
    """Kun afprøvet i det nuværende job: ikke alle relevante tilbud."""
    fakta = sag(relevante_tilbud_afprøvet=False, afprøvning_åbenbart_formålsløs=False)
    assert (False, ()) == svar(spec, fakta, "krav_om_afprøvning_opfyldt")
    assert (False, ()) == svar(spec, fakta, "ret_til_fleksjob")


# --- lov om social pension § 1 a: folkepensionsalderen --------------------------------------------

TRIN = [  # fødselsdato, folkepensionsalder, dagen den nås
    ("1950-05-10", Decimal("65"), "2015-05-10"),
    ("1954-03-15", Decimal("65.5"), "2019-09-15"),
    ("1954-10-01", Decimal("66"), "2020-10-01"),
    ("1955-04-20", Decimal("66.5"), "2021-10-20"),
    ("1960-08-01", Decimal("67"), "2027-08-01"),
    ("1965-03-10", Decimal("68"), "2033-03-10"),
    ("1968-07-01", Decimal("69"), "2037-07-01"),
    ("1971-05-02", Decimal("70"), "2041-05-02"),
]


@pytest.mark.parametrize(("fødselsdato", "alder", "dagen"), TRIN)
def test_social_pension_1a_trinnene_dagen_foer_og_dagen(spec, fødselsdato, alder, dagen):
    dag = datetime.date.fromisoformat(dagen)
    dagen_før = (dag - datetime.timedelta(days=1)).isoformat()
    assert (alder, ()) == svar(spec, {"afgørelsesdato": dagen, "fødselsdato": fødselsdato}, "folkepensionsalder")
    assert (True, ()) == svar(spec, {"afgørelsesdato": dagen_før, "fødselsdato": fødselsdato}, "under_folkepensionsalderen")
    assert (False, ()) == svar(spec, {"afgørelsesdato": dagen, "fødselsdato": fødselsdato}, "under_folkepensionsalderen")


@pytest.mark.parametrize(
    ("afgørelsesdato", "fødselsdato", "alder"),
    [
        ("2015-12-28", "1963-06-15", Decimal("67")),  # teksten efter lov nr. 1386/2011
        ("2015-12-29", "1963-06-15", Decimal("68")),  # lov nr. 1810/2015
        ("2015-12-28", "1971-05-02", Decimal("67")),
        ("2015-12-29", "1971-05-02", Decimal("68")),
        ("2020-12-30", "1971-05-02", Decimal("68")),
        ("2020-12-31", "1971-05-02", Decimal("69")),  # lov nr. 2203/2020
        ("2025-12-30", "1971-05-02", Decimal("69")),
        ("2025-12-31", "1971-05-02", Decimal("70")),  # lov nr. 703/2025 (sekundær kilde)
        ("2026-01-15", "1970-12-31", Decimal("69")),
        ("2026-01-15", "1971-01-01", Decimal("70")),
    ],
)
def test_social_pension_1a_aendringslovene_gaelder_fra_ikrafttraeden(spec, afgørelsesdato, fødselsdato, alder):
    assert (alder, ()) == svar(spec, {"afgørelsesdato": afgørelsesdato, "fødselsdato": fødselsdato}, "folkepensionsalder")


def test_social_pension_1a_ukendt_afgoerelsesdato(spec):
    assert (Decimal("67"), ()) == svar(spec, {"fødselsdato": "1960-08-01"}, "folkepensionsalder")
    assert (None, ("afgørelsesdato",)) == svar(spec, {"fødselsdato": "1971-05-02"}, "folkepensionsalder")
    assert (None, ("fødselsdato",)) == svar(spec, {"afgørelsesdato": "2024-06-01"}, "folkepensionsalder")


def test_alder_i_hele_aar(spec):
    assert (Decimal("66"), ()) == svar(spec, {"afgørelsesdato": "2027-07-31", "fødselsdato": "1960-08-01"}, "alder")
    assert (Decimal("67"), ()) == svar(spec, {"afgørelsesdato": "2027-08-01", "fødselsdato": "1960-08-01"}, "alder")
    assert (Decimal("61"), ()) == svar(spec, {"afgørelsesdato": "2025-02-28", "fødselsdato": "1964-02-29"}, "alder")


def test_119_stk1_mere_end_6_aar_til_folkepensionsalderen(spec):
    q = "mere_end_6_år_til_folkepensionsalderen"
    assert (True, ()) == svar(spec, {"afgørelsesdato": "2021-07-31", "fødselsdato": "1960-08-01"}, q)
    assert (False, ()) == svar(spec, {"afgørelsesdato": "2021-08-01", "fødselsdato": "1960-08-01"}, q)
    assert (None, ("afgørelsesdato",)) == svar(spec, {"fødselsdato": "1960-08-01"}, q)


# --- kontraktens eksempelsager, for de spørgsmål denne del af specifikationen svarer på ------------

MINE = {
    "alder",
    "folkepensionsalder",
    "under_folkepensionsalderen",
    "mere_end_6_år_til_folkepensionsalderen",
    "varig_og_væsentlig_nedsættelse",
    "målgruppe_for_fleksjob",
    "krav_om_udviklingsmulighed_opfyldt",
    "krav_om_afprøvning_opfyldt",
    "ret_til_fleksjob",
}


def _sager():
    if not SAGER.is_dir():
        return []
    return [
        pytest.param(json.loads(p.read_text(encoding="utf-8")), id=p.stem)
        for p in sorted(SAGER.glob("*.json"))
    ]


@pytest.mark.parametrize("tilfælde", _sager())
def test_kontraktens_sager(spec, tilfælde):
    spørgsmål = sorted(MINE & tilfælde["forventet"].keys())
    if not spørgsmål:
        pytest.skip("sagen bruger ingen af § 116-spørgsmålene")
    svarene = spec.evaluate(tilfælde["fakta"], questions=spørgsmål)
    for q in spørgsmål:
        forventet = tilfælde["forventet"][q]
        værdi = forventet["value"]
        if isinstance(værdi, (int, float)) and not isinstance(værdi, bool):
            værdi = Decimal(str(værdi))
        assert (værdi, tuple(forventet["missing"])) == (svarene[q].value, svarene[q].missing), q
