"""`lovkode serve`: the interpreter as an HTTP JSON service.

Input: HTTP requests on a loopback socket (by default). A case is POSTed to `/v1/evaluate` as the
very same JSON object a case file holds (see the contract), and the questions to answer are the
repeatable query parameter `question`, mirroring `lovkode eval CASE.json --question NAME`. Keeping
the body identical to a case file means one JSON Schema (`/v1/schema`) describes both, and a file
that `lovkode eval` accepts can be sent with `curl --data-binary @sag.json` unchanged.

Output: the contract's `{"results": {...}}` object, byte for byte what `lovkode eval --format json`
prints (both go through `lovkode.render.json_output`), and the OpenAPI document built from the
route table below, so the document cannot drift from the routes that actually exist.

Error strategy: nothing raised inside a request reaches the client as a traceback. Every failure
becomes `{"fejl": [{"kode", "nøgle", "besked", "mente_du"}]}` with a Danish `besked`, written in
the same words as the command line: 400 for a body that is not JSON (with line and column) or an
unknown question, 413 for a body over the size limit, 415 for a non-JSON content type, 422 for a
case file with bad facts (every problem listed, as the CLI does), 404 and 405 for wrong paths and
methods, 500 for anything unexpected (the traceback goes to the server's log only).

Concurrency: one loaded `Spec` is shared by every request. The contract promises that a loaded spec
is immutable and thread-safe, so evaluation runs in Starlette's thread pool and never blocks the
event loop that answers `/healthz`.

Starlette and uvicorn are the optional extra `lovkode[server]`. This module imports without them,
so that `lovkode serve` can tell the user in Danish what to install instead of failing on import.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import json
import re
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import lovkode
from lovkode.diagnostics import suggest

try:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route
except ModuleNotFoundError as _exc:  # the extra is not installed; create_app/run say so
    _STARLETTE_MISSING: ModuleNotFoundError | None = _exc
else:
    _STARLETTE_MISSING = None

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_PORT",
    "MissingServerDependenciesError",
    "create_app",
    "main",
    "openapi_document",
    "run",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# A case file is a few kilobytes; a megabyte leaves ample room and still stops a client from
# making the server buffer an arbitrarily large body.
DEFAULT_MAX_BODY_BYTES = 1_000_000

API_VERSION = "1"
_INSTALL_HINT = 'pip install "lovkode[server]"'


class MissingServerDependenciesError(ImportError):
    """Starlette or uvicorn is not installed.

    A subclass of ImportError, so that callers who already handle missing optional modules keep
    working; the message is Danish and says exactly what to install, ready to print as it is.
    """


def _require_server_dependencies(*, need_uvicorn: bool) -> None:
    """Raise a Danish MissingServerDependenciesError if the `server` extra is incomplete."""
    missing = []
    if _STARLETTE_MISSING is not None:
        missing.append("starlette")
    if need_uvicorn:
        try:
            import uvicorn  # noqa: F401  (only probing whether it is installed)
        except ModuleNotFoundError:
            missing.append("uvicorn")
    if missing:
        names = " og ".join(missing)
        message = (
            f"HTTP-tjenesten kræver {names}, som ikke er installeret. "
            f"Installér tjenestens ekstra afhængigheder med: {_INSTALL_HINT}"
        )
        raise MissingServerDependenciesError(message, name=missing[0])


# --------------------------------------------------------------------------------------------
# Errors as data


class ApiError(Exception):
    """A client error, carried to the single place that renders it as the `fejl` JSON.

    Raised from deep inside request handling (reading the body, parsing it) so that each helper
    can stop the request without knowing how errors are shaped on the wire.
    """

    def __init__(
        self,
        status: int,
        errors: Sequence[Mapping[str, Any]],
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, errors)
        self.status = status
        self.errors = [dict(error) for error in errors]
        self.headers = dict(headers or {})


def _fejl(kode: str, besked: str, nøgle: str | None = None, mente_du: str | None = None) -> dict:
    """One entry of the `fejl` list; every key is always present so clients need no defaults."""
    return {"kode": kode, "nøgle": nøgle, "besked": besked, "mente_du": mente_du}


def _error_response(status: int, errors: Sequence[Mapping[str, Any]], headers=None) -> Response:
    return JSONResponse({"fejl": list(errors)}, status_code=status, headers=headers)


def _closest(word: str, candidates: Sequence[str]) -> str | None:
    """The nearest candidate for a near-miss, or None, by the core's own "mente du" measure."""
    matches = suggest(word, candidates, limit=1)
    return matches[0] if matches else None


