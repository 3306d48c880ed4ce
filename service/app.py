"""The application factory: configuration, the API blueprints, problem+json errors, a warmed-up core."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from service import metrics, web
from service.api import batch, cors, encoding, security
from service.api.docs import docs
from service.api.extension import Api
from service.api.problems import register_error_handlers
from service.api.schemas import TimelineJSSchema, TimelineResponseSchema
from service.api.views import READY_FLAG, health, timeline
from service.config import load_config
from service.core import warm_up


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides the defaults read from the environment."""
    app = Flask(__name__)
    app.config.update(load_config())
    if config:
        app.config.update(config)
    app.config[READY_FLAG] = False
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the schemas' field order
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    # First, so that its timer starts before and its count is taken after every other hook.
    metrics.init_app(app)

    api = Api(app)
    # The two JSON answers of POST /v1/timeline (format=json or timelinejs), documented as oneOf.
    api.spec.components.schema("TimelineResponse", schema=TimelineResponseSchema)
    api.spec.components.schema("TimelineJS", schema=TimelineJSSchema)
    api.register_blueprint(timeline)
    api.register_blueprint(health)
    batch.register(api)
    app.register_blueprint(docs)
    web.register(app)
    register_error_handlers(app)
    # Request IDs, optional API keys, security headers, the time limit; JSON answers safe for any text.
    security.init_app(app)
    encoding.init_app(app)
    # Last: it answers the preflights of every /v1/ route registered above.
    cors.init_app(app)
    _log_through_gunicorn()

    # Load and compile the grammars now (once, in the gunicorn master with preload_app), not on a request.
    warm_up()
    app.config[READY_FLAG] = True
    return app


def _log_through_gunicorn() -> None:
    """Under gunicorn, send the service's own log records (errors) to gunicorn's error log."""
    gunicorn_error = logging.getLogger("gunicorn.error")
    ours = logging.getLogger("service")
    if gunicorn_error.handlers and not ours.handlers:
        ours.handlers = list(gunicorn_error.handlers)
        ours.setLevel(gunicorn_error.level)
        ours.propagate = False
