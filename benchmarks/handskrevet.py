"""Håndskrevet Python-udgave af alle kontraktens spørgsmål — målestok og uafhængigt orakel.

Hvorfor den findes:

* **Målestok.** ``benchmarks/run.py`` sammenligner fortolkerens hastighed med den hurtigste
  rimelige måde at skrive de samme regler på: almindelig Python uden sprog, parser eller spor-
  motor. For at sammenligningen er fair, danner denne udgave også en begrundelse
  (et træ af ``{"name", "value", "citation", "because"}``) for hvert svar, ligesom fortolkeren.
* **Orakel.** Den er skrevet direkte efter ``../shared/kontrakt/spoergsmaal.md`` uden at se på
  specens regler, så ``tests/conformance/test_oracle.py`` kan sammenligne fortolkeren med den på
  tilfældige, delvist oplyste sager. Uenighed betyder, at mindst én af dem tager fejl.

Semantikken er kontraktens tre-værdi-logik (Kleene): ``None`` er *ukendt*, og hvert delsvar bærer
de manglende faktums navne med sig. ``og`` er falsk, så snart én del er falsk (og intet mangler);
ellers samler et ukendt svar de ukendte deles mangler. ``eller`` tilsvarende med sand. En
betingelse (*hvis … så … ellers …*) med ukendt betingelse er kun kendt, hvis begge grene giver det
samme. Gældende ret vælges på ``afgørelsesdato`` (``beregningsmåned`` for § 123); er datoen ukendt,
er svaret kun kendt, når alle versioner giver det samme — ellers mangler datoen. Tal regnes med
``Decimal``; dato plus år/måneder lander på månedens sidste dag, hvis dagen ikke findes.

Hvor kilderne er tavse (knækpunktet i et år, de ikke dækker; sagsbehandlingskravene før 2013 og fra
1. juli 2026; BEK § 9, stk. 2 i 2013–2019), er delsvaret ukendt, og intet mangler. I ``og``/``eller``
er det et ukendt led som andre, så de øvrige leds manglende faktum står stadig i ``missing`` (de kan
gøre svaret falsk); regning med et tavst led er tavs, og intet mangler. ``legalitetsvurdering``
skelner: mangler der faktum i sagsbehandlingskravet, hjemvises bevillingen; er det kun tavst, er
vurderingen ukendt, og intet mangler.

Offentlig flade: :func:`evaluate` og :data:`SPOERGSMAAL`.
"""
from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["FAKTA", "SPOERGSMAAL", "FaktaFejl", "evaluate", "til_json"]

LAB = "lov om en aktiv beskæftigelsesindsats"
SP = "lov om social pension"

# ---------------------------------------------------------------------------------------------
# Faktakataloget: navn → (type, hjemmel). Typerne bruges kun til at læse sagen.
# ---------------------------------------------------------------------------------------------
_B = "sandhedsværdi"
FAKTA: dict[str, tuple[str, str | None]] = {
    "afgørelsesdato": ("dato", None),
    "fødselsdato": ("dato", f"{LAB} § 116, stk. 1; {SP} § 1 a"),
    "kommunens_afgørelse": ("valg", "Ankestyrelsens praksisundersøgelser"),
    "modtager_førtidspension": (_B, f"{LAB} § 116, stk. 1"),
    "førtidspension_gøres_hvilende": (_B, "vejledning om fleksjob afsnit 1.1 og 1.4"),
    "modtager_seniorpension": (_B, f"{LAB} § 116, stk. 1"),
    "har_udnyttet_ret_til_tidlig_pension": (_B, f"{LAB} § 116, stk. 1"),
    "kan_arbejde_på_ordinære_vilkår": (_B, f"{LAB} § 116, stk. 1"),
    "kan_ansættes_efter_sociale_kapitler": (_B, "vejledning om fleksjob afsnit 1.1; N-14-06"),
    "arbejdsevne_væsentligt_nedsat": (_B, f"{LAB} § 116, stk. 1"),
    "arbejdsevne_varigt_nedsat": (_B, f"{LAB} § 116, stk. 1"),
    "nedsættelse_dokumenteret": (_B, "vejledning om fleksjob afsnit 1.1"),
    "modsatrettede_oplysninger_vurderet": (_B, "vejledning om fleksjob afsnit 1.1"),
    "begrænset_funktionsnedsættelse_og_gode_ressourcer": (_B, "vejledning om fleksjob afsnit 1.1"),
    "funktionsnedsættelse_modstrider_funktionsniveau_i_hjemmet": (_B, "vejledning om fleksjob afsnit 1.1"),
    "ressourcer_til_omfattende_fritidsinteresser": (_B, "vejledning om fleksjob afsnit 1.1; 150-11"),
    "problemer_skyldes_midlertidige_forhold": (_B, "vejledning om fleksjob afsnit 1.1"),
    "problemer_vedrører_bestemt_erhvervsområde": (_B, "vejledning om fleksjob afsnit 1.1"),
    "problemer_skyldes_arbejdsmiljø": (_B, "vejledning om fleksjob afsnit 1.1"),
    "aktuelt_meget_begrænset_arbejdsevne": (_B, f"{LAB} § 116, stk. 2"),
    "arbejdsevnen_kan_udvikles_inden_for_rimelig_periode": (_B, f"{LAB} § 116, stk. 2"),
    "udviklingsvurdering_fremgår_af_sagen": (_B, "vejledning om fleksjob afsnit 1.1"),
    "relevante_tilbud_afprøvet": (_B, f"{LAB} § 116, stk. 3, 1. pkt."),
    "afprøvning_åbenbart_formålsløs": (_B, f"{LAB} § 116, stk. 3, 2. pkt."),
    "forelagt_rehabiliteringsteamet": (_B, "vejledning om fleksjob afsnit 3"),
    "forberedende_del_udfyldt": (_B, "vejledning om fleksjob afsnit 1.1 og 3.1"),
    "indstilling_angiver_vægtede_forhold": (_B, "Ankestyrelsen, rapport 2021, kapitel 2"),
    "indstilling_begrunder_afklaring": (_B, "Ankestyrelsen, rapport 2021, kapitel 2"),
    "indstilling_angiver_jobfunktioner": (_B, "Ankestyrelsen, rapport 2021, kapitel 2"),
    "indstilling_begrunder_udvikling": (_B, "Ankestyrelsen, rapport 2021, kapitel 2"),
    "arbejdsevnevurdering_foretaget": (_B, f"{LAB} § 122, stk. 2"),
    "vurderet_timetal": ("timer", f"{LAB} § 122, stk. 2"),
    "vurderet_arbejdsintensitet": ("procent", f"{LAB} § 122, stk. 2"),
    "aftalt_timetal": ("timer", "Ankestyrelsen, rapport 2021, kapitel 3"),
    "aftalt_arbejdsintensitet": ("procent", "Ankestyrelsen, rapport 2021, kapitel 3"),
    "forskel_begrundet": (_B, "Ankestyrelsen, rapport 2021, kapitel 3"),
    "arbejdsopgaver_undersøgt": (_B, f"{LAB} § 121, stk. 1"),
    "skånebehov_tilgodeset": (_B, f"{LAB} § 121, stk. 1"),
    "arbejdsgiver_med_lønudbetaling": (_B, "vejledning om fleksjob afsnit 6"),
    "progression_drøftet": (_B, "vejledning om fleksjob afsnit 6"),
    "fleksjob_på_hidtidig_arbejdsplads": (_B, f"{LAB} § 119, stk. 1"),
    "ansat_12_måneder_under_sociale_kapitler": (_B, f"{LAB} § 119, stk. 1"),
    "skriftlig_aftale_om_funktioner_og_skånehensyn": (_B, f"{LAB} § 119, stk. 2"),
    "reelt_forsøg_på_ustøttet_job_dokumenteret": (_B, f"{LAB} § 119, stk. 2"),
    "akut_opstået_skade_eller_sygdom": (_B, f"{LAB} § 119, stk. 3"),
    "sociale_kapitler_åbenbart_formålsløst": (_B, f"{LAB} § 119, stk. 3"),
    "beregningsmåned": ("dato", f"{LAB} § 123; BEK nr. 227/2024"),
    "månedlig_lønindtægt": ("beløb", "BEK nr. 227/2024 § 3, stk. 2"),
    "dagpengenes_højeste_beløb_pr_måned": ("beløb", f"{LAB} § 123, stk. 1"),
    "lønloft": ("beløb", f"{LAB} § 123, stk. 3"),
}
_VALG = {"kommunens_afgørelse": ("bevilget", "afslag")}

