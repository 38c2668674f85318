"""Syntax highlighting of lovkode for Pygments (and so for the docs site, editors and ``pygmentize``).

Input: the text of a ```lovkode block. Output: Pygments tokens. Error strategy: anything the
language does not contain comes out as an ``Error`` token instead of being silently swallowed, so
the site's tests notice when the grammar grows and this lexer does not.

The token rules mirror the terminals of ``grammar/lovkode.lark`` (which stays the only truth about
syntax); this module imports nothing from the rest of ``lovkode`` on purpose: Pygments loads it
through an entry point, and a half-finished interpreter must never break highlighting of other
languages.

Token choices, so that the site can act on them:

* ``Name.Function`` — the name a declaration defines (``regel »x«``): the site puts the anchor here;
* ``Name.Variable`` — every other name (``»x«``, ``<<x>>`` or the machine name ``x``): the site
  links it to its definition;
* ``String.Doc`` — the citation after ``hjemmel:`` and the amending act in ``version … (lov nr. …):``;
* ``Literal.Number`` — a number together with its unit (``12,5 timer``, ``35 %``, ``16.323 kr.``,
  ``65 år 6 måneder``), because in lovkode the unit is part of the value;
* ``Literal.Date`` — ``2020-01-01`` and ``1. januar 2020``.
"""
from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (
    Comment,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

__all__ = ["LovkodeLexer"]

# A name as the law writes it (»…«, also «…» and <<…>> for keyboards without the guillemets).
_QUOTED = r"»[^»«\n]+«|«[^»«\n]+»|<<[^<>\n]+>>"
# The machine name (``varig_og_væsentlig_nedsættelse``): letters, digits and _, not starting with a digit.
_IDENT = r"[^\W\d]\w*"
_NAME = rf"(?:{_QUOTED}|{_IDENT})"

_MONTHS = r"januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
# A number as Danish law text writes it: `.` separates thousands, `,` is the decimal sign.
_NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d.])"
_DURATION_UNIT = r"(?:år|måneder|måned|uger|uge|dage|dag)(?!\w)"
_UNIT = r"(?:timer|time|%|pct\.|procent(?!\w)|kr\.|kroner(?!\w))"

# Declarations that define a name: the name right after the keyword is the definition.
_DEFINING = ("faktum", "regel", "spørgsmål", "skøn", "tabel", "anbefaling")

_KEYWORDS = (
    # bodies and conditions
    "er", "opfyldt", "når", "medmindre", "hvis", "så", "ellers",
    "alle", "af", "følgende", "mindst", "én", "ingen",
    # validity in time, table rows, comparisons in words
    "version", "fra", "før", "efter", "til", "med", "højst", "under", "over", "oplyst",
    # parts of declarations
    "id", "beskrivelse", "vurdering", "krav", "hensyn", "imod", "afvejning", "gives",
    "givet", "mangler", "valg", "mellem", "gældende", "ret", "vurderes", "på",
    "undtagelse", "eksempel", "kilde", "gælder",
    # regulated amounts and silence of the sources
    "niveau", "reguleres", "finansår", "beløbet", "afrundes", "hvert", "kilderne", "tavse", "om", "der",
    "oplysninger", "lovligt", "udøvet", "mere", "mindre", "end", "den", "del", "overstiger", "men", "kravet",
    "bortfalder",
    # expressions
    "i", "år", "afrundet", "hele", "kroner", "mindste", "største",
)
_OPERATOR_WORDS = ("og", "eller", "ikke", "gange", "plus", "minus")
_CONSTANTS = ("ja", "nej", "sand", "falsk", "ukendt")
_TYPES = ("sandhedsværdi", "tal", "timer", "procent", "beløb", "dato", "varighed", "tekst")

# Danish letters count as word characters, so keywords end where a word ends, not at a \b
# between ASCII and æ/ø/å.
_WORD_END = r"(?!\w)"
_WORD_START = r"(?<!\w)"


