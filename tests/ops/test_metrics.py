"""GET /metrics: requests by route and status, latency, article sizes; added up across gunicorn workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from serving import ROOT, Server, gunicorn

from service import metrics

ARTICLE = "The council voted on Tuesday to extend the night buses. Councillors will meet again next month."


def sample(name: str, **labels: str) -> float:
    return metrics.registry().get_sample_value(name, labels) or 0.0


def test_requests_are_counted_by_route_rule_and_status(client: FlaskClient) -> None:
    ok = {"method": "POST", "route": "/v1/timeline", "status": "200"}
    invalid = {**ok, "status": "422"}
    before = {
        "ok": sample("timeline_http_requests_total", **ok),
        "invalid": sample("timeline_http_requests_total", **invalid),
        "latency": sample("timeline_http_request_duration_seconds_count", **ok),
        "missing": sample("timeline_http_requests_total", method="GET", route="<unmatched>", status="404"),
    }
    assert client.post("/v1/timeline", json={"text": ARTICLE, "published": "2025-04-17"}).status_code == 200
    assert client.post("/v1/timeline", json={"text": ARTICLE, "published": "2025-04-17"}).status_code == 200
    assert client.post("/v1/timeline", json={"text": ""}).status_code == 422
    assert client.get("/no/such/secret-path").status_code == 404
    assert sample("timeline_http_requests_total", **ok) == before["ok"] + 2
    assert sample("timeline_http_requests_total", **invalid) == before["invalid"] + 1
    assert sample("timeline_http_request_duration_seconds_count", **ok) == before["latency"] + 2
    assert sample("timeline_http_request_duration_seconds_bucket", le="+Inf", **ok) == before["latency"] + 2
    missing = sample("timeline_http_requests_total", method="GET", route="<unmatched>", status="404")
    assert missing == before["missing"] + 1
    # Labels hold URL rules only: a path that matched nothing never becomes a label.
    assert "secret-path" not in client.get("/metrics").get_data(as_text=True)


def test_article_size_timexes_and_events(client: FlaskClient) -> None:
    before = {
        name: (sample(f"timeline_article_{name}_count"), sample(f"timeline_article_{name}_sum"))
        for name in ("characters", "timexes", "events")
    }
    answer = client.post("/v1/timeline", json={"text": ARTICLE, "published": "2025-04-17"}).get_json()
    assert sample("timeline_article_characters_count") == before["characters"][0] + 1
    assert sample("timeline_article_characters_sum") == before["characters"][1] + len(ARTICLE)
    assert sample("timeline_article_timexes_sum") == before["timexes"][1] + len(answer["timexes"])
    assert sample("timeline_article_events_sum") == before["events"][1] + len(answer["events"])
    assert len(answer["events"]) > 0


def test_batch_items_are_counted_as_articles(client: FlaskClient) -> None:
    articles = sample("timeline_article_characters_count")
    ok = sample("timeline_batch_items_total", outcome="ok")
    invalid = sample("timeline_batch_items_total", outcome="422")
    items = [
        {"text": ARTICLE, "published": "2025-04-17"},
        {"text": ARTICLE},
        {"text": "x", "published": "2025-04-17"},
    ]
    assert client.post("/v1/timelines:batch", json={"items": items}).status_code == 200
    assert sample("timeline_batch_items_total", outcome="ok") == ok + 2
    assert sample("timeline_batch_items_total", outcome="422") == invalid + 1
    assert sample("timeline_article_characters_count") == articles + 2


def test_metrics_are_prometheus_text(client: FlaskClient) -> None:
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    for declared in (
        "timeline_http_requests_total counter",
        "timeline_http_request_duration_seconds histogram",
        "timeline_article_characters histogram",
        "timeline_article_timexes histogram",
        "timeline_article_events histogram",
        "timeline_batch_items_total counter",
    ):
        assert f"# TYPE {declared}\n" in text
    assert '{method="GET",route="/healthz",status="200"}' in text


def test_building_the_app_does_not_import_prometheus_client() -> None:
    """The preloaded gunicorn master builds the app: prometheus_client must wait for the workers."""
    script = textwrap.dedent(
        """
        import sys
        from service import create_app
        app = create_app()
        print("prometheus_client" in sys.modules)
        app.test_client().get("/healthz")
        print("prometheus_client" in sys.modules)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


# --- under gunicorn: several workers, one set of numbers --------------------------------------------------


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _post(url: str, body: dict[str, object]) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status


def _value(exposition: str, line_start: str) -> float:
    found = [line.rsplit(" ", 1)[1] for line in exposition.splitlines() if line.startswith(line_start + " ")]
    return float(found[0]) if found else 0.0


def _workers(master: int) -> list[int]:
    """The live children of `master`, found by the parent field of every process's /proc stat line
    (the kernel's `children` list of a task may skip entries while processes come and go)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process exited while we looked
        if fields[1] == str(master) and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return sorted(found)


def _wait_for_workers(server: Server, count: int, gone: set[int], deadline: float) -> list[int]:
    """Wait until the master has `count` live workers, none of them in `gone`."""
    while True:
        workers = _workers(server.process.pid)
        if len(workers) == count and not gone & set(workers):
            return workers
        assert time.monotonic() < deadline, f"workers {workers}, not {count}:\n{server.stderr.read_text()}"
        time.sleep(0.1)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to find the workers")
def test_metrics_add_up_every_worker_and_outlive_them(tmp_path: Path) -> None:
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_999999.db").write_bytes(b"stale numbers of an earlier run")
    key = 'timeline_http_requests_total{method="POST",route="/v1/timeline",status="200"}'
    article = {"text": ARTICLE, "published": "2025-04-17"}
    with gunicorn(tmp_path, {"PROMETHEUS_MULTIPROC_DIR": str(folder)}, workers=2) as server:
        assert not (folder / "counter_999999.db").exists(), "the folder is emptied at start"
        for _ in range(6):
            assert _post(f"{server.url}/v1/timeline", article) == 200
        # Every worker that answered those is replaced (as when recycled or crashed): none of the counts go.
        deadline = time.monotonic() + 30
        first = _wait_for_workers(server, 2, set(), deadline)
        for pid in first:
            os.kill(pid, signal.SIGTERM)
            _wait_for_workers(server, 2, {pid}, deadline)
        assert not set(first) & set(_workers(server.process.pid))
        for _ in range(6):
            assert _post(f"{server.url}/v1/timeline", article) == 200
        # Whichever worker answers /metrics, it reports the requests of all, the dead ones' included.
        for _ in range(4):
            assert _value(_get(f"{server.url}/metrics"), key) == 12
        assert len(list(folder.glob("counter_*.db"))) >= 2
        scrapes = 'timeline_http_requests_total{method="GET",route="/metrics",status="200"}'
        assert _value(_get(f"{server.url}/metrics"), scrapes) >= 4
    requests = 12

    log = [json.loads(line) for line in server.stdout.read_text().splitlines() if line.startswith("{")]
    ours = [line for line in log if line["path"] == "/v1/timeline"]
    assert len(ours) == requests
    assert all(line["route"] == "/v1/timeline" and line["status"] == 200 for line in ours)
    assert all(line["request_id"] for line in ours)
    assert "council" not in server.stdout.read_text() + server.stderr.read_text()
