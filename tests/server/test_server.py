"""The HTTP service (`lovkode serve`), exercised over real HTTP on 127.0.0.1.

Each test talks to hypercorn running the app in a background thread on a free loopback port, so what
is tested is what a client gets: status lines, headers, bytes on the wire. Every answer is compared
with `Spec.evaluate` rendered by the same JSON renderer the CLI uses, so the service cannot drift
from the interpreter.
"""

from __future__ import annotations

import json
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx", reason='testene kræver httpx: pip install "lovkode[test]"')

import lovkode  # noqa: E402
from lovkode import server  # noqa: E402
from lovkode.render import json_output  # noqa: E402
from lovkode.server import errors  # noqa: E402

SAGER = Path(__file__).resolve().parents[2].parent / "shared" / "sager"
SMALL_LIMIT = 2048
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def spec():
    return lovkode.load()


@pytest.fixture(scope="module")
def live(spec, live_server):
    with live_server(server.create_app(spec)) as running:
        yield running


@pytest.fixture(scope="module")
def small(spec, live_server):
    """A server with a tiny body limit, so 413 is reached without megabytes on the wire."""
    with live_server(server.create_app(spec, max_body_bytes=SMALL_LIMIT)) as running:
        yield running


@pytest.fixture()
def client(live) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as http:
        yield http


def expected_json(spec, facts, questions=None):
    """What the service must return: the core's answers through the CLI's JSON renderer."""
    answers = spec.evaluate(facts, questions=questions)
    return json.loads(json_output.dumps(json_output.results_json(answers)), parse_float=Decimal)


def body(response) -> dict:
    return json.loads(response.content, parse_float=Decimal)


def single_error(response, status: int, kode: str) -> dict:
    assert status == response.status_code, response.text
    assert response.headers["content-type"].startswith("application/json")
    payload = body(response)
    assert ["fejl", "antal"] == list(payload)
    assert len(payload["fejl"]) == payload["antal"]
    for entry in payload["fejl"]:
        assert {"kode", "nøgle", "besked", "mente_du"} == set(entry)
        assert entry["besked"]
    assert kode == payload["fejl"][0]["kode"], payload
    return payload["fejl"][0]


def contract_cases() -> list[dict]:
    """The contract's example cases (their `fakta`), plus an empty case: everything unknown."""
    cases = [{}]
    if SAGER.is_dir():
        cases += [
            json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)["fakta"]
            for path in sorted(SAGER.glob("*.json"))
        ]
    return cases


# ---------------------------------------------------------------------------------------------
# Endpoints


def test_healthz(client, spec):
    response = client.get("/healthz")
    assert 200 == response.status_code
    assert "ok" == response.json()["status"]
    assert len(spec.questions) == response.json()["questions"]
    assert 200 == client.head("/healthz").status_code


def test_questions_lists_every_question_with_citation_and_type(client, spec):
    response = client.get("/v1/questions")
    assert 200 == response.status_code
    listed = response.json()["questions"]
    assert list(spec.questions) == [entry["name"] for entry in listed]
    for entry in listed:
        assert str(spec.rules[entry["name"]].citation) == entry["citation"]
        assert entry["type"] is not None


def test_schema_is_the_specs_case_schema(client, spec):
    response = client.get("/v1/schema")
    assert 200 == response.status_code
    assert json.loads(json.dumps(spec.json_schema())) == response.json()


@pytest.mark.parametrize("index", range(len(contract_cases())))
def test_evaluate_answers_every_question_like_the_interpreter(client, spec, index):
    facts = contract_cases()[index]
    response = client.post("/v1/evaluate", content=json_output.dumps(facts).encode(), headers=JSON)
    assert 200 == response.status_code, response.text
    assert expected_json(spec, facts) == body(response)
    assert list(spec.questions) == list(body(response)["results"])


