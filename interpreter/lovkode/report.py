"""Samlet rapport over en kørsel af mange sager, i stil med Ankestyrelsens praksisundersøgelser.

Input: ét resultat ad gangen fra ``lovkode batch`` — kontraktens ``results``-objekt
(``{spørgsmål: {"value", "missing", "citation", "explanation"}}``) eller en dansk fejlmeddelelse
for en linje, der ikke kunne læses. Output: Markdown (:meth:`ReportBuilder.to_markdown`) eller en
selvstændig HTML-side (:meth:`ReportBuilder.to_html`) med tabeller lagt op som undersøgelsernes
egne: legalitetsvurderingens udfald, retten til fleksjob, de hyppigste betingelser, der ikke var
opfyldt (med §), de hyppigste manglende oplysninger og antallet af fejlbehæftede linjer.

Fejlstrategi: rapporten tæller kun; den rejser ikke fejl for mærkelige resultater (et spørgsmål,
der ikke blev stillet, tælles som »ikke besvaret«), fordi en rapport over 100.000 sager ikke må
vælte på én afvigende linje.

Hukommelse: kun tællere (og de første få fejlbehæftede linjer som eksempler), så en kørsel over
millioner af linjer bruger konstant hukommelse — bortset fra at antallet af forskellige
betingelses- og faktanavne vokser med specen, ikke med antallet af sager.
"""
from __future__ import annotations

import operator
from collections import Counter
from html import escape
from itertools import compress

__all__ = ["ReportBuilder"]

_LEGALITET = (
    ("i_overensstemmelse", "I overensstemmelse med reglerne og praksis"),
    ("ændres", "Ville blive ændret"),
    ("hjemvises", "Ville blive hjemvist"),
    (None, "Ukendt (kommunens afgørelse er ikke oplyst)"),
)
_RET = (
    (True, "Ja"),
    (False, "Nej"),
    (None, "Ukendt (sagen er ikke tilstrækkeligt oplyst)"),
)
_IKKE_BESVARET = "ikke besvaret"
_UKENDT_RET_TEKST = ("Når retten til fleksjob er ukendt, er sagen ikke tilstrækkeligt oplyst. "
                     "Disse oplysninger mangler oftest:")
_ALLE_SPM_TEKST = ("Optællingen dækker alle spørgsmål i kørslen, også dem, der ikke vedrører sagen "
                   "(f.eks. fleksløntilskud, når der ikke er oplyst løn).")
_EKSEMPLER = 10  # fejlbehæftede linjer, der vises med linjenummer og meddelelse
_UDEN_FORKLARING_TEKST = (
    "Kørslen er uden forklaringer (--no-explanation), så dette afsnit er udeladt: hvilke betingelser der "
    "ikke var opfyldt, kan kun læses af hver sags forklaring, som viser, hvilke betingelser der afgjorde "
    "svaret. Alle andre tal i rapporten er de samme som i en kørsel med forklaringer. Kør »lovkode batch« "
    "uden --no-explanation for at få afsnittet med.")


def _tal(n: int) -> str:
    """Heltal med dansk tusindtalsskilletegn: 100.000."""
    return f"{n:,}".replace(",", ".")


def _andel(n: int, i_alt: int) -> str:
    """Andel i hele procent, som undersøgelserne skriver det (»68 pct.«)."""
    if not i_alt:
        return "–"
    return f"{round(100 * n / i_alt)} pct."


def _er_faktum(knude: dict) -> bool:
    """Et faktum (et blad med sagens oplysning) — fortolkeren skriver ``"kind": "faktum"``."""
    if "kind" in knude:
        return knude["kind"] == "faktum"
    return not knude.get("because")


