"""Bad or odd input gets a clear answer, never a 500: text and `published` edge cases through the API.

For every 200 answer, every offset still indexes the text exactly as the client sent it (a Python
string: code points), ``text[start:end]`` holds, and every value is a well-formed TIMEX3 value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from invariants import is_timex3_value

from service import create_app
from service.api.schemas import PUBLISHED_PATTERN, TEXT_PATTERN
from service.core import extract


@pytest.fixture(scope="module")
def client() -> Iterator[FlaskClient]:
    """One application for the whole module (the default settings; it keeps no state between requests)."""
    with create_app({"TESTING": True}).test_client() as test_client:
        yield test_client


PUBLISHED = "2025-04-17"
ARTICLE = (
    "The regional transport authority confirmed on Tuesday that the northern rail link will close for "
    "repairs. Engineers found cracks in two viaducts during an inspection last month, and the operator "
    "said replacement buses would run for at least six weeks. Passenger groups criticised the decision, "
    "saying commuters had been given too little notice. The authority's chief executive told reporters "
    "that safety came first and that the line should reopen before the end of the summer. A public "
    "meeting is planned for next Thursday in the town hall, where residents can put questions to the "
    "engineers. Local businesses fear a drop in visitors, and the chamber of commerce has asked for "
    "compensation. "
)


def _spans(answer: dict[str, Any]) -> list[dict[str, Any]]:
    spans = list(answer["timexes"])
    for event in answer["events"]:
        spans += [event["trigger"], event["sentence"], *event["mentions"]]
    return spans


def assert_sound(text: str, answer: dict[str, Any]) -> None:
    """Offsets index ``text`` as a Python string, and values are well-formed."""
    for span in _spans(answer):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert text[span["start"] : span["end"]] == span["text"], span
    for timex in answer["timexes"]:
        assert is_timex3_value(timex["value"], timex["type"]), timex
    for event in answer["events"]:
        assert is_timex3_value(event["date"]["value"]), event["date"]


def post(client: FlaskClient, body: dict[str, Any], query: str = "") -> tuple[int, dict[str, Any], bytes]:
    """Send ``body`` as JSON (ASCII escapes, so lone surrogates travel as they would from any client)."""
    response = client.post("/v1/timeline" + query, data=json.dumps(body), content_type="application/json")
    raw = response.get_data()
    return response.status_code, json.loads(raw), raw


# --- text ---------------------------------------------------------------------------------------------------

TEXTS = {
    "one-character": "a",
    "one-digit": "7",
    "nul-bytes": "The council met\x00 on Monday\x00 and will vote\x00 next month.",
    "combining-marks": "Cafe\u0301 owners met on Monday. Zalgo t\u0337\u0301\u0334ext came out on Tuesday.",
    "emoji": "🎉 The 👨‍👩‍👧 family fair 🇬🇧 opened on Monday 🎡 and closes next week 🙂.",
    "cjk": "東京で会議が開かれた。The council met on Monday, 2025年4月. 会議は来月も続く。",
    "right-to-left": "\u202eاجتمع المجلس يوم الاثنين\u202c. The council met on Monday. \u200fשלום",
    "windows-line-ends": "The council met on Monday.\r\nIt votes next month.\r\n\r\nIt failed in 2023.\r\n",
    "html-markup": "<p>The council <b>met</b> on <i>Monday</i>.</p><script>alert('next week')</script>"
    '<a href="/2025/04/17">April 17, 2025</a>&nbsp;&amp; next month',
    # Lone ones only: a high surrogate followed by a low one is a pair, which JSON decodes as one code point.
    "lone-surrogates": "The council met on Monday \ud800 and \udfff will vote next month \udc00 \udbff.",
    "control-characters": "\x01\x02The council\x1b[31m met\x7f on Monday\x0b\x0c next week.\x85",
    "only-punctuation": "!?.,;:—–-" * 50,
    "unicode-spaces": "The\u00a0council\u2003met\u3000on\u2009Monday\u202fand\u2028will vote next\u00a0week.",
    "bidi-digits": "The council met on ٣ April and on ۱۲ May 2025.",
}


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_text_edge_case_is_answered_with_sound_offsets(client: FlaskClient, text: str) -> None:
    status, answer, _ = post(client, {"text": text, "published": PUBLISHED})
    assert status == 200, answer
    assert_sound(text, answer)


def test_offsets_count_code_points_past_emoji_and_cjk(client: FlaskClient) -> None:
    text = TEXTS["emoji"]
    _, answer, _ = post(client, {"text": text, "published": PUBLISHED})
    monday = next(t for t in answer["timexes"] if t["text"] == "Monday")
    assert monday["start"] == text.index("Monday")  # a Python index, not UTF-8 bytes nor UTF-16 units
    assert len(text.encode("utf-16-le")) // 2 > len(text)


def test_lone_surrogates_come_back_escaped_in_valid_json(client: FlaskClient) -> None:
    text = TEXTS["lone-surrogates"]
    status, answer, raw = post(client, {"text": text, "published": PUBLISHED, "id": "item-\ud800"})
    assert status == 200
    raw.decode("ascii")  # the whole answer is ASCII, the surrogates as \ud800 escapes
    assert answer["id"] == "item-\ud800"
    assert_sound(text, answer)
    assert any("\ud800" in e["sentence"]["text"] for e in answer["events"]) or answer["timexes"]


def test_ordinary_answers_stay_utf_8(client: FlaskClient) -> None:
    _, _, raw = post(client, {"text": TEXTS["cjk"], "published": PUBLISHED})
    assert "東京".encode() in raw


def test_unknown_field_named_with_a_lone_surrogate_is_422(client: FlaskClient) -> None:
    status, problem, raw = post(client, {"text": "x", "published": PUBLISHED, "\udc00": 1})
    assert status == 422
    assert problem["errors"] == {"\udc00": ["Unknown field."]}
    raw.decode("ascii")


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\t\r\n", "\u3000\u00a0\u2028", "\x1c\x1d\x1e\x1f", " " * 10_000],
    ids=["empty", "space", "newlines", "unicode-spaces", "separators", "ten-thousand-spaces"],
)
def test_blank_text_is_422_naming_the_field(client: FlaskClient, text: str) -> None:
    status, problem, _ = post(client, {"text": text, "published": PUBLISHED})
    assert status == 422
    assert problem["errors"] == {"text": ["Must contain text: got an empty or whitespace-only string."]}


def test_text_pattern_in_the_spec_is_python_s_idea_of_blank() -> None:
    """The documented pattern of `text` accepts exactly the strings that `str.strip()` leaves non-empty."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = "".join(c for c in everything if c.isspace())
    assert re.sub(TEXT_PATTERN, "", everything) == spaces


