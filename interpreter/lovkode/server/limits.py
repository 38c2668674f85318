"""How much one client may ask of the service: bytes, and time to send them.

A case file is a few kilobytes; the limits below leave ample room for any real client and stop a
slow or hostile one from holding the server's memory, its processor or its connections:

- at most ``max_body_bytes`` of body (413, checked before and while reading). 65.536 bytes (64 KiB) by
  default: a case with every fact of the fleksjob spec is under 3.000, and no body up to this size
  costs more than a few tens of milliseconds of CPU beyond a normal case, however it is built
  (`benchmarks/tjeneste.py`); at 1.000.000 bytes, 100.000 unknown keys cost a third of a second;
- the request line and headers within ``header_timeout`` seconds of connecting (or of the previous
  answer on a kept-alive connection) — enforced by hypercorn's idle timer, which runs until a
  complete request head has arrived;
- the whole body within ``body_timeout`` seconds of the head (408), however slowly it trickles:
  a per-read timeout alone would let a body arrive at one byte a second forever.
"""
from __future__ import annotations

import math

import attrs

from .errors import ApiError, fejl

DEFAULT_MAX_BODY_BYTES = 65_536
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 10.0


@attrs.frozen
class Limits:
    """The service's bounds on one request; see the module's docstring."""

    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT

    def __attrs_post_init__(self) -> None:
        if self.max_body_bytes < 1:
            raise ValueError("max_body_bytes skal være mindst 1")
        for name in ("header_timeout", "body_timeout"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
                raise ValueError(f"{name} skal være et positivt antal sekunder")


async def read_body(request, limits: Limits) -> bytes:
    """Read the body, refusing with 413 as soon as it is known to exceed the limit, 408 when it
    has not all arrived within the body timeout.

    The declared Content-Length is checked before a single byte is read, and the bytes actually
    received are counted while streaming, because a chunked body declares no length and a client
    may lie about it. Either way the server never holds more than the limit of one request.
    """
    import anyio

    limit = limits.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit, int(declared))
    chunks: list[bytes] = []
    received = 0
    with anyio.move_on_after(limits.body_timeout) as deadline:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise too_large(limit, None)
            chunks.append(chunk)
    if deadline.cancelled_caught:
        raise ApiError(
            408,
            [fejl("for_langsom",
                  f"Sagen nåede ikke frem inden for {limits.body_timeout:g} sekunder "
                  f"({received} bytes modtaget); forbindelsen lukkes. Send hele sagen på én gang.")],
            headers={"Connection": "close"},
        )
    return b"".join(chunks)


def too_large(limit: int, declared: int | None) -> ApiError:
    """413, and close the connection: the rest of the body is still unread on it (RFC 9110 15.5.14)."""
    size = f"{declared} bytes" if declared is not None else f"mere end {limit} bytes"
    return ApiError(
        413,
        [
            fejl(
                "for_stor",
                f"Forespørgslen er for stor ({size}); højst {limit} bytes er tilladt. "
                "Send én sag pr. forespørgsel, eller vurdér mange sager med `lovkode batch`.",
            )
        ],
        headers={"Connection": "close"},
    )