def test_evaluate_with_repeated_question_parameter(client, spec):
    wanted = list(spec.questions[:2])
    response = client.post(
        "/v1/evaluate", params=[("question", q) for q in wanted], json={}
    )
    assert 200 == response.status_code, response.text
    assert wanted == list(body(response)["results"])
    assert expected_json(spec, {}, wanted) == body(response)


def test_numbers_are_exact_decimals_on_the_wire(client):
    """7 timer × 35 % is 2.45 exactly (the contract's own example), not a binary float."""
    response = client.post(
        "/v1/evaluate",
        params={"question": "effektiv_arbejdstid"},
        content=b'{"vurderet_timetal": 7, "vurderet_arbejdsintensitet": 35}',
        headers=JSON,
    )
    assert 200 == response.status_code, response.text
    assert Decimal("2.45") == body(response)["results"]["effektiv_arbejdstid"]["value"]
    assert '"value": 2.45' in response.text or '"value":2.45' in response.text


def test_decimal_input_is_not_rounded_through_float(client, spec):
    facts = {"vurderet_timetal": Decimal("12.1"), "vurderet_arbejdsintensitet": Decimal("33.3")}
    response = client.post(
        "/v1/evaluate",
        params={"question": "effektiv_arbejdstid"},
        content=b'{"vurderet_timetal": 12.1, "vurderet_arbejdsintensitet": 33.3}',
        headers=JSON,
    )
    assert 200 == response.status_code, response.text
    assert expected_json(spec, facts, ["effektiv_arbejdstid"]) == body(response)


def test_a_body_without_content_type_is_accepted(client, spec):
    response = client.post("/v1/evaluate", content=b"{}")
    assert 200 == response.status_code, response.text
    assert expected_json(spec, {}) == body(response)


# ---------------------------------------------------------------------------------------------
# Errors


def test_bad_facts_are_422_with_every_problem(client, spec):
    response = client.post(
        "/v1/evaluate",
        json={"vurderet_timetl": 7, "vurderet_arbejdsintensitet": 150, "fødselsdato": "1971-02-30"},
    )
    first = single_error(response, 422, body(response)["fejl"][0]["kode"])
    problems = body(response)["fejl"]
    assert {"vurderet_timetl", "vurderet_arbejdsintensitet", "fødselsdato"} == {
        problem["nøgle"] for problem in problems
    }
    misspelt = next(problem for problem in problems if problem["nøgle"] == "vurderet_timetl")
    assert "vurderet_timetal" == misspelt["mente_du"]
    with pytest.raises(lovkode.FactsError) as direct:
        spec.evaluate({"vurderet_timetl": 7, "vurderet_arbejdsintensitet": 150, "fødselsdato": "1971-02-30"})
    assert [str(p) for p in direct.value.problems] == [p["besked"] for p in problems]  # the CLI's lines
    assert first in problems


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"vurderet_timetal": 7,\n  "vurderet_arbejdsintensitet": }', "linje 2, kolonne 33"),
        (b'{"vurderet_timetal": 7,}', "linje 1, kolonne"),
        (b"{'vurderet_timetal': 7}", "linje 1, kolonne 2"),
        (b'{"vurderet_timetal": 7} {}', "linje 1, kolonne 25"),
    ],
)
def test_invalid_json_is_400_with_line_and_column(client, raw, where):
    error = single_error(client.post("/v1/evaluate", content=raw, headers=JSON), 400, "LK711")
    assert where in error["besked"]
    assert "Expecting" not in error["besked"]  # Python's English never reaches the client


@pytest.mark.parametrize(
    ("raw", "kode", "status"),
    [
        (b"", "LK711", 400),
        (b'{"vurderet_timetal": NaN}', "LK711", 400),
        (b'{"k\xe6": 1}', "LK712", 400),
        (b"[" * 30_000 + b"]" * 30_000, "LK711", 400),
    ],
)
def test_bodies_that_are_not_json(client, raw, kode, status):
    single_error(client.post("/v1/evaluate", content=raw, headers=JSON), status, kode)


