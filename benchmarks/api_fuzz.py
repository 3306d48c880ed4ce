"""API fuzzing from the spec, at scale: schemathesis against a real gunicorn, with openapi.yaml.

Starts gunicorn (gunicorn.conf.py) on a free loopback port with a freshly made API key, waits until it is
ready, runs ``schemathesis run openapi.yaml`` against it with every check (``--checks all``) and
``--max-examples`` test cases per operation and phase, then stops the server. Exits with schemathesis's
status: 0 when it found no server error and no answer that breaks the spec.

    make schemathesis                                   # 300 examples per operation (SCHEMATHESIS_EXAMPLES)
    python benchmarks/api_fuzz.py --max-examples 1000 -- --phases fuzzing --seed 1

Arguments after ``--`` go to ``schemathesis run`` as they are. The in-process, bounded version of this
run is tests/api/test_schemathesis.py.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from serving import free_port  # noqa: E402  (the port helper of the tests and benchmarks, tests/serving.py)


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before it was ready")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"gunicorn not ready within {seconds:.0f} s")
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=300, help="test cases per operation (300)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers and schemathesis workers (2)"
    )
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--logs", type=Path, default=None, help="keep gunicorn's logs in this folder")
    parser.add_argument("extra", nargs="*", help="arguments for `schemathesis run`, after --")
    args = parser.parse_args(argv)

    key = secrets.token_urlsafe(24)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(args.workers),
        "API_KEYS": key,
        "LOG_LEVEL": "warning",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    logs = args.logs or Path(os.environ.get("TMPDIR", "/tmp"))
    logs.mkdir(parents=True, exist_ok=True)
    stderr_path = logs / f"api-fuzz-gunicorn-{port}.log"
    with stderr_path.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        wait_ready(url, server)
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            str(args.spec),
            "--url",
            url,
            "--checks",
            "all",
            "--max-examples",
            str(args.max_examples),
            "--workers",
            str(args.workers),
            "--header",
            f"Authorization: Bearer {key}",
            "--generation-database",
            "none",
            *args.extra,
        ]
        print(
            f"schemathesis against {url} ({args.spec.name}), {args.max_examples} examples per operation",
            flush=True,
        )
        status = subprocess.call(command, cwd=ROOT)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    errors = [line for line in stderr_path.read_text(errors="replace").splitlines() if "Unhandled" in line]
    where = f" (log: {stderr_path})" if args.logs else ""
    print(f"gunicorn: {len(errors)} unhandled error(s) logged{where}")
    for line in errors[:20]:
        print(f"  {line}")
    if not args.logs:
        stderr_path.unlink(missing_ok=True)
    return status or (1 if errors else 0)


if __name__ == "__main__":
    raise SystemExit(main())
