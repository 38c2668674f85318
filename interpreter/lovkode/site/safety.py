"""Spec files are plain text written by many hands, and the site is public: nothing from a spec file
may put markup, script or a dangerous address on a page.

The decisions: raw HTML in Markdown is not recognised for the whole site (it is shown as text,
escaped, so the reader sees what the spec file says); links and images keep only http, https, mailto
and relative addresses, judged after decoding as the browser decodes; fences in spec prose cannot
ask for Mermaid or set attributes; everything the plugin writes itself is built from escaped strings
and inserted after Markdown has run, through placeholders a spec file cannot guess.
"""
from __future__ import annotations

import html
import re
from typing import Any

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Where a URL's scheme ends: at the first ":" that comes before any "/", "?" or "#".
_SCHEME_END = re.compile(r"^([^/?#]*):")


def safe_url(url: str) -> bool:
    """Whether a link or image address may appear on the site: an allow-list, judged on what the
    browser will see.

    The browser decodes character references in an attribute (``&#106;avascript:``,
    ``javascript&colon;``, ``&Tab;``) and then ignores tabs, newlines and control characters inside
    the scheme and spaces around it (``java\\tscript:``). So the address is decoded first, then every
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
    return match is None or match.group(1) in SAFE_SCHEMES


class _LinkSanitizer(Treeprocessor):
    """Turn a link or image with an address :func:`safe_url` refuses into plain text.

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
    """Markdown for a site that publishes untrusted text: no raw HTML, no dangerous addresses.

    It applies to the whole site: the hand-written guides need no raw HTML either, and one rule is
    easier to trust.
    """

    def extendMarkdown(self, md):  # noqa: N802 - Markdown API
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
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
    """HTML-escape anything (quotes included, since attributes are written too)."""
    return html.escape(str(text), quote=True)


# Any line that could open a fence for pymdownx.superfences, also inside quotes and lists.
_ANY_FENCE = re.compile(r"^(?P<lead>[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_SAFE_LANGUAGE = re.compile(r"[A-Za-z0-9_+\-]+")


def safe_prose(lines: list[str], *, force: bool = False) -> list[str]:
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
