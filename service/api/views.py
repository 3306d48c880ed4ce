"""Thin HTTP views: validate with the schemas, call the core, serialize what it returns."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response, current_app

from service import article, metrics
from service.api import examples
from service.api.answer import json_response, timeline_answer
from service.api.extension import Blueprint
from service.api.problems import ProblemError
from service.api.schemas import (
    FormatQuerySchema,
    HealthSchema,
    TimelineRequestSchema,
    TimelineResponseSchema,
    output_limits,
)
from service.core.exports import to_ics, to_timelinejs

ANSWER_FORMATS = (
    "The timeline (`format=json`, the default), a TimelineJS3 document (`format=timelinejs`, also "
    "`application/json`) or an iCalendar file (`format=ics`, `text/calendar`)."
)
#: Default `min_salience` of the TimelineJS export: the events that carry the story.
TIMELINEJS_MIN_SALIENCE = 0.45

READY_FLAG = "news_timeline_ready"

timeline = Blueprint(
    "timeline",
    __name__,
    url_prefix="/v1",
    description="Put a news article's events on a timeline.",
)
health = Blueprint("health", __name__, description="Liveness and readiness probes.")


@timeline.route("/timeline", methods=["POST"])
@timeline.arguments(TimelineRequestSchema(), example=examples.REQUEST)
# unknown=RAISE: webargs would otherwise drop unknown query parameters silently, whatever the schema says
@timeline.arguments(FormatQuerySchema(), location="query", unknown=ma.RAISE)
@timeline.response(200, TimelineResponseSchema, example=examples.RESPONSE, description=ANSWER_FORMATS)
@timeline.doc(
    responses={
        200: {
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/TimelineResponse"},
                            {"$ref": "#/components/schemas/TimelineJS"},
                        ]
                    }
                }
            }
        }
    }
)
@timeline.alt_response(
    200,
    content_type="text/calendar",
    success=True,
    description=ANSWER_FORMATS,
    example=examples.ICS,
)
@timeline.alt_response(400, **examples.problem(400))
@timeline.alt_response(413, **examples.problem(413))
@timeline.alt_response(415, **examples.problem(415))
@timeline.alt_response(422, **examples.problem(422))
def post_timeline(args: dict[str, Any], query: dict[str, Any]) -> dict[str, Any] | Response:
    """Find the timexes and dated events of an article

    Normalizes every temporal expression of `text` against `published` (TIMEX3) and returns the
    article's events ordered by date. The answer depends only on the request: the server's clock is
    never read.
    """
    try:
        # (the list of every predicate only for the JSON answer that shows it)
        events = query["events"] if query["format"] == "json" else "timeline"
        analysis = article.analyse(args, events)
    except article.ArticleProblem as problem:
        raise ProblemError.of(problem.problem) from None
    metrics.observe_article(len(args["text"]), analysis)
    if query["format"] == "timelinejs":
        minimum = query["min_salience"]
        minimum = TIMELINEJS_MIN_SALIENCE if minimum is None else minimum
        return json_response(to_timelinejs(analysis, args["title"], minimum))
    if query["format"] == "ics":
        return Response(to_ics(analysis, args["title"], args["id"]), mimetype="text/calendar")
    # Written directly, not dumped through TimelineResponseSchema (the same document, several times faster).
    return json_response(timeline_answer(analysis, args["id"], *output_limits(), query["events"]))


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
