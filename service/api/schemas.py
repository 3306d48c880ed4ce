"""Marshmallow schemas of the HTTP API; the response schemas mirror the core's dataclasses field for field."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import current_app, has_app_context
from marshmallow import fields, validate

from service.article import request
from service.article.request import PUBLISHED_PATTERN as PUBLISHED_PATTERN  # (re-exported)
from service.article.request import TEXT_PATTERN as TEXT_PATTERN
from service.config import ENV_DEFAULTS
from service.core import GENRES
from service.limits import truncate

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
EVENT_STATUSES = ("happened", "ongoing", "scheduled", "deadline", "expected", "hypothetical")
DATE_SOURCES = ("text", "publication", "context", "relation")
EXPORT_FORMATS = ("json", "timelinejs", "ics")
EVENT_VIEWS = ("timeline", "all")


class TimelineRequestSchema(request.TimelineRequestSchema):
    """An article to put on a timeline."""

    def max_text_length(self) -> int:
        return max_text_length()


def max_text_length() -> int:
    """The configured maximum ``text`` length (the default outside an application context)."""
    if has_app_context():
        return int(current_app.config["MAX_TEXT_LENGTH"])
    return ENV_DEFAULTS["MAX_TEXT_LENGTH"]


class FormatQuerySchema(ma.Schema):
    """How to answer: the timeline JSON, a TimelineJS3 document or an iCalendar file."""

    class Meta:
        unknown = ma.RAISE

    format = fields.String(
        load_default="json",
        validate=validate.OneOf(EXPORT_FORMATS, error="Must be one of: " + ", ".join(EXPORT_FORMATS) + "."),
        metadata={
            "description": "`json` (default): the answer below. `timelinejs`: a Knight Lab TimelineJS3 "
            "document (`application/json`), a title slide from `title` and one slide per dating expression "
            "(its most salient event). `ics`: an iCalendar file (`text/calendar`, RFC 5545) of the events "
            "still to come that the text dates (scheduled, expected, deadlines), as date-only VEVENTs."
        },
    )
    events = fields.String(
        load_default="timeline",
        validate=validate.OneOf(EVENT_VIEWS, error="Must be one of: " + ", ".join(EVENT_VIEWS) + "."),
        metadata={
            "description": "For `json`: which events to answer. `timeline` (default): the timeline an editor "
            "would publish, one entry per happening the article reports or announces (states, opinions, "
            "hypotheses and bare reporting verbs left out), each listing in `mentions` the predicates it "
            "gathers. `all`: every dated predicate found (for NLP pipelines and evaluation), each naming in "
            "`entry` the timeline entry it belongs to, or null."
        },
    )
    min_salience = fields.Float(
        load_default=None,
        validate=validate.Range(min=0, max=1, error="Must be between {min} and {max}."),
        metadata={
            "description": "For `timelinejs`: leave out events less salient than this (default 0.45, the "
            "story's events; 0 keeps all)."
        },
    )


class TimelineJSDateSchema(ma.Schema):
    """A TimelineJS3 date: only the parts the event's granularity supports, as integer strings."""

    year = fields.String(required=True)
    month = fields.String()
    day = fields.String()
    hour = fields.String()
    minute = fields.String()


class TimelineJSTextSchema(ma.Schema):
    headline = fields.String(required=True)
    text = fields.String()


class TimelineJSSlideSchema(ma.Schema):
    """One event of the TimelineJS3 document."""

    start_date = fields.Nested(TimelineJSDateSchema, required=True)
    end_date = fields.Nested(TimelineJSDateSchema)
    display_date = fields.String(metadata={"description": "The article's own wording: `by April 26`."})
    text = fields.Nested(TimelineJSTextSchema, required=True)
    group = fields.String(validate=validate.OneOf(EVENT_STATUSES), metadata={"description": "The status."})
    unique_id = fields.String(required=True, metadata={"description": "The event's `id`."})


class TimelineJSTitleSchema(ma.Schema):
    text = fields.Nested(TimelineJSTextSchema, required=True)


