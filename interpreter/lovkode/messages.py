"""The Danish wording of every diagnostic, in one place.

Detection code calls :func:`make` with a code and the facts of the problem; this module turns them into
a message and a hint. :data:`CATALOGUE` holds a title and a long explanation per code, shown by
``lovkode forklar KODE`` and on the site's page of diagnostics.
"""
from __future__ import annotations

from .diagnostics import ADVARSEL, FEJL, Diagnostic, suggest
from .render import reasons as _reasons
from .columnar.scale import Exactness, Loss
from .source import NOWHERE, Span

amount = _reasons.amount
regulation_step = _reasons.regulation_step
"""The wording of an amount and of a regulation's step, which LK432 quotes (the checker asks here)."""

# code: (severity, message template, hint template or None)
_TEMPLATES: dict[str, tuple[str, str, str | None]] = {
    "LK001": (FEJL, "Filen `{file}` kan ikke læses: {reason}.", "Tjek stien og at filen er UTF-8-tekst."),
    "LK002": (FEJL, "Filen `{file}` er for stor ({size} byte; højst {limit}).",
              "Del specifikationen op i flere filer."),
    "LK003": (FEJL, "`{file}` indeholder ingen lovkode (ingen .md-filer med ```lovkode-blokke).", "Angiv mappen med spec-filerne."),
    "LK101": (FEJL, "Her står et tegn, lovkode ikke forstår: `{char}`.", "{hint}"),
    "LK102": (FEJL, "Her forventede jeg {expected}, men fandt {found}.", "{hint}"),
    "LK103": (FEJL, "Linjen slutter, før det, der står på den, er færdigt; jeg forventede {expected}.",
              "Skriv resten af linjen, eller fjern den ufærdige linje."),
    "LK104": (FEJL, "Indrykningen passer ikke med linjerne over.",
              "Ryk linjen ind præcis lige så meget som de andre punkter på samme niveau."),
    "LK105": (FEJL, "Indrykning med tabulator.", "Brug mellemrum til indrykning."),
    "LK106": (FEJL, "Udtrykket er indlejret for dybt (mere end {limit} niveauer).",
              "Del udtrykket op i flere regler med hver sit navn."),
    "LK107": (FEJL, "`{text}` er ikke en gyldig dato.", "Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2024-06-01."),
    "LK108": (FEJL, "Varigheden `{text}` blander måneder og dage; den slags regning er tvetydig.",
              "Brug enten år og måneder eller uger og dage."),
    "LK109": (FEJL, "`{text}` bruger punktum som decimaltegn.", "Skriv decimaltal med komma, f.eks. `12,5`."),
    "LK110": (FEJL, "Tallet `{text}` ligger uden for det, lovkode regner med.",
              "Et tal skal ligge mellem −1.000.000.000.000 og 1.000.000.000.000 og have højst 6 decimaler."),
    "LK201": (FEJL, "Jeg kender ikke navnet `{name}`.", "{hint}"),
    "LK202": (FEJL, "`{name}` er defineret to gange; den første definition står i {other}.",
              "Giv den ene et andet navn, eller slet den ene."),
    "LK203": (FEJL, "Undtagelsen gælder `{name}`, men der findes ingen regel med det navn.", "{hint}"),
    "LK204": (FEJL, "Eksemplet nævner `{name}`, som hverken er et faktum eller en regel.", "{hint}"),
    "LK205": (FEJL, "Kilden `{name}` i hjemlen er ikke erklæret.", "{hint}"),
    "LK206": (FEJL, "`{value}` er ikke et af valgene for `{name}` ({choices}).", "{hint}"),
    "LK207": (FEJL, "`{name}` er ikke et faktum, og et eksempel kan kun give fakta.",
              "Angiv de fakta, reglen bygger på, under `givet:`, og regelens svar under `så:`."),
    "LK208": (FEJL, "Datoen for gældende ret, `{name}`, skal være en dato, men er {type}.",
              "Henvis til et faktum eller en regel af typen dato."),
    "LK209": (FEJL, "`{name}` er et {kind} og kan ikke bruges her.", "{hint}"),
    "LK301": (FEJL, "{left} og {right} kan ikke sammenlignes.", "{hint}"),
    "LK302": (FEJL, "{op} kan ikke bruges på {left} og {right}.", "{hint}"),
    "LK303": (FEJL, "En betingelse skal være ja eller nej, men dette er {type}.", "{hint}"),
    "LK304": (FEJL, "`{name}` er erklæret som {declared}, men giver {actual}.", "Ret typen eller udtrykket."),
    "LK305": (FEJL, "`{name}` er {expected}, men eksemplet giver {actual}.", "Skriv en værdi af typen {expected}."),
    "LK306": (FEJL, "Tabellen slås op efter {key}, men rækkens grænse er {bound}.",
              "Brug grænser af samme type som nøglen."),
    "LK307": (FEJL, "Grenene giver forskellige typer: {left} og {right}.", "Lad alle grene give samme type."),
    "LK310": (FEJL, "`afrundet til hele kroner` står i en regning; det er uklart, om hele resultatet eller kun "
                    "det nærmeste led skal afrundes.",
              "Sæt parentes: `(A - B) afrundet til hele kroner` afrunder resultatet, `A - (B afrundet til hele "
              "kroner)` kun B."),
    "LK311": (FEJL, "`medmindre` kan her læses på to måder: at kravet bortfalder, eller at reglen ikke gælder.",
              "Skriv `A, men kravet bortfalder, når B` (A eller B — som § 116, stk. 3: »Dette gælder dog ikke«) "
              "eller `A, men ikke når B` (A og ikke B — »ret til tilskud, medmindre dømt«)."),
    "LK401": (FEJL, "`{name}` har ingen hjemmel.",
              "Tilføj en linje `hjemmel: …` med lov, §, stk. og pkt. (eller vejledning/principafgørelse)."),
    "LK402": (FEJL, "Hjemlen `{text}` nævner hverken en § eller en kilde.",
              "Skriv f.eks. `hjemmel: LAB § 116, stk. 1` eller `hjemmel: principafgørelse N-8-07`."),
    "LK403": (FEJL, "`{name}` afhænger af sig selv: {cycle}.", "Bryd kredsen: en regel må ikke bygge på sig selv."),
    "LK404": (FEJL, "`{name}` siger ikke, hvad den giver.", "Tilføj `er opfyldt, når …` eller `er …`."),
    "LK405": (FEJL, "`{name}` har mere end én krop.", "En regel (eller version) har præcis én linje `er …`."),
    "LK406": (FEJL, "Versionerne af `{name}` overlapper: {first} og {second}.",
              "Lad hver dato høre til én version: ret `fra`/`før`/`til og med`."),
    "LK407": (FEJL, "Rækkerne i `{name}` overlapper: {first} og {second}.", "Ret grænserne, så hver værdi har én række."),
    "LK408": (FEJL, "Undtagelsen til `{name}` giver {actual}, men reglen giver {expected}.",
              "En undtagelse skal give samme type som reglen."),
    "LK409": (FEJL, "Skønnet `{name}` mangler `vurdering:`.", "Angiv hvilket faktum, der rummer kommunens vurdering."),
    "LK410": (FEJL, "Anbefalingen `{name}` mangler {part}.", "En anbefaling har `gives, når …` og `tekst: \"…\"`."),
    "LK411": (FEJL, "Eksemplet `{name}` har ingen forventede svar.", "Tilføj `så: »regel«: værdi`."),
    "LK412": (FEJL, "`{name}` har versioner i tid, men specifikationen siger ikke, hvilken dato der vælger dem.",
              "Tilføj `gældende ret vurderes på »afgørelsesdato«` (i reglen eller øverst i specifikationen)."),
    "LK413": (FEJL, "Her kan ikke stå {what}.", "{hint}"),
    "LK414": (FEJL, "Der er to erklæringer af `gældende ret` for hele specifikationen; den første står i {other}.",
              "Behold én; en regel kan selv vælge en anden dato."),
    "LK415": (FEJL, "Kilden `{name}` er erklæret to gange.", "Slet den ene."),
    "LK416": (FEJL, "{outcome} passer ikke til `{name}`, som er {type}.", "{hint}"),
    "LK417": (FEJL, "`\"{value}\" vises som …` nævner ikke et af valgene for `{name}` ({choices}).",
              "Skriv et af valgene præcis som i `valg mellem …`."),
    "LK418": (FEJL, "Sætningen i `når fastsat` for `{name}` siger ikke, hvor værdien står.",
              "Skriv `{{værdi}}` der, hvor beløbet, datoen eller tallet skal stå, f.eks. "
              "`når fastsat: \"fleksløntilskuddet udgør {{værdi}} om måneden\"`."),
    "LK419": (FEJL, "`enhed:` kan kun stå ved et tal, men `{name}` er {type}.",
              "Beløb, timer, procent, datoer og varigheder har deres enhed i forvejen; slet linjen."),
    "LK420": (FEJL, "`lovtekst: \"{text}\"` for `{name}` står ikke i noget citat på siden.",
              "Skriv et stykke af citatet (`> …`) præcis som det står, f.eks. `lovtekst: \"§ 116.\"`."),
    "LK430": (FEJL, "Versionen siger, at kilderne er tavse, men ikke hvorfor.",
              "Skriv grunden, så den kan stå i begrundelsen: `kilderne er tavse: \"…\"`."),
    "LK431": (FEJL, "`kilderne er tavse` kan kun stå i en version af en regel.",
              "Læg linjen i en `version fra … før …:`, der dækker den periode, kilderne er tavse om."),
    "LK432": (FEJL, "`{name}` for {year} er {stated} efter {source}, men reguleringen giver {computed}: {chain}.",
              "De to kilder er uenige: ret procenten eller det angivne niveau, så de stemmer."),
    "LK433": (FEJL, "Niveauet for {year} i `{name}` er angivet to gange; det første står i {other}.",
              "Behold ét niveau pr. år."),
    "LK434": (FEJL, "Reguleringerne af `{name}` overlapper: {first} og {second}.",
              "Hvert år reguleres efter én regel; ret årene, så de ikke overlapper."),
    "LK435": (FEJL, "En regulering kan kun regne med procenter og tabeller efter finansår, men her står {what}.",
              "Skriv procenten som fx `1,7 % + »tilpasningsprocent«`, hvor tabellen er `tabel … efter finansår: procent`."),
    "LK436": (FEJL, "Tabellen `{name}` slås op efter finansår og kan kun bruges i `reguleres … med …`.",
              "Brug tabellen i et reguleret beløb, eller gør den til en tabel efter en dato."),
    "LK437": (FEJL, "`{name}` reguleres fra {year}, men intet niveau før {year} er angivet.",
              "Angiv det niveau, reguleringen begynder fra, f.eks. `niveau {previous}: … kr.`."),
    "LK438": (FEJL, "`{text}` er ikke et år.", "Et finansår skrives som et helt år, f.eks. `2025`."),
    "LK439": (FEJL, "`{name}` slås op efter året i `{key}`, som skal være en dato, men er {type}.",
              "Angiv den dato, hvis år vælger beløbet, f.eks. `efter »beregningsmåned«`."),
    "LK440": (FEJL, "Forkortelsen `{name}` kan ikke bruges i en hjemmel og ville aldrig blive skrevet ud.",
              "En forkortelse skrives med store bogstaver og evt. tal, f.eks. `LAB` eller `BEK227`."),
    "LK501": (ADVARSEL, "Faktummet `{name}` bruges ikke af nogen regel.",
              "Brug det i en regel, eller slet erklæringen."),
    "LK511": (ADVARSEL, "Spørgsmålet `{name}` indgår i en afgørelse til borgeren, men har ingen sætning for {outcome}.",
              "Skriv konklusionen, som borgeren skal læse den, f.eks. `når ja: \"personen er i målgruppen for fleksjob\"`."),
    "LK512": (ADVARSEL, "Valget `\"{value}\"` for `{name}` har ingen tekst til borgeren.",
              "Tilføj `\"{value}\" vises som \"…\"` under erklæringen."),
    "LK513": (ADVARSEL, "Faktummet `{name}` indgår i en afgørelse til borgeren, men der står ikke, hvad man skal spørge om.",
              "Tilføj f.eks. `spørg borgeren: \"…?\"` (eller `spørg arbejdsgiveren`/`spørg kommunen`)."),
    "LK514": (ADVARSEL, "Tallet `{name}` har ingen enhed.",
              "Tilføj `enhed: \"år\"` (eller den enhed, tallet er i), så begrundelsen kan skrive »45 år«."),
    "LK502": (FEJL, "Eksemplet `{name}` fejler: {detail}", "Ret reglen eller eksemplets forventning."),
}

