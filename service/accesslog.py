"""Gunicorn access log as JSON lines: one per request, with method, path, status, duration and sizes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from gunicorn.glogging import Logger

#: WSGI environ key under which the application leaves the request's ID (service/api/security.py).
REQUEST_ID_ENVIRON_KEY = "news_timeline.request_id"
#: WSGI environ key under which the application leaves the matched URL rule (service/metrics.py).
ROUTE_ENVIRON_KEY = "news_timeline.route"
#: WSGI environ keys under which a cross-origin request's Origin and the CORS decision are left
#: (service/api/cors.py): only cross-origin requests under /v1/ have them.
ORIGIN_ENVIRON_KEY = "news_timeline.origin"
CORS_ENVIRON_KEY = "news_timeline.cors"


def access_record(resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta) -> dict[str, Any]:
    """The fields logged for one request. Never the body, nor the query string (it could quote the text).

    A cross-origin request under ``/v1/`` adds ``origin`` and ``cors`` (``allowed`` or ``refused``).
    """
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    request_bytes = environ.get("CONTENT_LENGTH") or None
    record = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "method": environ.get("REQUEST_METHOD"),
        "path": environ.get("PATH_INFO"),
        "status": int(status) if str(status).isdigit() else status,
        "duration_ms": round(request_time.total_seconds() * 1000, 3),
        "request_bytes": int(request_bytes) if request_bytes and request_bytes.isdigit() else None,
        "response_bytes": getattr(resp, "sent", None),
        "remote_addr": environ.get("REMOTE_ADDR"),
        "user_agent": environ.get("HTTP_USER_AGENT"),
        "request_id": environ.get(REQUEST_ID_ENVIRON_KEY),
        "route": environ.get(ROUTE_ENVIRON_KEY),
    }
    if CORS_ENVIRON_KEY in environ:
        record["origin"] = environ.get(ORIGIN_ENVIRON_KEY)
        record["cors"] = environ[CORS_ENVIRON_KEY]
    return record


class JsonAccessLogger(Logger):
    """Gunicorn's logger, with each access log line written as one JSON object."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta) -> None:
        if not self.access_log_enabled:
            return
        try:
            self.access_log.info(json.dumps(access_record(resp, req, environ, request_time)))
        except Exception:  # a logging failure must never fail the request
            self.exception("Could not write the access log line")
