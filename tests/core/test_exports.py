"""Newsroom exports: a TimelineJS3 document that follows the format's rules, and an iCalendar file that
parses back with a calendar library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from service.core import extract
from service.core.exports import primary_events, to_ics, to_timelinejs
from service.core.model import Analysis

ARTICLES = Path(__file__).parents[1] / "data" / "articles"
PUBLISHED = dt.date(2025, 4, 17)
STATUSES = {"happened", "ongoing", "scheduled", "deadline", "expected", "hypothetical"}


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return extract((ARTICLES / "harbor.txt").read_text(encoding="utf-8"), PUBLISHED)


def _check_date(obj: dict[str, str]) -> dt.date:
    """TimelineJS dates: a year, optionally a month and a day, integer strings forming a real date."""
    assert set(obj) <= {"year", "month", "day", "hour", "minute"}
    assert "year" in obj and ("day" not in obj or "month" in obj)
    values = {k: int(v) for k, v in obj.items()}
    return dt.date(values["year"], values.get("month", 1), values.get("day", 1))


def test_timelinejs_document_follows_the_format(analysis: Analysis) -> None:
    doc = to_timelinejs(analysis, title="Harbor terminal")
    assert doc["title"]["text"]["headline"] == "Harbor terminal"
    slides = doc["events"]
    assert slides, "one slide per event"
    ids = [s["unique_id"] for s in slides]
    assert len(ids) == len(set(ids))
    for s in slides:
        start = _check_date(s["start_date"])
        if "end_date" in s:
            assert _check_date(s["end_date"]) >= start
        assert s["text"]["headline"] and s["text"]["text"]
        assert s["group"] in STATUSES
        assert isinstance(s["display_date"], str) and s["display_date"]


def test_timelinejs_dates_hold_only_what_the_granularity_supports(analysis: Analysis) -> None:
    slides = {s["unique_id"]: s for s in to_timelinejs(analysis)["events"]}
    by_value = {e.date.value: slides[e.id] for e in primary_events(analysis) if e.id in slides}
    assert by_value["2019"]["start_date"] == {"year": "2019"}
    assert by_value["2025-05"]["start_date"] == {"year": "2025", "month": "5"}
    assert by_value["2025-04-15"]["start_date"] == {"year": "2025", "month": "4", "day": "15"}
    assert by_value["2025-10-31"]["display_date"] == "by October 31"  # the article's own wording


def test_min_salience_keeps_the_story_events(analysis: Analysis) -> None:
    everything = to_timelinejs(analysis)["events"]
    story = to_timelinejs(analysis, min_salience=0.5)["events"]
    assert 0 < len(story) < len(everything)


def test_ics_parses_back_with_the_scheduled_events_and_deadlines(analysis: Analysis) -> None:
    cal = icalendar.Calendar.from_ical(to_ics(analysis, title="Harbor terminal"))
    assert cal["version"] == "2.0" and cal["prodid"]
    events = cal.walk("VEVENT")
    starts = {ev.decoded("dtstart"): str(ev["summary"]) for ev in events}
    assert dt.date(2025, 5, 1) in starts  # construction begins next month: the whole of May
    assert dt.date(2025, 10, 31) in starts and starts[dt.date(2025, 10, 31)].startswith("Deadline:")
    assert dt.date(2025, 4, 21) in starts  # the meeting next week
    for ev in events:
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        assert (
            type(start) is dt.date and type(end) is dt.date and end > start
        )  # date-only, RFC 5545 end exclusive
        assert ev.decoded("dtstamp") == dt.datetime(2025, 4, 17, tzinfo=dt.UTC)  # no clock read
        assert str(ev["uid"]).endswith("@news-timeline")
    assert len({str(ev["uid"]) for ev in events}) == len(events)
    past = [ev for ev in events if ev.decoded("dtend") <= dt.date(2025, 4, 17)]
    assert not past, "what already happened is not in the calendar"


def test_exports_are_deterministic(analysis: Analysis) -> None:
    again = extract((ARTICLES / "harbor.txt").read_text(encoding="utf-8"), PUBLISHED)
    assert to_ics(analysis) == to_ics(again)
    assert to_timelinejs(analysis) == to_timelinejs(again)


def _uids(text: str, article_id: str | None) -> list[str]:
    calendar = icalendar.Calendar.from_ical(to_ics(extract(text, PUBLISHED), article_id=article_id))
    return [str(ev["uid"]) for ev in calendar.walk("VEVENT")]


# Two articles of ours that open alike: the same verb at the same place, dated the same day.
BUDGET = "The council will vote on Friday on the budget."
PARKING = "The council will vote on Friday on the new parking plan for the harbour."


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param((BUDGET, "budget-0417"), (PARKING, "parking-0417"), False, id="two-articles-two-uids"),
        pytest.param((BUDGET, "budget-0417"), (BUDGET, "budget-0417"), True, id="same-article-same-uid"),
        pytest.param((BUDGET, "budget-0417"), (BUDGET, "budget-0418"), False, id="the-id-is-part-of-the-uid"),
        pytest.param((BUDGET, None), (BUDGET, None), True, id="without-id-still-stable"),
    ],
)
def test_ics_uids_tell_articles_apart(
    first: tuple[str, str | None], second: tuple[str, str | None], same: bool
) -> None:
    one, two = _uids(*first), _uids(*second)
    assert len(one) == len(two) == 1
    assert (one == two) is same