CATALOGUE: dict[str, tuple[str, str]] = {}
"""code → (title, long explanation in Markdown); filled from the docs below."""

_EXPLANATIONS = {
    "LK001": ("Filen kan ikke læses", "Stien findes ikke, er ikke en fil, eller indholdet er ikke UTF-8."),
    "LK002": ("Filen er for stor", "En spec-fil på mere end 5 MB afvises, så en fejl ikke får værktøjet til at hænge."),
    "LK003": ("Ingen spec-filer", "Mappen indeholder ingen Markdown-filer. `--spec` skal pege på mappen med `.md`-filerne."),
    "LK101": ("Ukendt tegn", "Et tegn i en lovkode-blok, som ikke indgår i sproget. Navne med mellemrum skrives i »…« eller <<…>>."),
    "LK102": ("Uventet ord", "Linjen følger ikke sprogets opbygning. Meddelelsen siger, hvad der kunne stå på stedet."),
    "LK103": ("Ufærdig erklæring", "Blokken slutter midt i en erklæring, f.eks. en regel uden krop."),
    "LK104": ("Forkert indrykning", "Det, der hører til en erklæring, rykkes ind under den; punkter på samme niveau rykkes lige meget ind."),
    "LK105": ("Tabulator", "Indrykning skal være mellemrum, så den ser ens ud i alle redigeringsværktøjer."),
    "LK106": ("For dybt indlejret", "Meget dybt indlejrede udtryk afvises; del dem op i navngivne regler."),
    "LK107": ("Ugyldig dato", "Datoen findes ikke i kalenderen, f.eks. 2023-02-29."),
    "LK108": ("Tvetydig varighed", "En varighed med både måneder og dage afhænger af rækkefølgen, de lægges til i; den afvises."),
    "LK109": ("Punktum som decimaltegn", "I lovkode er komma decimaltegn og punktum tusindtalsskille, som i dansk lovtekst."),
    "LK110": ("Tal uden for det tilladte", "Et tal i specifikationen skal ligge mellem −1.000.000.000.000 og "
              "1.000.000.000.000 og have højst 6 decimaler, som et tal i en sag. Så er al regning eksakt "
              "(et resultat med mere end 100 cifre er udefineret, aldrig afrundet)."),
    "LK201": ("Ukendt navn", "Navnet er hverken et faktum, en regel, et skøn eller en tabel. Se forslaget »mente du«."),
    "LK202": ("Dobbelt definition", "To erklæringer har samme navn (samme maskinnavn)."),
    "LK203": ("Undtagelse til ukendt regel", "En undtagelse skal nævne en regel, der findes."),
    "LK204": ("Ukendt navn i eksempel", "Eksemplet nævner et navn, der ikke er erklæret."),
    "LK205": ("Ukendt kilde", "En hjemmel, der begynder med en forkortelse (f.eks. `LAB §`), kræver en `kilde LAB = \"…\"`."),
    "LK206": ("Ukendt valg", "Værdien er ikke en af de muligheder, valget er erklæret med."),
    "LK207": ("Eksempel giver en regel", "Under `givet:` står kun fakta; regler beregnes."),
    "LK208": ("Gældende ret uden dato", "Den dato, der vælger gældende ret, skal være af typen dato."),
    "LK209": ("Forkert slags navn", "Navnet findes, men er af en slags, der ikke kan bruges på stedet."),
    "LK301": ("Kan ikke sammenlignes", "To værdier af forskellig type sammenlignes, f.eks. en dato med et tal."),
    "LK302": ("Typefejl i regning", "Regningen giver ikke mening for typerne, f.eks. en procent lagt til en dato."),
    "LK303": ("Betingelse er ikke ja/nej", "En betingelse skal give en sandhedsværdi."),
    "LK304": ("Forkert type", "Reglens udtryk giver en anden type end den erklærede."),
    "LK305": ("Forkert type i eksempel", "Værdien i eksemplet har ikke faktummets eller regelens type."),
    "LK306": ("Tabelgrænse af forkert type", "Rækkernes grænser skal have samme type som tabellens nøgle."),
    "LK307": ("Grene med forskellig type", "Alle grene i `hvis … så … ellers` eller `er:` skal give samme type."),
    "LK310": ("Afrunding midt i en regning", "`afrundet til hele kroner` gælder det led, det står efter. En jurist "
              "læser »30 % af (A - B) afrundet til hele kroner« som en afrunding af hele resultatet; derfor kræver "
              "lovkode parentes, når afrundingen står i en regning, så udtrykket ikke stille betyder noget andet."),
    "LK311": ("Tvetydigt medmindre", "I en liste af krav (`alle af følgende`, et skøns `krav:`) betyder `A, "
              "medmindre B`, at kravet A bortfalder, når B gælder — sådan læser en jurist § 116, stk. 3 (»Dette gælder "
              "dog ikke, hvis …«). Andre steder kan sætningen også læses som »A, men ikke når B« (»ret til tilskud, "
              "når modtager, medmindre dømt«). Skriv derfor læsningen ud: `A, men kravet bortfalder, når B` eller "
              "`A, men ikke når B`."),
    "LK401": ("Manglende hjemmel", "Hver regel, undtagelse, skøn, tabel og anbefaling skal angive sin hjemmel."),
    "LK402": ("Hjemmel uden paragraf", "En hjemmel skal nævne en §, eller en vejledning, principafgørelse, bekendtgørelse eller rapport."),
    "LK403": ("Kreds", "Regler må ikke afhænge af sig selv, direkte eller gennem andre regler."),
    "LK404": ("Regel uden krop", "En regel skal sige, hvad den giver."),
    "LK405": ("Flere kroppe", "En regel eller version har præcis én krop."),
    "LK406": ("Overlappende versioner", "To versioner af samme regel gælder på samme dato."),
    "LK407": ("Overlappende rækker", "To rækker i en tabel dækker samme nøgle."),
    "LK408": ("Undtagelse med forkert type", "En undtagelse skal give samme type som reglen, den gør undtagelse fra."),
    "LK409": ("Skøn uden vurdering", "Et skøn skal angive kommunens vurdering."),
    "LK410": ("Ufuldstændig anbefaling", "En anbefaling skal have en betingelse og en tekst."),
    "LK411": ("Eksempel uden forventning", "Et eksempel skal sige, hvad der forventes."),
    "LK412": ("Versioner uden dato", "Versioner i tid kræver en `gældende ret vurderes på …`."),
    "LK413": ("Forkert placering", "Konstruktionen kan ikke stå det sted, den står."),
    "LK414": ("To datoer for gældende ret", "Specifikationen kan kun have én fælles dato for gældende ret."),
    "LK415": ("Kilde erklæret to gange", "Hver forkortelse erklæres én gang."),
    "LK416": ("Sætning til et udfald, reglen ikke kan have",
              "`når ja:` og `når nej:` hører til en regel, der er opfyldt eller ikke opfyldt; `når \"valg\":` til en "
              "regel af typen `valg mellem`, og kun de valg, den er erklæret med; `når fastsat:` til en regel, der "
              "giver et beløb, en dato, timer, procent eller et tal. `når ukendt:` kan stå ved alle."),
    "LK417": ("Tekst til et valg, der ikke findes",
              "`\"x\" vises som \"…\"` giver den tekst, borgeren læser i stedet for valget `x`. Valget skal stå præcis "
              "som i erklæringens `valg mellem`, ellers ville teksten aldrig blive brugt."),
    "LK418": ("Sætning uden plads til værdien",
              "En sætning til `når fastsat:` skal sige, hvor værdien står, med `{værdi}`: `når fastsat: "
              "\"fleksløntilskuddet udgør {værdi} om måneden\"`. Uden den ville brevet ikke nævne beløbet."),
    "LK419": ("Enhed ved noget, der ikke er et tal",
              "`enhed:` giver enheden til et rent tal (f.eks. en alder i år). Beløb (kr.), timer, procent, datoer og "
              "varigheder har deres enhed i forvejen."),
    "LK420": ("Lovtekst, der ikke findes på siden",
              "`lovtekst: \"…\"` vælger det citat (`> …`) på samme side, der indeholder teksten, som lovteksten til "
              "erklæringen i brevets afsnit »Regler«. Findes teksten ikke i noget citat, ville brevet stå uden "
              "lovtekst; derfor er det en fejl."),
    "LK430": ("Tavs version uden grund", "En version, der siger `kilderne er tavse`, skal sige hvorfor, fx at "
              "lovens nye ordlyd ikke er fundet. Grunden står i begrundelsen, så læseren ved, hvad der mangler."),
    "LK431": ("Tavshed uden for en version", "At kilderne er tavse, gælder altid en periode: skriv det i en "
              "`version`, så reglen stadig gælder i de perioder, kilderne dækker."),
    "LK432": ("Reguleringen stemmer ikke med et angivet niveau", "Et beløb, der reguleres efter lovens egen regel "
              "(fx LAB § 189 a), regnes år for år fra det seneste angivne niveau. Hvor en kilde også angiver et års "
              "niveau, skal kæden give præcis det beløb; ellers er to kilder uenige, og fejlen nævner begge."),
    "LK433": ("Niveau angivet to gange", "Hvert år kan kun have ét angivet niveau."),
    "LK434": ("Overlappende reguleringer", "Hvert år reguleres efter højst én regel."),
    "LK435": ("Regulering med andet end procenter", "Reguleringsprocenten regnes af procenter og tabeller efter "
              "finansår, lagt sammen eller trukket fra; den kan ikke afhænge af sagens fakta."),
    "LK436": ("Tabel efter finansår brugt uden for en regulering", "En tabel efter finansår slås op med det år, der "
              "reguleres; uden for `reguleres … med` er der intet år at slå op med."),
    "LK437": ("Regulering uden udgangspunkt", "En regulering begynder fra året før dens første år: det års niveau skal "
              "være angivet (`niveau ÅR: beløb`)."),
    "LK438": ("Ugyldigt år", "Et finansår er et helt år mellem 1 og 9999."),
    "LK439": ("Reguleret beløb uden dato", "Et reguleret beløb slås op efter året i en dato."),
    "LK440": ("Forkortelse, der ikke kan bruges", "En forkortelse i `kilde` skrives med store bogstaver og evt. tal "
              "(`LAB`, `BEK227`), ellers genkendes den ikke foran `§` i en hjemmel og skrives aldrig ud."),
    "LK501": ("Ubrugt faktum", "Et faktum, ingen regel bruger (en advarsel)."),
    "LK511": ("Afgørelse uden konklusion i ord",
              "Et spørgsmål, der er en afgørelse til borgeren (`afgørelse til borgeren`), eller som en sådan afgørelse "
              "bygger på, skal have en sætning for hvert svar: `når ja: \"personen er i målgruppen for fleksjob\"` og "
              "`når nej: \"personen er ikke i målgruppen for fleksjob\"` (for et valg `når \"valg\": \"…\"`, for et "
              "beløb, en dato eller et tal `når fastsat: \"… {værdi} …\"`). Sætningen bliver konklusionen i "
              "begrundelsen og i afgørelsesbrevet. Mangler den, skriver lovkode en sætning ud fra navnet, og den "
              "læser sjældent godt. Det er en advarsel."),
    "LK512": ("Valg uden tekst til borgeren",
              "Et valg som `i_overensstemmelse` er et maskinnavn. Skriv `\"i_overensstemmelse\" vises som \"i "
              "overensstemmelse med reglerne\"` under erklæringen; så står den tekst i begrundelsen, brevet og "
              "rapporten. Valg, der allerede er almindelige ord (`\"afslag\"`), kræver ingen tekst."),
    "LK513": ("Faktum uden spørgsmål",
              "Når en oplysning mangler, bliver begrundelsen til en anmodning om oplysninger. Så skal den vide, hvad "
              "man skal spørge om, og hvem: `spørg borgeren: \"Er nedsættelsen af arbejdsevnen dokumenteret?\"`, "
              "`spørg arbejdsgiveren: \"…\"` eller `spørg kommunen: \"…\"` (kommunens egen vurdering). Advarslen "
              "gælder fakta, som en afgørelse til borgeren bygger på."),
    "LK514": ("Tal uden enhed",
              "Et tal (typen `tal`) har ingen enhed, så begrundelsen ville skrive »45 ≥ 40«. Med `enhed: \"år\"` "
              "skriver den »45 år ≥ 40 år«."),
    "LK502": ("Eksempel fejler", "Et eksempels forventede svar stemmer ikke med det beregnede."),
    "LK701": ("Ukendt faktum i sagen", "Sagen har en nøgle, der ikke er et faktum i specifikationen. Ret stavningen (se "
              "»mente du«), eller find navnet med `lovkode schema`."),
    "LK702": ("Forkert type i sagen", "Værdien har ikke faktummets type: `true`/`false` for en sandhedsværdi, et tal for "
              "tal, beløb, timer og procent, en tekst `ÅÅÅÅ-MM-DD` for en dato, en af valgets tekster for et valg."),
    "LK703": ("Umulig dato i sagen", "Datoen findes ikke i kalenderen, eller den er ikke skrevet `ÅÅÅÅ-MM-DD`."),
    "LK704": ("Procent uden for 0–100", "En procent angives som et tal fra 0 til 100 (50 betyder 50 %)."),
    "LK705": ("Negative timer", "Et timetal kan ikke være negativt."),
    "LK706": ("Ukendt valg i sagen", "Teksten er ikke en af de muligheder, faktummet er erklæret med (se »mente du«)."),
    "LK707": ("Tal uden for det tilladte", "Et tal i en sag skal ligge mellem −1.000.000.000.000 og 1.000.000.000.000 og "
              "have højst 6 decimaler. Så er al regning med sagens tal eksakt (et resultat med mere end 100 cifre er "
              "udefineret, aldrig afrundet); et større tal er næsten altid en "
              "tastefejl."),
    "LK708": ("Sagen er ikke et objekt", "En sag er ét JSON-objekt med faktanavne som nøgler, f.eks. "
              "`{\"afgørelsesdato\": \"2024-06-01\"}`."),
    "LK709": ("Nøgle angivet to gange", "Samme nøgle står mere end én gang i sagen. JSON siger ikke, hvilken værdi der "
              "så gælder, og mange værktøjer tager stiltiende den sidste; lovkode afviser sagen i stedet, så intet "
              "betyder noget andet, end der står. Slet den ene forekomst."),
    "LK710": ("Fødselsdato efter afgørelsesdato", "Personen kan ikke være født efter den dag, sagen afgøres. Det er "
              "næsten altid en tastefejl i den ene af de to datoer; ret den, der er forkert. Begge nøgler nævnes i "
              "meddelelsen."),
    "LK711": ("Ugyldig JSON", "Sagen er ikke ét gyldigt JSON-dokument. Meddelelsen siger, i hvilken linje og kolonne "
              "læsningen stoppede, og hvad der forventedes dér. `NaN` og `Infinity` er ikke tal i JSON."),
    "LK712": ("Ikke UTF-8", "Filen indeholder en byte, der ikke er gyldig UTF-8 (f.eks. en fil gemt som Latin-1 eller "
              "Windows-1252). Gem filen som UTF-8; et byte-order mark (BOM) i begyndelsen er tilladt. I en JSON "
              "Lines-fil afvises kun den linje, byten står i."),
    "LK713": ("Enligt surrogat-tegn", "En `\\ud800`–`\\udfff`-escape uden sin partner er ikke et tegn og kan ikke "
              "skrives som UTF-8. Den stammer som regel fra et program, der har klippet en emoji eller et andet tegn "
              "uden for det grundlæggende tegnsæt over. Ret nøglen eller værdien."),
    "LK714": ("For stor sag eller linje", "En sagsfil må højst fylde 1.000.000 byte, og det samme gælder en linje i en "
              "JSON Lines-fil; en rigtig sag fylder nogle få kilobyte. Grænsen gør, at en fejl (eller `/dev/zero`) "
              "ikke får lovkode til at bruge al hukommelsen. En for lang linje springes over; de andre vurderes."),
    "LK715": ("Sagsfilen kan ikke læses", "Stien findes ikke, er en mappe, eller filen kan ikke læses (adgang "
              "nægtet). Angiv stien til en JSON-fil, eller `-` for at læse sagen fra standard input."),
}
CATALOGUE.update(_EXPLANATIONS)


