"""The request's `language` selects the grammar; left out, the service detects it; the answer names it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from service import cli
from service.core import SUPPORTED_LANGUAGES

SPANISH = "El Gobierno aprobó ayer el plan, que entrará en vigor el próximo lunes."
PORTUGUESE = "O governo aprovou ontem o plano, que entrará em vigor na próxima segunda-feira."
FRENCH = "Le gouvernement a approuvé hier le plan, qui entrera en vigueur lundi prochain."
GERMAN = "Die Regierung hat gestern den Plan gebilligt, der am nächsten Montag in Kraft tritt."
ENGLISH = "The council approved the plan yesterday, and it will take effect next Monday."
PUBLISHED = "2025-04-18"  # a Friday


def _post(client: FlaskClient, **body: Any) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/timeline", json={"published": PUBLISHED, **body})
    return response.status_code, response.get_json()


@pytest.mark.parametrize(
    ("text", "language", "read_as", "values"),
    [
        pytest.param(SPANISH, "es", "es", ["2025-04-17", "2025-04-21"], id="Spanish, given"),
        pytest.param(SPANISH, None, "es", ["2025-04-17", "2025-04-21"], id="Spanish, detected"),
        pytest.param(PORTUGUESE, None, "pt", ["2025-04-17", "2025-04-21"], id="Portuguese, detected"),
        pytest.param(FRENCH, None, "fr", ["2025-04-17", "2025-04-21"], id="French, detected"),
        pytest.param(GERMAN, None, "de", ["2025-04-17", "2025-04-21"], id="German, detected"),
        pytest.param(ENGLISH, None, "en", ["2025-04-17", "2025-04-21"], id="English, detected"),
        pytest.param(ENGLISH, "en", "en", ["2025-04-17", "2025-04-21"], id="English, given"),
        pytest.param(SPANISH, "en", "en", [], id="Spanish read as English finds no Spanish expression"),
    ],
)
def test_the_language_given_or_detected_reads_the_text(
    client: FlaskClient, text: str, language: str | None, read_as: str, values: list[str]
) -> None:
    body = {"text": text} if language is None else {"text": text, "language": language}
    status, answer = _post(client, **body)
    assert status == 200
    assert answer["language"] == read_as
    assert [t["value"] for t in answer["timexes"]] == values


@pytest.mark.parametrize("language", ["it", "nl", "ru", "xx"])
def test_an_unsupported_language_is_a_422_listing_the_supported_ones(
    client: FlaskClient, language: str
) -> None:
    status, problem = _post(client, text=SPANISH, language=language)
    assert status == 422
    message = problem["errors"]["language"][0]
    assert f"Unsupported language {language!r}" in message
    assert "supported: " + ", ".join(SUPPORTED_LANGUAGES) in message


def test_batch_items_are_read_each_in_its_language(client: FlaskClient) -> None:
    items = [
        {"id": "es", "text": SPANISH, "published": PUBLISHED},
        {"id": "en", "text": ENGLISH, "published": PUBLISHED, "language": "en"},
    ]
    response = client.post("/v1/timelines:batch", json={"items": items})
    assert response.status_code == 200
    answers = {a["id"]: a for a in response.get_json()["results"]}
    assert answers["es"]["language"] == "es" and answers["en"]["language"] == "en"
    assert [t["value"] for t in answers["es"]["timexes"]] == ["2025-04-17", "2025-04-21"]


@pytest.mark.parametrize("language", ["es", "en", None])
def test_the_cli_reads_in_the_language_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Any, client: FlaskClient, language: str | None
) -> None:
    path = tmp_path / "articulo.txt"
    path.write_text(SPANISH, encoding="utf-8")
    argv = ["extract", str(path), "--published", PUBLISHED, "--json"]
    if language is not None:
        argv += ["--language", language]
    assert cli.main(argv) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["language"] == (language or "es")
    body = {"text": SPANISH} if language is None else {"text": SPANISH, "language": language}
    assert answer == _post(client, **body)[1]


# A Spanish sentence whose event the Spanish grammar dates (el martes) and the English one does not read.
CLOSED = "El puente de Valdemora fue cerrado el martes por las lluvias."


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_exports_follow_the_language(client: FlaskClient, language: str) -> None:
    body = {"text": CLOSED, "published": PUBLISHED, "language": language}
    answer = client.post("/v1/timeline", json=body).get_json()
    slides = client.post("/v1/timeline?format=timelinejs", json=body).get_json()["events"]
    shown = [(s["unique_id"], s["display_date"], s["start_date"]) for s in slides]
    expected = []
    for e in answer["events"]:
        year, month, day = e["date"]["interval"]["start"].split("-")
        expected.append(
            (e["id"], e["date"]["text"], {"year": year, "month": str(int(month)), "day": str(int(day))})
        )
    assert shown == expected
    # The tuesday is read in Spanish only: the export of the Spanish reading has it, the English one not.
    assert any(d == "el martes" for _, d, _ in shown) == (language == "es")
    calendar = client.post("/v1/timeline?format=ics", json=body).get_data(as_text=True)
    assert calendar.startswith("BEGIN:VCALENDAR")