@pytest.mark.parametrize("raw", [b"[1, 2]", b"null", b'"sag"', b"7"])
def test_json_that_is_not_an_object_is_rejected_like_the_cli(client, spec, raw):
    """The core judges what a case is; the service passes its problem on, with no key to point at."""
    response = client.post("/v1/evaluate", content=raw, headers=JSON)
    with pytest.raises(lovkode.FactsError) as direct:
        spec.evaluate(json.loads(raw))
    error = single_error(response, 422, direct.value.problems[0].code)
    assert str(direct.value.problems[0]) == error["besked"]
    assert error["nøgle"] is None


def test_unknown_question_is_400_with_suggestion(client, spec):
    error = single_error(
        client.post("/v1/evaluate", params={"question": "ret_til_flexjob"}, json={}),
        400,
        "ukendt_spørgsmål",
    )
    assert "ret_til_fleksjob" == error["mente_du"]
    with pytest.raises(lovkode.UnknownQuestionError) as direct:
        spec.evaluate({}, questions=["ret_til_flexjob"])
    assert str(direct.value) == error["besked"]


def test_a_table_by_finansår_is_400_not_a_question(client, spec):
    """The tilpasningsprocent is read only by a regulation; the service refuses it as the core does."""
    error = single_error(
        client.post("/v1/evaluate", params={"question": "tilpasningsprocent"}, json={}),
        400,
        "ikke_et_spørgsmål",
    )
    with pytest.raises(lovkode.NotAQuestionError) as direct:
        spec.evaluate({}, questions=["tilpasningsprocent"])
    assert (error["besked"], error["nøgle"], error["mente_du"]) == (str(direct.value), "tilpasningsprocent", None)


def test_unknown_query_parameter_is_400_not_ignored(client):
    error = single_error(
        client.post("/v1/evaluate", params={"questions": "ret_til_fleksjob"}, json={}),
        400,
        "ukendt_parameter",
    )
    assert "question" == error["mente_du"]


def test_form_content_type_is_415(client):
    response = client.post(
        "/v1/evaluate",
        content=b"{}",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    single_error(response, 415, "forkert_indholdstype")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("GET", "/v1/evaluate", "POST"), ("POST", "/healthz", "GET"), ("DELETE", "/v1/schema", "GET")],
)
def test_wrong_method_is_405_with_allow(client, method, path, allow):
    response = client.request(method, path)
    error = single_error(response, 405, "metode_ikke_tilladt")
    assert allow in response.headers["allow"]
    assert allow in error["besked"]


def test_unknown_path_is_404_with_suggestion(client):
    error = single_error(client.get("/v1/questons"), 404, "ukendt_sti")
    assert "/v1/questions" == error["mente_du"]
    single_error(client.get("/"), 404, "ukendt_sti")


def test_oversized_body_by_content_length_is_413(small):
    payload = b'{"x": "' + b"a" * (SMALL_LIMIT * 4) + b'"}'
    with httpx.Client(base_url=small.url, timeout=30) as http:
        response = http.post("/v1/evaluate", content=payload, headers=JSON)
        error = single_error(response, 413, "for_stor")
        assert str(SMALL_LIMIT) in error["besked"]
        # a body just under the limit is read and judged on its merits
        assert 200 == http.post("/v1/evaluate", content=b" " * (SMALL_LIMIT - 2) + b"{}").status_code


