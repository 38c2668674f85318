"""The stages on one screen: read → literate → parse → build → check → compile.

Each stage is one module; this file only chains them. Every stage collects its diagnostics; the chain
stops after the first stage that found errors (so a syntax error does not cascade into name errors).
"""
from __future__ import annotations

from pathlib import Path

from . import cache, messages
from .api import Spec, SpecError
from .build import build
from .check import check
from .codegen import FastProgram
from .diagnostics import Diagnostic, has_errors
from .evaluate import Program
from .literate import Block, blocks
from .parser import parse_block
from .presentation import check_law_texts
from .source import Span

MAX_FILE_BYTES = 5 * 1024 * 1024


def spec_dir() -> Path:
    """The bundled fleksjob spec: inside the installed wheel, or the checkout's own ``spec/``."""
    here = Path(__file__).resolve().parent
    shipped = here / "_data" / "spec"
    if shipped.is_dir():
        return shipped
    return here.parent.parent / "spec"


def read_sources(path: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """Stage 0: the Markdown files of a spec (a directory, searched recursively, or one file)."""
    diagnostics: list[Diagnostic] = []
    sources: dict[str, str] = {}
    if path.is_file():
        files = [path]
        base = path.parent
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*.md") if p.is_file())
        base = path
    else:
        return {}, [messages.make("LK001", Span(str(path), 0, 0), file=str(path), reason="stien findes ikke")]
    if not files:
        return {}, [messages.make("LK003", Span(str(path), 0, 0), file=str(path))]
    for file in files:
        name = file.relative_to(base).as_posix()
        try:
            size = file.stat().st_size
            if size > MAX_FILE_BYTES:
                diagnostics.append(messages.make("LK002", Span(name, 1, 1), file=name, size=size, limit=MAX_FILE_BYTES))
                continue
            sources[name] = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            diagnostics.append(messages.make("LK001", Span(name, 1, 1), file=name, reason="den er ikke UTF-8"))
        except OSError as err:
            diagnostics.append(messages.make("LK001", Span(name, 1, 1), file=name, reason=err.strerror or str(err)))
    return sources, diagnostics


def compile_sources(sources: dict[str, str]) -> tuple[Spec | None, list[Diagnostic]]:
    """Stages 1–5 on already read sources."""
    diagnostics: list[Diagnostic] = []
    decls = []
    for name, text in sources.items():
        file_decls, file_diagnostics = parse_file(name, text)
        decls.extend(file_decls)
        diagnostics.extend(file_diagnostics)
    if has_errors(diagnostics):
        return None, diagnostics
    if not decls:
        return None, [messages.make("LK003", Span(next(iter(sources), "<spec>"), 0, 0), file=", ".join(sources) or "?")]
    checked, problems = check(decls)
    diagnostics.extend(problems)
    diagnostics.extend(check_law_texts(checked, sources))
    if has_errors(diagnostics):
        return None, diagnostics
    program = Program(checked, FastProgram)
    return Spec(checked, program, None, sources, diagnostics), diagnostics


def parse_file(name: str, text: str) -> tuple[list, list[Diagnostic]]:
    """Stages 1–3 for one file, through the per-file parse cache (the editor's server re-parses only the file
    that changed)."""
    cached = cache.load_file(name, text)
    if cached is None:
        cached = parse_blocks(name, text)
        cache.store_file(name, text, cached)
    return cached


def parse_blocks(name: str, text: str, memo: dict | None = None) -> tuple[list, list[Diagnostic]]:
    """Stages 1–3 for one file: its blocks, parsed and built into declarations. With a `memo` (the
    editor's server) each top-level declaration's result is kept across calls, so a keystroke re-parses
    one declaration, not its block; the result is the same as parsing the whole block."""
    diagnostics: list[Diagnostic] = []
    decls = []
    for block in blocks(name, text):
        block_decls, found = _parse_pieces(block, memo) if memo is not None else _parse_one(block)
        decls.extend(block_decls)
        diagnostics.extend(found)
    return decls, diagnostics


def _parse_one(block: Block) -> tuple[list, list[Diagnostic]]:
    found: list[Diagnostic] = []
    tree, problems = parse_block(block)
    found.extend(problems)
    return (build(block, tree, found) if tree is not None else []), found


def _parse_pieces(block: Block, memo: dict) -> tuple[list, list[Diagnostic]]:
    """A block as its top-level declarations, each parsed on its own and remembered; if any piece has a
    problem, the whole block is parsed instead, so diagnostics are exactly those of `lovkode check`."""
    done = memo.get(block)
    if done is not None:
        return done
    decls: list = []
    for piece in _pieces(block):
        result = memo.get(piece)
        if result is None:
            result = memo[piece] = _parse_one(piece)
        if result[1]:
            decls = None
            break
        decls.extend(result[0])
    done = (decls, []) if decls is not None else _parse_one(block)
    memo[block] = done
    return done


def _pieces(block: Block) -> list[Block]:
    """The block cut before each line that starts at the margin (a new declaration)."""
    lines = block.text.split("\n")
    starts = [0] + [i for i, line in enumerate(lines) if i and line[:1] not in ("", " ", "\t", "#")]
    ends = starts[1:] + [len(lines)]
    return [Block(block.file, block.first_line + a, "\n".join(lines[a:b]), block.heading) for a, b in zip(starts, ends)]


def check_path(path: str | Path | None = None) -> tuple[Spec | None, list[Diagnostic], dict[str, str], Path]:
    """Read, parse and check a spec; never raises for bad input."""
    root = Path(path) if path is not None else spec_dir()
    sources, diagnostics = read_sources(root)
    spec = None
    if not has_errors(diagnostics):
        spec, problems = compile_sources(sources)
        diagnostics.extend(problems)
    if spec is not None:
        spec.root = root
    return spec, diagnostics, sources, root


def load(path: str | Path | None = None) -> Spec:
    """Load and check a spec (default: the bundled fleksjob spec). Raises :class:`SpecError` on errors."""
    spec, diagnostics, sources, root = check_path(path)
    if spec is None:
        raise SpecError(diagnostics, sources, root)
    return spec
