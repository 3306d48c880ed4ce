"""Timeline order: by the interval a date covers, coarser before finer inside it, text order within a day,
vague dates placed around the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from texts import articles

from service.core import extract
from service.core.model import Event, EventDate, Interval, Span
from service.core.timeline import order, sort_key

ANCHOR = dt.date(2025, 4, 18)


def _event(value: str, start: str | None, end: str | None, position: int) -> Event:
    interval = Interval(start, end) if start else None
    date = EventDate(
        value=value,
        mod=None,
        granularity=None,
        interval=interval,
        text=None,
        source="text",
        vague=value.endswith("_REF"),
    )
    span = Span(position, position + 1, "x")
    return Event(trigger=span, date=date, sentence=span)


def test_order_rule() -> None:
    """What breaks: a month sorted after the days inside it, a week after a deadline inside it, vague
    dates outside their place, or text order lost within a day."""
    events = [
        _event("2025-04-26", "2025-04-26", "2025-04-26", 10),
        _event("2025-W17", "2025-04-21", "2025-04-27", 20),
        _event("FUTURE_REF", None, None, 30),
        _event("2025-04-18", "2025-04-18", "2025-04-18", 50),
        _event("PRESENT_REF", None, None, 60),
        _event("2025-04-18", "2025-04-18", "2025-04-18", 40),
        _event("PAST_REF", None, None, 70),
        _event("2025-04-17", "2025-04-17", "2025-04-17", 80),
        _event("2025-04", "2025-04-01", "2025-04-30", 90),
        _event("2022", "2022-01-01", "2022-12-31", 100),
    ]
    ordered = [(e.date.value, e.trigger.start) for e in order(events, ANCHOR)]
    assert ordered == [
        ("2022", 100),
        ("2025-04", 90),  # the month before the days inside it
        ("2025-04-17", 80),
        ("PAST_REF", 70),  # vague dates at the publication day: the past just before its events,
        ("PRESENT_REF", 60),  # the present at its start,
        ("2025-04-18", 40),  # within a day, text order
        ("2025-04-18", 50),
        ("FUTURE_REF", 30),  # the future just after it
        ("2025-W17", 20),  # next week starts on the 21st: before the 26th inside it
        ("2025-04-26", 10),
    ]
    assert [e.id for e in order(events, ANCHOR)] == [f"e{i}" for i in range(1, 11)]


def test_extracted_events_come_in_timeline_order() -> None:
    text = (
        "The council will vote next week. It first debated the plan in January. "
        "The mayor presented it on Tuesday, and protesters gathered outside in 2024."
    )
    events = extract(text, ANCHOR).events
    keys = [sort_key(e, ANCHOR) for e in events]
    assert keys == sorted(keys)
    values = [e.date.value for e in events if e.date.source == "text"]
    assert list(dict.fromkeys(values)) == ["2024", "2025-01", "2025-04-15", "2025-W17"]


def test_an_undated_happening_is_placed_by_the_narration_not_on_the_publication_day() -> None:
    """In the timeline, a past event without a date of its own takes the date of the last entry before it
    that the text dates, and says so; in events=all it keeps the publication date."""
    text = "The mill closed in 1998. Its owners moved abroad."
    analysis = extract(text, ANCHOR)
    moved = next(e for e in analysis.events if e.trigger.text == "moved")
    assert (moved.date.value, moved.date.source) == ("1998", "relation")
    moved_all = next(e for e in analysis.predicates if e.trigger.text == "moved")
    assert (moved_all.date.value, moved_all.date.source) == ("2025-04-18", "publication")


@pytest.mark.parametrize(("name", "text"), articles(), ids=[name for name, _ in articles()])
def test_the_timeline_view_gives_the_same_timeline(name: str, text: str) -> None:
    """What breaks: the timeline view (`events="timeline"`, which writes only its entries' headlines and
    orders no predicate list) answering otherwise than the full analysis, or still filling the list."""
    full = extract(text, ANCHOR)
    alone = extract(text, ANCHOR, events="timeline")
    assert full.predicates, "the text should give events (this test would prove little otherwise)"
    assert alone.predicates == []
    assert (alone.timexes, alone.events, alone.genre) == (full.timexes, full.events, full.genre)
    assert all(e.headline for e in alone.events), "every entry should have its headline"


def test_an_unknown_events_view_is_refused_not_read_as_another() -> None:
    """What breaks: a misspelt view ("timelines") silently answering as one of the two."""
    with pytest.raises(ValueError, match="events view"):
        extract("The council met on Tuesday.", ANCHOR, events="timelines")  # type: ignore[arg-type]
