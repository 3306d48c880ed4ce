"""Security: optional bearer keys, request IDs, response headers, no debug, no secrets, no article in logs."""

from __future__ import annotations

import hmac
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from serving import gunicorn

from service import article, create_app
from service.api import security
from service.config import ConfigError


@pytest.fixture(scope="module")
def client() -> Iterator[FlaskClient]:
    """One application for the whole module (the default settings; it keeps no state between requests)."""
    with create_app({"TESTING": True}).test_client() as test_client:
        yield test_client


ROOT = Path(__file__).resolve().parents[2]
KEY_A = "key-a-0123456789abcdef"
KEY_B = "key-b-fedcba9876543210"
GOOD = {"text": "The library reopened on Saturday after a long repair.", "published": "2025-04-17"}


@pytest.fixture
def locked(make_app: Any) -> FlaskClient:
    """A client of an application configured with two keys."""
    return make_app(API_KEYS=f"{KEY_A}, {KEY_B}").test_client()


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return json.loads(response.get_data(as_text=True))


# --- authentication ----------------------------------------------------------------------------------------


def test_without_keys_the_api_is_open(client: FlaskClient) -> None:
    assert client.post("/v1/timeline", json=GOOD).status_code == 200


@pytest.mark.parametrize("key", [KEY_A, KEY_B])
def test_a_configured_key_opens_the_api(locked: FlaskClient, key: str) -> None:
    response = locked.post("/v1/timeline", json=GOOD, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_the_scheme_name_is_case_insensitive(locked: FlaskClient) -> None:
    response = locked.post("/v1/timeline", json=GOOD, headers={"Authorization": f"bearer {KEY_A}"})
    assert response.status_code == 200


def test_missing_key_is_401_with_a_bearer_challenge(locked: FlaskClient) -> None:
    response = locked.post("/v1/timeline", json=GOOD)
    problem = _problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="news-timeline"'
    assert "Authorization: Bearer" in problem["detail"]
    assert problem["type"] == "about:blank" and problem["title"] == "Unauthorized"


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (f"Bearer {KEY_A}x", "invalid_token"),
        (f"Bearer {KEY_A[:-1]}", "invalid_token"),
        ("Bearer not-a-key-at-all-000000", "invalid_token"),
        ("Bearer é-non-ascii-ключ", "invalid_token"),
        (f"Basic {KEY_A}", "invalid_request"),
        ("Bearer ", "invalid_request"),
        (KEY_A, "invalid_request"),
    ],
    ids=["longer", "shorter", "unknown", "non-ascii", "basic-scheme", "empty-token", "no-scheme"],
)
def test_wrong_key_is_401(locked: FlaskClient, header: str, error: str) -> None:
    response = locked.post("/v1/timeline", json=GOOD, headers={"Authorization": header})
    problem = _problem(response, 401)
    assert response.headers["WWW-Authenticate"] == f'Bearer realm="news-timeline", error="{error}"'
    assert KEY_A not in json.dumps(problem) and KEY_B not in json.dumps(problem)


def test_unknown_api_path_needs_a_key_too(locked: FlaskClient) -> None:
    """No key, no hint about which /v1/ paths exist."""
    assert locked.get("/v1/nothing-here").status_code == 401
    assert locked.get("/v1/nothing-here", headers={"Authorization": f"Bearer {KEY_A}"}).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/healthz", "/readyz", "/openapi.json", "/openapi.yaml", "/docs", "/docs/static/swagger-ui-init.js"],
)
def test_probes_and_documentation_stay_open(locked: FlaskClient, path: str) -> None:
    with locked.get(path) as response:
        assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/metrics"])
def test_page_and_metrics_are_not_behind_the_keys(locked: FlaskClient, path: str) -> None:
    with locked.get(path) as response:
        assert response.status_code != 401


def test_every_key_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    digests = [security._digest(k.encode()) for k in (KEY_A, KEY_B, "key-c-0000000000000000")]
    assert security.key_matches(KEY_A, digests) is True
    assert len(calls) == 3, "every key is compared, even after a match"
    assert all(len(a) == len(b) == 32 for a, b in calls), "digests of equal length, not the raw keys"
    assert security.key_matches("nope", digests) is False


