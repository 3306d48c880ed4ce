"""The gunicorn worker: gevent's, with deadlines, so that slow, stalled and idle clients never hold a worker.

gunicorn's sync worker serves one connection at a time and waits on it for as long as the client takes:
a few clients sending their headers a line a second tie up every worker. Here each connection is a
greenlet (gevent, the asynchronous worker gunicorn documents for clients it is exposed to directly), so a
connection that waits costs a greenlet, not a worker; and each connection lives under deadlines
(``service/config.py``, ``SERVER_DEFAULTS``; docs/serving.md):

* ``REQUEST_READ_TIMEOUT``: the request line, the headers and the body must all arrive within it,
  counted from the request's first byte (from the accept for a connection's first request);
* ``KEEPALIVE``: an idle keep-alive connection is closed after it;
* ``SEND_TIMEOUT``: the client must take the whole answer within it;
* the pool of each worker holds at most ``connections_per_worker`` connections (gunicorn's
  ``worker_connections``); the others wait in the kernel's accept queue;
* a worker that stops (recycled after ``MAX_REQUESTS``, or shut down) ends the connections it still holds
  after ``STOP_LINGER`` seconds, so that slow clients do not keep a core without a worker.

The body is read in full, under the read deadline, before the application is called (as a buffering proxy
would): extraction is CPU-bound and never waits on the network, so a request under way never yields to
another greenlet, and the SIGALRM time limit of ``service/limits.py`` interrupts the request that set it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import socket
import time
from collections.abc import Callable
from typing import Any, Literal

import gevent
from gunicorn import util
from gunicorn.http.body import Body
from gunicorn.workers.ggevent import GeventWorker

from service.config import load_config, load_server_limits

Phase = Literal["request", "answer", "idle"]

#: What a request whose body did not arrive in time gets (then the connection is closed).
TIMEOUT_PROBLEM = json.dumps(
    {
        "type": "about:blank",
        "title": "Request Timeout",
        "status": 408,
        "detail": "The request did not arrive within REQUEST_READ_TIMEOUT seconds.",
    }
).encode()
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"Content-Type: application/problem+json\r\n"
    b"Content-Length: " + str(len(TIMEOUT_PROBLEM)).encode() + b"\r\n"
    b"Connection: close\r\n\r\n" + TIMEOUT_PROBLEM
)
TIMEOUT_ANSWER_SECONDS = 1.0  # how long the 408 may take to go out before the connection is just closed
# How long a stopping worker (recycled after MAX_REQUESTS, or shut down) keeps its open connections: the
# requests it is answering take milliseconds; what is still open after this is slow or idle. Until the
# worker exits, the master does not replace it: a long wait would leave a core without a worker.
STOP_LINGER = 1.0
STOP_CHECK_SECONDS = 0.2

_EXPIRED = object()


class DeadlineSocket:
    """A client socket whose reads and writes end at the deadline of the connection's current phase.

    ``request``: reading a request, until its line, headers and body are in; ``answer``: sending the answer;
    ``idle``: waiting for the next request on a kept-alive connection (its first byte starts ``request``).
    A read past its deadline returns b"" (the parser sees the client gone); a write past it raises EPIPE.
    Everything else is the wrapped socket's.
    """

    def __init__(self, sock: Any, limits: dict[str, int], on_expiry: Callable[[Phase], None]) -> None:
        self._sock = sock
        self._limits = limits
        self._on_expiry = on_expiry
        self.phase: Phase = "request"
        self.deadline = time.monotonic() + limits["REQUEST_READ_TIMEOUT"]
        self.expired: Phase | None = None
        self.linger = False  # unread request bytes may be left: close as the sync worker does, gracefully
        self.aborted = False  # ended by the worker as it stops (``abort``)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    # --- the phases

    def start(self, phase: Phase) -> None:
        """Enter `phase`, with its deadline counted from now."""
        seconds = {
            "request": self._limits["REQUEST_READ_TIMEOUT"],
            "answer": self._limits["SEND_TIMEOUT"],
            "idle": self._limits["KEEPALIVE"],
        }[phase]
        self.phase, self.deadline = phase, time.monotonic() + seconds

    def request_parsed(self) -> None:
        """A request's headers are in: its deadline runs on (a request read from the buffer starts now)."""
        if self.phase != "request":
            self.start("request")

    # --- the socket

    def _within(self, operation: Callable[..., Any], *args: Any) -> Any:
        remaining = self.deadline - time.monotonic()
        if self.aborted:
            return _EXPIRED
        if remaining <= 0:
            result = _EXPIRED
        else:
            try:
                result = gevent.with_timeout(remaining, operation, *args, timeout_value=_EXPIRED)
            except OSError:
                if self.aborted:  # gevent cancels the wait of a socket shut down under it
                    return _EXPIRED
                raise
        if result is _EXPIRED and self.expired is None:
            self.expired = self.phase
            self._on_expiry(self.phase)
        return result

    def recv(self, size: int, *flags: int) -> bytes:
        data = self._within(self._sock.recv, size, *flags)
        if data is _EXPIRED:
            return b""
        if data and self.phase == "idle":
            self.start("request")  # the next request's first bytes: its own deadline from now
        return data

    def recv_into(self, buffer: Any, *args: int) -> int:
        count = self._within(self._sock.recv_into, buffer, *args)
        if count is _EXPIRED:
            return 0
        if count and self.phase == "idle":
            self.start("request")
        return count

    def _sent(self, result: Any) -> Any:
        if result is _EXPIRED:
            raise BrokenPipeError(errno.EPIPE, "the client did not take its answer within SEND_TIMEOUT")
        return result

    def send(self, data: Any, *flags: int) -> int:
        return self._sent(self._within(self._sock.send, data, *flags))

    def sendall(self, data: Any, *flags: int) -> None:
        return self._sent(self._within(self._sock.sendall, data, *flags))

    def sendfile(self, file: Any, offset: int = 0, count: int | None = None) -> int:
        return self._sent(self._within(self._sock.sendfile, file, offset, count))

    def abort(self) -> None:
        """End the connection now: whatever waits on it (a read, a write) sees it closed."""
        self.aborted = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self) -> None:
        """Close; after an answer sent with part of the request unread, half-close first and drain a little
        (RFC 9112, 9.6), or the kernel's reset could destroy the answer before the client reads it."""
        if self.linger:
            util.close_graceful(self._sock)
        else:
            self._sock.close()


