"""A local fake provider: an HTTP server on 127.0.0.1 that checks every request.

Each provider fake subclasses ``FakeProvider`` and implements ``check`` (the request
against the provider's published contract: a list of violations, empty when the real
provider would accept it) and ``answer`` (a response in the provider's documented
shape). A request that breaks the contract gets the provider's error answer and is
recorded in ``violations``; the conformance suite fails any test that left one.
Tests can script the next answers (``fail_next``) to play provider errors, including
an answer that never comes: ``Answer(drop=True)`` reads the whole request and closes
the connection without a response, as a provider that crashed after taking it would.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclasses.dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    received_at: float = dataclasses.field(default_factory=time.monotonic)

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode(), keep_blank_values=True)


@dataclasses.dataclass
class Answer:
    status: int
    body: Any = None  # dict/list -> JSON, bytes/str -> as is
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection after reading the request, no answer


class FakeProvider:
    name = "fake"

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.scripted: deque[Answer] = deque()
        self.delays: deque[float] = deque()  # seconds to hold the next answers
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- to implement -------------------------------------------------------------
    def check(self, request: Recorded) -> list[str]:
        raise NotImplementedError

    def answer(self, request: Recorded) -> Answer:
        raise NotImplementedError

    def contract_error(self, request: Recorded, violations: list[str]) -> Answer:
        return Answer(400, {"error": "; ".join(violations)})

    # -- scripting ----------------------------------------------------------------
    def fail_next(self, *answers: Answer) -> None:
        with self.lock:
            self.scripted.extend(answers)

    def sent(self) -> list[Recorded]:
        """Requests that the fake accepted as messages (not scripted failures)."""
        with self.lock:
            return [r for r in self.requests if getattr(r, "accepted", False)]

    # -- server -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeProvider":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, a kept-alive client
            # waits ~40 ms (delayed ACK) for every answer.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                recorded = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                with fake.lock:
                    fake.requests.append(recorded)
                    scripted = fake.scripted.popleft() if fake.scripted else None
                    hold = fake.delays.popleft() if fake.delays else 0.0
                violations = fake.check(recorded)
                if violations:
                    with fake.lock:
                        fake.violations.extend(
                            f"{recorded.method} {recorded.path}: {v}"
                            for v in violations
                        )
                    answer = fake.contract_error(recorded, violations)
                elif scripted is not None:
                    answer = scripted
                else:
                    answer = fake.answer(recorded)
                    recorded.accepted = answer.status < 300  # type: ignore[attr-defined]
                if answer.delay or hold:
                    time.sleep(answer.delay + hold)
                if answer.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = answer.body
                if isinstance(payload, (dict, list)):
                    data, ctype = json.dumps(payload).encode(), "application/json"
                elif isinstance(payload, str):
                    data, ctype = payload.encode(), "text/plain"
                else:
                    data, ctype = payload or b"", "application/octet-stream"
                self.send_response(answer.status)
                headers = {"Content-Type": ctype, **answer.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