# --------------------------------------------------------------------------------------------
# Reading and parsing the body

def parse_case(body: bytes) -> Any:
    """Parse a request body as JSON, raising ApiError (400) with a Danish message if it is not JSON.

    The JSON is read exactly as `lovkode eval` reads a case file, with the CLI's own function and
    its Danish wording (line and column included): fractions become Decimal, never float, so `12.1`
    reaches the evaluator as written, and NaN/Infinity are refused. Whether the value is a case (an
    object of known facts) is then the core's judgement, as on the command line.
    """
    from lovkode.cli import _parse_json  # the CLI's reader; lazy, as the CLI imports this module lazily

    if not body.strip():
        raise ApiError(
            400,
            [_fejl("tomt_indhold", "Forespørgslen har intet indhold. Send sagen som ét JSON-objekt.")],
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400,
            [
                _fejl(
                    "ugyldig_tegnkodning",
                    f"Sagen er ikke UTF-8-tekst (fejl ved byte {exc.start + 1}).",
                )
            ],
        ) from None
    if text.startswith("\ufeff"):  # a byte-order mark from some Windows editors is harmless
        text = text[1:]
    case, problem = _parse_json(text, "Sagen")
    if problem is not None:
        raise ApiError(400, [_fejl("ugyldig_json", problem)])
    return case


_JSON_MEDIA_TYPES = ("application/json",)


def _check_content_type(request: Request) -> None:
    """Accept JSON, or no content type at all; refuse forms and plain text.

    Why: a web page in the user's browser may send a form or text/plain POST to a service on
    127.0.0.1 without asking first; insisting on JSON forces the browser's CORS preflight, which
    this service never grants. A client that sends no content type (curl --data-binary with -H
    cleared, some scripts) is not a browser form, so it is allowed.
    """
    content_type = request.headers.get("content-type")
    if content_type is None:
        return
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in _JSON_MEDIA_TYPES or media_type.endswith("+json"):
        return
    raise ApiError(
        415,
        [
            _fejl(
                "forkert_indholdstype",
                f"Sagen skal sendes som JSON (Content-Type: application/json), ikke {media_type}. "
                "Med curl: curl --json @sag.json … eller -H 'Content-Type: application/json'.",
            )
        ],
    )


