"""The answer's data types: their fields as the answer writes them, copies, and pickling."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle

import pytest

from service.core import extract
from service.core.model import Analysis, Event, EventDate, Interval, Span, Timex, as_json

pytestmark = pytest.mark.core


def _analysis() -> Analysis:
    text = "The bridge closed on Monday after the flood. Engineers will inspect it by April 30."
    return extract(text, dt.date(2025, 4, 17))


@pytest.mark.parametrize(
    "obj",
    [
        Span(4, 10, "bridge"),
        Interval("2025-04-14", None),
        Timex(0, 6, "Monday", "DATE", "2025-04-14", tid="t1"),
        EventDate("2025-04-14", None, "day", Interval("2025-04-14", "2025-04-14"), "Monday", "text"),
        Event(Span(0, 1, "x"), EventDate("2025", None, "year", None, None, "publication"), Span(0, 1, "x")),
    ],
    ids=["span", "interval", "timex", "event date", "event"],
)
def test_as_json_gives_every_field_in_its_order(obj: object) -> None:
    got = as_json(obj)
    assert list(got) == [f.name for f in dataclasses.fields(obj)], "field order is the answer's order"
    assert got == {name: getattr(obj, name) for name in got}


def test_as_json_refuses_what_is_not_an_answer_type() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        as_json(object())


def test_an_event_made_without_lists_gets_lists_of_its_own() -> None:
    date = EventDate("2025", None, "year", None, None, "publication")
    first, second = (Event(Span(0, 1, "x"), date, Span(0, 1, "x")) for _ in range(2))
    first.participants.append("the board")
    assert second.participants == [] and second.mentions == [] and first.id == ""


@pytest.mark.parametrize(
    "roundtrip",
    [lambda a: pickle.loads(pickle.dumps(a)), copy.deepcopy, copy.copy],
    ids=["pickle", "deepcopy", "copy"],
)
def test_an_analysis_survives_a_copy(roundtrip) -> None:
    analysis = _analysis()
    assert analysis.events, "the text has events"
    again = roundtrip(analysis)
    assert again == analysis and again is not analysis
    assert [e.id for e in again.events] == [e.id for e in analysis.events]


def test_an_interval_hashes_by_its_ends() -> None:
    assert len({Interval("2025-04-14", "2025-04-14"), Interval("2025-04-14", "2025-04-14")}) == 1
