"""Locust users that POST ~5 KB articles to /v1/timeline; driven by benchmarks/load.py (`make load`).

    locust -f benchmarks/locustfile.py --headless -u N -r N -t 60s --host http://127.0.0.1:PORT

LOAD_PAYLOADS names a JSON file of request bodies (load.py writes it); without it the bodies are built here.
LOAD_USER_RATE paces each user at that many requests/s; unset or 0: no wait (closed loop). With pacing,
LOAD_USERS (the -u count) staggers the users so that their requests arrive evenly spaced, not in one burst
per period (locust starts all the users of a spawn step at once, and its constant_throughput would undo
a plain start delay).
"""

from __future__ import annotations

import itertools
import json
import os
import time
from pathlib import Path
from typing import Any

import gevent
from articles import http_payloads
from locust import FastHttpUser, task


def load_payloads() -> list[dict[str, Any]]:
    path = os.environ.get("LOAD_PAYLOADS")
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return http_payloads()


PAYLOADS = load_payloads()
USER_RATE = float(os.environ.get("LOAD_USER_RATE") or 0)
USERS = int(os.environ.get("LOAD_USERS") or 1)
_next = itertools.count()
_user_index = itertools.count()


class TimelineUser(FastHttpUser):
    """Posts the payloads in turn (shared round robin); a non-2xx answer counts as a failure."""

    _due = 0.0  # perf_counter time at which this user's next request is due

    def on_start(self) -> None:
        """With pacing, user i of n sends its first request i/n of a period late."""
        if USER_RATE > 0:
            gevent.sleep((next(_user_index) % USERS) / (USERS * USER_RATE))
        self._due = time.perf_counter()

    def wait_time(self) -> float:
        """Until this user's next slot, one period after the last; a late user catches up one slot at most."""
        if USER_RATE <= 0:
            return 0.0
        period = 1 / USER_RATE
        now = time.perf_counter()
        self._due = max(self._due + period, now - period)
        return max(0.0, self._due - now)

    @task
    def post_timeline(self) -> None:
        body = PAYLOADS[next(_next) % len(PAYLOADS)]
        self.client.post("/v1/timeline", json=body, name="/v1/timeline")
