"""The timeline answer as JSON, written straight from the core's dataclasses and encoded with orjson.

The marshmallow schemas (``schemas.py``) document the answer and fix its field order, but dumping an
article's answer through them costs more than extracting it. So the answer is built here field for field,
and ``tests/test_answer.py`` checks on many articles that it is exactly what
``TimelineResponseSchema().dump()`` produces.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response

from service.api import encoding
from service.core.model import Analysis, Event, EventDate, Interval, Span, Timex
from service.limits import truncate


def _interval(interval: Interval | None) -> dict[str, Any] | None:
    return None if interval is None else {"start": interval.start, "end": interval.end}


def _span(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


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


def _date(d: EventDate) -> dict[str, Any]:
    return {
        "value": d.value,
        "mod": d.mod,
        "granularity": d.granularity,
        "interval": _interval(d.interval),
        "text": d.text,
        "source": d.source,
        "timex": d.timex,
        "vague": d.vague,
    }


def _event(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "trigger": _span(e.trigger),
        "date": _date(e.date),
        "sentence": _span(e.sentence),
        "status": e.status,
        "headline": e.headline,
        "participants": list(e.participants),
        "salience": e.salience,
        "mentions": [_span(m) for m in e.mentions],
    }


def timeline_answer(
    analysis: Analysis, request_id: str | None, max_timexes: int | None, max_events: int | None
) -> dict[str, Any]:
    """The answer of ``POST /v1/timeline`` (``TimelineResponse``), its lists cut to the given limits."""
    return truncate(
        {
            "id": request_id,
            "published": analysis.published,
            "language": analysis.language,
            "timexes": [_timex(t) for t in analysis.timexes],
            "events": [_event(e) for e in analysis.events],
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
        return encoding.dumps(document, separators=(",", ":")).encode("utf-8")


def json_response(document: Any, status: int = 200) -> Response:
    """``document`` as an ``application/json`` response, ending in a newline as Flask's own answers do."""
    return Response(encode(document) + b"\n", status=status, mimetype="application/json")