async def _read_body(request: Request, limit: int) -> bytes:
    """Read the body, refusing with 413 as soon as it is known to exceed `limit` bytes.

    The declared Content-Length is checked before a single byte is read, and the bytes actually
    received are counted while streaming, because a chunked body declares no length and a client
    may lie about it. Either way the server never holds more than `limit` bytes of one request.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, int(declared))
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise _too_large(limit, None)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int, declared: int | None) -> ApiError:
    """413, and close the connection: the rest of the body is still unread on it (RFC 9110 15.5.14)."""
    size = f"{declared} bytes" if declared is not None else f"mere end {limit} bytes"
    return ApiError(
        413,
        [
            _fejl(
                "for_stor",
                f"Forespørgslen er for stor ({size}); højst {limit} bytes er tilladt. "
                "Send én sag pr. forespørgsel, eller vurdér mange sager med `lovkode batch`.",
            )
        ],
        headers={"Connection": "close"},
    )


# --------------------------------------------------------------------------------------------
# Endpoints
#
# Each endpoint carries its OpenAPI operation in `openapi` (set by `_operation`). The document at
# /openapi.json is assembled from the app's route table and these attributes, so an endpoint that
# is removed disappears from the document, and a route without documentation is caught by a test.

def _operation(**operation: Any) -> Callable[[Callable], Callable]:
    """Attach an OpenAPI operation object (without `responses` defaults) to an endpoint."""

    def attach(endpoint: Callable) -> Callable:
        endpoint.openapi = operation  # type: ignore[attr-defined]
        return endpoint

    return attach


def _error_responses(*statuses: int) -> dict[str, Any]:
    descriptions = {
        400: "Forespørgslen kan ikke læses: ugyldig JSON, ukendt spørgsmål eller parameter.",
        413: "Forespørgslen er større end tjenestens grænse.",
        415: "Indholdet er ikke sendt som JSON.",
        422: "Sagen er JSON, men fakta er ugyldige; alle problemer listes.",
        500: "Uventet fejl i tjenesten.",
    }
    return {
        str(status): {
            "description": descriptions[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fejlsvar"}}},
        }
        for status in statuses
    }


def _spec(request: Request):
    return request.app.state.spec


@_operation(
    operationId="evaluate",
    summary="Vurdér en sag",
    description=(
        "Kroppen er en sag: ét JSON-objekt med faktanavne som nøgler, præcis som en sagsfil til "
        "`lovkode eval`. Svaret er det samme JSON som `lovkode eval SAG.json --format json`. "
        "Uden `question` besvares alle specens spørgsmål."
    ),
    parameters=[
        {
            "name": "question",
            "in": "query",
            "required": False,
            "description": "Et spørgsmål, der skal besvares; kan gentages. Som `--question` i CLI'en.",
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
        }
    ],
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Sag"}}},
    },
    responses={
        "200": {
            "description": "Svarene med værdi, manglende fakta, hjemmel og begrundelse.",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Resultater"}}
            },
        },
        **_error_responses(400, 413, 415, 422, 500),
    },
)
async def evaluate(request: Request) -> Response:
    """POST /v1/evaluate.

    Parsing happens on the event loop (it is cheap and bounded by the body limit); evaluation and
    rendering run in a worker thread because a large spec can take milliseconds, and the event
    loop must stay free to accept other connections and answer health checks meanwhile.
    """
    questions = _questions_from_query(request)
    _check_content_type(request)
    body = await _read_body(request, request.app.state.max_body_bytes)
    case = parse_case(body)
    spec = _spec(request)
    text = await run_in_threadpool(_evaluate_to_json, spec, case, questions)
    return Response(text, media_type="application/json")


def _questions_from_query(request: Request) -> list[str] | None:
    """The `question` parameters in order, without repeats; None means every question.

    An unknown parameter is an error rather than ignored: a misspelt `?questions=` would
    otherwise silently answer every question, the same reason the contract rejects unknown keys.
    """
    for name in request.query_params:
        if name != "question":
            raise ApiError(
                400,
                [
                    _fejl(
                        "ukendt_parameter",
                        f"Ukendt parameter `{name}`. Tjenesten kender kun `question`, "
                        "som kan gentages.",
                        nøgle=name,
                        mente_du=_closest(name, ["question"]),
                    )
                ],
            )
    questions = request.query_params.getlist("question")
    return list(dict.fromkeys(questions)) if questions else None


def _evaluate_to_json(spec, case: Any, questions: list[str] | None) -> str:
    """Evaluate and render in one worker-thread call; translate the core's errors to ApiError."""
    from lovkode.render.json_output import results_text

    try:
        answers = spec.evaluate(case, questions=questions)
    except lovkode.FactsError as exc:
        raise ApiError(422, [_fact_problem(problem) for problem in exc.problems]) from None
    except lovkode.UnknownQuestionError as exc:
        raise ApiError(
            400, [_fejl("ukendt_spørgsmål", str(exc), nøgle=exc.name, mente_du=exc.suggestion)]
        ) from None
    return results_text(answers)


def _fact_problem(problem: lovkode.FactProblem) -> dict[str, Any]:
    """One problem of the core's FactsError, its `besked` the very line `lovkode eval` prints.

    The core names a problem with the case as a whole (not an object, say) `(sagen)`; that is no
    key of the case, so `nøgle` is null for it, as the contract's error shape promises.
    """
    key = None if problem.key.startswith("(") else problem.key
    return _fejl(problem.code, str(problem), nøgle=key, mente_du=problem.suggestion)


