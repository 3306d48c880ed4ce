"""Plain data types shared by the extraction core and its callers.

They are dataclasses (fields, equality, ``repr``, ``dataclasses.asdict``) with their ``__init__`` written
out: the core that ships is compiled by mypyc, which compiles a written ``__init__`` but leaves the one
``dataclass`` generates as Python, and an article makes thousands of these. The answer writes them with
orjson through `as_json`, in the order of their fields (orjson cannot read a compiled class by itself).
Nothing changes a span, an interval or a date once made (the sentence's span is shared by its events, as is
the date of the events dated by the publication).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Literal

#: The tense of a predicate's clause ("nonfinite": an infinitive or participle, "to meet", "saying").
PredicateTense = Literal["past", "present", "future", "hypothetical", "nonfinite"]
#: What became of an event, as the text tells it.
Status = Literal["happened", "ongoing", "scheduled", "deadline", "expected", "hypothetical"]
#: The two views of an article's events: the timeline's entries, or every dated predicate as well.
EventView = Literal["timeline", "all"]
#: Where an event's date comes from: its own expression, the narration around it, the publication date.
DateSource = Literal["text", "publication", "context", "relation"]


class _Record:
    """What the answer's data types share: pickle and copy rebuild one from its fields (`as_json`)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _made, (type(self), as_json(self))


def _made(cls: Callable[..., Any], values: dict[str, Any]) -> Any:
    return cls(**values)


@dataclass(init=False)
class Span(_Record):
    """A stretch of the article: Python string indexes and the text they cover."""

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text


@dataclass(init=False, unsafe_hash=True)
class Interval(_Record):
    """The calendar days a value covers, both ends inclusive, as ISO dates (None when open); never changed
    once made (hashed by its ends)."""

    start: str | None
    end: str | None

    def __init__(self, start: str | None, end: str | None) -> None:
        self.start = start
        self.end = end


@dataclass(init=False)
class Timex(_Record):
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

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        type: str,
        value: str,
        mod: str | None = None,
        granularity: str | None = None,
        interval: Interval | None = None,
        signal: str | None = None,
        range: Interval | None = None,
        confidence: float = 1.0,
        rule: str = "",
        tid: str = "",
    ) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.type = type
        self.value = value
        self.mod = mod
        self.granularity = granularity
        self.interval = interval
        self.signal = signal
        self.range = range
        self.confidence = confidence
        self.rule = rule
        self.tid = tid


@dataclass(init=False)
class EventDate(_Record):
    """The date an event is placed at, and where that date comes from."""

    value: str
    mod: str | None
    granularity: str | None
    interval: Interval | None
    text: str | None  # wording of the dating expression (None when from the publication date)
    source: DateSource
    timex: str | None = None  # tid of the timex it comes from
    vague: bool = False

    def __init__(
        self,
        value: str,
        mod: str | None,
        granularity: str | None,
        interval: Interval | None,
        text: str | None,
        source: DateSource,
        timex: str | None = None,
        vague: bool = False,
    ) -> None:
        self.value = value
        self.mod = mod
        self.granularity = granularity
        self.interval = interval
        self.text = text
        self.source = source
        self.timex = timex
        self.vague = vague


@dataclass(init=False)
class Event(_Record):
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

    def __init__(
        self,
        trigger: Span,
        date: EventDate,
        sentence: Span,
        status: Status = "happened",
        headline: str = "",
        participants: list[str] | None = None,
        salience: float = 0.5,
        mentions: list[Span] | None = None,
        entry: str | None = None,
        id: str = "",
    ) -> None:
        self.id = id
        self.trigger = trigger
        self.date = date
        self.sentence = sentence
        self.status = status
        self.headline = headline
        self.participants = [] if participants is None else participants
        self.salience = salience
        self.mentions = [] if mentions is None else mentions
        self.entry = entry


@dataclass(init=False)
class Analysis(_Record):
    """Everything extracted from one article."""

    published: str
    language: str
    timexes: list[Timex]
    events: list[Event]  # the timeline: one entry per happening, in chronological order
    # every dated predicate, each with its entry (left empty when only the timeline is asked for)
    predicates: list[Event] = field(default_factory=list)
    genre: str = "news"  # the resolution mode used: news | narrative | colloquial (see genre.py)

    def __init__(
        self,
        published: str,
        language: str,
        timexes: list[Timex],
        events: list[Event],
        predicates: list[Event] | None = None,
        genre: str = "news",
    ) -> None:
        self.published = published
        self.language = language
        self.timexes = timexes
        self.events = events
        self.predicates = [] if predicates is None else predicates
        self.genre = genre


_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in (Span, Interval, Timex, EventDate, Event, Analysis)
}


def as_json(obj: object) -> dict[str, Any]:
    """One of these dataclasses as the answer writes it: its fields, in their order (orjson's `default`)."""
    names = _FIELDS.get(type(obj))
    if names is None:
        raise TypeError(f"{type(obj).__name__} is not JSON serializable")
    return {name: getattr(obj, name) for name in names}
