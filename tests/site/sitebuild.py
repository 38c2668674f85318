"""Building the documentation site in a subprocess, for the tests in this folder.

Builds run `python -m mkdocs` exactly as CI and a developer run it, so that the plugin is loaded the
way mkdocs loads it (through its entry point) and a failing build shows its log in the test output.
A test that builds the site for a spec of its own writes a small mkdocs.yml beside it
(:func:`write_config`) with ``plugins: - lovkode``, as any spec folder would.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
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


def write_config(folder: Path, *, spec: str = "spec", extra: str = "") -> Path:
    """A minimal mkdocs.yml for a spec folder in ``folder``: the theme, the project's Markdown
    extensions, and the one line that matters, ``plugins: - lovkode``."""
    (folder / "docs").mkdir(exist_ok=True)
    config = folder / "mkdocs.yml"
    config.write_text(textwrap.dedent(f"""\
        site_name: Prøve
        docs_dir: docs
        theme:
          name: material
          language: da
          font: false
        markdown_extensions:
          - admonition
          - tables
          - footnotes
          - def_list
          - toc:
              permalink: true
          - pymdownx.details
          - pymdownx.highlight
          - pymdownx.inlinehilite
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        plugins:
          - search:
              lang: da
          - lovkode:
              spec: {spec}
        """) + extra, encoding="utf-8")
    return config


def build_site(target: Path, *, spec_dir: Path | None = None, strict: bool = True,
               config: Path | None = None) -> Build:
    """Build a site into ``target``: the real one, or, with ``spec_dir``, a minimal site for that spec
    folder (its mkdocs.yml is written beside the folder)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if spec_dir is not None and config is None:
        config = write_config(spec_dir.parent, spec=spec_dir.name)
    config = config or ROOT / "mkdocs.yml"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict",
               "--config-file", str(config), "--site-dir", str(target)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    return Build(target, done.returncode, done.stdout + done.stderr, time.perf_counter() - started)
