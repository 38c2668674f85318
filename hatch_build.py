"""Wheel build hook: ship the bundled spec already parsed, so the first `lovkode` run after
`pip install` skips Lark (the slowest stage, ~0.3 s) — see lovkode/cache.py. The cache entries are
keyed on the grammar, the version and each file's text, so a shipped entry is only ever used for
exactly the files it was made from."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        root = Path(self.root)
        sys.path.insert(0, str(root / "interpreter"))
        try:
            from lovkode import cache, pipeline
        except ImportError:  # lark or attrs missing in the build environment: ship no cache
            return
        finally:
            sys.path.pop(0)
        out = Path(tempfile.mkdtemp(prefix="lovkode-parsecache-"))
        sources, problems = pipeline.read_sources(root / "spec")
        if problems:
            return
        for name, text in sources.items():
            cache.store_file(name, text, pipeline.parse_blocks(name, text), directory=out)
        build_data["force_include"][str(out)] = "lovkode/_data/parsecache"
