"""What the service does with hostile or broken bodies (issue 11, items 2, 3 and 8).

Each repro of the issue is here as the answer a client now gets; the app is called in process
(Starlette's TestClient), which is exactly the application `lovkode serve` runs.
"""
from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from lovkode import server

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(spec):
    return TestClient(server.create_app(spec), raise_server_exceptions=False)


def post(client, body: bytes):
    return client.post("/v1/evaluate", content=body, headers=JSON)


@pytest.mark.parametrize("body", [b'{"\\ud800": true}', '{"fødselsdato": "\\udfff"}'.encode(),
                                  b'{"a": ["\\ud83d"]}'])
def test_a_lone_surrogate_is_422_not_500(client, body):
    response = post(client, body)
    assert 422 == response.status_code, response.text
    [problem] = response.json()["fejl"]
    assert "LK713" == problem["kode"]
    assert "surrogat" in problem["besked"]


def test_a_byte_order_mark_is_accepted(client):
    case = {"fødselsdato": "1965-03-10", "afgørelsesdato": "2024-06-01"}
    plain = post(client, json.dumps(case).encode())
    marked = post(client, b"\xef\xbb\xbf" + json.dumps(case).encode())
    assert 200 == marked.status_code == plain.status_code
    assert plain.content == marked.content


def test_a_key_given_twice_is_422_naming_the_key(client):
    response = post(client, '{"vurderet_timetal": 7, "fødselsdato": "1965-03-10", "vurderet_timetal": 8}'.encode())
    assert 422 == response.status_code
    [problem] = response.json()["fejl"]
    assert ("LK709", "vurderet_timetal") == (problem["kode"], problem["nøgle"])
    assert "vurderet_timetal" in problem["besked"]


def test_thousands_of_near_miss_keys_list_50_problems_and_count_all(spec):
    """34.000 near-miss keys (the issue's repro, 15,5 s of CPU and 5,6 MB of answer before)."""
    keys = {f"vurderet_timetl{i}": True for i in range(34_000)}
    body = json.dumps(keys, separators=(",", ":")).encode()
    assert len(body) < 1_000_000  # over today's default limit; an operator may raise it
    response = post(TestClient(server.create_app(spec, max_body_bytes=1_000_000)), body)
    assert 422 == response.status_code
    payload = response.json()
    assert 34_000 == payload["antal"]
    assert 50 == len(payload["fejl"])
    assert len(response.content) < 20_000
    suggested = [problem["mente_du"] for problem in payload["fejl"]]
    assert all(suggested[:20])  # "mente du" for the first 20 unknown keys, none after
    assert not any(suggested[20:])


def test_an_echoed_key_is_cut_short(client):
    key = "x" * 60_000
    response = post(client, json.dumps({key: True}).encode())
    assert 422 == response.status_code
    assert len(response.content) < 2_000
    assert response.json()["fejl"][0]["nøgle"].endswith("…")


def test_an_unknown_path_or_parameter_is_not_echoed_in_full(client):
    response = client.get("/" + "a" * 5_000)
    assert 404 == response.status_code
    assert len(response.content) < 2_000
    response = client.post("/v1/evaluate?" + "q" * 5_000 + "=1", json={})
    assert 400 == response.status_code
    assert len(response.content) < 2_000
