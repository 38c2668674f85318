"""A read-only index of a spec's names, for editors: where each name is defined and used, per file.

The editor's server keeps the text of every file of a spec folder in a :class:`Workspace`. A file is
first read through the per-file parse cache (:mod:`lovkode.cache`); a change to it re-parses only the
top-level declarations whose text changed (:func:`lovkode.pipeline.parse_blocks` with a memo). The
checker then runs over the declarations of all files, as `lovkode check` does, and gives the same
diagnostics. Occurrences of names are found by walking the typed syntax tree generically, so a new
kind of declaration or item that holds names is indexed without a change here.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import attrs

from . import ast, messages
from .build import machine_id
from .check import Checked, Entry, check
from .diagnostics import Diagnostic, has_errors
from .literate import Block
from .pipeline import parse_blocks
from .pipeline import parse_file
from .source import Span
from .symbols import names_in

_USING = (ast.InForceDecl,)
"""Declarations whose `name` field is a use; in every other declaration (faktum, regel, skøn, tabel,
reguleret beløb, anbefaling, and any kind added later) a `name` field defines the name."""


@attrs.frozen
class Occurrence:
    """One name as written in a spec file: the machine id it resolves to, and whether it defines it."""

    id: str
    text: str
    span: Span
    defines: bool
    decl: object


@attrs.frozen
class ParsedFile:
    text: str
    decls: tuple
    diagnostics: tuple[Diagnostic, ...]
    occurrences: tuple[Occurrence, ...]


@attrs.frozen
class Analysis:
    """The whole spec as the checker sees it, and the diagnostics `lovkode check` would give, per file."""

    checked: Checked
    diagnostics: tuple[Diagnostic, ...]
    files: dict[str, ParsedFile]

    def diagnostics_of(self, name: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.span.file == name]

    def occurrences(self):
        for parsed in self.files.values():
            yield from parsed.occurrences

    def at(self, name: str, line: int, column: int) -> Occurrence | None:
        """The name under a 1-based line and column of a file."""
        parsed = self.files.get(name)
        if parsed is None:
            return None
        for occ in parsed.occurrences:
            if occ.span.line == line and occ.span.column <= column <= occ.span.end_column:
                return occ
        return None

    def entry(self, ident: str) -> Entry | None:
        return self.checked.entries.get(ident)

    def definition(self, ident: str) -> Occurrence | None:
        return next((o for o in self.occurrences() if o.defines and o.id == ident), None)

    def uses(self, ident: str, include_definition: bool = True) -> list[Occurrence]:
        return [o for o in self.occurrences() if o.id == ident and (include_definition or not o.defines)]


def occurrences_of(decls) -> tuple[Occurrence, ...]:
    """Every name in the declarations, in order; the declaring name of a definition marked as such."""
    result = []
    for decl in decls:
        names = list(names_in(decl))
        if isinstance(decl, ast.ExceptionDecl):
            own = decl.label  # an exception's own name (`undtagelse »akut skade« til …`); its target is a use
        else:
            own = getattr(decl, "name", None) if not isinstance(decl, _USING) else None
        for name in names:
            result.append(Occurrence(name.id, name.text, name.span, name is own, decl))
    return tuple(result)


_NOT_SPEC = {"node_modules", "__pycache__", "site", "build", "dist"}
"""Folders an editor's spec folder may hold that are never part of the spec (tools, builds)."""