def make(code: str, span: Span = NOWHERE, suggestions: tuple[str, ...] = (), **facts) -> Diagnostic:
    """Build the diagnostic for ``code`` with the facts of the problem filled into its wording."""
    severity, message, hint = _TEMPLATES[code]
    facts.setdefault("hint", "")
    text = message.format(**facts)
    hint_text = hint.format(**facts) if hint else None
    if suggestions and not hint_text:
        hint_text = did_you_mean(suggestions)
    return Diagnostic(code, severity, text, span, hint_text or None, tuple(suggestions))


COMPARE_HINT = "Sammenlign værdien med noget, f.eks. `»x« er \"bevilget\"` eller `»y« > 0`."
"""LK303's advice when the condition is a value that names nothing."""


def quoted_name_hint(name: str) -> str:
    """LK303's advice when a text in "…" is the name of something: names are written in »…«."""
    return f"Et navn skrives i »…«, ikke i \"…\": mente du `»{name}«`?"


def exception_target_hint(near_names) -> str:
    """LK203's advice: the exception names a rule that does not exist (a fact would not help)."""
    if near_names:
        return did_you_mean([f"»{n}«" for n in near_names])
    return "Skriv navnet på den regel, undtagelsen gælder, som det står efter `regel` eller `spørgsmål`."


