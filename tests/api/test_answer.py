"""The answer written by hand (service/api/answer.py) is exactly what the documented schema would dump."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from flask import Flask
from texts import articles

from service.api.answer import encode, timeline_answer
from service.api.schemas import TimelineResponseSchema
from service.core import extract


def _schema_dump(app: Flask, analysis, request_id, events=None):
    """The schema's dump of an analysis (with `events`: of those events instead of the timeline)."""
    with app.app_context():
        fields_ = {f.name: getattr(analysis, f.name) for f in dataclasses.fields(analysis)}
        if events is not None:
            fields_["events"] = events
        return TimelineResponseSchema().dump({"id": request_id, **fields_})


@pytest.mark.parametrize(("name", "text"), articles(), ids=[name for name, _ in articles()])
def test_answer_is_the_schema_dump_field_for_field_in_order(make_app, name: str, text: str) -> None:
    """If a field is added to a schema or a dataclass and not to answer.py (or in another order), the
    answer and its documentation disagree; key order is compared too, through the encoded JSON."""
    app = make_app()
    analysis = extract(text, dt.date(2025, 4, 17))
    assert analysis.predicates
    expected = _schema_dump(app, analysis, name)
    with app.app_context():
        limits = [app.config[k] for k in ("MAX_TIMEXES", "MAX_EVENTS")]
        got = timeline_answer(analysis, name, *limits)
        expected_all = _schema_dump(app, analysis, name, analysis.predicates)
        got_all = timeline_answer(analysis, name, *limits, "all")
    assert encode(got) == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()
    assert encode(got_all) == json.dumps(expected_all, ensure_ascii=False, separators=(",", ":")).encode()


def test_answer_cuts_lists_like_the_schema(make_app) -> None:
    """The output limits apply the same way on both paths, `truncated` included."""
    app = make_app(MAX_TIMEXES=2, MAX_EVENTS=3)
    analysis = extract(articles()[0][1], dt.date(2025, 4, 17))
    got = timeline_answer(analysis, None, 2, 3)
    assert json.loads(encode(got)) == _schema_dump(app, analysis, None)
    assert got["truncated"] is True and len(got["timexes"]) == 2 and len(got["events"]) == 3


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"text": "Zürich, 18 avril"}, '{"text":"Zürich, 18 avril"}'.encode()),
        ({"text": "a\ud800b"}, b'{"text":"a\\ud800b"}'),
        ({"n": 1, "x": 0.5, "none": None, "yes": True}, b'{"n":1,"x":0.5,"none":null,"yes":true}'),
    ],
    ids=["non-ASCII is written as UTF-8", "a lone surrogate is escaped", "numbers, null and booleans"],
)
def test_encode(document, expected: bytes) -> None:
    assert encode(document) == expected


def test_an_answer_with_a_lone_surrogate_is_the_same_document(make_app) -> None:
    """The events are dataclasses, which orjson writes and the standard library's encoder (used when the
    text holds a lone surrogate) does not know: both must give the same document, fields in order."""
    text = "The port reopened on Monday \ud800 after the storm."
    analysis = extract(text, dt.date(2025, 4, 17))
    assert analysis.events
    app = make_app()
    with app.app_context():
        got = timeline_answer(analysis, "x", None, None)
    encoded = encode(got)
    assert b"\\ud800" in encoded
    expected = _schema_dump(app, analysis, "x")
    assert encoded == json.dumps(expected, ensure_ascii=True, separators=(",", ":")).encode()


def test_the_all_view_is_the_schema_dump_too(make_app) -> None:
    """With events=all the events are the predicates, each with its `entry`: one schema documents both."""
    app = make_app()
    name, text = articles()[0]
    analysis = extract(text, dt.date(2025, 4, 17))
    assert len(analysis.predicates) > len(analysis.events)
    with app.app_context():
        fields_ = {f.name: getattr(analysis, f.name) for f in dataclasses.fields(analysis)}
        expected = TimelineResponseSchema().dump({"id": name, **fields_, "events": analysis.predicates})
        got = timeline_answer(analysis, name, None, None, "all")
    assert encode(got) == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()