def test_article_of_200_000_characters(make_app: Any) -> None:
    """A long, realistic article: answered in full (bar the documented list limits), offsets sound."""
    text = (ARTICLE * (200_000 // len(ARTICLE) + 1))[:200_000]
    client = make_app(REQUEST_TIME_LIMIT_MS=600_000).test_client()  # correctness here, not speed
    status, answer, _ = post(client, {"text": text, "published": PUBLISHED}, "?events=all")
    assert status == 200
    assert len(answer["timexes"]) > 500
    assert answer["truncated"] is True and len(answer["events"]) == 1_000, "MAX_EVENTS applies"
    assert_sound(text, answer)
    assert answer["timexes"][-1]["end"] > 199_000, "the end of the article was read"


@pytest.mark.parametrize(
    "text",
    [
        "x" * 199_990 + " on Monday",
        "word " * 39_990 + "on Monday",
        "1" * 199_990 + " on Monday",
        "-" * 199_990 + " on Monday",
        "on Monday " + "\u3042" * 199_990,
    ],
    ids=["one-long-word", "one-long-line", "digits", "hyphens", "kana"],
)
def test_single_line_of_200_000_characters(client: FlaskClient, text: str) -> None:
    status, answer, _ = post(client, {"text": text, "published": PUBLISHED})
    assert status == 200
    assert_sound(text, answer)
    assert [t["text"] for t in answer["timexes"]] == ["Monday"]


def test_each_wrong_field_is_named_with_what_was_expected(client: FlaskClient) -> None:
    status, problem, _ = post(client, {"text": 5, "published": 20250417, "id": 5, "language": ["en"]})
    assert status == 422
    assert problem["detail"].startswith("4 fields are invalid: id, language, published, text.")
    assert problem["errors"]["text"] == ["Must be a string."]
    assert problem["errors"]["id"] == ["Must be a string (your identifier for the article) or null."]
    assert "YYYY-MM-DD" in problem["errors"]["published"][0]
    assert "supported: en" in problem["errors"]["language"][0]


# --- published ----------------------------------------------------------------------------------------------

RELATIVE_TEXT = (
    "The treaty was signed 10,000 years ago, 5,000 centuries ago and two millennia ago. It was renewed "
    "yesterday, last week, last year and in the 1990s; it expires tomorrow, next year, in 10,000 years, "
    "next century and in 3 millennia. Every year since 1066 the council met on Monday."
)


@pytest.mark.parametrize(
    ("published", "echoed"),
    [
        ("2025-04-17", "2025-04-17"),
        ("2025-04-17T09:30:00+02:00", "2025-04-17T09:30:00+02:00"),
        ("2025-04-17T07:30:00Z", "2025-04-17T07:30:00+00:00"),
        ("2025-04-17t07:30z", "2025-04-17T07:30:00+00:00"),
        ("2025-04-17 07:30:15.123456-05:00", "2025-04-17T07:30:15.123456-05:00"),
        ("2024-02-29", "2024-02-29"),
        ("2000-02-29T23:59:59+23:59", "2000-02-29T23:59:59+23:59"),
        ("0001-01-01", "0001-01-01"),
        ("0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00+14:00"),
        ("0001-01-01T00:00:00-12:00", "0001-01-01T00:00:00-12:00"),
        ("9999-12-31", "9999-12-31"),
        ("9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59-12:00"),
        ("9999-12-31T23:59:59+14:00", "9999-12-31T23:59:59+14:00"),
        ("1066-10-14", "1066-10-14"),
        ("2999-06-30", "2999-06-30"),
    ],
)
def test_published_edge_case_gives_a_valid_answer(client: FlaskClient, published: str, echoed: str) -> None:
    """Far past, far future, leap days, offsets: relative expressions never overflow the calendar."""
    status, answer, _ = post(client, {"text": RELATIVE_TEXT, "published": published})
    assert status == 200, answer
    assert answer["published"] == echoed
    assert_sound(RELATIVE_TEXT, answer)
    for item in [*answer["timexes"], *(e["date"] for e in answer["events"])]:
        for day in (item["interval"] or {}).values():
            assert day is None or "0001-01-01" <= day <= "9999-12-31"


@pytest.mark.parametrize(
    ("published", "message"),
    [
        ("2023-02-29", "Not a real calendar date"),
        ("1900-02-29", "Not a real calendar date"),
        ("2025-04-31", "Not a real calendar date"),
        ("0000-01-01", "Not a real calendar date"),
        ("2025-13-01", "Not a real calendar date"),
        ("2025-04-17T24:00+00:00", "Not a real calendar date"),
        ("2025-04-17T10:00+24:00", "Not a real calendar date"),
        ("2025-04-17T09:30:00", "needs a UTC offset"),
        ("10000-01-01", "Not an ISO 8601 date"),
        ("2025-04-17\n", "Not an ISO 8601 date"),
        ("٢٠٢٥-٠٤-١٧", "Not an ISO 8601 date"),
        ("17/04/2025", "Not an ISO 8601 date"),
        ("2025-04-17T09:30:00.1234567Z", "Not an ISO 8601 date"),
        ("", "Not an ISO 8601 date"),
    ],
)
def test_unusable_published_is_422_saying_what_was_expected(
    client: FlaskClient, published: str, message: str
) -> None:
    status, problem, _ = post(client, {"text": "The fair opened yesterday.", "published": published})
    assert status == 422
    assert list(problem["errors"]) == ["published"]
    assert message in problem["errors"]["published"][0]


def _accepted(client: FlaskClient, published: str) -> bool:
    status, _, _ = post(client, {"text": "The fair opened.", "published": published})
    assert status in (200, 422)
    return status == 200


def test_published_pattern_in_the_spec_is_exactly_what_is_accepted(client: FlaskClient) -> None:
    """The documented pattern (calendar included) matches a value exactly when the service accepts it."""
    candidates = [
        f"{year:04d}-{month:02d}-{day:02d}"
        for year in (1, 4, 100, 400, 1900, 2000, 2023, 2024, 9996, 9999)
        for month in (1, 2, 4, 12, 13)
        for day in (0, 1, 28, 29, 30, 31)
    ] + [
        "2025-04-17T00:00Z",
        "2025-04-17T23:59:59.999999+23:59",
        "2025-04-17T23:60Z",
        "2025-04-17T09:30:61Z",
        "2025-04-17T09:30-00:60",
        "2025-04-17 09:30z",
        "2025-04-17T9:30Z",
    ]
    pattern = re.compile(PUBLISHED_PATTERN)
    for published in candidates:
        assert bool(pattern.search(published)) == _accepted(client, published), published


# --- the core at the edges of the calendar and of ranges ----------------------------------------------------


@pytest.mark.parametrize(
    "text", ["It happened yesterday.", "It happened last week.", "It happened last year."]
)
def test_past_expression_before_year_1_is_not_the_future(text: str) -> None:
    (timex,) = extract(text, dt.date(1, 1, 1)).timexes
    assert timex.value != "FUTURE_REF"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("in the '90s", dt.date(1, 6, 1)),
        ("in the nineties", dt.date(50, 6, 1)),
        ("in the '20s", dt.date(150, 1, 1)),
    ],
)
def test_short_decade_before_year_1000_is_well_formed(text: str, published: dt.date) -> None:
    (timex,) = extract(text, published).timexes
    assert re.fullmatch(r"[0-9]{3}", timex.value), timex.value


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Sales rose between January and March, the survey showed.", dt.date(2025, 1, 5)),
        ("between November and February", dt.date(2040, 6, 1)),
    ],
)
def test_a_range_does_not_end_before_it_starts(text: str, published: dt.date) -> None:
    for timex in extract(text, published).timexes:
        if timex.range and timex.range.start and timex.range.end:
            assert timex.range.start <= timex.range.end, timex


@pytest.mark.parametrize(
    "text",
    ["Shipments logged between 2026-01-06 and 2025-01-10 were delayed.", "Sales fell between 2020 and 2010."],
)
def test_a_range_written_backwards_is_not_an_inverted_interval(text: str) -> None:
    """Found by `make fuzz`: an interval must not end before it starts, whatever order the text uses."""
    for timex in extract(text, dt.date(2025, 6, 1)).timexes:
        if timex.range and timex.range.start and timex.range.end:
            assert timex.range.start <= timex.range.end, timex
