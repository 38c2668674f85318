"""`lovkode lsp`: a Language Server Protocol server over stdio, for the Markdown files of a spec.

It acts only inside ```lovkode blocks and only on what the pipeline already knows: the diagnostics of
`lovkode check` (same codes, Danish messages and hints) for every file of the spec folder, and the
names with their spans from :mod:`lovkode.workspace`. Formatting is :mod:`lovkode.fmt`. Built on pygls and
lsprotocol (the optional extra ``lovkode[lsp]``) so the protocol's details are a well-kept library's.

The spec folder of a file is the ``spec`` initialization option when the editor gives one, else the
folder the file is in (with its sub folders, as `lovkode check --spec MAPPE` reads a spec) — unless
that folder has no lovkode of its own and a spec folder already open holds it (``spec/data/``).
"""
from __future__ import annotations

import asyncio
import difflib
import functools
import re
from pathlib import Path

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from . import fmt
from .build import machine_id, strip_quotes
from .diagnostics import Diagnostic
from .literate import FENCE, HEADING, blocks
from .source import Span
from .workspace import Analysis, Occurrence, Workspace, is_machine_identifier, keywords, law_text

DEBOUNCE_SECONDS = 0.05
"""Quiet time after a keystroke before the spec is checked again: coalesces a burst of typing."""

_KIND_WORDS = {"faktum": "faktum", "regel": "regel", "spørgsmål": "spørgsmål", "skøn": "skøn", "tabel": "tabel"}
_SYMBOL_KINDS = {"FactDecl": lsp.SymbolKind.Variable, "RuleDecl": lsp.SymbolKind.Function,
                 "DiscretionDecl": lsp.SymbolKind.Boolean, "TableDecl": lsp.SymbolKind.Array,
                 "RecommendationDecl": lsp.SymbolKind.String, "ExampleDecl": lsp.SymbolKind.Object,
                 "ExceptionDecl": lsp.SymbolKind.Operator, "SourceDecl": lsp.SymbolKind.Constant,
                 "InForceDecl": lsp.SymbolKind.Key}
_DECL_WORDS = {"FactDecl": "faktum", "DiscretionDecl": "skøn", "TableDecl": "tabel", "RecommendationDecl": "anbefaling",
               "ExampleDecl": "eksempel", "ExceptionDecl": "undtagelse", "SourceDecl": "kilde",
               "InForceDecl": "gældende ret"}
_QUESTION_FIELDS = ("question", "question_text", "spørgsmål")
"""Where a fact's question to the caseworker sits, once declarations carry that annotation."""


# Positions ---------------------------------------------------------------------------------------

def to_range(span: Span) -> lsp.Range:
    if span.line <= 0:
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    start = lsp.Position(span.line - 1, max(0, span.column - 1))
    if span.end_line and span.end_line == span.line and span.end_column > span.column:
        end = lsp.Position(span.line - 1, span.end_column - 1)
    elif span.end_line and span.end_line > span.line:
        end = lsp.Position(span.end_line - 1, max(0, span.end_column - 1))
    else:
        end = lsp.Position(span.line - 1, span.column)
    return lsp.Range(start, end)


def _in_block(text: str, line: int) -> bool:
    """Whether a 0-based line lies inside a ```lovkode block (the server acts only there)."""
    for block in blocks("", text):
        first = block.first_line - 1
        if first <= line < first + len(block.text.split("\n")):
            return True
    return False


# The server --------------------------------------------------------------------------------------

