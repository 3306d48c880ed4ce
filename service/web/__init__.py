"""The editors' page (``GET /``): plain HTML, CSS and JavaScript shipped inside the package.

Nothing is loaded from elsewhere (no CDN, no web fonts), there is no build step, and the page keeps to a
strict Content-Security-Policy: scripts and styles are files of this host only, with no inline code, no
``style`` attributes and no ``eval``. The page talks to the API like any other client.

Caching: the page itself is served ``no-cache`` (always revalidated, by ETag), and it refers to each
asset as ``/web/<name>?v=<hash of its content>``; an asset asked for with its current hash is cached for
a year (``immutable``), any other request for it is served ``no-cache``. A new release therefore reaches
every browser at once, and an unchanged one costs a ``304``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request

#: The files of the page, and how they are served.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_ASSET_REF = re.compile(r"\{\{asset:([A-Za-z0-9_.-]+)\}\}")
_EXTENSION_KEY = "news_timeline.web"


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str
    version: str  # first 16 hex digits of the content's SHA-256


def _asset(body: bytes, name: str) -> Asset:
    return Asset(body, CONTENT_TYPES[Path(name).suffix], hashlib.sha256(body).hexdigest()[:16])


def load_assets() -> tuple[Asset, dict[str, Asset]]:
    """The page (with its asset references resolved) and the assets it refers to, read from the package."""
    folder = resources.files(__package__).joinpath("static")
    assets = {
        entry.name: _asset(entry.read_bytes(), entry.name)
        for entry in folder.iterdir()
        if entry.is_file() and entry.name != "index.html" and Path(entry.name).suffix in CONTENT_TYPES
    }
    html = folder.joinpath("index.html").read_text(encoding="utf-8")

    def reference(match: re.Match[str]) -> str:
        name = match[1]
        if name not in assets:  # a typo in index.html must fail at start-up, not in a browser
            raise LookupError(f"index.html refers to a missing asset: {name}")
        return f"/web/{name}?v={assets[name].version}"

    page = _asset(_ASSET_REF.sub(reference, html).encode("utf-8"), "index.html")
    return page, assets


web = Blueprint("web", __name__)


def _serve(asset: Asset, cache_control: str) -> Response:
    response = current_app.response_class(asset.body, content_type=asset.content_type)
    response.headers["Cache-Control"] = cache_control
    response.set_etag(asset.version)
    return response.make_conditional(request)


@web.get("/")
def index() -> Response:
    """The timeline page."""
    page, _ = current_app.extensions[_EXTENSION_KEY]
    return _serve(page, REVALIDATE)


@web.get("/web/<name>")
def asset(name: str) -> Response:
    """A script, style sheet or image of the page."""
    _, assets = current_app.extensions[_EXTENSION_KEY]
    found = assets.get(name)
    if found is None:
        abort(404)
    return _serve(found, LONG_CACHE if request.args.get("v") == found.version else REVALIDATE)


def register(app: Flask) -> None:
    """Serve the page at ``/`` and its files under ``/web/`` (read once, when the app is built)."""
    app.extensions[_EXTENSION_KEY] = load_assets()
    app.register_blueprint(web)