class TimelineJSSchema(ma.Schema):
    """A Knight Lab TimelineJS3 document (`format=timelinejs`): load it with `new TL.Timeline(el, doc)`."""

    title = fields.Nested(TimelineJSTitleSchema, metadata={"description": "From the request's `title`."})
    events = fields.List(fields.Nested(TimelineJSSlideSchema), required=True)


class ResponseSchema(ma.Schema):
    """Base of the answer's schemas: every field is always present (null when it has no value).

    Answers are open for extension: fields may be added in a minor version, so none is closed.
    """

    class Meta:
        unknown = ma.EXCLUDE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        field_obj.required = True  # documents the field as always sent; dumping ignores it


class IntervalSchema(ResponseSchema):
    """The calendar days a value covers, both ends inclusive."""

    start = fields.String(
        allow_none=True, metadata={"description": "First day (ISO date), null when open.", "format": "date"}
    )
    end = fields.String(
        allow_none=True, metadata={"description": "Last day (ISO date), null when open.", "format": "date"}
    )


class SpanSchema(ResponseSchema):
    """A stretch of the article text."""

    start = fields.Integer(metadata={"description": "Index of the first character (`text[start:end]`)."})
    end = fields.Integer(metadata={"description": "Index just past the last character."})
    text = fields.String(metadata={"description": "The text between `start` and `end`."})


class TimexSchema(ResponseSchema):
    """A temporal expression found in the text, normalized as a TIMEX3 value."""

    tid = fields.String(
        metadata={"description": "Identifier of the timex, referred to by `events[].date.timex`."}
    )
    start = fields.Integer(metadata={"description": "Index of the first character in `text`."})
    end = fields.Integer(metadata={"description": "Index just past the last character: `text[start:end]`."})
    text = fields.String(metadata={"description": "The expression as written."})
    type = fields.String(validate=validate.OneOf(TIMEX_TYPES), metadata={"description": "TIMEX3 type."})
    value = fields.String(
        metadata={"description": "TIMEX3 value: `2025-04-17`, `2025-04`, `2025-W17`, `P30D`, `PAST_REF`, ..."}
    )
    mod = fields.String(
        allow_none=True,
        metadata={"description": "TimeML modifier: `BEFORE`, `AFTER`, `APPROX`, `START`, `MID`, `END`, ..."},
    )
    granularity = fields.String(
        allow_none=True,
        metadata={
            "description": "Unit of the value: `century`, `decade`, `year`, `quarter`, `month`, `week`, "
            "`day`, ...; null when not a calendar value."
        },
    )
    interval = fields.Nested(
        IntervalSchema,
        allow_none=True,
        metadata={"description": "Calendar days a DATE/TIME value covers; null for other values."},
    )
    signal = fields.String(
        allow_none=True,
        metadata={"description": "Signal word before the expression (`on`, `by`, `since`, `until`, ...)."},
    )
    range = fields.Nested(
        IntervalSchema,
        allow_none=True,
        metadata={
            "description": "What the signal makes of it: `by April 26` ends on 2025-04-26 (open start), "
            "`since 2022` starts on 2022-01-01 (open end), `from March to May` covers both; null without one."
        },
    )
    confidence = fields.Float(metadata={"description": "How sure the recognizer is, from 0 to 1."})


class EventDateSchema(ResponseSchema):
    """When an event is placed, and where that date comes from."""

    value = fields.String(metadata={"description": "TIMEX3 value of the event's date."})
    mod = fields.String(allow_none=True, metadata={"description": "TimeML modifier of the date, or null."})
    granularity = fields.String(allow_none=True, metadata={"description": "Unit of the date's value."})
    interval = fields.Nested(
        IntervalSchema, allow_none=True, metadata={"description": "Calendar days the date covers."}
    )
    text = fields.String(
        allow_none=True,
        metadata={
            "description": "Wording of the dating expression; null when the date is the publication date."
        },
    )
    source = fields.String(
        validate=validate.OneOf(DATE_SOURCES),
        metadata={
            "description": "`text`: a timex in the sentence; `publication`: the publication date; "
            "`context`: a date carried over from nearby text; `relation` (timeline entries): a happening "
            "without a date of its own, placed by the narration on the date of the last entry before it "
            "that the text dates, rather than on the publication day."
        },
    )
    timex = fields.String(
        allow_none=True, metadata={"description": "`tid` of the timex the date comes from, or null."}
    )
    vague = fields.Boolean(metadata={"description": "True when the date is only loosely stated."})


