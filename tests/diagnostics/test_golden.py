"""Golden files pin the exact text of every diagnostic.

Each ``cases/LKnnn-*.md`` is a small spec with one mistake; ``LKnnn-*.txt`` beside it holds what
``lovkode check`` prints for it. Only ``pytest --bless`` writes the golden files (a missing one is a
failure); review them with git diff.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from lovkode.pipeline import check_path
from lovkode.render.diagnostics import box

CASES = sorted((Path(__file__).parent / "cases").glob("*.md"))


def render(path: Path) -> tuple[str, list[str]]:
    _, diagnostics, sources, _ = check_path(path)
    return "\n\n".join(box(d, sources) for d in diagnostics) + "\n", [d.code for d in diagnostics]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_diagnostic_text(path: Path, bless: bool):
    text, found = render(path)
    expected_code = path.stem.split("-")[0]
    assert expected_code in found, f"{path.name} gav {found}"
    golden = path.with_suffix(".txt")
    if bless:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden.name} mangler; skriv den med `pytest --bless` og gennemse den med git diff"
    assert golden.read_text(encoding="utf-8") == text
