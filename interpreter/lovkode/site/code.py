"""lovkode as linked HTML: Pygments colours the tokens, the compiler says which token is a name.

A token that starts where the symbol table has a name (same file, line and column) becomes an anchor
(a definition) or a link to the definition (a use); nothing here decides what a name is.
"""
from __future__ import annotations

from urllib.parse import quote

from mkdocs.utils import get_relative_url
from pygments.token import STANDARD_TYPES, String, Whitespace

from ..pygments_lexer import LovkodeLexer
from .model import SiteModel
from .safety import esc

SPEC_PREFIX = "spec/"
_LEXER = LovkodeLexer()


def anchor(ident: str) -> str:
    """The HTML id of a definition: the interpreter's own identifier."""
    return f"def-{ident}"


def page_url(model: SiteModel, spec_path: str) -> str:
    """The site URL of a spec file's page."""
    return model.urls.get(SPEC_PREFIX + spec_path, SPEC_PREFIX + spec_path)


def url_to(model: SiteModel, src_uri: str, from_url: str, fragment: str | None = None) -> str:
    """A relative link to a page of the site (and an anchor on it)."""
    target = model.urls.get(src_uri, src_uri)
    relative = get_relative_url(target, from_url) if target != from_url else ""
    return relative + (f"#{quote(fragment)}" if fragment else "")


def href(model: SiteModel, ident: str, from_url: str) -> str | None:
    """A relative link from the page at from_url to the definition of ident."""
    definition = model.definition(ident)
    if definition is None:
        return None
    return url_to(model, SPEC_PREFIX + definition.span.file, from_url, anchor(ident))


def link(model: SiteModel, ident: str, from_url: str, text: str | None = None) -> str:
    """<a> to a definition, or the plain escaped name."""
    label = esc(text if text is not None else model.display(ident))
    target = href(model, ident, from_url)
    return f'<a href="{esc(target)}">{label}</a>' if target else label


def _css_class(ttype) -> str:
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def highlight(model: SiteModel, file: str, first_line: int, text: str, from_url: str, *, anchors: bool) -> str:
    """Lines of a spec file (``text``, starting at ``first_line``) as HTML: Pygments classes, names
    linked, definitions anchored when ``anchors``, all text escaped."""
    parts = []
    line, column = first_line, 1
    for _, ttype, value in _LEXER.get_tokens_unprocessed(text):
        escaped = esc(value)
        found = model.positions.get((file, line, column))
        if "\n" in value:
            line += value.count("\n")
            column = len(value) - value.rindex("\n")
        else:
            column += len(value)
        if ttype in Whitespace:
            # Material lays code out as a grid of line spans (as pymdownx writes them); keep that shape.
            parts.append(escaped.replace("\n", '\n</span><span class="lovkode-linje">'))
            continue
        css = _css_class(ttype)
        if found is not None:
            ident, defines = found
            definition = model.definition(ident)
            if defines and anchors:
                parts.append(f'<span class="{css} lovkode-def" id="{esc(anchor(ident))}">{escaped}</span>')
                continue
            target = href(model, ident, from_url)
            if target and definition is not None:
                title = esc(f"{definition.kind} »{definition.name}«")
                parts.append(f'<a class="lovkode-navn" href="{esc(target)}" title="{title}">'
                             f'<span class="{css}">{escaped}</span></a>')
                continue
        if ttype in String.Doc:  # a hjemmel: its acts link to Retsinformation
            escaped = model.sources.html(value, empty="")
        parts.append(f'<span class="{css}">{escaped}</span>')
    return ('<div class="language-lovkode highlight lovkode-blok"><pre><span></span><code>'
            '<span class="lovkode-linje">' + "".join(parts) + "\n</span></code></pre></div>")
