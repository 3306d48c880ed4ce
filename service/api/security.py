"""Request IDs, optional bearer-key authentication, security headers, and the processing-time limit.

* Every request gets an ID: the caller's ``X-Request-ID`` when it is sane (1 to 128 characters from
  ``A-Z a-z 0-9 . _ : / + = @ -``), else a new UUID4. It is echoed in the ``X-Request-ID`` response header
  of every answer (errors included) and written in the JSON access log line.
* When keys are configured (``API_KEYS``, ``API_KEYS_FILE``), every request under ``/v1/`` needs
  ``Authorization: Bearer <key>`` with one of them, compared in constant time; anything else is a 401
  problem with ``WWW-Authenticate: Bearer``. ``OPTIONS`` (a browser's CORS preflight) needs none. Health
  probes, the OpenAPI document, ``/docs``, the web page ``/`` and ``/metrics`` stay open.
* Every answer says ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` and carries a
  Content-Security-Policy: a strict one for HTML pages (scripts, styles, images only from this host, no
  inline script), and ``default-src 'none'`` for everything else.
* Requests under ``/v1/`` run under ``REQUEST_TIME_LIMIT_MS`` (see ``service.limits``): past it, the
  request is abandoned with a 503 problem and the worker goes on serving.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import flask
from flask import Flask, Response, current_app, g, request

from service.accesslog import REQUEST_ID_ENVIRON_KEY
from service.api.problems import TIME_LIMIT, problem_response
from service.config import ConfigError
from service.limits import time_limit

REQUEST_ID_HEADER = "X-Request-ID"
MAX_REQUEST_ID_LENGTH = 128
_SANE_REQUEST_ID = re.compile(rf"[A-Za-z0-9._:/+=@-]{{1,{MAX_REQUEST_ID_LENGTH}}}")

#: Paths that need a key when keys are configured (the API proper). Everything else stays open.
PROTECTED_PREFIX = "/v1/"
#: RFC 6750 b64token: what a bearer key may be made of.
_KEY_CHARS = re.compile(r"[A-Za-z0-9._~+/=-]+")
MIN_KEY_LENGTH = 16
#: Name under which the keys' SHA-256 digests are kept in ``app.extensions``.
_KEYS_EXTENSION = "news_timeline.api_keys"
REALM = "news-timeline"

#: The Content-Security-Policy of HTML pages: everything from this host, no inline script or style.
#: ``data:`` images are Swagger UI's icons (inlined in its stylesheet).
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: The Content-Security-Policy of every other answer (JSON, YAML, scripts): nothing to load, no framing.
API_CSP = "default-src 'none'; frame-ancestors 'none'"

bp = flask.Blueprint("security", __name__, static_folder="static", static_url_path="/docs/static")


# --- request IDs -------------------------------------------------------------------------------------------


def request_id_for(sent: str | None) -> str:
    """The caller's request ID when it is sane, else a new one."""
    if sent is not None and _SANE_REQUEST_ID.fullmatch(sent):
        return sent
    return str(uuid.uuid4())


def _assign_request_id() -> None:
    request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER))
    g.request_id = request_id
    request.environ[REQUEST_ID_ENVIRON_KEY] = request_id  # read by the gunicorn access log


def current_request_id() -> str | None:
    """The ID of the request being served (None outside a request, or before it was assigned)."""
    return g.get("request_id") if flask.has_request_context() else None


# --- API keys ----------------------------------------------------------------------------------------------


