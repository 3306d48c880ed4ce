"""News timeline service: article text and publication date in, dated events in chronological order out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only; Flask stays out of `import service`
    from collections.abc import Mapping

    from flask import Flask

__version__ = "0.1.0"

__all__ = ["__version__", "create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application (imported lazily so ``import service.core`` never pulls in Flask)."""
    from service.app import create_app as _create_app

    return _create_app(config)
