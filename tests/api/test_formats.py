"""`POST /v1/timeline?format=...`: the TimelineJS3 and iCalendar exports over HTTP."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from flask.testing import FlaskClient

ARTICLE = {
    "id": "bridge-0418",
    "title": "River bridge to close for repairs",
    "published": "2025-04-18",
    "text": (
        "The county closed the river bridge on Wednesday after inspectors found cracks in two supports. "
        "Repairs will start next month and must be completed by September 30, the county engineer said."
    ),
}


def test_timelinejs_format(client: FlaskClient) -> None:
    response = client.post("/v1/timeline?format=timelinejs", json=ARTICLE)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    doc = response.get_json()
    assert doc["title"]["text"]["headline"] == ARTICLE["title"]
    displays = [slide["display_date"] for slide in doc["events"]]
    assert displays == ["Wednesday", "next month", "by September 30"]
    assert [slide["group"] for slide in doc["events"]] == ["happened", "scheduled", "deadline"]


def test_min_salience_zero_keeps_every_event(client: FlaskClient) -> None:
    everything = client.post("/v1/timeline?format=timelinejs&min_salience=0", json=ARTICLE).get_json()
    story = client.post("/v1/timeline?format=timelinejs", json=ARTICLE).get_json()
    strict = client.post("/v1/timeline?format=timelinejs&min_salience=1", json=ARTICLE).get_json()
    assert len(everything["events"]) >= len(story["events"]) > len(strict["events"])


def test_ics_format_parses_back(client: FlaskClient) -> None:
    response = client.post("/v1/timeline?format=ics", json=ARTICLE)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(response.data)
    starts = sorted(ev.decoded("dtstart") for ev in cal.walk("VEVENT"))
    assert starts == [dt.date(2025, 5, 1), dt.date(2025, 9, 30)]  # the repairs and their deadline
    assert str(cal["x-wr-calname"]) == ARTICLE["title"]


def test_json_is_the_default_format(client: FlaskClient) -> None:
    explicit = client.post("/v1/timeline?format=json", json=ARTICLE).get_json()
    assert explicit == client.post("/v1/timeline", json=ARTICLE).get_json()
    assert explicit["id"] == ARTICLE["id"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("format=xml", "format"), ("min_salience=1.5", "min_salience"), ("min_salience=high", "min_salience")],
)
def test_bad_query_is_a_422_problem(client: FlaskClient, query: str, field: str) -> None:
    response = client.post(f"/v1/timeline?{query}", json=ARTICLE)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]["query"]


def test_ics_survives_a_lone_surrogate(client: FlaskClient) -> None:
    """JSON may carry a lone surrogate (\\ud800): the calendar, which must be UTF-8, replaces it."""
    article = {
        **ARTICLE,
        "text": ARTICLE["text"].replace("Repairs", "Repairs \ud800"),
        "title": "Bridge \ud800",
    }
    response = client.post("/v1/timeline?format=ics", json=article)
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.data)
    assert len(cal.walk("VEVENT")) == 2
