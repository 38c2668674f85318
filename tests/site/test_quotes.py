"""Quoted law is shown exactly: every block quote on every page reads, word for word, as its source.

Markdown would otherwise make a wrapped line that starts with a date (»13. oktober 2016«) a list item
and drop the day, show »2. pkt.« as »1.«, and run the numbered items of a provision together.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from sitebuild import ROOT

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>")


def source_quotes(text: str) -> list[str]:
    """The text of each top-level block quote in a Markdown file, inline markup removed. Quotes
    separated only by blank lines are one quote, as Python-Markdown renders them."""
    quotes, current, fence = [], None, None
    lines = text.split("\n")
    for number, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0]:
                fence = None
            continue
        if opener and not _QUOTE.match(line):
            fence = opener.group(1)
            continue
        if _QUOTE.match(line):
            current = [] if current is None else current
            current.append(re.sub(r"^(?: {0,3}>[ \t]?)+", "", line))
        elif current is not None and not line.strip() and _next_is_quote(lines, number):
            continue
        elif current is not None:
            quotes.append(_plain(" ".join(current)))
            current = None
    if current is not None:
        quotes.append(_plain(" ".join(current)))
    return quotes


def _next_is_quote(lines: list[str], number: int) -> bool:
    following = next((line for line in lines[number + 1:] if line.strip()), "")
    return bool(_QUOTE.match(following))


def _plain(markdown: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+)(?<=\S)\*", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


class _Quotes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.quotes: list[str] = []
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            self._depth += 1
        elif tag in {"br", "p", "li"} and self._depth:
            self._text.append(" ")

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self._depth -= 1
            if self._depth == 0:
                self.quotes.append(" ".join("".join(self._text).split()))
                self._text = []

    def handle_data(self, data):
        if self._depth:
            self._text.append(data)


def _pages():
    pairs = [(path, f"spec/{'' if path.stem == 'index' else path.stem + '/'}index.html")
             for path in sorted((ROOT / "spec").glob("*.md"))]
    for path in sorted((ROOT / "docs").rglob("*.md")):
        relative = path.relative_to(ROOT / "docs").with_suffix("")
        html = "index.html" if relative.as_posix() == "index" else f"{relative.as_posix()}/index.html"
        pairs.append((path, html))
    return [pytest.param(source, html, id=source.relative_to(ROOT).as_posix()) for source, html in pairs]


def test_there_is_quoted_law_to_compare():
    assert sum(len(source_quotes(p.read_text(encoding="utf-8"))) for p in (ROOT / "spec").glob("*.md")) >= 10


@pytest.mark.parametrize(("source", "html"), _pages())
def test_every_block_quote_reads_as_its_source(built_site, source, html):
    parser = _Quotes()
    parser.feed((built_site.site / html).read_text(encoding="utf-8"))
    assert source_quotes(source.read_text(encoding="utf-8")) == parser.quotes


@pytest.mark.parametrize("markdown", ["> LBK nr. 1239 af\n> 13. oktober 2016, § 1.\n",
                                      "Efter LBK nr. 1239 af\n13. oktober 2016 gælder\n",
                                      "> Stk. 2.\n> 2. pkt. gælder ikke.\n",
                                      "> - ikke en liste\n"])
def test_faithful_keeps_the_number(markdown):
    import markdown as md

    from lovkode.site.prose import faithful

    rendered = md.markdown("\n".join(faithful(markdown.split("\n"))))
    assert "<ol>" not in rendered and "<ul>" not in rendered
    assert re.sub(r"\\", "", markdown.split("\n")[1 if markdown.count("\n") > 1 else 0].lstrip("> ")) \
        in re.sub(r"<[^>]+>", "", rendered)


_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")
_WRAPPED = re.compile(r"^[ \t>]*(\d{1,2})\. (" + "|".join(_MONTHS) + r"|pkt\.)")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


@pytest.mark.parametrize(("source", "html"), _pages())
def test_a_line_that_starts_with_a_date_keeps_its_day(built_site, source, html):
    """»… LBK nr. 1239 af« + »13. oktober 2016« on the next line must read »af 13. oktober«."""
    lines = source.read_text(encoding="utf-8").split("\n")
    wanted = []
    for previous, line in zip(lines, lines[1:]):
        match = _WRAPPED.match(line)
        if match and not previous.lstrip().startswith(("```", "~~~")):
            words = re.sub(r"[*_`\\]", "", line[match.start(1):]).split()[:4]
            last = re.sub(r"[*_`\\]", "", previous.split()[-1]) + " " if previous.strip() else ""
            wanted.append(last + " ".join(words))
    parser = _Text()
    parser.feed((built_site.site / html).read_text(encoding="utf-8"))
    text = " ".join("".join(parser.parts).split())
    assert [] == [w for w in wanted if w not in text]


def test_numbered_items_of_quoted_law_start_their_own_line(built_site):
    """§ 118, stk. 2, nr. 1–4 as four lines, not one paragraph."""
    page = (built_site.site / "spec" / "118-sagsbehandling" / "index.html").read_text(encoding="utf-8")
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", page, re.S)
    items = [m for q in quotes for m in re.finditer(r"(.{0,8})\b[1-9]\) [A-ZÆØÅa-zæøå]", q, re.S)]
    assert len(items) >= 4
    assert [] == [m.group(0) for m in items if not re.search(r"(<br />\s*|<p>)$", m.group(1))]