def _svigtede(forklaring) -> set[tuple[str, str]]:
    """Betingelser med hjemmel, der ikke var opfyldt, i ét forklaringstræ.

    Kun et spørgsmål, der er *falsk*, gennemgås: et sandt, ukendt eller ikke-logisk svar
    (``legalitetsvurdering``, et beløb) har ingen svigtende betingelser, og dets underknuder er
    grene, der ikke blev valgt. Herfra tælles en knude, når den er falsk, har en hjemmel og er en
    regel — ikke et faktum. Fakta springes over, fordi træet ikke viser, hvilken vej en betingelse
    vender: »kan arbejde på ordinære vilkår = falsk« står under en falsk målgruppe, men er netop
    opfyldt. Vi går kun videre ned gennem falske knuder, fordi en falsk knude under en sand
    (en negation, en *medmindre*) ikke er årsag til resultatet.
    """
    ud: set[tuple[str, str]] = set()
    if not isinstance(forklaring, dict) or forklaring.get("value") is not False:
        return ud
    stak = [forklaring]
    while stak:
        knude = stak.pop()
        if knude.get("value") is not False:
            continue
        if knude.get("citation") and not _er_faktum(knude):
            ud.add((str(knude.get("name", "")), str(knude["citation"])))
        stak.extend(barn for barn in knude.get("because") or () if isinstance(barn, dict))
    return ud


