"""Fixtures for the tests of the documentation site: one strict build of the real site per session,
and that site served on 127.0.0.1 for the browser tests."""
from __future__ import annotations

import functools
import http.server
import socketserver
import threading

import pytest
from sitebuild import Build, build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    """The real site, built once with `--strict`."""
    return build_site(tmp_path_factory.mktemp("site") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output is no place for an access log
        pass


@pytest.fixture(scope="session")
def server(built_site):
    """The built site on http://127.0.0.1:<port>/ (Python's http.server in a thread)."""
    assert 0 == built_site.returncode, built_site.log[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
