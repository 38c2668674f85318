"""The Starlette application: routes, handlers, and the case from body to answer.

The routes are the paths of :func:`lovkode.contract.operations`, each bound to the handler of its
``operationId``, so the OpenAPI document and the routes that exist cannot differ.
"""
from __future__ import annotations

import json
from typing import Any

import lovkode

from .. import contract
from .errors import (
    ApiError,
    closest,
    fejl,
    on_api_error,
    on_http_exception,
    on_unexpected,
    require_server_dependencies,
    shown,
)
from .limits import Limits, read_body

try:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route
except ModuleNotFoundError:  # create_app says so in Danish (errors.require_server_dependencies)
    pass


# --------------------------------------------------------------------------------------------
# The case, from bytes to answer


def parse_case(body: bytes) -> Any:
    """Decode a request body exactly as `lovkode eval` reads a case file (`lovkode.caseinput`).

    Decimals stay Decimal, NaN is refused, a UTF-8 byte-order mark is accepted, a key given twice,
    a lone surrogate or a non-UTF-8 byte is a problem named in Danish. A body that is not JSON at
    all is 400; JSON whose content is wrong (a key given twice, a lone surrogate) is 422, as bad
    facts are; a body over caseinput's own size limit is 413.
    """
    from ..caseinput import CaseInputError, parse_case_bytes

    try:
        return parse_case_bytes(body, origin="Sagen")
    except CaseInputError as exc:
        problems = list(exc.problems)
        status = max(_INPUT_STATUS.get(p.code, 400) for p in problems)
        raise ApiError(status, (_input_problem(p, exc.origin) for p in problems), count=len(problems)) from None


# caseinput's codes (messages.py explains each): LK709 a key given twice, LK713 a lone surrogate,
# LK714 too large; the rest (LK711 not JSON, LK712 not UTF-8) mean the body cannot be read.
_INPUT_STATUS = {"LK709": 422, "LK713": 422, "LK714": 413}


def _input_problem(problem, origin: str) -> dict[str, Any]:
    return fejl(problem.code, f"{origin}: {problem.message}", nøgle=problem.key)


def evaluate_to_json(spec, body: bytes, questions: list[str] | None, with_reasons: bool = False) -> str:
    """Parse, evaluate and render in one worker-thread call; the core's errors become ApiError.

    Parsing is here, off the event loop, too: a megabyte of JSON takes milliseconds, and the
    event loop must stay free to accept other connections meanwhile.
    """
    from ..render.json_output import results_text

    case = parse_case(body)
    try:
        answers = spec.evaluate(case, questions=questions)
    except lovkode.FactsError as exc:
        raise ApiError(422, (_fact_problem(p) for p in exc.problems), count=exc.total) from None
    except lovkode.UnknownQuestionError as exc:
        raise ApiError(
            400, [_question_error(exc)]
        ) from None
    text = results_text(answers)
    if not with_reasons:
        return text
    from ..render.begrundelse import begrundelser
    from ..render.json_output import dumps

    reasons = {name: b.as_json() for name, b in zip(answers, begrundelser(answers))}
    return text[:-1] + ',"begrundelse":' + dumps(reasons, indent=None) + "}"


def _question_error(exc: lovkode.UnknownQuestionError) -> dict[str, Any]:
    if isinstance(exc, lovkode.NotAQuestionError):
        return fejl("ikke_et_spørgsmål", str(exc), nøgle=shown(exc.name))
    return fejl("ukendt_spørgsmål", str(exc), nøgle=shown(exc.name), mente_du=exc.suggestion)


def _fact_problem(problem: lovkode.FactProblem) -> dict[str, Any]:
    """One problem of the core's FactsError, its `besked` the very line `lovkode eval` prints.

    The core names a problem with the case as a whole (not an object, say) `(sagen)`; that is no
    key of the case, so `nøgle` is null for it, as the contract's error shape promises.
    """
    key = None if problem.key.startswith("(") else shown(problem.key)
    return fejl(problem.code, str(problem), nøgle=key, mente_du=problem.suggestion)


# --------------------------------------------------------------------------------------------
# Handlers, by the contract's operationId


async def evaluate(request: Request) -> Response:
    """POST /v1/evaluate: the body read within the limits, then everything else in a worker thread."""
    questions = _questions_from_query(request)
    _check_content_type(request)
    body = await read_body(request, request.app.state.limits)
    with_reasons = request.query_params.get("begrundelse") == "ja"
    text = await run_in_threadpool(evaluate_to_json, request.app.state.spec, body, questions, with_reasons)
    return Response(text, media_type="application/json")


async def brev(request: Request) -> Response:
    """POST /v1/brev: a draft afgørelsesbrev for the case, as `lovkode brev` writes it."""
    questions = _questions_from_query(request)
    _check_content_type(request)
    body = await read_body(request, request.app.state.limits)
    params = request.query_params
    format_ = params.get("format", "markdown")
    text = await run_in_threadpool(letter_for, request.app.state.spec, body, questions, format_,
                                   {k: params[k] for k in ("kommune", "sagsnummer", "dato") if k in params},
                                   params.get("partshøring") == "ja")
    media = "text/html" if format_ == "html" else "text/markdown"
    return Response(text, media_type=f"{media}; charset=utf-8")


