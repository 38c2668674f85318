"""`lovkode fmt`: one canonical layout for the ```lovkode blocks of a spec file, never the prose.

The layout is decided from the grammar's own token stream, not from a second grammar: each block is
lexed and parsed by the real parser, whose tokens are recorded as they pass to the indentation
post-lexer. A line is then written again from its tokens: two spaces per level of indentation (the
levels the parser itself saw), one space between tokens except before `,` `:` `;` `)` and after `(`
and a unary `-`, names in »…«, `hjemmel: …` with one space, trailing blanks gone and runs of blank
lines made one. Because only token boundaries and a few punctuation marks are known here, new syntax
in the grammar is formatted without a change to this module. A block that does not parse is left
exactly as it is (`lovkode check` reports it); formatting is idempotent.
"""
from __future__ import annotations

import functools
import threading
from pathlib import Path

import attrs
from lark import Lark, Token
from lark.exceptions import LarkError
from lark.indenter import DedentError

from .build import strip_quotes
from .cache import cache_dir
from .literate import Block, blocks
from .cache import grammar_path
from .parser import _LovkodeIndenter, _precheck

INDENT = "  "
"""One level of indentation: what the bundled spec uses throughout."""

_NO_SPACE_BEFORE = {",", ":", ";", ")"}
_NO_SPACE_AFTER = {"("}


class _RecordingIndenter(_LovkodeIndenter):
    """The parser's own indentation post-lexer, keeping every token the lexer produced."""

    def __init__(self):
        super().__init__()
        self.tokens: list[Token] = []

    def process(self, stream):
        def recorded():
            for token in stream:
                self.tokens.append(token)
                yield token

        return super().process(recorded())


_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _recording_parser() -> tuple[Lark, _RecordingIndenter]:
    indenter = _RecordingIndenter()
    directory = cache_dir()
    lark = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual", postlex=indenter,
                maybe_placeholders=True, cache=str(directory / "lark-lalr-fmt.cache") if directory else False)
    return lark, indenter


def block_tokens(text: str) -> list[Token] | None:
    """The tokens of one block's text as the parser reads them (no newlines), or None if it does not parse."""
    if _precheck(Block("<fmt>", 1, text, ())):
        return None
    lark, indenter = _recording_parser()
    with _LOCK:
        indenter.tokens = []
        try:
            lark.parse(text + "\n")
        except (LarkError, DedentError, RecursionError):
            return None
        return [t for t in indenter.tokens if t.type != "_NL"]


def render_token(token: Token) -> str:
    """A token in its canonical spelling: names in »…«, `hjemmel: …` with one space; all else as written."""
    value = str(token)
    if token.type == "QUOTED_NAME":
        return f"»{strip_quotes(value)}«"
    if token.type == "CITATION":
        rest = value.split(":", 1)[1].strip()
        return f"hjemmel: {rest}" if rest else "hjemmel:"
    return value


def _join(tokens: list[Token]) -> str:
    out: list[str] = []
    previous: Token | None = None
    for index, token in enumerate(tokens):
        if previous is not None:
            unary_minus = previous.type == "MINUS" and index > 1
            glued = token.value in _NO_SPACE_BEFORE or previous.value in _NO_SPACE_AFTER or unary_minus
            if not glued:
                out.append(" ")
        out.append(render_token(token))
        previous = token
    return "".join(out)


def format_block_text(text: str) -> str:
    """The canonical text of one block; the text unchanged if it does not parse."""
    tokens = block_tokens(text)
    if tokens is None:
        return text
    lines = text.split("\n")
    by_line: dict[int, list[Token]] = {}
    for token in tokens:
        by_line.setdefault(token.line, []).append(token)

    levels = [0]
    parens = 0
    depth_of: dict[int, int] = {}
    statement_depth = 0
    for number in range(1, len(lines) + 1):
        line_tokens = by_line.get(number)
        if not line_tokens:
            continue
        if parens > 0:
            depth_of[number] = statement_depth + 2
        else:
            indent = line_tokens[0].column - 1
            if indent > levels[-1]:
                levels.append(indent)
            while indent < levels[-1]:
                levels.pop()
            statement_depth = depth_of[number] = len(levels) - 1
        for token in line_tokens:
            if token.type == "LPAR":
                parens += 1
            elif token.type == "RPAR":
                parens -= 1

    written: list[str] = []
    pending_comments: list[str] = []
    for number, line in enumerate(lines, start=1):
        line_tokens = by_line.get(number)
        if line_tokens:
            depth = depth_of[number]
            end = line_tokens[-1].end_column - 1
            comment = line[end:].strip()
            written.extend(INDENT * depth + c for c in pending_comments)
            pending_comments = []
            written.append(INDENT * depth + _join(line_tokens) + (f" {comment}" if comment else ""))
        elif line.strip():
            pending_comments.append(line.strip())  # a comment line: indented like the code it precedes
        elif written and written[-1] != "" and not pending_comments:
            written.append("")
    written.extend(pending_comments)
    while written and written[-1] == "":
        written.pop()
    return "\n".join(written)


def format_text(name: str, text: str) -> str:
    """The Markdown file with every lovkode block in canonical layout; everything else byte for byte."""
    return format_text_and_skipped(name, text)[0]


def format_text_and_skipped(name: str, text: str) -> tuple[str, list[int]]:
    """The formatted file, and the first lines of the blocks left as they were because they do not parse."""
    skipped = []
    newline = "\r\n" if "\r\n" in text else "\n"
    plain = text.replace("\r\n", "\n") if newline == "\r\n" else text
    lines = plain.split("\n")
    for block in reversed(blocks(name, plain)):
        first = block.first_line - 1
        count = len(block.text.split("\n"))
        formatted = format_block_text(block.text)
        if formatted is block.text and block.text.strip() and block_tokens(block.text) is None:
            skipped.append(block.first_line - 1)
        if formatted != block.text:
            lines[first:first + count] = formatted.split("\n")
    result = "\n".join(lines)
    return (result.replace("\n", "\r\n") if newline == "\r\n" else result), sorted(skipped)


@attrs.frozen
class FileResult:
    path: Path
    changed: bool
    error: str | None = None
    skipped: tuple[int, ...] = ()  # lines of fences whose block does not parse and was left as it is


def spec_files(paths: list[Path]) -> list[Path]:
    """The Markdown files named, and those under the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        else:
            files.append(path)
    return files


def format_files(paths: list[Path], write: bool) -> list[FileResult]:
    """Format each file (in place when `write`); a file that cannot be read or written is reported, not raised."""
    results = []
    for path in spec_files(paths):
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except FileNotFoundError:
            results.append(FileResult(path, False, "filen findes ikke"))
            continue
        except UnicodeDecodeError:
            results.append(FileResult(path, False, "den er ikke UTF-8"))
            continue
        except OSError as err:
            results.append(FileResult(path, False, err.strerror or str(err)))
            continue
        formatted, skipped = format_text_and_skipped(path.name, text)
        changed = formatted != text
        if changed and write:
            try:
                tmp = path.with_name(f".{path.name}.lovkode-fmt")
                tmp.write_text(formatted, encoding="utf-8", newline="")
                tmp.replace(path)
            except OSError as err:
                results.append(FileResult(path, False, err.strerror or str(err)))
                continue
        results.append(FileResult(path, changed, skipped=tuple(skipped)))
    return results