def did_you_mean(suggestions) -> str:
    """Danish "mente du …?" for one or more near-miss names."""
    names = [f"`{s}`" for s in suggestions]
    if not names:
        return ""
    if len(names) == 1:
        return f"Mente du {names[0]}?"
    return f"Mente du {', '.join(names[:-1])} eller {names[-1]}?"


def unknown_name_hint(name: str, candidates) -> tuple[str, tuple[str, ...]]:
    """Hint and suggestions for an unknown name."""
    found = suggest(name, candidates)
    if found:
        return did_you_mean(found), found
    return "Erklær navnet med `faktum` eller `regel`, eller ret stavningen.", ()


# `lovkode check --verbose`: how the columns compute each rule's numbers (lovkode.columnar.scale) ----------

NUMBERS_TITLE = "TAL"
NUMBERS_INTRO = (
    "Tal i søjlevis evaluering (`lovkode batch --uden-forklaring`, `Spec.evaluate_table`): søjlerne regner et "
    "tal som et helt tal på 64 bit, hvor lovkode har bevist, at det aldrig bliver for stort, og ellers som "
    "decimaltal. Svaret er det samme begge veje; kun hastigheden er forskellig. Herunder står de regler, hvor "
    "beviset ikke holder for enhver sag, og hvorfor.")
