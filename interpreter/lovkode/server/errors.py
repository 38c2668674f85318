"""Errors of the service as data, and the one place they become responses.

Every failure becomes ``{"fejl": [{"kode", "nøgle", "besked", "mente_du"}], "antal": N}`` (the shape
:func:`lovkode.contract.error_schema` states) with a Danish ``besked`` in the same words as the
command line. At most the first 50 problems are listed; ``antal`` counts them all.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..contract import MAX_LISTED_PROBLEMS
from ..diagnostics import suggest

try:
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
except ModuleNotFoundError as _exc:  # the extra is not installed; create_app/run say so
    STARLETTE_MISSING: ModuleNotFoundError | None = _exc
else:
    STARLETTE_MISSING = None

INSTALL_HINT = 'pip install "lovkode[server]"'


class MissingServerDependenciesError(ImportError):
    """Starlette or hypercorn is not installed.

    A subclass of ImportError, so that callers who already handle missing optional modules keep
    working; the message is Danish and says exactly what to install, ready to print as it is.
    """


def require_server_dependencies(*, need_server: bool) -> None:
    """Raise a Danish MissingServerDependenciesError if the `server` extra is incomplete."""
    missing = []
    if STARLETTE_MISSING is not None:
        missing.append("starlette")
    if need_server:
        try:
            importlib.import_module("hypercorn")  # only probing whether it is installed
        except ModuleNotFoundError:
            missing.append("hypercorn")
    if missing:
        names = " og ".join(missing)
        message = (
            f"HTTP-tjenesten kræver {names}, som ikke er installeret. "
            f"Installér tjenestens ekstra afhængigheder med: {INSTALL_HINT}"
        )
        raise MissingServerDependenciesError(message, name=missing[0])


class ApiError(Exception):
    """A client error, carried to the single place that renders it as the `fejl` JSON.

    Raised from deep inside request handling (reading the body, parsing it) so that each helper
    can stop the request without knowing how errors are shaped on the wire. ``errors`` may be
    long (a case with 34.000 bad keys); only the first 50 are kept, and ``count`` says how many
    there were.
    """

    def __init__(
        self,
        status: int,
        errors: Iterable[Mapping[str, Any]],
        headers: Mapping[str, str] | None = None,
        count: int | None = None,
    ) -> None:
        listed = []
        seen = 0
        for error in errors:
            seen += 1
            if len(listed) < MAX_LISTED_PROBLEMS:
                listed.append(dict(error))
        super().__init__(status, listed)
        self.status = status
        self.errors = listed
        self.count = max(seen, count or 0)
        self.headers = dict(headers or {})


def fejl(kode: str, besked: str, nøgle: str | None = None, mente_du: str | None = None) -> dict:
    """One entry of the `fejl` list; every key is always present so clients need no defaults."""
    return {"kode": kode, "nøgle": nøgle, "besked": besked, "mente_du": mente_du}


def error_response(status: int, errors: Sequence[Mapping[str, Any]], headers=None,
                   count: int | None = None) -> Response:
    return JSONResponse({"fejl": list(errors), "antal": count or len(errors)}, status_code=status,
                        headers=headers)


def closest(word: str, candidates: Sequence[str]) -> str | None:
    """The nearest candidate for a near-miss, or None, by the core's own "mente du" measure."""
    matches = suggest(word, candidates, limit=1)
    return matches[0] if matches else None


async def on_api_error(request: Request, exc: ApiError) -> Response:
    return error_response(exc.status, exc.errors, exc.headers or None, exc.count)


async def on_http_exception(request: Request, exc: HTTPException) -> Response:
    """Starlette's own 404 and 405 (raised by its router), reworded in Danish with a suggestion."""
    path = request.url.path
    known = sorted({route.path for route in request.app.routes})
    if exc.status_code == 404:
        error = fejl(
            "ukendt_sti",
            f"Der findes ingen side `{shown(path)}`. Tjenesten har: {', '.join(known)}.",
            nøgle=shown(path),
            mente_du=closest(path[:100], known),
        )
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", (exc.headers or {}).get("allow", ""))
        error = fejl(
            "metode_ikke_tilladt",
            f"`{shown(path)}` kan ikke kaldes med {request.method}; brug {allowed or 'en anden metode'}.",
            nøgle=request.method,
        )
    else:  # not raised by this app today; kept generic rather than leaking Starlette's English
        error = fejl("http_fejl", f"Forespørgslen blev afvist (HTTP {exc.status_code}).")
    return error_response(exc.status_code, [error], exc.headers)


def shown(text: str, limit: int = 200) -> str:
    """A client's text echoed back, cut short: an answer never grows with what the client sent."""
    return text if len(text) <= limit else text[:limit] + "…"


async def on_unexpected(request: Request, exc: Exception) -> Response:
    """500 without a traceback: the client gets a Danish sentence, the log gets the traceback.

    Starlette's ServerErrorMiddleware calls this and then re-raises, so the server writes the full
    traceback to its own log, where the operator (not the client) can read it. The response says
    `Connection: close`, so a client does not reuse a connection the server is about to drop.
    """
    return error_response(
        500,
        [
            fejl(
                "intern_fejl",
                "Der opstod en uventet fejl i tjenesten, og sagen blev ikke vurderet. "
                "Fejlen er skrevet i tjenestens log. Prøv igen, eller kontakt den, der driver tjenesten.",
            )
        ],
        {"Connection": "close"},
    )
