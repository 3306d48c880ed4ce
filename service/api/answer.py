"""The timeline answer as JSON, written straight from the core's dataclasses and encoded with orjson.

The marshmallow schemas (``schemas.py``) document the answer and fix its field order, but dumping an
article's answer through them costs more than extracting it. So the answer is written here: the timexes
field for field (``Timex`` keeps the name of its rule, which the answer leaves out), the events as the
core's dataclasses, which orjson serializes natively in their fields' order. ``tests/api/test_answer.py``
checks on many articles that the JSON is exactly that of ``TimelineResponseSchema().dump()``.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import orjson
from flask import Response

from service.api import encoding
from service.core.model import Analysis, Interval, Timex
from service.limits import truncate


def _interval(interval: Interval | None) -> dict[str, Any] | None:
    return None if interval is None else {"start": interval.start, "end": interval.end}


def _timex(t: Timex) -> dict[str, Any]:
    return {
        "tid": t.tid,
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "type": t.type,
        "value": t.value,
        "mod": t.mod,
        "granularity": t.granularity,
        "interval": _interval(t.interval),
        "signal": t.signal,
        "range": _interval(t.range),
        "confidence": t.confidence,
    }


def timeline_answer(
    analysis: Analysis,
    request_id: str | None,
    max_timexes: int | None,
    max_events: int | None,
    view: str = "timeline",
) -> dict[str, Any]:
    """The answer of ``POST /v1/timeline`` (``TimelineResponse``), its lists cut to the given limits, for
    `encode` (its events are the core's dataclasses; `plain` makes plain JSON data of it). `view`:
    ``timeline`` (the timeline's entries) or ``all`` (every dated predicate)."""
    return truncate(
        {
            "id": request_id,
            "published": analysis.published,
            "language": analysis.language,
            "genre": analysis.genre,
            "timexes": [_timex(t) for t in analysis.timexes],
            "events": list(
                analysis.predicates if view == "all" else analysis.events
            ),  # (dataclasses in the answer's field order: orjson writes them)
        },
        max_timexes,
        max_events,
    )


def encode(document: Any) -> bytes:
    """Compact UTF-8 JSON; a text with a lone surrogate (which UTF-8 cannot hold) is written in ASCII
    instead, where the surrogate is the same ``\\ud800`` escape the client sent."""
    try:
        return orjson.dumps(document)
    except orjson.JSONEncodeError:  # (orjson refuses lone surrogates)
        return encoding.dumps(document, separators=(",", ":"), default=_fields).encode("utf-8")


def _fields(obj: Any) -> dict[str, Any]:
    """A dataclass of the answer as the dict orjson makes of it: its fields, in order."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"{type(obj).__name__} is not JSON serializable")
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


def plain(document: Any) -> Any:
    """An answer as plain JSON data (dicts, lists, strings, numbers), as a client reads it."""
    return json.loads(encode(document))


def json_response(document: Any, status: int = 200) -> Response:
    """``document`` as an ``application/json`` response, ending in a newline as Flask's own answers do."""
    return Response(encode(document) + b"\n", status=status, mimetype="application/json")
