"""Abusive connections held open against a local server, for `make load`'s slow-client phase (load.py).

    with SlowClients(port, 50) as slow:
        ...  # normal load
    slow.report()  # connections opened and closed by the server, by kind

The connections are of four kinds, in turn: headers trickled a line a second, a body announced and never
sent, idle (nothing sent), and an answer read one byte a second (three copies of a large Swagger UI file,
pipelined, so that the answers do not fit in the socket buffers). When the server closes one (its deadlines,
docs/serving.md), another of the same kind is opened at once, as an attacker would: `count` are open at all
times. One background thread drives them all; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["trickle", "stalled-body", "idle", "slow-reader"]
KINDS: tuple[Kind, ...] = ("trickle", "stalled-body", "idle", "slow-reader")
HOST = "127.0.0.1"
TICK = 1.0  # seconds between two header lines of a trickling client, or two bytes of a slow reader
LARGE_ANSWER = "/docs/assets/swagger-ui-bundle.js"  # about 1 MB; three of them overflow the buffers
OPENINGS = {
    "trickle": b"POST /v1/timeline HTTP/1.1\r\nHost: localhost\r\n",
    "stalled-body": b"POST /v1/timeline HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    b'Content-Length: 5000\r\n\r\n{"text": "The',
    "idle": b"",
    "slow-reader": f"GET {LARGE_ANSWER} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode() * 3,
}


@dataclass
class _Connection:
    kind: Kind
    sock: socket.socket
    lines: int = 0


@dataclass
class Tally:
    """What the slow clients saw, by kind."""

    opened: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    closed_by_server: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    failed_to_open: int = 0
    bytes_read: int = 0


class SlowClients:
    """`count` abusive connections to HOST:`port`, kept open by a background thread while in the block."""

    def __init__(self, port: int, count: int) -> None:
        self.port, self.count = port, count
        self.tally = Tally()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slow-clients", daemon=True)
        self._selector = selectors.DefaultSelector()  # every connection but the slow readers
        self._readers: list[_Connection] = []  # read on the tick only (they always have data waiting)

    def __enter__(self) -> SlowClients:
        for number in range(self.count):
            self._open(KINDS[number % len(KINDS)])
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for connection in self._connections():
            connection.sock.close()
        self._selector.close()

    def open_now(self) -> int:
        """How many of the connections are open at this moment."""
        return len(self._connections())

    def _connections(self) -> list[_Connection]:
        return [key.data for key in self._selector.get_map().values()] + self._readers

    # --- the thread

    def _open(self, kind: Kind) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if kind == "slow-reader":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        sock.settimeout(2)
        try:
            sock.connect((HOST, self.port))
            if OPENINGS[kind]:
                sock.sendall(OPENINGS[kind])
        except OSError:
            sock.close()
            self.tally.failed_to_open += 1
            return
        sock.setblocking(False)
        if kind == "slow-reader":
            self._readers.append(_Connection(kind, sock))
        else:
            self._selector.register(sock, selectors.EVENT_READ, _Connection(kind, sock))
        self.tally.opened[kind] += 1

    def _closed(self, connection: _Connection) -> None:
        if connection in self._readers:
            self._readers.remove(connection)
        else:
            self._selector.unregister(connection.sock)
        connection.sock.close()
        self.tally.closed_by_server[connection.kind] += 1
        if not self._stop.is_set():
            self._open(connection.kind)

    def _run(self) -> None:
        next_tick = time.monotonic() + TICK
        while not self._stop.is_set():
            # Anything readable on these connections is the server's answer (a 408) or its close: read it
            # all; b"" or an error means closed.
            for key, _ in self._selector.select(timeout=max(0.0, min(0.2, next_tick - time.monotonic()))):
                connection: _Connection = key.data
                try:
                    data = connection.sock.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    self._closed(connection)
            if time.monotonic() >= next_tick:
                next_tick += TICK
                self._tick()

    def _tick(self) -> None:
        for connection in self._connections():
            try:
                if connection.kind == "trickle":
                    connection.lines += 1
                    connection.sock.send(f"X-Trickle-{connection.lines}: slowly\r\n".encode())
                elif connection.kind == "slow-reader":
                    byte = connection.sock.recv(1)
                    if not byte:
                        raise ConnectionResetError
                    self.tally.bytes_read += 1
            except BlockingIOError:
                continue
            except OSError:
                self._closed(connection)