@_operation(
    operationId="schema",
    summary="JSON Schema for en sag",
    description=(
        "JSON Schema (draft 2020-12) for kroppen til `POST /v1/evaluate`, dannet af specens "
        "faktaerklæringer; det samme som `lovkode schema` skriver."
    ),
    responses={
        "200": {
            "description": "JSON Schema for en sagsfil.",
            "content": {"application/schema+json": {"schema": {"type": "object"}}},
        }
    },
)
async def schema(request: Request) -> Response:
    """GET /v1/schema: the case-file schema, computed once at start-up (see create_app)."""
    return Response(request.app.state.schema_json, media_type="application/schema+json")


@_operation(
    operationId="questions",
    summary="Specens spørgsmål",
    description=(
        "Hvert spørgsmål, `POST /v1/evaluate` besvarer uden `question`, med maskinnavn, lovens "
        "eget navn, hjemmel og type."
    ),
    responses={
        "200": {
            "description": "Spørgsmålene i specens rækkefølge.",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Spørgsmålsliste"}}
            },
        }
    },
)
async def questions(request: Request) -> Response:
    """GET /v1/questions: lets a client build its form or check a name without reading the spec."""
    return JSONResponse(request.app.state.questions_payload)


@_operation(
    operationId="healthz",
    summary="Er tjenesten oppe?",
    description="Svarer 200, når specen er indlæst og tjenesten tager imod forespørgsler.",
    responses={
        "200": {
            "description": "Tjenesten kører.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}},
        }
    },
)
async def healthz(request: Request) -> Response:
    """GET /healthz: cheap on purpose (no evaluation), so a monitor cannot load the service."""
    return JSONResponse(
        {"status": "ok", "version": lovkode.__version__, "questions": len(_spec(request).questions)}
    )


@_operation(
    operationId="openapi",
    summary="OpenAPI-dokumentet",
    description="Dette dokument (OpenAPI 3.1), dannet af tjenestens ruter ved opstart.",
    responses={
        "200": {"description": "OpenAPI 3.1-dokument.", "content": {"application/json": {}}}
    },
)
async def openapi(request: Request) -> Response:
    """GET /openapi.json: built once at start-up from the very route table that serves requests."""
    return Response(request.app.state.openapi_json, media_type="application/json")


