"""What docs/integration.md promises a CMS: its example article, idempotent answers, and its examples.

The examples (``docs/examples/``) run as the guide runs them: the client and the proxy against a real
gunicorn with a key, the desk calendar on exports the service made.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import icalendar
import pytest
from serving import ROOT, Server, gunicorn

from service import create_app

EXAMPLES = ROOT / "docs" / "examples"
ARTICLE: dict[str, Any] = json.loads((EXAMPLES / "northgate-bridge.json").read_text(encoding="utf-8"))
KEY = "integration-guide-key-0001"
FORMATS = ("json", "timelinejs", "ics")


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"guide_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _answers(article: dict[str, Any], fmt: str, request_id: str) -> bytes:
    client = create_app({"TESTING": True}).test_client()  # a new application every time
    response = client.post(f"/v1/timeline?format={fmt}", json=article, headers={"X-Request-ID": request_id})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["X-Request-ID"] == request_id
    return response.get_data()


def test_the_example_article_has_the_events_the_guide_shows() -> None:
    answer = json.loads(_answers(ARTICLE, "json", "guide"))
    assert answer["id"] == ARTICLE["id"]
    by_status = {(e["date"]["value"], e["status"]) for e in answer["events"]}
    # The guide's walk-through: Monday's closure, the deadline, the meeting, the reopening.
    assert {("2026-03-16", "scheduled"), ("2026-03-20", "deadline"), ("2026-04", "expected")} <= by_status
    dates = [e["date"]["interval"]["start"] for e in answer["events"] if e["date"]["interval"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_output_whatever_the_application_and_request_id(fmt: str) -> None:
    answers = {_answers(ARTICLE, fmt, request_id) for request_id in ("first-try", "second-try", "third-try")}
    assert len(answers) == 1, f"{fmt}: {len(answers)} different answers to the same article"


@pytest.mark.parametrize(
    ("change", "fmt"),
    [
        pytest.param({"id": "northgate-bridge-0313"}, "json", id="id-is-echoed"),
        pytest.param({"id": "northgate-bridge-0313"}, "ics", id="id-is-in-the-calendar-uids"),
        pytest.param({"published": "2026-03-12T00:00:00Z"}, "json", id="published-written-otherwise"),
        pytest.param({"title": "Bridge shut for six weeks"}, "timelinejs", id="title-is-the-title-slide"),
    ],
)
def test_what_the_answer_depends_on(change: dict[str, str], fmt: str) -> None:
    assert _answers(ARTICLE, fmt, "a") != _answers({**ARTICLE, **change}, fmt, "a")


# --- the examples, against a real server -------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with gunicorn(tmp_path_factory.mktemp("guide-gunicorn"), {"API_KEYS": KEY}, workers=1) as s:
        yield s


@pytest.fixture
def service_env(server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    monkeypatch.setenv("TIMELINE_URL", server.url)
    monkeypatch.setenv("TIMELINE_KEY", KEY)
    return server


@pytest.mark.parametrize("fmt", FORMATS)
def test_cms_client_gets_what_the_application_answers(service_env: Server, fmt: str) -> None:
    client = _example("cms_client")
    assert client.post_article(ARTICLE, fmt, request_id="cms-guide") == _answers(ARTICLE, fmt, "x")


@pytest.mark.parametrize(
    ("key", "article", "status"),
    [
        pytest.param("not-the-right-key-0000", ARTICLE, 401, id="wrong-key"),
        pytest.param(KEY, {**ARTICLE, "text": " "}, 422, id="blank-text"),
    ],
)
def test_cms_client_raises_the_problem(
    service_env: Server, monkeypatch: pytest.MonkeyPatch, key: str, article: dict[str, Any], status: int
) -> None:
    client = _example("cms_client")
    monkeypatch.setenv("TIMELINE_KEY", key)
    with pytest.raises(client.TimelineProblem) as raised:
        client.post_article(article, request_id="cms-guide-problem")
    assert raised.value.problem["status"] == status
    assert raised.value.request_id == "cms-guide-problem"


@pytest.mark.parametrize(
    ("body", "status", "content_type"),
    [
        pytest.param(ARTICLE, 200, "application/json", id="answer-relayed"),
        pytest.param({**ARTICLE, "text": ""}, 422, "application/problem+json", id="problem-relayed"),
    ],
)
def test_cms_proxy_adds_the_key_and_relays_the_answer(
    service_env: Server, body: dict[str, Any], status: int, content_type: str
) -> None:
    proxy = _example("cms_proxy").app.test_client()
    response = proxy.post("/cms/timeline", json=body, headers={"X-Request-ID": "cms-proxy-1"})
    assert (response.status_code, response.mimetype) == (status, content_type)
    assert response.headers["X-Request-ID"] == "cms-proxy-1"
    if status == 200:
        assert response.get_data() == _answers(ARTICLE, "json", "x")


def test_cms_proxy_refuses_an_unknown_format(service_env: Server) -> None:
    proxy = _example("cms_proxy").app.test_client()
    assert proxy.post("/cms/timeline?format=xml", json=ARTICLE).status_code == 400


# --- the desk calendar -------------------------------------------------------------------------------------

# Two articles of ours that open alike: their events would share UIDs without the article's id.
BUDGET = {
    "id": "budget-0420",
    "published": "2026-04-20",
    "text": "The council will vote on Friday on the budget. Residents must send comments by May 8.",
}
PARKING = {
    "id": "parking-0420",
    "published": "2026-04-20",
    "text": "The council will vote on Friday on the parking plan. Shops must reply by May 15.",
}


def _entries(calendar: bytes) -> list[tuple[str, str]]:
    """(day, status) of each event of an iCalendar file, sorted."""
    events = icalendar.Calendar.from_ical(calendar).walk("VEVENT")
    return sorted((str(e.decoded("dtstart")), str(e["categories"].cats[0])) for e in events)


FRIDAY_VOTES = [("2026-04-24", "scheduled"), ("2026-04-24", "scheduled")]
DEADLINES = [("2026-05-08", "deadline"), ("2026-05-15", "deadline")]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        pytest.param({"deadline"}, DEADLINES, id="deadlines-of-every-article"),
        # Both Friday votes: same opening, same day, but each article's UIDs are its own.
        pytest.param(None, FRIDAY_VOTES + DEADLINES, id="everything-to-come-nothing-overwritten"),
    ],
)
def test_desk_calendar_merges_the_exports(statuses: set[str] | None, expected: list[tuple[str, str]]) -> None:
    exports = [_answers(article, "ics", "desk") for article in (BUDGET, PARKING, BUDGET)]  # one given twice
    desk = _example("desk_calendar").merge(exports, "Desk", statuses)
    assert _entries(desk) == expected
    assert str(icalendar.Calendar.from_ical(desk)["x-wr-calname"]) == "Desk"


def test_desk_calendar_is_stable() -> None:
    merge = _example("desk_calendar").merge
    once = merge([_answers(BUDGET, "ics", "a"), _answers(PARKING, "ics", "b")], "Desk")
    again = merge([_answers(BUDGET, "ics", "c"), _answers(PARKING, "ics", "d")], "Desk")
    assert hashlib.sha256(once).digest() == hashlib.sha256(again).digest()


def test_desk_calendar_command(tmp_path: Path) -> None:
    desk_calendar = _example("desk_calendar")
    (tmp_path / "exports").mkdir()
    for article in (BUDGET, PARKING):
        (tmp_path / "exports" / f"{article['id']}.ics").write_bytes(_answers(article, "ics", "cmd"))
    output = tmp_path / "desk.ics"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.argv", ["desk_calendar.py", str(tmp_path / "exports"), str(output)])
        desk_calendar.main()
    assert _entries(output.read_bytes()) == DEADLINES
