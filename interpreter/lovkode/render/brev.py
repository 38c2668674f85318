"""A draft afgørelsesbrev built from begrundelser, as data, and written as Markdown or HTML.

The letter's legal frame comes from the forvaltningslov and the klage rules (`../shared/kilder/
forvaltningsret-begrundelse-og-klage.md`): a begrundelse with the rules, the main considerations of a skøn
and the facts relied on (fvl. §§ 22 and 24), a klagevejledning with klageinstans, fremgangsmåde and
frist (fvl. § 25; LAB § 204; rsl. §§ 66-67; BEK 861/2025 § 11), and the sender's identification
(fvl. § 32 b). What the sources do not give (the kommune's address, how it receives a klage, the
signature) stays a marked placeholder, never invented.

The kind of letter follows from the answers: a decision; a request for the missing information when a
decision cannot be made yet; a note that the decision must be made without lovkode when the sources
are silent; a partshøring (fvl. § 19) before an afslag when asked for. :mod:`lovkode.brev` is the
command; :mod:`lovkode.render.brev_docx` writes the same letter as a Word document.
"""
from __future__ import annotations

import enum
from html import escape
from typing import Union

import attrs

from .begrundelse import Begrundelse, Reason, Udfald, merge_rules, missing_line

PLACEHOLDER = "Udfyldes"
"""The word that marks what the caseworker must fill in: ``[Udfyldes: …]``."""


class Slags(enum.Enum):
    """What the draft is."""

    AFGØRELSE = "afgørelse"
    ANMODNING = "anmodning om oplysninger"
    UDEN_LOVKODE = "afgøres uden lovkode"
    PARTSHØRING = "partshøring"


@attrs.frozen
class Brevhoved:
    """The letterhead: from options or a small JSON file; what is not given becomes a placeholder."""

    kommune: str | None = None
    sagsnummer: str | None = None
    dato: str | None = None
    modtager: str | None = None


@attrs.frozen
class Text:
    text: str


@attrs.frozen
class Placeholder:
    """Something the caseworker must fill in or decide; ``why`` says what the sources do not give."""

    text: str


@attrs.frozen
class Quote:
    source: str
    text: str | None


@attrs.frozen
class Reasons:
    reasons: tuple[Reason, ...]


@attrs.frozen
class Items:
    items: tuple[str, ...]


Block = Union[Text, Placeholder, Quote, Reasons, Items]


@attrs.frozen
class Afsnit:
    title: str
    blocks: tuple[Block, ...]
    optional: str | None = None
    """Why the section may be left out (a bevilling that gives everything applied for)."""


@attrs.frozen
class Brev:
    title: str
    slags: Slags
    hoved: Brevhoved
    afsnit: tuple[Afsnit, ...]


class NotADecision(ValueError):
    """The questions asked are not decisions to a citizen; the message says which and why."""


class NoAfslag(ValueError):
    """A partshøring was asked for, but no answer is an afslag."""


# The letter's fixed legal text, each sentence with its source (see the module docstring).
_KLAGEVEJLEDNING = (
    "Du kan klage over afgørelsen til Ankestyrelsens Beskæftigelsesudvalg (lov om en aktiv "
    "beskæftigelsesindsats § 204, stk. 1, jf. retssikkerhedslovens § 59 a). Det er kun den, afgørelsen "
    "vedrører, der kan klage (§ 204, stk. 2).",
    "Klagen skal sendes til {kommune}, som har truffet afgørelsen (retssikkerhedslovens § 66, stk. 1). "
    "Fristen er 4 uger efter, at du har fået besked om afgørelsen (retssikkerhedslovens § 67, stk. 1).",
    "Kommunen vurderer sagen igen, inden 4 uger efter at klagen er modtaget. Giver kommunen dig ikke helt "
    "eller delvist medhold, sender den klagen, sin genvurdering og sagens akter til Ankestyrelsen og giver "
    "dig besked (retssikkerhedsbekendtgørelsen, BEK nr. 861 af 19. juni 2025, § 11, stk. 1).",
    "En klage har ikke opsættende virkning (retssikkerhedslovens § 72, stk. 1).",
)
_KLAGE_HOW = ("hvordan og hvortil klagen sendes (adresse, Digital Post eller mail); kilderne siger ikke, om "
              "en klage kan gives mundtligt")