INDIKATORER_IMOD = (
    "begrænset_funktionsnedsættelse_og_gode_ressourcer",
    "funktionsnedsættelse_modstrider_funktionsniveau_i_hjemmet",
    "ressourcer_til_omfattende_fritidsinteresser",
    "problemer_skyldes_midlertidige_forhold",
    "problemer_vedrører_bestemt_erhvervsområde",
    "problemer_skyldes_arbejdsmiljø",
)

# ---------------------------------------------------------------------------------------------
# Satser og tabeller fra kilderne
# ---------------------------------------------------------------------------------------------
_D = _dt.date


def _fpa_2011(f: _dt.date) -> int:
    """§ 1 a efter lov nr. 1386/2011 (LBK 783/2012): alder i måneder."""
    if f < _D(1954, 1, 1):
        return 65 * 12
    if f <= _D(1954, 6, 30):
        return 65 * 12 + 6
    if f <= _D(1954, 12, 31):
        return 66 * 12
    if f <= _D(1955, 6, 30):
        return 66 * 12 + 6
    return 67 * 12


def _fpa_2015(f: _dt.date) -> int:
    """Lov nr. 1810/2015, i kraft 29.12.2015: 68 år for født efter 31.12.1962."""
    return 68 * 12 if f > _D(1962, 12, 31) else _fpa_2011(f)


def _fpa_2020(f: _dt.date) -> int:
    """Lov nr. 2203/2020, i kraft 31.12.2020: 69 år for født efter 31.12.1966."""
    return 69 * 12 if f > _D(1966, 12, 31) else _fpa_2015(f)


def _fpa_2025(f: _dt.date) -> int:
    """Lov nr. 703/2025 (sekundær kilde), i kraft 31.12.2025: 70 år for født fra 1.1.1971."""
    return 70 * 12 if f >= _D(1971, 1, 1) else _fpa_2020(f)


# (i kraft fra, tabel, hjemmel). Før første række gælder 2011-teksten (kontraktens tabel).
_FPA_VERSIONER = (
    (_D.min, _fpa_2011, f"{SP} § 1 a (lov nr. 1386/2011, LBK 783/2012)"),
    (_D(2015, 12, 29), _fpa_2015, f"{SP} § 1 a (lov nr. 1810/2015)"),
    (_D(2020, 12, 31), _fpa_2020, f"{SP} § 1 a (lov nr. 2203/2020)"),
    (_D(2025, 12, 31), _fpa_2025, f"{SP} § 1 a (lov nr. 703/2025, sekundær kilde)"),
)
SENIORPENSION_FRA = _D(2020, 1, 1)  # lov nr. 1559/2019
TIDLIG_PENSION_FRA = _D(2021, 1, 1)  # lov nr. 2202/2020
FASTHOLDELSE_6_AAR_FRA = _D(2020, 1, 1)  # lov nr. 1556/2019

