"""The request of one article, validated without Flask: the body of ``POST /v1/timeline`` and of each batch
item, each line of ``timeline batch`` and each row of the Spark functions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from service.config import ENV_DEFAULTS
from service.core import GENRES, SUPPORTED_LANGUAGES

MAX_ID_LENGTH = 256
MAX_TITLE_LENGTH = 500

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


def validate_text(value: str, limit: int) -> None:
    """Reject a blank text, or one longer than ``limit`` characters."""
    if not value.strip():
        raise ma.ValidationError("Must contain text: got an empty or whitespace-only string.")
    if len(value) > limit:
        raise ma.ValidationError(f"Too long: {len(value)} characters; the limit is {limit} characters.")


class TimelineRequestSchema(ma.Schema):
    """An article to put on a timeline."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {"type": "The request body must be a JSON object."}

    text = fields.String(
        required=True,
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
    genre = fields.String(  # (absent from the loaded request when not sent: chosen from the text)
        validate=validate.OneOf(GENRES, error="Unknown genre {input!r}; one of: " + ", ".join(GENRES) + "."),
        error_messages={
            "invalid": "Must be one of: " + ", ".join(GENRES) + ".",
            "null": "Must be one of: " + ", ".join(GENRES) + "; leave it out for the service to choose.",
        },
        metadata={
            "description": "How the text's dates are resolved: `news` (against the publication date), "
            "`narrative` (a history: yearless and anaphoric dates against the story's own last fully "
            "specified date), `colloquial` (a social post: lower-case names and chat spellings such as "
            "*sat*, *tmrw*; hashtags and handles are never tagged). Leave it out and the "
            "service chooses from the text; the answer's `genre` says which it used.",
            "enum": list(GENRES),
        },
    )

    def __init__(self, *, max_text_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._max_text_length = max_text_length
        if "text" in self.fields:  # (a list of this instance's: the declared field's is shared)
            text = self.fields["text"]
            text.validators = [*text.validators, self._validate_text]

    def max_text_length(self) -> int:
        """The longest text accepted: the one given, or ``MAX_TEXT_LENGTH``'s default."""
        return self._max_text_length or ENV_DEFAULTS["MAX_TEXT_LENGTH"]

    def _validate_text(self, value: str) -> None:
        validate_text(value, self.max_text_length())