class ReportBuilder:
    """Tæller resultater én linje ad gangen og skriver rapporten som Markdown eller HTML.

    Brug: ``add`` for hver linje i kørslen (i rækkefølge), derefter ``to_markdown`` eller
    ``to_html``. Andele regnes af de sager, der blev vurderet (fejlbehæftede linjer tæller ikke med).
    """

    def __init__(
        self,
        titel: str = "Praksisundersøgelse: samlet vurdering af sagerne",
        top: int = 15,
        neutrale_spoergsmaal: frozenset[str] = frozenset({
            "mere_end_6_år_til_folkepensionsalderen", "fleksjob_kan_bevilges_permanent", "status_skal_udarbejdes",
        }),
        navne: dict[str, str] | None = None,
    ) -> None:
        """``top``: rækker i tabellerne over svigtende betingelser og manglende oplysninger.

        ``neutrale_spoergsmaal``: spørgsmål, hvis »nej« er en oplysning og ikke en betingelse, der
        ikke er opfyldt (at der højst er 6 år til folkepensionsalderen, eller at fleksjobbet ikke kan
        bevilges permanent, er ingen fejl i sagen); deres træer gennemgås ikke for svigtende betingelser.

        ``navne``: de danske navne på fakta og regler (maskinnavn → navn), så tabellerne viser
        »arbejdsevne varigt nedsat« og ikke maskinnavnet; uden dem vises maskinnavnet som kode.
        """
        self.titel = titel
        self.navne = navne or {}
        self.top = top
        self.neutrale = neutrale_spoergsmaal
        self.linjer = 0
        self.vurderet = 0
        self.fejl = 0
        self.fejl_eksempler: list[tuple[int, str]] = []
        self.legalitet: Counter = Counter()
        self.ret: Counter = Counter()
        self.svigtede: Counter = Counter()
        self.mangler: Counter = Counter()
        self.mangler_ret: Counter = Counter()
        self.sager_med_svigt = 0
        self.sager_med_mangler = 0
        self.uden_forklaring = False
        """Sat, når rapporten tælles af søjlerne uden forklaringer: afsnittet om betingelser udelades."""

    def _navn(self, navn: str) -> str:
        """Et fakta- eller regelnavn, som læseren kender det: »…« når navnet er kendt."""
        dansk = self.navne.get(navn)
        return f"»{dansk}«" if dansk else navn

    def _md_navn(self, navn: str) -> str:
        return _md(self._navn(navn)) if navn in self.navne else f"`{_md_kode(navn)}`"

    @property
    def _kode(self):
        """Maskinnavne vises som kode; danske navne som tekst."""
        return None if self.navne else 0

    # -----------------------------------------------------------------------------------------
    def add(self, line_no: int, results: dict | None, error: str | None) -> None:
        """Tæl én linje: enten dens ``results`` eller dens fejlmeddelelse (``error``)."""
        self.linjer += 1
        if error is not None or results is None:
            self.fejl += 1
            if len(self.fejl_eksempler) < _EKSEMPLER:
                self.fejl_eksempler.append((line_no, error or "linjen gav intet resultat"))
            return
        self.vurderet += 1

        legal = results.get("legalitetsvurdering")
        self.legalitet[legal.get("value") if isinstance(legal, dict) else _IKKE_BESVARET] += 1
        ret = results.get("ret_til_fleksjob")
        self.ret[ret.get("value") if isinstance(ret, dict) else _IKKE_BESVARET] += 1
        if isinstance(ret, dict):
            self.mangler_ret.update(set(ret.get("missing") or ()))

        svigt: set[tuple[str, str]] = set()
        mangler: set[str] = set()
        for spm, svar in results.items():
            if not isinstance(svar, dict):
                continue
            if spm not in self.neutrale:
                svigt |= _svigtede(svar.get("explanation"))
            mangler.update(svar.get("missing") or ())
        # Hver betingelse og hvert faktum tælles én gang pr. sag, som undersøgelserne tæller sager.
        self.svigtede.update(svigt)
        self.mangler.update(mangler)
        self.sager_med_svigt += bool(svigt)
        self.sager_med_mangler += bool(mangler)

    def add_columns(self, linjer: list[int], kolonner: dict, fejl: dict[int, str], spoergsmaal) -> None:
        """Tæl en hel blok af sager fra resultatets søjler (``lovkode batch --no-explanation``): de
        samme tal, som :meth:`add` giver for hver sag, undtagen de betingelser, der ikke var opfyldt
        (de kræver forklaringerne). ``fejl``: rækkenummer i blokken → fejlmeddelelse.

        Søjlerne har få forskellige værdier, så hver forskellig liste af manglende oplysninger
        omsættes én gang til et bitmønster; en sags samlede mangler er mønstrenes »eller«."""
        n = len(linjer)
        self.linjer += n
        self.fejl += len(fejl)
        for i, tekst in fejl.items():
            if len(self.fejl_eksempler) >= _EKSEMPLER:
                break
            self.fejl_eksempler.append((linjer[i], tekst))
        behold = [i not in fejl for i in range(n)] if fejl else [True] * n
        vurderet = n - len(fejl)
        self.vurderet += vurderet

        def soejle(navn: str) -> list:
            return list(compress(kolonner[navn], behold)) if fejl else kolonner[navn]

        for spm, taeller in (("legalitetsvurdering", self.legalitet), ("ret_til_fleksjob", self.ret)):
            if spm in spoergsmaal:
                taeller.update(soejle(spm))
            else:
                taeller[_IKKE_BESVARET] += vurderet
        if "ret_til_fleksjob" in spoergsmaal:
            for mangler, antal in Counter(soejle("ret_til_fleksjob.missing")).items():
                for navn in set(mangler):
                    self.mangler_ret[navn] += antal

        bit: dict[str, int] = {}
        moenstre = [0] * vurderet
        for spm in spoergsmaal:
            mangler = soejle(spm + ".missing")
            som_bit = dict.fromkeys(mangler)
            for liste in som_bit:
                som_bit[liste] = sum({1 << bit.setdefault(navn, len(bit)) for navn in liste})
            moenstre = list(map(operator.or_, moenstre, map(som_bit.__getitem__, mangler)))
        navne = list(bit)
        for moenster, antal in Counter(moenstre).items():
            if moenster:
                self.sager_med_mangler += antal
                for i, navn in enumerate(navne):
                    if moenster >> i & 1:
                        self.mangler[navn] += antal

    def merge(self, other: ReportBuilder) -> None:
        """Læg tællingerne fra en anden rapport (en anden proces' blok) til denne, i rækkefølge."""
        self.linjer += other.linjer
        self.vurderet += other.vurderet
        self.fejl += other.fejl
        self.fejl_eksempler.extend(other.fejl_eksempler[:_EKSEMPLER - len(self.fejl_eksempler)])
        for navn in ("legalitet", "ret", "svigtede", "mangler", "mangler_ret"):
            getattr(self, navn).update(getattr(other, navn))
        self.sager_med_svigt += other.sager_med_svigt
        self.sager_med_mangler += other.sager_med_mangler

    # -----------------------------------------------------------------------------------------
    def _raekker_legalitet(self) -> list[tuple[str, int]]:
        raekker = [(tekst, self.legalitet[noegle]) for noegle, tekst in _LEGALITET
                   if noegle is not None or self.legalitet[None]]
        andre = sum(n for k, n in self.legalitet.items() if k not in dict(_LEGALITET))
        if andre:
            raekker.append(("Ikke besvaret eller ukendt udfald", andre))
        return raekker

    def _raekker_ret(self) -> list[tuple[str, int]]:
        raekker = [(tekst, self.ret[noegle]) for noegle, tekst in _RET]
        andre = sum(n for k, n in self.ret.items() if k not in (True, False, None))
        if andre:
            raekker.append(("Ikke besvaret", andre))
        return raekker

    def _sammenfatning(self) -> str:
        """Én sætning som i Ankestyrelsens nyheder: »I 88 ud af 130 sager …«."""
        if not self.vurderet:
            return "Der er ingen vurderede sager."
        ok = self.legalitet["i_overensstemmelse"]
        forkert = self.legalitet["ændres"] + self.legalitet["hjemvises"]
        return (f"I {_tal(ok)} ud af {_tal(self.vurderet)} sager ({_andel(ok, self.vurderet)}) er afgørelsen "
                f"i overensstemmelse med reglerne og praksis. {_andel(forkert, self.vurderet)} af sagerne "
                f"({_tal(forkert)}) ville være blevet ændret eller hjemvist, hvis de havde været klagesager.")

    # -----------------------------------------------------------------------------------------
    def to_markdown(self) -> str:
        """Rapporten som Markdown (GitHub-tabeller)."""
        n = self.vurderet
        ud = [f"# {_md(self.titel)}", ""]
        ud += [_md(self._sammenfatning()), ""]
        ud += ["## Oversigt", "", "| | Antal |", "| --- | ---: |",
               f"| Linjer i alt | {_tal(self.linjer)} |",
               f"| Vurderede sager | {_tal(n)} |",
               f"| Linjer, der ikke kunne læses | {_tal(self.fejl)} |", ""]

        ud += ["## Legalitetsvurdering", "",
               "Hvordan Ankestyrelsen ville vurdere kommunens afgørelse, hvis sagen havde været en klagesag.",
               "", "| Vurdering | Antal sager | Andel |", "| --- | ---: | ---: |"]
        ud += [f"| {_md(t)} | {_tal(a)} | {_andel(a, n)} |" for t, a in self._raekker_legalitet()]
        ud += [f"| **I alt** | **{_tal(n)}** | {_andel(n, n)} |", ""]

        ud += ["## Ret til fleksjob (lov om en aktiv beskæftigelsesindsats § 116)", "",
               "| Ret til fleksjob | Antal sager | Andel |", "| --- | ---: | ---: |"]
        ud += [f"| {_md(t)} | {_tal(a)} | {_andel(a, n)} |" for t, a in self._raekker_ret()]
        ud += [f"| **I alt** | **{_tal(n)}** | {_andel(n, n)} |", ""]
        if self.mangler_ret:
            ud += [_UKENDT_RET_TEKST, "",
                   "| Oplysning | Antal sager | Andel |", "| --- | ---: | ---: |"]
            ud += [f"| {self._md_navn(navn)} | {_tal(a)} | {_andel(a, n)} |" for navn, a in self._top(self.mangler_ret)]
            ud.append("")

        ud += ["## Hyppigste betingelser, der ikke var opfyldt", ""]
        if self.uden_forklaring:
            ud.append(_md(_UDEN_FORKLARING_TEKST))
        elif self.svigtede:
            ud += [f"{_tal(self.sager_med_svigt)} sager ({_andel(self.sager_med_svigt, n)}) har mindst én "
                   "betingelse, der ikke var opfyldt. En sag tælles én gang pr. betingelse.", "",
                   "| Betingelse | Hjemmel | Antal sager | Andel |", "| --- | --- | ---: | ---: |"]
            ud += [f"| {self._md_navn(navn)} | {_md(hjemmel)} | {_tal(a)} | {_andel(a, n)} |"
                   for (navn, hjemmel), a in self._top(self.svigtede)]
        else:
            ud.append("Ingen betingelser med hjemmel var ikke opfyldt.")
        ud.append("")

        ud += ["## Hyppigste manglende oplysninger", ""]
        if self.mangler:
            ud += [f"{_tal(self.sager_med_mangler)} sager ({_andel(self.sager_med_mangler, n)}) mangler mindst "
                   f"én oplysning, der kunne ændre et svar. {_ALLE_SPM_TEKST}", "",
                   "| Oplysning | Antal sager | Andel |", "| --- | ---: | ---: |"]
            ud += [f"| {self._md_navn(navn)} | {_tal(a)} | {_andel(a, n)} |" for navn, a in self._top(self.mangler)]
        else:
            ud.append("Ingen sager mangler oplysninger.")
        ud.append("")

        ud += ["## Linjer, der ikke kunne læses", ""]
        if self.fejl:
            ud += [f"{_tal(self.fejl)} linjer kunne ikke læses og indgår ikke i tallene ovenfor.", "",
                   "| Linje | Fejl |", "| ---: | --- |"]
            ud += [f"| {linje} | {_md(tekst)} |" for linje, tekst in self.fejl_eksempler]
            if self.fejl > len(self.fejl_eksempler):
                ud += ["", f"(Kun de første {len(self.fejl_eksempler)} er vist.)"]
        else:
            ud.append("Alle linjer kunne læses.")
        ud.append("")
        return "\n".join(ud)

    # -----------------------------------------------------------------------------------------
    def to_html(self) -> str:
        """Rapporten som én selvstændig HTML-side: indlejret CSS og SVG, intet JavaScript."""
        n = self.vurderet
        e = escape
        dele = [
            "<!DOCTYPE html>",
            '<html lang="da">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{e(self.titel)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{e(self.titel)}</h1>",
            f'<p class="sammenfatning">{e(self._sammenfatning())}</p>',
            "<h2>Oversigt</h2>",
            _html_tabel(("", "Antal"), [
                ("Linjer i alt", _tal(self.linjer)),
                ("Vurderede sager", _tal(n)),
                ("Linjer, der ikke kunne læses", _tal(self.fejl)),
            ]),
            "<h2>Legalitetsvurdering</h2>",
            "<p>Hvordan Ankestyrelsen ville vurdere kommunens afgørelse, hvis sagen havde været en klagesag.</p>",
        ]
        legal = self._raekker_legalitet()
        dele.append(_html_tabel(("Vurdering", "Antal sager", "Andel"),
                                [(t, _tal(a), _andel(a, n)) for t, a in legal], ("I alt", _tal(n), _andel(n, n))))
        dele.append(_svg_soejler("Legalitetsvurdering: antal sager pr. udfald", legal))

        dele.append("<h2>Ret til fleksjob (lov om en aktiv beskæftigelsesindsats § 116)</h2>")
        dele.append(_html_tabel(("Ret til fleksjob", "Antal sager", "Andel"),
                                [(t, _tal(a), _andel(a, n)) for t, a in self._raekker_ret()],
                                ("I alt", _tal(n), _andel(n, n))))
        if self.mangler_ret:
            dele.append(f"<p>{e(_UKENDT_RET_TEKST)}</p>")
            dele.append(_html_tabel(("Oplysning", "Antal sager", "Andel"),
                                    [(self._navn(navn), _tal(a), _andel(a, n)) for navn, a in self._top(self.mangler_ret)],
                                    kode_kolonne=self._kode))

        dele.append("<h2>Hyppigste betingelser, der ikke var opfyldt</h2>")
        if self.uden_forklaring:
            dele.append(f"<p>{e(_UDEN_FORKLARING_TEKST)}</p>")
        elif self.svigtede:
            top = self._top(self.svigtede)
            dele.append(f"<p>{_tal(self.sager_med_svigt)} sager ({e(_andel(self.sager_med_svigt, n))}) har mindst "
                        "én betingelse, der ikke var opfyldt. En sag tælles én gang pr. betingelse.</p>")
            dele.append(_html_tabel(("Betingelse", "Hjemmel", "Antal sager", "Andel"),
                                    [(self._navn(navn), hjemmel, _tal(a), _andel(a, n)) for (navn, hjemmel), a in top],
                                    kode_kolonne=self._kode))
            dele.append(_svg_soejler("Hyppigste betingelser, der ikke var opfyldt",
                                     [(f"{self._navn(navn)} ({hjemmel})", a) for (navn, hjemmel), a in top]))
        else:
            dele.append("<p>Ingen betingelser med hjemmel var ikke opfyldt.</p>")

        dele.append("<h2>Hyppigste manglende oplysninger</h2>")
        if self.mangler:
            dele.append(f"<p>{_tal(self.sager_med_mangler)} sager ({e(_andel(self.sager_med_mangler, n))}) mangler "
                        f"mindst én oplysning, der kunne ændre et svar. {e(_ALLE_SPM_TEKST)}</p>")
            dele.append(_html_tabel(("Oplysning", "Antal sager", "Andel"),
                                    [(self._navn(navn), _tal(a), _andel(a, n)) for navn, a in self._top(self.mangler)],
                                    kode_kolonne=self._kode))
        else:
            dele.append("<p>Ingen sager mangler oplysninger.</p>")

        dele.append("<h2>Linjer, der ikke kunne læses</h2>")
        if self.fejl:
            dele.append(f"<p>{_tal(self.fejl)} linjer kunne ikke læses og indgår ikke i tallene ovenfor.</p>")
            dele.append(_html_tabel(("Linje", "Fejl"), [(str(l), t) for l, t in self.fejl_eksempler]))
            if self.fejl > len(self.fejl_eksempler):
                dele.append(f"<p>(Kun de første {len(self.fejl_eksempler)} er vist.)</p>")
        else:
            dele.append("<p>Alle linjer kunne læses.</p>")
        dele += ["</main>", "</body>", "</html>", ""]
        return "\n".join(dele)

    def _top(self, taeller: Counter) -> list:
        """De hyppigste, flest først; lige mange ordnes efter navn, så rapporten er stabil."""
        return sorted(taeller.items(), key=lambda kv: (-kv[1], kv[0]))[: self.top]


