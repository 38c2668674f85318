"""What one build of the site knows: the compiler's own data for a spec folder.

Everything comes from the pipeline — the files it read (stage 0), their lovkode blocks (stage 1,
:mod:`lovkode.literate`), the checked spec, its symbol table (:mod:`lovkode.symbols`) and the example
results — so the site never reads lovkode syntax itself.
"""
from __future__ import annotations

import fnmatch
import logging
import re
import secrets
from pathlib import Path
from typing import Any

import attrs

from .. import literate, messages
from ..pipeline import check_path
from ..symbols import Symbols, example_lines, example_names, symbols
from .proev.form import tryable_rules
from .sources import Sources

# Under "mkdocs", so that mkdocs counts our errors and `strict` turns them into a failed build.
log = logging.getLogger("mkdocs.plugins.lovkode")


@attrs.frozen
class CodeBlock:
    """A ```lovkode block: 1-based lines of its opening fence, first body line and closing fence."""

    fence: int
    first: int
    closing: int
    text: str


@attrs.frozen
class SpecFile:
    """A published spec file: path relative to the spec folder (posix), text, title, blocks."""

    path: str
    text: str
    title: str
    blocks: tuple[CodeBlock, ...]


def _blocks(path: str, text: str) -> tuple[CodeBlock, ...]:
    lines = text.split("\n")
    found = []
    for block in literate.blocks(path, text):
        count = len(block.text.split("\n"))
        if block.text == "" and block.first_line - 1 < len(lines) and _is_closing(lines[block.first_line - 1]):
            count = 0
        found.append(CodeBlock(block.first_line - 1, block.first_line, block.first_line + count, block.text))
    return tuple(found)


def _is_closing(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 3 and (set(stripped) == {"`"} or set(stripped) == {"~"})


def title_of(text: str) -> str:
    """The text of the first level-1 heading (as the compiler reads headings)."""
    for line in text.split("\n"):
        match = literate.HEADING.match(line)
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


def describe_diagnostic(diagnostic) -> str:
    """One line for the build log: ``fil:linje:kolonne: [KODE] besked (hjælp: …)``."""
    text = f"{diagnostic.span}: [{diagnostic.code}] {diagnostic.message}"
    if getattr(diagnostic, "hint", None):
        text += f" (hjælp: {diagnostic.hint})"
    return text


class SiteModel:
    """The spec of one build: files, spec, symbols, example results, and where every name is written."""

    def __init__(self, spec_dir: Path, exclude: list[str] | tuple[str, ...] = (),
                 sources: Sources | None = None) -> None:
        self.spec_dir = spec_dir
        self.sources = sources or Sources()
        self.nonce = secrets.token_hex(12)
        self.fragments: dict[str, dict[str, str]] = {}
        self.urls: dict[str, str] = {}  # src_uri → page url
        self.catalogue = dict(messages.CATALOGUE)
        spec, diagnostics, sources, _ = check_path(spec_dir)
        for diagnostic in diagnostics:
            (log.error if diagnostic.is_error else log.info)("lovkode: %s", describe_diagnostic(diagnostic))
        self.spec = spec
        self.files = [SpecFile(path, text, title_of(text), _blocks(path, text))
                      for path, text in sources.items()
                      if not any(fnmatch.fnmatch(path, pattern) for pattern in exclude)]
        self.symbols: Symbols | None = symbols(spec) if spec is not None else None
        self.tryable: frozenset[str] = (frozenset(spec.questions) | frozenset(tryable_rules(spec))
                                        if spec is not None else frozenset())
        """The questions and rules "Prøv en sag" can open with (a link beside each one's definition)."""
        if self.symbols is not None:
            self.sources.with_abbreviations(self.symbols.abbreviations)
        self.results: list[Any] = list(spec.run_examples()) if spec is not None else []
        for result in self.results:
            if not result.passed:
                log.error("lovkode: %s: eksemplet '%s' fejler: %s", result.example.span, result.example.name,
                          result.message)
        # (file, line, column) of every name written in a declaration → (id, whether it defines it)
        self.positions: dict[tuple[str, int, int], tuple[str, bool]] = {}
        self.example_extent: dict[tuple[str, int], tuple[int, int]] = {}
        if spec is not None:
            for definition in self.symbols.definitions.values():
                self._place(definition.span, definition.id, True)
            for use in self.symbols.uses:
                self._place(use.span, use.id, False)
            for example in spec._checked.examples:
                for name in example_names(example):
                    self._place(name.span, name.id, False)
                self.example_extent[(example.span.file, example.span.line)] = example_lines(example)

    def _place(self, span, ident: str, defines: bool) -> None:
        self.positions.setdefault((span.file, span.line, span.column), (ident, defines))

    # -- lookups --------------------------------------------------------------------------------------

    def ordered_files(self) -> list[SpecFile]:
        """Spec files in § order; the index first."""
        index = [f for f in self.files if f.path == "index.md"]
        others = [f for f in self.files if f.path != "index.md"]
        return index + sorted(others, key=lambda f: spec_order_key(f.path, f.title))

    def title(self, path: str) -> str:
        return next((f.title for f in self.files if f.path == path), "") or path

    def fact(self, ident: str):
        return self.spec.facts.get(ident) if self.spec is not None else None

    def rule(self, ident: str):
        return self.spec.rules.get(ident) if self.spec is not None else None

    def definition(self, ident: str):
        return self.symbols.definitions.get(ident) if self.symbols is not None else None

    def display(self, ident: str) -> str:
        """»name« of an id."""
        definition = self.definition(ident)
        return f"»{definition.name}«" if definition is not None else f"»{ident}«"

    def type_word(self, ident: str) -> str | None:
        """The type word that gives a value its unit (beløb, timer, procent), or None."""
        item = self.fact(ident) or self.rule(ident)
        kind = getattr(item, "type", None) if item is not None else None
        return kind.split()[0] if kind else None

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
