"""`lovkode serve`: the interpreter as an HTTP JSON service.

Input: HTTP requests on a loopback socket (by default). A case is POSTed to `/v1/evaluate` as the
very same JSON object a case file holds (see the contract), decoded by the same module as
`lovkode eval` and `batch` (`lovkode.caseinput`), and the questions to answer are the repeatable
query parameter `question`, mirroring `lovkode eval CASE.json --question NAME`.

Output: the contract's `{"results": {...}}` object, byte for byte what `lovkode eval --format json`
prints, and the OpenAPI document and JSON Schemas of `lovkode.contract`, the one description of the
contract that `lovkode schema` and the site publish too.

The package by concern:

- `app`: the Starlette application, its routes (the contract's operations) and handlers;
- `errors`: errors as data (`ApiError`, the `fejl` shape) and the one place they become responses;
- `limits`: the bounds on one request — bytes, and time to send them;
- `listen`: the socket, the HTTP server (hypercorn, for its header timeout) and `lovkode serve`.

Concurrency: one loaded `Spec` is shared by every request. The contract promises that a loaded spec
is immutable and thread-safe, so parsing and evaluation run in Starlette's thread pool and never
block the event loop that accepts connections and answers `/healthz`.

Starlette and hypercorn are the optional extra `lovkode[server]`. This package imports without them,
so that `lovkode serve` can tell the user in Danish what to install instead of failing on import.
"""
from ..contract import API_VERSION, openapi_document
from .app import create_app, parse_case
from .errors import ApiError, MissingServerDependenciesError
from .limits import DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_BODY_BYTES, Limits
from .listen import DEFAULT_HOST, DEFAULT_PORT, is_loopback, main, run


__all__ = [
    "API_VERSION",
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_HEADER_TIMEOUT",
    "DEFAULT_HOST",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_PORT",
    "ApiError",
    "Limits",
    "MissingServerDependenciesError",
    "create_app",
    "is_loopback",
    "main",
    "openapi_document",
    "parse_case",
    "run",
]