# Fra 1.1.2013 findes fleksløntilskuddet (§ 123) og rehabiliteringsteamet (2012-reformen). Før den
# dag er de gamle regler (LAB §§ 69–75) ikke kodet: knækpunkt, fleksløntilskud og
# sagsbehandlingskrav er tavse (kontraktens tabel »The law in force«).
REFORM_2013 = _D(2013, 1, 1)
# BEK nr. 1609/2019 § 9, stk. 2 gælder med sikkerhed fra 1.1.2020; for 2013–2019 afgør kilderne
# det ikke (kilder/rehabiliteringsteam-og-rehabiliteringsplan.md).
BEK_9_STK_2_FRA = _D(2020, 1, 1)
# Lov nr. 1750/2025: rehabiliteringsteamet afløses i fleksjobsager; den nye ordlyd af § 118 er
# ikke i kilderne (kilder/reform-2026-og-satsregulering.md, afsnit 1.3–1.4).
REFORM_2026 = _D(2026, 7, 1)

# Knækpunktet i et års niveau, som kilderne angiver det (kilder/fleksloentilskud.md, tabellen
# »Knækpunktet over tid«; 2019-niveauet står også i LAB § 123, stk. 2). 2012-niveauet i den gamle
# lovs § 70 f er ikke med: ordningen begyndte 1.1.2013, og før det er kilderne tavse.
KNAEKPUNKT_ANGIVET: dict[int, tuple[Decimal, str]] = {
    2013: (Decimal(13208), "BEK nr. 1425 af 23.12.2012"),
    2014: (Decimal(13446), "BEK nr. 811 af 27.6.2014"),
    2017: (Decimal(14116), "BEK nr. 1182 af 3.11.2017"),
    2019: (Decimal(14686), "BEK nr. 1603 af 18.12.2018"),
    2021: (Decimal(15264), "BEK nr. 110 af 29.1.2021"),
    2022: (Decimal(15401), "BEK nr. 250 af 24.2.2022"),
    2024: (Decimal(16323), "BEK nr. 227 af 7.3.2024 § 3, stk. 2"),
}
# LAB § 189 a: reguleres hvert 1. januar med 1,7 pct. tillagt tilpasningsprocenten for finansåret.
# Reglen gælder for knækpunktet fra 2020 (kontraktens tabel); hvad der gjaldt før, står ikke i
# kilderne, så 2015, 2016 og 2018 er tavse, selv om tilpasningsprocenten for 2017–2019 kendes.
REGULERING_FRA = 2020
REGULERING_GRUNDSATS = Decimal("1.7")
# Tilpasningsprocenten for hvert finansår (kilder/reform-2026-og-satsregulering.md, afsnit 3.1).
# Et år uden række her er tavst: der ekstrapoleres ikke.
TILPASNINGSPROCENT: dict[int, tuple[Decimal, str]] = {
    2020: (Decimal("0.2"), "BEK nr. 855 af 20. august 2019"),
    2021: (Decimal("0.3"), "BEK nr. 1210 af 12. august 2020"),
    2022: (Decimal("-0.8"), "BEK nr. 1713 af 20. august 2021"),
    2023: (Decimal("1.0"), "BEK nr. 1204 af 16. august 2022"),
    2024: (Decimal("1.5"), "BEK nr. 1101 af 21. august 2023"),
    2025: (Decimal("1.9"), "BEK nr. 983 af 20. august 2024"),
    2026: (Decimal("2.8"), "BEK nr. 1056 af 25. august 2025"),
}


def _kr(beloeb: Decimal) -> str:
    """Et beløb i kroner på dansk: 16911 → »16.911 kr.«."""
    return f"{beloeb:,.0f} kr.".replace(",", ".")


def _pct(p: Decimal) -> str:
    return f"{p} %".replace(".", ",")


