"""Marshmallow schemas of the HTTP API; the response schemas mirror the core's dataclasses field for field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import marshmallow as ma
from flask import current_app, has_app_context
from marshmallow import fields, validate

from service.config import ENV_DEFAULTS
from service.core import SUPPORTED_LANGUAGES

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
EVENT_STATUSES = ("happened", "ongoing", "scheduled", "deadline", "expected", "hypothetical")
DATE_SOURCES = ("text", "publication", "context")
MAX_ID_LENGTH = 256

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[Tt ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>[Zz]|[+-]\d{2}:\d{2})?$"
)
PUBLISHED_PATTERN = r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:\d{2}))?$"


class Published(fields.String):
    """An ISO 8601 date, or a date-time with a UTC offset; loads as ``date`` or aware ``datetime``."""

    default_error_messages = {
        "invalid": "Not an ISO 8601 date or date-time: expected YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]±hh:mm "
        "(or Z), e.g. 2025-04-17 or 2025-04-17T09:30:00+02:00.",
        "naive": "A date-time needs a UTC offset, e.g. 2025-04-17T09:30:00+02:00 or 2025-04-17T07:30:00Z; "
        "send a plain date (YYYY-MM-DD) if the time is unknown.",
        "range": "Not a real calendar date or time: {input}. Years run from 0001 to 9999.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        text = super()._deserialize(value, attr, data, **kwargs)
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise self.make_error("range", input=text) from None
        match = _DATE_TIME.match(text)
        if not match:
            raise self.make_error("invalid")
        if match["offset"] is None:
            raise self.make_error("naive")
        offset = "+00:00" if match["offset"] in "Zz" else match["offset"]
        try:
            return dt.datetime.fromisoformat(f"{match['date']}T{match['time']}{offset}")
        except ValueError:
            raise self.make_error("range", input=text) from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)


def max_text_length() -> int:
    """The configured maximum ``text`` length (the default outside an application context)."""
    if has_app_context():
        return int(current_app.config["MAX_TEXT_LENGTH"])
    return ENV_DEFAULTS["MAX_TEXT_LENGTH"]


def validate_text(value: str) -> None:
    """Reject a blank text, or one longer than the configured limit."""
    if not value.strip():
        raise ma.ValidationError("Must contain text: got an empty or whitespace-only string.")
    limit = max_text_length()
    if len(value) > limit:
        raise ma.ValidationError(f"Too long: {len(value)} characters; the limit is {limit} characters.")


class TimelineRequestSchema(ma.Schema):
    """An article to put on a timeline."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {"type": "The request body must be a JSON object."}

    text = fields.String(
        required=True,
        validate=validate_text,
        error_messages={
            "required": "Required: the article text, a non-empty string.",
            "null": "Must be a non-empty string, not null.",
            "invalid": "Must be a string.",
        },
        metadata={
            "description": "The article text. Offsets in the answer index into this string as Python "
            "does (Unicode code points). Must not be blank; at most `MAX_TEXT_LENGTH` characters "
            "(200,000 by default).",
            "minLength": 1,
        },
    )
    published = Published(
        required=True,
        error_messages={
            "required": "Required: the publication date, as YYYY-MM-DD or a date-time with a UTC offset.",
            "null": "Must be a date or date-time string, not null.",
        },
        metadata={
            "description": "Publication date: an ISO 8601 date (`2025-04-17`) or date-time with a UTC offset "
            "(`2025-04-17T09:30:00+02:00`, `...Z`). Every relative expression (*yesterday*, *next month*) "
            "is resolved against it; the server's clock is never used. A date-time without an offset is "
            "rejected.",
            "pattern": PUBLISHED_PATTERN,
        },
    )
    id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=MAX_ID_LENGTH, error="At most {max} characters."),
        metadata={"description": "Your identifier for the article; echoed back unchanged."},
    )
    language = fields.String(
        load_default="en",
        validate=validate.OneOf(
            SUPPORTED_LANGUAGES,
            error="Unsupported language {input!r}; supported: " + ", ".join(SUPPORTED_LANGUAGES) + ".",
        ),
        error_messages={
            "invalid": "Must be a language code string; supported: " + ", ".join(SUPPORTED_LANGUAGES) + ".",
            "null": "Must be a language code string, not null; leave it out for the default, en.",
        },
        metadata={"description": "Language of the text, as an ISO 639-1 code."},
    )


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
            "`context`: a date carried over from nearby text."
        },
    )
    timex = fields.String(
        allow_none=True, metadata={"description": "`tid` of the timex the date comes from, or null."}
    )
    vague = fields.Boolean(metadata={"description": "True when the date is only loosely stated."})


class EventSchema(ResponseSchema):
    """A dated happening reported by the article."""

    id = fields.String(metadata={"description": "Identifier of the event within this answer."})
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
        metadata={"description": "Other places in the text that mention the event."},
    )


class TimelineResponseSchema(ResponseSchema):
    """The article's timexes and its events in chronological order."""

    id = fields.String(allow_none=True, metadata={"description": "The request's `id`, or null."})
    published = fields.String(
        metadata={"description": "The publication date as understood, in ISO 8601 (`Z` becomes `+00:00`)."}
    )
    language = fields.String(metadata={"description": "The language the text was read as."})
    timexes = fields.List(
        fields.Nested(TimexSchema), metadata={"description": "Temporal expressions, in text order."}
    )
    events = fields.List(
        fields.Nested(EventSchema), metadata={"description": "Dated events, in chronological order."}
    )


class HealthSchema(ResponseSchema):
    """Liveness or readiness status."""

    status = fields.String(metadata={"description": "`ok` (liveness) or `ready` (readiness)."})
