"""Thin HTTP views: validate with the schemas, call the core, serialize what it returns."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import current_app

from service.api import examples
from service.api.extension import Blueprint
from service.api.problems import VALIDATION_ERROR, ProblemError
from service.api.schemas import HealthSchema, TimelineRequestSchema, TimelineResponseSchema
from service.core import UnsupportedLanguageError, extract

READY_FLAG = "news_timeline_ready"

timeline = Blueprint(
    "timeline",
    __name__,
    url_prefix="/v1",
    description="Put a news article's events on a timeline.",
)
health = Blueprint("health", __name__, description="Liveness and readiness probes.")


@timeline.route("/timeline", methods=["POST"])
@timeline.arguments(TimelineRequestSchema, example=examples.REQUEST)
@timeline.response(200, TimelineResponseSchema, example=examples.RESPONSE)
@timeline.alt_response(400, **examples.problem(400))
@timeline.alt_response(413, **examples.problem(413))
@timeline.alt_response(415, **examples.problem(415))
@timeline.alt_response(422, **examples.problem(422))
def post_timeline(args: dict[str, Any]) -> dict[str, Any]:
    """Find the timexes and dated events of an article

    Normalizes every temporal expression of `text` against `published` (TIMEX3) and returns the
    article's events ordered by date. The answer depends only on the request: the server's clock is
    never read.
    """
    try:
        analysis = extract(args["text"], args["published"], args["language"])
    except UnsupportedLanguageError:
        raise ProblemError(
            422,
            f"The language {args['language']!r} is not supported.",
            type=VALIDATION_ERROR,
            title="Invalid request",
            errors={"language": [f"Unsupported language {args['language']!r}."]},
        ) from None
    return {"id": args["id"], **dataclasses.asdict(analysis)}


@health.route("/healthz", methods=["GET"])
@health.response(200, HealthSchema, example={"status": "ok"})
def healthz() -> dict[str, str]:
    """Liveness: the process answers HTTP"""
    return {"status": "ok"}


@health.route("/readyz", methods=["GET"])
@health.response(200, HealthSchema, example={"status": "ready"})
@health.alt_response(503, **examples.problem(503))
def readyz() -> dict[str, str]:
    """Readiness: the grammars are loaded and warmed, requests are served at full speed"""
    if not current_app.config.get(READY_FLAG, False):
        raise ProblemError(503, "The service is starting: the grammars are not loaded yet.")
    return {"status": "ready"}