def letter_for(spec, body: bytes, questions, format_: str, head: dict, partshøring: bool) -> bytes:
    """Parse, decide and write the letter in one worker-thread call; the core's errors become ApiError."""
    from ..brev import LetterError, letter, letterhead, render_letter

    case = parse_case(body)
    try:
        return render_letter(letter(spec, case, questions, letterhead(head), partshøring), format_)
    except lovkode.FactsError as exc:
        raise ApiError(422, (_fact_problem(p) for p in exc.problems), count=exc.total) from None
    except lovkode.UnknownQuestionError as exc:
        raise ApiError(
            400, [_question_error(exc)]
        ) from None
    except LetterError as exc:
        raise ApiError(422, [fejl("ikke_en_afgørelse", str(exc))]) from None


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
            fejl(
                "forkert_indholdstype",
                f"Sagen skal sendes som JSON (Content-Type: application/json), ikke {shown(media_type)}. "
                "Med curl: curl --json @sag.json … eller -H 'Content-Type: application/json'.",
            )
        ],
    )


def _parameters(request: Request) -> dict[str, dict[str, Any]]:
    """The query parameters the request's operation declares in the contract, by name."""
    path = request.url.path
    operation = next(iter(contract.operations()[path].values()))
    return {p["name"]: p for p in operation.get("parameters", ())}


def _questions_from_query(request: Request) -> list[str] | None:
    """The `question` parameters in order, without repeats; None means every question.

    An unknown parameter is an error rather than ignored: a misspelt `?questions=` would
    otherwise silently answer every question, the same reason the contract rejects unknown keys.
    A parameter with a list of values (`format`, `begrundelse`) must have one of them.
    """
    known = _parameters(request)
    for name, value in request.query_params.multi_items():
        if name not in known:
            names = ", ".join(f"`{n}`" for n in known)
            raise ApiError(
                400,
                [
                    fejl(
                        "ukendt_parameter",
                        f"Ukendt parameter `{shown(name)}`. Tjenesten kender {names}; `question` kan gentages.",
                        nøgle=shown(name),
                        mente_du=closest(name[:100], list(known)),
                    )
                ],
            )
        allowed = known[name]["schema"].get("enum")
        if allowed is not None and value not in allowed:
            raise ApiError(400, [fejl("ugyldig_parameter", f"`{shown(name)}` skal være {' eller '.join(allowed)}, "
                                                           f"ikke `{shown(value)}`.", nøgle=shown(name))])
    questions = request.query_params.getlist("question")
    return list(dict.fromkeys(questions)) if questions else None


async def schema(request: Request) -> Response:
    """GET /v1/schema: the case-file schema, computed once at start-up (see create_app)."""
    return Response(request.app.state.schema_json, media_type="application/schema+json")


async def questions(request: Request) -> Response:
    """GET /v1/questions: lets a client build its form or check a name without reading the spec."""
    return JSONResponse(request.app.state.questions_payload)


async def healthz(request: Request) -> Response:
    """GET /healthz: cheap on purpose (no evaluation), so a monitor cannot load the service."""
    return JSONResponse(
        {"status": "ok", "version": lovkode.__version__, "questions": len(request.app.state.spec.questions)}
    )


async def openapi(request: Request) -> Response:
    """GET /openapi.json: built once at start-up by `lovkode.contract`."""
    return Response(request.app.state.openapi_json, media_type="application/json")


_HANDLERS = {"evaluate": evaluate, "brev": brev, "schema": schema, "questions": questions, "healthz": healthz,
             "openapi": openapi}


def routes() -> list:
    """One route per operation of the contract; an operation without a handler fails at start-up."""
    return [
        Route(path, _HANDLERS[operation["operationId"]], methods=[method.upper()])
        for path, methods in contract.operations().items()
        for method, operation in methods.items()
    ]


# --------------------------------------------------------------------------------------------
# The application


def create_app(spec=None, max_body_bytes: int | None = None, *, limits: Limits | None = None):
    """Build the Starlette app around one loaded spec (the bundled one if `spec` is None).

    Everything that does not depend on the request (the schema, the question list, the OpenAPI
    document) is computed here once, so a spec error surfaces at start-up, not in a request, and
    the endpoints only serve prepared bytes. Raises MissingServerDependenciesError (Danish) when
    starlette is not installed, and lovkode.SpecError when the bundled spec does not load.
    """
    require_server_dependencies(need_server=False)
    if limits is None:
        limits = Limits() if max_body_bytes is None else Limits(max_body_bytes=max_body_bytes)
    elif max_body_bytes is not None:
        raise TypeError("give max_body_bytes or limits, not both")
    if spec is None:
        spec = lovkode.load()
    app = Starlette(
        routes=routes(),
        exception_handlers={
            ApiError: on_api_error,
            HTTPException: on_http_exception,
            Exception: on_unexpected,
        },
    )
    app.state.spec = spec
    app.state.limits = limits
    app.state.schema_json = json.dumps(contract.case_schema(spec), ensure_ascii=False, indent=2)
    app.state.questions_payload = {"questions": [_question_entry(spec, q) for q in spec.questions]}
    app.state.openapi_json = json.dumps(contract.openapi_document(spec), ensure_ascii=False, indent=2)
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
