"""`lovkode schema`: the JSON Schema of a case file, generated from the fact declarations, accepts every
example case and the bundled cases, and rejects what the case-file contract rejects."""
from __future__ import annotations

import json

import jsonschema
import pytest

from tests.conftest import ROOT, SHARED


@pytest.fixture(scope="module")
def validator(spec):
    schema = spec.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _cases():
    found = []
    for path in sorted((SHARED / "sager").glob("*.json")):
        found.append((path.stem, json.loads(path.read_text(encoding="utf-8"))["fakta"]))
    found.append(("eksempel-sag", json.loads((ROOT / "spec/data/eksempel-sag.json").read_text(encoding="utf-8"))))
    for number, line in enumerate((ROOT / "spec/data/demo-sager.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            found.append((f"demo-{number}", json.loads(line)))
    return found


@pytest.mark.parametrize("name, case", _cases(), ids=[n for n, _ in _cases()])
def test_every_case_is_valid(validator, name, case):
    assert [] == [e.message for e in validator.iter_errors(case)]


def test_every_spec_example_is_valid(validator, spec):
    for example in spec.examples:
        case = {k: (v.isoformat() if hasattr(v, "isoformat") else float(v) if hasattr(v, "as_tuple") else v)
                for k, v in example.given.items()}
        assert [] == [e.message for e in validator.iter_errors(case)], example.name


@pytest.mark.parametrize("case", [
    {"fødselsdto": "1965-03-10"},
    {"fødselsdato": 1965},
    {"vurderet_arbejdsintensitet": 101},
    {"vurderet_timetal": -1},
    {"kommunens_afgørelse": "måske"},
    {"modtager_førtidspension": "ja"},
])
def test_what_the_contract_rejects_the_schema_rejects(validator, case):
    assert list(validator.iter_errors(case))
