"""Stage 1: literate Markdown → lovkode blocks.

Input: the text of a spec file. Output: the ```lovkode blocks with their first line number and the
heading path they sit under. Everything outside those blocks is documentation and is not read.
Never fails: an unclosed block simply runs to the end of the file (the parser then reports what is wrong).
"""
from __future__ import annotations

import re

import attrs

FENCE = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
HEADING = re.compile(r"^[ ]{0,3}(?P<level>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")


@attrs.frozen
class Block:
    """One ```lovkode block: its text and where it starts in the file (1-based line of its first line)."""

    file: str
    first_line: int
    text: str
    heading: tuple[str, ...]


def blocks(file: str, text: str) -> list[Block]:
    """Return the lovkode blocks of a Markdown file in order."""
    return [Block(file, first, body, heading) for kind, first, body, heading in _scan(text) if kind == "lovkode"]


def quotes(text: str) -> list[tuple[int, tuple[str, ...], str]]:
    """The block quotes (`>`) of a Markdown file outside code, in order: (first line, heading path, text
    with its lines joined and bold markup removed) — the law a page quotes."""
    return [(first, heading, body) for kind, first, body, heading in _scan(text) if kind == "citat"]


QUOTE = re.compile(r"^[ ]{0,3}>[ ]?(?P<text>.*)$")


def _scan(text: str):
    """One pass over a Markdown file: ("lovkode", first line, body, headings) for each lovkode block and
    ("citat", first line, text, headings) for each block quote outside code."""
    headings: list[tuple[int, str]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            marker = fence.group("fence")
            info = fence.group("info").strip().split()
            closing = re.compile(r"^[ ]{0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
            j = i + 1
            while j < len(lines) and not closing.match(lines[j]):
                j += 1
            if info and info[0] == "lovkode":
                yield "lovkode", i + 2, "\n".join(lines[i + 1 : j]), tuple(t for _, t in headings)
            i = j + 1
            continue
        heading = HEADING.match(line)
        if heading:
            level = len(heading.group("level"))
            headings = [(lv, t) for lv, t in headings if lv < level]
            headings.append((level, heading.group("text")))
        quote = QUOTE.match(line)
        if quote:
            first, parts = i + 1, []
            while i < len(lines) and QUOTE.match(lines[i]):
                parts.append(QUOTE.match(lines[i]).group("text").strip())
                i += 1
            yield "citat", first, " ".join(p for p in parts if p).replace("**", ""), tuple(t for _, t in headings)
            continue
        i += 1