def _routes() -> list:
    return [
        Route("/v1/evaluate", evaluate, methods=["POST"]),
        Route("/v1/schema", schema, methods=["GET"]),
        Route("/v1/questions", questions, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]


# --------------------------------------------------------------------------------------------
# Error handlers: the only place errors are turned into responses


async def _on_api_error(request: Request, exc: ApiError) -> Response:
    return _error_response(exc.status, exc.errors, exc.headers or None)


async def _on_http_exception(request: Request, exc: HTTPException) -> Response:
    """Starlette's own 404 and 405 (raised by its router), reworded in Danish with a suggestion."""
    path = request.url.path
    known = sorted({route.path for route in request.app.routes})
    if exc.status_code == 404:
        error = _fejl(
            "ukendt_sti",
            f"Der findes ingen side `{path}`. Tjenesten har: {', '.join(known)}.",
            nøgle=path,
            mente_du=_closest(path, known),
        )
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", (exc.headers or {}).get("allow", ""))
        error = _fejl(
            "metode_ikke_tilladt",
            f"`{path}` kan ikke kaldes med {request.method}; brug {allowed or 'en anden metode'}.",
            nøgle=request.method,
        )
    else:  # not raised by this app today; kept generic rather than leaking Starlette's English
        error = _fejl("http_fejl", f"Forespørgslen blev afvist (HTTP {exc.status_code}).")
    return _error_response(exc.status_code, [error], exc.headers)


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    """500 without a traceback: the client gets a Danish sentence, the log gets the traceback.

    Starlette's ServerErrorMiddleware calls this and then re-raises, so uvicorn writes the full
    traceback to the server's own log, where the operator (not the client) can read it. uvicorn
    then drops the connection, so the response says `Connection: close` and a client does not
    reuse it and meet a reset on its next request.
    """
    return _error_response(
        500,
        [
            _fejl(
                "intern_fejl",
                "Der opstod en uventet fejl i tjenesten, og sagen blev ikke vurderet. "
                "Fejlen er skrevet i tjenestens log. Prøv igen, eller kontakt den, der driver tjenesten.",
            )
        ],
        {"Connection": "close"},
    )


# --------------------------------------------------------------------------------------------
# The application


def create_app(spec=None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES):
    """Build the Starlette app around one loaded spec (the bundled one if `spec` is None).

    Everything that does not depend on the request (the schema, the question list, the OpenAPI
    document) is computed here once, so a spec error surfaces at start-up, not in a request, and
    the endpoints only serve prepared bytes. Raises MissingServerDependenciesError (Danish) when
    starlette is not installed, and lovkode.SpecError when the bundled spec does not load.
    """
    _require_server_dependencies(need_uvicorn=False)
    if max_body_bytes < 1:
        raise ValueError("max_body_bytes skal være mindst 1")
    if spec is None:
        spec = lovkode.load()
    app = Starlette(
        routes=_routes(),
        exception_handlers={
            ApiError: _on_api_error,
            HTTPException: _on_http_exception,
            Exception: _on_unexpected,
        },
    )
    app.state.spec = spec
    app.state.max_body_bytes = max_body_bytes
    app.state.schema_json = json.dumps(spec.json_schema(), ensure_ascii=False, indent=2)
    app.state.questions_payload = {"questions": [_question_entry(spec, q) for q in spec.questions]}
    app.state.openapi_json = json.dumps(
        openapi_document(app.routes, spec), ensure_ascii=False, indent=2
    )
    return app


def _question_entry(spec, question: str) -> dict[str, Any]:
    rule = spec.rules[question]
    return {
        "name": question,
        "label": rule.name,
        "citation": rule.citation,
        "type": rule.type,
        "description": rule.description,
    }


# --------------------------------------------------------------------------------------------
# OpenAPI


def openapi_document(routes: Sequence[Any], spec) -> dict[str, Any]:
    """The OpenAPI 3.1 document for `routes`, with the spec's case schema as the request body.

    Built from the route objects (path and methods) and each endpoint's `openapi` operation, not
    kept by hand. OpenAPI 3.1 schemas are JSON Schema 2020-12, the dialect `Spec.json_schema`
    writes, so the case schema is embedded as it is, with its `$defs` lifted into components.
    """
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        operation = getattr(getattr(route, "endpoint", None), "openapi", None)
        if operation is None or not getattr(route, "include_in_schema", True):
            continue
        for method in sorted(route.methods or ["GET"]):
            if method == "HEAD":  # Starlette adds HEAD to every GET route; it is implied
                continue
            paths.setdefault(route.path, {})[method.lower()] = operation
    schemas = {
        "Sag": None,  # filled below; first so the reader meets the input first
        "Resultater": _results_schema(spec),
        "Svar": _answer_schema(),
        "Forklaring": _explanation_schema(),
        "Fejlsvar": _error_schema(),
        "Spørgsmålsliste": _questions_schema(),
        "Status": {
            "type": "object",
            "required": ["status"],
            "properties": {
                "status": {"const": "ok"},
                "version": {"type": ["string", "null"]},
                "questions": {"type": "integer"},
            },
        },
    }
    case_schema, definitions = _lift_defs(spec.json_schema())
    schemas["Sag"] = case_schema
    for name, definition in definitions.items():
        schemas.setdefault(name, definition)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "lovkode",
            "version": f"{API_VERSION} (lovkode {lovkode.__version__})",
            "description": (
                "Dansk lov som kode: fleksjobreglerne i lov om en aktiv beskæftigelsesindsats "
                "§ 116 ff., vurderet som HTTP-tjeneste. Svarene har samme form som "
                "`lovkode eval --format json`."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _lift_defs(case_schema: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Move `$defs` to components and repoint `#/$defs/X` references at them.

    Embedded in an OpenAPI document, `#/$defs/X` would resolve against the document's root, where
    there is no `$defs`; `#/components/schemas/X` does resolve there.
    """
    case_schema = dict(case_schema)
    definitions = dict(case_schema.pop("$defs", {}) or {})
    case_schema.pop("$schema", None)  # the document's jsonSchemaDialect says the same

    def repoint(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: (
                    "#/components/schemas/" + value[len("#/$defs/"):]
                    if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                    else repoint(value)
                )
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [repoint(item) for item in node]
        return node

    return repoint(case_schema), {name: repoint(d) for name, d in definitions.items()}


def _results_schema(spec) -> dict[str, Any]:
    """`{"results": …}` with one property per question, each typed by the rule's declared type."""
    properties = {}
    for question in spec.questions:
        rule = spec.rules[question]
        properties[question] = {
            "allOf": [
                {"$ref": "#/components/schemas/Svar"},
                {"properties": {"value": _value_schema(rule.type)}},
            ],
            "description": f"»{rule.name}« ({rule.type}); hjemmel: {rule.citation}",
        }
    return {
        "type": "object",
        "required": ["results"],
        "properties": {
            "results": {
                "type": "object",
                "properties": properties,
                # `question` may name any rule of the spec, not only the questions listed here
                "additionalProperties": {"$ref": "#/components/schemas/Svar"},
            },
            "anbefalinger": {
                "description": (
                    "Ankestyrelsens anbefalinger, der gælder sagen; vejledende, de ændrer aldrig "
                    "et juridisk svar. Udelades, når ingen gælder."
                ),
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "text"],
                    "properties": {
                        "name": {"type": "string"},
                        "label": {"type": ["string", "null"]},
                        "citation": {"type": ["string", "null"]},
                        "text": {"type": "string"},
                    },
                },
            },
        },
    }


_NUMBER_TYPES = ("tal", "timer", "procent", "beløb")


def _value_schema(rule_type: str | None) -> dict[str, Any]:
    """The JSON of a value of a lovkode type (as `Rule.type` spells it), null for unknown."""
    if rule_type == "sandhedsværdi":
        return {"type": ["boolean", "null"]}
    if rule_type in _NUMBER_TYPES:
        return {"type": ["number", "null"]}
    if rule_type == "dato":
        return {"type": ["string", "null"], "format": "date"}
    if rule_type and rule_type.startswith("valg"):
        return {"enum": [*re.findall(r'"([^"]*)"', rule_type), None]}
    if rule_type in ("tekst", "varighed"):
        return {"type": ["string", "null"]}
    return {}


def _answer_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["value", "missing", "citation", "explanation"],
        "properties": {
            "value": {
                "description": (
                    "true/false, et eksakt decimaltal, en dato (ÅÅÅÅ-MM-DD) eller et valg; "
                    "null når svaret er ukendt"
                ),
                "type": ["boolean", "number", "string", "null"],
            },
            "missing": {
                "description": "De ukendte fakta, der stadig kan ændre svaret, sorteret",
                "type": "array",
                "items": {"type": "string"},
            },
            "citation": {"type": ["string", "null"]},
            "kilderne_tavse": {
                "description": (
                    "Når svaret er ukendt, fordi kilderne intet siger for datoen (f.eks. et "
                    "knækpunkt for et år uden kilde): hvad der mangler i kilderne"
                ),
                "type": "array",
                "items": {"type": "string"},
            },
            "explanation": {"$ref": "#/components/schemas/Forklaring"},
        },
    }


