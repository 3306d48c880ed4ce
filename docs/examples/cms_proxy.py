"""The CMS's own route for its editors' browsers: it adds the key, so the key never reaches a browser.

The editors' page posts the draft to ``/cms/timeline`` on the CMS itself (same origin: no CORS at all);
this route forwards it to the timeline service with the newsroom's key (``TIMELINE_KEY``) and hands back
the answer as it came: the timeline, or the service's problem+json, with the request ID. Mount it behind
the CMS's login like every other editors' route: left open, it would lend the key to anyone.

    TIMELINE_URL=http://127.0.0.1:8121 TIMELINE_KEY=... flask --app docs/examples/cms_proxy.py run --port 8131
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request

from flask import Flask, Response, request

#: What the browser may ask for; the service's own limits (text length, body size) apply after that.
FORMATS = ("json", "timelinejs", "ics")
MAX_BODY = 1024 * 1024
#: The answer's headers worth handing back to the page.
RELAYED = ("Content-Type", "X-Request-ID", "Retry-After")

app = Flask(__name__)


@app.post("/cms/timeline")
def timeline() -> Response:
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS or (request.content_length or 0) > MAX_BODY:
        return Response(status=400)
    headers = {"Content-Type": request.content_type or "application/json"}
    if os.environ.get("TIMELINE_KEY"):
        headers["Authorization"] = f"Bearer {os.environ['TIMELINE_KEY']}"
    if request.headers.get("X-Request-ID"):
        headers["X-Request-ID"] = request.headers["X-Request-ID"]
    service = os.environ.get("TIMELINE_URL", "http://127.0.0.1:8121")
    forwarded = urllib.request.Request(
        f"{service}/v1/timeline?format={fmt}", data=request.get_data(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(forwarded, timeout=30) as answer:
            status, answer_headers, body = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:  # a problem: relayed as it is, the page reads it
        status, answer_headers, body = error.code, error.headers, error.read()
    relayed = {name: answer_headers[name] for name in RELAYED if answer_headers.get(name)}
    return Response(body, status=status, headers=relayed)