def _markdown_files(root: Path) -> list[Path]:
    """The Markdown files under a folder, skipping hidden folders (.git, .venv) and tool folders."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _NOT_SPEC)
        found.extend(Path(folder) / f for f in files if f.endswith(".md"))
    return sorted(found)


class Workspace:
    """The texts of a spec folder's files, each parsed once per change of its text."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self._files: dict[str, ParsedFile] = {}
        self._analysis: Analysis | None = None
        self._blocks: dict[Block, tuple[list, list[Diagnostic]]] = {}

    @classmethod
    def from_folder(cls, root: Path) -> "Workspace":
        workspace = cls(root)
        for path in _markdown_files(root):
            try:
                workspace.update(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
        return workspace

    @property
    def names(self) -> list[str]:
        return list(self._files)

    def text(self, name: str) -> str | None:
        parsed = self._files.get(name)
        return parsed.text if parsed else None

    def update(self, name: str, text: str) -> bool:
        """Set a file's text; returns whether anything changed (an unchanged text is not parsed again)."""
        old = self._files.get(name)
        if old is not None and old.text == text:
            return False
        if len(self._blocks) > 4096:
            self._blocks.clear()
        decls, diagnostics = parse_file(name, text) if old is None else parse_blocks(name, text, self._blocks)
        self._files[name] = ParsedFile(text, tuple(decls), tuple(diagnostics), occurrences_of(decls))
        self._analysis = None
        return True

    def remove(self, name: str) -> None:
        if self._files.pop(name, None) is not None:
            self._analysis = None

    def analyse(self) -> Analysis:
        """Check the whole spec: the diagnostics are those of `lovkode check` (parse errors stop the chain)."""
        if self._analysis is not None:
            return self._analysis
        diagnostics: list[Diagnostic] = []
        decls: list = []
        for parsed in self._files.values():
            decls.extend(parsed.decls)
            diagnostics.extend(parsed.diagnostics)
        checked, problems = check(decls)
        if not has_errors(diagnostics):
            if decls:
                diagnostics.extend(problems)
            elif self._files:
                first = next(iter(self._files))
                diagnostics.append(messages.make("LK003", Span(first, 0, 0), file=", ".join(self._files)))
        self._analysis = Analysis(checked, tuple(diagnostics), dict(self._files))
        return self._analysis


# Law text for hover ------------------------------------------------------------------------------

_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]")
_PARAGRAPH = re.compile(r"§\s*(\d+\s?[a-z]?)\b")
_STK = re.compile(r"stk\.\s*(\d+)")


def _quote_groups(lines: list[str], start: int = 0, stop: int | None = None):
    """Consecutive `>` lines as (first line index, text) pairs."""
    group: list[str] = []
    first = 0
    for index in range(start, len(lines) if stop is None else stop):
        line = lines[index]
        if line.startswith(">"):
            if not group:
                first = index
            group.append(line[1:].strip())
        elif group:
            yield first, group
            group = []
    if group:
        yield first, group


def _clean(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(lines)).replace("**", "").strip()


def law_text(sources: dict[str, str], span: Span, citation: str | None) -> str | None:
    """The law's own words for a declaration: the quotation in its section, above it, or else the
    quoted paragraph (and stk.) its hjemmel names, wherever in the spec that is quoted."""
    text = sources.get(span.file)
    if text is not None and span.line > 0:
        lines = text.split("\n")
        top = 0
        for index in range(min(span.line, len(lines)) - 1, -1, -1):
            if _HEADING.match(lines[index]):
                top = index
                break
        groups = list(_quote_groups(lines, top, span.line - 1))
        if groups:
            return _clean(groups[-1][1])
    if not citation:
        return None
    paragraph = _PARAGRAPH.search(citation)
    if paragraph is None:
        return None
    number = paragraph.group(1).replace(" ", "")
    stk = _STK.search(citation[paragraph.end():].split(";")[0])
    for source in sources.values():
        for _, group in _quote_groups(source.split("\n")):
            opening = next((i for i, line in enumerate(group)
                            if re.match(rf"\*\*§\s*{re.escape(number)}\.\*\*", line)), None)
            if opening is None:
                continue
            body = group[opening:]
            if stk is None or stk.group(1) == "1":
                end = next((i for i, line in enumerate(body) if i and re.match(r"(Stk\. \d+\.|\*\*§)", line)), len(body))
                return _clean(body[:end])
            begin = next((i for i, line in enumerate(body) if line.startswith(f"Stk. {stk.group(1)}.")), None)
            if begin is None:
                continue
            end = next((i for i in range(begin + 1, len(body)) if re.match(r"(Stk\. \d+\.|\*\*§)", body[i])), len(body))
            return _clean(body[begin:end])
    return None


def is_machine_identifier(occ: Occurrence) -> bool:
    """Written as the bare machine identifier (`fødselsdato`), not as a name in »…«."""
    return occ.span.end_column - occ.span.column == len(occ.text) and machine_id(occ.text) == occ.text


@functools.lru_cache(maxsize=1)
def keywords() -> tuple[str, ...]:
    """The language's words, read from the grammar's terminals (so new syntax is offered and highlighted
    without a list to keep in step)."""
    from .parser import _parser

    words = set()
    for term in _parser().terminals:
        pattern = term.pattern
        if pattern.type == "str" and re.fullmatch(r"[^\W\d_]+", pattern.value):
            words.add(pattern.value)
        elif pattern.type == "re":
            words.update(w for w in re.findall(r"[^\W\d_]{2,}", pattern.value) if w.islower())
    return tuple(sorted(words))
