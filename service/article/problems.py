"""RFC 9457 problem objects for one article, as plain data: the API, batch, CLI and Spark share them."""

from __future__ import annotations

import http
from collections.abc import Mapping
from typing import Any

#: RFC 9457 §4.2.1: no semantics beyond the HTTP status code; the title is the status phrase.
ABOUT_BLANK = "about:blank"
#: Problem types of our own (tag URIs: identifiers, not links to dereference).
VALIDATION_ERROR = "tag:news-timeline,2025:problems/validation-error"
MALFORMED_JSON = "tag:news-timeline,2025:problems/malformed-json"
TIME_LIMIT = "tag:news-timeline,2025:problems/time-limit"


def problem(
    status: int,
    detail: str,
    *,
    type: str = ABOUT_BLANK,
    title: str | None = None,
    errors: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A problem object without ``instance`` (the article's place, a batch item or a row, says where)."""
    body: dict[str, Any] = {
        "type": type,
        "title": title or http.HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = dict(errors)
    return body


def validation_detail(errors: Mapping[str, Any]) -> str:
    """The ``detail`` of a validation problem: how many fields are at fault, and which."""
    fields = sorted(errors)
    noun = "field is" if len(fields) == 1 else "fields are"
    names = ", ".join("the request body" if name == "_schema" else name for name in fields)
    return f"{len(fields)} {noun} invalid: {names}. See `errors` for what each one expects."


def validation_problem(errors: Mapping[str, Any]) -> dict[str, Any]:
    """The problem of an article that fails validation: ``POST /v1/timeline``'s 422 without ``instance``."""
    return problem(
        422, validation_detail(errors), type=VALIDATION_ERROR, title="Invalid request", errors=errors
    )


def internal_problem() -> dict[str, Any]:
    """The problem of an article whose processing failed unexpectedly (logged apart, never quoted)."""
    return problem(
        500,
        "The server could not process this item. The failure has been logged.",
        title="Internal Server Error",
    )
