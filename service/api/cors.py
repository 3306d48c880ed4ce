"""Cross-origin calls from browsers (CORS) to ``/v1/``: the origins of ``CORS_ORIGINS``, through flask-cors.

* ``CORS_ORIGINS`` empty (the default): no cross-origin access; a browser page on another origin cannot
  read any answer. Otherwise a comma-separated list of exact origins (``scheme://host[:port]``, as a
  browser sends them in ``Origin``), or ``*`` alone: any origin, for trusted internal deployments only.
* Preflights (``OPTIONS`` with ``Access-Control-Request-Method``) under ``/v1/`` are answered ``204`` with
  the methods of the ``/v1/`` routes, the request headers the API reads (``Content-Type``,
  ``Authorization``, ``X-Request-ID``) and ``Access-Control-Max-Age``. They need no key: a browser never
  sends credentials with a preflight (``service.api.security`` lets ``OPTIONS`` through).
* Every answer to an allowed origin says so, errors included (a page can read the problem+json of a 401
  or 422), and exposes ``X-Request-ID`` and ``Retry-After``. No cookies are involved
  (``Access-Control-Allow-Credentials`` is never sent): API keys travel in ``Authorization``.
* A cross-origin request from an origin that is not allowed gets no CORS header (the browser then keeps
  the answer from the page) and is logged: a warning on the ``service.cors`` logger, and ``origin`` and
  ``cors: "refused"`` in the request's JSON access log line (``"allowed"`` for an allowed one).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_cors import CORS

from service.accesslog import CORS_ENVIRON_KEY, ORIGIN_ENVIRON_KEY
from service.api.security import PROTECTED_PREFIX, REQUEST_ID_HEADER
from service.config import ConfigError

SETTING = "CORS_ORIGINS"
WILDCARD = "*"
#: Request headers a page may send: the JSON body's type, the API key, its own request ID.
ALLOWED_HEADERS = ("Content-Type", "Authorization", REQUEST_ID_HEADER)
#: Response headers a page may read besides the CORS-safelisted ones (Content-Type, Cache-Control, ...).
EXPOSED_HEADERS = (REQUEST_ID_HEADER, "Retry-After")
#: Seconds a browser may reuse a preflight's answer (Chromium caps it at 7,200). Ten minutes: a CMS
#: sidebar that posts on every pause in typing preflights a few times an hour. (An origin taken out of
#: CORS_ORIGINS loses access at once: the answers themselves stop carrying its header.)
MAX_AGE = 600

_ORIGIN = re.compile(r"(?P<scheme>https?)://(?P<host>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")
_DEFAULT_PORTS = {"http": "80", "https": "443"}

#: Longest Origin kept in the logs (an origin is rarely over 100 characters; the header can be 8 KB).
MAX_LOGGED_ORIGIN = 200
#: Name under which ``app.extensions`` says whether answers vary by Origin.
_VARY_EXTENSION = "news_timeline.cors_vary"

logger = logging.getLogger("service.cors")


def parse_origins(raw: str) -> tuple[str, ...]:
    """The origins of a ``CORS_ORIGINS`` value, normalized as browsers send them (``("*",)`` for any).

    Raises ``ConfigError`` naming the setting for anything that is not an origin, or ``*`` among others.
    """
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    if WILDCARD in entries:
        if len(entries) > 1:
            raise ConfigError(f"{SETTING}: '*' allows every origin and cannot be listed with others")
        return (WILDCARD,)
    origins: list[str] = []
    for entry in entries:
        match = _ORIGIN.fullmatch(entry.lower())
        if match is None:
            raise ConfigError(
                f"{SETTING}: {entry!r} is not an origin: write scheme://host[:port] (http or https), "
                "with no path and no trailing slash, e.g. https://cms.example.org"
            )
        scheme, host, port = match["scheme"], match["host"], match["port"]
        # A browser leaves the scheme's default port out of Origin.
        suffix = f":{port}" if port and port != _DEFAULT_PORTS[scheme] else ""
        origins.append(f"{scheme}://{host}{suffix}")
    return tuple(dict.fromkeys(origins))


def api_methods(app: Flask) -> list[str]:
    """The methods of the routes under ``/v1/`` (what a preflight may ask for)."""
    methods = {
        method
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PROTECTED_PREFIX)
        for method in rule.methods or ()
    }
    return sorted(methods - {"HEAD", "OPTIONS"})


def _is_cross_origin(origin: str) -> bool:
    """Whether a request with this ``Origin`` comes from a page of another origin than this service's."""
    # Browsers say it themselves (Fetch Metadata); else compare hosts (a proxy may change the scheme).
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site != "same-origin"
    try:
        return urlsplit(origin).netloc.lower() != request.host.lower()
    except ValueError:  # not even a URL ("https://[x"): no page of ours sent it
        return True


def _note_origin(response: Response) -> Response:
    """Record a cross-origin ``/v1/`` request as allowed or refused (after flask-cors has answered it)."""
    if not request.path.startswith(PROTECTED_PREFIX):
        return response
    if current_app.extensions.get(_VARY_EXTENSION):
        # Whether the answer carries CORS headers depends on Origin (flask-cors says so for lists only).
        response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if not origin or not _is_cross_origin(origin):
        return response
    allowed = "Access-Control-Allow-Origin" in response.headers
    # The caller's text: cut short, and quoted (%r) so that it cannot forge a log line.
    origin = origin[:MAX_LOGGED_ORIGIN]
    request.environ[ORIGIN_ENVIRON_KEY] = origin
    request.environ[CORS_ENVIRON_KEY] = "allowed" if allowed else "refused"
    if not allowed:
        # The URL rule, never the raw path (as in the metrics): a path is the caller's text too.
        route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        logger.warning(
            "Cross-origin %s %s from %r refused: the origin is not in %s",
            request.method,
            route,
            origin,
            SETTING,
        )
    return response


def _no_content(make_default: Callable[[], Response]) -> Callable[[], Response]:
    """Answer ``OPTIONS`` (preflights among them) with ``204 No Content`` rather than Flask's ``200``."""

    def make_default_options_response() -> Response:
        response = make_default()
        response.status_code = 204
        del response.headers["Content-Type"]  # no content, so no type (and the API's CSP, not the pages')
        return response

    return make_default_options_response


def init_app(app: Flask) -> None:
    """Answer cross-origin calls to ``/v1/`` from the origins of ``app.config["CORS_ORIGINS"]``.

    Call it once every ``/v1/`` route is registered. An unusable value raises ``ConfigError``.
    """
    origins = parse_origins(app.config.get(SETTING, "") or "")
    app.make_default_options_response = _no_content(  # type: ignore[method-assign]
        app.make_default_options_response
    )
    # Registered before flask-cors's hook, so it runs after it (Flask runs after_request hooks in reverse).
    app.after_request(_note_origin)
    app.extensions[_VARY_EXTENSION] = bool(origins) and origins != (WILDCARD,)
    if not origins:
        return
    CORS(
        app,
        resources={rf"{PROTECTED_PREFIX}.*": {}},
        origins=list(origins),
        methods=api_methods(app),
        allow_headers=list(ALLOWED_HEADERS),
        expose_headers=list(EXPOSED_HEADERS),
        max_age=MAX_AGE,
        supports_credentials=False,
        # `*` is answered `*`, not the caller's origin echoed: what a browser sees is what was configured.
        send_wildcard=True,
        # Without an Origin header (servers, curl) nothing is added: no list of allowed origins given away.
        always_send=False,
        allow_private_network=False,
    )
