"""The public contract: every fact of faktakatalog.md and every question of spoergsmaal.md is in the
bundled spec with exactly its name and type."""
from __future__ import annotations

import re

import pytest

from tests.conftest import SHARED

KONTRAKT = SHARED / "kontrakt"
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|")


def _rows(name: str) -> list[tuple[str, str]]:
    path = KONTRAKT / name
    if not path.exists():
        return []
    return [(m.group(1), m.group(2)) for line in path.read_text(encoding="utf-8").splitlines()
            if (m := ROW.match(line))]


def _type_of(contract_type: str) -> tuple[str, tuple[str, ...]]:
    if contract_type.startswith("valg"):
        return "valg", tuple(re.findall(r"`([^`]+)`", contract_type))
    return contract_type.strip(), ()


FACTS = _rows("faktakatalog.md")
QUESTIONS = [(n, t) for n, t in _rows("spoergsmaal.md") if n not in ("question",)]


@pytest.mark.skipif(not FACTS, reason="../shared/kontrakt findes ikke")
@pytest.mark.parametrize("name, contract_type", FACTS, ids=[n for n, _ in FACTS])
def test_fact_is_declared_with_its_type(spec, name, contract_type):
    assert name in spec.facts
    kind, choices = _type_of(contract_type)
    fact = spec.facts[name]
    assert kind == fact.type.split()[0]
    assert choices == fact.choices


@pytest.mark.skipif(not QUESTIONS, reason="../shared/kontrakt findes ikke")
@pytest.mark.parametrize("name, contract_type", QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_question_is_a_rule_with_its_type(spec, name, contract_type):
    assert name in spec.questions
    kind, choices = _type_of(contract_type)
    rule_type = spec.rules[name].type
    assert kind == rule_type.split()[0]
    if choices:
        assert choices == tuple(re.findall(r'"([^"]*)"', rule_type))


def test_every_rule_cites_its_hjemmel(spec):
    assert [] == [r.id for r in spec.rules.values() if not r.citation]
