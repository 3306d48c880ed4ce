"""HTTP load test: start gunicorn on a free loopback port, find the peak rate, hold ~70% of it: `make load`.

    python benchmarks/load.py [--driver wrk|locust] [--duration 60] [--step-duration 20] [--rate R]
                              [--kill-worker] [--slow-clients 50] [--pythonpath DIR] [--json]

Phase (a) ramps closed-loop users (connections: 1, 2, 3, 4, 6, ...) and keeps the highest requests/s
reached with zero errors; phase (b) runs at --utilization (0.7) of that rate with paced users for
--duration seconds and reports throughput, p50/p95/p99 latency and errors; phase (c) runs the same paced
load again while --slow-clients (50) abusive connections are held open (benchmarks/slow_clients.py:
headers trickled, bodies announced and never sent, idle, answers read a byte a second; reopened as the
server closes them) and says whether the normal requests kept p99 under 100 ms, no errors and half of
phase (b)'s rate. Every gunicorn worker's RSS is read at the start and the end. --kill-worker SIGKILLs
one worker mid-way through phase (b) and checks that the master replaces it. --pythonpath puts a
directory first on the server's import path: `make load` serves the mypyc-compiled copy of the
core (benchmarks/compiled.py) that way, and the report says which core the server runs. Only 127.0.0.1
is ever contacted; the server is stopped on exit, Ctrl-C or error.

The load generator shares the machine's CPUs with the server, so it should cost little: the default
driver is wrk (C; `apt install wrk`; benchmarks/wrk_post.lua), which takes a few % of a core where locust
(Python) takes a third of one. Without wrk on the PATH, locust is used. wrk paces a connection with a
whole-millisecond pause before each request, calibrated in short runs until the rate is reached.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from articles import cpu_stall_us, http_payloads, is_extension, stall_percent
from slow_clients import SlowClients

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from serving import free_port  # noqa: E402  (the port helper of the tests and benchmarks, tests/serving.py)

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_post.lua"
WRK_ERRORS = ("connect", "read", "write", "status", "timeout")
PACED_CONNECTIONS = 4  # wrk connections in phase (b), each pausing between its requests
CALIBRATION_SECONDS = 5.0
CALIBRATION_RUNS = 3
HOST = "127.0.0.1"
RAMP_USERS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32]
READY_TIMEOUT = 90.0
REPLACE_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
PLATEAU_GAIN = 1.03  # a step must beat the best rate so far by 3% to count as progress
PLATEAU_STEPS = 2  # stop ramping after this many steps without progress
NOISY_STALL = 30.0  # % of a step with a task waiting for a CPU above which the step is measured again
NOISY_RETRIES = 3  # at most this many such repeats per ramp
SLOW_P99_MS = 100.0  # what the normal requests' p99 must stay under while the slow clients are connected
SLOW_SETTLE_SECONDS = 2.0  # the slow clients connect and start their abuse before the load starts
# Phase (c) must also keep this share of the rate phase (b) reached: enough to tell a server that stops
# answering (the sync worker answers nothing), not so much that the machine's other load decides (wrk's
# paced rate falls as latency rises: 74% in a run where other processes' CPU pressure went 33% -> 81%).
SLOW_MIN_RATE = 0.5


class Interrupted(Exception):
    """SIGTERM: unwind so that the server and locust are stopped."""


@dataclass
class Run:
    """One locust run's aggregated figures (latencies in ms, as locust rounds them)."""

    users: int
    seconds: float
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float
    errors: dict[str, int] = field(default_factory=dict)
    loadgen_cpu_s: float = 0.0
    server_cpu_s: float = 0.0
    cpu_stall_pct: float | None = (
        None  # PSI: share of the run in which some task (ours or not) waited for a CPU
    )


def log(message: str) -> None:
    """Progress goes to stderr, so that --json leaves stdout with the JSON object alone."""
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the server


