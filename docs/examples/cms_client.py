"""A CMS's server calling the timeline service: post an article, get its timeline (docs/integration.md).

Standard library only. ``TIMELINE_URL`` (default ``http://127.0.0.1:8121``) says where the service is,
``TIMELINE_KEY`` which key to send (none when unset).

    python docs/examples/cms_client.py docs/examples/northgate-bridge.json            # the events
    python docs/examples/cms_client.py docs/examples/northgate-bridge.json timelinejs # or ics: the export
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any


class TimelineProblem(Exception):
    """The service refused the article: its RFC 9457 problem, and the request's ID to quote."""

    def __init__(self, problem: dict[str, Any], request_id: str | None) -> None:
        super().__init__(f"{problem.get('title')} ({problem.get('status')}): {problem.get('detail')}")
        self.problem = problem
        self.request_id = request_id


def post_article(
    article: dict[str, Any], fmt: str = "json", request_id: str | None = None, attempts: int = 3
) -> bytes:
    """The service's answer to ``article`` (``id``, ``text``, ``published``, ``title``) in ``fmt``.

    ``fmt`` is ``json``, ``timelinejs`` or ``ics``. A ``503`` (the service is busy, or the article took
    too long) is tried again after its ``Retry-After``; any other problem raises ``TimelineProblem``.
    """
    service = os.environ.get("TIMELINE_URL", "http://127.0.0.1:8121")
    headers = {"Content-Type": "application/json"}
    if os.environ.get("TIMELINE_KEY"):
        headers["Authorization"] = f"Bearer {os.environ['TIMELINE_KEY']}"
    if request_id:
        headers["X-Request-ID"] = request_id  # echoed back and logged by the service
    body = json.dumps(article).encode("utf-8")
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(
            f"{service}/v1/timeline?format={fmt}", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            problem = json.loads(error.read() or b"{}")
            if error.code == 503 and attempt < attempts:
                time.sleep(float(error.headers.get("Retry-After") or 1))
                continue
            raise TimelineProblem(problem, error.headers.get("X-Request-ID")) from None
    raise ValueError("attempts must be at least 1")


def main(argv: list[str]) -> int:
    with open(argv[1], encoding="utf-8") as file:
        article = json.load(file)
    fmt = argv[2] if len(argv) > 2 else "json"
    try:
        answer = post_article(article, fmt, request_id=f"cms-{article.get('id')}")
    except TimelineProblem as problem:
        print(f"{problem} [request {problem.request_id}]", file=sys.stderr)
        return 1
    if fmt != "json":
        sys.stdout.write(answer.decode("utf-8"))
        return 0
    for event in json.loads(answer)["events"]:
        print(f"{event['date']['value']:<12} {event['status']:<10} {event['headline']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
