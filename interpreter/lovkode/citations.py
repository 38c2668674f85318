"""Citations (hjemmel): what a valid one looks like and how it reads in full.

A hjemmel must name a paragraph (§) or another recognised source (a vejledning, principafgørelse,
bekendtgørelse, praksisundersøgelse, rapport). An abbreviation before a § (``LAB § 116``) must be
declared with ``kilde LAB = "…"`` and is written out in results: the contract's JSON says
``lov om en aktiv beskæftigelsesindsats § 116``.
"""
from __future__ import annotations

import re

_SOURCE_WORDS = re.compile(
    r"§|vejl|principafgørelse|principmeddelelse|bekendtgørelse|\bBEK\b|\bLBK\b|praksisundersøgelse|rapport|"
    r"ankestyrelse|cirkulære|betænkning|lovforslag|bemærkning|\blov\b|\bL \d+",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"(?:^|[;(]\s*)([A-ZÆØÅ][A-ZÆØÅ0-9]+)(?=\s*§)")
_WHOLE_ABBREVIATION = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9]+")


def is_abbreviation(name: str) -> bool:
    """Whether `kilde NAME = …` declares something a citation can use (capitals, then capitals or digits)."""
    return bool(_WHOLE_ABBREVIATION.fullmatch(name))


def has_source(text: str) -> bool:
    return bool(_SOURCE_WORDS.search(text))


def abbreviations(text: str) -> list[str]:
    """The abbreviations a citation uses before a § sign."""
    return _ABBREVIATION.findall(text)


def expand(text: str | None, sources: dict[str, str]) -> str | None:
    """Write out declared abbreviations: 'LAB § 116' → 'lov om en aktiv beskæftigelsesindsats § 116'."""
    if text is None or not sources:
        return text
    return _ABBREVIATION.sub(lambda m: m.group(0).replace(m.group(1), sources.get(m.group(1), m.group(1))), text)


def expand_once(text: str | None, sources: dict[str, str], seen: set[str]) -> str | None:
    """Write out an abbreviation the first time, with the abbreviation after it, and use only the
    abbreviation after that, as a decision does: 'lov om en aktiv beskæftigelsesindsats (LAB) § 116',
    then 'LAB § 117'. ``seen`` collects the abbreviations already written out."""
    if text is None or not sources:
        return text

    def once(m) -> str:
        short = m.group(1)
        if short in seen or short not in sources:
            return m.group(0)
        seen.add(short)
        return m.group(0).replace(short, f"{sources[short]} ({short})")

    return _ABBREVIATION.sub(once, text)
