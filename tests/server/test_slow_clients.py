"""Slow clients cannot hold the service (issue 11, item 2), on 127.0.0.1 only.

Under uvicorn a body sent at 1 byte/s and 200 half-sent request heads were all still open after 25 s.
Here 100 clients send half a request head and stop, and 100 send a whole head and then trickle the
body a byte at a time. Meanwhile a normal request is answered — sooner than the time limits, so it
did not wait for any slow client — and every slow connection is closed by the server within its
time limit (plus slack for a loaded machine). The loops are bounded: the test ends by itself.
"""
from __future__ import annotations

import selectors
import socket
import time

import httpx
import pytest

from lovkode import server

TIMEOUT = 3.0  # seconds, for the head and for the body
SLACK = 3.0  # a loaded 2-core CI machine may close a little late
HALF_HEADS = 100
SLOW_BODIES = 100


def _open(port: int, first: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(first)
    sock.setblocking(False)
    return sock


def test_slow_clients_neither_delay_a_normal_request_nor_stay_open(spec, live_server):
    limits = server.Limits(header_timeout=TIMEOUT, body_timeout=TIMEOUT)
    with live_server(server.create_app(spec, limits=limits)) as live:
        started = time.monotonic()
        half = [_open(live.port, b"POST /v1/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
                for _ in range(HALF_HEADS)]
        head = (b"POST /v1/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n{")
        slow = [_open(live.port, head) for _ in range(SLOW_BODIES)]
        opened = time.monotonic()

        with httpx.Client(base_url=live.url, timeout=30) as http:
            before = time.monotonic()
            response = http.post("/v1/evaluate", json={"fødselsdato": "1965-03-10"})
            took = time.monotonic() - before
        assert 200 == response.status_code
        assert took < TIMEOUT, f"en almindelig forespørgsel ventede {took:.1f} s på de langsomme klienter"

        closed_after: dict[socket.socket, float] = {}
        answers: dict[socket.socket, bytes] = {}
        selector = selectors.DefaultSelector()
        for sock in half + slow:
            selector.register(sock, selectors.EVENT_READ)
        deadline = opened + TIMEOUT + SLACK + 2
        next_byte = 0.0
        while len(closed_after) < len(half) + len(slow) and time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_byte:  # one more byte of body on each slow connection, twice a second
                next_byte = now + 0.5
                for sock in slow:
                    if sock not in closed_after:
                        try:
                            sock.send(b" ")
                        except OSError:
                            pass
            for key, _ in selector.select(timeout=0.1):
                sock = key.fileobj
                try:
                    data = sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if data:
                    answers[sock] = answers.get(sock, b"") + data
                else:
                    closed_after[sock] = time.monotonic() - opened
                    selector.unregister(sock)
        selector.close()
        for sock in half + slow:
            sock.close()

    still_open = len(half) + len(slow) - len(closed_after)
    assert 0 == still_open, f"{still_open} langsomme forbindelser var stadig åbne efter {deadline - opened:.0f} s"
    latest = max(closed_after.values())
    assert latest <= TIMEOUT + SLACK + (opened - started), f"den sidste blev først lukket efter {latest:.1f} s"
    # the slow bodies were told why, in the contract's error shape
    told = [answers.get(sock, b"") for sock in slow]
    assert all(answer.startswith(b"HTTP/1.1 408") for answer in told), told[:1]
    assert all(b'"for_langsom"' in answer for answer in told)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_time_limits_must_be_positive_seconds(bad):
    with pytest.raises(ValueError):
        server.Limits(header_timeout=bad)
    with pytest.raises(ValueError):
        server.Limits(body_timeout=bad)
