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
}

#: Settings that are fixed by the code (the published contract must not depend on the environment).
STATIC_SETTINGS: dict[str, Any] = {
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


def load_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the default settings, with values from ``environ`` (default: ``os.environ``) applied."""
    env = os.environ if environ is None else environ
    settings: dict[str, Any] = dict(STATIC_SETTINGS)
    for name, default in ENV_DEFAULTS.items():
        raw = env.get(name, "").strip()
        settings[name] = _positive_int(name, raw) if raw else default
    return settings