def _digest(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()


def parse_keys(inline: str, file: str) -> list[str]:
    """The keys of ``API_KEYS`` (comma-separated) and of the file ``API_KEYS_FILE`` (one a line).

    Raises ``ConfigError`` naming the setting for an unreadable file or an unusable key.
    """
    found: list[tuple[str, str]] = [("API_KEYS", k.strip()) for k in inline.split(",") if k.strip()]
    if file:
        try:
            lines = Path(file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"API_KEYS_FILE: cannot read {file!r} ({type(exc).__name__})") from None
        found += [
            ("API_KEYS_FILE", line.strip())
            for line in lines
            if line.strip() and not line.strip().startswith("#")
        ]
    for source, key in found:
        # The message never quotes the key: it is a secret.
        if not _KEY_CHARS.fullmatch(key):
            raise ConfigError(f"{source}: a key may only hold the characters A-Z a-z 0-9 . _ ~ + / = -")
        if len(key) < MIN_KEY_LENGTH:
            raise ConfigError(f"{source}: each key needs at least {MIN_KEY_LENGTH} characters")
    return [key for _, key in found]


def configure_keys(app: Flask, keys: Iterable[str]) -> None:
    """Require one of ``keys`` on ``/v1/`` requests of ``app`` (no keys: no authentication)."""
    app.extensions[_KEYS_EXTENSION] = tuple(_digest(key.encode("ascii")) for key in keys)


def key_matches(presented: str, digests: Iterable[bytes]) -> bool:
    """Whether ``presented`` is one of the keys, comparing SHA-256 digests in constant time.

    Hashing first makes every comparison the same length; every key is compared, so the time taken
    does not say which key (if any) came close.
    """
    candidate = _digest(presented.encode("latin-1", errors="replace"))
    matched = False
    for digest in digests:
        matched |= hmac.compare_digest(candidate, digest)
    return matched


def _unauthorized(detail: str, error: str | None = None) -> Response:
    challenge = f'Bearer realm="{REALM}"' + (f', error="{error}"' if error else "")
    return problem_response(401, detail, headers={"WWW-Authenticate": challenge})


def _authenticate() -> Response | None:
    digests = current_app.extensions.get(_KEYS_EXTENSION)
    if not digests or not request.path.startswith(PROTECTED_PREFIX):
        return None
    if request.method == "OPTIONS":
        # A browser's CORS preflight never carries the key (service/api/cors.py), and OPTIONS reads nothing.
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if not header:
        return _unauthorized("This API needs a key: send it as 'Authorization: Bearer <key>'.")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorized("The Authorization header must be 'Bearer <key>'.", error="invalid_request")
    if not key_matches(token.strip(), digests):
        return _unauthorized("The key is not valid.", error="invalid_token")
    return None


# --- headers -----------------------------------------------------------------------------------------------


def _headers(response: Response) -> Response:
    request_id = current_request_id()
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
    else:
        response.headers.setdefault("Content-Security-Policy", API_CSP)
    if request.path.startswith(PROTECTED_PREFIX):
        # Answers quote the article, which may be under embargo: no cache is to keep them.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


# --- processing-time limit ---------------------------------------------------------------------------------


def _limit_time(dispatch: Callable[[], Any]) -> Callable[[], Any]:
    """Run the views under ``/v1/`` within ``REQUEST_TIME_LIMIT_MS`` (validation, core, serialization)."""

    def dispatch_request() -> Any:
        if not request.path.startswith(PROTECTED_PREFIX):
            return dispatch()
        with time_limit(current_app.config.get("REQUEST_TIME_LIMIT_MS")):
            return dispatch()

    return dispatch_request


# --- the OpenAPI document ---------------------------------------------------------------------------------

SECURITY_SCHEME = "bearerAuth"


def _problem_answer(description: str, example: dict[str, Any], headers: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": description,
        "headers": headers,
        "content": {
            "application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "example": example,
            }
        },
    }


def document(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the bearer scheme, and the 401 and 503 answers, to every operation under ``/v1/`` of ``spec``."""
    schemes = spec.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[SECURITY_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "description": "One of the keys the server is configured with (`API_KEYS`, `API_KEYS_FILE`), sent as "
        "`Authorization: Bearer <key>`. Only enforced when keys are configured: without any, the API is "
        "open. Health probes, the OpenAPI document and `/docs` never need a key.",
    }
    unauthorized = _problem_answer(
        "A key is needed (the server is configured with keys) and none or a wrong one was sent.",
        {
            "type": "about:blank",
            "title": "Unauthorized",
            "status": 401,
            "detail": "This API needs a key: send it as 'Authorization: Bearer <key>'.",
            "instance": "/v1/timeline",
        },
        {
            "WWW-Authenticate": {
                "description": '`Bearer realm="news-timeline"`; with `error="invalid_token"` for a wrong '
                "key.",
                "schema": {"type": "string"},
            }
        },
    )
    too_slow = _problem_answer(
        "Processing took longer than `REQUEST_TIME_LIMIT_MS` (5,000 by default) and was abandoned.",
        {
            "type": TIME_LIMIT,
            "title": "Processing time limit exceeded",
            "status": 503,
            "detail": "The article took longer than the limit of 5000 ms to process and was abandoned. "
            "A shorter text goes faster; the same text may succeed when the service is less busy.",
            "instance": "/v1/timeline",
        },
        {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "minimum": 0},
            }
        },
    )
    for path, item in spec.get("paths", {}).items():
        if not path.startswith(PROTECTED_PREFIX):
            continue
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["security"] = [{SECURITY_SCHEME: []}]
                operation["responses"].setdefault("401", unauthorized)
                operation["responses"].setdefault("503", too_slow)
    return spec


# --- wiring ------------------------------------------------------------------------------------------------


def init_app(app: Flask, config: Mapping[str, Any] | None = None) -> None:
    """Install request IDs, authentication, security headers and the time limit on ``app``.

    Keys come from ``app.config`` (``API_KEYS``, ``API_KEYS_FILE``); an unusable one raises ``ConfigError``.
    """
    settings = config if config is not None else app.config
    configure_keys(
        app, parse_keys(settings.get("API_KEYS", "") or "", settings.get("API_KEYS_FILE", "") or "")
    )
    # First of all before_request functions: errors answered by later ones carry the ID too.
    app.before_request_funcs.setdefault(None, []).insert(0, _assign_request_id)
    app.before_request(_authenticate)
    app.after_request(_headers)
    app.dispatch_request = _limit_time(app.dispatch_request)  # type: ignore[method-assign]
    app.register_blueprint(bp)
