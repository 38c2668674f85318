"""MkDocs hooks: the law pages of the lovkode site, generated from the spec at build time.

Input: the spec directory (``spec/*.md``; ``LOVKODE_SPEC_DIR`` overrides it, which the tests use) and
the interpreter (``lovkode.load``). Output, added to the site without any copy kept by hand:

* one page per spec file under ``spec/``, with every ```lovkode block highlighted, every name in it
  linked to its definition, an anchor on every definition, a list under each block of where its
  definitions are used, and every example as a table whose result is computed now;
* ``begreber/`` (all facts and rules), ``spoergsmaal/`` (each question with a Mermaid diagram of what
  it depends on), ``eksempler/`` (every example and its result) and ``aendringer/`` (the versions of
  the law in force, by date);
* the list of diagnostic codes in ``guide/jurister.md``, from ``lovkode.messages.CATALOGUE``.

Error strategy: every problem (the spec does not load, an example fails, the interpreter cannot be
imported) is logged at ERROR on the ``mkdocs`` logger and the build carries on, so one run reports all
of them and the pages still show what can be shown; ``strict: true`` in mkdocs.yml then stops the
build. A failing example therefore fails ``mkdocs build --strict``.

Security: spec files are plain text written by many hands, and the site is public. Nothing from a
spec file reaches the HTML unescaped. Raw HTML in Markdown is switched off for the whole site (the
:class:`SafeMarkdown` extension), links and images may only use http(s), mailto or relative
addresses, page metadata (front matter) in spec files is ignored, fences in spec prose cannot ask
for Mermaid, and everything this module writes itself is built from ``html.escape``-d strings and
inserted after Markdown has run, through random placeholders a spec file cannot guess.

Why our own scan of the blocks (``scan_block``) beside the interpreter: the anchors and links are placed
on the tokens of the highlighter, so the scan must see exactly the tokens the reader sees. The
interpreter supplies what a scan cannot know: types, descriptions, citations, dependencies and the
computed examples.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import logging
import os
import re
import secrets
import sys
import textwrap
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from pygments.token import STANDARD_TYPES, Name, String, Whitespace
from pygments.token import Keyword as KeywordToken
from pygments.token import Literal as LiteralToken

# Under "mkdocs", so that mkdocs counts our errors and `strict` turns them into a failed build.
log = logging.getLogger("mkdocs.hooks.lovkode")

SPEC_PREFIX = "spec/"
GENERATED = {
    "begreber.md": "Begreber",
    "spoergsmaal.md": "Spørgsmål",
    "eksempler.md": "Eksempler",
    "aendringer.md": "Ændringer over tid",
}
DIAGNOSTICS_MARKER = "<!-- lovkode:fejlkoder -->"
NUMBERS_MARKER = "<!-- lovkode:tal -->"
SCHEMA_FILE = "sag.schema.json"

# ---------------------------------------------------------------------------------------------------
# Markdown without raw HTML and without dangerous links
# ---------------------------------------------------------------------------------------------------

_SAFE_SCHEMES = {"http", "https", "mailto"}
# Where a URL's scheme ends: at the first ":" that comes before any "/", "?" or "#".
_SCHEME_END = re.compile(r"^([^/?#]*):")


def safe_url(url: str) -> bool:
    """Whether a link or image address may appear on the site: an allow-list, judged on what the
    browser will see.

    The browser decodes character references in an attribute (``&#106;avascript:``,
    ``javascript&colon;``, ``&Tab;``) and then ignores tabs, newlines and control characters inside
    the scheme and spaces around it (``java\tscript:``). So the address is decoded first, then every
    control character and all whitespace is dropped, and only then is the scheme judged: http, https
    and mailto pass, and so do relative addresses and fragments (no scheme at all). Decoding is
    repeated until nothing changes, so ``&amp;#106;`` cannot hide a reference either.
    """
    decoded = url
    for _ in range(5):
        again = html.unescape(decoded)
        if again == decoded:
            break
        decoded = again
    else:
        return False  # nested deeper than any honest link
    squeezed = "".join(ch for ch in decoded if ch.isprintable() and not ch.isspace()).lower()
    match = _SCHEME_END.match(squeezed)
    return match is None or match.group(1) in _SAFE_SCHEMES


class _LinkSanitizer(Treeprocessor):
    """Turn a link or image with a scheme other than http(s) or mailto into plain text.

    The element becomes a ``<span>`` rather than losing its attribute, because mkdocs expects every
    ``<a>`` to have an ``href`` and every ``<img>`` a ``src``.
    """

    def run(self, root):  # noqa: D102 - Treeprocessor API
        unescape = self.md.treeprocessors["unescape"].unescape if "unescape" in self.md.treeprocessors else str
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value is not None and not safe_url(unescape(value)):
                alt = element.get("alt") if element.tag == "img" else None
                element.tag = "span"
                element.attrib.clear()
                element.set("class", "lovkode-fjernet-link")
                if alt is not None:
                    element.text = alt
        return root


class SafeMarkdown(Extension):
    """Markdown for a site that publishes untrusted text.

    Raw HTML (block and inline) is not recognised, so ``<script>`` in a spec file is shown as text;
    ``javascript:`` and ``data:`` addresses are removed from links and images. It applies to the
    whole site: the hand-written guides need no raw HTML either, and one rule is easier to trust.
    """

    def extendMarkdown(self, md):  # noqa: N802 - Markdown API
        for name in ("html_block",):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        if "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        # After the inline patterns (20) and before mkdocs rewrites relative links (0).
        md.treeprocessors.register(_LinkSanitizer(md), "lovkode_safe_links", 5)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~^])")


def md_text(text: str) -> str:
    """Text for a Markdown heading or paragraph that Markdown shows exactly as written."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def esc(text: Any) -> str:
    """HTML-escape anything (quotes included, since we also write attributes)."""
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------------------------------------------
# Names, values, dates
# ---------------------------------------------------------------------------------------------------


def machine_name(name: str) -> str:
    """The machine name of a name as sprog.md defines it: »dagpengenes højeste beløb pr. måned« →
    ``dagpengenes_højeste_beløb_pr_måned``."""
    if name.startswith(("»", "«")) and len(name) >= 2:
        name = name[1:-1]
    elif name.startswith("<<") and name.endswith(">>"):
        name = name[2:-2]
    name = " ".join(name.split()).lower().replace(" ", "_").replace("-", "_")
    return "".join(ch for ch in name if ch == "_" or ch.isalnum())


def quoted(name: str) -> str:
    """»name« for display (a machine name stays as it is)."""
    if name.startswith("»") and name.endswith("«"):
        return name
    if name.startswith("«") and name.endswith("»"):
        return f"»{name[1:-1]}«"
    if name.startswith("<<") and name.endswith(">>"):
        return f"»{name[2:-2]}«"
    if "_" in name or name.isidentifier():
        return f"»{name.replace('_', ' ')}«"
    return f"»{name}«"


_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"]
_DANISH_DATE = re.compile(r"(\d{1,2})\.\s*(" + "|".join(_MONTHS) + r")\s+(\d{4})")


