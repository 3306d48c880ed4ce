"""Slow, stalled and idle clients against the real server (gunicorn.conf.py, service/worker.py).

Each test opens its abusive connections to a gunicorn on a free loopback port whose deadlines are cut to a
few seconds, checks that a normal request is answered within 2 s meanwhile, that the server closes the
abusive connections by its deadlines (bounded in time, counted in /metrics), and that the workers are still
the ones it started with: nothing was killed or restarted.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import runpy
import select
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import CONF, Server, gunicorn, worker_pids
from swagger_ui_bundle import swagger_ui_path

from service.config import SERVER_DEFAULTS, connections_per_worker, load_server_limits

READ_TIMEOUT = 3  # REQUEST_READ_TIMEOUT of the test server, seconds
KEEPALIVE = 2
SEND_TIMEOUT = 3
SLACK = 2.5  # seconds a deadline may be late on a busy 2-core machine
NORMAL_SECONDS = 2.0  # what the issue allows a normal request while abusive clients are connected
ARTICLE = {
    "text": "The harbour bridge closed on Monday for repairs and will reopen by April 26.",
    "published": "2025-04-17",
}

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = {
        "REQUEST_READ_TIMEOUT": str(READ_TIMEOUT),
        "KEEPALIVE": str(KEEPALIVE),
        "SEND_TIMEOUT": str(SEND_TIMEOUT),
        "MAX_REQUESTS": "100000",  # no recycling during the tests: any new worker is a restart
        "MAX_REQUESTS_JITTER": "1",
    }
    with gunicorn(tmp_path_factory.mktemp("slow-clients"), env, workers=2) as running:
        yield running


def _address(server: Server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def _normal_request(server: Server) -> float:
    """POST one short article; return the seconds it took (its answer must be a 200 with a timeline)."""
    body = json.dumps(ARTICLE).encode()
    request = urllib.request.Request(
        f"{server.url}/v1/timeline", data=body, headers={"Content-Type": "application/json"}
    )
    start = time.monotonic()
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.load(response)
        assert response.status == 200
    assert answer["timexes"], answer
    return time.monotonic() - start


def _normal_requests_are_quick(server: Server, count: int = 3) -> None:
    seconds = [_normal_request(server) for _ in range(count)]
    assert max(seconds) < NORMAL_SECONDS, seconds


def _deadline_count(server: Server, phase: str) -> float:
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=10) as response:
        text = response.read().decode()
    found = re.search(rf'^timeline_connection_deadlines_total{{phase="{phase}"}} (\S+)$', text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def _connect(server: Server, count: int, receive_buffer: int | None = None) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        sock.connect(_address(server))
        sockets.append(sock)
    return sockets


def _wait_closed(sockets: list[socket.socket], within: float) -> dict[socket.socket, bytes]:
    """Read each socket until the server closes it; fail if one is still open after `within` seconds.
    Returns what each one received."""
    received = {sock: b"" for sock in sockets}
    open_ = set(sockets)
    deadline = time.monotonic() + within
    while open_:
        left = deadline - time.monotonic()
        assert left > 0, f"{len(open_)} of {len(sockets)} connections still open after {within:.1f} s"
        readable, _, _ = select.select(list(open_), [], [], min(left, 0.5))
        for sock in readable:
            try:
                data = sock.recv(65536)
            except OSError:  # reset by the server: closed too
                data = b""
            if data:
                received[sock] += data
            else:
                open_.discard(sock)
    return received


def _close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


def _same_workers(server: Server, before: list[int]) -> None:
    assert worker_pids(server.process.pid) == before, server.stderr.read_text()[-3000:]
    log = server.stderr.read_text()
    assert "WORKER TIMEOUT" not in log and "Traceback" not in log, log[-3000:]


@contextlib.contextmanager
def _trickling(sockets: list[socket.socket]) -> Iterator[None]:
    """Send each socket one more header line every half second, for as long as the block runs."""
    stop = threading.Event()

    def feed() -> None:
        number = 0
        while not stop.wait(0.5):
            number += 1
            for sock in sockets:
                try:
                    sock.send(f"X-Trickle-{number}: slowly\r\n".encode())
                except OSError:
                    pass  # closed by the server already

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        yield
    finally:
        stop.set()
        feeder.join()


# --- the four abuses of the issue ---------------------------------------------------------------------------


def test_fifty_connections_trickling_headers(server: Server) -> None:
    workers, counted = worker_pids(server.process.pid), _deadline_count(server, "request")
    sockets = _connect(server, 50)
    opened = time.monotonic()
    try:
        for sock in sockets:
            sock.sendall(b"POST /v1/timeline HTTP/1.1\r\nHost: localhost\r\n")
        with _trickling(sockets):
            _normal_requests_are_quick(server)
            _wait_closed(sockets, READ_TIMEOUT + SLACK)
        assert time.monotonic() - opened >= READ_TIMEOUT - 0.5, "closed before the deadline"
    finally:
        _close_all(sockets)
    assert _deadline_count(server, "request") - counted == 50
    _normal_requests_are_quick(server)
    _same_workers(server, workers)


def test_fifty_connections_announcing_a_body_they_never_send(server: Server) -> None:
    workers, counted = worker_pids(server.process.pid), _deadline_count(server, "request")
    sockets = _connect(server, 50)
    try:
        for sock in sockets:
            sock.sendall(
                b"POST /v1/timeline HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                b'Content-Length: 4000\r\n\r\n{"text": "The ferry'
            )
        _normal_requests_are_quick(server)
        received = _wait_closed(sockets, READ_TIMEOUT + SLACK)
    finally:
        _close_all(sockets)
    for answer in received.values():  # each is told why, as a problem document
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408 "), answer[:200]
        assert b"content-type: application/problem+json" in head.lower()
        assert json.loads(body)["status"] == 408
    assert _deadline_count(server, "request") - counted == 50
    _normal_requests_are_quick(server)
    _same_workers(server, workers)


def test_two_hundred_idle_connections(server: Server) -> None:
    workers = worker_pids(server.process.pid)
    sockets = _connect(server, 200)
    try:
        _normal_requests_are_quick(server)
        received = _wait_closed(sockets, READ_TIMEOUT + SLACK)
    finally:
        _close_all(sockets)
    assert not any(received.values()), "an idle connection that never asked for anything gets nothing"
    _normal_requests_are_quick(server)
    _same_workers(server, workers)


def test_a_client_reading_its_answer_one_byte_a_second(server: Server) -> None:
    # Answers larger than the socket buffers hold: three copies of Swagger UI's largest file, pipelined.
    largest = max(Path(swagger_ui_path).iterdir(), key=lambda path: path.stat().st_size)
    assert largest.stat().st_size > 1_000_000
    workers, counted = worker_pids(server.process.pid), _deadline_count(server, "answer")
    [sock] = _connect(server, 1, receive_buffer=1024)
    try:
        sock.sendall(f"GET /docs/assets/{largest.name} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode() * 3)
        started = time.monotonic()
        while time.monotonic() - started < SEND_TIMEOUT + SLACK:
            assert sock.recv(1)
            _normal_requests_are_quick(server, count=1)
            time.sleep(1)
        assert _deadline_count(server, "answer") - counted == 1, "the answer's deadline closed it"
    finally:
        sock.close()
    _same_workers(server, workers)


# --- keep-alive, the connection cap, the time limit, shutdown -----------------------------------------------


def test_an_idle_keep_alive_connection_is_closed_after_keepalive_seconds(server: Server) -> None:
    connection = http.client.HTTPConnection(*_address(server), timeout=10)
    try:
        connection.request("GET", "/readyz")
        response = connection.getresponse()
        response.read()
        assert response.status == 200 and response.getheader("Connection") != "close"
        answered = time.monotonic()
        assert connection.sock is not None
        _wait_closed([connection.sock], KEEPALIVE + SLACK)
        assert time.monotonic() - answered >= KEEPALIVE - 0.5
    finally:
        connection.close()


def test_a_client_expecting_100_continue_is_told_to_send_its_body(server: Server) -> None:
    body = json.dumps(ARTICLE).encode()
    [sock] = _connect(server, 1)
    try:
        sock.settimeout(NORMAL_SECONDS)  # curl waits 1 s for the 100 before it sends the body anyway
        sock.sendall(
            b"POST /v1/timeline HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Expect: 100-continue\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        assert sock.recv(100).startswith(b"HTTP/1.1 200 ")
    finally:
        sock.close()


@pytest.mark.parametrize(
    ("size", "status"),
    [
        pytest.param(200, 200, id="small-article"),
        pytest.param(5 * 1024 * 1024 + 20_000, 413, id="over-the-body-limit"),
    ],
)
def test_a_chunked_body_is_read_whole_then_judged_by_its_size(server: Server, size: int, status: int) -> None:
    body = json.dumps({**ARTICLE, "text": (ARTICLE["text"] + " ") * (size // len(ARTICLE["text"]))}).encode()
    connection = http.client.HTTPConnection(*_address(server), timeout=30)
    try:
        chunks = (body[start : start + 65536] for start in range(0, len(body), 65536))
        headers = {"Content-Type": "application/json"}
        connection.request("POST", "/v1/timeline", body=chunks, headers=headers, encode_chunked=True)
        response = connection.getresponse()
        answer = json.loads(response.read())
    finally:
        connection.close()
    assert response.status == status, answer
    if status != 200:
        assert answer["status"] == status and response.getheader("Content-Type") == "application/problem+json"


def test_a_recycled_worker_does_not_wait_for_its_slow_clients(tmp_path: Path) -> None:
    # Deadlines far away: only the worker's own stop can end the trickling connections in time.
    env = {"REQUEST_READ_TIMEOUT": "60", "MAX_REQUESTS": "10", "MAX_REQUESTS_JITTER": "10"}
    with gunicorn(tmp_path, env, workers=2) as server:
        first = set(worker_pids(server.process.pid))
        sockets = _connect(server, 20)
        try:
            for sock in sockets:
                sock.sendall(b"POST /v1/timeline HTTP/1.1\r\nHost: localhost\r\n")
            with _trickling(sockets):
                started = time.monotonic()
                while first & set(worker_pids(server.process.pid)):
                    assert time.monotonic() - started < 20, "a recycled worker is still waiting"
                    _normal_requests_are_quick(server, count=1)
                    time.sleep(0.1)
                _normal_requests_are_quick(server)
            assert len(worker_pids(server.process.pid)) == 2
            assert "Traceback" not in server.stderr.read_text(), "the stopping worker ended them quietly"
        finally:
            _close_all(sockets)


def _socket_count(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except OSError:
            pass
    return count


def test_connection_cap_time_limit_and_shutdown_with_slow_clients_open(tmp_path: Path) -> None:
    env = {
        "REQUEST_READ_TIMEOUT": str(READ_TIMEOUT),
        "MAX_CONNECTIONS": "20",  # 10 for each of the 2 workers
        "REQUEST_TIME_LIMIT_MS": "50",
        "GRACEFUL_TIMEOUT": "20",
    }
    with gunicorn(tmp_path, env, workers=2) as server:
        workers = worker_pids(server.process.pid)
        idle_sockets = {pid: _socket_count(pid) for pid in workers}
        # The SIGALRM time limit still interrupts a request in a gevent worker: 503, and the worker lives.
        long_article = json.dumps({**ARTICLE, "text": " ".join([ARTICLE["text"]] * 2500)}).encode()
        request = urllib.request.Request(
            f"{server.url}/v1/timeline", data=long_article, headers={"Content-Type": "application/json"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 503
        assert json.load(refused.value)["status"] == 503
        # 60 connections, 20 at most held: each worker holds 10, the others wait in the accept queue.
        sockets = _connect(server, 60)
        try:
            time.sleep(1)
            for pid in workers:
                assert _socket_count(pid) - idle_sockets[pid] <= 10
            # SIGTERM with slow clients connected: the workers close them by their deadline and exit.
            stopping = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            assert server.process.wait(timeout=READ_TIMEOUT + 15) == 0
            assert time.monotonic() - stopping < READ_TIMEOUT + 10
        finally:
            _close_all(sockets)


# --- the settings -------------------------------------------------------------------------------------------

SETTING_NAMES = ("WORKER_CLASS", "WEB_CONCURRENCY", *SERVER_DEFAULTS)


def _gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_served_by_the_deadline_worker_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _gunicorn_settings(monkeypatch, WEB_CONCURRENCY="2")
    assert settings["worker_class"] == "service.worker.DeadlineWorker"
    assert settings["preload_app"] is True
    assert settings["keepalive"] == SERVER_DEFAULTS["KEEPALIVE"]
    assert settings["worker_connections"] == SERVER_DEFAULTS["MAX_CONNECTIONS"] // 2
    assert load_server_limits({}) == SERVER_DEFAULTS


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _gunicorn_settings(
        monkeypatch, WORKER_CLASS="sync", KEEPALIVE="0", WORKER_CONNECTIONS="50", WEB_CONCURRENCY="3"
    )
    chosen = (settings["worker_class"], settings["keepalive"], settings["worker_connections"])
    assert chosen == ("sync", 0, 50)


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"WORKER_CLASS": "gthread"}, id="worker-class-not-offered"),
        pytest.param({"REQUEST_READ_TIMEOUT": "0"}, id="no-read-deadline"),
        pytest.param({"SEND_TIMEOUT": "soon"}, id="send-deadline-not-a-number"),
        pytest.param({"KEEPALIVE": "-1"}, id="keepalive-negative"),
        pytest.param({"MAX_CONNECTIONS": "0"}, id="no-connections"),
    ],
)
def test_unusable_settings_stop_the_start(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    with pytest.raises(SystemExit, match=next(iter(env))):
        _gunicorn_settings(monkeypatch, **env)


@pytest.mark.parametrize(
    ("per_worker", "in_total", "workers", "expected"),
    [
        pytest.param(1000, 2000, 2, 1000, id="defaults-two-workers"),
        pytest.param(1000, 2000, 8, 250, id="total-cap-shared-by-eight-workers"),
        pytest.param(10, 1000, 2, 10, id="worker-cap-below-its-share"),
        pytest.param(500, 3, 4, 1, id="at-least-one-each"),
    ],
)
def test_connections_per_worker(per_worker: int, in_total: int, workers: int, expected: int) -> None:
    limits = {"WORKER_CONNECTIONS": per_worker, "MAX_CONNECTIONS": in_total}
    assert connections_per_worker(limits, workers) == expected
