"""Prose shown exactly as written: Markdown must not turn law text into something else.

Two Markdown rules change quoted law: a line that starts with a number and a full stop opens an
ordered list (``13. oktober 2016`` on a wrapped line loses its day, ``2. pkt.`` is shown as ``1.``),
and a paragraph joins lines, so the numbered items ``1)``, ``2)`` of a provision run together. So:

* everywhere (spec prose and guides) a line that starts with a date (the interpreter's month names) or
  with a legal reference (``2. pkt.``, ``3. stk.``, ``1. led``) keeps its number: the full stop is
  escaped, which Markdown shows as a plain full stop;
* inside a block quote — in this project always quoted law — no line starts a list at all, and each
  numbered item ``N)`` starts a line of its own (a hard line break; the words are unchanged).

Fenced code is left alone.
"""
from __future__ import annotations

import re

from ..render.text import MONTHS

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_DATE_OR_REFERENCE = re.compile(
    r"^(?P<lead>[ \t]*(?:>[ \t]?)*[ \t]*)(?P<number>\d{1,3})\.(?=[ \t]+(?:" + "|".join(MONTHS)
    + r"|pkt\.|stk\.|led\b|afsnit\b|kvartal\b))")
_QUOTE = re.compile(r"^(?P<prefix>[ ]{0,3}>(?:[ \t]?>)*[ \t]?)(?P<rest>.*)$")
_LIST_START = re.compile(r"^(?P<number>\d{1,9})(?P<mark>[.)])(?=[ \t])|^(?P<bullet>[-+*])(?=[ \t])")
_ITEM = re.compile(r"(?<=\S)[ \t]+(?=\d{1,2}\)[ \t])")


def faithful(lines: list[str]) -> list[str]:
    """The lines with dates, legal references and quoted law protected from Markdown's lists."""
    out: list[str] = []
    fence: str | None = None
    previous_quoted = False
    for line in lines:
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opener:
            fence = opener.group(1)
            out.append(line)
            previous_quoted = False
            continue
        line = _DATE_OR_REFERENCE.sub(lambda m: f"{m.group('lead')}{m.group('number')}\\.", line)
        quote = _QUOTE.match(line)
        if quote is None:
            out.append(line)
            previous_quoted = False
            continue
        prefix, rest = quote.group("prefix"), quote.group("rest")
        start = _LIST_START.match(rest)
        if start is not None and start.group("bullet"):
            rest = "\\" + rest
        elif start is not None and start.group("mark") == ".":
            rest = f"{start.group('number')}\\{rest[len(start.group('number')):]}"
        pieces = _ITEM.split(rest)
        if start is not None and start.group("mark") == ")" and previous_quoted and out:
            out[-1] = out[-1].rstrip() + "  "  # a hard line break before the item
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            out.append(prefix + piece + ("" if last else "  "))
        previous_quoted = bool(rest.strip())
    return out
