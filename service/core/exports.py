"""Newsroom formats of a timeline: a Knight Lab TimelineJS3 document and an iCalendar file."""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar

from service.core.grammar import load
from service.core.model import Analysis, Event, Timex

# Granularities whose dates TimelineJS can show to the day, the month or only the year.
_DAY = {"day", "part_of_day", "hour", "minute", "week", "weekend"}
_MONTH = {"month", "quarter", "half", "season"}
_VAGUE_WORDING = {"PAST_REF": "Recently", "PRESENT_REF": "Now", "FUTURE_REF": "In the future"}
ICS_STATUSES = ("scheduled", "deadline", "expected")


def _date_parts(iso: str, granularity: str | None) -> dict[str, str]:
    """TimelineJS date object with only the parts the granularity supports."""
    day = dt.date.fromisoformat(iso)
    parts = {"year": str(day.year)}
    if granularity in _DAY or granularity in _MONTH:
        parts["month"] = str(day.month)
    if granularity in _DAY:
        parts["day"] = str(day.day)
    return parts


def display_date(event: Event, published: dt.date, timexes: dict[str, Timex], language: str = "en") -> str:
    """The article's own wording of the date ("by April 26"), or the publication date it stands on."""
    date = event.date
    timex = timexes.get(date.timex or "")
    if date.vague:
        wording = date.text or _VAGUE_WORDING.get(date.value, "")
        return f"{wording[:1].upper()}{wording[1:]} (as of {published:%-d %b %Y})"
    if date.source == "publication" or not date.text:
        return f"{published:%-d %b %Y}"
    if timex is not None and load(language).lexicon["signals"].get(timex.signal or "", {}).get("shown"):
        return f"{timex.signal} {date.text}"
    return date.text


def primary_events(analysis: Analysis, min_salience: float = 0.0) -> list[Event]:
    """The events worth a slide or a calendar entry: one per dating expression (the most salient of the
    predicates it dates), in timeline order, at least `min_salience`."""
    best: dict[str, Event] = {}
    for e in analysis.events:
        key = e.date.timex if e.date.source == "text" and e.date.timex else e.id
        if key not in best or e.salience > best[key].salience:
            best[key] = e
    keep = {id(e) for e in best.values()}
    return [e for e in analysis.events if id(e) in keep and e.salience >= min_salience]


def to_timelinejs(
    analysis: Analysis, title: str | None = None, min_salience: float = 0.0
) -> dict[str, object]:
    """A TimelineJS3 document: a title slide, then one slide per event (grouped by status)."""
    published = dt.date.fromisoformat(analysis.published[:10])
    timexes = {t.tid: t for t in analysis.timexes}
    slides: list[dict[str, object]] = []
    for e in primary_events(analysis, min_salience):
        iv = e.date.interval
        if e.date.vague or iv is None or iv.start is None:
            start = {"year": str(published.year), "month": str(published.month), "day": str(published.day)}
            end = None
        else:
            start = _date_parts(iv.start, e.date.granularity)
            end = _date_parts(iv.end, e.date.granularity) if iv.end else None
            end = end if end != start else None
        slide: dict[str, object] = {
            "start_date": start,
            "display_date": display_date(e, published, timexes, analysis.language),
            "text": {"headline": e.headline or e.trigger.text, "text": e.sentence.text},
            "group": e.status,
            "unique_id": e.id,
        }
        if end is not None:
            slide["end_date"] = end
        slides.append(slide)
    doc: dict[str, object] = {"events": slides}
    if title:
        doc["title"] = {"text": {"headline": title, "text": f"Published {published:%-d %B %Y}"}}
    return doc


def to_ics(analysis: Analysis, title: str | None = None, article_id: str | None = None) -> bytes:
    """An iCalendar file (RFC 5545) of the events still to come that the text dates: date-only VEVENTs
    for scheduled and expected events over the days their date covers, for deadlines on the deadline day.
    ``article_id`` (the request's ``id``) makes the UIDs unique across articles."""
    published = dt.date.fromisoformat(analysis.published[:10])
    stamp = dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//news-timeline//timeline export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if title:
        cal.add("x-wr-calname", _printable(title))
    for e in primary_events(analysis):
        iv = e.date.interval
        if (
            e.status not in ICS_STATUSES
            or e.date.source != "text"
            or iv is None
            or not iv.start
            or not iv.end
        ):
            continue
        if iv.end < analysis.published[:10]:
            continue
        first, last = dt.date.fromisoformat(iv.start), dt.date.fromisoformat(iv.end)
        if e.status == "deadline":
            first = last
        event = icalendar.Event()
        event.add("uid", _uid(analysis, e, article_id))
        event.add("dtstamp", stamp)  # the publication date: the export never reads the clock
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))
        summary = _printable(e.headline or e.trigger.text)
        event.add("summary", f"Deadline: {summary}" if e.status == "deadline" else summary)
        event.add("description", _printable(e.sentence.text))
        event.add("categories", [e.status])
        cal.add_component(event)
    return cal.to_ical()


def _printable(text: str) -> str:
    """Text an iCalendar file can carry: UTF-8, so a lone surrogate (possible in JSON input) becomes "?"."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _uid(analysis: Analysis, e: Event, article_id: str | None = None) -> str:
    """A stable identifier: the same article and event give the same UID in every export.

    With the article's id, two articles that open alike (same words at the same place, same date) still
    give different UIDs: in a calendar gathering many articles, one would otherwise replace the other.
    """
    key = f"{analysis.published}|{e.trigger.start}|{e.trigger.text}|{e.date.value}"
    if article_id is not None:
        key = f"{article_id}|{key}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "@news-timeline"
