"""One article to its timeline answer or its RFC 9457 problem, for every caller; Flask-free.

``POST /v1/timeline``, ``POST /v1/timelines:batch``, ``timeline extract``/``batch`` and the Spark functions
(``service.spark``) all come here, so an article gets the same answer, or the same problem, whichever way it
is sent: ``answer(item)`` validates it with the request schema, runs the core and writes the answer.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from service.article.answer import timeline_answer
from service.article.problems import internal_problem, validation_problem
from service.article.request import TimelineRequestSchema
from service.config import ENV_DEFAULTS
from service.core import Analysis, EventView, UnsupportedLanguageError, extract
from service.limits import TimeLimitExceeded

logger = logging.getLogger("service.errors")


@dataclass(frozen=True)
class Limits:
    """The settings that bound one article's request and answer (``service.config``'s defaults)."""

    max_text_length: int = ENV_DEFAULTS["MAX_TEXT_LENGTH"]
    max_timexes: int = ENV_DEFAULTS["MAX_TIMEXES"]
    max_events: int = ENV_DEFAULTS["MAX_EVENTS"]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Limits:
        """The limits of an application's settings (``MAX_TEXT_LENGTH``, ``MAX_TIMEXES``, ``MAX_EVENTS``)."""
        return cls(
            int(settings["MAX_TEXT_LENGTH"]), int(settings["MAX_TIMEXES"]), int(settings["MAX_EVENTS"])
        )


DEFAULT_LIMITS = Limits()


class ArticleProblem(Exception):
    """An article that cannot be answered: ``problem`` is its RFC 9457 object (without ``instance``)."""

    def __init__(self, problem: dict[str, Any], article_id: str | None = None) -> None:
        super().__init__(problem["detail"])
        self.problem = problem
        self.article_id = article_id


@functools.lru_cache(maxsize=8)
def _schema(max_text_length: int) -> TimelineRequestSchema:
    return TimelineRequestSchema(max_text_length=max_text_length)


def article_id(item: Any) -> str | None:
    """The item's ``id`` when it is a string, for echoing it back with a problem."""
    if isinstance(item, Mapping):
        value = item.get("id")
        return value if isinstance(value, str) else None
    return None


def load(item: Any, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The validated request of ``item`` (a JSON object as decoded), or ``ArticleProblem`` (a 422)."""
    if not isinstance(item, Mapping):
        problem = validation_problem({"_schema": ["Each item must be a JSON object."]})
        problem["detail"] = "The item is not a JSON object: each item is an article as for POST /v1/timeline."
        raise ArticleProblem(problem)
    try:
        return dict(_schema(limits.max_text_length).load(item))
    except ma.ValidationError as error:
        messages = error.messages if isinstance(error.messages, Mapping) else {"_schema": error.messages}
        raise ArticleProblem(validation_problem(messages), article_id(item)) from None


def analyse(args: Mapping[str, Any], events: EventView = "timeline") -> Analysis:
    """Run the core on a validated request, for the `events` view of its answer; a language the core lacks
    is ``ArticleProblem`` (a 422)."""
    try:
        return extract(args["text"], args["published"], args["language"], args.get("genre"), events)
    except UnsupportedLanguageError:
        message = f"Unsupported language {args['language']!r}."
        raise ArticleProblem(validation_problem({"language": [message]}), args["id"]) from None


def answer(item: Any, limits: Limits = DEFAULT_LIMITS, *, where: str = "an item") -> dict[str, Any]:
    """The answer for one article: the timeline answer (for ``answer.encode``), or ``{"id", "problem"}``.

    An unexpected failure becomes a 500 problem for this article alone; it is logged with its type and
    stack, never its message (which could quote the article). A time limit around the call (the HTTP
    request's) is the caller's to handle, so ``TimeLimitExceeded`` goes through.
    """
    try:
        args = load(item, limits)
    except ArticleProblem as problem:
        return {"id": problem.article_id, "problem": problem.problem}
    try:
        return timeline_answer(analyse(args), args["id"], limits.max_timexes, limits.max_events)
    except ArticleProblem as problem:
        return {"id": problem.article_id, "problem": problem.problem}
    except TimeLimitExceeded:
        raise
    except Exception as error:
        frames = "".join(traceback.format_tb(error.__traceback__))
        logger.error(
            "Unhandled %s on %s of a batch\nTraceback (most recent call last):\n%s",
            type(error).__name__,
            where,
            frames.rstrip(),
        )
        return {"id": args["id"], "problem": internal_problem()}