class LovkodeServer(LanguageServer):
    def __init__(self):
        super().__init__("lovkode", "0.1.0", text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.spec_option: Path | None = None
        self.workspaces: dict[Path, Workspace] = {}
        self.published: dict[Path, dict[str, list[lsp.Diagnostic]]] = {}
        self.edited: dict[Path, set[str]] = {}
        self.pending: dict[Path, asyncio.TimerHandle] = {}

    # files and folders -------------------------------------------------------------------------
    def locate(self, uri: str) -> tuple[Path, str] | None:
        """The spec folder of a document and the document's name in it, or None for a non-spec file."""
        path_text = to_fs_path(uri)
        if not path_text or not path_text.endswith(".md"):
            return None
        path = Path(path_text).resolve()
        if self.spec_option and path.is_relative_to(self.spec_option):
            root = self.spec_option
        else:
            known = [r for r in self.workspaces if path.is_relative_to(r) and r != path.parent]
            if known and not _has_lovkode(path.parent):
                root = max(known, key=lambda r: len(r.parts))  # e.g. spec/data/README.md belongs to spec/
            else:
                root = path.parent
        return root, path.relative_to(root).as_posix()

    def workspace_of(self, root: Path) -> Workspace:
        if root not in self.workspaces:
            self.workspaces[root] = Workspace.from_folder(root)
        return self.workspaces[root]

    def uri_of(self, root: Path, name: str) -> str:
        return from_fs_path(str(root / name))

    def document(self, uri: str):
        """(root, name, workspace, analysis, text) of an open document, or None."""
        located = self.locate(uri)
        if located is None:
            return None
        root, name = located
        space = self.workspace_of(root)
        if space.text(name) is None:
            space.update(name, self.workspace.get_text_document(uri).source)
        return root, name, space, space.analyse(), space.text(name)

    # diagnostics -------------------------------------------------------------------------------
    def schedule(self, root: Path, name: str) -> None:
        self.edited.setdefault(root, set()).add(name)
        handle = self.pending.pop(root, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_event_loop()
        self.pending[root] = loop.call_later(DEBOUNCE_SECONDS, self.publish, root)

    def publish(self, root: Path, edited: set[str] | None = None) -> None:
        """Send each file's diagnostics when they changed, and always for the files just edited (with the
        version they answer, so an editor can drop a stale answer)."""
        self.pending.pop(root, None)
        edited = self.edited.pop(root, set()) | (edited or set())
        space = self.workspace_of(root)
        analysis = space.analyse()
        by_file: dict[str, list[lsp.Diagnostic]] = {name: [] for name in space.names}
        for d in analysis.diagnostics:
            if d.code == "LK003":
                continue  # a Markdown file without lovkode is documentation, not a mistake, in an editor
            by_file.setdefault(d.span.file, []).append(to_lsp_diagnostic(d, analysis))
        before = self.published.setdefault(root, {})
        open_documents = self.workspace.text_documents
        for name in sorted(set(by_file) | set(before)):
            found = by_file.get(name, [])
            if name not in edited and before.get(name) == found:
                continue
            uri = self.uri_of(root, name)
            if self.locate(uri)[0] != root:
                continue  # the file belongs to another spec folder open in the editor, which speaks for it
            document = open_documents.get(uri)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=uri, diagnostics=found, version=document.version if document else None))
            before[name] = found


@functools.lru_cache(maxsize=256)
def _has_lovkode(folder: Path) -> bool:
    """Whether a folder itself (not its sub folders) holds a Markdown file with a lovkode block."""
    for path in folder.glob("*.md"):
        try:
            if "```lovkode" in path.read_text(encoding="utf-8"):
                return True
        except (OSError, UnicodeDecodeError):
            continue
    return False


def to_lsp_diagnostic(d: Diagnostic, analysis: Analysis) -> lsp.Diagnostic:
    message = d.message + (f"\n{d.hint}" if d.hint else "")
    suggestions = [_suggested_text(s, analysis) for s in d.suggestions]
    names = [analysis.entry(s) is not None for s in d.suggestions]
    return lsp.Diagnostic(range=to_range(d.span), message=message, code=d.code, source="lovkode",
                          severity=lsp.DiagnosticSeverity.Error if d.is_error else lsp.DiagnosticSeverity.Warning,
                          data={"suggestions": suggestions, "names": names} if suggestions else None)


def _suggested_text(suggestion: str, analysis: Analysis) -> str:
    """A suggestion as the name a lawyer writes (an entry's »name«), else as given."""
    entry = analysis.entry(suggestion)
    return entry.name if entry is not None else strip_quotes(suggestion.strip("`"))


server = LovkodeServer()


@server.feature(lsp.INITIALIZE)
def _initialize(ls: LovkodeServer, params: lsp.InitializeParams):
    options = params.initialization_options or {}
    if isinstance(options, dict) and options.get("spec"):
        ls.spec_option = Path(options["spec"]).expanduser().resolve()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: LovkodeServer, params: lsp.DidOpenTextDocumentParams):
    located = ls.locate(params.text_document.uri)
    if located is None:
        return
    root, name = located
    ls.workspace_of(root).update(name, params.text_document.text)
    ls.publish(root, {name})


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: LovkodeServer, params: lsp.DidChangeTextDocumentParams):
    located = ls.locate(params.text_document.uri)
    if located is None:
        return
    root, name = located
    ls.workspace_of(root).update(name, ls.workspace.get_text_document(params.text_document.uri).source)
    ls.schedule(root, name)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: LovkodeServer, params: lsp.DidCloseTextDocumentParams):
    """A closed file counts as what is on disk again (its unsaved edits are gone)."""
    located = ls.locate(params.text_document.uri)
    if located is None:
        return
    root, name = located
    try:
        ls.workspace_of(root).update(name, (root / name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        ls.workspace_of(root).remove(name)
    ls.schedule(root, name)


# hover, definition, references -------------------------------------------------------------------

def _occurrence(ls: LovkodeServer, uri: str, position: lsp.Position):
    found = ls.document(uri)
    if found is None:
        return None
    root, name, space, analysis, text = found
    if not _in_block(text, position.line):
        return None
    occ = analysis.at(name, position.line + 1, position.character + 1)
    return (root, analysis, occ) if occ is not None else None


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def _hover(ls: LovkodeServer, params: lsp.HoverParams):
    found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    root, analysis, occ = found
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=hover_text(analysis, occ)),
                     range=to_range(occ.span))


