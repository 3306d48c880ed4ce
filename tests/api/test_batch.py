"""POST /v1/timelines:batch: one result or problem per item, in order, validated item by item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import article
from service.core import extract as real_extract
from service.limits import TimeLimitExceeded

URL = "/v1/timelines:batch"
FIRST = {
    "id": "buses",
    "text": "The council voted on Tuesday to extend the night buses.",
    "published": "2025-04-17",
}
SECOND = {"id": "fair", "text": "The fair opens next month, organisers said.", "published": "2025-04-17"}
THIRD = {"text": "Shops close early on Friday.", "published": "2025-04-17T09:30:00+02:00", "language": "en"}


def _single(client: FlaskClient, item: dict[str, Any]) -> Any:
    response = client.post("/v1/timeline", json=item)
    assert response.status_code == 200
    return response.get_json()


def test_each_result_is_the_single_answer_in_order(client: FlaskClient) -> None:
    response = client.post(URL, json={"items": [FIRST, SECOND, THIRD]})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    results = response.get_json()["results"]
    assert results == [_single(client, item) for item in (FIRST, SECOND, THIRD)]
    assert [r["id"] for r in results] == ["buses", "fair", None]


def test_invalid_items_get_a_problem_in_their_place(client: FlaskClient) -> None:
    items = [
        FIRST,
        {"id": "no-date", "text": "The mayor resigned."},
        {"id": "blank", "text": "   ", "published": "2025-13-01"},
        "not an object",
        {"id": "extra", "text": "x", "published": "2025-04-17", "author": "me"},
        {"id": "it", "text": "Il sindaco si è dimesso.", "published": "2025-04-17", "language": "it"},
        SECOND,
    ]
    response = client.post(URL, json={"items": items})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(items)
    assert results[0] == _single(client, FIRST) and results[6] == _single(client, SECOND)
    problems = {r["id"]: r["problem"] for r in results[1:6]}
    assert list(problems) == ["no-date", "blank", None, "extra", "it"]
    for problem in problems.values():
        assert problem["status"] == 422
        assert problem["type"] == "tag:news-timeline,2025:problems/validation-error"
        assert problem["title"] == "Invalid request"
        assert problem["detail"]
    assert set(problems["no-date"]["errors"]) == {"published"}
    assert set(problems["blank"]["errors"]) == {"text", "published"}
    assert problems[None]["errors"] == {"_schema": ["Each item must be a JSON object."]}
    assert problems["extra"]["errors"] == {"author": ["Unknown field."]}
    assert "Unsupported language 'it'" in problems["it"]["errors"]["language"][0]
    # The same messages as the single endpoint gives for the same body.
    single = client.post("/v1/timeline", json=items[1]).get_json()
    assert (
        single["errors"] == problems["no-date"]["errors"]
        and single["detail"] == problems["no-date"]["detail"]
    )


def test_text_limit_applies_to_each_item(make_app: Callable[..., Flask]) -> None:
    client = make_app(MAX_TEXT_LENGTH=40).test_client()
    long = {
        "id": "long",
        "text": "The council voted on Tuesday to extend the night buses.",
        "published": "2025-04-17",
    }
    short = {"id": "short", "text": "It rained on Monday.", "published": "2025-04-17"}
    results = client.post(URL, json={"items": [long, short]}).get_json()["results"]
    assert results[0]["problem"]["errors"]["text"] == ["Too long: 55 characters; the limit is 40 characters."]
    assert results[1]["id"] == "short" and "problem" not in results[1]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        pytest.param({}, "items", "Required: `items`, a list of articles.", id="no-items"),
        pytest.param({"items": []}, "items", "At least one item is needed.", id="empty"),
        pytest.param({"items": {"text": "x"}}, "items", "Must be a list of articles.", id="not-a-list"),
        pytest.param({"items": None}, "items", "Must be a list of articles, not null.", id="null"),
        pytest.param({"items": [FIRST], "extra": 1}, "extra", "Unknown field.", id="unknown-field"),
        pytest.param([FIRST], "_schema", "The request body must be a JSON object.", id="not-an-object"),
    ],
)
def test_a_malformed_batch_is_rejected_whole(
    client: FlaskClient, body: Any, field: str, message: str
) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["errors"][field] == [message]
    assert problem["instance"] == URL


def test_more_items_than_configured_is_a_422(make_app: Callable[..., Flask]) -> None:
    client = make_app(MAX_BATCH_ITEMS=2).test_client()
    assert client.post(URL, json={"items": [FIRST, SECOND]}).status_code == 200
    response = client.post(URL, json={"items": [FIRST, SECOND, THIRD]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["items"] == [
        "Too many items: 3; the limit is 2 per request. Split the batch."
    ]


def test_the_default_limit_is_fifty(app: Flask) -> None:
    assert app.config["MAX_BATCH_ITEMS"] == 50


def test_body_errors_are_the_usual_problems(client: FlaskClient) -> None:
    assert client.post(URL, data="items", content_type="text/plain").status_code == 415
    assert client.post(URL, data='{"items": [', content_type="application/json").status_code == 400
    assert client.get(URL).status_code == 405


def test_a_failure_on_one_item_costs_only_that_item(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def flaky(
        text: str, published: Any, language: str = "en", genre: str | None = None, events: str = "all"
    ) -> Any:
        if "fair" in text:
            raise RuntimeError(text)  # an exception whose message quotes the article
        return real_extract(text, published, language)

    monkeypatch.setattr(article, "extract", flaky)
    results = client.post(URL, json={"items": [FIRST, SECOND, THIRD]}).get_json()["results"]
    assert results[0] == _single(client, FIRST)
    assert results[1] == {
        "id": "fair",
        "problem": {
            "type": "about:blank",
            "title": "Internal Server Error",
            "status": 500,
            "detail": "The server could not process this item. The failure has been logged.",
        },
    }
    assert results[2] == _single(client, THIRD)
    assert "RuntimeError" in caplog.text and "organisers" not in caplog.text


def test_running_out_of_time_answers_what_is_done(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(
        text: str, published: Any, language: str = "en", genre: str | None = None, events: str = "all"
    ) -> Any:
        if "fair" in text:
            raise TimeLimitExceeded(5000)  # what the request's time limit raises, wherever it is
        return real_extract(text, published, language)

    monkeypatch.setattr(article, "extract", slow)
    response = client.post(URL, json={"items": [FIRST, SECOND, THIRD]})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results[0] == _single(client, FIRST)
    for result, expected_id in zip(results[1:], ["fair", None], strict=True):
        assert result["id"] == expected_id
        assert result["problem"]["status"] == 503
        assert result["problem"]["type"] == "tag:news-timeline,2025:problems/time-limit"
        assert "5000 ms" in result["problem"]["detail"]


def test_batch_is_documented(app: Flask) -> None:
    from service.api.docs import spec_dict

    spec = spec_dict(app)
    operation = spec["paths"]["/v1/timelines:batch"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BatchRequest"
    }
    schemas = spec["components"]["schemas"]
    items = schemas["BatchRequest"]["properties"]["items"]
    # Documented as articles, but any item is accepted: an invalid one gets a problem, not a 422.
    assert items["items"]["anyOf"] == [{"$ref": "#/components/schemas/TimelineRequest"}, {}]
    assert (items["minItems"], items["maxItems"]) == (1, 50)
    assert schemas["BatchResponse"]["properties"]["results"]["items"]["oneOf"] == [
        {"$ref": "#/components/schemas/TimelineResponse"},
        {"$ref": "#/components/schemas/BatchItemProblem"},
    ]
    assert set(operation["responses"]) >= {"200", "400", "413", "415", "422"}
    example = operation["responses"]["200"]["content"]["application/json"]["example"]["results"]
    assert example[0]["events"] and example[1]["problem"]["status"] == 422
