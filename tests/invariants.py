"""What every answer of the core must satisfy, whatever the text and the publication date.

Shared by the property tests (tests/core/test_properties.py), the edge-case tests
(tests/api/test_edge_cases.py) and the fuzzers (benchmarks/fuzz.py, benchmarks/backtracking.py).
``check_analysis`` raises ``AssertionError`` with a message saying which invariant broke.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from service.core.model import Analysis, Span
from service.core.timeline import sort_key

# --- the TIMEX3 value grammar (TimeML 1.2.1 / ISO-TimeML), as far as this service uses it -------------------

_YEAR = r"(?:[0-9]{4}|XXXX)"
_MONTH = r"(?:0[1-9]|1[0-2]|XX)"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01]|XX)"
_WEEK = r"W(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)"
_CALENDAR = (
    rf"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?|-{_WEEK}(?:-WE|-[1-7])?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?"
    # social-post TIMEX3 (genre colloquial): a date with its weekday, a week with its month
    rf"|{_YEAR}-{_MONTH}-{_DAY}-WXX-[1-7]|{_YEAR}-{_MONTH}-{_WEEK}"
    r"|[0-9]{3}"  # decade: 199 = the 1990s
    r"|[0-9]{2}"  # century: 19 = 1900-1999
)
_CLOCK = r"(?:[01][0-9]|2[0-4])(?::[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?)?"
_ZONE = r"(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)"
_TIME_OF_DAY = rf"T(?:{_CLOCK}|MO|MI|AF|EV|NI|DT)(?:{_ZONE})?"
_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|X+)"
_DURATION = rf"P(?:(?:{_NUMBER}(?:Y|M|W|D|Q|DE|CE|ML|WE))+(?:T(?:{_NUMBER}[HMS])+)?|T(?:{_NUMBER}[HMS])+)"
_REF = r"PAST_REF|PRESENT_REF|FUTURE_REF"

DATE_VALUE = re.compile(rf"(?:{_CALENDAR})|{_REF}")
TIME_VALUE = re.compile(rf"(?:{_CALENDAR})?{_TIME_OF_DAY}|{_REF}")
DURATION_VALUE = re.compile(_DURATION)
SET_VALUE = re.compile(rf"{_DURATION}|(?:{_CALENDAR})(?:{_TIME_OF_DAY})?|{_TIME_OF_DAY}")
#: Any TIMEX3 value (an event's date may hold a DATE or a TIME value).
ANY_VALUE = re.compile(rf"(?:{_CALENDAR})(?:{_TIME_OF_DAY})?|{_TIME_OF_DAY}|{_DURATION}|{_REF}")

VALUE_BY_TYPE = {"DATE": DATE_VALUE, "TIME": TIME_VALUE, "DURATION": DURATION_VALUE, "SET": SET_VALUE}
MODS = {
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
    "START",
    "MID",
    "END",
    "APPROX",
}
GRANULARITIES = {
    None,
    "millennium",
    "century",
    "decade",
    "year",
    "half",
    "quarter",
    "season",
    "month",
    "week",
    "weekend",
    "day",
    "part_of_day",
    "hour",
    "minute",
    "second",
    "vague",
}
STATUSES = {"happened", "ongoing", "scheduled", "deadline", "expected", "hypothetical"}
SOURCES = {"text", "publication", "context", "relation"}


def is_timex3_value(value: str, type_: str | None = None) -> bool:
    """Whether ``value`` is a well-formed TIMEX3 value (of ``type_``, when given)."""
    pattern = VALUE_BY_TYPE[type_] if type_ else ANY_VALUE
    return pattern.fullmatch(value) is not None


# --- checks ------------------------------------------------------------------------------------------------


def _check_span(text: str, span: Span, what: str) -> None:
    assert 0 <= span.start <= span.end <= len(text), f"{what}: span {span.start}:{span.end} outside the text"
    assert text[span.start : span.end] == span.text, (
        f"{what}: text[{span.start}:{span.end}] is {text[span.start : span.end]!r}, not {span.text!r}"
    )


def _check_interval(interval: Any, what: str) -> None:
    if interval is None:
        return
    for end in (interval.start, interval.end):
        assert end is None or dt.date.fromisoformat(end).isoformat() == end, f"{what}: bad day {end!r}"
    if interval.start is not None and interval.end is not None:
        assert interval.start <= interval.end, f"{what}: interval {interval.start} > {interval.end}"


def check_analysis(text: str, published: dt.date | dt.datetime, analysis: Analysis) -> None:
    """Assert every invariant of the core's answer for ``text`` published at ``published``."""
    anchor = published.date() if isinstance(published, dt.datetime) else published
    assert analysis.published == published.isoformat(), "published is not echoed in ISO form"

    previous_end = 0
    tids = set()
    for number, t in enumerate(analysis.timexes, 1):
        what = f"timex {t.tid} {t.text!r} ({t.value})"
        _check_span(text, Span(t.start, t.end, t.text), what)
        assert t.start < t.end, f"{what}: empty"
        assert t.start >= previous_end, f"{what}: overlaps the timex before it or is out of text order"
        previous_end = t.end
        assert t.tid == f"t{number}", f"{what}: tids are not t1, t2, ... in text order"
        tids.add(t.tid)
        assert t.type in VALUE_BY_TYPE, f"{what}: unknown type {t.type}"
        assert is_timex3_value(t.value, t.type), f"{what}: not a well-formed TIMEX3 {t.type} value"
        assert t.mod is None or t.mod in MODS, f"{what}: unknown mod {t.mod}"
        assert t.granularity in GRANULARITIES, f"{what}: unknown granularity {t.granularity}"
        assert 0.0 <= t.confidence <= 1.0, f"{what}: confidence {t.confidence}"
        _check_interval(t.interval, what)
        _check_interval(t.range, f"{what} range")

    keys = []
    for number, e in enumerate(analysis.events, 1):
        what = f"event {e.id} {e.trigger.text!r} ({e.date.value})"
        assert e.id == f"e{number}", f"{what}: ids are not e1, e2, ... in timeline order"
        _check_span(text, e.trigger, f"{what} trigger")
        _check_span(text, e.sentence, f"{what} sentence")
        for mention in e.mentions:
            _check_span(text, mention, f"{what} mention")
        assert e.status in STATUSES, f"{what}: unknown status {e.status}"
        assert e.date.source in SOURCES, f"{what}: unknown source {e.date.source}"
        assert is_timex3_value(e.date.value), f"{what}: not a well-formed TIMEX3 value"
        assert e.date.mod is None or e.date.mod in MODS, f"{what}: unknown mod {e.date.mod}"
        assert e.date.granularity in GRANULARITIES, f"{what}: unknown granularity {e.date.granularity}"
        assert e.date.timex is None or e.date.timex in tids, f"{what}: refers to a missing timex"
        assert 0.0 <= e.salience <= 1.0, f"{what}: salience {e.salience}"
        _check_interval(e.date.interval, what)
        keys.append(sort_key(e, anchor)[:3])  # (within a date, a sentence's events go by their steps)
    assert keys == sorted(keys), "events are not in the order of service.core.timeline.sort_key"
    ids = {e.id for e in analysis.events}
    assert all(e.entry == e.id for e in analysis.events), "a timeline entry does not name itself"
    gathered: dict[str, set[tuple[int, int]]] = {}
    for number, p in enumerate(analysis.predicates, 1):
        assert p.id == f"p{number}", f"predicate {p.id}: ids are not p1, p2, ..."
        assert p.entry is None or p.entry in ids, f"predicate {p.id}: names a missing entry {p.entry}"
        _check_span(text, p.trigger, f"predicate {p.id} trigger")
        if p.entry is not None:
            gathered.setdefault(p.entry, set()).add((p.trigger.start, p.trigger.end))
    for e in analysis.events:
        mentions = {(m.start, m.end) for m in e.mentions}
        assert (e.trigger.start, e.trigger.end) in mentions, f"entry {e.id}: its trigger is not a mention"
        assert gathered.get(e.id, set()) <= mentions, f"entry {e.id}: a predicate of it is not a mention"


def as_data(analysis: Analysis) -> dict[str, Any]:
    """The analysis as plain data, for comparing two runs."""
    return dataclasses.asdict(analysis)


#: The fields of a timex in the HTTP answer (and in the OpenAPI document), `rule` left out.
TIMEX_KEYS = {
    "tid",
    "start",
    "end",
    "text",
    "type",
    "value",
    "mod",
    "granularity",
    "interval",
    "signal",
    "range",
    "confidence",
}