def hover_text(analysis: Analysis, occ: Occurrence) -> str:
    """What a lawyer wants to see on a name: kind and type, description, hjemmel, the law's own words."""
    entry = analysis.entry(occ.id)
    if entry is None:
        definition = analysis.definition(occ.id)
        if definition is None:
            return f"»{occ.text}« er ikke erklæret."
        kind = _DECL_WORDS.get(type(definition.decl).__name__, "erklæring")
        return f"**{kind}** »{definition.text}«"
    head = f"**{_KIND_WORDS.get(entry.kind, entry.kind)}** »{entry.name}«"
    if entry.type is not None:
        head += f": {entry.type}"
    parts = [head]
    if entry.description:
        parts.append(entry.description)
    question = next((getattr(entry.decl, f) for f in _QUESTION_FIELDS if getattr(entry.decl, f, None)), None)
    if question:
        parts.append(f"Spørgsmål til sagsbehandleren: {question}")
    if entry.citation:
        parts.append(f"Hjemmel: {entry.citation}")
    sources = {name: parsed.text for name, parsed in analysis.files.items()}
    quoted = law_text(sources, entry.span, entry.citation)
    if quoted:
        parts.append("> " + quoted)
    if entry.span.heading:
        parts.append(f"Står under: {' › '.join(entry.span.heading)} ({entry.span.file}:{entry.span.line})")
    return "\n\n".join(parts)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def _definition(ls: LovkodeServer, params: lsp.DefinitionParams):
    found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    root, analysis, occ = found
    definition = analysis.definition(occ.id)
    if definition is None:
        return None
    return lsp.Location(uri=ls.uri_of(root, definition.span.file), range=to_range(definition.span))


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def _references(ls: LovkodeServer, params: lsp.ReferenceParams):
    found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    root, analysis, occ = found
    return [lsp.Location(uri=ls.uri_of(root, o.span.file), range=to_range(o.span))
            for o in analysis.uses(occ.id, include_definition=params.context.include_declaration)]


# completion --------------------------------------------------------------------------------------

def ranked_names(prefix: str, names) -> list[str]:
    """Names for completion: those starting with what is typed, then the nearest misses, then the rest."""
    typed = prefix.lower()

    def key(name: str):
        lowered = name.lower()
        starts = lowered.startswith(typed)
        contains = typed in lowered
        return (not starts, not contains, -difflib.SequenceMatcher(None, typed, lowered[:len(typed) or 1]).ratio(), name)

    return sorted(set(names), key=key)


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["»"]))
def _completion(ls: LovkodeServer, params: lsp.CompletionParams):
    found = ls.document(params.text_document.uri)
    if found is None:
        return None
    root, name, space, analysis, text = found
    line = params.position.line
    if not _in_block(text, line):
        return None
    lines = text.split("\n")
    current = lines[line] if line < len(lines) else ""
    return lsp.CompletionList(is_incomplete=False, items=completions(analysis, current, params.position))


def completions(analysis: Analysis, current: str, position: lsp.Position) -> list[lsp.CompletionItem]:
    before = current[:position.character]
    opened = before.rfind("»")
    if opened > before.rfind("«"):
        prefix = before[opened + 1:]
        closes = current[position.character:position.character + 1] == "«"
        names = [e.name for e in analysis.checked.entries.values()]
        replace = lsp.Range(lsp.Position(position.line, opened + 1), position)
        return [lsp.CompletionItem(label=n, kind=lsp.CompletionItemKind.Variable, sort_text=f"{i:05d}", filter_text=prefix,
                                   detail=_detail(analysis, n),
                                   text_edit=lsp.TextEdit(range=replace, new_text=n if closes else n + "«"))
                for i, n in enumerate(ranked_names(prefix, names))]
    word = re.search(r"[\w\"]*$", before).group(0)
    choices = sorted({c for e in analysis.checked.entries.values() if e.type is not None for c in e.type.choices})
    items = [(w, lsp.CompletionItemKind.Keyword) for w in keywords()]
    items += [(f'"{c}"', lsp.CompletionItemKind.EnumMember) for c in choices]
    ranked = ranked_names(word, [label for label, _ in items])
    kinds = dict(items)
    return [lsp.CompletionItem(label=label, kind=kinds[label], sort_text=f"{i:05d}") for i, label in enumerate(ranked)]


