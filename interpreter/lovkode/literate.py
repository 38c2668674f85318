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
    found: list[Block] = []
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
                body = "\n".join(lines[i + 1 : j])
                found.append(Block(file, i + 2, body, tuple(t for _, t in headings)))
            i = j + 1
            continue
        heading = HEADING.match(line)
        if heading:
            level = len(heading.group("level"))
            headings = [(lv, t) for lv, t in headings if lv < level]
            headings.append((level, heading.group("text")))
        i += 1
    return found
