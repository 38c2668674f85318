"""Links to the official sources: every citation of a law, lovbekendtgørelse or bekendtgørelse by
number and date leads to Retsinformation.

The address is the one Retsinformation gives every act in Lovtidende A, as the project's sources
record it: ``https://www.retsinformation.dk/eli/lta/<år>/<nr>``. ``LBK nr. 280 af 1. marts 2024`` and
``lov nr. 548/2019`` are recognised; a source named by its title (``lov om en aktiv
beskæftigelsesindsats``) is linked when the plugin's ``kilder`` option gives its address. Citations
without a known address (principafgørelser, vejledninger) stay plain text.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from ..render.text import MONTHS
from .safety import esc, safe_url

ELI = "https://www.retsinformation.dk/eli/lta/{year}/{number}"
_ACT = re.compile(
    r"\b(?:[Ll]ov|LBK|BEK|[Ll]ovbekendtgørelse|[Bb]ekendtgørelse)\s+nr\.\s*(?P<number>\d{1,5})"
    r"(?:\s+af\s+\d{1,2}\.\s+(?:" + "|".join(MONTHS) + r")\s+(?P<year>\d{4})|/(?P<short_year>\d{4}))")
# What Markdown must not have links put into: code spans, links, images and autolinks.
_PROTECTED = re.compile(r"(`+)[^`]*?\1|!?\[[^\]]*\]\([^)]*\)|\[[^\]]*\]\[[^\]]*\]|<[^>\s]+>")


def address(match: re.Match) -> str:
    return ELI.format(year=match.group("year") or match.group("short_year"), number=match.group("number"))


class Sources:
    """The citations of one site and where they lead."""

    def __init__(self, titles: Mapping[str, str] | None = None) -> None:
        self.titles = {t: u for t, u in (titles or {}).items() if safe_url(u)}
        self._compile()

    def _compile(self) -> None:
        names = sorted(self.titles, key=len, reverse=True)
        titles = r"|(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)" if names else ""
        self._pattern = re.compile(_ACT.pattern + titles)

    def with_abbreviations(self, abbreviations: Mapping[str, str]) -> None:
        """The spec's ``kilde LAB = "…"``: ``LAB`` leads where its title leads."""
        self.titles.update({short: self.titles[title] for short, title in abbreviations.items()
                            if title in self.titles})
        self._compile()

    def _url(self, match: re.Match) -> str:
        if match.group("number"):
            return address(match)
        return self.titles[match.group(0)]

    def html(self, text: str | None, empty: str = "—") -> str:
        """Escaped text with every recognised citation as a link."""
        if not text:
            return esc(empty)
        out, position = [], 0
        for match in self._pattern.finditer(text):
            out.append(esc(text[position : match.start()]))
            out.append(f'<a class="lovkode-kilde-link" href="{esc(self._url(match))}">{esc(match.group(0))}</a>')
            position = match.end()
        out.append(esc(text[position:]))
        return "".join(out)

    def markdown_line(self, line: str) -> str:
        """A line of prose with every recognised citation as a Markdown link (not inside code or links)."""
        out, position = [], 0
        for protected in _PROTECTED.finditer(line):
            out.append(self._link_markdown(line[position : protected.start()]))
            out.append(protected.group(0))
            position = protected.end()
        out.append(self._link_markdown(line[position:]))
        return "".join(out)

    def _link_markdown(self, text: str) -> str:
        return self._pattern.sub(lambda m: f"[{m.group(0)}]({self._url(m)})", text)

    def markdown(self, lines: list[str]) -> list[str]:
        """Prose lines with citations linked; fenced code is left alone."""
        out, fence = [], None
        for line in lines:
            opener = re.match(r"^[ \t>]*(`{3,}|~{3,})", line)
            if fence is not None:
                if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                    fence = None
                out.append(line)
            elif opener:
                fence = opener.group(1)
                out.append(line)
            else:
                out.append(self.markdown_line(line))
        return out