def _detail(analysis: Analysis, name: str) -> str:
    entry = analysis.entry(machine_id(name))
    if entry is None:
        return ""
    return f"{entry.kind}: {entry.type}" if entry.type is not None else entry.kind


# rename ------------------------------------------------------------------------------------------

@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def _prepare_rename(ls: LovkodeServer, params: lsp.PrepareRenameParams):
    found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    return to_range(found[2].span)


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def _rename(ls: LovkodeServer, params: lsp.RenameParams):
    found = _occurrence(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    root, analysis, occ = found
    edits, warning = rename_edits(analysis, occ, params.new_name)
    if warning:
        ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=warning))
    changes: dict[str, list[lsp.TextEdit]] = {}
    for span, text in edits:
        changes.setdefault(ls.uri_of(root, span.file), []).append(lsp.TextEdit(range=to_range(span), new_text=text))
    return lsp.WorkspaceEdit(changes=changes)


def rename_edits(analysis: Analysis, occ: Occurrence, new_name: str) -> tuple[list[tuple[Span, str]], str | None]:
    """The edits that rename a name everywhere (declaration, rules, exceptions, examples), and a warning
    when the machine identifier that case files and callers use changes with it."""
    new_text = strip_quotes(new_name.strip())
    if not new_text or any(c in new_text for c in "»«\n\"") or not machine_id(new_text):
        raise JsonRpcInvalidParams(f"»{new_name}« kan ikke bruges som navn.")
    definition = analysis.definition(occ.id)
    new_id = machine_id(new_text)
    if new_id != occ.id and (analysis.entry(new_id) is not None or analysis.definition(new_id) is not None):
        raise JsonRpcInvalidParams(f"Navnet »{new_text}« findes allerede.")
    keeps_id = definition is not None and definition.id != machine_id(definition.text)
    edits = []
    for o in analysis.uses(occ.id):
        if keeps_id and not o.defines and is_machine_identifier(o):
            continue  # written as the declared `id:`: the machine identifier stays
        edits.append((o.span, f"»{new_text}«"))
    warning = None
    entry = analysis.entry(occ.id)
    if not keeps_id and new_id != occ.id and entry is not None and entry.kind in ("faktum", "spørgsmål"):
        where = "sagsfilerne" if entry.kind == "faktum" else "svarene (JSON) og de kald, der beder om spørgsmålet"
        warning = f"Maskinnavnet skifter fra `{occ.id}` til `{new_id}`; ret det også i {where}."
    return edits, warning


# outline, quick fixes, formatting ----------------------------------------------------------------

@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def _symbols(ls: LovkodeServer, params: lsp.DocumentSymbolParams):
    found = ls.document(params.text_document.uri)
    if found is None:
        return None
    root, name, space, analysis, text = found
    return outline(text, analysis.files[name].decls if name in analysis.files else ())


def outline(text: str, decls) -> list[lsp.DocumentSymbol]:
    """The file's § headings as a tree, each holding the declarations written under it."""
    lines = text.split("\n")
    headings: list[tuple[int, int, str]] = []  # (line index, level, text)
    fence = None
    for index, line in enumerate(lines):
        match = FENCE.match(line)
        if match and (fence is None or match.group("fence").startswith(fence)):
            fence = None if fence else match.group("fence")[0] * 3
            continue
        heading = HEADING.match(line) if fence is None else None
        if heading:
            headings.append((index, len(heading.group("level")), heading.group("text")))
    roots: list[lsp.DocumentSymbol] = []
    stack: list[tuple[int, lsp.DocumentSymbol]] = []
    for number, (index, level, title) in enumerate(headings):
        end = next((i for i, lv, _ in headings[number + 1:] if lv <= level), len(lines)) - 1
        end_char = len(lines[end]) if 0 <= end < len(lines) else 0
        symbol = lsp.DocumentSymbol(name=title or "§", kind=lsp.SymbolKind.Namespace,
                                    range=lsp.Range(lsp.Position(index, 0), lsp.Position(max(index, end), end_char)),
                                    selection_range=lsp.Range(lsp.Position(index, 0), lsp.Position(index, len(lines[index]))),
                                    children=[])
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(symbol)
        stack.append((level, symbol))
    for decl in decls:
        symbol = _decl_symbol(decl)
        line = symbol.range.start.line
        parent = None
        candidates = roots
        while candidates:
            inside = [c for c in candidates if c.range.start.line <= line <= c.range.end.line]
            if not inside:
                break
            parent = inside[-1]
            candidates = parent.children or []
        (parent.children if parent is not None else roots).append(symbol)
    return roots


