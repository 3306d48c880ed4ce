"""Many articles at once: ``POST /v1/timelines:batch`` (each item answered by ``service.article``).

Each item is validated by the single-article schema on its own, so one bad item costs only its own
answer: the batch answers ``200`` with one result per item, in order, each either the timeline answer
of ``POST /v1/timeline`` or ``{"id", "problem"}`` with the problem that item would have had.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response, current_app, has_app_context
from marshmallow import fields

from service import article, metrics
from service.api import examples
from service.api.answer import json_response, plain
from service.api.extension import Api, Blueprint
from service.api.problems import TIME_LIMIT, ProblemSchema
from service.api.schemas import ResponseSchema
from service.article.problems import problem
from service.config import ENV_DEFAULTS
from service.limits import TimeLimitExceeded


def time_limit_problem(limit_ms: int) -> dict[str, Any]:
    """The problem of an item left unprocessed when the batch ran out of time."""
    return problem(
        503,
        f"Not processed: the batch reached the processing-time limit of {limit_ms} ms before this item. "
        "Send it again, in a smaller batch.",
        type=TIME_LIMIT,
        title="Processing time limit exceeded",
    )


# --- the HTTP endpoint ----------------------------------------------------------------------------------


def max_batch_items() -> int:
    """The configured largest number of items per batch (the default outside an application context)."""
    if has_app_context():
        return int(current_app.config["MAX_BATCH_ITEMS"])
    return ENV_DEFAULTS["MAX_BATCH_ITEMS"]


def validate_batch_size(items: list[Any]) -> None:
    if not items:
        raise ma.ValidationError("At least one item is needed.")
    limit = max_batch_items()
    if len(items) > limit:
        raise ma.ValidationError(
            f"Too many items: {len(items)}; the limit is {limit} per request. Split the batch."
        )


class ItemsField(fields.List):
    """A list of articles, loaded as it is: each item is validated alone, when the batch is processed.

    The items are documented as ``TimelineRequest`` *or anything*: an item that is not a valid article is
    still accepted (the batch answers 200), and gets a problem in its place in ``results``.
    """

    def __init__(self, **kwargs: Any) -> None:
        item = fields.Raw(
            metadata={
                "description": "An article: the body of `POST /v1/timeline` (`TimelineRequest`). Any other "
                "value is answered with a problem in its place.",
                "anyOf": [{"$ref": "#/components/schemas/TimelineRequest"}, {}],
            }
        )
        super().__init__(item, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        return list(value)


class BatchRequestSchema(ma.Schema):
    """Articles to put on timelines, each as the body of `POST /v1/timeline`."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {"type": "The request body must be a JSON object."}

    items = ItemsField(
        required=True,
        validate=validate_batch_size,
        error_messages={
            "required": "Required: `items`, a list of articles.",
            "null": "Must be a list of articles, not null.",
            "invalid": "Must be a list of articles.",
        },
        metadata={
            "description": "The articles, each with the fields of `POST /v1/timeline`'s body. From 1 to "
            "`MAX_BATCH_ITEMS` items (50 by default); the whole body is still limited to "
            "`MAX_CONTENT_LENGTH` bytes. An invalid item gets a problem in its place in `results`; "
            "it does not fail the batch.",
            "minItems": 1,
            "maxItems": ENV_DEFAULTS["MAX_BATCH_ITEMS"],
        },
    )


class BatchItemProblemSchema(ResponseSchema):
    """The place of an article that could not be put on a timeline."""

    id = fields.String(allow_none=True, metadata={"description": "The item's `id`, or null."})
    problem = fields.Nested(
        ProblemSchema,
        metadata={
            "description": "What went wrong with this item: the problem `POST /v1/timeline` would have "
            "answered for it (without `instance`)."
        },
    )


class BatchResponseSchema(ResponseSchema):
    """One result per item, in the order of the items."""

    results = fields.List(
        fields.Raw(
            metadata={
                "oneOf": [
                    {"$ref": "#/components/schemas/TimelineResponse"},
                    {"$ref": "#/components/schemas/BatchItemProblem"},
                ]
            }
        ),
        metadata={
            "description": "For each item, in order: its timeline answer (as from `POST /v1/timeline`), "
            "or `{id, problem}` when it could not be processed. Tell them apart by `problem`."
        },
    )


batch = Blueprint(
    "batch",
    __name__,
    url_prefix="/v1",
    description="Put many articles on timelines in one request.",
)

_EXAMPLE_ITEM = {"id": "mayor-0418", "text": "The mayor resigned on Friday.", "published": "2025-04-18"}
_EXAMPLE_REQUEST = {"items": [_EXAMPLE_ITEM, {"id": "undated", "text": "The mayor resigned on Friday."}]}
_EXAMPLE_RESPONSE = {
    "results": [
        plain(article.answer(_EXAMPLE_ITEM)),  # computed by the core, never written by hand
        plain(article.answer(_EXAMPLE_REQUEST["items"][1])),
    ]
}


@batch.route("/timelines:batch", methods=["POST"])
@batch.arguments(BatchRequestSchema(), example=_EXAMPLE_REQUEST)
@batch.response(200, BatchResponseSchema, example=_EXAMPLE_RESPONSE)
@batch.alt_response(400, **examples.problem(400))
@batch.alt_response(413, **examples.problem(413))
@batch.alt_response(415, **examples.problem(415))
@batch.alt_response(422, **examples.problem(422))
def post_timelines_batch(args: dict[str, Any]) -> Response:
    """Put many articles on timelines

    Each item is an article as sent to `POST /v1/timeline`, validated on its own: the answer is `200`
    with one result per item, in order, either its timeline answer or `{id, problem}`. A body that is
    not a JSON object with `items`, or with more than `MAX_BATCH_ITEMS` items, is rejected whole (`422`).
    """
    results: list[dict[str, Any]] = []
    items = args["items"]
    limits = article.Limits.from_settings(current_app.config)
    for index, item in enumerate(items):
        try:
            result = article.answer(item, limits, where=f"item {index}")
        except TimeLimitExceeded as exceeded:
            # The batch shares one request's time budget: what is done is answered, the rest is not.
            for rest in items[index:]:
                late = time_limit_problem(exceeded.limit_ms)
                results.append({"id": article.article_id(rest), "problem": late})
                metrics.observe_batch_item("503")
            break
        if "problem" in result:
            metrics.observe_batch_item(str(result["problem"]["status"]))
        else:
            metrics.observe_batch_item("ok")
            metrics.observe_answer(len(item["text"]), len(result["timexes"]), len(result["events"]))
        results.append(result)
    return json_response({"results": results})


def register(api: Api) -> None:
    """Add the batch endpoint, and the schema of its per-item problems, to the API."""
    api.spec.components.schema("BatchItemProblem", schema=BatchItemProblemSchema)
    api.register_blueprint(batch)
