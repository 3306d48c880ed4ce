"""Every error comes back as RFC 9457 problem+json: precise, and without internals."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service import article
from service.core import UnsupportedLanguageError

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance"}
GOOD = {"text": "The library reopened on Saturday after a long repair.", "published": "2025-04-17"}


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    """Check the RFC 9457 shape and return the parsed problem."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    problem = json.loads(response.get_data(as_text=True))
    assert PROBLEM_MEMBERS <= set(problem), problem
    assert problem["status"] == status
    assert problem["type"] and problem["title"] and problem["detail"]
    assert "Traceback" not in response.get_data(as_text=True)
    return problem


@pytest.mark.parametrize(
    ("body", "why"),
    [
        pytest.param('{"text": "Rain.", "published": "2025-04-17"', "Expecting", id="unterminated-object"),
        pytest.param("{'text': 'Rain.'}", "Expecting property name", id="single-quotes"),
        pytest.param('{"text": "Rain.",}', "Expecting property name", id="trailing-comma"),
        pytest.param("", "empty", id="empty-body"),
        pytest.param("   \n", "empty", id="whitespace-body"),
        pytest.param(b'{"text": "\xff\xfe"}', "decoding", id="not-utf-8"),
        pytest.param("[" * 100_000 + "]" * 100_000, "nested too deeply", id="nested-too-deeply"),
    ],
)
def test_malformed_json_is_400(client: FlaskClient, body: str | bytes, why: str) -> None:
    response = client.post("/v1/timeline", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["type"] == "tag:news-timeline,2025:problems/malformed-json"
    assert why in problem["detail"]


@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("text/plain", id="text-plain"),
        pytest.param("application/x-www-form-urlencoded", id="form"),
        pytest.param("multipart/form-data; boundary=x", id="multipart"),
        pytest.param(None, id="no-content-type"),
    ],
)
def test_body_not_sent_as_json_is_415(client: FlaskClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/v1/timeline", data=json.dumps(GOOD), headers=headers)
    problem = assert_problem(response, 415)
    assert "application/json" in problem["detail"]


def test_body_over_the_configured_limit_is_413(make_app: Any) -> None:
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    response = client.post("/v1/timeline", json={**GOOD, "text": "word " * 1000})
    problem = assert_problem(response, 413)
    assert "1024 bytes" in problem["detail"]


def test_body_over_the_default_limit_of_5_mib_is_413(client: FlaskClient) -> None:
    response = client.post("/v1/timeline", json={**GOOD, "text": "x" * (5 * 1024 * 1024)})
    assert_problem(response, 413)


INVALID = [
    ({"published": "2025-04-17"}, "text", "Required"),
    ({"text": "", "published": "2025-04-17"}, "text", "empty"),
    ({"text": " \n\t ", "published": "2025-04-17"}, "text", "whitespace-only"),
    ({"text": None, "published": "2025-04-17"}, "text", "not null"),
    ({"text": 42, "published": "2025-04-17"}, "text", "string"),
    ({"text": ["Rain."], "published": "2025-04-17"}, "text", "string"),
    ({"text": "Rain."}, "published", "Required"),
    ({"text": "Rain.", "published": None}, "published", "not null"),
    ({"text": "Rain.", "published": 20250417}, "published", "ISO 8601"),
    ({"text": "Rain.", "published": "17/04/2025"}, "published", "YYYY-MM-DD"),
    ({"text": "Rain.", "published": "April 17, 2025"}, "published", "YYYY-MM-DD"),
    ({"text": "Rain.", "published": "2025-04-17T09:30:00"}, "published", "UTC offset"),
    ({"text": "Rain.", "published": "2025-02-30"}, "published", "real calendar date"),
    ({"text": "Rain.", "published": "0000-01-01"}, "published", "0001 to 9999"),
    ({"text": "Rain.", "published": "2025-04-17T25:00:00Z"}, "published", "real calendar date"),
    ({"text": "Rain.", "published": "2025-04-17T09:30:00+2"}, "published", "ISO 8601"),
    ({"text": "Rain.", "published": "2025-W16-4"}, "published", "YYYY-MM-DD"),
    ({**GOOD, "language": "xx"}, "language", "supported: en"),
    ({**GOOD, "language": 7}, "language", "supported: en"),
    ({**GOOD, "id": "x" * 257}, "id", "256"),
    ({**GOOD, "id": 12}, "id", "string"),
    ({**GOOD, "publised": "2025-04-17"}, "publised", "Unknown field"),
]
INVALID_IDS = [
    "text-missing",
    "text-empty",
    "text-whitespace",
    "text-null",
    "text-number",
    "text-list",
    "published-missing",
    "published-null",
    "published-number",
    "published-day-first",
    "published-in-words",
    "published-naive-date-time",
    "published-february-30",
    "published-year-zero",
    "published-hour-25",
    "published-short-offset",
    "published-week-date",
    "language-unsupported",
    "language-number",
    "id-too-long",
    "id-number",
    "unknown-field",
]


@pytest.mark.parametrize(("body", "field", "message"), INVALID, ids=INVALID_IDS)
def test_invalid_field_is_422_naming_the_field(
    client: FlaskClient, body: dict[str, Any], field: str, message: str
) -> None:
    problem = assert_problem(client.post("/v1/timeline", json=body), 422)
    assert problem["type"] == "tag:news-timeline,2025:problems/validation-error"
    assert list(problem["errors"]) == [field], problem
    assert any(message in text for text in problem["errors"][field]), problem["errors"]
    assert field in problem["detail"]


@pytest.mark.parametrize(
    "body",
    [pytest.param([GOOD], id="array"), pytest.param("Rain.", id="string"), pytest.param(None, id="null")],
)
def test_body_that_is_not_an_object_is_422(client: FlaskClient, body: Any) -> None:
    response = client.post("/v1/timeline", data=json.dumps(body), content_type="application/json")
    problem = assert_problem(response, 422)
    assert problem["errors"] == {"_schema": ["The request body must be a JSON object."]}


def test_every_invalid_field_is_reported_at_once(client: FlaskClient) -> None:
    problem = assert_problem(client.post("/v1/timeline", json={"text": "", "language": "xx"}), 422)
    assert set(problem["errors"]) == {"text", "published", "language"}
    assert problem["detail"].startswith("3 fields are invalid")


def test_text_over_the_configured_limit_is_422_with_the_limit(make_app: Any) -> None:
    client = make_app(MAX_TEXT_LENGTH=100).test_client()
    problem = assert_problem(client.post("/v1/timeline", json={**GOOD, "text": "é" * 101}), 422)
    assert problem["errors"] == {"text": ["Too long: 101 characters; the limit is 100 characters."]}


def test_unsupported_language_from_the_core_is_422(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise UnsupportedLanguageError("en")

    monkeypatch.setattr(article, "extract", refuse)
    problem = assert_problem(client.post("/v1/timeline", json=GOOD), 422)
    assert list(problem["errors"]) == ["language"]


@pytest.mark.parametrize(
    "path", ["/index.html", "/v1", "/v2/timeline", "/v1/timeline/extra", "/docs/assets/nothing.js"]
)
def test_unknown_path_is_404(client: FlaskClient, path: str) -> None:
    problem = assert_problem(client.get(path), 404)
    assert problem["type"] == "about:blank"
    assert problem["title"] == "Not Found"
    assert problem["instance"] == path


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        pytest.param("GET", "/v1/timeline", "POST", id="get-timeline"),
        pytest.param("PUT", "/v1/timeline", "POST", id="put-timeline"),
        pytest.param("DELETE", "/v1/timeline", "POST", id="delete-timeline"),
        pytest.param("POST", "/healthz", "GET", id="post-healthz"),
        pytest.param("POST", "/openapi.yaml", "GET", id="post-spec"),
    ],
)
def test_wrong_method_is_405_with_allow_header(
    client: FlaskClient, method: str, path: str, allowed: str
) -> None:
    response = client.open(path, method=method, json=GOOD)
    problem = assert_problem(response, 405)
    assert allowed in response.headers["Allow"]
    for allowed_method in response.headers["Allow"].split(", "):
        assert allowed_method in problem["detail"].split("Allowed: ")[1]


def test_unexpected_failure_is_500_without_internals(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "The harbour master resigned over the ferry contract"

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(f"cannot parse {secret!r} at /srv/service/core/grammar.py")

    monkeypatch.setattr(article, "extract", crash)
    with caplog.at_level(logging.ERROR, logger="service.errors"):
        response = client.post("/v1/timeline", json={**GOOD, "text": secret})
    problem = assert_problem(response, 500)
    body = response.get_data(as_text=True)
    for leak in (secret, "RuntimeError", "grammar.py", "File "):
        assert leak not in body
    assert problem["type"] == "about:blank"
    # The failure is logged with where it happened, but not its message: that could quote the article.
    assert "RuntimeError" in caplog.text and "crash" in caplog.text
    assert secret not in caplog.text


def test_not_ready_is_503(client: FlaskClient, app: Any) -> None:
    app.config["news_timeline_ready"] = False
    problem = assert_problem(client.get("/readyz"), 503)
    assert "starting" in problem["detail"]


def test_liveness_does_not_depend_on_readiness(client: FlaskClient, app: Any) -> None:
    app.config["news_timeline_ready"] = False
    assert client.get("/healthz").status_code == 200