class DeadlineWorker(GeventWorker):
    """gunicorn's gevent worker, each connection under the deadlines of ``DeadlineSocket``, each request's
    body read in full before the application runs."""

    def init_process(self) -> None:
        self.limits = load_server_limits()
        self.max_body = load_config()["MAX_CONTENT_LENGTH"]
        self.connections: set[DeadlineSocket] = set()
        super().init_process()

    def run(self) -> None:
        gevent.spawn(self._end_connections_when_stopping)
        super().run()

    def _end_connections_when_stopping(self) -> None:
        """Once the worker stops accepting, end the connections it still holds after STOP_LINGER seconds:
        until the worker exits, the master does not replace it, and gunicorn's own drain would wait for
        every connection's deadline. (Not at once: a kept-alive client that is busy sends its next request
        within milliseconds, gets its answer and a `Connection: close`, where closing first would race
        with that request.)"""
        while self.alive:
            gevent.sleep(STOP_CHECK_SECONDS)
        stopped = time.monotonic()
        while self.connections:
            if time.monotonic() - stopped >= STOP_LINGER:
                for connection in list(self.connections):
                    connection.abort()
            gevent.sleep(STOP_CHECK_SECONDS)

    def timeout_ctx(self) -> Any:
        """gunicorn's bound on the keep-alive wait: none here, the socket's deadlines are the bounds."""
        return contextlib.nullcontext()

    def handle(self, listener: Any, client: Any, addr: Any) -> None:
        """Serve one connection (HTTP/1.1: gunicorn's default `http_protocols`) under its deadlines."""
        connection = DeadlineSocket(client, self.limits, self._expired)
        self.connections.add(connection)
        try:
            super().handle(listener, connection, addr)
        finally:
            self.connections.discard(connection)

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> bool:
        if not isinstance(sock, DeadlineSocket):  # pragma: no cover - HTTP/2 streams are not used
            return super().handle_request(listener_name, req, sock, addr)
        sock.request_parsed()
        if not self._buffer_body(req, sock):
            if sock.expired == "request":
                sock.start("answer")
                with gevent.Timeout(TIMEOUT_ANSWER_SECONDS, False):
                    try:
                        sock.sendall(TIMEOUT_ANSWER)
                    except OSError:
                        pass
            raise StopIteration()  # the connection closes
        sock.start("answer")
        try:
            return super().handle_request(listener_name, req, sock, addr)
        finally:
            sock.start("idle")

    def _buffer_body(self, req: Any, sock: DeadlineSocket) -> bool:
        """Read the request's body into memory under the read deadline; False if it did not all arrive.

        A body announced above MAX_CONTENT_LENGTH is left unread: the application answers 413 from the
        Content-Length alone, and the connection closes after it. A chunked body is read up to one byte
        over the limit, which is enough for the application to refuse it.
        """
        if req.body is None:
            return True
        length = getattr(req.body.reader, "length", None)
        expects_continue = getattr(req, "_expected_100_continue", False)
        req._expected_100_continue = False  # answered here, not again when the application is called
        if length is not None and length > self.max_body:
            req.must_close = sock.linger = True  # the 413 is the final answer: the body is not read
            return True
        wanted = self.max_body + 1 if length is None else length
        if expects_continue and wanted:
            sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")  # the client waits for it before its body
        data = req.body.read(wanted) if wanted else b""
        if sock.expired is not None or (length is not None and len(data) < length):
            return False
        if length is None:
            # A chunked body is now one of known length, passed on as a buffering proxy would: with its
            # Content-Length, so that the application answers 413 above the limit (the rest of the body is
            # still on the connection, which then closes).
            if len(data) > self.max_body:
                req.must_close = sock.linger = True
            req.headers = [
                (name, value)
                for name, value in req.headers
                if name not in ("TRANSFER-ENCODING", "CONTENT-LENGTH")
            ] + [("CONTENT-LENGTH", str(len(data)))]
        req.body = Body(io.BytesIO(data))
        return True

    def _expired(self, phase: Phase) -> None:
        """A deadline passed: count it (metrics) and say so in the debug log."""
        self.log.debug("closing a connection: its %s deadline passed", phase)
        try:
            from service.metrics import observe_deadline

            observe_deadline(phase)
        except Exception:  # metrics must never fail the worker
            self.log.exception("Could not count the expired deadline")