# ---------------------------------------------------------------------------------------------
# Hjælpere til Markdown og HTML
# ---------------------------------------------------------------------------------------------
_MD_TEGN = str.maketrans({**{c: "\\" + c for c in "\\`*_[]|~"}, "<": "&lt;", ">": "&gt;", "&": "&amp;",
                          "\n": " ", "\r": " "})


def _md(tekst: str) -> str:
    """Tekst, der kan stå i en Markdown-tabelcelle og læses som tekst, intet andet: HTML-tegn som
    entiteter (en sags nøgler og fejlmeddelelser kan rumme `<script>`), Markdowns tegn for
    fremhævning, links og kode escapet, ingen linjeskift."""
    return str(tekst).translate(_MD_TEGN)


def _md_kode(tekst: str) -> str:
    """Tekst i et kodespænd (`…`): dér tolkes HTML ikke, så kun backtick og lodret streg skal væk."""
    return str(tekst).replace("`", "'").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


_TALKOLONNER = frozenset({"Antal", "Antal sager", "Andel", "Linje"})


def _html_tabel(hoved, raekker, fod=None, kode_kolonne: int | None = None) -> str:
    """En HTML-tabel; alt indhold escapes. Talkolonner (efter overskriften) højrestilles."""
    tal = {i for i, h in enumerate(hoved) if h in _TALKOLONNER}

    def celle(i, v, tag="td"):
        klasse = ' class="tal"' if i in tal else ""
        indhold = f"<code>{escape(str(v))}</code>" if i == kode_kolonne and tag == "td" else escape(str(v))
        return f"<{tag}{klasse}>{indhold}</{tag}>"

    ud = ["<table>", "<thead><tr>" + "".join(celle(i, h, "th") for i, h in enumerate(hoved)) + "</tr></thead>",
          "<tbody>"]
    ud += ["<tr>" + "".join(celle(i, v) for i, v in enumerate(r)) + "</tr>" for r in raekker]
    ud.append("</tbody>")
    if fod:
        ud.append("<tfoot><tr>" + "".join(celle(i, v) for i, v in enumerate(fod)) + "</tr></tfoot>")
    ud.append("</table>")
    return "\n".join(ud)