def test_keys_are_read_from_a_file(make_app: Any, tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"# newsroom CMS\n{KEY_A}\n\n   {KEY_B}   \n", encoding="utf-8")
    client = make_app(API_KEYS_FILE=str(keys)).test_client()
    assert client.post("/v1/timeline", json=GOOD).status_code == 401
    for key in (KEY_A, KEY_B):
        ok = client.post("/v1/timeline", json=GOOD, headers={"Authorization": f"Bearer {key}"})
        assert ok.status_code == 200
    assert (
        client.post("/v1/timeline", json=GOOD, headers={"Authorization": "Bearer # newsroom CMS"}).status_code
        == 401
    )


def test_keys_from_the_environment(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_KEYS", KEY_B)
    client = make_app().test_client()
    assert client.post("/v1/timeline", json=GOOD).status_code == 401
    assert (
        client.post("/v1/timeline", json=GOOD, headers={"Authorization": f"Bearer {KEY_B}"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"API_KEYS": "short"}, "API_KEYS: each key needs at least 16 characters"),
        ({"API_KEYS": "has spaces inside the key ok"}, "API_KEYS: a key may only hold"),
        ({"API_KEYS_FILE": "/nonexistent/keys.txt"}, "API_KEYS_FILE: cannot read"),
    ],
)
def test_unusable_keys_stop_the_start_up(make_app: Any, settings: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as raised:
        make_app(**settings)
    assert "short" not in str(raised.value) and "inside" not in str(raised.value), "never quote a key"


# --- request IDs -------------------------------------------------------------------------------------------


def test_a_request_id_is_generated(client: FlaskClient) -> None:
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert uuid.UUID(first).version == 4 and first != second


@pytest.mark.parametrize("sent", ["abc", "cms-2025-04-17/article:123+retry=1@edge", "x" * 128])
def test_a_sane_request_id_is_kept(client: FlaskClient, sent: str) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent


@pytest.mark.parametrize(
    "sent",
    ["x" * 129, "has space", "<script>", 'quote"d', "naïve", "semi;colon", "new\\nline"],
)
def test_an_insane_request_id_is_replaced(client: FlaskClient, sent: str) -> None:
    echoed = client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"]
    assert echoed != sent and uuid.UUID(echoed).version == 4


def _crash(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/nowhere", {}, 404),
        ("DELETE", "/v1/timeline", {}, 405),
        ("POST", "/v1/timeline", {"data": "x", "content_type": "text/plain"}, 415),
        ("POST", "/v1/timeline", {"data": "{", "content_type": "application/json"}, 400),
        ("POST", "/v1/timeline", {"json": {"text": ""}}, 422),
        ("POST", "/v1/timeline", {"json": GOOD, "crash": True}, 500),
    ],
)
def test_errors_carry_the_request_id(
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    status: int,
) -> None:
    if kwargs.pop("crash", False):
        monkeypatch.setattr(article, "extract", _crash)
    response = client.open(path, method=method, headers={"X-Request-ID": "trace-42"}, **kwargs)
    assert response.status_code == status
    assert response.headers["X-Request-ID"] == "trace-42"


def test_unauthorized_and_too_large_carry_the_request_id(make_app: Any) -> None:
    locked = make_app(API_KEYS=KEY_A).test_client()
    assert (
        locked.post("/v1/timeline", json=GOOD, headers={"X-Request-ID": "r1"}).headers["X-Request-ID"] == "r1"
    )
    small = make_app(MAX_CONTENT_LENGTH=10).test_client()
    response = small.post("/v1/timeline", json=GOOD, headers={"X-Request-ID": "r2"})
    assert response.status_code == 413 and response.headers["X-Request-ID"] == "r2"


