"""A small JSON-RPC client that drives the real `lovkode lsp` over stdio, as an editor does."""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path


class Client:
    """Start `python -m lovkode lsp`, speak LSP to it, and collect what it sends back."""

    def __init__(self, root: Path, initialization_options: dict | None = None):
        self.process = subprocess.Popen([sys.executable, "-m", "lovkode", "lsp"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self.responses: dict[int, dict] = {}
        self.notifications: list[dict] = []
        self.condition = threading.Condition()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {},
                                    "initializationOptions": initialization_options or {}})
        self.notify("initialized", {})

    # transport ---------------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length).decode("utf-8"))
            with self.condition:
                if "id" in message and "method" not in message:
                    self.responses[message["id"]] = message
                elif "id" in message:  # a request from the server (e.g. registering capabilities)
                    self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                else:
                    self.notifications.append(message)
                self.condition.notify_all()

    def request(self, method: str, params: dict, timeout: float = 30):
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        with self.condition:
            if not self.condition.wait_for(lambda: ident in self.responses, timeout):
                raise TimeoutError(f"no answer to {method}")
            response = self.responses.pop(ident)
        if "error" in response:
            raise LspError(response["error"]["message"])
        return response["result"]

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate, timeout: float = 30) -> dict:
        """The first notification (from now on, or already received and not yet taken) matching `predicate`."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                for index, message in enumerate(self.notifications):
                    if predicate(message):
                        return self.notifications.pop(index)
                left = deadline - time.monotonic()
                if left <= 0 or not self.condition.wait(left):
                    raise TimeoutError("no such notification")

    def diagnostics(self, uri: str, timeout: float = 30) -> list[dict]:
        """The diagnostics the server publishes for the document as last sent (older ones are skipped)."""
        version = getattr(self, "versions", {}).get(uri)
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["uri"] == uri and m["params"].get("version") == version, timeout)
        return message["params"]["diagnostics"]

    def drop_notifications(self) -> None:
        with self.condition:
            self.notifications.clear()

    # documents ---------------------------------------------------------------------------------
    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.versions = getattr(self, "versions", {})
        self.versions[uri] = 1
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                              "text": text if text is not None else path.read_text(encoding="utf-8")}})
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": self.versions[uri]},
                                               "contentChanges": [{"text": text}]})

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


class LspError(Exception):
    """An error answer from the server."""