def _svg_soejler(titel: str, raekker: list[tuple[str, int]]) -> str:
    """Et vandret søjlediagram som indlejret SVG (ingen skrifttyper, scripts eller eksterne filer)."""
    bredde, etiket, linje = 760, 330, 26
    hoejde = 30 + linje * len(raekker)
    stoerst = max((a for _, a in raekker), default=0) or 1
    plads = bredde - etiket - 70
    ud = [f'<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {bredde} {hoejde}" '
          f'width="100%" aria-label="{escape(titel)}">', f"<title>{escape(titel)}</title>"]
    for i, (tekst, antal) in enumerate(raekker):
        y = 20 + i * linje
        kort = tekst if len(tekst) <= 48 else tekst[:47] + "…"
        w = round(plads * antal / stoerst, 1)
        ud.append(f'<text x="{etiket - 8}" y="{y + 14}" text-anchor="end" class="etiket">'
                  f"<title>{escape(tekst)}</title>{escape(kort)}</text>")
        ud.append(f'<rect x="{etiket}" y="{y}" width="{w}" height="{linje - 8}" class="soejle"/>')
        ud.append(f'<text x="{etiket + w + 6}" y="{y + 14}" class="antal">{_tal(antal)}</text>')
    ud.append("</svg>")
    ud.append(f"<figcaption>{escape(titel)}</figcaption></figure>")
    return "\n".join(ud)


_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1b1b;background:#fff;"
    "margin:0;line-height:1.5}"
    "main{max-width:52rem;margin:0 auto;padding:1.5rem}"
    "h1{font-size:1.6rem;border-bottom:3px solid #14143c;padding-bottom:.3rem}"
    "h2{font-size:1.2rem;margin-top:2rem;color:#14143c}"
    ".sammenfatning{font-size:1.05rem;background:#f2f4f8;border-left:4px solid #14143c;padding:.6rem .9rem}"
    "table{border-collapse:collapse;width:100%;margin:.6rem 0}"
    "th,td{border-bottom:1px solid #d0d4dc;padding:.35rem .6rem;text-align:left;vertical-align:top}"
    "th{background:#14143c;color:#fff;font-weight:600}"
    "td.tal,th.tal{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tfoot td{font-weight:700;border-top:2px solid #14143c}"
    "code{font-size:.9em;background:#f2f4f8;padding:0 .2rem}"
    "figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}"
    "svg .etiket{font:12px system-ui,sans-serif;fill:#1b1b1b}"
    "svg .antal{font:12px system-ui,sans-serif;fill:#1b1b1b}"
    "svg .soejle{fill:#3b5b9a}"
    "@media print{main{max-width:none}}"
)
