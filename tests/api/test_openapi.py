"""The committed openapi.yaml: valid OpenAPI 3, identical to what the app generates, with sound examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from invariants import TIMEX_KEYS
from openapi_spec_validator import validate

from service.api import examples
from service.api.docs import spec_dict, spec_yaml
from service.api.schemas import TimelineRequestSchema, TimelineResponseSchema

SPEC_FILE = Path(__file__).resolve().parents[2] / "openapi.yaml"


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


def test_committed_spec_is_valid_openapi_3(committed: dict[str, Any]) -> None:
    assert committed["openapi"].startswith("3.")
    validate(committed)


def test_committed_spec_matches_the_generated_one(app: Flask) -> None:
    assert SPEC_FILE.read_text(encoding="utf-8") == spec_yaml(app), (
        "openapi.yaml is out of date: run `make openapi` and commit the result"
    )


def test_spec_does_not_depend_on_the_environment(make_app: Any) -> None:
    assert spec_dict(make_app(MAX_TEXT_LENGTH=10, MAX_CONTENT_LENGTH=100)) == spec_dict(make_app())


def test_every_route_is_documented(committed: dict[str, Any]) -> None:
    assert set(committed["paths"]) == {"/v1/timeline", "/v1/timelines:batch", "/healthz", "/readyz"}
    responses = committed["paths"]["/v1/timeline"]["post"]["responses"]
    assert set(responses) == {"200", "400", "401", "413", "415", "422", "503", "default"}
    for code in ("400", "401", "413", "415", "422", "503"):
        assert set(responses[code]["content"]) == {"application/problem+json"}, code


def test_api_operations_declare_the_bearer_scheme_and_probes_do_not(committed: dict[str, Any]) -> None:
    scheme = committed["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, item in committed["paths"].items():
        for method, operation in item.items():
            if path.startswith("/v1/"):
                assert operation["security"] == [{"bearerAuth": []}], (method, path)
                assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], (method, path)
                assert "Retry-After" in operation["responses"]["503"]["headers"], (method, path)
            else:
                assert "security" not in operation and "401" not in operation["responses"], (method, path)


def test_response_documents_every_answer_field(committed: dict[str, Any]) -> None:
    schemas = committed["components"]["schemas"]
    assert set(schemas["TimelineResponse"]["required"]) == {
        "id",
        "published",
        "language",
        "genre",
        "timexes",
        "events",
        "truncated",
    }
    assert "rule" not in schemas["Timex"]["properties"]
    assert set(schemas["Timex"]["properties"]) == TIMEX_KEYS


def test_request_example_is_a_valid_request(app: Flask) -> None:
    with app.app_context():
        TimelineRequestSchema().load(examples.REQUEST)


def test_response_example_is_consistent(committed: dict[str, Any]) -> None:
    answer = committed["paths"]["/v1/timeline"]["post"]["responses"]["200"]["content"]["application/json"][
        "example"
    ]
    assert answer == TimelineResponseSchema().dump(answer), "every documented field, nothing else"
    text = examples.REQUEST["text"]
    spans = [*answer["timexes"]]
    for event in answer["events"]:
        spans += [event["trigger"], event["sentence"], *event["mentions"]]
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"], span
    assert "voted on Tuesday" in text and "will meet again next month" in text
