"""A cache of parsed files, so a warm start skips Lark (the slowest stage).

Each file's declarations and diagnostics are stored under a hash of the grammar, the lovkode version,
the file name and its text, so any change to any of them misses the cache. The cache lives in
``$LOVKODE_CACHE_DIR`` or the user's cache directory; ``LOVKODE_CACHE_DIR=`` (empty) turns it off. A
cache that cannot be read or written is ignored: it only ever saves time.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

_VERSION = "0.1.0-2"


@functools.lru_cache(maxsize=1)
def cache_dir() -> Path | None:
    chosen = os.environ.get("LOVKODE_CACHE_DIR")
    if chosen == "":
        return None
    if chosen:
        path = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        path = Path(base) / "lovkode"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path if os.access(path, os.W_OK) else None
    except OSError:
        return None


def grammar_path() -> Path:
    """The grammar file: shipped inside the wheel, or the repository's own when run from a checkout."""
    here = Path(__file__).resolve().parent
    shipped = here / "_data" / "grammar" / "lovkode.lark"
    if shipped.is_file():
        return shipped
    return here.parent.parent / "grammar" / "lovkode.lark"


_FRONT_END = ("parser.py", "build.py", "ast.py", "literate.py", "messages.py", "diagnostics.py", "values.py",
              "types.py", "source.py", "cache.py")
"""The modules whose code decides what a parsed file becomes: any change to them misses the cache."""


@functools.lru_cache(maxsize=1)
def _grammar_hash() -> str:
    digest = hashlib.sha256(grammar_path().read_bytes())
    here = Path(__file__).resolve().parent
    for name in _FRONT_END:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def _key(name: str, text: str) -> str:
    digest = hashlib.sha256()
    for part in (_VERSION, _grammar_hash(), name, text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


SHIPPED = Path(__file__).resolve().parent / "_data" / "parsecache"
"""Entries made when the wheel was built (hatch_build.py) for the bundled spec: read-only."""


def load_file(name: str, text: str):
    key = f"{_key(name, text)}.pickle"
    for directory in (cache_dir(), SHIPPED):
        if directory is None:
            continue
        try:
            with open(directory / key, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # a missing, stale or damaged entry is simply a miss
            continue
    return None


def store_file(name: str, text: str, value, directory: Path | None = None) -> None:
    directory = directory or cache_dir()
    if directory is None:
        return
    try:
        with tempfile.NamedTemporaryFile("wb", dir=directory, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, directory / f"{_key(name, text)}.pickle")
    except Exception:  # never fail a load because the cache could not be written
        try:
            os.unlink(handle.name)
        except Exception:
            pass