_SIGNATUR = ("sagsbehandlerens navn og titel eller en anden entydig identifikation af afsenderen "
             "(forvaltningslovens § 32 b)")
_OPTIONAL = ("Kan udelades, hvis afgørelsen fuldt ud giver borgeren medhold i det, der er søgt om "
             "(forvaltningslovens §§ 22 og 25, stk. 1). Vurdér det ud fra ansøgningen, ikke kun ud fra "
             "resultatet: en bevilling med vilkår om fx timetal eller arbejdsintensitet giver ikke "
             "nødvendigvis fuldt medhold.")
_NOT_WEIGHED = ("hvis borgeren har fremført oplysninger eller synspunkter, som ikke er tillagt vægt, "
                "forklares her hvorfor")
_ASKED_HEADINGS = {"borgeren": "Fra dig", "arbejdsgiveren": "Fra din arbejdsgiver",
                   "kommunen": "Kommunen undersøger selv", None: "Øvrige oplysninger"}


def build(begrundelser: list[Begrundelse], hoved: Brevhoved, partshøring: bool = False) -> Brev:
    """The draft letter for these answers (each a decision to a citizen)."""
    others = [b for b in begrundelser if not b.decision]
    if others:
        names = ", ".join(f"»{b.question}«" for b in others)
        raise NotADecision(
            f"{names} er ikke en afgørelse til borgeren: begrundelsen er til revision og kolleger, ikke til et "
            f"afgørelsesbrev. Brug `lovkode eval` for at se den. Spørgsmål, der er afgørelser, er markeret med "
            f"`afgørelse til borgeren` i specifikationen.")
    silent = [b for b in begrundelser if b.udfald is Udfald.TAVS]
    unknown = [b for b in begrundelser if b.udfald is Udfald.UKENDT]
    if silent:
        return _without_lovkode(begrundelser, silent, hoved)
    if unknown:
        return _request(begrundelser, unknown, hoved)
    if partshøring:
        return _partshøring(begrundelser, hoved)
    return _decision(begrundelser, hoved)


def _topic(begrundelser: list[Begrundelse]) -> str:
    return " og ".join(b.question for b in begrundelser)


def _decision(begrundelser, hoved) -> Brev:
    full = all(b.udfald in (Udfald.JA, Udfald.VÆRDI) for b in begrundelser)
    optional = _OPTIONAL if full else None
    afsnit = [
        Afsnit("Afgørelse", tuple(Text(b.conclusion) for b in begrundelser)),
        Afsnit("Begrundelse", _reasons(begrundelser), optional),
        Afsnit("Regler", _rules(begrundelser), optional),
        Afsnit("Oplysninger vi har lagt vægt på", _facts(begrundelser) + (Placeholder(_NOT_WEIGHED),), optional),
        Afsnit("Klagevejledning", _klagevejledning(hoved), optional),
    ]
    return Brev(f"Afgørelse om {_topic(begrundelser)}", Slags.AFGØRELSE, hoved, tuple(afsnit) + (_signature(),))


def _reasons(begrundelser) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for b in begrundelser:
        if len(begrundelser) > 1:
            blocks.append(Text(f"{b.question[:1].upper()}{b.question[1:]}: {b.conclusion}"))
        blocks.append(Reasons(b.reasons))
    return tuple(blocks)


def _rules(begrundelser) -> tuple[Block, ...]:
    rules = merge_rules(rule for b in begrundelser for rule in b.rules)
    return tuple(Quote(rule.citation, rule.law_text) for rule in rules)


def _facts(begrundelser) -> tuple[Block, ...]:
    facts = list(dict.fromkeys(f for b in begrundelser for f in b.facts))
    return (Items(tuple(facts)),) if facts else ()


