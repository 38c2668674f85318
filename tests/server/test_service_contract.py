"""The contract's schemas (`lovkode.contract`) hold for what lovkode really writes.

Every object in every schema is closed (`additionalProperties: false`), so a key the renderers write
without the contract listing it — or a key the contract lists under another name — fails here.
Responses are read with exact decimals, as the schemas' `multipleOf` must be checked.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema", reason='kræver jsonschema: pip install "lovkode[test]"')
from jsonschema import Draft202012Validator  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

import lovkode  # noqa: E402
from lovkode import contract, server  # noqa: E402
from lovkode.render.json_output import results_json, results_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAGER = ROOT.parent / "shared" / "sager"
DEMO = ROOT / "spec" / "data" / "demo-sager.jsonl"
JSON = {"content-type": "application/json"}


def exact(value):
    """A schema or document as a validator must read it: numbers as exact decimals."""
    return json.loads(json.dumps(value) if not isinstance(value, (str, bytes)) else value, parse_float=Decimal)


def validator(schema: dict) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(exact(schema))


def object_schemas(node, path="#"):
    """Every (sub)schema that describes a JSON object, with where it is."""
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield path, node
        for key, value in node.items():
            if key not in ("enum", "const", "required"):
                yield from object_schemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from object_schemas(value, f"{path}/{index}")


@pytest.fixture(scope="module")
def app_client(spec):
    return TestClient(server.create_app(spec))


def real_cases() -> list[dict]:
    cases = [{}]
    if SAGER.is_dir():
        cases += [json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)["fakta"]
                  for path in sorted(SAGER.glob("*.json"))]
    cases += [json.loads(line, parse_float=Decimal) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    return cases


def test_the_contracts_example_cases_are_here():
    """Without ../shared the checks below would quietly shrink to the demo cases: say so loudly."""
    if not SAGER.is_dir():
        pytest.skip(f"kontraktens sager mangler ({SAGER}); kun demo-sagerne valideres")
    assert len(list(SAGER.glob("*.json"))) >= 10


@pytest.mark.parametrize("name", ["case", "results", "errors", "openapi"])
def test_every_object_in_the_contract_is_closed(spec, name):
    document = {
        "case": contract.case_schema(spec),
        "results": contract.results_schema(spec),
        "errors": contract.error_schema(),
        "openapi": contract.openapi_document(spec)["components"],
    }[name]
    found = list(object_schemas(document))
    assert found
    for where, schema in found:
        closed = schema.get("additionalProperties")
        assert closed is False or isinstance(closed, dict), f"{where} er ikke lukket"


def test_lovkode_schema_prints_the_contracts_case_schema(spec, capsys):
    from lovkode.cli import main

    assert 0 == main(["schema"])
    assert contract.case_schema(spec) == json.loads(capsys.readouterr().out)
    assert contract.case_schema(spec) == spec.json_schema()


def test_real_responses_match_the_results_schema(spec, app_client):
    results = validator(contract.results_schema(spec))
    cases = validator(contract.case_schema(spec))
    seen_keys: set[str] = set()
    for facts in real_cases():
        cases.validate(exact(json.dumps(facts, default=str)))
        response = app_client.post("/v1/evaluate", content=json.dumps(facts, default=str).encode(), headers=JSON)
        assert 200 == response.status_code, response.text
        payload = exact(response.content.decode())
        results.validate(payload)
        seen_keys |= _node_keys(payload)
        # the same schema holds for the tree form the CLI prints and the text batch writes
        answers = spec.evaluate(facts)
        assert payload == exact(results_text(answers))
        results.validate(exact(lovkode.render.json_output.dumps(results_json(answers))))
    # the cases reach the shapes the contract documents (so the schema is not checked on a subset)
    assert {"name", "kind", "value", "citation", "missing", "because", "se", "version", "undtagelse",
            "række", "skøn"} <= seen_keys


def _node_keys(payload) -> set[str]:
    keys: set[str] = set()

    def walk(node):
        keys.update(node)
        for child in node["because"]:
            walk(child)

    for entry in payload["results"].values():
        walk(entry["explanation"])
    return keys


def test_a_single_question_and_a_rule_that_is_no_question_match_too(spec, app_client):
    results = validator(contract.results_schema(spec))
    rule = next(name for name in spec.rules if name not in spec.questions)
    for question in ("ret_til_fleksjob", rule):
        response = app_client.post(f"/v1/evaluate?question={question}", json={})
        assert 200 == response.status_code
        results.validate(exact(response.content.decode()))


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"[1]",
        b'{"\\ud800": true}',
        b'{"a": 1, "a": 2}',
        b'{"k\xe6": 1}',
        '{"fødselsdato": "2024-02-30", "vurderet_timetal": -1, "vurderet_arbejdsintensitet": 101}'.encode(),
        json.dumps({f"ukendt_{i}": True for i in range(120)}).encode(),
    ],
)
def test_error_responses_match_the_error_schema(app_client, body):
    errors = validator(contract.error_schema())
    response = app_client.post("/v1/evaluate", content=body, headers=JSON)
    assert response.status_code in (400, 422), response.text
    errors.validate(exact(response.content.decode()))


def test_the_service_serves_the_contracts_documents(spec, app_client):
    assert contract.case_schema(spec) == app_client.get("/v1/schema").json()
    assert json.loads(json.dumps(contract.openapi_document(spec))) == app_client.get("/openapi.json").json()
    validator(contract.results_schema(spec))
