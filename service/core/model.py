"""Plain data types shared by the extraction core and its callers.

An event, and the span, date and interval it holds, are written into the API's answer as they are (by
orjson, in the order of their fields: the answer's order). They have no ``__slots__`` on purpose: orjson
writes a dataclass from its ``__dict__`` much faster than one with slots. A span is not frozen either,
because a frozen dataclass is slower to create and an article makes one for every event; nothing changes
a span or a date once made (the sentence's span is shared by its events, as is the date of the events
dated by the publication).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: The tense of a predicate's clause ("nonfinite": an infinitive or participle, "to meet", "saying").
PredicateTense = Literal["past", "present", "future", "hypothetical", "nonfinite"]
#: What became of an event, as the text tells it.
Status = Literal["happened", "ongoing", "scheduled", "deadline", "expected", "hypothetical"]
#: The two views of an article's events: the timeline's entries, or every dated predicate as well.
EventView = Literal["timeline", "all"]
#: Where an event's date comes from: its own expression, the narration around it, the publication date.
DateSource = Literal["text", "publication", "context", "relation"]


@dataclass
class Span:
    """A stretch of the article: Python string indexes and the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Interval:
    """The calendar days a value covers, both ends inclusive, as ISO dates (None when open)."""

    start: str | None
    end: str | None


@dataclass(slots=True)
class Timex:
    """One normalized TIMEX3 temporal expression found in the text."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2025-04-17, 2025-W17, P30D, PAST_REF, ...
    mod: str | None = None  # TimeML mod: BEFORE, AFTER, APPROX, START, MID, END, ...
    granularity: str | None = None  # century|decade|year|half|quarter|season|month|week|day|...
    interval: Interval | None = None  # calendar span of DATE/TIME values
    signal: str | None = None  # preceding signal word: by, since, from, until, before, after, ...
    range: Interval | None = None  # what the signal makes of it: "by April 26" -> (None, 2025-04-26)
    confidence: float = 1.0
    rule: str = ""  # name of the grammar rule that matched
    tid: str = ""


@dataclass
class EventDate:
    """The date an event is placed at, and where that date comes from."""

    value: str
    mod: str | None
    granularity: str | None
    interval: Interval | None
    text: str | None  # wording of the dating expression (None when from the publication date)
    source: DateSource
    timex: str | None = None  # tid of the timex it comes from
    vague: bool = False


@dataclass
class Event:
    """A dated happening reported by the article (its fields, and those of the dataclasses it holds, in
    the order of the API's answer, which serializes them as they are)."""

    id: str = field(default="", kw_only=True)  # e1, e2, ... in timeline order
    trigger: Span
    date: EventDate
    sentence: Span
    status: Status = "happened"
    headline: str = ""
    participants: list[str] = field(default_factory=list)
    salience: float = 0.5
    mentions: list[Span] = field(default_factory=list)
    # the id of the timeline entry this event is (in the timeline) or belongs to (with events=all; None when
    # it enters no entry)
    entry: str | None = None


@dataclass(slots=True)
class Analysis:
    """Everything extracted from one article."""

    published: str
    language: str
    timexes: list[Timex]
    events: list[Event]  # the timeline: one entry per happening, in chronological order
    # every dated predicate, each with its entry (left empty when only the timeline is asked for)
    predicates: list[Event] = field(default_factory=list)
    genre: str = "news"  # the resolution mode used: news | narrative | colloquial (see genre.py)
