"""Building the documentation site in a subprocess, for the tests in this folder.

Builds run `python -m mkdocs` exactly as CI and a developer run it, so that the hooks are loaded the
way mkdocs loads them and a failing build shows its log in the test output. LOVKODE_SPEC_DIR, read
by docs/hooks.py, lets a test build the site for a spec of its own.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Build:
    """The result of one `mkdocs build`."""

    site: Path
    returncode: int
    log: str
    seconds: float


def build_site(target: Path, *, spec_dir: Path | None = None, strict: bool = True) -> Build:
    """Build the site into ``target``; ``spec_dir`` replaces spec/ (the hooks read LOVKODE_SPEC_DIR)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("LOVKODE_SPEC_DIR", None)
    if spec_dir is not None:
        env["LOVKODE_SPEC_DIR"] = str(spec_dir)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict",
               "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(target)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    return Build(target, done.returncode, done.stdout + done.stderr, time.perf_counter() - started)
