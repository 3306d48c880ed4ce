"""The editors' page as files: served with the right types and caching, and fit for a strict CSP.

What it does in a browser is tested in tests/ops/test_browser.py; the date labels' rules are tested here
through Node.js when it is installed (the same table runs in the browser, and against the CLI's labels).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from labels import LABEL_CASES

STATIC = Path(__file__).resolve().parents[2] / "service" / "web" / "static"


def _page(client: FlaskClient) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/web/[^"]+)"', html)


def test_page_is_html_revalidated_by_etag(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-cache"
    etag = response.headers["ETag"]
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("app.js", "text/javascript; charset=utf-8"),
        ("labels.js", "text/javascript; charset=utf-8"),
        ("app.css", "text/css; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
    ],
)
def test_assets_have_their_type_and_are_cached_by_content(
    client: FlaskClient, name: str, content_type: str
) -> None:
    (url,) = [u for u in _asset_urls(_page(client)) if u.startswith(f"/web/{name}?v=")]
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.data == (STATIC / name).read_bytes()
    # Asked for without (or with another) version, it is not cached for long: it may be stale.
    for other in (f"/web/{name}", f"/web/{name}?v=0000"):
        assert client.get(other).headers["Cache-Control"] == "no-cache"


def test_asset_versions_follow_the_content(client: FlaskClient) -> None:
    import hashlib

    for url in _asset_urls(_page(client)):
        name, version = url.removeprefix("/web/").split("?v=")
        assert version == hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:16]


def test_unknown_asset_is_a_problem(client: FlaskClient) -> None:
    for path in ("/web/nothing.js", "/web/index.html", "/web/..%2Fapp.py"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_code: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.ids: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(tag, name, value) for name, value in attrs]
        self.ids += [value for name, value in attrs if name == "id" and value]
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in and data.strip():
            self.inline_code.append(data)


def test_page_keeps_to_a_strict_content_security_policy(client: FlaskClient) -> None:
    markup = _Markup()
    markup.feed(_page(client))
    assert markup.scripts and all(s.get("src", "").startswith("/web/") for s in markup.scripts)
    assert markup.inline_code == [], "no inline <script> or <style>"
    assert not [a for a in markup.attributes if a[1] == "style" or a[1].startswith("on")], "no style=/on*="
    assert len(markup.ids) == len(set(markup.ids)), "ids are unique"
    for url in [v for _, n, v in markup.attributes if n in ("src", "href") and v]:
        assert url.startswith(("/", "#")), f"{url}: everything comes from this host"


def test_scripts_never_write_html_nor_evaluate_code() -> None:
    for name in ("app.js", "labels.js"):
        code = (STATIC / name).read_text()
        for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert forbidden not in code, f"{name} uses {forbidden}"
        assert not re.search(r"\bFunction\(", code), f"{name} builds code from strings"
        assert not re.search(r"setTimeout\(\s*['\"`]", code)
        assert '.setAttribute("style"' not in code and ".style." not in code
    for name in ("app.css", "app.js", "labels.js", "index.html"):
        text = (STATIC / name).read_text()
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), f"{name} refers to another host"
        assert "@import" not in text and "url(http" not in text


def test_page_wires_every_element_the_script_needs() -> None:
    code = (STATIC / "app.js").read_text()
    markup = _Markup()
    markup.feed((STATIC / "index.html").read_text())
    needed = set(re.findall(r'\$\("([a-z-]+)"\)', code))
    assert needed and needed <= set(markup.ids), needed - set(markup.ids)


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed (the browser test runs the same table)")
def test_date_labels_with_node() -> None:
    script = (
        "const L = require(process.argv[1]); const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(([d, o]) => L.dateLabel(d, o).text)));"
    )
    cases = [[date, options] for date, options, _ in LABEL_CASES]
    result = subprocess.run(
        [str(NODE), "-e", script, str(STATIC / "labels.js")],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert json.loads(result.stdout) == [label for _, _, label in LABEL_CASES]


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_vague_dates_are_placed_around_the_publication_date() -> None:
    script = (
        "const L = require(process.argv[1]); const p = '2025-04-17';"
        "const d = (value, start, end) => ({value, interval: start ? {start, end} : null});"
        "console.log(JSON.stringify([d('PAST_REF'), d('PRESENT_REF'), d('FUTURE_REF'),"
        " d('2025-04-15', '2025-04-15', '2025-04-15'), d('2025-04', '2025-04-01', '2025-04-30'),"
        " d('2025-05', '2025-05-01', '2025-05-31')].map(x => L.sideOfPublication(x, p))));"
    )
    command = [str(NODE), "-e", script, str(STATIC / "labels.js")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    assert json.loads(result.stdout) == [-1, 0, 1, -1, 0, 1]


def test_the_language_selector_offers_detection_and_every_supported_language(client: FlaskClient) -> None:
    from service.core import SUPPORTED_LANGUAGES

    select = re.search(r'<select id="language"[^>]*>(.*?)</select>', _page(client), re.S)
    assert select, "the page has no language selector"
    offered = re.findall(r'<option value="([a-z]*)"', select[1])
    assert offered[0] == "" and sorted(offered[1:]) == sorted(SUPPORTED_LANGUAGES)