def test_oversized_chunked_body_is_413_while_streaming(small):
    """No Content-Length to check in advance: the streamed byte count must stop it."""

    def chunks():
        yield b'{"x": "'
        for _ in range(SMALL_LIMIT // 256 + 4):
            yield b"a" * 256
        yield b'"}'

    with httpx.Client(base_url=small.url, timeout=30) as http:
        response = http.post("/v1/evaluate", content=chunks(), headers=JSON)
        assert "content-length" not in response.request.headers
        single_error(response, 413, "for_stor")


class ExplodingSpec:
    """A spec whose evaluation fails unexpectedly, as a bug in the core would."""

    def __init__(self, real) -> None:
        self.questions = real.questions
        self.rules = real.rules
        self.facts = real.facts

    def evaluate(self, facts, questions=None):
        message = "hemmelig intern detalje"
        raise RuntimeError(message)


def test_unexpected_failure_is_500_in_danish_without_traceback(spec, live_server):
    with live_server(server.create_app(ExplodingSpec(spec))) as broken, httpx.Client(
        base_url=broken.url, timeout=30
    ) as http:
        response = http.post("/v1/evaluate", json={})
        single_error(response, 500, "intern_fejl")
        assert "Traceback" not in response.text
        assert "hemmelig" not in response.text
        assert 200 == http.get("/healthz").status_code  # the server survives


# ---------------------------------------------------------------------------------------------
# OpenAPI


def test_openapi_lists_every_route_and_its_refs_resolve(client, live):
    response = client.get("/openapi.json")
    assert 200 == response.status_code
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert {
        "/v1/evaluate": {"post"},
        "/v1/brev": {"post"},
        "/v1/schema": {"get"},
        "/v1/questions": {"get"},
        "/healthz": {"get"},
        "/openapi.json": {"get"},
    } == {path: set(operations) for path, operations in document["paths"].items()}
    app = server.create_app(lovkode.load())
    assert {route.path for route in app.routes} == set(document["paths"])

    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for item in node:
                yield from refs(item)

    schemas = document["components"]["schemas"]
    for ref in refs(document):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in schemas, ref


def test_responses_match_the_openapi_schemas(client, spec):
    """Validate real responses against the document's own schemas, so the two cannot disagree."""
    pytest.importorskip("jsonschema", reason="kræver jsonschema (lovkode[test])")
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    document = client.get("/openapi.json").json()
    registry = Registry().with_resource(
        "urn:lovkode:openapi", Resource.from_contents(document, default_specification=DRAFT202012)
    )

    def validate(instance, name):
        schema = {"$ref": f"urn:lovkode:openapi#/components/schemas/{name}"}
        Draft202012Validator(schema, registry=registry).validate(instance)

    for facts in contract_cases():
        response = client.post("/v1/evaluate", content=json_output.dumps(facts).encode(), headers=JSON)
        validate(response.json(), "Resultater")
        validate(facts and json.loads(json_output.dumps(facts)), "Sag")
    validate(client.get("/v1/questions").json(), "Spørgsmålsliste")
    validate(client.get("/healthz").json(), "Status")
    validate(client.post("/v1/evaluate", content=b"[]", headers=JSON).json(), "Fejlsvar")


# ---------------------------------------------------------------------------------------------
# Many clients at once


def load_cases(spec) -> list[tuple[dict, list[str] | None]]:
    """200 varied requests: each contract case whole and with facts removed, all or a few questions."""
    variants = []
    for facts in contract_cases():
        keys = sorted(facts)
        variants.append(facts)
        for step in (2, 3, 5):
            variants.append({k: facts[k] for i, k in enumerate(keys) if i % step})
    question_sets = [None, list(spec.questions[:1]), list(spec.questions[-3:])]
    requests = []
    index = 0
    while len(requests) < 200:
        requests.append((variants[index % len(variants)], question_sets[index % len(question_sets)]))
        index += 1
    return requests


def test_concurrent_load_gives_the_interpreters_answers(live, spec):
    """200 requests over 16 threads sharing one loaded Spec; every answer checked, none timed.

    The throughput is printed (run with -s to see it), never asserted: it depends on the machine.
    """
    work = load_cases(spec)
    expected = [expected_json(spec, facts, questions) for facts, questions in work]
    local = threading.local()

    def send(job: int):
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=live.url, timeout=60)
        facts, questions = work[job]
        params = [("question", q) for q in questions or []]
        response = local.http.post(
            "/v1/evaluate", params=params, content=json_output.dumps(facts).encode(), headers=JSON
        )
        return job, response.status_code, body(response)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = [future.result(timeout=120) for future in [pool.submit(send, i) for i in range(len(work))]]
    elapsed = time.perf_counter() - started
    rate = len(work) / elapsed
    print(f"\nlovkode serve: {len(work)} forespørgsler, 16 tråde, {elapsed:.2f} s, {rate:.0f} forespørgsler/s")
    assert len(work) == len(results)
    for job, status, payload in results:
        assert 200 == status, payload
        assert expected[job] == payload, f"forespørgsel {job} gav et andet svar end Spec.evaluate"


