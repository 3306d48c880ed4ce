"""Prometheus metrics: requests by route and status, their latency, and what the articles hold.

Under gunicorn every worker is a separate process, so the counts of one worker are not the service's.
prometheus-client's multiprocess mode fixes that: each process writes its samples to memory-mapped files
in ``PROMETHEUS_MULTIPROC_DIR`` and ``GET /metrics`` adds up the files of every process, living or dead.
The mode is chosen when ``prometheus_client`` is first imported, from that environment variable, so:

* ``gunicorn.conf.py`` sets the variable in the master (``on_starting``, after the preloaded app is
  built but before any worker is forked), wipes the directory at start, and marks each exited worker
  dead (``child_exit``);
* this module imports ``prometheus_client`` lazily, on the first request a worker serves, never while
  the application is built: the preloaded master never fixes the mode too early.

Without the variable (tests, ``flask run``) the metrics live in this process, in ``registry()``.
No label ever holds a raw path or any article text: routes are URL rules (``/v1/timeline``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any

from service.accesslog import ROUTE_ENVIRON_KEY

if TYPE_CHECKING:  # pragma: no cover
    from flask import Flask, Response

    from service.core.model import Analysis

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: The route label of a request that matched no URL rule (404, 405): never the raw path.
UNMATCHED = "<unmatched>"
_START_KEY = "news_timeline.metrics_start"

logger = logging.getLogger("service.metrics")

# Seconds: most answers take milliseconds; long articles and batches take seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Characters of article text, up to the default MAX_TEXT_LENGTH (200,000).
SIZE_BUCKETS = (500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000)
COUNT_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500)


class _Metrics:
    """The service's metric objects (created once per process, on first use)."""

    def __init__(self) -> None:
        import prometheus_client as prom
        from prometheus_client import values

        self.prom = prom
        self.multiprocess_dir = os.environ.get(MULTIPROC_ENV) or None
        if self.multiprocess_dir and values.ValueClass is values.MutexValue:
            # prometheus_client was imported before the variable was set: each worker would count alone.
            logger.warning(
                "%s is set but prometheus_client was imported before it; /metrics shows one process only",
                MULTIPROC_ENV,
            )
            self.multiprocess_dir = None
        self.registry = prom.CollectorRegistry(auto_describe=True)
        labels = ("method", "route", "status")
        self.requests = prom.Counter(
            "timeline_http_requests",
            "HTTP requests answered, by method, route (URL rule) and status code.",
            labels,
            registry=self.registry,
        )
        self.latency = prom.Histogram(
            "timeline_http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route (URL rule) and status code.",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.article_chars = prom.Histogram(
            "timeline_article_characters",
            "Length of each article analysed, in characters (single and batch requests).",
            buckets=SIZE_BUCKETS,
            registry=self.registry,
        )
        self.article_timexes = prom.Histogram(
            "timeline_article_timexes",
            "Temporal expressions found per article.",
            buckets=COUNT_BUCKETS,
            registry=self.registry,
        )
        self.article_events = prom.Histogram(
            "timeline_article_events",
            "Dated events found per article.",
            buckets=COUNT_BUCKETS,
            registry=self.registry,
        )
        self.deadlines = prom.Counter(
            "timeline_connection_deadlines",
            "Connections closed because a deadline passed, by phase: `request` (REQUEST_READ_TIMEOUT), "
            "`answer` (SEND_TIMEOUT), `idle` (KEEPALIVE).",
            ("phase",),
            registry=self.registry,
        )
        self.batch_items = prom.Counter(
            "timeline_batch_items",
            "Items of POST /v1/timelines:batch, by outcome (`ok` or the problem's status code).",
            ("outcome",),
            registry=self.registry,
        )


_lock = threading.Lock()
_metrics: _Metrics | None = None


def metrics() -> _Metrics:
    """The metric objects of this process, created on first use."""
    global _metrics
    if _metrics is None:
        with _lock:
            if _metrics is None:
                _metrics = _Metrics()
    return _metrics


def observe_deadline(phase: str) -> None:
    """Record one connection closed by the server's deadline for `phase` (service/worker.py)."""
    metrics().deadlines.labels(phase=phase).inc()


def registry() -> Any:
    """The registry holding this process's metrics (what the tests read)."""
    return metrics().registry


def observe_article(characters: int, analysis: Analysis) -> None:
    """Record the size of one analysed article and what was found in it."""
    observe_answer(characters, len(analysis.timexes), len(analysis.events))


def observe_answer(characters: int, timexes: int, events: int) -> None:
    """Record an article's length in characters, and the timexes and events found in it."""
    m = metrics()
    m.article_chars.observe(characters)
    m.article_timexes.observe(timexes)
    m.article_events.observe(events)


def observe_batch_item(outcome: str) -> None:
    """Record one batch item's outcome: ``ok`` or a problem's status code."""
    metrics().batch_items.labels(outcome=outcome).inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format: those of every worker in multiprocess mode."""
    m = metrics()
    if m.multiprocess_dir:
        from prometheus_client import multiprocess

        merged = m.prom.CollectorRegistry()
        multiprocess.MultiProcessCollector(merged, path=m.multiprocess_dir)
        return m.prom.generate_latest(merged), m.prom.CONTENT_TYPE_LATEST
    return m.prom.generate_latest(m.registry), m.prom.CONTENT_TYPE_LATEST


def init_app(app: Flask) -> None:
    """Time every request, count it by route and status, and serve ``GET /metrics``."""
    from flask import request

    def start_timer() -> None:
        request.environ[_START_KEY] = time.perf_counter()

    def record(response: Response) -> Response:
        environ = request.environ
        rule = request.url_rule.rule if request.url_rule is not None else UNMATCHED
        environ[ROUTE_ENVIRON_KEY] = rule
        started = environ.get(_START_KEY)
        try:
            m = metrics()
            labels = {"method": request.method, "route": rule, "status": str(response.status_code)}
            m.requests.labels(**labels).inc()
            if started is not None:
                m.latency.labels(**labels).observe(time.perf_counter() - started)
        except Exception:  # metrics must never fail a request
            logger.exception("Could not record the request's metrics")
        return response

    app.before_request(start_timer)
    app.after_request(record)
    app.add_url_rule("/metrics", "metrics", _serve_metrics, methods=["GET"])


def _serve_metrics() -> Response:
    from flask import current_app

    body, content_type = exposition()
    response = current_app.response_class(body, content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    return response
