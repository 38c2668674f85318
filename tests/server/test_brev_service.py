"""The begrundelse and the afgørelsesbrev through the service: the same as `Answer.begrundelse()` and
`lovkode brev`, valid against the contract's schemas."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="tjenesten kræver lovkode[server]")

import jsonschema  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from lovkode import contract  # noqa: E402
from lovkode.brev import letter, render_letter  # noqa: E402
from lovkode.server import create_app  # noqa: E402

SAG = Path(__file__).resolve().parents[2].parent / "shared" / "sager" / "foertidspension.json"
CASE = (json.loads(SAG.read_text(encoding="utf-8"))["fakta"] if SAG.exists()
        else {"afgørelsesdato": "2024-06-01", "modtager_førtidspension": True})


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def test_begrundelse_field_is_the_answers_own_begrundelse(client, spec):
    response = client.post("/v1/evaluate?question=ret_til_fleksjob&begrundelse=ja", json=CASE)
    assert 200 == response.status_code
    body = response.json()
    jsonschema.validate(body, contract.results_schema(spec))
    expected = spec.evaluate(CASE, ["ret_til_fleksjob"])["ret_til_fleksjob"].begrundelse()
    assert expected == body["begrundelse"]["ret_til_fleksjob"]["tekst"]
    assert "begrundelse" not in client.post("/v1/evaluate?question=ret_til_fleksjob", json=CASE).json()


@pytest.mark.parametrize("format_", ["markdown", "html"])
def test_brev_is_the_letter_lovkode_brev_writes(client, spec, format_):
    response = client.post(f"/v1/brev?question=ret_til_fleksjob&format={format_}&kommune=Aarhus", json=CASE)
    assert 200 == response.status_code
    from lovkode.brev import letterhead

    expected = render_letter(letter(spec, CASE, ["ret_til_fleksjob"], letterhead({"kommune": "Aarhus"})), format_)
    assert expected == response.content
    assert response.headers["content-type"].startswith("text/html" if format_ == "html" else "text/markdown")


def test_brev_for_a_question_that_is_no_decision_is_422_in_danish(client):
    response = client.post("/v1/brev?question=knækpunkt", json=CASE)
    assert 422 == response.status_code
    assert "ikke en afgørelse til borgeren" in response.json()["fejl"][0]["besked"]
    jsonschema.validate(response.json(), contract.error_schema())


@pytest.mark.parametrize("query", ["begrundelse=måske", "formatt=html", "format=pdf"])
def test_a_bad_parameter_is_400(client, query):
    path = "/v1/evaluate" if query.startswith("begrundelse") else "/v1/brev"
    response = client.post(f"{path}?{query}", json=CASE)
    assert 400 == response.status_code
    jsonschema.validate(response.json(), contract.error_schema())
