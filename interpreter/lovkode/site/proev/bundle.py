"""What the reader's browser runs: the interpreter, the site's spec already parsed, and Pyodide.

:func:`interpreter_archive` packs, at site build time, the very ``lovkode`` that builds the site (its
Python files and grammar, not the site generator), the site's own spec files and their parse-cache
entries made exactly as the wheel's build hook makes them (``hatch_build.py``), so the browser skips
Lark. Pyodide and the pure-Python wheels of lark and attrs come from the registries through
:mod:`lovkode.site.proev.assets`; :func:`find_runtime` finds them.
"""
from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import attrs

ARCHIVE = "lovkode-proev.zip"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
                 "package.json")
"""What Pyodide needs to start without fetching anything else (its packages are not used)."""
WHEELS = ("lark", "attrs")
ENVIRONMENT = "LOVKODE_PYODIDE_DIR"
DEFAULT_DIR = Path("build") / "pyodide"
_STAMP = (2020, 2, 2, 0, 0, 0)  # fixed, so the same sources give the same archive


@attrs.frozen
class Runtime:
    """Pyodide's files and the wheels of the interpreter's dependencies, found on this machine."""

    directory: Path
    version: str
    wheels: tuple[Path, ...]

    def files(self) -> list[Path]:
        return [self.directory / name for name in PYODIDE_FILES] + list(self.wheels)


def runtime_dir(root: Path) -> Path:
    """Where the runtime is looked for: ``$LOVKODE_PYODIDE_DIR``, else ``build/pyodide`` under ``root``."""
    named = os.environ.get(ENVIRONMENT)
    return Path(named) if named else root / DEFAULT_DIR


def find_runtime(directory: Path) -> tuple[Runtime | None, str]:
    """The runtime in ``directory``; else ``None`` and why, in Danish."""
    missing = [name for name in PYODIDE_FILES if not (directory / name).is_file()]
    if missing:
        return None, f"{directory} mangler {', '.join(missing)}"
    wheels = []
    for project in WHEELS:
        found = sorted(directory.glob(f"{project}-*-py3-none-any.whl"))
        if not found:
            return None, f"{directory} mangler et rent Python-hjul af {project}"
        wheels.append(found[-1])
    try:
        version = json.loads((directory / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError) as err:
        return None, f"{directory / 'package.json'} kan ikke læses: {err}"
    return Runtime(directory, str(version), tuple(wheels)), ""


def interpreter_archive(spec, session_source: Path | None = None) -> bytes:
    """A zip with ``lovkode/`` (Python files and grammar, with ``_data/parsecache`` for the spec),
    ``lovkode_proev.py`` (:mod:`lovkode.site.proev.session`) and ``spec/`` (the site's spec files)."""
    import lovkode
    from lovkode import cache, pipeline
    from lovkode.cache import grammar_path

    package = Path(lovkode.__file__).resolve().parent
    entries: dict[str, bytes] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] in {"site", "__pycache__"} or "__pycache__" in relative.parts:
            continue
        entries[f"lovkode/{relative.as_posix()}"] = path.read_bytes()
    entries["lovkode/_data/grammar/lovkode.lark"] = grammar_path().read_bytes()
    session = session_source or Path(__file__).with_name("session.py")
    entries["lovkode_proev.py"] = session.read_bytes()
    with tempfile.TemporaryDirectory(prefix="lovkode-proev-") as scratch:
        for name, text in spec.sources.items():
            entries[f"spec/{name}"] = text.encode("utf-8")
            parsed = cache.load_file(name, text)  # the site's own load has usually just cached it
            if parsed is None:
                parsed = pipeline._parse_file(name, text)
            cache.store_file(name, text, parsed, directory=Path(scratch))
        for path in sorted(Path(scratch).glob("*.pickle")):
            entries[f"lovkode/_data/parsecache/{path.name}"] = path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, _STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return buffer.getvalue()