# --- headers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/healthz", "/openapi.yaml", "/docs", "/nowhere"])
def test_every_answer_says_nosniff_and_has_a_csp(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_html_pages_get_a_strict_csp_without_inline_script(client: FlaskClient) -> None:
    csp = client.get("/docs").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp


def test_the_docs_page_has_no_inline_script_or_style(client: FlaskClient) -> None:
    html = client.get("/docs").get_data(as_text=True)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handler"
    assert "<style" not in html and " style=" not in html
    with client.get("/docs/static/swagger-ui-init.js") as init:  # closes the file it streams
        assert init.status_code == 200 and "javascript" in init.mimetype
        assert "SwaggerUIBundle" in init.get_data(as_text=True)
    config = re.search(r'data-config="([^"]*)"', html)
    assert config and json.loads(config.group(1).replace("&#34;", '"')) == {
        "deepLinking": True,
        "tryItOutEnabled": True,
    }


def test_api_answers_are_not_to_be_cached(client: FlaskClient) -> None:
    """They quote the article, which may be under embargo."""
    assert client.post("/v1/timeline", json=GOOD).headers["Cache-Control"] == "no-store"


def test_the_app_sends_no_server_header_of_its_own(client: FlaskClient) -> None:
    assert "Server" not in client.get("/healthz").headers


# --- production settings: no debug, no secrets in the image ------------------------------------------------


def test_debug_mode_is_never_taken_from_the_environment(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = make_app()
    assert app.debug is False


def test_gunicorn_does_not_reload_or_log_at_debug_level(monkeypatch: pytest.MonkeyPatch) -> None:
    import runpy

    monkeypatch.delenv("LOG_LEVEL", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert not settings.get("reload") and settings["loglevel"] == "info"


def test_the_image_runs_as_non_root_and_bakes_in_no_secret() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    last_stage = dockerfile.rsplit("\nFROM ", 1)[1]
    users = re.findall(r"^USER\s+(\S+)", last_stage, flags=re.M)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert not re.search(r"^(ENV|ARG)\b.*(KEY|SECRET|TOKEN|PASSWORD)", dockerfile, flags=re.M | re.I)
    copied = re.findall(r"^COPY\s+(?!--from)(.+?)\s+\S+$", dockerfile, flags=re.M)
    sources = [name for c in copied for name in c.split()]
    allowed = {"pyproject.toml", "README.md", "setup.py", "service", "gunicorn.conf.py"}
    assert copied and set(sources) <= allowed
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", "*.pem", "*.key", "secrets"} <= ignored


# --- end to end: gunicorn with keys and a tiny time limit ---------------------------------------------------

SECRET_ARTICLE = (
    "The harbour master of Quillby resigned on Monday. The ferry contract will be signed next week. "
) * 200


def _call(url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, json.load(error)


def test_gunicorn_end_to_end(tmp_path: Path) -> None:
    """Keys from the environment, the time limit inside a real sync worker, headers and the access log."""
    env = {"API_KEYS": KEY_A, "REQUEST_TIME_LIMIT_MS": "1"}
    with gunicorn(tmp_path, env=env, workers=1) as server:
        status, headers, problem = _call(f"{server.url}/v1/timeline", GOOD)
        assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")

        auth = {"Authorization": f"Bearer {KEY_A}", "X-Request-ID": "e2e-time-limit"}
        status, headers, problem = _call(f"{server.url}/v1/timeline", {**GOOD, "text": SECRET_ARTICLE}, auth)
        assert status == 503, problem
        assert problem["type"] == "tag:news-timeline,2025:problems/time-limit"
        assert headers["Retry-After"] == "1" and headers["X-Request-ID"] == "e2e-time-limit"
        assert headers["Server"] == "gunicorn", "no version, nothing of ours"

        # The same worker lives on and answers.
        status, headers, _ = _call(f"{server.url}/healthz")
        assert status == 200
        deadline = time.monotonic() + 10
        while "e2e-time-limit" not in server.stdout.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        logs = server.stdout.read_text() + server.stderr.read_text()
    assert logs.count("Booting worker") == 1, "the worker was not replaced"
    assert "WORKER TIMEOUT" not in logs
    record = next(
        json.loads(line) for line in server.stdout.read_text().splitlines() if "e2e-time-limit" in line
    )
    assert record["request_id"] == "e2e-time-limit" and record["status"] == 503
    assert record["request_bytes"] > len(SECRET_ARTICLE) and record["duration_ms"] > 0
    assert "Quillby" not in logs and "harbour" not in logs, "article text must never reach the logs"
    assert KEY_A not in logs, "keys must never reach the logs"
