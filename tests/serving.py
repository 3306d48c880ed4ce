"""A real gunicorn with the repository's gunicorn.conf.py on a free loopback port, for end-to-end tests and
the benchmarks that need a server (benchmarks/api_fuzz.py, benchmarks/load.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "gunicorn.conf.py"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def gunicorn(logs: Path, env: Mapping[str, str] | None = None, workers: int = 2) -> Iterator[Server]:
    """Start gunicorn, wait until /readyz answers 200, yield it, then stop it (SIGTERM, then SIGKILL)."""
    port = free_port()
    environ = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        **(env or {}),
    }
    if "PROMETHEUS_MULTIPROC_DIR" not in (env or {}):
        environ.pop("PROMETHEUS_MULTIPROC_DIR", None)  # each server gets its own, made by gunicorn.conf.py
    stdout, stderr = logs / "stdout.log", logs / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(CONF)],
            cwd=ROOT,
            env=environ,
            stdout=out,
            stderr=err,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"gunicorn exited early:\n{stderr.read_text()}"
            try:
                with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert time.monotonic() < deadline, f"not ready within 60 s:\n{stderr.read_text()}"
            time.sleep(0.2)
        yield Server(url, process, stdout, stderr)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_pids(master: int) -> list[int]:
    """The live child processes of gunicorn's master (its workers), from Linux's /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()  # fields[0] is the state, fields[1] the parent
        if int(fields[1]) == master and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return sorted(found)