class EventSchema(ResponseSchema):
    """A dated happening reported by the article."""

    id = fields.String(
        metadata={
            "description": "Identifier of the event within this answer: `e1`, `e2`, ... for the timeline's "
            "entries, `p1`, `p2`, ... for the predicates of `events=all`."
        }
    )
    trigger = fields.Nested(SpanSchema, metadata={"description": "The word that names the event."})
    date = fields.Nested(EventDateSchema, metadata={"description": "When the event happens."})
    sentence = fields.Nested(SpanSchema, metadata={"description": "The sentence that reports it."})
    status = fields.String(
        validate=validate.OneOf(EVENT_STATUSES),
        metadata={"description": "Whether it happened, is going on, is planned, is a deadline, ..."},
    )
    headline = fields.String(metadata={"description": "A short summary of the event."})
    participants = fields.List(fields.String(), metadata={"description": "Who takes part."})
    salience = fields.Float(metadata={"description": "How central the event is to the article, from 0 to 1."})
    mentions = fields.List(
        fields.Nested(SpanSchema),
        metadata={
            "description": "The places in the text that tell of the event: for a timeline entry, every "
            "predicate it gathers (its trigger among them)."
        },
    )
    entry = fields.String(
        allow_none=True,
        metadata={
            "description": "The `id` of the timeline entry this event is (in the timeline) or belongs to "
            "(with `events=all`); null when it enters no entry. The same request without `events=all` "
            "answers that entry."
        },
    )


class TimelineResponseSchema(ResponseSchema):
    """The article's timexes and its events in chronological order."""

    id = fields.String(allow_none=True, metadata={"description": "The request's `id`, or null."})
    published = fields.String(
        metadata={"description": "The publication date as understood, in ISO 8601 (`Z` becomes `+00:00`)."}
    )
    language = fields.String(
        metadata={"description": "The language the text was read as: the request's, or the one detected."}
    )
    genre = fields.String(
        validate=validate.OneOf(GENRES),
        metadata={
            "description": "The mode the dates were resolved in: the request's `genre`, or the one the "
            "service chose from the text (`news`, `narrative` or `colloquial`)."
        },
    )
    timexes = fields.List(
        fields.Nested(TimexSchema), metadata={"description": "Temporal expressions, in text order."}
    )
    events = fields.List(
        fields.Nested(EventSchema),
        metadata={
            "description": "The timeline's entries in chronological order (with `events=all`: every dated "
            "predicate, in chronological order)."
        },
    )
    truncated = fields.Boolean(
        metadata={
            "description": "True when the article held more than `MAX_TIMEXES` timexes (2,000 by default) or "
            "`MAX_EVENTS` events (1,000 by default): only the first ones are returned (timexes in text "
            "order, events in timeline order), and an event's `date.timex` may name a timex that was cut."
        }
    )

    @ma.pre_dump
    def _apply_output_limits(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return truncate(dict(data), *output_limits())


def output_limits() -> tuple[int, int]:
    """The configured ``MAX_TIMEXES`` and ``MAX_EVENTS`` (the defaults outside an application context)."""
    source = current_app.config if has_app_context() else ENV_DEFAULTS
    return int(source["MAX_TIMEXES"]), int(source["MAX_EVENTS"])


class HealthSchema(ResponseSchema):
    """Liveness or readiness status."""

    status = fields.String(metadata={"description": "`ok` (liveness) or `ready` (readiness)."})
