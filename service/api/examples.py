"""The worked example of the OpenAPI document (sentences of our own; the answer is computed by the core)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from service.api.problems import (
    ABOUT_BLANK,
    MALFORMED_JSON,
    PROBLEM_MIMETYPE,
    VALIDATION_ERROR,
    ProblemSchema,
)
from service.api.schemas import TimelineResponseSchema
from service.core import extract
from service.core.exports import to_ics

_FIRST = "The Harwick city council voted on Tuesday to extend the night bus service."
_SECOND = "Councillors will meet again next month to settle the budget."
TEXT = f"{_FIRST} {_SECOND}"
PUBLISHED = "2025-04-17"


REQUEST: dict[str, Any] = {
    "id": "harwick-buses-0417",
    "text": TEXT,
    "published": PUBLISHED,
    "language": "en",
}


def _answer() -> dict[str, Any]:
    """What the service answers to ``REQUEST``: examples are produced by the core, never written by hand."""
    analysis = extract(TEXT, dt.date.fromisoformat(PUBLISHED), "en")
    return TimelineResponseSchema().dump({"id": REQUEST["id"], **dataclasses.asdict(analysis)})


RESPONSE: dict[str, Any] = _answer()

#: What `format=ics` answers to ``REQUEST``: the meeting next month, as a date-only calendar event.
ICS: str = to_ics(extract(TEXT, dt.date.fromisoformat(PUBLISHED), "en"), "Harwick council").decode("utf-8")

_PROBLEMS: dict[int, tuple[str, dict[str, Any]]] = {
    400: (
        "The body is empty or not valid JSON.",
        {
            "type": MALFORMED_JSON,
            "title": "Malformed JSON",
            "status": 400,
            "detail": "The request body is not valid JSON: Expecting ',' delimiter (line 1, column 42).",
            "instance": "/v1/timeline",
        },
    ),
    413: (
        "The body is larger than `MAX_CONTENT_LENGTH` bytes.",
        {
            "type": ABOUT_BLANK,
            "title": "Request Entity Too Large",
            "status": 413,
            "detail": "The request body is larger than the limit of 5242880 bytes.",
            "instance": "/v1/timeline",
        },
    ),
    415: (
        "The body is not sent as `application/json`.",
        {
            "type": ABOUT_BLANK,
            "title": "Unsupported Media Type",
            "status": 415,
            "detail": "The request body must be JSON, sent with 'Content-Type: application/json' "
            "(got text/plain).",
            "instance": "/v1/timeline",
        },
    ),
    422: (
        "A field is missing, of the wrong type or out of range; `errors` says which and what was expected.",
        {
            "type": VALIDATION_ERROR,
            "title": "Invalid request",
            "status": 422,
            "detail": "1 field is invalid: published. See `errors` for what each one expects.",
            "instance": "/v1/timeline",
            "errors": {
                "published": [
                    "A date-time needs a UTC offset, e.g. 2025-04-17T09:30:00+02:00 or 2025-04-17T07:30:00Z; "
                    "send a plain date (YYYY-MM-DD) if the time is unknown."
                ]
            },
        },
    ),
    503: (
        "The grammars are not loaded yet.",
        {
            "type": ABOUT_BLANK,
            "title": "Service Unavailable",
            "status": 503,
            "detail": "The service is starting: the grammars are not loaded yet.",
            "instance": "/readyz",
        },
    ),
}


def problem(status: int) -> dict[str, Any]:
    """Keyword arguments of ``alt_response`` documenting the problem answered with ``status``."""
    description, example = _PROBLEMS[status]
    return {
        "schema": ProblemSchema,
        "content_type": PROBLEM_MIMETYPE,
        "description": description,
        "example": example,
    }
