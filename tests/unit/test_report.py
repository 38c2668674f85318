"""Praksisundersøgelses-rapporten (``lovkode.report``) fodret med håndlavede resultater.

Resultaterne er skrevet i hånden i kontraktens ``results``-form, så testene ikke afhænger af
fortolkeren: de fastlægger, hvad rapporten tæller, og hvordan den skriver det.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from lovkode.report import ReportBuilder

LAB = "lov om en aktiv beskæftigelsesindsats"


def _k(navn, vaerdi, hjemmel=None, *born, kind=None):
    knude = {"name": navn, "value": vaerdi, "citation": hjemmel, "because": list(born)}
    if kind:
        knude["kind"] = kind
    return knude


def _f(navn, vaerdi, hjemmel):
    """Et faktum, som fortolkeren skriver det (``"kind": "faktum"``)."""
    return _k(navn, vaerdi, hjemmel, kind="faktum")


def _svar(vaerdi, forklaring, mangler=()):
    return {"value": vaerdi, "missing": list(mangler), "citation": forklaring.get("citation"),
            "explanation": forklaring}


def _sag(legalitet, ret, ret_forklaring=None, mangler=()):
    """Et resultat med de to spørgsmål, rapporten lægger op efter."""
    ret_forklaring = ret_forklaring or _k("ret_til_fleksjob", ret, f"{LAB} § 116")
    return {
        "ret_til_fleksjob": _svar(ret, ret_forklaring, mangler),
        "legalitetsvurdering": _svar(legalitet, _k("legalitetsvurdering", legalitet, "praksisundersøgelserne",
                                                   ret_forklaring)),
    }


def _udokumenteret():
    """Afslag, fordi nedsættelsen ikke er dokumenteret — i fortolkerens form: fakta direkte under
    reglen, også et falsk faktum, der er en opfyldt betingelse (kan ikke arbejde på ordinære vilkår),
    og en *medmindre*, der gør afprøvningskravet sandt trods et falsk faktum."""
    return _k("ret_til_fleksjob", False, f"{LAB} § 116",
              _k("målgruppe_for_fleksjob", False, f"{LAB} § 116, stk. 1",
                 _f("kan_arbejde_på_ordinære_vilkår", False, f"{LAB} § 116, stk. 1"),
                 _k("betingelsen_om_seniorpension", True, f"{LAB} § 116, stk. 1", kind="regel"),
                 _k("varig_og_væsentlig_nedsættelse", False, f"{LAB} § 116, stk. 1",
                    _f("arbejdsevne_varigt_nedsat", True, f"{LAB} § 116, stk. 1"),
                    _f("nedsættelse_dokumenteret", False, "vejledning om fleksjob afsnit 1.1"),
                    kind="spørgsmål"),
                 kind="spørgsmål"),
              _k("krav_om_afprøvning_opfyldt", True, f"{LAB} § 116, stk. 3",
                 _f("relevante_tilbud_afprøvet", False, f"{LAB} § 116, stk. 3, 1. pkt."),
                 _f("afprøvning_åbenbart_formålsløs", True, f"{LAB} § 116, stk. 3, 2. pkt."),
                 kind="spørgsmål"),
              kind="spørgsmål")


@pytest.fixture
def rapport() -> ReportBuilder:
    r = ReportBuilder()
    r.add(1, _sag("i_overensstemmelse", True), None)
    r.add(2, _sag("i_overensstemmelse", True), None)
    r.add(3, _sag("ændres", False, _udokumenteret()), None)
    r.add(4, _sag("hjemvises", None, mangler=["arbejdsevne_varigt_nedsat", "relevante_tilbud_afprøvet"]), None)
    r.add(5, None, "linje 5: `fødselsdato`: ikke en gyldig dato (ÅÅÅÅ-MM-DD): '1965-02-30'")
    return r


def test_legalitetsvurdering_taelles_med_andele(rapport: ReportBuilder) -> None:
    md = rapport.to_markdown()
    assert "| I overensstemmelse med reglerne og praksis | 2 | 50 pct. |" in md
    assert "| Ville blive ændret | 1 | 25 pct. |" in md
    assert "| Ville blive hjemvist | 1 | 25 pct. |" in md
    assert "| **I alt** | **4** | 100 pct. |" in md
    assert "I 2 ud af 4 sager (50 pct.) er afgørelsen i overensstemmelse" in md


def test_ret_til_fleksjob_ja_nej_ukendt(rapport: ReportBuilder) -> None:
    md = rapport.to_markdown()
    assert "| Ja | 2 | 50 pct. |" in md
    assert "| Nej | 1 | 25 pct. |" in md
    assert "| Ukendt (sagen er ikke tilstrækkeligt oplyst) | 1 | 25 pct. |" in md


def test_svigtende_betingelser_er_falske_regler_paa_falske_grene(rapport: ReportBuilder) -> None:
    """Den falske kæde af regler tælles. Fakta tælles ikke — træet viser ikke, hvilken vej de vender
    (»kan arbejde på ordinære vilkår = falsk« er opfyldt) — og intet under en sand knude tælles."""
    assert {
        ("ret_til_fleksjob", f"{LAB} § 116"): 1,
        ("målgruppe_for_fleksjob", f"{LAB} § 116, stk. 1"): 1,
        ("varig_og_væsentlig_nedsættelse", f"{LAB} § 116, stk. 1"): 1,
    } == dict(rapport.svigtede)
    md = rapport.to_markdown()
    assert "| `varig_og_væsentlig_nedsættelse` | lov om en aktiv beskæftigelsesindsats § 116, stk. 1 | 1 | 25 pct. |" in md
    assert "| `kan_arbejde_på_ordinære_vilkår` | lov" not in md
    assert "| `relevante_tilbud_afprøvet` | lov" not in md


def test_svar_der_ikke_er_falske_gennemgaas_ikke() -> None:
    """Legalitetsvurderingens træ rummer grene, der ikke blev valgt; et sandt svar har ingen svigt."""
    r = ReportBuilder()
    r.add(1, {
        "legalitetsvurdering": _svar("i_overensstemmelse", _k(
            "legalitetsvurdering", "i_overensstemmelse", "praksisundersøgelserne",
            _k("sagsbehandlingen_er_ikke_påvist_i_orden", False, f"{LAB} § 118", kind="regel"))),
        "krav_om_afprøvning_opfyldt": _svar(True, _k(
            "krav_om_afprøvning_opfyldt", True, f"{LAB} § 116, stk. 3",
            _k("afprøvet", False, f"{LAB} § 116, stk. 3", kind="regel"))),
    }, None)
    assert 0 == len(r.svigtede)


def test_betingelse_taelles_en_gang_pr_sag() -> None:
    """Samme betingelse under to spørgsmål i samme sag er én sag, ikke to."""
    r = ReportBuilder()
    forklaring = _udokumenteret()
    resultat = _sag("ændres", False, forklaring)
    resultat["målgruppe_for_fleksjob"] = _svar(False, forklaring["because"][0])
    r.add(1, resultat, None)
    assert 1 == r.svigtede[("varig_og_væsentlig_nedsættelse", f"{LAB} § 116, stk. 1")]


def test_knuder_uden_hjemmel_taelles_ikke_men_gennemgaas() -> None:
    r = ReportBuilder()
    forklaring = _k("ret_til_fleksjob", False, f"{LAB} § 116",
                    _k("og", False, None, _k("krav_om_afprøvning_opfyldt", False, f"{LAB} § 116, stk. 3",
                                             _f("relevante_tilbud_afprøvet", False, f"{LAB} § 116, stk. 3"))))
    r.add(1, _sag("ændres", False, forklaring), None)
    assert {("ret_til_fleksjob", f"{LAB} § 116"), ("krav_om_afprøvning_opfyldt", f"{LAB} § 116, stk. 3")} == set(
        r.svigtede)


def test_manglende_oplysninger(rapport: ReportBuilder) -> None:
    md = rapport.to_markdown()
    assert "| `arbejdsevne_varigt_nedsat` | 1 | 25 pct. |" in md
    assert "1 sager (25 pct.) mangler mindst én oplysning" in md


def test_hvad_der_mangler_for_retten_til_fleksjob(rapport: ReportBuilder) -> None:
    """En særskilt tabel: hvorfor sager ikke er tilstrækkeligt oplyst (ret til fleksjob ukendt)."""
    assert {"arbejdsevne_varigt_nedsat": 1, "relevante_tilbud_afprøvet": 1} == dict(rapport.mangler_ret)
    md = rapport.to_markdown()
    assert "Når retten til fleksjob er ukendt, er sagen ikke tilstrækkeligt oplyst." in md
    assert "Når retten til fleksjob er ukendt" in rapport.to_html()


def test_fejlbehaeftede_linjer(rapport: ReportBuilder) -> None:
    md = rapport.to_markdown()
    assert "| Linjer, der ikke kunne læses | 1 |" in md
    assert "| 5 | linje 5: \\`fødselsdato\\`: ikke en gyldig dato (ÅÅÅÅ-MM-DD): '1965-02-30' |" in md
    assert "1 linjer kunne ikke læses og indgår ikke i tallene ovenfor." in md


def test_kun_taellere_ogsaa_ved_mange_linjer() -> None:
    """Konstant hukommelse: højst ti eksempler gemmes, uanset hvor mange linjer der fejler."""
    r = ReportBuilder()
    for i in range(1, 5001):
        r.add(i, None, f"linje {i}: ugyldig JSON")
    assert (5000, 10) == (r.fejl, len(r.fejl_eksempler))
    assert "(Kun de første 10 er vist.)" in r.to_markdown()


def test_tom_rapport() -> None:
    r = ReportBuilder()
    md = r.to_markdown()
    assert "Der er ingen vurderede sager." in md
    assert "| **I alt** | **0** | – |" in md
    assert "Alle linjer kunne læses." in md
    assert "<svg" in r.to_html()


def test_legalitet_ukendt_og_ikke_besvaret() -> None:
    r = ReportBuilder()
    r.add(1, _sag(None, True), None)
    r.add(2, {"alder": _svar(50, _k("alder", 50, "—"))}, None)
    md = r.to_markdown()
    assert "| Ukendt (kommunens afgørelse er ikke oplyst) | 1 | 50 pct. |" in md
    assert "| Ikke besvaret eller ukendt udfald | 1 | 50 pct. |" in md


def test_markdown_escaper_tabeltegn() -> None:
    r = ReportBuilder()
    r.add(1, None, "linje 1: a | b")
    assert "| 1 | linje 1: a \\| b |" in r.to_markdown()


def test_html_er_selvstaendig_og_escapet() -> None:
    r = ReportBuilder()
    ondt = "<script>alert('x')</script>"
    forklaring = _k("ret_til_fleksjob", False, f"{LAB} § 116", _k(ondt, False, "§ <b>1</b> & 2", kind="regel"))
    r.add(1, _sag("ændres", False, forklaring), None)
    r.add(2, None, "linje 2: <img src=x>")
    side = r.to_html()
    assert side.startswith("<!DOCTYPE html>")
    assert '<html lang="da">' in side
    assert "<script" not in side
    assert "<img" not in side
    assert "&lt;script&gt;" in side
    assert "§ &lt;b&gt;1&lt;/b&gt; &amp; 2" in side
    # Ingen eksterne ressourcer: hverken links, scripts, billeder, @import eller url(...).
    for moenster in (r"<link", r"<[^>]*\s(src|href)=", r"@import", r"url\("):
        assert not re.search(moenster, side), moenster
    assert "<style>" in side
    assert "Legalitetsvurdering" in side
    assert "Hyppigste betingelser, der ikke var opfyldt" in side


def test_html_svg_er_velformet() -> None:
    r = ReportBuilder()
    r.add(1, _sag("ændres", False, _udokumenteret()), None)
    r.add(2, _sag("i_overensstemmelse", True), None)
    svgs = re.findall(r"<svg.*?</svg>", r.to_html(), flags=re.S)
    assert 2 == len(svgs)  # udfald og svigtende betingelser
    for svg in svgs:
        rod = ET.fromstring(svg)
        assert rod.tag.endswith("svg")
        assert rod.findall("{http://www.w3.org/2000/svg}rect")


def test_neutrale_spoergsmaal_er_ikke_svigt() -> None:
    """»Højst 6 år til folkepensionsalderen« er en oplysning, ikke en betingelse, der svigter."""
    r = ReportBuilder()
    r.add(1, {"mere_end_6_år_til_folkepensionsalderen": _svar(
        False, _k("mere_end_6_år_til_folkepensionsalderen", False, f"{LAB} § 119, stk. 1"))}, None)
    assert 0 == len(r.svigtede)
    assert "Ingen betingelser med hjemmel var ikke opfyldt." in r.to_markdown()


_ONDT = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[klik](javascript:alert(1))",
         "![x](javascript:alert(1))", "<a href='javascript:alert(1)'>a</a>", "`<script>`", "&lt;script&gt;",
         "*fed* _skrå_ | celle", "<!-- kommentar", "<http://eksempel.dk>", "\\<script>"]


def _elementer(html: str) -> list[tuple[str, dict]]:
    from html.parser import HTMLParser

    fundet = []

    class Samler(HTMLParser):
        def handle_starttag(self, tag, attrs):
            fundet.append((tag, dict(attrs)))

    Samler().feed(html)
    return fundet


@pytest.mark.parametrize("gengiv", ["markdown", "markdown_it"])
def test_markdown_rapporten_viser_sagens_tekst_som_tekst(gengiv) -> None:
    """Nøgler og fejlmeddelelser fra sagerne kan rumme HTML og Markdown; gengivet bliver de tekst."""
    r = ReportBuilder()
    for i, ondt in enumerate(_ONDT, start=1):
        r.add(i, None, f"linje {i}: `{ondt}`: er ikke et faktum i specifikationen.")
    r.add(99, _sag("ændres", None, _k("ret_til_fleksjob", None, f"{LAB} § 116"), mangler=["<script>x</script>"]), None)
    md = r.to_markdown()
    if gengiv == "markdown":
        html = pytest.importorskip("markdown").markdown(md, extensions=["tables"])
    else:
        html = pytest.importorskip("markdown_it").MarkdownIt("commonmark").enable("table").render(md)
    elementer = _elementer(html)
    tilladte = {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "strong"}
    assert set() == {tag for tag, _ in elementer} - tilladte
    assert [] == [(tag, a) for tag, a in elementer if a and set(a) != {"style"} and set(a) != {"align"}]
    assert "<script>alert(1)</script>" in _tekst(html)


def _tekst(html: str) -> str:
    from html.parser import HTMLParser

    dele = []

    class Tekst(HTMLParser):
        def handle_data(self, data):
            dele.append(data)

    Tekst(convert_charrefs=True).feed(html)
    return "".join(dele)