def _explanation_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Udledningstræet ned til de fakta, der er brugt",
        "required": ["name", "value", "citation", "because"],
        "properties": {
            "name": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string"},
            "value": {},
            "citation": {"type": ["string", "null"]},
            "missing": {"type": "array", "items": {"type": "string"}},
            "because": {"type": "array", "items": {"$ref": "#/components/schemas/Forklaring"}},
        },
    }


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["fejl"],
        "properties": {
            "fejl": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["kode", "nøgle", "besked", "mente_du"],
                    "properties": {
                        "kode": {"type": "string"},
                        "nøgle": {"type": ["string", "null"]},
                        "besked": {"type": "string"},
                        "mente_du": {"type": ["string", "null"]},
                    },
                },
            }
        },
    }


def _questions_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["questions"],
        "properties": {
            "questions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "label", "citation", "type", "description"],
                    "properties": {
                        "name": {"type": "string", "description": "navnet til `question=` og `results`"},
                        "label": {"type": "string", "description": "lovens eget udtryk"},
                        "citation": {"type": ["string", "null"]},
                        "type": {"type": ["string", "null"], "description": "lovkode-typen"},
                        "description": {"type": ["string", "null"]},
                    },
                },
            }
        },
    }


# --------------------------------------------------------------------------------------------
# Running


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    spec_dir: str | None = None,
    *,
    spec=None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    log_level: str = "info",
) -> None:
    """Load the spec and serve it until Ctrl+C: the body of the command `lovkode serve`.

    Binds to 127.0.0.1 unless told otherwise: the service has no authentication, so reaching it
    from another machine must be a deliberate choice, and then a warning is printed. Because this
    is the command, a spec with errors is reported as `lovkode eval` reports it (box, caret,
    summary) and ends the process with status 1, before anything listens; code that wants the
    SpecError itself loads the spec and passes it as `spec` (then `spec_dir` is ignored), or uses
    `create_app`. Raises MissingServerDependenciesError (Danish: what to pip install).
    """
    _require_server_dependencies(need_uvicorn=True)
    import uvicorn

    if spec is None:
        from lovkode.cli import _load_or_report  # the CLI's rendering of spec errors

        spec = _load_or_report(spec_dir)
        if spec is None:
            raise SystemExit(1)
    app = create_app(spec, max_body_bytes=max_body_bytes)
    shown_host = f"[{host}]" if ":" in host else host
    try:
        sock = _listen(host, port)
    except OSError as exc:
        print(f"fejl: tjenesten kan ikke lytte på {shown_host}:{port}: {_bind_reason(exc)}", file=sys.stderr)
        raise SystemExit(2) from None
    port = sock.getsockname()[1]  # the real port when 0 asked the system to choose
    if not _is_loopback(host):
        print(
            f"Advarsel: tjenesten lytter på {host} og kan nås fra andre maskiner. "
            "Den har ingen adgangskontrol; sæt den bag en proxy med adgangskontrol og TLS.",
            file=sys.stderr,
        )
    print(
        f"lovkode-tjenesten kører på http://{shown_host}:{port} "
        f"({len(spec.questions)} spørgsmål); OpenAPI på /openapi.json. Stop med Ctrl+C.",
        file=sys.stderr,
    )
    # proxy_headers off: behind no proxy by default, and trusting X-Forwarded-* would let any
    # client choose the address that appears in the log. server_header off: no version banner.
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket here rather than in uvicorn, so a failure can be told in Danish.

    uvicorn would log its own English error and exit; binding first also tells us the real port.
    """
    family, kind, proto, _, address = socket.getaddrinfo(
        host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: quick restarts
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _bind_reason(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return "adressen kendes ikke."
    reasons = {
        errno.EADDRINUSE: "porten er optaget af et andet program; vælg en anden med --port.",
        errno.EADDRNOTAVAIL: "adressen hører ikke til denne maskine.",
        errno.EACCES: "adgang nægtet (porte under 1024 kræver særlige rettigheder).",
    }
    return reasons.get(exc.errno, f"{exc.strerror or exc}.")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m lovkode.server [--host] [--port] [--spec]`: the same as `lovkode serve`."""
    parser = argparse.ArgumentParser(
        prog="lovkode serve",
        description="Kør lovkode som HTTP JSON-tjeneste.",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="adressen, der lyttes på (standard: %(default)s, kun denne maskine)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="porten (standard: %(default)s)")
    parser.add_argument("--spec", default=None, metavar="MAPPE", help="en anden spec end den medfølgende")
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        metavar="N",
        help="største tilladte forespørgsel i bytes (standard: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        run(args.host, args.port, args.spec, max_body_bytes=args.max_body_bytes)
    except MissingServerDependenciesError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # run() has reported a spec with errors
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
