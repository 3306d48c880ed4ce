"""The 200 answer of POST /v1/timeline, the probes, and the documentation routes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask.testing import FlaskClient
from invariants import TIMEX_KEYS

from service import article
from service.core.model import Analysis, Event, EventDate, Interval, Span, Timex

# A paragraph of our own, dense with temporal expressions of every kind.
PARAGRAPH = (
    "The Lowfield school board met on Monday and approved a new timetable. "
    "Classes will start at 8:30 a.m. from next September, and the change will be reviewed "
    "every six months. Two years ago the board tried a similar plan for 30 days, "
    "but abandoned it by the end of March 2023. A vote on the budget is expected "
    "within the next two weeks — “before the holidays”, the chair said on 14 April 2025. 🚌"
)

EVENT_KEYS = {
    "id",
    "trigger",
    "date",
    "sentence",
    "status",
    "headline",
    "participants",
    "salience",
    "mentions",
    "entry",
}
DATE_KEYS = {"value", "mod", "granularity", "interval", "text", "source", "timex", "vague"}


def post(client: FlaskClient, **body: Any) -> Any:
    response = client.post("/v1/timeline", json=body)
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    return response.get_json()


def test_answer_has_the_documented_top_level_fields(client: FlaskClient) -> None:
    answer = post(client, text=PARAGRAPH, published="2025-04-17", id="board-1")
    assert list(answer) == ["id", "published", "language", "genre", "timexes", "events", "truncated"]
    assert answer["truncated"] is False
    assert answer["id"] == "board-1"
    assert answer["published"] == "2025-04-17"
    assert answer["language"] == "en"
    assert isinstance(answer["timexes"], list)
    assert isinstance(answer["events"], list)


def test_id_is_null_when_not_sent_and_language_defaults_to_english(client: FlaskClient) -> None:
    answer = post(client, text="The fair opened yesterday.", published="2025-04-17")
    assert answer["id"] is None
    assert answer["language"] == "en"


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [
        pytest.param("2025-04-17", "2025-04-17", id="date"),
        pytest.param("2025-04-17T09:30:00+02:00", "2025-04-17T09:30:00+02:00", id="date-time-with-offset"),
        pytest.param("2025-04-17T07:30:00Z", "2025-04-17T07:30:00+00:00", id="z-becomes-plus-zero"),
        pytest.param("2025-04-17t07:30z", "2025-04-17T07:30:00+00:00", id="lowercase-t-and-z"),
        pytest.param(
            "2025-04-17 07:30:15.250-05:00", "2025-04-17T07:30:15.250000-05:00", id="space-and-fraction"
        ),
        pytest.param("0001-01-01", "0001-01-01", id="first-year"),
        pytest.param("9999-12-31T23:59:59+14:00", "9999-12-31T23:59:59+14:00", id="last-year"),
    ],
)
def test_published_is_echoed_in_normalized_iso_form(client: FlaskClient, sent: str, echoed: str) -> None:
    assert post(client, text="It rained on Friday.", published=sent)["published"] == echoed


def test_published_reaches_the_core_as_date_or_aware_datetime(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []

    def fake_extract(
        text: str, published: dt.date, language: str = "en", genre: str | None = None, events: str = "all"
    ) -> Analysis:
        seen.append(published)
        return Analysis(published=published.isoformat(), language=language or "en", timexes=[], events=[])

    monkeypatch.setattr(article, "extract", fake_extract)
    post(client, text="Rain.", published="2025-04-17")
    post(client, text="Rain.", published="2025-04-17T09:30:00+02:00")
    assert seen[0] == dt.date(2025, 4, 17) and not isinstance(seen[0], dt.datetime)
    assert seen[1] == dt.datetime(2025, 4, 17, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def _rich_analysis(
    text: str, published: dt.date, language: str = "en", genre: str | None = None, events: str = "all"
) -> Analysis:
    """A hand-made analysis using every field of the dataclasses, to pin the serialization."""
    start = text.index("Monday")
    monday = Timex(
        start=start,
        end=start + 6,
        text="Monday",
        type="DATE",
        value="2025-04-14",
        mod=None,
        granularity="day",
        interval=Interval("2025-04-14", "2025-04-14"),
        signal="on",
        confidence=0.9,
        rule="weekday_past",
        tid="t1",
    )
    soon = Timex(start=0, end=3, text="The", type="DATE", value="FUTURE_REF", mod="APPROX", tid="t2")
    trigger = Span(text.index("met"), text.index("met") + 3, "met")
    sentence = Span(0, text.index(".") + 1, text[: text.index(".") + 1])
    event = Event(
        trigger=trigger,
        date=EventDate(
            value="2025-04-14",
            mod=None,
            granularity="day",
            interval=Interval("2025-04-14", "2025-04-14"),
            text="Monday",
            source="text",
            timex="t1",
            vague=False,
        ),
        sentence=sentence,
        status="happened",
        headline="School board met",
        participants=["school board"],
        salience=0.75,
        mentions=[trigger],
        id="e1",
    )
    return Analysis(
        published=published.isoformat(), language=language or "en", timexes=[monday, soon], events=[event]
    )


def test_every_dataclass_field_is_serialized_except_the_rule(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article, "extract", _rich_analysis)
    answer = post(client, text=PARAGRAPH, published="2025-04-17")

    first, second = answer["timexes"]
    assert set(first) == TIMEX_KEYS, "timex fields"
    assert "rule" not in first
    assert first == {
        "tid": "t1",
        "start": PARAGRAPH.index("Monday"),
        "end": PARAGRAPH.index("Monday") + 6,
        "text": "Monday",
        "type": "DATE",
        "value": "2025-04-14",
        "mod": None,
        "granularity": "day",
        "interval": {"start": "2025-04-14", "end": "2025-04-14"},
        "signal": "on",
        "range": None,
        "confidence": 0.9,
    }
    assert second["interval"] is None and second["granularity"] is None and second["mod"] == "APPROX"

    (event,) = answer["events"]
    assert set(event) == EVENT_KEYS
    assert set(event["date"]) == DATE_KEYS
    assert event["trigger"] == {
        "start": PARAGRAPH.index("met"),
        "end": PARAGRAPH.index("met") + 3,
        "text": "met",
    }
    assert (
        event["date"]["timex"] == "t1"
        and event["date"]["source"] == "text"
        and event["date"]["vague"] is False
    )
    assert event["date"]["interval"] == {"start": "2025-04-14", "end": "2025-04-14"}
    assert event["sentence"]["text"] == PARAGRAPH[event["sentence"]["start"] : event["sentence"]["end"]]
    assert event["mentions"] == [event["trigger"]]
    assert (event["status"], event["headline"], event["participants"], event["salience"], event["id"]) == (
        "happened",
        "School board met",
        ["school board"],
        0.75,
        "e1",
    )


def _check_span(text: str, span: dict[str, Any]) -> None:
    assert 0 <= span["start"] <= span["end"] <= len(text), span
    assert text[span["start"] : span["end"]] == span["text"], span


def test_offsets_index_the_text_as_a_python_string(client: FlaskClient) -> None:
    """Holds for whatever the core returns; the `core` test below checks what it finds."""
    answer = post(client, text=PARAGRAPH, published="2025-04-17")
    for timex in answer["timexes"]:
        assert set(timex) == TIMEX_KEYS
        _check_span(PARAGRAPH, timex)
        assert timex["type"] in {"DATE", "TIME", "DURATION", "SET"}
    tids = {timex["tid"] for timex in answer["timexes"]}
    for event in answer["events"]:
        assert set(event) == EVENT_KEYS
        _check_span(PARAGRAPH, event["trigger"])
        _check_span(PARAGRAPH, event["sentence"])
        for mention in event["mentions"]:
            _check_span(PARAGRAPH, mention)
        assert event["date"]["timex"] is None or event["date"]["timex"] in tids


@pytest.mark.core
@pytest.mark.parametrize(
    ("text", "type_", "value", "mod", "signal"),
    [
        pytest.param("Monday", "DATE", "2025-04-14", None, "on", id="weekday before a Thursday"),
        pytest.param("next September", "DATE", "2025-09", None, "from", id="next month name"),
        pytest.param("every six months", "SET", "P6M", None, None, id="set"),
        pytest.param("Two years ago", "DATE", "2023", None, None, id="years ago"),
        pytest.param("30 days", "DURATION", "P30D", None, "for", id="duration"),
        pytest.param("the end of March 2023", "DATE", "2023-03", "END", "by", id="modifier and signal"),
        pytest.param("14 April 2025", "DATE", "2025-04-14", None, "on", id="day month year"),
    ],
)
def test_the_answer_carries_the_core_values_of_our_paragraph(
    client: FlaskClient, text: str, type_: str, value: str, mod: str | None, signal: str | None
) -> None:
    """Through the API, as the core normalizes them against the publication date (a Thursday)."""
    answer = post(client, text=PARAGRAPH, published="2025-04-17")
    found = {t["text"]: (t["type"], t["value"], t["mod"], t["signal"]) for t in answer["timexes"]}
    assert found.get(text) == (type_, value, mod, signal)


def test_events_come_back_in_the_order_the_core_gives(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def two_events(
        text: str, published: dt.date, language: str = "en", genre: str | None = None, events: str = "all"
    ) -> Analysis:
        analysis = _rich_analysis(text, published, language)
        later = EventDate(
            "2025-09", None, "month", Interval("2025-09-01", "2025-09-30"), "next September", "text", None
        )
        start = text.index("start")
        analysis.events.append(
            Event(
                trigger=Span(start, start + 5, "start"),
                date=later,
                sentence=analysis.events[0].sentence,
                id="e2",
            )
        )
        return analysis

    monkeypatch.setattr(article, "extract", two_events)
    answer = post(client, text=PARAGRAPH, published="2025-04-17")
    assert [event["id"] for event in answer["events"]] == ["e1", "e2"]


def test_events_are_ordered_by_date(client: FlaskClient) -> None:
    answer = post(client, text=PARAGRAPH, published="2025-04-17")
    starts = [event["date"]["interval"]["start"] for event in answer["events"] if event["date"]["interval"]]
    assert starts == sorted(starts)


def test_same_request_same_answer(client: FlaskClient) -> None:
    """Stateless and clock-free: the answer depends on the request alone."""
    body = {"text": PARAGRAPH, "published": "2020-02-29"}
    assert post(client, **body) == post(client, **body)


def test_media_type_with_charset_and_json_suffix_is_accepted(client: FlaskClient) -> None:
    for content_type in ("application/json; charset=utf-8", "application/vnd.timeline+json"):
        response = client.post(
            "/v1/timeline",
            data='{"text": "It snowed.", "published": "2025-01-02"}',
            content_type=content_type,
        )
        assert response.status_code == 200, content_type


def test_text_at_the_configured_limit_is_accepted(make_app: Any) -> None:
    client = make_app(MAX_TEXT_LENGTH=50).test_client()
    response = client.post("/v1/timeline", json={"text": "x" * 50, "published": "2025-04-17"})
    assert response.status_code == 200


def test_liveness(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_readiness_once_warmed_up(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ready"})


def test_factory_warms_the_core_up(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import service.app

    calls: list[bool] = []
    monkeypatch.setattr(service.app, "warm_up", lambda: calls.append(True))
    make_app()
    assert calls == [True]


def test_spec_is_served_as_yaml_and_json(client: FlaskClient) -> None:
    import yaml

    as_yaml = client.get("/openapi.yaml")
    as_json = client.get("/openapi.json")
    assert as_yaml.status_code == as_json.status_code == 200
    assert as_yaml.mimetype == "application/yaml"
    assert as_json.mimetype == "application/json"
    assert yaml.safe_load(as_yaml.get_data(as_text=True)) == as_json.get_json()


def test_docs_page_loads_swagger_ui_from_this_host(client: FlaskClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/docs/assets/swagger-ui-bundle.js" in html
    assert "/openapi.json" in html
    assert "http://" not in html and "https://" not in html, "no CDN: every asset comes from this host"
    for asset in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        with client.get(f"/docs/assets/{asset}") as response:  # closes the file it streams
            assert response.status_code == 200, asset
            assert len(response.get_data()) > 1000, asset


def test_docs_assets_cannot_escape_the_bundle_directory(client: FlaskClient) -> None:
    response = client.get("/docs/assets/../../../../etc/passwd")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_responses_say_nosniff(client: FlaskClient) -> None:
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"


TWO_VIEWS = (
    "The port authority approved the expansion on Tuesday, the director said on Wednesday. "
    "Engineers believe the quay is sound. Work will begin next month."
)


def test_the_timeline_and_every_predicate_are_two_views_of_one_analysis(client: FlaskClient) -> None:
    """The default answer is the timeline; ?events=all lists every predicate, each naming its entry."""
    body = {"text": TWO_VIEWS, "published": "2025-04-17"}
    timeline = client.post("/v1/timeline", json=body).get_json()["events"]
    everything = client.post("/v1/timeline?events=all", json=body).get_json()["events"]
    assert [e["trigger"]["text"] for e in timeline] == ["approved", "begin"]
    assert [e["id"] for e in timeline] == ["e1", "e2"] and all(e["entry"] == e["id"] for e in timeline)
    entry_of = {p["trigger"]["text"]: p["entry"] for p in everything}
    assert entry_of["approved"] == "e1" and entry_of["begin"] == "e2"
    assert entry_of["said"] is None, "a reporting frame whose statement has its own entry"
    assert all(p["id"].startswith("p") for p in everything)


def test_an_unknown_events_view_is_a_validation_problem(client: FlaskClient) -> None:
    response = client.post("/v1/timeline?events=some", json={"text": TWO_VIEWS, "published": "2025-04-17"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
