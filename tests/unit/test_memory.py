"""A case's objects are freed as soon as its answers are dropped, not left to the garbage collector.

Why it matters: a reference cycle per case (a tracer and its helper holding each other, closures that
call each other through a frame's cells) leaves every case's tables for the cyclic collector; in a
batch of 100.000 cases that collector then runs again and again over ever more objects. It cost
about a fifth of batch throughput before it was found.
"""
from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from lovkode.render.json_output import dumps, results_json, results_text

ROOT = Path(__file__).resolve().parents[2]


def _cases(n: int = 40) -> list[dict]:
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][:n]


@pytest.mark.parametrize("use", [
    pytest.param(lambda answers: results_text(answers), id="results_text"),
    pytest.param(lambda answers: dumps(results_json(answers), indent=None), id="results_json"),
    pytest.param(lambda answers: [a.begrundelse() for a in answers.values()], id="begrundelse"),
    pytest.param(lambda answers: results_text(answers), id="exhaustive"),
])
def test_a_case_leaves_no_cyclic_garbage(spec, use, request):
    """(Indented JSON is left out: the standard library's pure-Python encoder, which ``indent``
    selects, makes a cycle of its own per call.)"""
    exhaustive = request.node.callspec.id == "exhaustive"
    cases = _cases()
    for case in cases[:5]:  # warm: caches filled, lazy imports done
        use(spec.evaluate(case, exhaustive=exhaustive))
    gc.collect()
    gc.disable()
    try:
        for case in cases:
            use(spec.evaluate(case, exhaustive=exhaustive))
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert 0 == unreachable
