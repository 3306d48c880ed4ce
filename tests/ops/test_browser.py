"""The editors' page in a real browser: Debian's Chromium driven by Playwright, against gunicorn.

The browser is the system's, never one downloaded by Playwright (``browsing.py``): without it these tests
are skipped, saying how to get it. Screenshots go to ``tests/output/browser/`` (ignored by git).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import chromium, needs_chromium
from labels import LABEL_CASES
from serving import ROOT, Server, gunicorn

OUTPUT = ROOT / "tests" / "output" / "browser"

# An article of our own: something happened, something is scheduled, a deadline, a vague past, and an
# emoji (one code point, two UTF-16 units) early on, so that every later offset tests the conversion.
ARTICLE = (
    "Ferry 🚢 services between Brockley and Marden resumed on Tuesday after a two-week strike. "
    "The operator said fares will rise in June. "
    "Unions must respond to the new offer by April 26. "
    "A new timetable will start next year. "
    "Passenger numbers have fallen in recent years, the operator said."
)
PUBLISHED = "2025-04-17"


pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # A small text limit, so that the page can be shown an API error (413/422) with a short text.
    with gunicorn(tmp_path_factory.mktemp("browser-gunicorn"), {"MAX_TEXT_LENGTH": "20000"}, workers=1) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.problems = problems
    page.goto(server.url + "/")
    page.wait_for_selector("html.js-ready")
    yield page
    context.close()


def _api_answer(server: Server, text: str, published: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{server.url}/v1/timeline",
        data=json.dumps({"text": text, "published": published}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _api_bytes(server: Server, fmt: str, extra: dict[str, str]) -> bytes:
    request = urllib.request.Request(
        f"{server.url}/v1/timeline?format={fmt}",
        data=json.dumps({"text": ARTICLE, "published": PUBLISHED, **extra}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def _draw(page: Any, text: str, published: str = PUBLISHED) -> None:
    page.fill("#text", text)
    page.fill("#published", published)
    page.click("#submit")
    # Selectors, not wait_for_function: the page's CSP forbids the eval that the latter needs.
    page.wait_for_selector("#result[aria-busy='false']")


def _highlighted(page: Any) -> str:
    return page.eval_on_selector_all("#article .seg.is-active", "els => els.map(e => e.textContent).join('')")


def test_page_draws_the_timeline_and_links_events_to_sentences(page: Any, server: Server) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    # The date defaults to today *in the browser*, and the page says so.
    today = page.evaluate("TimelineLabels.isoDay(new Date())")
    assert page.input_value("#published") == today
    assert "Defaulted to today in your browser" in page.text_content("#published-note")
    page.screenshot(path=str(OUTPUT / "page-empty.png"))

    _draw(page, ARTICLE)
    answer = _api_answer(server, ARTICLE, PUBLISHED)
    assert answer["events"], "the core found no event in the test article"

    # The events appear in the API's (chronological) order, with their headlines and statuses.
    cards = page.locator("#events button.card")
    assert cards.count() == len(answer["events"])
    assert page.eval_on_selector_all("#events .headline", "els => els.map(e => e.textContent)") == [
        e["headline"] for e in answer["events"]
    ]
    assert page.eval_on_selector_all("#events li.event", "els => els.map(e => e.dataset.id)") == [
        e["id"] for e in answer["events"]
    ]
    statuses = page.eval_on_selector_all("#events .status-label", "els => els.map(e => e.textContent)")
    assert statuses == [e["status"].capitalize() for e in answer["events"]]
    # Dates are labelled at their granularity: Tuesday is a day, the 2025-04-15 of a Thursday's article.
    labels = page.eval_on_selector_all("#events time.when", "els => els.map(e => e.textContent)")
    tuesday = [i for i, e in enumerate(answer["events"]) if e["date"]["value"] == "2025-04-15"]
    assert tuesday, answer["events"]
    assert labels[tuesday[0]] == "Tue 15 Apr 2025"
    # The publication date is marked on the timeline.
    assert page.text_content("#events .marker") == "Published Thu 17 Apr 2025"

    # Clicking an event highlights its sentence in the article (offsets converted around the emoji).
    last = len(answer["events"]) - 1
    cards.nth(last).click()
    assert cards.nth(last).get_attribute("aria-pressed") == "true"
    assert _highlighted(page) == answer["events"][last]["sentence"]["text"]
    cards.nth(0).click()
    assert _highlighted(page) == answer["events"][0]["sentence"]["text"]
    assert cards.nth(last).get_attribute("aria-pressed") == "false"

    # Keyboard: arrows move between events, Enter selects one.
    cards.nth(0).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert cards.nth(1).get_attribute("aria-pressed") == "true"
    assert _highlighted(page) == answer["events"][1]["sentence"]["text"]

    # And the other way: clicking a sentence in the article selects its (first) event.
    sentence = page.locator(f"#article .sentence[data-events~='{answer['events'][last]['id']}']").first
    first_id = sentence.get_attribute("data-events").split()[0]
    sentence.click()
    assert page.get_attribute(f"#card-{first_id}", "aria-pressed") == "true"
    by_id = {e["id"]: e for e in answer["events"]}
    assert _highlighted(page) == by_id[first_id]["sentence"]["text"]
    cards.nth(1).click()

    page.screenshot(path=str(OUTPUT / "timeline.png"), full_page=True)
    print(f"\nscreenshot: {OUTPUT / 'timeline.png'}")
    assert page.problems == []


def test_page_shows_api_errors_in_words(page: Any) -> None:
    _draw(page, "x " * 12_000)  # longer than the server's MAX_TEXT_LENGTH of 20,000
    error = page.text_content("#error")
    assert page.is_visible("#error")
    assert "Too long: 24000 characters; the limit is 20000 characters." in error
    assert "Article text" in error
    assert page.locator("#events li").count() == 0
    # The API answered 422 on purpose: the browser logs that failed request, nothing else.
    assert [p for p in page.problems if "422" not in p] == []


def test_exports_download_what_the_api_sends(page: Any, server: Server) -> None:
    page.fill("#article-id", "ferry-0417")
    page.fill("#article-title-input", "Ferries sail again")
    _draw(page, ARTICLE)

    with page.expect_download() as download:
        page.click("#download-ics")
    assert download.value.suggested_filename == "ferry-0417.ics"
    calendar = Path(download.value.path()).read_bytes()
    assert calendar == _api_bytes(server, "ics", {"id": "ferry-0417", "title": "Ferries sail again"})
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n")

    with page.expect_download() as download:
        page.click("#download-timelinejs")
    assert download.value.suggested_filename == "ferry-0417.timelinejs.json"
    document = json.loads(Path(download.value.path()).read_bytes())
    assert document["title"]["text"]["headline"] == "Ferries sail again"
    assert document["events"] and all("start_date" in slide for slide in document["events"])

    # An export that fails is explained in words, like any other error.
    page.route(
        "**/v1/timeline?format=ics",
        lambda route: route.fulfill(
            status=503,
            content_type="application/problem+json",
            body=json.dumps(
                {
                    "type": "about:blank",
                    "title": "Service Unavailable",
                    "status": 503,
                    "detail": "The service is overloaded; try again in a minute.",
                }
            ),
        ),
    )
    page.click("#download-ics")
    page.wait_for_selector("#error:not([hidden])")
    error = page.text_content("#error")
    assert "The iCalendar export failed: Service Unavailable (503)" in error
    assert "try again in a minute" in error
    assert [p for p in page.problems if "503" not in p] == []


def test_copy_json_puts_the_answer_on_the_clipboard(browser: Any, server: Server) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_selector("html.js-ready")
        _draw(page, ARTICLE)
        page.click("#copy-json")
        page.wait_for_selector("#status:has-text('clipboard')")
        copied = json.loads(page.evaluate("navigator.clipboard.readText()"))
        assert copied == _api_answer(server, ARTICLE, PUBLISHED)
    finally:
        context.close()


def test_page_fits_a_phone_and_long_articles_do_not_move_it(browser: Any, server: Server) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
    context = browser.new_context(**phone)
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_selector("html.js-ready")
        _draw(page, ARTICLE)
        box = page.locator(".article-pane").bounding_box()
        submit = page.locator("#submit").bounding_box()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # (sixty happenings on sixty days: an article repeated would be one timeline of the same entries)
        days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(60)]
        long_article = " ".join(
            f"Crew {n} repaired the pipe on Line {n} on {d:%B} {d.day}." for n, d in enumerate(days)
        )
        _draw(page, long_article)
        assert page.locator("#events button.card").count() > 40
        # The panes keep their size and place: a long article scrolls inside them, the page does not grow.
        assert page.locator(".article-pane").bounding_box() == box
        assert page.locator("#submit").bounding_box() == submit
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The last event's sentence is far down the article: selecting it scrolls the pane, not the page.
        card = page.locator("#events button.card").last
        card.scroll_into_view_if_needed()
        scroll = page.evaluate("window.scrollY")
        card.click()
        last = _api_answer(server, long_article, PUBLISHED)["events"][-1]
        assert _highlighted(page) == last["sentence"]["text"]
        # (the pane may scroll smoothly: wait for it to have moved rather than read it at once)
        # (a loop of evaluations: wait_for_function evaluates a string, which the page's CSP forbids)
        for _ in range(50):
            if page.evaluate("document.querySelector('.article-pane').scrollTop") > 0:
                break
            page.wait_for_timeout(100)
        assert page.evaluate("document.querySelector('.article-pane').scrollTop") > 0
        assert page.evaluate("window.scrollY") == scroll
        OUTPUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "timeline-phone.png"), full_page=True)
    finally:
        context.close()


def test_date_labels_in_the_browser(page: Any) -> None:
    shown = page.evaluate(
        "cases => cases.map(([d, o]) => TimelineLabels.dateLabel(d, o).text)",
        [[date, options] for date, options, _ in LABEL_CASES],
    )
    assert shown == [label for _, _, label in LABEL_CASES]


def test_page_asks_for_a_key_when_the_api_needs_one(browser: Any, tmp_path: Path) -> None:
    key = "browser-test-key-0123456789"
    with gunicorn(tmp_path, {"API_KEYS": key}, workers=1) as keyed:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(keyed.url + "/")  # the page itself is open
            page.wait_for_selector("html.js-ready")
            assert not page.is_visible("#api-key")
            _draw(page, ARTICLE)
            assert page.is_visible("#api-key"), "a 401 shows the key field"
            assert "(401)" in page.text_content("#error")
            page.fill("#api-key", key)
            page.dispatch_event("#api-key", "change")
            _draw(page, ARTICLE)
            assert page.is_hidden("#error")
            assert page.locator("#events button.card").count() > 0
            # The key is kept for this tab only.
            assert page.evaluate("sessionStorage.getItem('news-timeline-api-key')") == key
        finally:
            context.close()


# Our own Spanish article: a day named in Spanish only the Spanish grammar reads ("el martes").
SPANISH = (
    "El puente de Valdemora fue cerrado el martes por las lluvias. "
    "La consejera dijo que las obras terminarán en junio."
)


def test_the_language_is_detected_or_chosen_and_the_exports_follow_it(page: Any, server: Server) -> None:
    assert page.input_value("#language") == ""  # detection by default
    options = page.eval_on_selector_all("#language option", "els => els.map(e => e.value)")
    assert options == ["", "en", "es", "fr", "de", "pt"]

    sent: list[dict[str, Any]] = []
    page.on("request", lambda r: r.method == "POST" and sent.append(json.loads(r.post_data or "{}")))
    _draw(page, SPANISH)
    assert "language" not in sent[-1]
    assert "Detected and read in Español (Spanish)" in page.text_content("#language-note")
    assert "read in Español (Spanish)" in page.text_content("#summary")
    assert "2 date expressions" in page.text_content("#summary")  # "el martes", "junio"

    # Chosen, the language is sent, and the answer read in it says so.
    page.select_option("#language", "en")
    _draw(page, SPANISH)
    assert sent[-1]["language"] == "en"
    assert page.text_content("#language-note") == "Read in English."
    assert "2 date expressions" not in page.text_content("#summary")  # "martes" is no English weekday

    page.select_option("#language", "es")
    _draw(page, SPANISH)
    with page.expect_download() as download:
        page.click("#download-ics")
    assert sent[-1]["language"] == "es"  # the export asks for the answer it shows
    calendar = Path(download.value.path()).read_bytes()
    request = urllib.request.Request(
        f"{server.url}/v1/timeline?format=ics",
        data=json.dumps({"text": SPANISH, "published": PUBLISHED, "language": "es"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert calendar == response.read()
    assert page.problems == []
