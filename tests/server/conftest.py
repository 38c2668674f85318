"""A real service on loopback for the service's tests: hypercorn, as `lovkode serve` runs it."""
from __future__ import annotations

import asyncio
import threading

import pytest

NEEDS = 'HTTP-tjenesten kræver starlette og hypercorn: pip install "lovkode[server]"'
pytest.importorskip("starlette", reason=NEEDS)
pytest.importorskip("hypercorn", reason=NEEDS)


class LiveServer:
    """hypercorn serving `app` in a daemon thread on a free 127.0.0.1 port, with `limits`.

    The socket is bound and listening before the thread starts (`listen.listen`, the command's own
    function), so a client may connect at once and there is no window in which another process
    could take the port.
    """

    def __init__(self, app, log_level: str = "warning") -> None:
        from lovkode.server import listen

        self.sock = listen.listen("127.0.0.1", 0)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = listen.hypercorn_config(self.sock, app.state.limits, log_level)
        self.app = app
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from hypercorn.asyncio import serve

        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            self.stop = asyncio.Event()
            self._ready.set()
            await serve(self.app, self.config, shutdown_trigger=self.stop.wait)

        asyncio.run(main())

    def __enter__(self) -> LiveServer:
        self.thread.start()
        if not self._ready.wait(20):
            pytest.fail("hypercorn startede ikke på 127.0.0.1")
        return self

    def __exit__(self, *exc_info) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(timeout=20)
        self.sock.close()


@pytest.fixture(scope="session")
def live_server():
    """The LiveServer class, for tests that need a server of their own (other spec, other limits)."""
    return LiveServer