def _knaekpunkt_tabel() -> dict[int, tuple[Decimal, str, str | None]]:
    """Knækpunktet for hvert år, kilderne giver det for: ``år → (beløb, hjemmel, regneled)``.

    Fra 2020 regnes året ud af det foregående års afrundede beløb efter § 189 a, afrundet til
    hele kroner (§ 189 a siger ikke, hvordan der afrundes; at hvert års beløb afrundes og føres
    videre, er den læsning, som alle angivne niveauer bekræfter). Hvor en kilde også angiver
    året, skal kæden give det samme — ellers er oraklet selv forkert, og indlæsningen fejler.
    """
    tabel: dict[int, tuple[Decimal, str, str | None]] = {
        aar: (beloeb, hjemmel, None) for aar, (beloeb, hjemmel) in KNAEKPUNKT_ANGIVET.items()
    }
    aar = REGULERING_FRA
    while aar - 1 in tabel and aar in TILPASNINGSPROCENT:
        forrige = tabel[aar - 1][0]
        tilpasning, bek = TILPASNINGSPROCENT[aar]
        procent = REGULERING_GRUNDSATS + tilpasning
        beloeb = (forrige * (1 + procent / 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        regneled = (f"{_kr(beloeb)} = {_kr(forrige)} reguleret med {_pct(procent)} "
                    f"({_pct(REGULERING_GRUNDSATS)} + tilpasningsprocent {_pct(tilpasning)} for {aar}, "
                    f"{bek}), afrundet")
        angivet = KNAEKPUNKT_ANGIVET.get(aar)
        if angivet is not None and angivet[0] != beloeb:
            raise AssertionError(f"§ 189 a giver {beloeb} for {aar}, men {angivet[1]} angiver {angivet[0]}")
        hjemmel = f"{LAB} § 189 a; {bek}" + (f"; {angivet[1]}" if angivet else "")
        tabel[aar] = (beloeb, hjemmel, regneled)
        aar += 1
    return tabel


KNAEKPUNKT = _knaekpunkt_tabel()

SPOERGSMAAL: tuple[str, ...] = (
    "alder",
    "folkepensionsalder",
    "under_folkepensionsalderen",
    "varig_og_væsentlig_nedsættelse",
    "målgruppe_for_fleksjob",
    "krav_om_udviklingsmulighed_opfyldt",
    "krav_om_afprøvning_opfyldt",
    "ret_til_fleksjob",
    "sagsbehandlingskrav_opfyldt",
    "legalitetsvurdering",
    "effektiv_arbejdstid",
    "effektiv_arbejdstid_i_jobbet",
    "godkendelse_af_konkret_fleksjob",
    "mere_end_6_år_til_folkepensionsalderen",
    "krav_om_fastholdelse_opfyldt",
    "knækpunkt",
    "fleksløntilskud",
)

_TOM: frozenset[str] = frozenset()


class FaktaFejl(ValueError):
    """En sag, der ikke kan læses; ``problemer`` rummer alle fejl på dansk."""

    def __init__(self, problemer: list[str]) -> None:
        super().__init__("; ".join(problemer))
        self.problemer = problemer


# ---------------------------------------------------------------------------------------------
# Indlæsning af sagen
# ---------------------------------------------------------------------------------------------
def _laes(facts: dict) -> dict:
    """JSON-agtige værdier → Python-værdier; fraværende og ``null`` udelades (ukendt).

    Kontrollen svarer i omfang til fortolkerens (typer, datoer, procent, timer), så
    hastighedsmålingen sammenligner lige meget arbejde.
    """
    ud: dict = {}
    fejl: list[str] = []
    for navn, v in facts.items():
        if v is None:
            continue
        spec = FAKTA.get(navn)
        if spec is None:
            fejl.append(f"`{navn}`: ukendt faktum")
            continue
        typ = spec[0]
        if typ == _B:
            if v is True or v is False:
                ud[navn] = v
            else:
                fejl.append(f"`{navn}`: skal være true eller false")
        elif typ == "dato":
            if isinstance(v, _dt.date):
                ud[navn] = v
            elif isinstance(v, str):
                try:
                    ud[navn] = _dt.date.fromisoformat(v)
                except ValueError:
                    fejl.append(f"`{navn}`: ikke en gyldig dato (ÅÅÅÅ-MM-DD): {v!r}")
            else:
                fejl.append(f"`{navn}`: skal være en dato som ÅÅÅÅ-MM-DD")
        elif typ == "valg":
            if v in _VALG[navn]:
                ud[navn] = v
            else:
                fejl.append(f"`{navn}`: skal være en af {', '.join(_VALG[navn])}")
        else:
            if isinstance(v, bool) or not isinstance(v, (int, float, Decimal, str)):
                fejl.append(f"`{navn}`: skal være et tal")
                continue
            try:
                d = v if isinstance(v, Decimal) else Decimal(str(v))
            except InvalidOperation:
                fejl.append(f"`{navn}`: skal være et tal")
                continue
            if not d.is_finite():
                fejl.append(f"`{navn}`: skal være et endeligt tal")
            elif typ == "procent" and not (0 <= d <= 100):
                fejl.append(f"`{navn}`: en procent skal ligge mellem 0 og 100")
            elif typ == "timer" and d < 0:
                fejl.append(f"`{navn}`: et timetal kan ikke være negativt")
            else:
                ud[navn] = d
    if fejl:
        raise FaktaFejl(fejl)
    return ud


# ---------------------------------------------------------------------------------------------
# Dato-regning
# ---------------------------------------------------------------------------------------------
_MAANEDSLAENGDE = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _plus_maaneder(d: _dt.date, maaneder: int) -> _dt.date:
    """Dato plus et antal måneder; findes dagen ikke, bruges månedens sidste dag."""
    m0 = d.year * 12 + d.month - 1 + maaneder
    aar, m = divmod(m0, 12)
    sidste = _MAANEDSLAENGDE[m]
    if m == 1 and (aar % 4 == 0 and (aar % 100 != 0 or aar % 400 == 0)):
        sidste = 29
    return _dt.date(aar, m + 1, min(d.day, sidste))


def _hele_aar(fra: _dt.date, til: _dt.date) -> int:
    """Hele år fra ``fra`` til ``til`` efter samme regel som dato + år (29/2 → 28/2)."""
    n = til.year - fra.year
    if _plus_maaneder(fra, 12 * n) > til:
        n -= 1
    return n


# ---------------------------------------------------------------------------------------------
# Byggesten: hvert delsvar er (værdi, mangler, forklaringsknude)
# ---------------------------------------------------------------------------------------------
def _knude(navn, vaerdi, hjemmel, because):
    return {"name": navn, "value": vaerdi, "citation": hjemmel, "because": because}


def _og(navn, hjemmel, dele):
    """Kleene-og: falsk, så snart én del er falsk (intet mangler); ellers ukendte deles mangler."""
    mangler = set()
    ukendt = False
    for v, m, _ in dele:
        if v is False:
            return False, _TOM, _knude(navn, False, hjemmel, [k for _, _, k in dele])
        if v is None:
            ukendt = True
            mangler |= m
    v = None if ukendt else True
    return v, (frozenset(mangler) if ukendt else _TOM), _knude(navn, v, hjemmel, [k for _, _, k in dele])


def _eller(navn, hjemmel, dele):
    """Kleene-eller: sand, så snart én del er sand (intet mangler); ellers som :func:`_og`."""
    mangler = set()
    ukendt = False
    for v, m, _ in dele:
        if v is True:
            return True, _TOM, _knude(navn, True, hjemmel, [k for _, _, k in dele])
        if v is None:
            ukendt = True
            mangler |= m
    v = None if ukendt else False
    return v, (frozenset(mangler) if ukendt else _TOM), _knude(navn, v, hjemmel, [k for _, _, k in dele])


def _ikke(navn, del_):
    v, m, k = del_
    return (None if v is None else not v), m, _knude(navn, None if v is None else not v, None, [k])


def _versioneret(navn, hjemmel, dato_navn, dato, versioner, udregn):
    """Vælg versionen i kraft på ``dato``; ukendt dato: kendt kun, hvis alle versioner er enige.

    ``versioner`` er ``(fra, data)`` sorteret efter ``fra``; ``udregn(data)`` giver et delsvar.
    """
    if dato is not None:
        valgt = None
        for fra, data in versioner:
            if fra <= dato:
                valgt = data
        if valgt is None:  # ingen version: kilderne er tavse
            return None, _TOM, _knude(navn, None, hjemmel, [])
        v, m, k = udregn(valgt)
        return v, m, _knude(navn, v, hjemmel, [k])
    svar = [udregn(data) for _, data in versioner]
    foerste = svar[0][0]
    if foerste is not None and all(s[0] is not None and s[0] == foerste and type(s[0]) is type(foerste) for s in svar):
        return foerste, _TOM, _knude(navn, foerste, hjemmel, [s[2] for s in svar])
    mangler = {dato_navn}
    for s in svar:
        mangler |= s[1]
    return None, frozenset(mangler), _knude(navn, None, hjemmel, [s[2] for s in svar])


_SAND = (True, _TOM, _knude("betingelsen gælder ikke i denne version", True, None, []))


def _tavs(navn, grund, hjemmel=None):
    """Et delsvar, som kilderne ikke giver: ukendt, og intet mangler (intet faktum kan gøre det kendt)."""
    return None, _TOM, _knude(navn, None, hjemmel, [_knude(f"kilderne er tavse: {grund}", None, None, [])])


def _er_tavs(delsvar) -> bool:
    """Ukendt, uden at noget faktum mangler: kun kildernes tavshed giver det i disse regler.

    (Kontraktens ``missing`` for et tavst svar rummer kun fraværende faktum, der stadig kan gøre
    svaret kendt; er der sådanne, gælder svaret som »faktum mangler«, ikke som tavst.)
    """
    return delsvar[0] is None and not delsvar[1]


# ---------------------------------------------------------------------------------------------
# Reglerne
# ---------------------------------------------------------------------------------------------
class _Sag:
    """Én sag under evaluering; ``q`` husker hvert spørgsmåls svar, så delregler regnes én gang."""

    __slots__ = ("f", "memo", "_blade")

    def __init__(self, fakta: dict) -> None:
        self.f = fakta
        self.memo: dict = {}
        self._blade: dict = {}

    def faktum(self, navn):
        s = self._blade.get(navn)
        if s is None:
            v = self.f.get(navn)
            s = (v, _TOM if v is not None else frozenset((navn,)), _knude(navn, v, FAKTA[navn][1], []))
            self._blade[navn] = s
        return s

    def q(self, navn):
        s = self.memo.get(navn)
        if s is None:
            s = _REGLER[navn](self)
            self.memo[navn] = s
        return s


def _alder(s: _Sag):
    h = "alder på afgørelsesdatoen (hele år)"
    a, f = s.faktum("afgørelsesdato"), s.faktum("fødselsdato")
    if a[0] is None or f[0] is None:
        return None, a[1] | f[1], _knude("alder", None, h, [f[2], a[2]])
    v = Decimal(_hele_aar(f[0], a[0]))
    return v, _TOM, _knude("alder", v, h, [f[2], a[2]])


def _fpa_maaneder(s: _Sag):
    """Folkepensionsalderen i måneder (intern), efter versionen i kraft på afgørelsesdatoen."""
    f = s.faktum("fødselsdato")

    def udregn(data):
        tabel, hjemmel = data
        if f[0] is None:
            return None, f[1], _knude("folkepensionsalder efter fødselsdato", None, hjemmel, [f[2]])
        v = tabel(f[0])
        return v, _TOM, _knude("folkepensionsalder efter fødselsdato", Decimal(v) / 12, hjemmel, [f[2]])

    a = s.faktum("afgørelsesdato")
    v, m, k = _versioneret(
        "folkepensionsalder",
        f"{SP} § 1 a",
        "afgørelsesdato",
        a[0],
        [(fra, (t, h)) for fra, t, h in _FPA_VERSIONER],
        udregn,
    )
    k["value"] = None if v is None else Decimal(v) / 12  # forklaringen viser år, ikke måneder
    return v, m, k


def _folkepensionsalder(s: _Sag):
    v, m, k = s.q("_fpa_maaneder")
    return k["value"], m, k


def _pensionsdag_sammenlign(s: _Sag, navn, hjemmel, plus_aar):
    """``afgørelsesdato + plus_aar år`` er før dagen, hvor personen når folkepensionsalderen."""
    a, f, p = s.faktum("afgørelsesdato"), s.faktum("fødselsdato"), s.q("_fpa_maaneder")
    because = [a[2], f[2], p[2]]
    if a[0] is None or f[0] is None or p[0] is None:
        return None, a[1] | f[1] | p[1], _knude(navn, None, hjemmel, because)
    pensionsdag = _plus_maaneder(f[0], p[0])
    v = _plus_maaneder(a[0], 12 * plus_aar) < pensionsdag
    because.append(_knude("dagen, hvor folkepensionsalderen nås", pensionsdag, f"{SP} § 1 a", []))
    return v, _TOM, _knude(navn, v, hjemmel, because)


def _under_fpa(s: _Sag):
    return _pensionsdag_sammenlign(s, "under_folkepensionsalderen", f"{LAB} § 116, stk. 1", 0)


def _mere_end_6(s: _Sag):
    return _pensionsdag_sammenlign(s, "mere_end_6_år_til_folkepensionsalderen", f"{LAB} § 119, stk. 1", 6)


def _varig_vaesentlig(s: _Sag):
    imod = _eller("et hensyn imod er til stede", "vejledning om fleksjob afsnit 1.1",
                  [s.faktum(n) for n in INDIKATORER_IMOD])
    afvejet = _eller("modsatrettede oplysninger er afvejet, hvis et hensyn imod er til stede",
                     "vejledning om fleksjob afsnit 1.1",
                     [_ikke("ikke et hensyn imod", imod), s.faktum("modsatrettede_oplysninger_vurderet")])
    return _og("varig_og_væsentlig_nedsættelse", f"{LAB} § 116, stk. 1", [
        s.faktum("arbejdsevne_væsentligt_nedsat"),
        s.faktum("arbejdsevne_varigt_nedsat"),
        s.faktum("nedsættelse_dokumenteret"),
        afvejet,
    ])


def _betingelse_fra(s: _Sag, navn, hjemmel, fra, faktum_navn):
    """En betingelse »ikke FAKTUM«, der først gælder fra ``fra`` (før: opfyldt)."""
    a = s.faktum("afgørelsesdato")

    def udregn(gaelder):
        if not gaelder:
            return _SAND
        return _ikke(f"ikke {faktum_navn}", s.faktum(faktum_navn))

    return _versioneret(navn, hjemmel, "afgørelsesdato", a[0], [(_D.min, False), (fra, True)], udregn)


def _maalgruppe(s: _Sag):
    return _og("målgruppe_for_fleksjob", f"{LAB} § 116, stk. 1", [
        _ikke("ikke kan_arbejde_på_ordinære_vilkår", s.faktum("kan_arbejde_på_ordinære_vilkår")),
        _ikke("ikke kan_ansættes_efter_sociale_kapitler", s.faktum("kan_ansættes_efter_sociale_kapitler")),
        _eller("modtager ikke førtidspension, medmindre den gøres hvilende", f"{LAB} § 116, stk. 1", [
            _ikke("ikke modtager_førtidspension", s.faktum("modtager_førtidspension")),
            s.faktum("førtidspension_gøres_hvilende"),
        ]),
        _betingelse_fra(s, "modtager ikke seniorpension", f"{LAB} § 116, stk. 1 (lov nr. 1559/2019)",
                        SENIORPENSION_FRA, "modtager_seniorpension"),
        _betingelse_fra(s, "har ikke udnyttet retten til tidlig pension",
                        f"{LAB} § 116, stk. 1 (lov nr. 2202/2020)",
                        TIDLIG_PENSION_FRA, "har_udnyttet_ret_til_tidlig_pension"),
        s.q("under_folkepensionsalderen"),
        s.q("varig_og_væsentlig_nedsættelse"),
    ])


def _udvikling(s: _Sag):
    return _eller("krav_om_udviklingsmulighed_opfyldt", f"{LAB} § 116, stk. 2", [
        _ikke("ikke aktuelt_meget_begrænset_arbejdsevne", s.faktum("aktuelt_meget_begrænset_arbejdsevne")),
        s.faktum("arbejdsevnen_kan_udvikles_inden_for_rimelig_periode"),
    ])


def _afproevning(s: _Sag):
    return _eller("krav_om_afprøvning_opfyldt", f"{LAB} § 116, stk. 3", [
        s.faktum("relevante_tilbud_afprøvet"),
        s.faktum("afprøvning_åbenbart_formålsløs"),
    ])


def _ret(s: _Sag):
    return _og("ret_til_fleksjob", f"{LAB} § 116", [
        s.q("målgruppe_for_fleksjob"),
        s.q("krav_om_udviklingsmulighed_opfyldt"),
        s.q("krav_om_afprøvning_opfyldt"),
    ])


def _sagsbehandling(s: _Sag):
    """§ 118 og rehabiliteringsteamet, efter den version der gælder på afgørelsesdatoen.

    Før 1.1.2013 fandtes teamet ikke, og de gamle regler er ikke kodet; fra 1.7.2026 er den nye
    ordlyd ikke i kilderne. 2013–2019 afgør kilderne ikke, om indstillingen skulle begrunde
    udviklingen (BEK § 9, stk. 2): den del er tavs, resten gælder.
    """
    h = "vejledning om fleksjob afsnit 1.1 og 3; rapport 2021; BEK nr. 1609/2019 § 9"
    a = s.faktum("afgørelsesdato")

    def udregn(version):
        if version == "før 2013":
            return _tavs("sagsbehandlingskrav før 1. januar 2013",
                         "rehabiliteringsteamet fandtes ikke før 1. januar 2013, og de gamle regler "
                         "(LAB §§ 69–75) er ikke kodet", "2012-reformen (lov nr. 1380/2012)")
        if version == "fra 1. juli 2026":
            return _tavs("sagsbehandlingskrav fra 1. juli 2026",
                         "lov nr. 1750/2025 afløser rehabiliteringsteamet af kommunens samlede beskrivelse "
                         "(ny § 43); den nye ordlyd af § 118 er ikke i kilderne", "lov nr. 1750/2025")
        if version == "2013-2019":
            begrundelse = _tavs("indstillingen begrunder udviklingen",
                                "for afgørelser fra 1. januar 2013 til 31. december 2019 afgør kilderne ikke, "
                                "om BEK § 9, stk. 2 gjaldt", "BEK nr. 1557/2014; BEK nr. 1171/2019")
        else:
            begrundelse = s.faktum("indstilling_begrunder_udvikling")
        return _og("sagsbehandlingskrav_opfyldt", h, [
            s.faktum("forelagt_rehabiliteringsteamet"),
            s.faktum("forberedende_del_udfyldt"),
            s.faktum("indstilling_angiver_vægtede_forhold"),
            s.faktum("indstilling_begrunder_afklaring"),
            s.faktum("indstilling_angiver_jobfunktioner"),
            _eller("udviklingen er vurderet og begrundet, hvis arbejdsevnen er aktuelt meget begrænset",
                   f"{LAB} § 116, stk. 2; vejledning om fleksjob afsnit 1.1", [
                       _ikke("ikke aktuelt_meget_begrænset_arbejdsevne",
                             s.faktum("aktuelt_meget_begrænset_arbejdsevne")),
                       _og("udviklingen er vurderet og begrundet", "rapport 2021, kapitel 2; BEK § 9, stk. 2", [
                           s.faktum("udviklingsvurdering_fremgår_af_sagen"),
                           begrundelse,
                       ]),
                   ]),
        ])

    return _versioneret("sagsbehandlingskrav_opfyldt", h, "afgørelsesdato", a[0], [
        (_D.min, "før 2013"),
        (REFORM_2013, "2013-2019"),
        (BEK_9_STK_2_FRA, "2020-2026"),
        (REFORM_2026, "fra 1. juli 2026"),
    ], udregn)


def _legalitet(s: _Sag):
    h = "Ankestyrelsens praksisundersøgelser 2006, 2008 og 2020"
    r = s.q("ret_til_fleksjob")
    k = s.faktum("kommunens_afgørelse")
    if r[0] is None:
        return "hjemvises", _TOM, _knude("legalitetsvurdering", "hjemvises", h, [r[2]])
    if k[0] is None:
        return None, k[1], _knude("legalitetsvurdering", None, h, [r[2], k[2]])
    bevilget = k[0] == "bevilget"
    if r[0] != bevilget:
        return "ændres", _TOM, _knude("legalitetsvurdering", "ændres", h, [r[2], k[2]])
    if bevilget:
        sb = s.q("sagsbehandlingskrav_opfyldt")
        if _er_tavs(sb):
            # Kilderne er tavse om proceduren: hverken hjemvisning eller overensstemmelse kan siges.
            return None, _TOM, _knude("legalitetsvurdering", None, h, [r[2], k[2], sb[2]])
        if sb[0] is not True:  # falsk, eller ukendt fordi faktum mangler: sagen er ikke oplyst
            return "hjemvises", _TOM, _knude("legalitetsvurdering", "hjemvises", h, [r[2], k[2], sb[2]])
        return "i_overensstemmelse", _TOM, _knude("legalitetsvurdering", "i_overensstemmelse", h, [r[2], k[2], sb[2]])
    return "i_overensstemmelse", _TOM, _knude("legalitetsvurdering", "i_overensstemmelse", h, [r[2], k[2]])


def _effektiv(navn, hjemmel, timer_navn, intensitet_navn):
    def regel(s: _Sag):
        t, i = s.faktum(timer_navn), s.faktum(intensitet_navn)
        if t[0] is None or i[0] is None:
            return None, t[1] | i[1], _knude(navn, None, hjemmel, [t[2], i[2]])
        v = t[0] * i[0] / 100
        return v, _TOM, _knude(navn, v, hjemmel, [t[2], i[2]])

    return regel


def _godkendelse(s: _Sag):
    return _og("godkendelse_af_konkret_fleksjob", f"{LAB} §§ 121, stk. 1, og 122, stk. 2", [
        s.faktum("arbejdsevnevurdering_foretaget"),
        s.faktum("arbejdsopgaver_undersøgt"),
        s.faktum("skånebehov_tilgodeset"),
        s.faktum("arbejdsgiver_med_lønudbetaling"),
    ])


def _fastholdelse(s: _Sag):
    a = s.faktum("afgørelsesdato")

    def seks_aar(gaelder):
        if not gaelder:
            return False, _TOM, _knude("12-måneders-kravet gælder altid før 1. januar 2020", False, None, [])
        return _ikke("ikke mere_end_6_år_til_folkepensionsalderen", s.q("mere_end_6_år_til_folkepensionsalderen"))

    return _eller("krav_om_fastholdelse_opfyldt", f"{LAB} § 119", [
        _ikke("ikke fleksjob_på_hidtidig_arbejdsplads", s.faktum("fleksjob_på_hidtidig_arbejdsplads")),
        _versioneret("højst 6 år til folkepensionsalderen", f"{LAB} § 119, stk. 1 (lov nr. 1556/2019)",
                     "afgørelsesdato", a[0], [(_D.min, False), (FASTHOLDELSE_6_AAR_FRA, True)], seks_aar),
        _og("akut opstået skade eller sygdom, hvor de sociale kapitler er åbenbart formålsløse",
            f"{LAB} § 119, stk. 3", [
                s.faktum("akut_opstået_skade_eller_sygdom"),
                s.faktum("sociale_kapitler_åbenbart_formålsløst"),
            ]),
        _og("12 måneder under de sociale kapitler med skriftlig aftale og reelt forsøg",
            f"{LAB} § 119, stk. 1 og 2", [
                s.faktum("ansat_12_måneder_under_sociale_kapitler"),
                s.faktum("skriftlig_aftale_om_funktioner_og_skånehensyn"),
                s.faktum("reelt_forsøg_på_ustøttet_job_dokumenteret"),
            ]),
    ])


def _knaekpunkt(s: _Sag):
    h = f"{LAB} § 123, stk. 2; § 189 a; BEK nr. 227/2024 § 3, stk. 2 og forgængere"
    b = s.faktum("beregningsmåned")
    if b[0] is None:
        # Versionerne er ikke enige (flere beløb og tavse år), så datoen mangler.
        return None, b[1], _knude("knækpunkt", None, h, [b[2]])
    aar = b[0].year
    raekke = KNAEKPUNKT.get(aar)
    if raekke is None:
        if b[0] < REFORM_2013:
            grund = "fleksløntilskuddet findes fra 1. januar 2013; de gamle regler er ikke kodet"
        elif aar < REGULERING_FRA:
            grund = f"ingen kilde angiver knækpunktet i {aar}-niveau, og reguleringen før 2020 er ikke i kilderne"
        else:
            grund = f"tilpasningsprocenten for finansåret {aar} er ikke i kilderne"
        v, m, tavs = _tavs(f"knækpunktet i {aar}", grund)
        return v, m, _knude("knækpunkt", None, h, [b[2], tavs])
    v, hjemmel, regneled = raekke
    return v, _TOM, _knude("knækpunkt", v, h, [b[2], _knude(regneled or f"{aar}-niveau", v, hjemmel, [])])


_P98, _P30, _P55, _KR = Decimal("0.98"), Decimal("0.30"), Decimal("0.55"), Decimal(1)


def _fleksloentilskud(s: _Sag):
    h = f"{LAB} § 123; BEK nr. 227/2024 §§ 2-3"
    d, l, loft = s.faktum("dagpengenes_højeste_beløb_pr_måned"), s.faktum("månedlig_lønindtægt"), s.faktum("lønloft")
    k = s.q("knækpunkt")
    because = [d[2], l[2], loft[2], k[2]]
    if _er_tavs(k):  # regning med et tavst led: intet faktum kan gøre svaret kendt
        return None, _TOM, _knude("fleksløntilskud", None, h, because)
    if d[0] is None or l[0] is None or loft[0] is None or k[0] is None:
        return None, d[1] | l[1] | loft[1] | k[1], _knude("fleksløntilskud", None, h, because)
    grundbeloeb = _P98 * d[0]
    fradrag = _P30 * min(l[0], k[0]) + _P55 * max(l[0] - k[0], 0)
    tilskud = max(Decimal(0), min(grundbeloeb - fradrag, loft[0] - l[0]))
    v = tilskud.quantize(_KR, rounding=ROUND_HALF_UP)
    because += [
        _knude("98 % af dagpengenes højeste beløb", grundbeloeb, f"{LAB} § 123, stk. 1", []),
        _knude("fradrag: 30 % op til knækpunktet, 55 % over", fradrag, f"{LAB} § 123, stk. 2", []),
        _knude("højst lønloftet minus lønnen, ikke under 0", tilskud, f"{LAB} § 123, stk. 3", []),
    ]
    return v, _TOM, _knude("fleksløntilskud", v, h, because)


_REGLER = {
    "alder": _alder,
    "_fpa_maaneder": _fpa_maaneder,
    "folkepensionsalder": _folkepensionsalder,
    "under_folkepensionsalderen": _under_fpa,
    "varig_og_væsentlig_nedsættelse": _varig_vaesentlig,
    "målgruppe_for_fleksjob": _maalgruppe,
    "krav_om_udviklingsmulighed_opfyldt": _udvikling,
    "krav_om_afprøvning_opfyldt": _afproevning,
    "ret_til_fleksjob": _ret,
    "sagsbehandlingskrav_opfyldt": _sagsbehandling,
    "legalitetsvurdering": _legalitet,
    "effektiv_arbejdstid": _effektiv(
        "effektiv_arbejdstid", f"{LAB} § 122, stk. 2", "vurderet_timetal", "vurderet_arbejdsintensitet"),
    "effektiv_arbejdstid_i_jobbet": _effektiv(
        "effektiv_arbejdstid_i_jobbet", "Ankestyrelsen, rapport 2021, kapitel 3", "aftalt_timetal",
        "aftalt_arbejdsintensitet"),
    "godkendelse_af_konkret_fleksjob": _godkendelse,
    "mere_end_6_år_til_folkepensionsalderen": _mere_end_6,
    "krav_om_fastholdelse_opfyldt": _fastholdelse,
    "knækpunkt": _knaekpunkt,
    "fleksløntilskud": _fleksloentilskud,
}


def evaluate(facts: dict, questions=None) -> dict:
    """Besvar ``questions`` (alle kontraktens spørgsmål, når ``None``) for én sag.

    Giver ``{navn: (værdi, mangler, forklaring)}``: værdien er ``True``/``False``/``None``, en
    ``Decimal``, en ``datetime.date`` eller en tekst; ``mangler`` er en sorteret tuple af
    faktanavne (tom, når værdien er kendt); forklaringen er et træ af dicts. Rejser
    :class:`FaktaFejl` for en sag, der ikke kan læses.
    """
    sag = _Sag(_laes(facts))
    navne = SPOERGSMAAL if questions is None else questions
    ud = {}
    for navn in navne:
        if navn not in _REGLER or navn.startswith("_"):
            raise KeyError(f"ukendt spørgsmål: {navn}")
        v, m, k = sag.q(navn)
        ud[navn] = (v, tuple(sorted(m)), k)
    return ud


def _json_standard(o):
    """``json.dumps``-hjælper. Decimaler går gennem ``float``, hvilket er eksakt her: beløb og timer
    har under 15 betydende cifre, og ``repr`` af en float giver den korteste decimalform tilbage."""
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    if isinstance(o, _dt.date):
        return o.isoformat()
    raise TypeError(type(o).__name__)


def til_json(svar: dict) -> dict:
    """Kontraktens ``results``-objekt for et svar fra :func:`evaluate` (uden serialisering)."""
    return {
        navn: {"value": v, "missing": list(m), "citation": k.get("citation"), "explanation": k}
        for navn, (v, m, k) in svar.items()
    }


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/handskrevet.py SAGER.jsonl``: én JSON-linje pr. sag på stdout, som
    ``lovkode batch`` skriver dem — så de to kan måles som hele kommandoer (læsning og skrivning med)."""
    import json
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("brug: python benchmarks/handskrevet.py SAGER.jsonl", file=sys.stderr)
        return 2
    ud = sys.stdout
    with open(args[0], encoding="utf-8") as ind:
        for nummer, linje in enumerate(ind, start=1):
            if not linje.strip():
                continue
            try:
                svar = {"linje": nummer, "results": til_json(evaluate(json.loads(linje)))}
            except (ValueError, FaktaFejl) as fejl:
                svar = {"linje": nummer, "fejl": str(fejl)}
            ud.write(json.dumps(svar, default=_json_standard, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
