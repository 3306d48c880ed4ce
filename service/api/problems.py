"""RFC 9457 problem details: every error the API answers is ``application/problem+json``."""

from __future__ import annotations

import http
import logging
import traceback
from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from service.api.encoding import dumps
from service.article.problems import ABOUT_BLANK, TIME_LIMIT, VALIDATION_ERROR, problem
from service.article.problems import MALFORMED_JSON as MALFORMED_JSON  # (re-exported)
from service.article.problems import validation_detail as _validation_detail
from service.limits import TimeLimitExceeded

PROBLEM_MIMETYPE = "application/problem+json"
#: Seconds a client is asked to wait (``Retry-After``) after a 503 for the processing-time limit.
TIME_LIMIT_RETRY_AFTER = 1

logger = logging.getLogger("service.errors")


class ProblemSchema(ma.Schema):
    """The body of every error answer (documentation only; answers are built by ``problem_response``)."""

    class Meta:
        unknown = ma.EXCLUDE  # RFC 9457 problems are open to extension members

    type = ma.fields.String(
        required=True,
        metadata={
            "description": "Problem type URI: `about:blank` for plain HTTP errors, a `tag:` URI of ours "
            "for validation errors and malformed JSON.",
            "example": VALIDATION_ERROR,
        },
    )
    title = ma.fields.String(
        required=True,
        metadata={"description": "Short summary of the problem type.", "example": "Invalid request"},
    )
    status = ma.fields.Integer(
        required=True, metadata={"description": "The HTTP status code.", "example": 422}
    )
    detail = ma.fields.String(
        required=True,
        metadata={
            "description": "What went wrong with this request, in plain words.",
            "example": "1 field is invalid: published. See `errors` for what each one expects.",
        },
    )
    instance = ma.fields.String(
        metadata={"description": "The path of the request that failed.", "example": "/v1/timeline"}
    )
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(),
        metadata={
            "description": "Validation errors only: for each request field at fault, the messages "
            "saying what was expected (`_schema` for the body as a whole).",
            "example": {
                "published": [
                    "A date-time needs a UTC offset, e.g. 2025-04-17T09:30:00+02:00 or "
                    "2025-04-17T07:30:00Z; send a plain date (YYYY-MM-DD) if the time is unknown."
                ]
            },
        },
    )


class ProblemError(HTTPException):
    """An HTTP error carrying its own problem details."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        type: str = ABOUT_BLANK,
        title: str | None = None,
        errors: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.code = status
        self.type = type
        self.title = title or http.HTTPStatus(status).phrase
        self.errors = dict(errors) if errors is not None else None

    @classmethod
    def of(cls, problem: Mapping[str, Any]) -> ProblemError:
        """The HTTP error of a problem object (``service.article.problems``)."""
        return cls(
            problem["status"],
            problem["detail"],
            type=problem["type"],
            title=problem["title"],
            errors=problem.get("errors"),
        )


def problem_response(
    status: int,
    detail: str,
    *,
    type: str = ABOUT_BLANK,
    title: str | None = None,
    errors: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Build an ``application/problem+json`` response."""
    body = problem(status, detail, type=type, title=title)  # (errors after instance, as ever)
    if request:
        body["instance"] = request.path
    if errors is not None:
        body["errors"] = errors
    response = current_app.response_class(dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _flatten_validation_messages(messages: Any) -> dict[str, Any]:
    """Turn webargs' ``{"json": {field: [...]}}`` into a flat ``{field: [...]}`` map."""
    if isinstance(messages, Mapping) and set(messages) == {"json"}:
        messages = messages["json"]
    if isinstance(messages, Mapping):
        return dict(messages)
    return {"_schema": messages if isinstance(messages, list) else [str(messages)]}


def _default_detail(error: BaseException, status: int) -> str:
    """A precise detail for the errors Werkzeug raises itself."""
    if status == 404:
        return f"Nothing is served at {request.path}. The API is described at /docs."
    if status == 405:
        allowed = ", ".join(sorted(getattr(error, "valid_methods", None) or []))
        return f"{request.method} is not allowed on {request.path}. Allowed: {allowed}."
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        return f"The request body is larger than the limit of {limit} bytes."
    if status == 415:
        return "The request body must be JSON, sent with 'Content-Type: application/json'."
    if status >= 500:
        return "The server could not process the request. The failure has been logged."
    return http.HTTPStatus(status).description + "."


def handle_http_exception(error: HTTPException) -> Response | HTTPException:
    """Answer any HTTP error (raised by Flask, Werkzeug, webargs or our views) as problem+json."""
    status = error.code or 500
    if status < 400:
        return error
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if isinstance(error, ProblemError):
        return problem_response(
            status,
            error.description or "",
            type=error.type,
            title=error.title,
            errors=error.errors,
            headers=headers,
        )
    data = getattr(error, "data", None)  # set by webargs' abort() on a validation failure
    if isinstance(data, Mapping) and "messages" in data:
        errors = _flatten_validation_messages(data["messages"])
        return problem_response(
            status,
            _validation_detail(errors),
            type=VALIDATION_ERROR,
            title="Invalid request",
            errors=errors,
            headers=headers,
        )
    if status >= 500:
        original = getattr(error, "original_exception", None)
        if original is not None:
            _log_unexpected(original)
    custom = error.description if error.description != type(error).description else None
    detail = custom if custom and status < 500 else _default_detail(error, status)
    return problem_response(status, detail, headers=headers)


def handle_unexpected_exception(error: Exception) -> Response:
    """Answer an unhandled exception with a bare 500: the details go to the log, never to the client."""
    _log_unexpected(error)
    return problem_response(500, _default_detail(error, 500))


def _log_unexpected(error: BaseException) -> None:
    """Log where an unexpected error happened; its message is left out, as it may quote the article."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    logger.error(
        "Unhandled %s on %s %s\nTraceback (most recent call last):\n%s",
        type(error).__name__,
        request.method,
        request.path,
        frames.rstrip(),
    )


def handle_time_limit(error: TimeLimitExceeded) -> Response:
    """Answer a request stopped by ``REQUEST_TIME_LIMIT_MS`` with 503; the worker goes on serving."""
    logger.warning("Request on %s stopped by the time limit of %d ms", request.path, error.limit_ms)
    return problem_response(
        503,
        f"The article took longer than the limit of {error.limit_ms} ms to process and was abandoned. "
        "A shorter text goes faster; the same text may succeed when the service is less busy.",
        type=TIME_LIMIT,
        title="Processing time limit exceeded",
        headers={"Retry-After": str(TIME_LIMIT_RETRY_AFTER)},
    )


def register_error_handlers(app: Flask) -> None:
    """Make every error answer of ``app`` a problem+json document."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(TimeLimitExceeded, handle_time_limit)
    app.register_error_handler(Exception, handle_unexpected_exception)