def start_server(
    port: int, logdir: Path, max_requests: int | None, pythonpath: Path | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn with the project's config, in its own session (Ctrl-C reaches us, not it directly);
    `pythonpath` goes first on its import path, before ROOT. (gunicorn puts its working directory first
    unless it is on the path already, and imports `service` for the access logger before it reads its
    own --pythonpath: so both go into PYTHONPATH.)"""
    env = {**os.environ, "HOST": HOST, "PORT": str(port), "GRACEFUL_TIMEOUT": "10", "LOG_LEVEL": "warning"}
    if max_requests:
        env["MAX_REQUESTS"] = str(max_requests)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(pythonpath.resolve()), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with (logdir / "access.log").open("wb") as out, (logdir / "server.log").open("wb") as err:
        return subprocess.Popen(
            [str(gunicorn), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )


def wait_ready(server: subprocess.Popen[bytes], port: int) -> float:
    """Poll /readyz until it answers 200; return the seconds it took."""
    start = time.perf_counter()
    while time.perf_counter() - start < READY_TIMEOUT:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - start
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn not ready after {READY_TIMEOUT:.0f} s")


def stop_process(proc: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL to its process group (it was started in a session of its own)."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def core_build(pids: list[int]) -> str:
    """Which core gunicorn runs: "compiled" if its master or a worker maps an extension module of
    service.core (a copy built by benchmarks/compiled.py: its modules' code is in one library beside
    `service/`, and the module the app imports, `pipeline`, has a small one of its own), else
    "interpreted"."""
    for pid in pids:
        try:
            maps = Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            continue
        for line in maps.splitlines():
            path = line.split(maxsplit=5)[-1]
            if "/service/core/" in path and is_extension(path):
                return "compiled"
    return "interpreted"


def settled_children(pid: int, steady: float = 0.5, timeout: float = 5.0) -> list[int]:
    """The workers once their number has not changed for `steady` seconds: /readyz can answer from the
    first worker while the master is still forking the others."""
    found, since, start = children(pid), time.perf_counter(), time.perf_counter()
    while time.perf_counter() - start < timeout:
        time.sleep(0.1)
        now = children(pid)
        if len(now) != len(found):
            found, since = now, time.perf_counter()
        elif found and time.perf_counter() - since >= steady:
            break
    return found


def children(pid: int) -> list[int]:
    """Live child processes of `pid` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return sorted(found)


def memory(pid: int) -> dict[str, int]:
    """VmRSS and RssAnon (/proc/<pid>/status) and Pss (smaps_rollup) in KiB; {} if the process is gone."""
    values = {}
    for name, keys in (("status", ("VmRSS", "RssAnon")), ("smaps_rollup", ("Pss",))):
        try:
            lines = Path(f"/proc/{pid}/{name}").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, rest = line.partition(":")
            if key in keys:
                values[key] = int(rest.split()[0])
    return values


def _cpu_ticks(pid: int, with_reaped: bool) -> int:
    """utime + stime (and, with_reaped, those of its reaped children) of `pid`; 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = stat[stat.rfind(")") + 2 :].split()  # fields[0] is field 3 (state) of proc(5)
    return sum(int(x) for x in fields[11 : 15 if with_reaped else 13])


def server_cpu(master: int) -> float:
    """CPU seconds used so far by the master, its live workers and its reaped (killed, recycled) workers."""
    ticks = _cpu_ticks(master, True) + sum(_cpu_ticks(pid, False) for pid in children(master))
    return ticks / os.sysconf("SC_CLK_TCK")


def snapshot(master: int) -> dict[str, Any]:
    return {
        "master": {"pid": master, **memory(master)},
        "workers": [{"pid": pid, **memory(pid)} for pid in children(master)],
    }


# ---------------------------------------------------------------- locust


def run_locust(
    port: int, users: int, seconds: float, workdir: Path, user_rate: float = 0.0
) -> tuple[subprocess.Popen[bytes], Path]:
    """Start one headless locust run in the background; return it and its CSV prefix."""
    prefix = workdir / f"u{users}-r{user_rate:g}-{len(list(workdir.glob('*_stats.csv')))}"
    env = {
        **os.environ,
        "LOAD_PAYLOADS": str(workdir / "payloads.json"),
        "LOAD_USER_RATE": str(user_rate),
        "LOAD_USERS": str(users),
    }
    cmd = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "-u", str(users), "-r", str(users), "-t", f"{math.ceil(seconds)}s",
        "--host", f"http://{HOST}:{port}", "--csv", str(prefix),
        "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING",
    ]  # fmt: skip
    with (workdir / f"{prefix.name}.log").open("wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )
    return proc, prefix


def finish_locust(proc: subprocess.Popen[bytes], prefix: Path, users: int, seconds: float) -> Run:
    """Wait (bounded) for a locust run and read its CSV figures."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc.wait(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        stop_process(proc)
        raise RuntimeError(f"locust did not finish; see {prefix}.log") from None
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return read_stats(prefix, users, seconds, cpu)


def read_stats(prefix: Path, users: int, seconds: float, cpu: float) -> Run:
    stats = Path(f"{prefix}_stats.csv")
    if not stats.is_file():
        raise RuntimeError(f"locust wrote no statistics; see {prefix}.log")
    with stats.open(newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    errors: dict[str, int] = {}
    failures = Path(f"{prefix}_failures.csv")
    if failures.is_file():
        with failures.open(newline="") as f:
            for r in csv.DictReader(f):
                errors[r["Error"]] = errors.get(r["Error"], 0) + int(r["Occurrences"])

    def num(key: str) -> float:
        value = row.get(key, "")
        return float(value) if value not in ("", "N/A") else float("nan")

    return Run(
        users=users,
        seconds=seconds,
        requests=int(row["Request Count"]),
        failures=int(row["Failure Count"]),
        rps=round(num("Requests/s"), 2),
        p50=num("50%"),
        p95=num("95%"),
        p99=num("99%"),
        max=round(num("Max Response Time"), 1),
        errors=errors,
        loadgen_cpu_s=round(cpu, 2),
    )


# ---------------------------------------------------------------- wrk


def start_wrk(port: int, connections: int, seconds: float, workdir: Path, delay_ms: int = 0) -> LoadRun:
    """Start one wrk run in the background (one thread, `connections` connections)."""
    cmd = [
        "wrk", "-t1", f"-c{connections}", f"-d{math.ceil(seconds)}s", "--timeout", "10s",
        "-s", str(WRK_SCRIPT), f"http://{HOST}:{port}", "--", str(workdir / "bodies.jsonl"), str(delay_ms),
    ]  # fmt: skip
    out = (workdir / f"wrk-c{connections}-d{delay_ms}-{time.monotonic_ns()}.log").open("w+b")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True)
    return LoadRun("wrk", proc, connections, seconds, out=out)


def finish_wrk(run: LoadRun) -> Run:
    """Wait (bounded) for a wrk run and read the JSON line its script writes at the end."""
    assert run.out is not None
    cpu = _wait_children_cpu(run.proc, run.seconds)
    run.out.seek(0)
    text = run.out.read().decode(errors="replace")
    run.out.close()
    line = next((ln for ln in reversed(text.splitlines()) if ln.startswith("{")), None)
    if line is None:
        raise RuntimeError(f"wrk wrote no figures:\n{text[-2000:]}")
    figures = json.loads(line)
    seconds = figures["duration_us"] / 1e6
    errors = {f"wrk {kind} errors": figures[kind] for kind in WRK_ERRORS if figures[kind]}
    return Run(
        users=run.users,
        seconds=round(seconds, 2),
        requests=figures["requests"],
        failures=sum(errors.values()),
        rps=round(figures["requests"] / seconds, 2) if seconds else 0.0,
        p50=figures["p50"] / 1000,
        p95=figures["p95"] / 1000,
        p99=figures["p99"] / 1000,
        max=round(figures["max"] / 1000, 1),
        errors=errors,
        loadgen_cpu_s=round(cpu, 2),
    )


# ---------------------------------------------------------------- either driver


@dataclass
class LoadRun:
    """A load-generator run in progress."""

    driver: str
    proc: subprocess.Popen[bytes]
    users: int
    seconds: float
    prefix: Path | None = None  # locust's CSV prefix
    out: Any = None  # wrk's output file


def _wait_children_cpu(proc: subprocess.Popen[bytes], seconds: float) -> float:
    """Wait (bounded) for the load generator; return the CPU seconds it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc.wait(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        stop_process(proc)
        raise RuntimeError("the load generator did not finish in time") from None
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def start_load(
    driver: str, port: int, users: int, seconds: float, workdir: Path, pace: float = 0.0
) -> LoadRun:
    """Start `users` closed-loop users; `pace` > 0: locust's per-user rate, wrk's pause in ms."""
    if driver == "wrk":
        return start_wrk(port, users, seconds, workdir, round(pace))
    proc, prefix = run_locust(port, users, seconds, workdir, user_rate=pace)
    return LoadRun("locust", proc, users, seconds, prefix=prefix)


def finish_load(run: LoadRun) -> Run:
    try:
        if run.driver == "wrk":
            return finish_wrk(run)
        assert run.prefix is not None
        return finish_locust(run.proc, run.prefix, run.users, run.seconds)
    finally:
        stop_process(run.proc)


def load_run(
    driver: str, port: int, master: int, users: int, seconds: float, workdir: Path, pace: float = 0.0
) -> Run:
    """One load run, with the server's CPU time over it."""
    cpu, stall, start = server_cpu(master), cpu_stall_us(), time.perf_counter()
    run = finish_load(start_load(driver, port, users, seconds, workdir, pace))
    run.server_cpu_s = round(server_cpu(master) - cpu, 2)
    run.cpu_stall_pct = stall_percent(stall, time.perf_counter() - start)
    return run


# ---------------------------------------------------------------- the phases


def find_peak(
    driver: str, port: int, master: int, workdir: Path, step_seconds: float, max_users: int
) -> tuple[Run | None, list[Run]]:
    """Ramp closed-loop users until the rate stops growing, an error appears or max_users is reached."""
    steps: list[Run] = []
    best: Run | None = None
    stalled, retries = 0, NOISY_RETRIES
    for users in (u for u in RAMP_USERS if u <= max_users):
        run = load_run(driver, port, master, users, step_seconds, workdir)
        while retries and (run.cpu_stall_pct or 0) > NOISY_STALL and not run.failures:
            retries -= 1
            log(f"  ramp: {users} users: CPU stall {run.cpu_stall_pct}% (other processes?), measuring again")
            run = load_run(driver, port, master, users, step_seconds, workdir)
        steps.append(run)
        log(
            f"  ramp: {users:>3} users  {run.rps:7.2f} req/s  p50 {run.p50:.0f} ms  p95 {run.p95:.0f} ms  "
            f"errors {run.failures}  cpu stall {run.cpu_stall_pct}%"
        )
        if run.failures:
            break
        if best is None or run.rps > best.rps * PLATEAU_GAIN:
            stalled = 0
        else:
            stalled += 1
        if best is None or run.rps > best.rps:
            best = run
        if stalled >= PLATEAU_STEPS:
            break
    return best, steps


def users_for(rate: float) -> int:
    """Enough paced users (each at most 1 request/s) that a latency under 1 s cannot cap the rate."""
    return max(2, min(100, math.ceil(rate)))


def kill_one_worker(master: int) -> dict[str, Any]:
    """SIGKILL one worker; wait (bounded) until the master has forked a replacement."""
    before = children(master)
    if not before:
        return {"killed": None, "replaced": False, "error": "no workers found"}
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    start = time.perf_counter()
    while time.perf_counter() - start < REPLACE_TIMEOUT:
        now = children(master)
        new = [pid for pid in now if pid not in before]
        if victim not in now and new and len(now) >= len(before):
            return {
                "killed": victim,
                "replaced": True,
                "new_workers": new,
                "replace_seconds": round(time.perf_counter() - start, 3),
                "workers_before": before,
                "workers_after": now,
            }
        time.sleep(0.02)
    return {"killed": victim, "replaced": False, "workers_before": before, "workers_after": children(master)}


def wrk_pause(port: int, master: int, rate: float, workdir: Path) -> int:
    """The pause (ms) before each request of `PACED_CONNECTIONS` wrk connections that gives `rate`:
    a connection sends every pause + latency ms, so measure the latency in short runs and adjust."""
    period = PACED_CONNECTIONS * 1000 / rate  # ms between two requests of one connection
    pause = max(0.0, period - 10.0)
    for _ in range(CALIBRATION_RUNS):
        run = load_run("wrk", port, master, PACED_CONNECTIONS, CALIBRATION_SECONDS, workdir, pause)
        if not run.rps:
            break
        latency = PACED_CONNECTIONS * 1000 / run.rps - round(pause)
        log(f"  calibrate: pause {round(pause)} ms -> {run.rps:.1f} req/s (target {rate:.1f})")
        pause = max(0.0, period - latency)
    return round(pause)


def sustained(
    driver: str, port: int, master: int, rate: float, seconds: float, workdir: Path, kill: bool
) -> dict[str, Any]:
    """Phase (b): `rate` requests/s for `seconds`; optionally kill a worker half-way."""
    if driver == "wrk":
        users, pace = PACED_CONNECTIONS, float(wrk_pause(port, master, rate, workdir))
    else:
        users = users_for(rate)
        pace = rate / users
    cpu, stall, start = server_cpu(master), cpu_stall_us(), time.perf_counter()
    load = start_load(driver, port, users, seconds, workdir, pace)
    kill_report = None
    if kill:
        time.sleep(seconds / 2)
        kill_report = kill_one_worker(master)
    run = finish_load(load)
    run.server_cpu_s = round(server_cpu(master) - cpu, 2)
    run.cpu_stall_pct = stall_percent(stall, time.perf_counter() - start)
    return {
        "target_rps": round(rate, 2),
        "users": users,
        "pace": pace,
        "run": asdict(run),
        "kill_worker": kill_report,
    }


def with_slow_clients(
    driver: str, port: int, master: int, paced: dict[str, Any], seconds: float, workdir: Path, count: int
) -> dict[str, Any]:
    """Phase (c): phase (b)'s paced load again, with `count` slow clients connected throughout."""
    with SlowClients(port, count) as slow:
        time.sleep(SLOW_SETTLE_SECONDS)
        run = load_run(driver, port, master, paced["users"], seconds, workdir, paced["pace"])
        open_at_end = slow.open_now()
    return {
        "slow_clients": count,
        "target_rps": paced["target_rps"],
        "run": asdict(run),
        "slow": asdict(slow.tally),
        "slow_open_at_end": open_at_end,
        "held": run.requests > 0
        and run.failures == 0
        and run.p99 < SLOW_P99_MS
        and run.rps >= SLOW_MIN_RATE * paced["run"]["rps"],
    }


# ---------------------------------------------------------------- report


def print_summary(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(
        f"Machine: {m['platform']}, {m['cpu_count']} CPUs, Python {m['python']}; "
        f"{report['driver']} on the same CPUs"
    )
    print(
        f"Server: gunicorn on {HOST}:{report['port']}, {report['workers']} workers ({report['core']} core), "
        f"ready in {report['ready_seconds']:.1f} s; payloads: {report['payloads']}"
    )
    if report.get("ramp"):
        print("\nPhase (a): ramp (closed loop, no wait)")
        _table([Run(**r) for r in report["ramp"]])
        peak = report["peak"]
        print(
            f"peak with zero errors: {peak['rps']:.2f} req/s at {peak['users']} users"
            if peak
            else "no error-free step"
        )
    b = report["sustained"]
    print(f"\nPhase (b): constant throughput, {b['target_rps']:.2f} req/s for {b['run']['seconds']:.0f} s")
    _table([Run(**b["run"])])
    if b["run"]["rps"] < 0.95 * b["target_rps"]:
        print(f"  target rate not held ({b['run']['rps']:.2f} of {b['target_rps']:.2f} req/s)")
    for message, count in b["run"]["errors"].items():
        print(f"  error x{count}: {message}")
    kill = b.get("kill_worker")
    if kill:
        if kill.get("replaced"):
            print(
                f"killed worker {kill['killed']}: replaced by {kill['new_workers']} in "
                f"{kill['replace_seconds']:.2f} s; failed requests in the run: {b['run']['failures']}"
            )
        else:
            print(f"killed worker {kill.get('killed')}: NOT replaced within {REPLACE_TIMEOUT:.0f} s ({kill})")
    c = report.get("slow_clients")
    if c:
        print(
            f"\nPhase (c): the same paced load with {c['slow_clients']} slow clients connected "
            f"({c['slow_open_at_end']} open at the end)"
        )
        _table([Run(**c["run"])])
        for message, count in c["run"]["errors"].items():
            print(f"  error x{count}: {message}")
        slow = c["slow"]
        print(
            "  slow clients opened / closed by the server: "
            + ", ".join(f"{k} {slow['opened'][k]}/{slow['closed_by_server'][k]}" for k in slow["opened"])
            + f"; bytes read by the slow readers: {slow['bytes_read']}"
            + f"; failed to connect: {slow['failed_to_open']}"
        )
        verdict = "held" if c["held"] else "NOT held"
        print(
            f"  normal requests: p99 under {SLOW_P99_MS:.0f} ms, no errors, "
            f"{SLOW_MIN_RATE:.0%} of phase (b)'s rate: {verdict}"
        )
    print(f"\n{'memory, KiB':<13}{'pid':>11}{'VmRSS':>10}{'RssAnon':>10}{'Pss':>10}")
    for label in ("start", "end"):
        snap = report["memory"][label]
        for role, proc in [("master", snap["master"])] + [("worker", w) for w in snap["workers"]]:
            print(
                f"{label:<6}{role:<7}{proc['pid']:>11}{proc.get('VmRSS', 0):>10}{proc.get('RssAnon', 0):>10}"
                f"{proc.get('Pss', 0):>10}"
            )
    start_pids = {w["pid"] for w in report["memory"]["start"]["workers"]}
    gone = start_pids - {w["pid"] for w in report["memory"]["end"]["workers"]}
    if gone:
        print(f"workers replaced during the test: {len(gone)} (killed, or recycled after MAX_REQUESTS)")
    if report.get("cpu_stall_percent") is not None:
        print(
            f"CPU pressure (PSI 'some'): {report['cpu_stall_percent']}% of the time a task waited for a CPU"
        )
    load = report["load_average"]
    print(
        f"1-min load average: {load['start'][0]:.1f} at start, {load['end'][0]:.1f} at end "
        f"(server cpu % is of one core; {report['machine']['cpu_count']} cores in all)"
    )


def _or_dash(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _table(runs: list[Run]) -> None:
    print(
        f"{'users':>6}{'requests':>10}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
        f"{'errors':>8}{'server cpu %':>14}{'cpu ms/req':>12}{'loadgen cpu %':>14}{'cpu stall %':>13}"
    )
    for r in runs:
        per_request = r.server_cpu_s * 1000 / r.requests if r.requests else float("nan")
        print(
            f"{r.users:>6}{r.requests:>10}{r.rps:>9.2f}{r.p50:>8.0f}{r.p95:>8.0f}{r.p99:>8.0f}{r.max:>8.0f}"
            f"{r.failures:>8}{100 * r.server_cpu_s / r.seconds:>14.0f}{per_request:>12.1f}"
            f"{100 * r.loadgen_cpu_s / r.seconds:>14.0f}{_or_dash(r.cpu_stall_pct):>13}"
        )


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=60.0, help="phase (b) seconds (default 60)")
    ap.add_argument("--step-duration", type=float, default=20.0, help="seconds per ramp step (default 20)")
    ap.add_argument("--max-users", type=int, default=32, help="largest ramp step (default 32)")
    ap.add_argument("--utilization", type=float, default=0.7, help="phase (b) rate / peak (default 0.7)")
    ap.add_argument("--rate", type=float, default=None, help="phase (b) requests/s; skips phase (a)")
    ap.add_argument("--kill-worker", action="store_true", help="SIGKILL one worker half-way through (b)")
    ap.add_argument(
        "--slow-clients", type=int, default=50, help="abusive connections in (c) (default 50; 0: no (c))"
    )
    ap.add_argument("--max-requests", type=int, default=None, help="gunicorn MAX_REQUESTS (worker recycling)")
    ap.add_argument(
        "--generated", action="store_true", help="post generated articles even if the corpus exists"
    )
    ap.add_argument(
        "--driver",
        choices=("wrk", "locust"),
        default="wrk" if shutil.which("wrk") else "locust",
        help="load generator (default: wrk when on the PATH, else locust)",
    )
    ap.add_argument(
        "--pythonpath",
        type=Path,
        default=None,
        help="directory first on the server's import path (make load: the compiled core's copy)",
    )
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    if args.driver == "wrk" and not shutil.which("wrk"):
        ap.error("wrk is not on the PATH (apt install wrk), or use --driver locust")
    if not (1 <= args.duration <= 3600 and 1 <= args.step_duration <= 600 and 0 < args.utilization <= 1):
        ap.error("--duration 1..3600, --step-duration 1..600, --utilization in (0, 1]")
    if not 0 <= args.slow_clients <= 1000:
        ap.error("--slow-clients must be in [0, 1000]")
    if args.rate is not None and not 0 < args.rate <= 10_000:
        ap.error("--rate must be in (0, 10000]")
    return args


def on_sigterm(signum: int, frame: Any) -> None:
    raise Interrupted(f"signal {signum}")


def measure(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    payloads = http_payloads(args.generated)
    (workdir / "payloads.json").write_text(json.dumps(payloads), encoding="utf-8")
    (workdir / "bodies.jsonl").write_text("\n".join(json.dumps(p) for p in payloads), encoding="utf-8")
    sizes = sorted(len(p["text"]) for p in payloads)
    port = free_port()
    stall_start, started = cpu_stall_us(), time.perf_counter()
    server = start_server(port, workdir, args.max_requests, args.pythonpath)
    try:
        ready = wait_ready(server, port)
        workers = settled_children(server.pid)
        report: dict[str, Any] = {
            "driver": args.driver,
            "port": port,
            "ready_seconds": round(ready, 2),
            "workers": len(workers),
            "core": core_build([server.pid, *workers]),  # (the master preloads the app)
            "payloads": f"{len(payloads)} bodies of {sizes[0]}-{sizes[-1]} chars",
            "machine": {
                "platform": platform.platform(),
                "cpu_count": os.cpu_count(),
                "python": sys.version.split()[0],
            },
            "memory": {"start": snapshot(server.pid)},
            "load_average": {"start": os.getloadavg()},
        }
        rate = args.rate
        if rate is None:
            peak, steps = find_peak(
                args.driver, port, server.pid, workdir, args.step_duration, args.max_users
            )
            report["ramp"] = [asdict(s) for s in steps]
            report["peak"] = asdict(peak) if peak else None
            if peak is None:
                raise RuntimeError("no error-free ramp step: cannot choose a sustained rate")
            rate = peak.rps * args.utilization
        report["sustained"] = sustained(
            args.driver, port, server.pid, rate, args.duration, workdir, args.kill_worker
        )
        if args.slow_clients:
            report["slow_clients"] = with_slow_clients(
                args.driver, port, server.pid, report["sustained"], args.duration, workdir, args.slow_clients
            )
        report["memory"]["end"] = snapshot(server.pid)
        report["load_average"]["end"] = os.getloadavg()
        report["cpu_stall_percent"] = stall_percent(stall_start, time.perf_counter() - started)
        return report
    except BaseException:
        tail = (workdir / "server.log").read_text(errors="replace")[-2000:]
        print(f"--- server log (tail) ---\n{tail}", file=sys.stderr)
        raise
    finally:
        stop_process(server)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored (`&`)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        try:
            report = measure(args, Path(tmp))
        except (KeyboardInterrupt, Interrupted):
            print("interrupted: server and load generator stopped", file=sys.stderr)
            return 130
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_summary(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
