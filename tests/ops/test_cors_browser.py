"""CORS in a real browser: a CMS page on another origin calls the API with fetch and a key.

Headless Chromium (``browsing.py``) loads ``tests/data/cms_sidebar/`` from a tiny static server on
a second loopback port: from an origin in ``CORS_ORIGINS`` the page reads the events, the request ID and
the problem of a wrong key; from any other origin the browser itself refuses the answer.
"""

from __future__ import annotations

import functools
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from browsing import chromium, needs_chromium
from serving import ROOT, Server, gunicorn

PAGE = ROOT / "tests" / "data" / "cms_sidebar"
KEY = "cms-sidebar-key-0123456789"

pytestmark = needs_chromium


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def origins() -> Iterator[dict[str, str]]:
    """Two static servers of the CMS page, on two loopback ports: two origins."""
    handler = functools.partial(_Quiet, directory=str(PAGE))
    servers = {name: ThreadingHTTPServer(("127.0.0.1", 0), handler) for name in ("allowed", "refused")}
    for httpd in servers.values():
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield {name: f"http://127.0.0.1:{httpd.server_address[1]}" for name, httpd in servers.items()}
    finally:
        for httpd in servers.values():
            httpd.shutdown()
            httpd.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, origins: dict[str, str]) -> Iterator[Server]:
    env = {"CORS_ORIGINS": origins["allowed"], "API_KEYS": KEY}
    with gunicorn(tmp_path_factory.mktemp("cors-gunicorn"), env, workers=1) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def _sidebar(browser: Any, page_origin: str, api: str, key: str) -> tuple[Any, Any, list[str]]:
    """Open the CMS page from ``page_origin``, click its button, wait for the outcome."""
    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    page.goto(f"{page_origin}/index.html?api={api}&key={key}")
    page.click("#run")
    page.wait_for_selector("#status:not([data-state='idle']):not([data-state='busy'])")
    return context, page, console


def _access_log(server: Server, origin: str, count: int) -> list[dict[str, Any]]:
    """The JSON access log lines of requests from ``origin`` (waiting for ``count`` of them)."""
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in server.stdout.read_text().splitlines() if line.startswith("{")]
        ours = [line for line in lines if line.get("origin") == origin]
        if len(ours) >= count or time.monotonic() > deadline:
            return ours
        time.sleep(0.1)


def _events(server: Server) -> list[dict[str, Any]]:
    """The events the API answers the page's article with, asked server to server."""
    draft = (PAGE / "index.html").read_text()
    text = draft.split('<p id="text">')[1].split("</p>")[0]
    body = {"id": "harbour-0311", "text": text, "published": "2026-03-11"}
    request = urllib.request.Request(
        f"{server.url}/v1/timeline",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["events"]


def test_allowed_origin_posts_with_a_key_and_reads_events_and_request_id(
    browser: Any, server: Server, origins: dict[str, str]
) -> None:
    context, page, console = _sidebar(browser, origins["allowed"], server.url, KEY)
    try:
        assert page.get_attribute("#status", "data-state") == "done", page.text_content("#status")
        expected = _events(server)
        assert expected, "the API found no event in the page's article"
        shown = page.eval_on_selector_all("#events li", "els => els.map(e => [e.dataset.id, e.textContent])")
        assert shown == [[e["id"], e["headline"]] for e in expected]
        # X-Request-ID is exposed: the page reads back the ID it sent.
        assert page.text_content("#request-id") == "cms-harbour-0311"
        assert console == []
    finally:
        context.close()
    # The browser preflighted (Authorization and X-Request-ID are not simple headers), keyless, then posted.
    lines = _access_log(server, origins["allowed"], 2)
    assert [(line["method"], line["status"], line["cors"]) for line in lines[:2]] == [
        ("OPTIONS", 204, "allowed"),
        ("POST", 200, "allowed"),
    ]


def test_allowed_origin_reads_the_problem_of_a_wrong_key(
    browser: Any, server: Server, origins: dict[str, str]
) -> None:
    context, page, console = _sidebar(browser, origins["allowed"], server.url, "not-the-key-0123456789")
    try:
        assert page.get_attribute("#status", "data-state") == "problem"
        assert page.text_content("#status") == "Unauthorized (401): The key is not valid."
        assert page.text_content("#request-id") == "cms-harbour-0311"
        # Chromium logs the failed request itself (a 401), nothing about CORS.
        assert [line for line in console if "401" not in line] == []
    finally:
        context.close()


def test_browser_refuses_a_page_of_another_origin(
    browser: Any, server: Server, origins: dict[str, str]
) -> None:
    context, page, console = _sidebar(browser, origins["refused"], server.url, KEY)
    try:
        assert page.get_attribute("#status", "data-state") == "refused"
        assert page.locator("#events li").count() == 0
        assert any("CORS policy" in line for line in console), console
    finally:
        context.close()
    # The service answered the preflight without CORS headers and logged the origin as refused; the browser
    # then never sent the article.
    lines = _access_log(server, origins["refused"], 1)
    assert [(line["method"], line["cors"]) for line in lines] == [("OPTIONS", "refused")]