def parse_date(text: str) -> _dt.date | None:
    """A date as lovkode writes it (``2020-01-01`` or ``1. januar 2020``), or None."""
    text = text.strip()
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _DANISH_DATE.fullmatch(text)
    if match:
        try:
            return _dt.date(int(match.group(3)), _MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        except ValueError:
            return None
    return None


def danish_date(day: _dt.date) -> str:
    """``1. januar 2020``: how a Danish lawyer reads a date."""
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


def danish_number(value: Decimal | int | float) -> str:
    """12,5 and 16.323 — the interpreter's own Danish number format, so site and begrundelse agree."""
    from lovkode.render.text import danish_number as interpreter_danish_number

    return interpreter_danish_number(value if isinstance(value, Decimal) else Decimal(str(value)))


_UNITS = {"timer": " timer", "procent": " %", "beløb": " kr."}


def format_value(value: Any, type_text: str | None = None) -> str:
    """A value as the spec writes it: ja/nej, 12,5 timer, 35 %, 16.323 kr., 2020-01-01, "bevilget"."""
    if value is None:
        return "ukendt"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float, Decimal)):
        return danish_number(value) + _UNITS.get((type_text or "").strip(), "")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return f"\"{value}\""
    return str(value)


# ---------------------------------------------------------------------------------------------------
# Reading the spec files: fences, blocks, declarations, uses, versions
# ---------------------------------------------------------------------------------------------------

