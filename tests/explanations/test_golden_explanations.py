"""Golden files pin the Danish begrundelse and the JSON explanation of a few cases.

``cases/NAME.json`` holds the questions and the facts (or a path to a case file); ``NAME.txt`` the text
``lovkode eval`` prints and ``NAME.explanation.json`` the explanation tree. Only ``pytest --bless`` writes them; a missing one is a failure.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lovkode.cli import render_answers_text
from lovkode.render.json_output import dumps, results_json

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (Path(__file__).parent / "cases").glob("*.json") if not p.name.endswith(".explanation.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_begrundelse(path: Path, spec, bless: bool):
    case = json.loads(path.read_text(encoding="utf-8"))
    facts = case["fakta"]
    if isinstance(facts, str):
        source = ROOT / facts
        if not source.exists():
            pytest.skip(f"{facts} findes ikke (kontraktens eksempelsager ligger i ../shared)")
        facts = json.loads(source.read_text(encoding="utf-8"))
        facts = facts.get("fakta", facts)  # a contract case wraps its facts with the expected answers
    answers = spec.evaluate(facts, case["spørgsmål"])
    outputs = {
        path.with_suffix(".txt"): render_answers_text(spec, answers) + "\n",
        path.with_name(path.stem + ".explanation.json"): dumps(results_json(answers)) + "\n",
    }
    for golden, text in outputs.items():
        if bless:
            golden.write_text(text, encoding="utf-8")
        assert golden.exists(), f"{golden.name} mangler; skriv den med `pytest --bless` og gennemse den med git diff"
        assert golden.read_text(encoding="utf-8") == text, golden.name