NUMBERS_ALL_PROVEN = "Alle regneudtryk er bevist eksakte som hele tal på 64 bit."
NUMBERS_VERDICT = {
    Exactness.CHECKED: "regnes som helt tal, hvor tabellens tal tillader det (det tjekkes for hver tabel), "
                       "og ellers som decimaltal",
    Exactness.DECIMAL: "regnes som decimaltal",
}
NUMBERS_LOSS = {
    Loss.DIVISION: "Division: regnes som decimaltal, for en division har ikke et fast antal decimaler "
                   "(1/3 = 0,333…).",
    Loss.IN_YEARS: "Omregning til år: regnes som decimaltal, for måneder bliver til tolvtedele af et år.",
    Loss.TOO_LARGE: "Med kontraktens største tal kan resultatet blive for stort til et helt tal på 64 bit: "
                    "det tjekkes for hver tabel, og ellers regnes det som decimaltal.",
    Loss.REGULATED: "Reguleret beløb: slås op i reguleringen, der blev regnet ud ved indlæsningen, og måles "
                    "for hver tabel.",
    Loss.MEASURED: "Værdien måles for hver tabel.",
}


def numbers_rule(name: str, verdict) -> str:
    return f"»{name}« {NUMBERS_VERDICT[verdict]}." if verdict in NUMBERS_VERDICT else \
        f"»{name}« bruger tal, der ikke alle er bevist som hele tal."


NUMBERS_SHORT = {Exactness.CHECKED: "tjekkes for hver tabel", Exactness.DECIMAL: "decimaltal"}


def numbers_builds_on(rules) -> str:
    """The rules (name, verdict) a rule builds on whose numbers are not proven."""
    parts = [f"»{name}« ({NUMBERS_SHORT[verdict]})" for name, verdict in rules]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
    return f"Bygger på {listed}."


def numbers_summary(decimal: int, checked: int) -> str:
    return f"Tal: {_places(decimal)} regnes som decimaltal, {_places(checked)} tjekkes for hver tabel."


def _places(count: int) -> str:
    return f"{count} {'sted' if count == 1 else 'steder'}"


def explain(code: str) -> str | None:
    """The long explanation of a code, for ``lovkode forklar``."""
    entry = CATALOGUE.get(code.upper())
    if entry is None:
        return None
    title, text = entry
    return f"{code.upper()}: {title}\n\n{text}\n"