# The same fence rule as lovkode.literate: up to three spaces, ``` or ~~~, an info string.
_FENCE = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_HEADING = re.compile(r"^[ ]{0,3}(?P<level>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
# Any line that could open a fence for pymdownx.superfences, also inside quotes and lists.
_ANY_FENCE = re.compile(r"^(?P<lead>[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_SAFE_LANGUAGE = re.compile(r"[A-Za-z0-9_+\-]+")

_DEFINING = {"faktum", "regel", "spørgsmål", "skøn", "tabel", "anbefaling"}
_KIND_WORDS = {
    "faktum": "faktum", "regel": "regel", "spørgsmål": "spørgsmål", "skøn": "skøn", "tabel": "tabel",
    "anbefaling": "anbefaling", "undtagelse": "undtagelse", "eksempel": "eksempel",
}


@dataclass
class Fence:
    """A fenced block of a Markdown file; lines are 0-based indexes of the file's lines."""

    start: int
    end: int  # the closing line (== number of lines when the block is never closed)
    info: str

    @property
    def body_lines(self) -> range:
        """1-based line numbers of the body, as spans count them."""
        return range(self.start + 2, self.end + 1)


@dataclass
class VersionSource:
    """One ``version …:`` of a rule or table, as written: for the page of changes."""

    header: str
    body: str
    start: _dt.date | None  # first day it applies, None = since always
    end: _dt.date | None  # last day it applies (inclusive), None = still
    law: str | None
    line: int


@dataclass
class Definition:
    """A name defined in a spec block, with where its anchor is."""

    id: str
    name: str  # as written, »…«
    kind: str
    file: str
    line: int
    anchor: str
    versions: list[VersionSource] = field(default_factory=list)
    key: str | None = None  # a table's key (the name after `efter`)
    rows: list[VersionSource] = field(default_factory=list)  # a table's rows outside any version


@dataclass
class Use:
    """A declaration that refers to a name."""

    label: str  # »regel«, or "undtagelse til »regel«"
    file: str
    anchor: str | None
    line: int


@dataclass
class SpecFile:
    """A spec file as the site sees it."""

    path: str  # relative to the spec dir, posix
    text: str
    title: str
    fences: list[Fence]


def read_fences(lines: list[str]) -> list[Fence]:
    """The top-level fenced blocks of a Markdown file, found exactly as lovkode.literate finds them."""
    fences = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match:
            marker = match.group("fence")
            closing = re.compile(r"^[ ]{0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
            j = i + 1
            while j < len(lines) and not closing.match(lines[j]):
                j += 1
            fences.append(Fence(i, j, match.group("info").strip()))
            i = j + 1
            continue
        i += 1
    return fences


def is_lovkode(fence: Fence) -> bool:
    """Whether a fence holds rules (its info string starts with ``lovkode``)."""
    words = fence.info.split()
    return bool(words) and words[0] == "lovkode"


def first_heading(text: str) -> str:
    """The text of the first level-1 heading, for ordering and the fallback index."""
    for line in text.split("\n"):
        match = _HEADING.match(line)
        if match and len(match.group("level")) == 1:
            return match.group("text")
    return ""


def spec_order_key(path: str, title: str) -> tuple:
    """§ order: a leading number in the file name, else the first § number of the title."""
    stem = path.rsplit("/", 1)[-1]
    leading = re.match(r"(\d+)", stem)
    if leading:
        return (0, int(leading.group(1)), stem)
    paragraph = re.search(r"§\s*(\d+)", title)
    if paragraph:
        return (1, int(paragraph.group(1)), stem)
    return (2, 0, stem)


def _lexer():
    """The lovkode lexer; imported here so that the site works from a checkout without the package."""
    try:
        from lovkode.pygments_lexer import LovkodeLexer
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "interpreter"))
        from lovkode.pygments_lexer import LovkodeLexer
    return LovkodeLexer()


@dataclass
class Token:
    """A lexer token with its 0-based line inside the block."""

    ttype: Any
    value: str
    line: int


def tokenize(lexer, text: str) -> list[Token]:
    """Tokens with line numbers; get_tokens_unprocessed keeps the text exactly (no stripped newlines)."""
    tokens = []
    line = 0
    for _, ttype, value in lexer.get_tokens_unprocessed(text):
        tokens.append(Token(ttype, value, line))
        line += value.count("\n")
    return tokens


def _css_class(ttype) -> str:
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def _range_of(words: list[tuple[str, str]]) -> tuple[_dt.date | None, _dt.date | None]:
    """(first day, last day) of a version range: fra/før/efter/til og med with dates."""
    one_day = _dt.timedelta(days=1)
    start = end = None
    i = 0
    while i < len(words):
        kind, value = words[i]
        date = parse_date(words[i + 1][1]) if i + 1 < len(words) and words[i + 1][0] == "date" else None
        if kind == "fra" and date:
            start = date
            i += 2
        elif kind == "efter" and date:
            start = date + one_day
            i += 2
        elif kind == "før" and date:
            end = date - one_day
            i += 2
        elif kind == "til og med" and date:
            end = date
            i += 2
        else:
            i += 1
    return start, end


def scan_block(lexer, spec_file: str, fence: Fence, lines: list[str], anchor_of, in_force: set[str]) -> tuple[
        list[Definition], list[tuple[str, Use]]]:
    """Definitions (with versions and table rows) and uses of names in one lovkode block; the names
    that select the law in force (`gældende ret vurderes på »x«`) are added to ``in_force``."""
    body = lines[fence.start + 1 : fence.end]
    text = "\n".join(body)
    tokens = tokenize(lexer, text)
    by_line: dict[int, list[Token]] = {}
    for token in tokens:
        by_line.setdefault(token.line, []).append(token)
    definitions: list[Definition] = []
    uses: list[tuple[str, Use]] = []
    owner: Use | None = None
    owner_def: Definition | None = None
    first = fence.start + 2  # 1-based line of the block's first line
    for index, line in enumerate(body):
        significant = [t for t in by_line.get(index, []) if t.ttype not in Whitespace and t.value.strip()]
        if not significant:
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        head = significant[0]
        if indent == 0 and head.ttype in KeywordToken.Declaration:
            owner = None
            owner_def = None
            word = head.value
            defined = next((t for t in significant if t.ttype in Name.Function), None)
            if defined is not None:
                ident = machine_name(defined.value)
                owner_def = Definition(ident, quoted(defined.value), _KIND_WORDS.get(word, word), spec_file,
                                       first + index, anchor_of(ident))
                definitions.append(owner_def)
                owner = Use(owner_def.name, spec_file, owner_def.anchor, first + index)
                if word == "tabel":
                    key = next((t for t in significant if t.ttype in Name.Variable), None)
                    owner_def.key = machine_name(key.value) if key is not None else None
            if word == "undtagelse":
                target = next((t for t in significant if t.ttype in Name.Variable), None)
                label = f"undtagelse til {quoted(target.value)}" if target else "undtagelse"
                if defined is not None:
                    label = f"undtagelse {quoted(defined.value)} til {quoted(target.value) if target else '?'}"
                owner = Use(label, spec_file, owner.anchor if owner else None, first + index)
            elif word == "gældende":
                owner = Use("gældende ret", spec_file, None, first + index)
            elif word == "eksempel":
                owner = None  # examples are tests, not uses
        if owner_def is not None and head.ttype in KeywordToken.Declaration and head.value == "version":
            owner_def.versions.append(_version(body, index, indent, significant, first))
        if (owner_def is not None and owner_def.kind == "tabel" and not owner_def.versions
                and head.value == "-" and indent > 0):
            owner_def.rows.append(_row(body, index, indent, significant, first))
        if head.value == "gældende":
            date_name = next((t for t in significant if t.ttype in Name.Variable), None)
            if date_name is not None:
                in_force.add(machine_name(date_name.value))
        if owner is not None:
            for token in significant:
                if token.ttype in Name.Variable:
                    uses.append((machine_name(token.value), owner))
    return definitions, uses


def _range_words(tokens: list[Token]) -> list[tuple[str, str]]:
    words: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.ttype in LiteralToken.Date:
            words.append(("date", token.value))
        elif token.value == "til" and i + 2 < len(tokens) and tokens[i + 2].value == "med":
            words.append(("til og med", "til og med"))
            i += 2
        elif token.value in {"fra", "før", "efter"}:
            words.append((token.value, token.value))
        elif token.value == ":":
            break
        i += 1
    return words


def _row(body: list[str], index: int, indent: int, significant: list[Token], first: int) -> VersionSource:
    """A table row ``- fra D til og med E: value`` and the hjemmel under it."""
    start, end = _range_of(_range_words(significant[1:]))
    line = body[index].strip()
    value = line.split(":", 1)[1].strip() if ":" in line else ""
    law = None
    if index + 1 < len(body) and body[index + 1].strip().startswith("hjemmel"):
        law = body[index + 1].split(":", 1)[1].strip() if ":" in body[index + 1] else None
    return VersionSource(line, value, start, end, law, first + index)


def _version(body: list[str], index: int, indent: int, significant: list[Token], first: int) -> VersionSource:
    law = next((t.value.strip() for t in significant if t.ttype in String.Doc), None)
    words = _range_words(significant[1:])
    start, end = _range_of(words)
    j = index + 1
    while j < len(body) and (not body[j].strip() or len(body[j]) - len(body[j].lstrip(" \t")) > indent):
        j += 1
    block = textwrap.dedent("\n".join(body[index + 1 : j])).rstrip("\n")
    return VersionSource(body[index].strip(), block, start, end, law, first + index)


# ---------------------------------------------------------------------------------------------------
# The site model: spec files, scan, interpreter
# ---------------------------------------------------------------------------------------------------


def _import_lovkode(root: Path):
    """lovkode, also when only the checkout is at hand (the interpreter folder is a src layout)."""
    try:
        import lovkode
    except ImportError:
        sys.path.insert(0, str(root / "interpreter"))
        import lovkode
    return lovkode


class Site:
    """Everything the hooks computed for one build."""

    def __init__(self, config) -> None:
        self.root = Path(config.config_file_path).resolve().parent
        self.spec_dir = Path(os.environ.get("LOVKODE_SPEC_DIR") or self.root / "spec").resolve()
        self.nonce = secrets.token_hex(12)
        self.fragments: dict[str, dict[str, str]] = {}
        self.lexer = _lexer()
        self.files: list[SpecFile] = []
        self.urls: dict[str, str] = {}  # src_uri → page url
        self.definitions: dict[str, Definition] = {}
        self.uses: dict[str, list[Use]] = {}
        self.in_force: set[str] = set()  # names of the dates that select the law in force
        self.spec = None
        self.results: list[Any] = []
        self.catalogue: dict[str, tuple[str, str]] | None = None
        self.load_error = False
        self.mermaid_js = find_mermaid(self.root)
        started = time.perf_counter()
        self._read()
        self._load()
        log.info("lovkode: %d spec-filer, %d definitioner, %d eksempler på %.2f s", len(self.files),
                 len(self.definitions), len(self.results), time.perf_counter() - started)

    # -- reading --------------------------------------------------------------------------------------

    def _read(self) -> None:
        if not self.spec_dir.is_dir():
            log.error("lovkode: mappen med spec-filerne findes ikke: %s", self.spec_dir)
            return
        for path in sorted(self.spec_dir.rglob("*.md")):
            relative = path.relative_to(self.spec_dir).as_posix()
            text = path.read_text(encoding="utf-8")
            self.files.append(SpecFile(relative, text, first_heading(text), read_fences(text.split("\n"))))
        for spec_file in self.files:
            lines = spec_file.text.split("\n")
            for fence in spec_file.fences:
                if not is_lovkode(fence):
                    continue
                definitions, uses = scan_block(self.lexer, spec_file.path, fence, lines, self.anchor,
                                               self.in_force)
                for definition in definitions:
                    if definition.id in self.definitions:
                        continue  # a double definition is the checker's error (LK202); link to the first
                    self.definitions[definition.id] = definition
                for ident, use in uses:
                    known = self.uses.setdefault(ident, [])
                    if not any(u.label == use.label and u.file == use.file for u in known):
                        known.append(use)

    @staticmethod
    def anchor(ident: str) -> str:
        """The HTML id of a definition."""
        return f"def-{ident}"

    def ordered_files(self) -> list[SpecFile]:
        """Spec files in § order; the index first."""
        index = [f for f in self.files if f.path == "index.md"]
        others = [f for f in self.files if f.path != "index.md"]
        return index + sorted(others, key=lambda f: spec_order_key(f.path, f.title))

    # -- the interpreter ------------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            lovkode = _import_lovkode(self.root)
        except Exception as exc:  # noqa: BLE001 - any failure to import is reported, never hidden
            log.error("lovkode: fortolkeren kan ikke importeres (%s: %s); eksemplerne kan ikke beregnes",
                      type(exc).__name__, exc)
            self.load_error = True
            return
        try:
            from lovkode import messages

            self.catalogue = dict(messages.CATALOGUE)
        except Exception:  # noqa: BLE001 - the list of codes is optional
            self.catalogue = None
        try:
            self.spec = lovkode.load(str(self.spec_dir))
        except getattr(lovkode, "SpecError", Exception) as exc:
            self.load_error = True
            for diagnostic in getattr(exc, "diagnostics", None) or [exc]:
                if getattr(diagnostic, "is_error", True):
                    log.error("lovkode: %s", describe_diagnostic(diagnostic))
                else:
                    log.info("lovkode: %s", describe_diagnostic(diagnostic))
            return
        except Exception as exc:  # noqa: BLE001
            self.load_error = True
            log.error("lovkode: specifikationen kan ikke indlæses (%s: %s)", type(exc).__name__, exc)
            return
        self._alias_interpreter_ids()
        for warning in getattr(self.spec, "warnings", ()) or ():
            # Warnings (an unused fact) are the checker's business, not a reason to stop the site.
            log.info("lovkode: %s", describe_diagnostic(warning))
        try:
            self.results = list(self.spec.run_examples())
        except Exception as exc:  # noqa: BLE001
            log.error("lovkode: eksemplerne kan ikke køres (%s: %s)", type(exc).__name__, exc)
            return
        for result in self.results:
            if not result.passed:
                example = result.example
                log.error("lovkode: %s: eksemplet '%s' fejler: %s", _where(example.span), example.name,
                          result.message)

    def _alias_interpreter_ids(self) -> None:
        """Let the interpreter's ids find our anchors even where its machine names differ from ours
        (names with punctuation): the same file and line is the same definition."""
        by_place = {(d.file, d.line): d for d in self.definitions.values()}
        for item in [*self.spec.facts.values(), *self.spec.rules.values()]:
            if item.id in self.definitions:
                continue
            span = getattr(item, "span", None)
            spec_path = next((f.path for f in self.files if span is not None and _same_file(span.file, f.path)), None)
            definition = by_place.get((spec_path, getattr(span, "line", None)))
            if definition is not None:
                self.definitions[item.id] = definition

    # -- lookups --------------------------------------------------------------------------------------

    def fact(self, ident: str):
        """The interpreter's Fact, or None."""
        return self.spec.facts.get(ident) if self.spec is not None else None

    def rule(self, ident: str):
        """The interpreter's Rule (table, skøn, question included), or None."""
        return self.spec.rules.get(ident) if self.spec is not None else None

    def display(self, ident: str) -> str:
        """»name« of an id."""
        if ident in self.definitions:
            return self.definitions[ident].name
        item = self.fact(ident) or self.rule(ident)
        if item is not None and getattr(item, "name", None):
            return quoted(item.name)
        return quoted(ident)

    def type_of(self, ident: str) -> str | None:
        """The Danish type text of a fact or rule."""
        item = self.fact(ident) or self.rule(ident)
        return getattr(item, "type", None) if item is not None else None

    def page_url(self, spec_path: str) -> str:
        """The site URL of a spec file's page."""
        return self.urls.get(SPEC_PREFIX + spec_path, SPEC_PREFIX + spec_path)

    def href(self, ident: str, from_url: str) -> str | None:
        """A relative link from the page at from_url to the definition of ident."""
        definition = self.definitions.get(ident)
        if definition is None:
            return None
        target = self.page_url(definition.file)
        relative = get_relative_url(target, from_url) if target != from_url else ""
        return f"{relative}#{quote(definition.anchor)}"

    def link(self, ident: str, from_url: str, text: str | None = None) -> str:
        """<a> to a definition, or the plain escaped name."""
        label = esc(text if text is not None else self.display(ident))
        target = self.href(ident, from_url)
        return f'<a href="{esc(target)}">{label}</a>' if target else label

    def url_to(self, src_uri: str, from_url: str, anchor: str | None = None) -> str:
        """A relative link to a page of the site (and an anchor on it)."""
        target = self.urls.get(src_uri, src_uri)
        relative = get_relative_url(target, from_url) if target != from_url else ""
        return relative + (f"#{quote(anchor)}" if anchor else "")

    # -- placeholders ---------------------------------------------------------------------------------

    def fragment(self, src_uri: str, html_text: str) -> str:
        """A placeholder paragraph for HTML to insert after Markdown; unguessable by a spec file."""
        store = self.fragments.setdefault(src_uri, {})
        key = f"LOVKODE{self.nonce}X{len(store)}X"  # closed, so that X1X is no prefix of X10X
        store[key] = html_text
        return f"\n\n{key}\n\n"

    def insert_fragments(self, src_uri: str, content: str) -> str:
        """Replace the placeholders of a page by their HTML."""
        for key, html_text in self.fragments.get(src_uri, {}).items():
            content = content.replace(f"<p>{key}</p>", html_text).replace(key, html_text)
        return content

    # -- highlighting -------------------------------------------------------------------------------

    def highlight(self, text: str, from_url: str, *, anchors: bool) -> str:
        """lovkode as HTML: Pygments classes, names linked, definitions anchored, all text escaped."""
        parts = []
        for token in tokenize(self.lexer, text):
            value = esc(token.value)
            if token.ttype in Whitespace:
                # Material lays code out as a grid of line spans (as pymdownx writes them); keep that shape.
                parts.append(value.replace("\n", '\n</span><span class="lovkode-linje">'))
                continue
            css = _css_class(token.ttype)
            if token.ttype in Name.Function or token.ttype in Name.Variable:
                ident = machine_name(token.value)
                definition = self.definitions.get(ident)
                is_definition = token.ttype in Name.Function
                if is_definition and anchors and definition is not None:
                    parts.append(f'<span class="{css} lovkode-def" id="{esc(definition.anchor)}">{value}</span>')
                    continue
                target = self.href(ident, from_url) if definition is not None else None
                if target:
                    title = esc(f"{definition.kind} {definition.name}")
                    parts.append(f'<a class="lovkode-navn" href="{esc(target)}" title="{title}">'
                                 f'<span class="{css}">{value}</span></a>')
                    continue
            parts.append(f'<span class="{css}">{value}</span>')
        return ('<div class="language-lovkode highlight lovkode-blok"><pre><span></span><code>'
                '<span class="lovkode-linje">' + "".join(parts) + "\n</span></code></pre></div>")


def describe_diagnostic(diagnostic) -> str:
    """One line for the build log: ``fil:linje:kolonne: [KODE] besked (hjælp: …)``."""
    if not hasattr(diagnostic, "code"):
        return str(diagnostic)
    text = f"{diagnostic.span}: [{diagnostic.code}] {diagnostic.message}"
    if getattr(diagnostic, "hint", None):
        text += f" (hjælp: {diagnostic.hint})"
    return text


def _where(span) -> str:
    if span is None:
        return "?"
    return f"{getattr(span, 'file', '?')}:{getattr(span, 'line', '?')}"


# ---------------------------------------------------------------------------------------------------
# Rendering: spec pages
# ---------------------------------------------------------------------------------------------------


def render_spec_page(site: Site, spec_file: SpecFile, src_uri: str, url: str) -> str:
    """The Markdown of a spec page: the prose as written, every lovkode block replaced by HTML."""
    lines = spec_file.text.split("\n")
    out: list[str] = []
    position = 0
    for fence in spec_file.fences:
        out.extend(_safe_prose(lines[position : fence.start]))
        if is_lovkode(fence):
            out.append(site.fragment(src_uri, render_block(site, spec_file, fence, lines, url)))
        else:
            out.extend(_safe_prose(lines[fence.start : fence.start + 1], force=True))
            out.extend(lines[fence.start + 1 : fence.end + 1])
        position = fence.end + 1
    out.extend(_safe_prose(lines[position:]))
    return "\n".join(out)


def _safe_prose(lines: list[str], *, force: bool = False) -> list[str]:
    """Prose lines with every fence opener's info string reduced to a plain language name.

    superfences would otherwise honour ``mermaid`` (a diagram drawn by script) and ``{ … }``
    attributes from a spec file, also inside quotes and lists.
    """
    safe = []
    for line in lines:
        match = _ANY_FENCE.match(line)
        if match and (force or match.group("info").strip()):
            info = match.group("info").strip()
            language = info.split()[0].lstrip("{.") if info.split() else ""
            if not _SAFE_LANGUAGE.fullmatch(language) or language.lower() == "mermaid":
                language = "text" if info else ""
            line = f"{match.group('lead')}{match.group('fence')}{language}"
        safe.append(line)
    return safe


def _segments(body: list[str]) -> list[tuple[str, int, int]]:
    """Split a block into its top-level declarations: (first word, first index, end index)."""
    segments: list[tuple[str, int, int]] = []
    for index, line in enumerate(body):
        if line.strip() and not line[0].isspace() and not line.lstrip().startswith("#"):
            if segments:
                word, start, _ = segments[-1]
                segments[-1] = (word, start, index)
            segments.append((line.split()[0], index, len(body)))
    if not segments:
        return [("", 0, len(body))]
    word, start, end = segments[0]
    segments[0] = (word, 0, end)  # comments and blank lines before the first declaration
    return segments


def render_block(site: Site, spec_file: SpecFile, fence: Fence, lines: list[str], url: str) -> str:
    """One lovkode block: its declarations as code, followed by where their names are used; each
    example as a table computed at build time, with its source folded away under it."""
    body = lines[fence.start + 1 : fence.end]
    first = fence.start + 2
    results = {}
    for result in site.results:
        span = getattr(result.example, "span", None)
        if span is not None and _same_file(span.file, spec_file.path) and span.line in fence.body_lines:
            results[span.line] = result
    parts: list[str] = []
    pending: list[str] = []
    pending_lines: list[int] = []

    def flush() -> None:
        if not pending:
            return
        parts.append(site.highlight("\n".join(pending).rstrip("\n"), url, anchors=True))
        parts.append(_usage(site, spec_file, set(pending_lines), url))
        pending.clear()
        pending_lines.clear()

    for word, start, end in _segments(body):
        result = next((results[n] for n in range(first + start, first + end) if n in results), None)
        if word == "eksempel" and result is not None:
            flush()
            code = site.highlight("\n".join(body[start:end]).strip("\n"), url, anchors=True)
            parts.append(render_example(site, result, url, code))
        else:
            pending.extend(body[start:end])
            pending_lines.extend(range(first + start, first + end))
    flush()
    return "\n".join(p for p in parts if p)


def _usage(site: Site, spec_file: SpecFile, lines: set[int], url: str) -> str:
    """Under a piece of code: where each name defined in it is used."""
    usage = []
    for definition in site.definitions.values():
        if definition.file != spec_file.path or definition.line not in lines:
            continue
        links = []
        for use in site.uses.get(definition.id, []):
            if use.label == definition.name:
                continue
            if use.anchor:
                target = site.url_to(SPEC_PREFIX + use.file, url, use.anchor)
                links.append(f'<a href="{esc(target)}">{esc(use.label)}</a>')
            else:
                links.append(esc(use.label))
        name = f'<a href="#{esc(quote(definition.anchor))}">{esc(definition.name)}</a>'
        if links:
            usage.append(f"<li>{name} bruges i {_join(links)}.</li>")
        elif definition.kind == "faktum":
            usage.append(f"<li>{name} bruges ikke af nogen regel.</li>")
        if site.spec is not None and definition.id in getattr(site.spec, "questions", ()):
            target = site.url_to("spoergsmaal.md", url, f"q-{definition.id}")
            usage.append(f"<li>{name} er et af specifikationens spørgsmål — "
                         f'<a href="{esc(target)}">se, hvad det bygger på</a>.</li>')
    return '<ul class="lovkode-brug">' + "".join(usage) + "</ul>" if usage else ""


def _same_file(span_file: str, spec_path: str) -> bool:
    span_file = str(span_file).replace("\\", "/")
    return span_file == spec_path or span_file.endswith("/" + spec_path)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def example_anchor(result) -> str:
    """The HTML id of an example's table."""
    span = result.example.span
    stem = str(span.file).replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".md")
    return f"eks-{machine_name(stem)}-{span.line}"


