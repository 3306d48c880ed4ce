"""Application settings: defaults, each overridable by an environment variable of the same name."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from service import __version__

#: Settings read from the environment, with their defaults.
ENV_DEFAULTS: dict[str, int] = {
    # Longest accepted `text`, in characters (Python string length).
    "MAX_TEXT_LENGTH": 200_000,
    # Largest accepted request body, in bytes (5 MiB); Flask answers 413 above it.
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    # Longest time one request may spend in the extraction core, in milliseconds; 503 above it.
    # Keep it well below gunicorn's TIMEOUT (30 s), which kills the worker instead.
    "REQUEST_TIME_LIMIT_MS": 5_000,
    # Most timexes / events one answer carries; longer lists are cut and the answer says `truncated: true`.
    "MAX_TIMEXES": 2_000,
    "MAX_EVENTS": 1_000,
    # Most articles accepted by one POST /v1/timelines:batch (422 above it).
    "MAX_BATCH_ITEMS": 50,
}

#: Server settings: limits on slow, stalled and idle clients (docs/serving.md). gunicorn.conf.py and the
#: worker (service/worker.py) read them with ``load_server_limits``; the application never does.
SERVER_DEFAULTS: dict[str, int] = {
    # Seconds within which a request's line, headers and body must all have arrived, counted from its first
    # byte (from the accept for a connection's first request); the connection is closed beyond (408 if the
    # headers were in).
    "REQUEST_READ_TIMEOUT": 10,
    # Seconds an idle keep-alive connection stays open between two requests; 0 closes it after each answer.
    "KEEPALIVE": 5,
    # Seconds a client has to take one whole answer; the connection is closed beyond.
    "SEND_TIMEOUT": 30,
    # Most connections one worker holds at once (being read, answered or idle).
    "WORKER_CONNECTIONS": 1000,
    # Most connections all the workers hold at once: each holds at most MAX_CONNECTIONS / workers. Beyond
    # that, new connections wait in the kernel's accept queue.
    "MAX_CONNECTIONS": 2000,
}
#: Server settings that may be 0.
SERVER_ZERO_ALLOWED: frozenset[str] = frozenset({"KEEPALIVE"})

#: Settings read from the environment as text; empty when unset.
ENV_TEXT: tuple[str, ...] = (
    # Bearer keys that /v1/ requests must present, comma-separated; empty: no authentication.
    "API_KEYS",
    # A file of further keys, one a line (blank lines and lines starting with # are skipped).
    "API_KEYS_FILE",
    # Origins whose browser pages may call /v1/ (CORS), comma-separated exact origins such as
    # https://cms.example.org, or * for any (trusted internal deployments only); empty: none.
    "CORS_ORIGINS",
)

#: Settings that are fixed by the code (the published contract must not depend on the environment).
STATIC_SETTINGS: dict[str, Any] = {
    # Never debug mode, whatever FLASK_DEBUG says (the factory's `config` argument may still set it).
    "DEBUG": False,
    "API_TITLE": "News timeline",
    "API_VERSION": __version__,
    "OPENAPI_VERSION": "3.0.3",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Send a news article's text and publication date; get back its temporal "
            "expressions, normalized as TIMEX3 values against the publication date, and its events in "
            "chronological order. Stateless: the answer depends only on the request, never on the "
            "server's clock. Every error is an RFC 9457 `application/problem+json` document."
        }
    },
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "/docs",
    # Swagger UI's scripts and styles come from the installed swagger-ui-bundle package, never a CDN.
    "OPENAPI_SWAGGER_UI_URL": "/docs/assets/",
    "OPENAPI_SWAGGER_UI_CONFIG": {"deepLinking": True, "tryItOutEnabled": True},
}


class ConfigError(ValueError):
    """Raised when an environment variable holds an unusable value."""


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ConfigError(f"{name} must be a positive integer, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be a positive integer, got {raw!r}")
    return value


def load_server_limits(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """The server settings (``SERVER_DEFAULTS``), with values from ``environ`` (default: ``os.environ``)."""
    env = os.environ if environ is None else environ
    limits: dict[str, int] = {}
    for name, default in SERVER_DEFAULTS.items():
        raw = env.get(name, "").strip()
        if raw and name in SERVER_ZERO_ALLOWED and raw.replace("_", "") == "0":
            limits[name] = 0
        else:
            limits[name] = _positive_int(name, raw) if raw else default
    return limits


def connections_per_worker(limits: Mapping[str, int], workers: int) -> int:
    """The per-worker connection cap: WORKER_CONNECTIONS, lowered so that all workers stay within
    MAX_CONNECTIONS (at least 1)."""
    return max(1, min(limits["WORKER_CONNECTIONS"], limits["MAX_CONNECTIONS"] // max(1, workers)))


def load_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the default settings, with values from ``environ`` (default: ``os.environ``) applied."""
    env = os.environ if environ is None else environ
    settings: dict[str, Any] = dict(STATIC_SETTINGS)
    for name, default in ENV_DEFAULTS.items():
        raw = env.get(name, "").strip()
        settings[name] = _positive_int(name, raw) if raw else default
    for name in ENV_TEXT:
        settings[name] = env.get(name, "").strip()
    return settings