# ---------------------------------------------------------------------------------------------
# Running and installing


def test_loopback_is_the_default_bind_address():
    import inspect

    assert "127.0.0.1" == inspect.signature(server.run).parameters["host"].default
    assert server.is_loopback("127.0.0.1")
    assert server.is_loopback("::1")
    assert server.is_loopback("localhost")
    assert not server.is_loopback("0.0.0.0")


def test_missing_starlette_gives_a_danish_install_hint(monkeypatch):
    monkeypatch.setattr(errors, "STARLETTE_MISSING", ModuleNotFoundError("starlette"))
    with pytest.raises(server.MissingServerDependenciesError) as raised:
        server.create_app()
    assert 'pip install "lovkode[server]"' in str(raised.value)
    assert isinstance(raised.value, ImportError)
    with pytest.raises(server.MissingServerDependenciesError):
        server.run(port=0)
    assert 2 == server.main(["--port", "0"])


# ---------------------------------------------------------------------------------------------
# The command `lovkode serve`, as a user starts it


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "lovkode", "serve", *args]


def test_lovkode_serve_starts_on_loopback_and_answers():
    """`--port 0` lets the system pick a free port; the Danish start line says which."""
    process = subprocess.Popen(
        serve_command("--port", "0"), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert process.poll() is None, "lovkode serve stoppede under opstart"
                continue
            found = re.search(r"kører på (http://127\.0\.0\.1:\d+)", line)
            url = found.group(1) if found else None
        assert url is not None, "lovkode serve skrev ikke, hvor den lytter"
        with httpx.Client(base_url=url, timeout=30) as http:
            assert "ok" == http.get("/healthz").json()["status"]
            assert 200 == http.post("/v1/evaluate", json={}).status_code
    finally:
        process.terminate()
        process.wait(timeout=30)
    # SIGTERM (and Ctrl+C, the same handler) stops the service quietly
    assert 0 == process.returncode
    time.sleep(0.2)  # let the reader thread take the last lines
    rest = []
    while not lines.empty():
        rest.append(lines.get())
    assert "Traceback" not in "".join(rest)


def test_lovkode_serve_on_a_busy_port_says_so_in_danish():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        done = subprocess.run(serve_command("--port", port), capture_output=True, text=True, timeout=60)
    assert 2 == done.returncode
    assert "porten er optaget" in done.stderr
    assert "Traceback" not in done.stderr


def test_lovkode_serve_with_a_broken_spec_reports_and_exits_1(tmp_path):
    (tmp_path / "regler.md").write_text("# Regler\n\n```lovkode\nregel ødelagt er ukendt_ting\n```\n",
                                        encoding="utf-8")
    done = subprocess.run(serve_command("--spec", str(tmp_path), "--port", "0"),
                          capture_output=True, text=True, timeout=60)
    assert 1 == done.returncode
    assert "Specifikationen kan ikke bruges" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [serve_command(), [sys.executable, "-m", "lovkode.server"]],
                         ids=["lovkode serve", "python -m lovkode.server"])
def test_lovkode_serve_with_a_spec_that_does_not_exist_exits_2(tmp_path, command):
    done = subprocess.run([*command, "--spec", str(tmp_path / "ingen"), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert 2 == done.returncode
    assert "findes ikke" in done.stderr
    assert "Traceback" not in done.stderr