def _answer(site: Site, ident: str, answer, url: str) -> str:
    """An expected or computed answer: value, or »ukendt, mangler …« with links."""
    value, missing = answer if isinstance(answer, tuple) else (answer, ())
    text = esc(format_value(value, site.type_of(ident)))
    if value is None and missing:
        text += ", mangler " + ", ".join(site.link(m, url) for m in missing)
    return text


def render_example(site: Site, result, url: str, code: str = "") -> str:
    """An example as a table: the facts given, the answers expected and computed, a pass/fail mark."""
    example = result.example
    passed = bool(result.passed)
    mark = ('<span class="lovkode-mark lovkode-ok" title="Beregnet ved opbygningen af siden">✔ bestået</span>'
            if passed else '<span class="lovkode-mark lovkode-fejl">✘ fejler</span>')
    rows = []
    given = dict(getattr(example, "given", {}) or {})
    expected = dict(getattr(example, "expected", {}) or {})
    actual = dict(getattr(result, "actual", {}) or {})
    for number, (ident, value) in enumerate(given.items()):
        head = f'<th rowspan="{len(given)}">Givet</th>' if number == 0 else ""
        rows.append(f"<tr>{head}<td>{site.link(ident, url)}</td>"
                    f"<td>{esc(format_value(value, site.type_of(ident)))}</td><td></td></tr>")
    for number, (ident, answer) in enumerate(expected.items()):
        head = f'<th rowspan="{len(expected)}">Så</th>' if number == 0 else ""
        got = actual.get(ident)
        if got is None:
            computed = "—"
            same = False
        else:
            computed = _answer(site, ident, got, url)
            same = _answer(site, ident, got, url) == _answer(site, ident, answer, url)
        sign = "✔" if same else "✘"
        rows.append(f"<tr>{head}<td>{site.link(ident, url)}</td><td>{_answer(site, ident, answer, url)}</td>"
                    f'<td class="{"lovkode-ok" if same else "lovkode-fejl"}">{computed} {sign}</td></tr>')
    if not given:
        rows.insert(0, '<tr><th>Givet</th><td colspan="3"><em>ingen fakta</em></td></tr>')
    message = "" if passed else f'<p class="lovkode-besked">{esc(result.message)}</p>'
    state = "lovkode-bestaaet" if passed else "lovkode-fejlet"
    source = (f'<details class="lovkode-kilde"><summary>Eksemplet i lovkode</summary>{code}</details>'
              if code else "")
    return (f'<div class="lovkode-eksempel {state}" id="{esc(example_anchor(result))}">'
            f'<p class="lovkode-eksempel-titel">{mark} Eksempel: <strong>{esc(example.name)}</strong></p>'
            '<table><thead><tr><th></th><th>Navn</th><th>Givet / forventet</th><th>Beregnet</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{message}{source}</div>')