class LovkodeLexer(RegexLexer):
    """Lexer for lovkode, the Danish rules-as-code language (see ``docs/sprog.md``)."""

    name = "lovkode"
    aliases = ["lovkode"]
    filenames = ["*.lovkode"]
    mimetypes = ["text/x-lovkode"]
    url = "https://lovkode.invalid/sprog/"

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (r"#[^\n]*", Comment.Single),
            # hjemmel: the rest of the line is the citation, exactly as the grammar's CITATION.
            (r"(hjemmel)([ \t]*)(:)([^\n]*)", bygroups(Keyword, Whitespace, Punctuation, String.Doc)),
            # Declarations that define a name.
            (
                rf"^([ \t]*)({'|'.join(_DEFINING)})([ \t]+)({_NAME})",
                bygroups(Whitespace, Keyword.Declaration, Whitespace, Name.Function),
            ),
            # undtagelse »navn« til »regel« — the exception's own name is a definition.
            (
                rf"^([ \t]*)(undtagelse)([ \t]+)((?!til{_WORD_END}){_NAME})([ \t]+)(til){_WORD_END}",
                bygroups(Whitespace, Keyword.Declaration, Whitespace, Name.Function, Whitespace, Keyword),
            ),
            (rf"^([ \t]*)(reguleret)([ \t]+)(beløb)([ \t]+)({_NAME})",
             bygroups(Whitespace, Keyword.Declaration, Whitespace, Keyword.Declaration, Whitespace, Name.Function)),
            (rf"^([ \t]*)(undtagelse|eksempel){_WORD_END}", bygroups(Whitespace, Keyword.Declaration)),
            (rf"^([ \t]*)(kilde)([ \t]+)({_IDENT})", bygroups(Whitespace, Keyword.Declaration, Whitespace, Name.Constant)),
            (
                rf"(gældende)([ \t]+)(ret)([ \t]+)(vurderes)([ \t]+)(på){_WORD_END}",
                bygroups(Keyword.Declaration, Whitespace, Keyword.Declaration, Whitespace,
                         Keyword.Declaration, Whitespace, Keyword.Declaration),
            ),
            (rf"^([ \t]*)(version){_WORD_END}", bygroups(Whitespace, Keyword.Declaration)),
            # The act that introduced a version: `(lov nr. 1559 af 27. december 2019):`
            (r"(\()([^()\n]*)(\))(?=[ \t]*:)", bygroups(Punctuation, String.Doc, Punctuation)),
            # A bullet of a list (conditions, cases, table rows, examples).
            (r"^([ \t]*)(-)(?=[ \t])", bygroups(Whitespace, Punctuation)),
            (r"[ \t]+", Whitespace),
            # Names.
            (_QUOTED, Name.Variable),
            (r'"[^"\n]*"', String.Double),
            # Literals: dates first (`1. januar 2020` must not read as the number 1), then
            # durations, numbers with a unit, bare numbers.
            (r"\d{4}-\d{2}-\d{2}(?!\d)", Literal.Date),
            (rf"\d{{1,2}}\.[ \t]*(?:{_MONTHS})[ \t]+\d{{4}}", Literal.Date),
            (rf"{_NUMBER}[ \t]*{_DURATION_UNIT}(?:[ \t]+{_NUMBER}[ \t]*{_DURATION_UNIT})*", Number),
            (rf"{_NUMBER}[ \t]*{_UNIT}", Number),
            (r"\d+,\d+(?![\d.])", Number.Float),
            (_NUMBER, Number.Integer),
            (r"\d+", Number.Integer),  # e.g. `12.5`: a checker error, still a number to the eye
            # `tekst:` in an anbefaling is a part, `tekst` elsewhere a type.
            (r"(tekst)([ \t]*)(:)", bygroups(Keyword, Whitespace, Punctuation)),
            (words(_TYPES, prefix=_WORD_START, suffix=_WORD_END), Keyword.Type),
            (words(_CONSTANTS, prefix=_WORD_START, suffix=_WORD_END), Keyword.Constant),
            (words(_OPERATOR_WORDS, prefix=_WORD_START, suffix=_WORD_END), Operator.Word),
            (words(_KEYWORDS, prefix=_WORD_START, suffix=_WORD_END), Keyword),
            (words(_DEFINING + ("reguleret",), prefix=_WORD_START, suffix=_WORD_END), Keyword.Declaration),
            (_IDENT, Name.Variable),
            (r"≠|!=|≤|<=|≥|>=|<|>|=|\+|-|−|×|\*|/|%", Operator),
            (r"[:,;().]", Punctuation),
        ],
    }

