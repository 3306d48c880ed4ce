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
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from serving import gunicorn  # noqa: E402  (the tests' gunicorn on a free loopback port, tests/serving.py)


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
    with tempfile.TemporaryDirectory(prefix="api-fuzz-") as scratch:
        logs = args.logs or Path(scratch)
        logs.mkdir(parents=True, exist_ok=True)
        with gunicorn(logs, env={"API_KEYS": key, "LOG_LEVEL": "warning"}, workers=args.workers) as server:
            command = [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                str(args.spec),
                "--url",
                server.url,
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
                f"schemathesis against {server.url} ({args.spec.name}), {args.max_examples} examples per "
                "operation",
                flush=True,
            )
            status = subprocess.call(command, cwd=ROOT)
        log = server.stderr.read_text(errors="replace").splitlines()
    errors = [line for line in log if "Unhandled" in line]
    where = f" (logs in {args.logs})" if args.logs else ""
    print(f"gunicorn: {len(errors)} unhandled error(s) logged{where}")
    for line in errors[:20]:
        print(f"  {line}")
    return status or (1 if errors else 0)


if __name__ == "__main__":
    raise SystemExit(main())
