"""The timeline answer of one article as JSON, written straight from the core's dataclasses, with orjson.

The marshmallow schemas (``service/api/schemas.py``) document the answer and fix its field order, but
dumping an article's answer through them costs more than extracting it. So the answer is written here: the
timexes field for field (``Timex`` keeps the name of its rule, which the answer leaves out), the events as
the core's dataclasses, which orjson writes in their fields' order through ``model.as_json``.
``tests/api/test_answer.py`` checks on many articles that the JSON is exactly that of
``TimelineResponseSchema().dump()``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from service.core.model import Analysis, EventView, Interval, Timex, as_json
from service.limits import truncate

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
    view: EventView = "timeline",
) -> dict[str, Any]:
    """The answer of ``POST /v1/timeline`` (``TimelineResponse``), its lists cut to the given limits, for
    `encode` (its events are the core's dataclasses; `plain` makes plain JSON data of it). `view`:
    ``timeline`` (the timeline's entries) or ``all`` (every dated predicate)."""
    events = analysis.predicates if view == "all" else analysis.events
    return truncate(
        {
            "id": request_id,
            "published": analysis.published,
            "language": analysis.language,
            "genre": analysis.genre,
            "timexes": [_timex(t) for t in analysis.timexes],
            "events": list(events),  # (dataclasses in the answer's field order: orjson writes them)
        },
        max_timexes,
        max_events,
    )


def has_lone_surrogate(text: str) -> bool:
    """True when ``text`` holds a code point that UTF-8 cannot encode (a surrogate without its pair)."""
    return _LONE_SURROGATE.search(text) is not None


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` in UTF-8-ready form: non-ASCII kept as is, unless a lone surrogate forces escapes."""
    kwargs.pop("ensure_ascii", None)
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    if has_lone_surrogate(text):
        text = json.dumps(obj, ensure_ascii=True, **kwargs)
    return text


def encode(document: Any) -> bytes:
    """Compact UTF-8 JSON; a text with a lone surrogate (which UTF-8 cannot hold) is written in ASCII
    instead, where the surrogate is the same ``\\ud800`` escape the client sent."""
    try:
        return orjson.dumps(document, default=as_json, option=orjson.OPT_PASSTHROUGH_DATACLASS)
    except orjson.JSONEncodeError:  # (orjson refuses lone surrogates)
        return dumps(document, separators=(",", ":"), default=as_json).encode("utf-8")


def plain(document: Any) -> Any:
    """An answer as plain JSON data (dicts, lists, strings, numbers), as a client reads it."""
    return json.loads(encode(document))
