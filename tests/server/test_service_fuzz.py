"""Fuzzing the service: whatever a client sends, the answer keeps the contract (issue 11).

Every response is 200 with a body the results schema accepts and that equals the interpreter's own
answer, or 4xx with a body the error schema accepts — never 500, never a traceback. Bodies are
near-valid cases bent in the ways the issue found (repeated keys, lone surrogates, a byte-order
mark, bad bytes, cut-off JSON, deep nesting, boundary numbers and dates), plus raw bytes.

The suite runs a small budget. Run it long by hand, e.g. 20.000 examples:

    LOVKODE_FUZZ_EXAMPLES=20000 python -m pytest tests/server/test_service_fuzz.py -p no:warnings
"""
from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

jsonschema = pytest.importorskip("jsonschema", reason='kræver jsonschema: pip install "lovkode[test]"')
from jsonschema import Draft202012Validator  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

import lovkode  # noqa: E402
from lovkode import contract, server  # noqa: E402
from lovkode.render.json_output import dumps, results_text  # noqa: E402

EXAMPLES = int(os.environ.get("LOVKODE_FUZZ_EXAMPLES", "60"))
SPEC = lovkode.load()
CLIENT = TestClient(server.create_app(SPEC, max_body_bytes=200_000), raise_server_exceptions=False)


def _validator(schema):
    return Draft202012Validator(json.loads(json.dumps(schema), parse_float=Decimal))


RESULTS = _validator(contract.results_schema(SPEC))
ERRORS = _validator(contract.error_schema())
FACTS = sorted(SPEC.facts)

keys = st.one_of(
    st.sampled_from(FACTS),
    st.sampled_from(FACTS).map(lambda name: name[:-1] or name + "x"),  # a near miss
    st.text(max_size=12),
)
values = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-10**14, max_value=10**14),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from(["2024-06-01", "1965-03-10", "2024-02-30", "2024-W23-6", "bevilget", "afslag", ""]),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.text(max_size=10),
    st.lists(st.booleans(), max_size=2),
)
cases = st.dictionaries(keys, values, max_size=12)


@st.composite
def bodies(draw) -> bytes:
    text = dumps(draw(cases), indent=None)
    bend = draw(st.sampled_from(["none", "bom", "repeat", "surrogate", "cut", "byte", "nest", "raw"]))
    if bend == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if bend == "repeat" and len(text) > 2:
        name = draw(st.sampled_from(FACTS))
        return ("{" + json.dumps(name) + ":null," + json.dumps(name) + ":true," + text[1:]).encode()
    if bend == "surrogate":
        escape = draw(st.sampled_from(["\\ud800", "\\udfff", "\\ud83d"]))
        return ('{"' + escape + '": true, "x": "' + escape + '"}').encode()
    if bend == "cut":
        return text[: draw(st.integers(min_value=0, max_value=len(text)))].encode()
    if bend == "byte":
        data = bytearray(text.encode())
        data.insert(draw(st.integers(min_value=0, max_value=len(data))), draw(st.integers(128, 255)))
        return bytes(data)
    if bend == "nest":
        depth = draw(st.integers(min_value=1, max_value=50_000))
        return b"[" * depth + b"]" * draw(st.integers(min_value=0, max_value=depth))
    if bend == "raw":
        return draw(st.binary(max_size=200))
    return text.encode()


questions = st.lists(st.one_of(st.sampled_from(SPEC.questions), st.sampled_from(sorted(SPEC.rules)),
                               st.text(max_size=8)), max_size=3)
content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", None,
                                 "application/problem+json", "text/plain"])


def check(response, body: bytes, asked: list[str]) -> None:
    assert response.status_code != 500, response.text
    assert "Traceback" not in response.text
    payload = json.loads(response.content, parse_float=Decimal)
    if response.status_code == 200:
        RESULTS.validate(payload)
        from lovkode.caseinput import parse_case_bytes

        answers = SPEC.evaluate(parse_case_bytes(body, origin="Sagen"), questions=asked or None)
        assert response.content.decode() == results_text(answers)
    else:
        assert 400 <= response.status_code < 500
        ERRORS.validate(payload)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(bodies(), questions, content_types)
def test_every_answer_keeps_the_contract(body, asked, content_type):
    headers = {} if content_type is None else {"content-type": content_type}
    params = [("question", q) for q in asked]
    response = CLIENT.post("/v1/evaluate", content=body, headers=headers, params=params)
    if content_type == "text/plain":
        assert 415 == response.status_code
    check(response, body, asked)


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
       st.one_of(st.sampled_from(["/v1/evaluate", "/v1/schema", "/v1/questions", "/healthz", "/openapi.json"]),
                 st.text(alphabet="/abcdefghijklmnopqrstuvwxyz0123456789._-", max_size=20).map(lambda p: "/" + p)))
def test_every_path_and_method_answers_in_the_contract(method, path):
    response = CLIENT.request(method, path, content=b"{}", headers={"content-type": "application/json"})
    assert response.status_code != 500
    if response.status_code >= 400:
        ERRORS.validate(json.loads(response.content))
