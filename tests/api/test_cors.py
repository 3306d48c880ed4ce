"""CORS: the origins of CORS_ORIGINS may call /v1/ from a browser page; every other origin gets nothing."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient

from service import article, metrics
from service.accesslog import CORS_ENVIRON_KEY, ORIGIN_ENVIRON_KEY, access_record
from service.api import cors, security
from service.config import ConfigError
from service.limits import TimeLimitExceeded

CMS = "https://cms.example.org"
DESK = "http://127.0.0.1:3000"
ORIGINS = f"{CMS}, {DESK}"
KEY = "cms-proxy-key-0123456789"
GOOD = {"text": "The bridge reopened on Monday after a month of repairs.", "published": "2025-04-17"}

ACAO = "Access-Control-Allow-Origin"
CORS_HEADERS = (
    ACAO,
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Expose-Headers",
    "Access-Control-Allow-Credentials",
)


def _preflight(
    origin: str, method: str = "POST", headers: str = "content-type, authorization"
) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


def _cors_headers(response: Any) -> dict[str, str]:
    return {name: response.headers[name] for name in CORS_HEADERS if name in response.headers}


# --- the setting -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "origins"),
    [
        pytest.param("", (), id="empty-means-no-cross-origin-access"),
        pytest.param(" , ", (), id="only-separators-means-none"),
        pytest.param(CMS, (CMS,), id="one-origin"),
        pytest.param(f" {CMS} ,{DESK}, ", (CMS, DESK), id="list-with-spaces"),
        pytest.param("HTTPS://CMS.Example.ORG", (CMS,), id="scheme-and-host-lowercased"),
        pytest.param("https://cms.example.org:443", (CMS,), id="default-https-port-dropped"),
        pytest.param(
            "http://cms.example.org:80", ("http://cms.example.org",), id="default-http-port-dropped"
        ),
        pytest.param("https://cms.example.org:8443", ("https://cms.example.org:8443",), id="other-port-kept"),
        pytest.param("http://[::1]:3000", ("http://[::1]:3000",), id="ipv6-host"),
        pytest.param(f"{CMS},{CMS}", (CMS,), id="duplicates-collapsed"),
        pytest.param("*", ("*",), id="wildcard"),
        pytest.param(" * ", ("*",), id="wildcard-with-spaces"),
    ],
)
def test_origins_setting_is_parsed(raw: str, origins: tuple[str, ...]) -> None:
    assert cors.parse_origins(raw) == origins


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param("https://cms.example.org/", "no trailing slash", id="trailing-slash-never-matches"),
        pytest.param("https://cms.example.org/editor", "no path", id="path-is-not-an-origin"),
        pytest.param("cms.example.org", "scheme://host", id="no-scheme"),
        pytest.param("ftp://cms.example.org", "http or https", id="other-scheme"),
        pytest.param("null", "not an origin", id="null-origin-of-sandboxed-pages-refused"),
        pytest.param("https://*.example.org", "not an origin", id="no-subdomain-wildcards"),
        pytest.param(f"*, {CMS}", "cannot be listed with others", id="wildcard-among-origins"),
        pytest.param("https://cms.example.org?a=1", "not an origin", id="query-is-not-an-origin"),
    ],
)
def test_unusable_origins_stop_the_start_up(make_app: Any, raw: str, message: str) -> None:
    with pytest.raises(ConfigError, match=f"CORS_ORIGINS: .*{message}"):
        make_app(CORS_ORIGINS=raw)


def test_origins_come_from_the_environment(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", CMS)
    response = make_app().test_client().options("/v1/timeline", headers=_preflight(CMS))
    assert response.headers.get(ACAO) == CMS


# --- preflights --------------------------------------------------------------------------------------------

ALLOWED_PREFLIGHT = {
    ACAO: CMS,
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "authorization, content-type, x-request-id",
    "Access-Control-Max-Age": "600",
    "Access-Control-Expose-Headers": "Retry-After, X-Request-ID",
}


@pytest.mark.parametrize(
    ("settings", "path", "headers", "expected"),
    [
        pytest.param(
            {"CORS_ORIGINS": ORIGINS},
            "/v1/timeline",
            _preflight(CMS, headers="content-type, authorization, x-request-id"),
            ALLOWED_PREFLIGHT,
            id="allowed-origin-gets-methods-headers-max-age",
        ),
        pytest.param(
            {"CORS_ORIGINS": ORIGINS},
            "/v1/timelines:batch",
            _preflight(DESK, headers="Content-Type"),
            {**ALLOWED_PREFLIGHT, ACAO: DESK, "Access-Control-Allow-Headers": "Content-Type"},
            id="second-origin-of-the-list-and-the-batch-route",
        ),
        pytest.param(
            {"CORS_ORIGINS": ORIGINS, "API_KEYS": KEY},
            "/v1/timeline",
            _preflight(CMS, headers="content-type, authorization, x-request-id"),
            ALLOWED_PREFLIGHT,
            id="preflight-needs-no-key-when-keys-are-configured",
        ),
        pytest.param(
            {"CORS_ORIGINS": ORIGINS},
            "/v1/timeline",
            _preflight("HTTPS://CMS.EXAMPLE.ORG"),
            {
                **ALLOWED_PREFLIGHT,
                ACAO: "HTTPS://CMS.EXAMPLE.ORG",
                "Access-Control-Allow-Headers": "authorization, content-type",
            },
            id="origin-case-does-not-matter",
        ),
        pytest.param(
            {"CORS_ORIGINS": ORIGINS},
            "/v1/timeline",
            _preflight(CMS, headers="content-type, x-cms-draft"),
            {**ALLOWED_PREFLIGHT, "Access-Control-Allow-Headers": "content-type"},
            id="unknown-request-header-left-out-so-the-browser-refuses",
        ),
        pytest.param(
            {"CORS_ORIGINS": ORIGINS},
            "/v1/timeline",
            _preflight(CMS, method="DELETE"),
            {ACAO: CMS, "Access-Control-Expose-Headers": "Retry-After, X-Request-ID"},
            id="unused-method-gets-no-allow-methods",
        ),
        pytest.param(
            {"CORS_ORIGINS": "*"},
            "/v1/timeline",
            _preflight("https://anything.example.net", headers="content-type, authorization, x-request-id"),
            {**ALLOWED_PREFLIGHT, ACAO: "*"},
            id="wildcard-answers-star",
        ),
        pytest.param({}, "/v1/timeline", _preflight(CMS), {}, id="default-no-origin-allowed"),
        pytest.param({"CORS_ORIGINS": ORIGINS}, "/", _preflight(CMS), {}, id="only-the-api-is-cross-origin"),
    ],
)
def test_preflight(
    make_app: Any, settings: dict[str, str], path: str, headers: dict[str, str], expected: dict[str, str]
) -> None:
    response = make_app(**settings).test_client().options(path, headers=headers)
    assert response.status_code == 204
    assert response.get_data() == b""
    assert _cors_headers(response) == expected
    # Whatever the origin, the security headers stay; the answer has no content, so no type either.
    assert "Content-Type" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] in (security.API_CSP, security.PAGE_CSP)


@pytest.mark.parametrize(
    "origin",
    [
        pytest.param("https://evil.example.org", id="unlisted-origin"),
        pytest.param("http://cms.example.org", id="other-scheme-is-another-origin"),
        pytest.param("https://cms.example.org:8443", id="other-port-is-another-origin"),
        pytest.param("https://cms.example.org.evil.test", id="allowed-origin-as-prefix"),
        pytest.param("https://x.cms.example.org", id="subdomain-of-an-allowed-origin"),
        pytest.param("https://cms.example.org/", id="origin-with-a-slash"),
        pytest.param("null", id="null-origin-of-a-sandboxed-page"),
    ],
)
def test_preflight_of_another_origin_gets_no_cors_header(make_app: Any, origin: str) -> None:
    response = (
        make_app(CORS_ORIGINS=ORIGINS).test_client().options("/v1/timeline", headers=_preflight(origin))
    )
    assert response.status_code == 204
    assert _cors_headers(response) == {}


def test_preflight_varies_by_origin_for_a_list_not_for_the_wildcard(make_app: Any) -> None:
    listed = make_app(CORS_ORIGINS=CMS).test_client()
    assert "Origin" in listed.options("/v1/timeline", headers=_preflight(CMS)).vary
    assert "Origin" in listed.options("/v1/timeline", headers=_preflight("https://evil.example.org")).vary
    anyone = make_app(CORS_ORIGINS="*").test_client()
    assert "Origin" not in anyone.options("/v1/timeline", headers=_preflight(CMS)).vary


def test_preflight_is_counted_as_a_204_not_an_error(make_app: Any) -> None:
    labels = {"method": "OPTIONS", "route": "/v1/timeline"}
    before = {
        status: metrics.registry().get_sample_value(
            "timeline_http_requests_total", {**labels, "status": status}
        )
        or 0.0
        for status in ("204", "401")
    }
    client = make_app(CORS_ORIGINS=CMS, API_KEYS=KEY).test_client()
    client.options("/v1/timeline", headers=_preflight(CMS))
    after = {
        status: metrics.registry().get_sample_value(
            "timeline_http_requests_total", {**labels, "status": status}
        )
        or 0.0
        for status in ("204", "401")
    }
    assert after == {"204": before["204"] + 1, "401": before["401"]}


# --- requests: allowed answers carry the CORS headers, errors included -------------------------------------


def _crash(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("boom")


def _too_slow(*args: Any, **kwargs: Any) -> None:
    raise TimeLimitExceeded(5)


@pytest.mark.parametrize(
    ("settings", "method", "path", "request_kwargs", "status"),
    [
        pytest.param({}, "POST", "/v1/timeline", {"json": GOOD}, 200, id="answer"),
        pytest.param(
            {"API_KEYS": KEY},
            "POST",
            "/v1/timeline",
            {"json": GOOD, "headers": {"Authorization": f"Bearer {KEY}"}},
            200,
            id="key-works-cross-origin",
        ),
        pytest.param(
            {"API_KEYS": KEY}, "POST", "/v1/timeline", {"json": GOOD}, 401, id="401-without-key-readable"
        ),
        pytest.param(
            {"API_KEYS": KEY},
            "POST",
            "/v1/timeline",
            {"json": GOOD, "headers": {"Authorization": "Bearer wrong-key-0123456789"}},
            401,
            id="401-wrong-key-readable",
        ),
        pytest.param({}, "POST", "/v1/timeline", {"json": {"text": ""}}, 422, id="422-readable"),
        pytest.param(
            {}, "POST", "/v1/timeline", {"data": "plain", "content_type": "text/plain"}, 415, id="415"
        ),
        pytest.param(
            {"MAX_CONTENT_LENGTH": 100},
            "POST",
            "/v1/timeline",
            {"json": {**GOOD, "text": "x" * 200}},
            413,
            id="413",
        ),
        pytest.param({}, "GET", "/v1/timeline", {}, 405, id="405-wrong-method"),
        pytest.param({}, "POST", "/v1/no-such-thing", {"json": GOOD}, 404, id="404-under-v1"),
        pytest.param({}, "POST", "/v1/timelines:batch", {"json": {"items": []}}, 422, id="batch-422"),
    ],
)
def test_allowed_origin_can_read_answers_and_problems(
    make_app: Any,
    settings: dict[str, Any],
    method: str,
    path: str,
    request_kwargs: dict[str, Any],
    status: int,
) -> None:
    client = make_app(CORS_ORIGINS=ORIGINS, **settings).test_client()
    headers = {"Origin": CMS, "X-Request-ID": "cms-draft-42", **request_kwargs.pop("headers", {})}
    response = client.open(path, method=method, headers=headers, **request_kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    if status >= 400:
        assert response.mimetype == "application/problem+json"
    assert response.headers[ACAO] == CMS
    assert "X-Request-ID" in response.headers["Access-Control-Expose-Headers"].split(", ")
    assert response.headers["X-Request-ID"] == "cms-draft-42"
    assert "Access-Control-Allow-Credentials" not in response.headers  # keys, never cookies
    assert "Origin" in response.vary
    # The security headers are as strict as for any other caller.
    assert response.headers["Content-Security-Policy"] == security.API_CSP
    assert response.headers["Cache-Control"] == "no-store"
    assert (response.headers["X-Content-Type-Options"], response.headers["Referrer-Policy"]) == (
        "nosniff",
        "no-referrer",
    )


@pytest.mark.parametrize(
    ("failure", "status"),
    [pytest.param(_crash, 500, id="500-unexpected"), pytest.param(_too_slow, 503, id="503-time-limit")],
)
def test_allowed_origin_can_read_server_failures(
    make_app: Any, monkeypatch: pytest.MonkeyPatch, failure: Any, status: int
) -> None:
    monkeypatch.setattr(article, "extract", failure)
    response = (
        make_app(CORS_ORIGINS=CMS).test_client().post("/v1/timeline", json=GOOD, headers={"Origin": CMS})
    )
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.headers[ACAO] == CMS
    if status == 503:
        assert "Retry-After" in response.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize(
    ("settings", "path", "origin"),
    [
        pytest.param({}, "/v1/timeline", CMS, id="default-setting-allows-no-origin"),
        pytest.param(
            {"CORS_ORIGINS": ORIGINS}, "/v1/timeline", "https://evil.example.org", id="unlisted-origin"
        ),
        pytest.param(
            {"CORS_ORIGINS": ORIGINS}, "/v1/timeline", None, id="no-origin-server-to-server-gets-none"
        ),
        pytest.param({"CORS_ORIGINS": ORIGINS}, "/healthz", CMS, id="probes-are-not-cross-origin"),
        pytest.param({"CORS_ORIGINS": "*"}, "/openapi.json", CMS, id="wildcard-covers-the-api-only"),
    ],
)
def test_no_cors_headers_unless_allowed(
    make_app: Any, settings: dict[str, str], path: str, origin: str | None
) -> None:
    client = make_app(**settings).test_client()
    headers = {"Origin": origin} if origin else {}
    response = client.open(
        path, method="POST" if path.startswith("/v1/") else "GET", json=GOOD, headers=headers
    )
    assert response.status_code == 200
    assert _cors_headers(response) == {}


def test_wildcard_answers_any_origin_with_a_key(make_app: Any) -> None:
    client = make_app(CORS_ORIGINS="*", API_KEYS=KEY).test_client()
    headers = {"Origin": "https://intranet.example.net", "Authorization": f"Bearer {KEY}"}
    response = client.post("/v1/timeline", json=GOOD, headers=headers)
    assert response.status_code == 200
    assert response.headers[ACAO] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


# --- what is logged ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "headers", "logged"),
    [
        pytest.param(
            {"CORS_ORIGINS": CMS}, {"Origin": "https://evil.example.org"}, True, id="unlisted-origin-logged"
        ),
        pytest.param({}, {"Origin": CMS}, True, id="any-origin-logged-when-none-allowed"),
        pytest.param({"CORS_ORIGINS": CMS}, {"Origin": CMS}, False, id="allowed-origin-not-logged"),
        pytest.param({}, {}, False, id="server-to-server-not-logged"),
        pytest.param({}, {"Origin": "http://localhost"}, False, id="same-host-page-not-logged"),
        pytest.param(
            {},
            {"Origin": "https://timeline.example.org", "Sec-Fetch-Site": "same-origin"},
            False,
            id="same-origin-behind-a-proxy-not-logged",
        ),
        pytest.param(
            {}, {"Origin": "https://[broken"}, True, id="origin-that-is-not-a-url-logged-not-crashing"
        ),
    ],
)
def test_refused_origins_are_logged(
    make_app: Any,
    caplog: pytest.LogCaptureFixture,
    settings: dict[str, str],
    headers: dict[str, str],
    logged: bool,
) -> None:
    client = make_app(**settings).test_client()
    with caplog.at_level(logging.INFO, logger="service.cors"):
        client.post("/v1/timeline", json=GOOD, headers=headers)
    records = [r for r in caplog.records if r.name == "service.cors"]
    if logged:
        assert len(records) == 1 and records[0].levelno == logging.WARNING
        assert repr(headers["Origin"]) in records[0].getMessage()
        assert "CORS_ORIGINS" in records[0].getMessage()
        assert GOOD["text"] not in caplog.text
    else:
        assert records == []


@pytest.mark.parametrize(
    ("environ", "fields"),
    [
        pytest.param(
            {ORIGIN_ENVIRON_KEY: "https://evil.example.org", CORS_ENVIRON_KEY: "refused"},
            {"origin": "https://evil.example.org", "cors": "refused"},
            id="refused-origin-in-the-access-log",
        ),
        pytest.param(
            {ORIGIN_ENVIRON_KEY: CMS, CORS_ENVIRON_KEY: "allowed"},
            {"origin": CMS, "cors": "allowed"},
            id="allowed-origin-in-the-access-log",
        ),
        pytest.param({}, {}, id="same-origin-or-server-call-adds-nothing"),
    ],
)
def test_access_log_says_what_cors_decided(environ: dict[str, str], fields: dict[str, str]) -> None:
    base = {"REQUEST_METHOD": "POST", "PATH_INFO": "/v1/timeline"}
    record = access_record(SimpleNamespace(status=200, sent=10), None, {**base, **environ}, dt.timedelta(0))
    assert {k: record[k] for k in ("origin", "cors") if k in record} == fields


def test_the_decision_reaches_the_access_log(make_app: Any) -> None:
    app = make_app(CORS_ORIGINS=CMS)
    seen: list[dict[str, Any]] = []

    @app.teardown_request
    def keep(_: BaseException | None) -> None:
        from flask import request

        seen.append({k: request.environ.get(k) for k in (ORIGIN_ENVIRON_KEY, CORS_ENVIRON_KEY)})

    client: FlaskClient = app.test_client()
    client.post("/v1/timeline", json=GOOD, headers={"Origin": CMS})
    client.options("/v1/timeline", headers=_preflight("https://evil.example.org"))
    client.post("/v1/timeline", json=GOOD)
    assert seen == [
        {ORIGIN_ENVIRON_KEY: CMS, CORS_ENVIRON_KEY: "allowed"},
        {ORIGIN_ENVIRON_KEY: "https://evil.example.org", CORS_ENVIRON_KEY: "refused"},
        {ORIGIN_ENVIRON_KEY: None, CORS_ENVIRON_KEY: None},
    ]


def test_refused_origin_log_line_holds_no_raw_caller_text(
    make_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_app(CORS_ORIGINS=CMS).test_client()
    # A terminal escape (headers cannot hold a newline) and a long tail; a path of the caller's own.
    forged = "https://evil.example.org\x1b[2J" + "x" * 500
    with caplog.at_level(logging.INFO, logger="service.cors"):
        client.post("/v1/no-such-route-%5Bforged%5D", json=GOOD, headers={"Origin": forged})
    [record] = [r for r in caplog.records if r.name == "service.cors"]
    message = record.getMessage()
    assert "\x1b" not in message and "\\x1b[2J" in message  # quoted, not written raw
    assert "<unmatched>" in message and "forged" not in message  # the URL rule, not the path
    assert len(message) < cors.MAX_LOGGED_ORIGIN + 100