# ---------------------------------------------------------------------------------------------------
# Rendering: generated pages
# ---------------------------------------------------------------------------------------------------


def _danish_key(text: str) -> str:
    """Sort key in Danish alphabetical order (æ, ø, å after z)."""
    table = str.maketrans({"æ": "{", "ø": "|", "å": "}", "»": "", "«": ""})
    return text.lower().translate(table)


def _not_loaded(site: Site) -> str:
    return ("!!! failure \"Specifikationen kunne ikke indlæses\"\n"
            "    Fejlene står i loggen fra `mkdocs build`. Siden viser kun det, der kan læses uden fortolkeren.\n")


def render_index(site: Site, src_uri: str, url: str) -> str:
    """begreber.md: every fact (name, type, meaning, hjemmel) and every rule, table and skøn."""
    out = ["# Begreber", "",
           "Alle fakta, sagen skal oplyse, og alle regler, specifikationen udleder af dem. Navnet fører til "
           "definitionen i loven; maskinnavnet er det, en JSON-sag bruger.", ""]
    if site.spec is None:
        return "\n".join(out) + "\n" + _not_loaded(site)
    facts = sorted(site.spec.facts.values(), key=lambda f: _danish_key(f.name))
    rows = []
    for fact in facts:
        rows.append(f"<tr><td>{site.link(fact.id, url)}<br><code>{esc(fact.id)}</code></td>"
                    f"<td>{esc(fact.type)}</td><td>{esc(fact.description or '')}</td>"
                    f"<td>{esc(fact.citation or '—')}</td></tr>")
    out += ["## Fakta", "", f"{len(facts)} fakta. Under navnet står maskinnavnet, som en sag i JSON bruger.",
            site.fragment(src_uri, "<table><thead><tr><th>Navn</th><th>Type</th>"
                                   "<th>Betydning</th><th>Hjemmel</th></tr></thead><tbody>"
                                   + "".join(rows) + "</tbody></table>")]
    questions = list(site.spec.questions)
    rows = []
    for ident in questions:
        rule = site.rule(ident)
        if rule is None:
            continue
        target = site.url_to("spoergsmaal.md", url, f"q-{ident}")
        rows.append(f"<tr><td>{site.link(ident, url)}<br><code>{esc(ident)}</code></td>"
                    f"<td>{esc(rule.type or '')}</td><td>{esc(rule.citation or '—')}</td>"
                    f'<td><a href="{esc(target)}">diagram</a></td></tr>')
    out += ["", "## Spørgsmål", "",
            "Spørgsmålene er dem, `lovkode eval` besvarer, når man ikke angiver `--question`.",
            site.fragment(src_uri, "<table><thead><tr><th>Navn</th><th>Type</th>"
                                   "<th>Hjemmel</th><th>Afhængigheder</th></tr></thead><tbody>"
                                   + "".join(rows) + "</tbody></table>")]
    rules = sorted((r for r in site.spec.rules.values() if r.id not in questions), key=lambda r: _danish_key(r.name))
    rows = []
    for rule in rules:
        rows.append(f"<tr><td>{site.link(rule.id, url)}</td><td>{esc(rule.kind)}</td>"
                    f"<td>{esc(rule.type or '')}</td><td>{esc(rule.citation or '—')}</td></tr>")
    out += ["", "## Regler, skøn og tabeller", "",
            site.fragment(src_uri, "<table><thead><tr><th>Navn</th><th>Slags</th><th>Type</th>"
                                   "<th>Hjemmel</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")]
    recommendations = list(getattr(site.spec, "recommendations", ()) or ())
    if recommendations:
        rows = []
        for item in recommendations:
            ident = getattr(item, "id", None) or machine_name(str(getattr(item, "name", "")))
            rows.append(f"<tr><td>{site.link(ident, url, quoted(str(getattr(item, 'name', ident))))}</td>"
                        f"<td>{esc(getattr(item, 'text', '') or '')}</td>"
                        f"<td>{esc(getattr(item, 'citation', '') or '—')}</td></tr>")
        out += ["", "## Anbefalinger", "",
                "Anbefalinger ændrer aldrig et juridisk svar; de vises sammen med det.",
                site.fragment(src_uri, "<table><thead><tr><th>Navn</th><th>Tekst</th><th>Hjemmel</th></tr>"
                                       "</thead><tbody>" + "".join(rows) + "</tbody></table>")]
    return "\n".join(out) + "\n"


