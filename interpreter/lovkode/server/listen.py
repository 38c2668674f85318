"""Listening: the socket, the HTTP server (hypercorn) and its time limits, and `lovkode serve`.

Why hypercorn rather than uvicorn: uvicorn has no timeout while a request's headers or body arrive,
so 200 clients that send half a request head each hold a connection for ever (measured: still open
after 25 s). Hypercorn's idle timer runs from the moment a connection opens until a complete
request head has arrived, and closes the connection when it fires; that is the header timeout. A
body that trickles in is bounded by the application itself (`limits.read_body`), which answers
408 and closes. Hypercorn is well kept (the Pallets project's Quart runs on it), pure Python, and
speaks the same ASGI as before, so the application did not change.
"""
from __future__ import annotations

import argparse
import asyncio
import errno
import ipaddress
import os
import signal
import socket
import sys
from collections.abc import Sequence

from .app import create_app
from .errors import MissingServerDependenciesError, require_server_dependencies
from .limits import DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_BODY_BYTES, Limits

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def hypercorn_config(sock: socket.socket, limits: Limits, log_level: str = "info"):
    """Hypercorn's settings for serving on the already bound `sock` within `limits`."""
    from hypercorn.config import Config

    config = Config()
    # A duplicate of the descriptor: hypercorn wraps it in a socket object of its own and closes it.
    config.bind = [f"fd://{os.dup(sock.fileno())}"]
    # The idle timer runs until a whole request head has arrived: this is the header timeout.
    config.keep_alive_timeout = limits.header_timeout
    # No single read may stall longer than the body may take as a whole.
    config.read_timeout = max(1, int(limits.body_timeout))
    config.include_server_header = False  # no version banner
    config.errorlog = "-"
    config.loglevel = log_level.upper()
    config.graceful_timeout = 2.0
    return config


def serve_forever(app, sock: socket.socket, limits: Limits, log_level: str = "info",
                  stop: "asyncio.Event | None" = None) -> None:
    """Serve `app` on `sock` until Ctrl+C or SIGTERM (or until `stop` is set, for tests)."""
    from hypercorn.asyncio import serve

    config = hypercorn_config(sock, limits, log_level)

    async def main() -> None:
        trigger = stop if stop is not None else _signal_event()
        await serve(app, config, shutdown_trigger=trigger.wait)

    asyncio.run(main())


def _signal_event() -> asyncio.Event:
    """Set on SIGINT or SIGTERM, so both end the service quietly, without a traceback."""
    event = asyncio.Event()
    loop = asyncio.get_running_loop()
    for name in ("SIGINT", "SIGTERM"):
        try:
            loop.add_signal_handler(getattr(signal, name), event.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or not POSIX
            pass
    return event


def run(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    spec_dir: str | None = None,
    *,
    spec=None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
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
    require_server_dependencies(need_server=True)
    limits = Limits(max_body_bytes=max_body_bytes, header_timeout=header_timeout, body_timeout=body_timeout)
    if spec is None:
        from ..console import load_or_report, spec_path_problem  # the commands' shared wording

        problem = spec_path_problem(spec_dir)
        if problem:  # a --spec that names nothing is a bad argument, as in `lovkode serve`
            print(problem, file=sys.stderr)
            raise SystemExit(2)
        spec = load_or_report(spec_dir)
        if spec is None:
            raise SystemExit(1)
    app = create_app(spec, limits=limits)
    shown_host = f"[{host}]" if ":" in host else host
    try:
        sock = listen(host, port)
    except OSError as exc:
        print(f"fejl: tjenesten kan ikke lytte på {shown_host}:{port}: {bind_reason(exc)}", file=sys.stderr)
        raise SystemExit(2) from None
    port = sock.getsockname()[1]  # the real port when 0 asked the system to choose
    if not is_loopback(host):
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
    try:
        serve_forever(app, sock, limits, log_level)
    finally:
        sock.close()


def listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket here rather than in the server, so a failure can be told in Danish.

    The server would log its own English error and exit; binding first also tells us the real port.
    """
    family, kind, proto, _, address = socket.getaddrinfo(
        host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # quick restarts
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def bind_reason(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return "adressen kendes ikke."
    reasons = {
        errno.EADDRINUSE: "porten er optaget af et andet program; vælg en anden med --port.",
        errno.EADDRNOTAVAIL: "adressen hører ikke til denne maskine.",
        errno.EACCES: "adgang nægtet (porte under 1024 kræver særlige rettigheder).",
    }
    return reasons.get(exc.errno, f"{exc.strerror or exc}.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `lovkode serve`, shared by the CLI and `python -m lovkode.server`."""
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="adressen, der lyttes på (standard: %(default)s, kun denne maskine)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="porten (standard: %(default)s)")
    parser.add_argument(
        "--max-body-bytes", type=int, default=DEFAULT_MAX_BODY_BYTES, metavar="N",
        help="største tilladte forespørgsel i bytes (standard: %(default)s)",
    )
    parser.add_argument(
        "--header-timeout", type=float, default=DEFAULT_HEADER_TIMEOUT, metavar="SEK",
        help="sekunder, en klient har til at sende forespørgslens hoved (standard: %(default)g)",
    )
    parser.add_argument(
        "--body-timeout", type=float, default=DEFAULT_BODY_TIMEOUT, metavar="SEK",
        help="sekunder, en klient har til at sende sagen, når hovedet er modtaget (standard: %(default)g)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m lovkode.server [--host] [--port] [--spec] …`: the same as `lovkode serve`."""
    parser = argparse.ArgumentParser(prog="lovkode serve", description="Kør lovkode som HTTP JSON-tjeneste.")
    add_arguments(parser)
    parser.add_argument("--spec", default=None, metavar="MAPPE", help="en anden spec end den medfølgende")
    args = parser.parse_args(argv)
    return serve_command(args)


def serve_command(args, spec=None) -> int:
    """Run the service from parsed arguments; Danish messages and an exit status, never a traceback."""
    try:
        limits_ok = Limits(args.max_body_bytes, args.header_timeout, args.body_timeout)
    except ValueError:
        print("fejl: --max-body-bytes, --header-timeout og --body-timeout skal være positive tal.",
              file=sys.stderr)
        return 2
    try:
        run(args.host, args.port, args.spec, spec=spec, max_body_bytes=limits_ok.max_body_bytes,
            header_timeout=limits_ok.header_timeout, body_timeout=limits_ok.body_timeout)
    except MissingServerDependenciesError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # run() has reported a spec with errors, or a socket it cannot bind
        return int(exc.code or 0)
    return 0
