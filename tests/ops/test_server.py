"""The real server: gunicorn with gunicorn.conf.py, end to end on a free local port; and its settings."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import runpy
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from serving import CONF, Server, gunicorn

from service.accesslog import access_record

ARTICLE = (
    "The Brockley ferry resumed service on Wednesday after a two-week strike. "
    "The operator said fares will rise in June, and a new timetable starts next year."
)


def _request(
    url: str, body: bytes | None = None, content_type: str = "application/json"
) -> tuple[int, str, Any]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_content_type(), json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), json.load(error)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with gunicorn(tmp_path_factory.mktemp("gunicorn"), workers=2) as running:
        yield running


def test_server_answers_an_article(server: Server) -> None:
    body = json.dumps({"id": "ferry-7", "text": ARTICLE, "published": "2025-04-17T08:00:00+01:00"}).encode()
    status, content_type, answer = _request(f"{server.url}/v1/timeline", body)
    assert (status, content_type) == (200, "application/json")
    assert answer["id"] == "ferry-7"
    assert answer["published"] == "2025-04-17T08:00:00+01:00"
    for timex in answer["timexes"]:
        assert ARTICLE[timex["start"] : timex["end"]] == timex["text"]


def test_server_answers_errors_as_problems(server: Server) -> None:
    status, content_type, problem = _request(f"{server.url}/v1/timeline", b'{"text": ', "application/json")
    assert (status, content_type, problem["status"]) == (400, "application/problem+json", 400)
    status, content_type, problem = _request(f"{server.url}/v1/timeline", b"text=1", "text/plain")
    assert (status, content_type, problem["status"]) == (415, "application/problem+json", 415)
    status, content_type, problem = _request(f"{server.url}/nowhere")
    assert (status, content_type, problem["status"]) == (404, "application/problem+json", 404)


def test_server_rejects_a_body_over_the_limit(server: Server) -> None:
    # Announce a 6 MiB body and send none of it: the answer must come from the Content-Length alone.
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("POST", "/v1/timeline")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(6 * 1024 * 1024))
        connection.endheaders()
        response = connection.getresponse()
        problem = json.loads(response.read())
    finally:
        connection.close()
    assert (response.status, response.getheader("Content-Type"), problem["status"]) == (
        413,
        "application/problem+json",
        413,
    )


def test_access_log_is_one_json_line_per_request_without_the_body(server: Server) -> None:
    body = json.dumps({"text": ARTICLE, "published": "2025-04-17"}).encode()
    assert _request(f"{server.url}/v1/timeline", body)[0] == 200
    deadline = time.monotonic() + 10
    while True:  # the worker writes the line just after answering
        lines = [json.loads(line) for line in server.stdout.read_text().splitlines() if line.strip()]
        ours = [
            line for line in lines if line["path"] == "/v1/timeline" and line["request_bytes"] == len(body)
        ]
        if ours or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert ours, lines
    record = ours[-1]
    assert set(record) == {
        "time",
        "method",
        "path",
        "status",
        "duration_ms",
        "request_bytes",
        "response_bytes",
        "remote_addr",
        "user_agent",
        "request_id",
        "route",
    }
    assert (record["method"], record["status"]) == ("POST", 200)
    assert record["route"] == "/v1/timeline"  # the URL rule, never the raw path
    assert record["response_bytes"] > 0
    assert record["duration_ms"] >= 0
    logs = server.stdout.read_text() + server.stderr.read_text()
    assert "Brockley" not in logs, "article text must never reach the logs"


# --- gunicorn.conf.py ---------------------------------------------------------------------------------------


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "TIMEOUT", "MAX_REQUESTS", "MAX_REQUESTS_JITTER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_gunicorn_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(monkeypatch)
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert settings["workers"] == len(os.sched_getaffinity(0))
    assert settings["wsgi_app"] == "service.app:create_app()"
    assert settings["preload_app"] is True
    assert settings["timeout"] == 30
    assert settings["max_requests"] > 0 and settings["max_requests_jitter"] > 0
    assert settings["logger_class"] == "service.accesslog.JsonAccessLogger"
    assert settings["accesslog"] == "-"


def test_gunicorn_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(monkeypatch, HOST="0.0.0.0", PORT="9000", WEB_CONCURRENCY="3", TIMEOUT="60")
    assert settings["bind"] == ["0.0.0.0:9000"]
    assert (settings["workers"], settings["timeout"]) == (3, 60)


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"WEB_CONCURRENCY": "many"}, id="workers-not-a-number"),
        pytest.param({"WEB_CONCURRENCY": "0"}, id="no-workers"),
        pytest.param({"PORT": "http"}, id="port-not-a-number"),
    ],
)
def test_gunicorn_refuses_bad_settings(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    with pytest.raises(SystemExit, match=next(iter(env))):
        _settings(monkeypatch, **env)


def test_access_record_fields() -> None:
    response = SimpleNamespace(status="201 CREATED", sent=120)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/v1/timeline",
        "QUERY_STRING": "secret=1",
        "CONTENT_LENGTH": "345",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": "probe/1.0",
        "wsgi.input": "The body would be here",
    }
    record = access_record(response, None, environ, dt.timedelta(milliseconds=12.5))
    assert record["method"] == "POST" and record["path"] == "/v1/timeline" and record["status"] == 201
    assert (record["duration_ms"], record["request_bytes"], record["response_bytes"]) == (12.5, 345, 120)
    assert "secret" not in json.dumps(record) and "body" not in json.dumps(record)
