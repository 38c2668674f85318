"""Every note the evaluator leaves on a rule's node has a :class:`NoteKind` for its kind — by the
generated code and by the closures alike — so the tracer and the JSON writer, which compare kinds by
identity, never meet a bare word (which would match nothing and silently drop a version or a row)."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from lovkode.evaluate import NoteKind, evaluate
from lovkode.facts import FactsError, prepare

from tests.columnar.specgen import random_case, random_spec_text
from tests.helpers import spec_of

ROOT = Path(__file__).resolve().parents[2]
SAGER = ROOT.parent / "shared" / "sager"


def _kinds(spec, case: dict, questions=None) -> set:
    """The kinds of every note that evaluating ``case`` leaves, by the generated code, the closures
    and exhaustively; each kind asserted to be a :class:`NoteKind`."""
    facts = prepare(case, spec._fact_types)
    questions = list(spec.questions) if questions is None else questions
    found = set()
    for closures, exhaustive in ((False, False), (True, False), (False, True)):
        run, _ = evaluate(spec._program, facts, questions, exhaustive=exhaustive, closures=closures)
        for ident, (_, notes) in run.nodes.items():
            for kind, _ in notes:
                assert isinstance(kind, NoteKind), (ident, kind)
                found.add(kind)
    return found


def _bundled_cases() -> list[dict]:
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    cases.append(json.loads((ROOT / "spec" / "data" / "eksempel-sag.json").read_text(encoding="utf-8")))
    if SAGER.is_dir():
        cases += [json.loads(path.read_text(encoding="utf-8"))["fakta"] for path in sorted(SAGER.glob("*.json"))]
    return cases


def test_the_bundled_spec_leaves_only_typed_notes_on_its_demo_and_contract_cases(spec):
    found = set()
    for case in _bundled_cases():
        found |= _kinds(spec, case)
    assert {NoteKind.VERSION, NoteKind.ROW, NoteKind.REGULATED, NoteKind.LAWFUL} <= found


def test_random_specs_leave_every_kind_of_note_and_only_typed_ones():
    """Random specs with every construct (versions, exceptions and their conflicts, tables with gaps,
    a regulated amount, a skøn) on random partial cases reach every kind there is."""
    found = set()
    for seed in range(12):
        spec = spec_of(random_spec_text(seed))
        questions = [name for name, rule in spec.rules.items() if rule.askable]
        rng = random.Random(seed)
        for _ in range(12):
            try:
                found |= _kinds(spec, random_case(rng), questions)
            except FactsError:
                continue
    assert found == set(NoteKind)


@pytest.mark.parametrize("kind", list(NoteKind), ids=lambda kind: kind.name)
def test_a_note_kind_is_no_string(kind):
    """A bare word in a kind's place matches no kind, and a kind never reaches the output as text."""
    assert kind != kind.value
    with pytest.raises(TypeError):
        json.dumps(kind)