def _klagevejledning(hoved) -> tuple[Block, ...]:
    kommune = hoved.kommune or "kommunen"
    return tuple(Text(t.format(kommune=kommune)) for t in _KLAGEVEJLEDNING) + (Placeholder(_KLAGE_HOW),)


def _signature() -> Afsnit:
    return Afsnit("Med venlig hilsen", (Placeholder(_SIGNATUR),))


def _request(begrundelser, unknown, hoved) -> Brev:
    missing = list(dict.fromkeys(m for b in unknown for m in b.missing))
    blocks: list[Block] = [Text(
        f"Vi er ved at behandle din sag om {_topic(unknown)}. Vi kan ikke træffe afgørelse endnu, fordi vi "
        f"mangler nogle oplysninger.")]
    for asked in ("borgeren", "arbejdsgiveren", "kommunen", None):
        group = [m for m in missing if m.asked == asked]
        if group:
            blocks.append(Text(f"{_ASKED_HEADINGS[asked]}:"))
            blocks.append(Items(tuple(m.question if asked else missing_line(m) for m in group)))
    blocks.append(Placeholder("frist for at sende oplysningerne"))
    blocks.append(Text(
        "Vi kan bede dig om at medvirke til at få de oplysninger frem, der er nødvendige for at afgøre sagen "
        "(retssikkerhedslovens § 11, stk. 1). Medvirker du ikke, skal vi behandle sagen på det foreliggende "
        "grundlag (retssikkerhedslovens § 11 b)."))
    afsnit = [Afsnit("Vi mangler oplysninger", tuple(blocks)),
              Afsnit("Det ved vi indtil nu", _reasons(unknown)),
              Afsnit("Regler", _rules(unknown))]
    return Brev(f"Anmodning om oplysninger i sagen om {_topic(unknown)}", Slags.ANMODNING, hoved,
                tuple(afsnit) + (_signature(),))


def _without_lovkode(begrundelser, silent, hoved) -> Brev:
    blocks: list[Block] = [Text(
        f"Afgørelsen om {_topic(silent)} skal træffes uden lovkode. Kilderne, lovkode bygger på, giver ikke "
        f"svaret i denne sag:")]
    blocks.append(Items(tuple(s for b in silent for s in b.silent)))
    blocks.append(Text("Find de regler, der gælder på afgørelsesdatoen, og træf afgørelsen efter dem. Brevet "
                       "skal så have begrundelse og klagevejledning som andre afgørelser "
                       "(forvaltningslovens §§ 22, 24 og 25)."))
    afsnit = [Afsnit("Til sagsbehandleren", tuple(blocks)),
              Afsnit("Det ved vi indtil nu", _reasons(silent)),
              Afsnit("Regler", _rules(silent))]
    return Brev(f"Sagen om {_topic(silent)} kan ikke afgøres med lovkode", Slags.UDEN_LOVKODE, hoved, tuple(afsnit))


def _partshøring(begrundelser, hoved) -> Brev:
    afslag = [b for b in begrundelser if b.udfald is Udfald.NEJ]
    if not afslag:
        raise NoAfslag("Partshøring (forvaltningslovens § 19) er før et afslag, men ingen af svarene er et afslag. "
                       "Lav brevet uden --partshøring.")
    blocks: list[Block] = [Text(
        f"Vi overvejer at træffe denne afgørelse: {' '.join(b.conclusion for b in afslag)} Før vi træffer "
        f"afgørelsen, vil vi give dig lejlighed til at udtale dig om de oplysninger, vi vil lægge vægt på "
        f"(forvaltningslovens § 19, stk. 1)."),
        Placeholder("frist for at udtale sig (forvaltningslovens § 19, stk. 1, 3. pkt.)")]
    afsnit = [Afsnit("Partshøring", tuple(blocks)),
              Afsnit("Oplysninger, vi vil lægge vægt på", _facts(afslag)),
              Afsnit("Sådan ser vi sagen nu", _reasons(afslag)),
              Afsnit("Regler", _rules(afslag))]
    return Brev(f"Partshøring før afgørelse om {_topic(afslag)}", Slags.PARTSHØRING, hoved,
                tuple(afsnit) + (_signature(),))