def dependency_graph(site: Site, question: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Nodes (in breadth-first order) and edges of everything a question depends on."""
    nodes = [question]
    edges: list[tuple[str, str]] = []
    seen = {question}
    queue = [question]
    extra = _exception_dependencies(site)
    while queue:
        current = queue.pop(0)
        rule = site.rule(current)
        dependencies = list(getattr(rule, "dependencies", ()) or ()) if rule is not None else []
        dependencies += [d for d in extra.get(current, []) if d not in dependencies]
        for dependency in dependencies:
            edges.append((current, dependency))
            if dependency not in seen:
                seen.add(dependency)
                nodes.append(dependency)
                queue.append(dependency)
    return nodes, edges


def _exception_dependencies(site: Site) -> dict[str, list[str]]:
    """What undtagelser add to a rule, when the interpreter keeps them apart from its dependencies."""
    extra: dict[str, list[str]] = {}
    for exception in getattr(site.spec, "exceptions", ()) or ():
        target = getattr(exception, "target", None) or getattr(exception, "rule", None)
        target = getattr(target, "id", target)
        if not isinstance(target, str):
            continue
        for dependency in getattr(exception, "dependencies", ()) or ():
            extra.setdefault(target, []).append(dependency)
    return extra


def mermaid_label(text: str) -> str:
    """Text that Mermaid shows literally inside a "…" label."""
    text = " ".join(text.split())
    for char, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, entity)
    return text


def mermaid_source(site: Site, question: str) -> str:
    """A Mermaid flowchart: the question, the rules it builds on, the facts at the bottom."""
    nodes, edges = dependency_graph(site, question)
    number = {ident: f"n{i}" for i, ident in enumerate(nodes)}
    lines = ["flowchart LR"]
    for ident in nodes:
        label = mermaid_label(site.display(ident))
        if site.fact(ident) is not None:
            lines.append(f'  {number[ident]}["{label}"]:::faktum')
        elif ident == question:
            lines.append(f'  {number[ident]}(["{label}"]):::spoergsmaal')
        else:
            lines.append(f'  {number[ident]}("{label}"):::regel')
    for source, target in edges:
        lines.append(f"  {number[source]} --> {number[target]}")
    lines.append("  classDef faktum fill:#eef,stroke:#557")
    lines.append("  classDef regel fill:#efe,stroke:#575")
    lines.append("  classDef spoergsmaal fill:#fed,stroke:#a62,stroke-width:2px")
    return "\n".join(lines)


def render_questions(site: Site, src_uri: str, url: str) -> str:
    """spoergsmaal.md: per question its type, hjemmel, a Mermaid diagram and the list it shows."""
    out = ["# Spørgsmål", "",
           "Hvert spørgsmål, specifikationen besvarer, med det, svaret bygger på. Diagrammet går fra "
           "spørgsmålet (til venstre) over reglerne til de fakta, sagen skal oplyse (firkantede). "
           "Listen under diagrammet siger det samme i tekst.", ""]
    if site.spec is None:
        return "\n".join(out) + "\n" + _not_loaded(site)
    for question in site.spec.questions:
        rule = site.rule(question)
        nodes, _ = dependency_graph(site, question)
        facts = [n for n in nodes if site.fact(n) is not None]
        rules = [n for n in nodes[1:] if site.fact(n) is None]
        out += [f"## {md_text(site.display(question))}", ""]
        info = (f'<p id="{esc(f"q-{question}")}" class="lovkode-spoergsmaal">'
                f"Definition: {site.link(question, url)} · type: {esc(getattr(rule, 'type', '') or '')} · "
                f"hjemmel: {esc(getattr(rule, 'citation', '') or '—')} · maskinnavn: <code>{esc(question)}</code></p>")
        diagram = f'<pre class="mermaid"><code>{esc(mermaid_source(site, question))}</code></pre>'
        listing = (f"<p><strong>Bygger på {len(rules)} regler</strong>: "
                   + (_join([site.link(r, url) for r in rules]) or "ingen") + ".</p>"
                   f"<p><strong>Og på {len(facts)} fakta</strong>: "
                   + (_join([site.link(f, url) for f in facts]) or "ingen") + ".</p>")
        out.append(site.fragment(src_uri, info + diagram + listing))
    return "\n".join(out) + "\n"


def render_examples(site: Site, src_uri: str, url: str) -> str:
    """eksempler.md: every example of the spec, where it is, and whether it passed at build time."""
    passed = sum(1 for r in site.results if r.passed)
    failed = len(site.results) - passed
    out = ["# Eksempler", "",
           "Hvert eksempel i specifikationen er både dokumentation og test. Resultaterne herunder blev "
           "beregnet, da siden blev bygget; et eksempel, der fejler, stopper opbygningen.", ""]
    if site.spec is None:
        return "\n".join(out) + "\n" + _not_loaded(site)
    out.append(f"**{passed} bestået, {failed} fejler** ({len(site.results)} i alt).")
    rows = []
    for result in sorted(site.results, key=lambda r: (str(r.example.span.file), r.example.span.line)):
        path = str(result.example.span.file).replace("\\", "/")
        spec_path = next((f.path for f in site.files if _same_file(path, f.path)), path)
        target = site.url_to(SPEC_PREFIX + spec_path, url, example_anchor(result))
        mark = ('<span class="lovkode-ok">✔ bestået</span>' if result.passed
                else '<span class="lovkode-fejl">✘ fejler</span>')
        page = next((f.title for f in site.files if f.path == spec_path), spec_path)
        rows.append(f'<tr><td><a href="{esc(target)}">{esc(result.example.name)}</a></td>'
                    f"<td>{esc(page)}</td><td>{mark}</td></tr>")
    out.append(site.fragment(src_uri, "<table><thead><tr><th>Eksempel</th><th>Side</th><th>Resultat</th></tr>"
                                      "</thead><tbody>" + "".join(rows) + "</tbody></table>"))
    return "\n".join(out) + "\n"


def _version_span(version: VersionSource) -> str:
    if version.start and version.end:
        return f"fra {danish_date(version.start)} til og med {danish_date(version.end)}"
    if version.start:
        return f"fra {danish_date(version.start)}"
    if version.end:
        return f"til og med {danish_date(version.end)}"
    return "altid"


def render_changes(site: Site, src_uri: str, url: str) -> str:
    """aendringer.md: the law in force by date, newest first: every version of a rule or table, and
    every row of a table looked up by the date that selects the law in force (a knækpunkt per year);
    then each of them with its text."""
    versioned = [d for d in site.definitions.values() if d.versions]
    dated = [d for d in site.definitions.values() if d.rows and d.key in site.in_force]
    order = lambda d: (spec_order_key(d.file, ""), d.line)  # noqa: E731
    versioned.sort(key=order)
    dated.sort(key=order)
    out = ["# Ændringer over tid", "",
           "En afgørelse bedømmes efter den tekst, der gjaldt på dagen for gældende ret (normalt "
           "afgørelsesdatoen; for fleksløntilskud beregningsmåneden). Her er alt i specifikationen, der "
           "skifter med datoen: først som en tidslinje, nyeste først, og derefter med hver versions tekst.", ""]
    if not versioned and not dated:
        return "\n".join(out) + "\nSpecifikationen har ingen versioner i tid.\n"
    events: list[tuple[_dt.date | None, Definition, VersionSource, str]] = []
    for definition in versioned:
        events += [(v.start, definition, v, "ny version") for v in definition.versions]
    for definition in dated:
        events += [(r.start, definition, r, f"række: {r.body}") for r in definition.rows]
    events.sort(key=lambda e: (e[0] is not None, e[0] or _dt.date.min), reverse=True)
    rows = []
    for day, definition, version, what in events:
        when = danish_date(day) if day else "indtil første ændring"
        rows.append(f"<tr><td>{esc(when)}</td><td>{site.link(definition.id, url)}</td>"
                    f"<td>{esc(what)}, gælder {esc(_version_span(version))}</td>"
                    f"<td>{esc(version.law or '—')}</td></tr>")
    out += ["## Tidslinje", "",
            site.fragment(src_uri, "<table><thead><tr><th>Gælder fra</th><th>Regel eller tabel</th>"
                                   "<th>Hvad</th><th>Kilde</th></tr></thead><tbody>"
                                   + "".join(rows) + "</tbody></table>"), ""]
    today = _dt.date.today()
    badge = ' <span class="lovkode-mark lovkode-ok">gælder i dag</span>'

    def in_force(item: VersionSource) -> bool:
        return (item.start or _dt.date.min) <= today <= (item.end or _dt.date.max)

    for definition in versioned:
        out += [f"## {md_text(definition.name)}", ""]
        parts = [f"<p>{esc(definition.kind.capitalize())} på siden "
                 f'<a href="{esc(site.href(definition.id, url))}">{esc(_page_title(site, definition.file))}</a>.</p>']
        for version in sorted(definition.versions, key=lambda v: v.start or _dt.date.min, reverse=True):
            parts.append(f"<h3>{esc(_version_span(version).capitalize())}{badge if in_force(version) else ''}</h3>"
                         f"<p>{esc(version.law or 'Ingen ændringslov angivet.')}</p>")
            parts.append(site.highlight(version.header + "\n" + textwrap.indent(version.body, "  "), url,
                                        anchors=False))
        out.append(site.fragment(src_uri, "\n".join(parts)))
    for definition in dated:
        out += [f"## {md_text(definition.name)}", ""]
        rows = []
        for row in sorted(definition.rows, key=lambda r: r.start or _dt.date.min, reverse=True):
            rows.append(f"<tr><td>{esc(_version_span(row))}{badge if in_force(row) else ''}</td>"
                        f"<td>{esc(row.body)}</td><td>{esc(row.law or '—')}</td></tr>")
        out.append(site.fragment(src_uri,
                                 f"<p>Tabel på siden <a href=\"{esc(site.href(definition.id, url))}\">"
                                 f"{esc(_page_title(site, definition.file))}</a>, slået op efter "
                                 f"{site.link(definition.key, url)}. En dato uden række giver et ukendt svar: "
                                 "kilderne er tavse.</p><table><thead><tr><th>Gælder</th><th>Værdi</th>"
                                 "<th>Kilde</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"))
    return "\n".join(out) + "\n"


def _page_title(site: Site, spec_path: str) -> str:
    return next((f.title for f in site.files if f.path == spec_path), spec_path) or spec_path


def render_spec_index(site: Site) -> str:
    """spec/index.md when the spec has none: the list of spec pages in § order."""
    out = ["# Loven", "", "Specifikationen består af disse sider, i lovens rækkefølge:", ""]
    for spec_file in site.ordered_files():
        out.append(f"- [{md_text(spec_file.title or spec_file.path)}]({quote(spec_file.path)})")
    return "\n".join(out) + "\n"


def render_catalogue(site: Site, page_file: File | None = None) -> str:
    """The diagnostic codes as Markdown: code, title, explanation, and its long page when there is one."""
    if not site.catalogue:
        return ("!!! note \"Listen over fejlkoder\"\n"
                "    Listen bygges fra `lovkode.messages.CATALOGUE`, som ikke kunne indlæses ved denne opbygning.\n")
    out = []
    fejl_dir = Path(docs_dir_of(site)) / "fejl"
    for code in sorted(site.catalogue):
        title, explanation = site.catalogue[code]
        out += [f"### {md_text(code)}: {md_text(title)}", "", str(explanation).strip(), ""]
        if (fejl_dir / f"{code}.md").is_file():
            out += [f"[Uddybning af {code}](../fejl/{code}.md)", ""]
    return "\n".join(out)


def render_numbers(site: Site) -> str:
    """One sentence with the size of the spec and the result of its examples, computed now."""
    if site.spec is None:
        return "*Specifikationen kunne ikke indlæses ved denne opbygning af siden.*"
    passed = sum(1 for r in site.results if r.passed)
    return (f"Specifikationen har lige nu {len(site.spec.facts)} fakta, {len(site.spec.rules)} regler, "
            f"skøn og tabeller, heraf {len(site.spec.questions)} spørgsmål, og {len(site.results)} "
            f"eksempler, hvoraf {passed} bestod, da siden blev bygget.")


# ---------------------------------------------------------------------------------------------------
# The hooks
# ---------------------------------------------------------------------------------------------------

_site: Site | None = None


def on_config(config):
    """Load the spec, make Markdown safe, and fill the "Loven" section of the navigation."""
    global _site  # noqa: PLW0603 - mkdocs hooks are module functions; one build, one Site
    config.markdown_extensions.append(SafeMarkdown())
    _site = Site(config)
    _site.docs_dir = config.docs_dir
    config.nav = _expand_nav(config.nav, _site)
    if _site.mermaid_js is not None:
        config.extra_javascript.append(MERMAID_URI)
    return config


MERMAID_URI = "javascripts/mermaid.min.js"


def find_mermaid(root: Path) -> Path | None:
    """A local mermaid.min.js, so that the diagrams draw without fetching Mermaid from a CDN.

    LOVKODE_MERMAID_JS names the file; else node_modules/mermaid/dist/ in the checkout is used when
    present (`npm install --no-save mermaid@11`). Without one, Material loads Mermaid from unpkg in
    the reader's browser, and the diagram's text and the list under it are shown offline.
    """
    named = os.environ.get("LOVKODE_MERMAID_JS")
    candidates = [Path(named)] if named else [root / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"]
    return next((p.resolve() for p in candidates if p.is_file()), None)


def docs_dir_of(site: Site) -> str:
    """The docs_dir of the build (set in on_config)."""
    return getattr(site, "docs_dir", None) or str(site.root / "docs")


def _expand_nav(nav, site: Site):
    """Replace the entry ``spec/index.md`` by the index and every spec page in § order."""
    pages = [SPEC_PREFIX + f.path for f in site.ordered_files() if f.path != "index.md"]

    def walk(items):
        result = []
        for item in items or []:
            if isinstance(item, dict):
                (title, value), = item.items()
                if value == SPEC_PREFIX + "index.md":
                    result.append({title: [SPEC_PREFIX + "index.md", *pages]})
                elif isinstance(value, list):
                    result.append({title: walk(value)})
                else:
                    result.append(item)
            elif item == SPEC_PREFIX + "index.md":
                result.append({"Loven": [SPEC_PREFIX + "index.md", *pages]})
            else:
                result.append(item)
        return result

    nav = walk(nav)
    # Guides written by others (e.g. guide/tjeneste.md) appear without editing mkdocs.yml.
    docs_dir = Path(docs_dir_of(site))
    mentioned = repr(nav)
    extra = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
                   if p.relative_to(docs_dir).parts[0] not in {"fejl"})
    extra = [p for p in extra if f"'{p}'" not in mentioned]
    if extra:
        for item in nav:
            if isinstance(item, dict) and "Vejledninger" in item and isinstance(item["Vejledninger"], list):
                item["Vejledninger"].extend(extra)
                break
        else:
            nav.extend(extra)
    # The long texts of the diagnostics (docs/fejl/LK*.md) are written by others; list them all.
    long_texts = sorted((Path(docs_dir_of(site)) / "fejl").glob("LK*.md"))
    if long_texts and "'fejl/" not in repr(nav):
        nav.append({"Fejlkoder": [f"fejl/{p.name}" for p in long_texts]})
    return nav


def on_files(files, config):
    """Add the spec pages and the generated pages; nothing is written into docs/."""
    site = _site
    for spec_file in site.files:
        # A leading newline so that mkdocs reads no metadata (title, template, …) from a spec file.
        files.append(File.generated(config, SPEC_PREFIX + spec_file.path, content="\n" + spec_file.text))
    if not any(f.path == "index.md" for f in site.files):
        files.append(File.generated(config, SPEC_PREFIX + "index.md", content=render_spec_index(site)))
    for src_uri, title in GENERATED.items():
        files.append(File.generated(config, src_uri, content=f"# {title}\n"))
    if site.mermaid_js is not None:
        files.append(File.generated(config, MERMAID_URI, abs_src_path=str(site.mermaid_js)))
    if site.spec is not None and hasattr(site.spec, "json_schema"):
        # The JSON Schema of a case file, published beside the guide that documents it.
        schema = json.dumps(site.spec.json_schema(), ensure_ascii=False, indent=2) + "\n"
        files.append(File.generated(config, SCHEMA_FILE, content=schema))
    for file in files:
        if file.is_documentation_page():
            site.urls[file.src_uri] = file.url
    return files


def on_page_markdown(markdown_text, page, config, files):
    """The Markdown of spec and generated pages; the list of codes in the guide for jurists."""
    site = _site
    src_uri = page.file.src_uri
    url = page.file.url
    if src_uri.startswith(SPEC_PREFIX):
        page.meta = {}
        spec_file = next((f for f in site.files if SPEC_PREFIX + f.path == src_uri), None)
        if spec_file is not None:
            return render_spec_page(site, spec_file, src_uri, url)
        return markdown_text
    renderers = {"begreber.md": render_index, "spoergsmaal.md": render_questions,
                 "eksempler.md": render_examples, "aendringer.md": render_changes}
    if src_uri in renderers:
        return renderers[src_uri](site, src_uri, url)
    if DIAGNOSTICS_MARKER in markdown_text:
        markdown_text = markdown_text.replace(DIAGNOSTICS_MARKER, render_catalogue(site, page.file))
    if NUMBERS_MARKER in markdown_text:
        markdown_text = markdown_text.replace(NUMBERS_MARKER, render_numbers(site))
    return markdown_text


def on_page_content(content, page, config, files):
    """Insert the HTML we built ourselves, after Markdown, where a spec file cannot reach it."""
    return _site.insert_fragments(page.file.src_uri, content)


def on_serve(server, config, builder):
    """`mkdocs serve`: rebuild when a spec file or the interpreter changes."""
    site = _site
    server.watch(str(site.spec_dir))
    server.watch(str(site.root / "interpreter" / "lovkode"))
    return server