def _decl_symbol(decl) -> lsp.DocumentSymbol:
    kind_name = type(decl).__name__
    name = getattr(decl, "name", None)
    if kind_name == "ExampleDecl":
        title = decl.title
    elif kind_name == "ExceptionDecl":
        title = f"undtagelse til »{decl.target.text}«"
    elif kind_name == "SourceDecl":
        title = decl.abbreviation
    elif name is not None:
        title = f"»{name.text}«"
    else:
        title = kind_name
    detail = getattr(decl, "kind", None) or _DECL_WORDS.get(kind_name, "")
    span = name.span if kind_name not in ("ExampleDecl", "ExceptionDecl", "SourceDecl", "InForceDecl") and name \
        else decl.span
    return lsp.DocumentSymbol(name=title, detail=detail, kind=_SYMBOL_KINDS.get(kind_name, lsp.SymbolKind.Object),
                              range=to_range(span), selection_range=to_range(span))


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def _code_actions(ls: LovkodeServer, params: lsp.CodeActionParams):
    found = ls.document(params.text_document.uri)
    if found is None:
        return None
    text = found[4]
    return quick_fixes(params.text_document.uri, text, params.context.diagnostics)


def quick_fixes(uri: str, text: str, diagnostics) -> list[lsp.CodeAction]:
    """One quick fix per suggestion of a diagnostic ("mente du »…«?"): the name written right."""
    lines = text.split("\n")
    actions = []
    for d in diagnostics:
        data = d.data if isinstance(d.data, dict) else {}
        suggestions = data.get("suggestions", [])
        names = data.get("names", [False] * len(suggestions))
        r = d.range
        if not suggestions or r.start.line != r.end.line or r.start.line >= len(lines):
            continue
        for suggestion, is_name in zip(suggestions, names):
            edit_range, new_text = _replacement(lines, r, suggestion, is_name, d.message)
            if edit_range is None:
                continue
            actions.append(lsp.CodeAction(
                title=f"Ret til {new_text}", kind=lsp.CodeActionKind.QuickFix, diagnostics=[d], is_preferred=len(actions) == 0,
                edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=edit_range, new_text=new_text)]})))
    return actions


def _replacement(lines: list[str], r: lsp.Range, suggestion: str, is_name: bool, message: str):
    """Where the wrong word is and what it becomes, in the form it was written: the name at the
    diagnostic, or the word the message names in the declaration's lines (an abbreviation in its hjemmel)."""
    written = lines[r.start.line][r.start.character:r.end.character]
    named = re.search(r"`([^`]+)`", message.split("\n")[0])  # the message itself, not its hint
    if named and named.group(1) not in written:
        word = re.compile(rf"(?<!\w){re.escape(named.group(1))}(?!\w)")
        indent = len(lines[r.start.line]) - len(lines[r.start.line].lstrip())
        for number in range(r.start.line + 1, len(lines)):
            line = lines[number]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            found = word.search(line)
            if found:
                return lsp.Range(lsp.Position(number, found.start()), lsp.Position(number, found.end())), suggestion
        return None, None
    if written[:1] in "»«" or written.startswith("<<") or (is_name and written.startswith('"')):
        return r, f"»{suggestion}«"
    if written.startswith('"'):
        return r, f'"{suggestion}"'
    if written and re.fullmatch(r"\w+", written):
        return r, suggestion if machine_id(suggestion) == suggestion else f"»{suggestion}«"
    return None, None


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def _formatting(ls: LovkodeServer, params: lsp.DocumentFormattingParams):
    document = ls.workspace.get_text_document(params.text_document.uri)
    text = document.source
    formatted = fmt.format_text(document.filename or "", text)
    if formatted == text:
        return []
    lines = text.split("\n")
    end = lsp.Position(len(lines) - 1, len(lines[-1]))
    return [lsp.TextEdit(range=lsp.Range(lsp.Position(0, 0), end), new_text=formatted)]


def serve() -> None:
    """Run the server on stdin/stdout until the editor closes it."""
    from .parser import _parser

    _parser()  # load the grammar's tables before the first keystroke
    fmt._recording_parser()
    server.start_io()