# Markdown -----------------------------------------------------------------------------------------
def _head_lines(hoved: Brevhoved) -> list[tuple[str, str]]:
    return [("Kommune", hoved.kommune or f"[{PLACEHOLDER}: kommunens navn]"),
            ("Sagsnummer", hoved.sagsnummer or f"[{PLACEHOLDER}: sagsnummer]"),
            ("Dato", hoved.dato or f"[{PLACEHOLDER}: dato]")] + \
        ([("Til", hoved.modtager)] if hoved.modtager else [])


def markdown(brev: Brev) -> str:
    lines = [f"{label}: {value}  " for label, value in _head_lines(brev.hoved)]
    lines += ["", f"# {brev.title}", ""]
    for afsnit in brev.afsnit:
        lines += [f"## {afsnit.title}", ""]
        if afsnit.optional:
            lines += [f"*Valgfrit afsnit: {afsnit.optional}*", ""]
        for block in afsnit.blocks:
            lines += _md_block(block) + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Text):
        return [block.text]
    if isinstance(block, Placeholder):
        return [f"**[{PLACEHOLDER}: {block.text}]**"]
    if isinstance(block, Quote):
        if block.text:
            return [f"**{block.source}**", "", f"> {block.text}"]
        return [f"**{block.source}**"]
    if isinstance(block, Items):
        return [f"- {item}" for item in block.items]
    lines: list[str] = []
    for reason in block.reasons:
        _md_reason(reason, 0, lines)
    return lines


def _md_reason(reason: Reason, depth: int, lines: list[str]) -> None:
    lines.append(f"{'  ' * depth}- {reason.line()}")
    for child in reason.children:
        _md_reason(child, depth + 1, lines)


# HTML ---------------------------------------------------------------------------------------------
_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 42em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #111; }
.brevhoved { text-align: right; margin-bottom: 2em; }
.brevhoved p { margin: 0; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
blockquote { border-left: 3px solid #999; margin: .4em 0 1em; padding-left: 1em; color: #333; }
.udfyldes { background: #fff3b0; font-weight: bold; }
.valgfrit { font-style: italic; color: #444; }
ul { padding-left: 1.4em; }
@media print { body { margin: 0; max-width: none; } .udfyldes { background: none; border: 1px dashed #000; } }
"""


def html(brev: Brev) -> str:
    """One self-contained, printable HTML file (no scripts, no outside resources)."""
    out = ["<!DOCTYPE html>", '<html lang="da">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(brev.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           '<header class="brevhoved">']
    for label, value in _head_lines(brev.hoved):
        shown = escape(value)
        if value.startswith(f"[{PLACEHOLDER}"):
            shown = f'<span class="udfyldes">{shown}</span>'
        out.append(f"<p>{escape(label)}: {shown}</p>")
    out += ["</header>", "<main>", f"<h1>{escape(brev.title)}</h1>"]
    for afsnit in brev.afsnit:
        out.append("<section>")
        out.append(f"<h2>{escape(afsnit.title)}</h2>")
        if afsnit.optional:
            out.append(f'<p class="valgfrit">Valgfrit afsnit: {escape(afsnit.optional)}</p>')
        for block in afsnit.blocks:
            out.append(_html_block(block))
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_block(block: Block) -> str:
    if isinstance(block, Text):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Placeholder):
        return f'<p><span class="udfyldes">[{PLACEHOLDER}: {escape(block.text)}]</span></p>'
    if isinstance(block, Quote):
        quote = f"<blockquote>{escape(block.text)}</blockquote>" if block.text else ""
        return f"<p><strong>{escape(block.source)}</strong></p>{quote}"
    if isinstance(block, Items):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    return _html_reasons(block.reasons)


def _html_reasons(reasons) -> str:
    parts = ["<ul>"]
    for reason in reasons:
        parts.append(f"<li>{escape(reason.line())}")
        if reason.children:
            parts.append(_html_reasons(reason.children))
        parts.append("</li>")
    parts.append("</ul>")
    return "".join(parts)
