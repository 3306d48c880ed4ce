"""Gunicorn settings, shared by `make serve`, the Docker image and the end-to-end test."""

from __future__ import annotations

import gc
import os

from service.config import ConfigError, connections_per_worker, load_server_limits


def _cores() -> int:
    """CPUs this process may run on (respects affinity and container CPU sets)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, got {raw!r}")
    return value


wsgi_app = "service.app:create_app()"

# Where to listen.
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{_env_int('PORT', 8000)}"]

# Extraction is CPU-bound: one worker process per core keeps every core busy without contention.
workers = _env_int("WEB_CONCURRENCY", _cores())

# Each worker holds its connections in gevent greenlets (service/worker.py, docs/serving.md): a slow, stalled
# or idle client costs a greenlet, not a worker, and every connection lives under the deadlines below.
# WORKER_CLASS=sync is gunicorn's one-connection-at-a-time worker, only for use behind a buffering proxy.
WORKER_CLASSES = {"gevent": "service.worker.DeadlineWorker", "sync": "sync"}
_worker_class_name = os.environ.get("WORKER_CLASS", "").strip() or "gevent"
if _worker_class_name not in WORKER_CLASSES:
    raise SystemExit(f"WORKER_CLASS must be one of {', '.join(WORKER_CLASSES)}, got {_worker_class_name!r}")
worker_class = WORKER_CLASSES[_worker_class_name]
threads = 1

# Limits on slow and idle clients (service/config.py, SERVER_DEFAULTS): the worker reads the deadlines
# itself; gunicorn gets the keep-alive and the connection cap of each worker.
try:
    _limits = load_server_limits()
except ConfigError as error:
    raise SystemExit(str(error)) from None
keepalive = _limits["KEEPALIVE"]


def _room_for(connections: int) -> int:
    """Raise the soft limit on open files so that a worker can hold `connections` (one file each, and a
    few more of its own), up to the hard limit; return how many connections fit."""
    import resource

    spare = 64
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= connections + spare:
        return connections
    raised = connections + spare if hard == resource.RLIM_INFINITY else min(connections + spare, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
    return max(1, min(connections, raised - spare))


worker_connections = _room_for(connections_per_worker(_limits, workers))

# A worker that stops answering its heartbeat for this long is killed and replaced.
timeout = _env_int("TIMEOUT", 30)
graceful_timeout = _env_int("GRACEFUL_TIMEOUT", 30)

# Recycle workers now and then, staggered, so that no leak can grow for ever.
max_requests = _env_int("MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("MAX_REQUESTS_JITTER", 100)

# Build the app (and load the grammars) once in the master; workers share it copy-on-write.
preload_app = True

# Heartbeat files in memory: a slow or full disk must not get healthy workers killed.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# No runtime control socket (gunicornc): nothing uses it, and instances must not share one path.
control_socket_disable = True

# One JSON line per request on stdout; gunicorn's own messages on stderr.
logger_class = "service.accesslog.JsonAccessLogger"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")


# --- Prometheus metrics of every worker (service/metrics.py) ----------------------------------------------
# Each worker writes its samples to files in PROMETHEUS_MULTIPROC_DIR; GET /metrics adds them all up.
# The variable is set here, in the master, after the preloaded app is built and before any worker is
# forked: the workers import prometheus_client on their first request, in multiprocess mode.
_METRICS_DIR_CREATED: list[str] = []


def on_starting(server: object) -> None:
    """Use PROMETHEUS_MULTIPROC_DIR (or a new temporary folder) for the metrics, emptied of old runs."""
    import glob
    import tempfile

    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if path:
        os.makedirs(path, exist_ok=True)
        for stale in glob.glob(os.path.join(path, "*.db")):
            os.remove(stale)  # counts of an earlier run would be added to this one's
    else:
        path = tempfile.mkdtemp(prefix="news-timeline-metrics-")
        _METRICS_DIR_CREATED.append(path)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path


def child_exit(server: object, worker: object) -> None:
    """A worker has exited: its live gauges go (its counts and histograms stay in the totals)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]


def on_exit(server: object) -> None:
    """Remove the metrics folder if it was made for this run."""
    import shutil

    for path in _METRICS_DIR_CREATED:
        shutil.rmtree(path, ignore_errors=True)


# --- Workers told to stop while they boot ------------------------------------------------------------------
def post_fork(server: object, worker: object) -> None:
    """Until a new worker installs its own signal handlers (after gevent's patching, which takes a while),
    it holds the master's, which only queue a signal for the master's loop: a SIGTERM sent as the master
    stops would be lost, and the worker would run on until it noticed its parent gone. Until then, the
    default action: a worker told to stop while it boots stops at once (it has no request yet)."""
    import signal

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)


# --- Memory shared with the workers ------------------------------------------------------------------------
def pre_fork(server: object, worker: object) -> None:
    """Move everything the master built (the app, the compiled grammars) out of the garbage collector's
    reach before forking: a worker's collections then never touch those objects, so their pages stay
    shared with the master instead of being copied into every worker, and each full collection has less
    to walk (Python's documented use of gc.freeze() in pre-forking servers)."""
    gc.freeze()
