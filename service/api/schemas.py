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
from service.limits import truncate

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
EVENT_STATUSES = ("happened", "ongoing", "scheduled", "deadline", "expected", "hypothetical")
DATE_SOURCES = ("text", "publication", "context")
MAX_ID_LENGTH = 256
MAX_TITLE_LENGTH = 500
EXPORT_FORMATS = ("json", "timelinejs", "ics")

# ASCII digits only ([0-9], not \d, which also matches other scripts' digits) and \Z, not $ (which lets a
# trailing newline through).
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ](?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?\Z"
)

# The documented pattern of `published` says exactly what is accepted, calendar included, so that a
# client (or a fuzzer) can tell a valid value from the schema alone: years 0001-9999, months 01-12, the
# days of each month, 29 February in leap years only, hours 00-23, an offset below 24 hours.
_YEAR = "(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
_OFFSET = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
PUBLISHED_PATTERN = f"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)(?:[Tt ]{_TIME}{_OFFSET})?$"

_PUBLISHED = re.compile(PUBLISHED_PATTERN)

#: The documented pattern of `text`: at least one character that is not whitespace as str.strip() sees it
#: (str.isspace()), i.e. not blank.
TEXT_PATTERN = r"[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


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
            value = dt.datetime.fromisoformat(f"{match['date']}T{match['time']}{offset}")
        except ValueError:
            raise self.make_error("range", input=text) from None
        if not _PUBLISHED.match(text):  # what Python tolerates beyond the documented pattern (offset -00:60)
            raise self.make_error("range", input=text)
        return value

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
            # No maxLength: the limit is a setting (MAX_TEXT_LENGTH) and the document must not depend on
            # settings. (With a maxLength of 200,000 next to the pattern, schemathesis also takes ~20 s to
            # plan its boundary cases.)
            "pattern": TEXT_PATTERN,
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
        error_messages={"invalid": "Must be a string (your identifier for the article) or null."},
        metadata={"description": "Your identifier for the article; echoed back unchanged."},
    )
    title = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=MAX_TITLE_LENGTH, error="At most {max} characters."),
        metadata={
            "description": "The article's headline: the title slide of `format=timelinejs` and the calendar "
            "name of `format=ics`. Not used otherwise."
        },
    )
    language = fields.String(
        load_default=None,
        validate=validate.OneOf(
            SUPPORTED_LANGUAGES,
            error="Unsupported language {input!r}; supported: " + ", ".join(SUPPORTED_LANGUAGES) + ".",
        ),
        error_messages={
            "invalid": "Must be a language code string; supported: " + ", ".join(SUPPORTED_LANGUAGES) + ".",
            "null": "Must be a language code string, not null; leave it out to have the language detected.",
        },
        metadata={
            "description": "Language of the text, as an ISO 639-1 code: "
            + ", ".join(SUPPORTED_LANGUAGES)
            + ". Left out, the text is read in the supported language it is written in (told by its "
            "commonest words); the answer's `language` says which."
        },
    )


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
    language = fields.String(
        metadata={"description": "The language the text was read as: the request's, or the one detected."}
    )
    timexes = fields.List(
        fields.Nested(TimexSchema), metadata={"description": "Temporal expressions, in text order."}
    )
    events = fields.List(
        fields.Nested(EventSchema), metadata={"description": "Dated events, in chronological order."}
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
