"""Time the core (`extract`) against dateparser's `search_dates`, and the core's length scaling: `make bench`.

    python benchmarks/bench.py [--quick] [--json] [--max-docs N] [--passes N] [--dateparser-budget SECONDS]
                               [--generated]

Texts: the development corpus (../shared/data/dev) when it exists, else seeded pseudo-articles of ~5 KB
(benchmarks/articles.py); the seed article (../shared/data/seed-article.json) is timed alone when it exists.
The core is timed as `POST /v1/timeline` runs it by default: `extract(..., events="timeline")`, the
timeline's entries without the list of every predicate; the comparison also times `events=all` (the core's
default, which builds that list as well) on its own row, with its own ratio. The comparison runs in
`--passes` rounds (3; 1 with --quick) and takes each document's median. The length
scaling times concatenated texts of 1 KB to 1 MB, then the 1 MB text against its own 5 KB pieces (the two
side by side, in three passes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from multiprocessing.connection import Connection
from typing import Any

from articles import (
    ROOT,
    Doc,
    benchmark_docs,
    concatenated,
    cpu_stall_us,
    is_extension,
    load_corpus,
    load_seed,
    stall_percent,
)

from service.core import SUPPORTED_LANGUAGES, extract, warm_up

KB = 1000
SCALING_SIZES = [1 * KB, 5 * KB, 50 * KB, 200 * KB, 1000 * KB]
SCALING_RUNS = {1 * KB: 9, 5 * KB: 7, 50 * KB: 5, 200 * KB: 3, 1000 * KB: 2}
QUICK_SCALING_RUNS = {1 * KB: 5, 5 * KB: 5, 50 * KB: 3, 200 * KB: 2, 1000 * KB: 1}
PASSES = 3  # rounds of the comparison: a document's median over them is steadier than one timing
SEED_RUNS = 7
PIECE_PASSES = 3  # passes over the 1 MB text's 5 KB pieces
QUICK_SEED_RUNS = 3
QUICK_MAX_DOCS = 40
QUICK_DATEPARSER_BUDGET = 15.0
SIZE_BUDGET = 60.0  # seconds of calls per scaling size before its remaining runs are dropped
MAX_CALL = 300.0  # a scaling call that takes longer than this is stopped (and larger sizes skipped)
SCALING_TARGET = 200.0  # a 1 MB text should take at most ~200 times as long as a 5 KB one
BUSY_STALL = 5.0  # % of the run with a task waiting for a CPU above which the figures are flagged
BUSY_LOAD = 1.5  # without PSI: a 1-minute load average above this means something else used the CPUs
PROBE_LOOP = 20_000  # iterations of the machine-speed probe: about 1 ms at this machine's full speed

Timer = Callable[[Doc], None]


def log(message: str) -> None:
    """Progress goes to stderr, so that --json leaves stdout with the JSON object alone."""
    print(message, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "news_timeline": _version("news-timeline"),
        "commit": _commit(),
        "dateparser": _version("dateparser"),
        "core": _core_build(),
    }


def _core_build() -> str:
    """Which core is imported: "compiled" for the copy benchmarks/compiled.py builds (`make
    bench`, the core as it ships), else "interpreted" (`make bench-interpreted`)."""
    from service.core import events

    return "compiled" if is_extension(events.__file__) else "interpreted"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _commit() -> str | None:
    """The checked-out commit (read-only `git rev-parse`); uncommitted changes are not reflected."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def run_core(doc: Doc) -> None:
    """The core as a default request runs it: the timeline view."""
    extract(doc.text, doc.published, "en", events="timeline")


def run_core_all(doc: Doc) -> None:
    """The core for `events=all`: the timeline and the list of every dated predicate."""
    extract(doc.text, doc.published, "en", events="all")


def dateparser_runner() -> Timer:
    """search_dates configured explicitly: English, relative to the publication date, current period."""
    from dateparser.search import search_dates

    def run(doc: Doc) -> None:
        base = dt.datetime.combine(doc.published, dt.time())
        search_dates(
            doc.text,
            languages=["en"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"},
        )

    return run


def timed(run: Timer, doc: Doc) -> float:
    start = time.perf_counter()
    run(doc)
    return time.perf_counter() - start


def probe() -> float:
    """Seconds a fixed pure-Python loop takes now: the machine's speed at this moment. (This machine's
    CPUs have been seen to switch between two speeds, about 1.9 times apart, every few seconds, whatever
    the benchmark does: a figure means little without the speed it was measured at.)"""
    start = time.perf_counter()
    total = 0
    for i in range(PROBE_LOOP):
        total += i * i
    return time.perf_counter() - start


def time_docs(
    run: Timer, docs: list[Doc], budget: float | None = None, probes: list[float] | None = None
) -> list[float]:
    """Seconds per document, in order; with a budget, stop after the document that exhausts it. With
    `probes`, the probe's seconds just before each document are appended to it."""
    seconds: list[float] = []
    for doc in docs:
        if probes is not None:
            probes.append(probe())
        seconds.append(timed(run, doc))
        if budget is not None and sum(seconds) >= budget:
            break
    return seconds


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(seconds: list[float], docs: list[Doc]) -> dict[str, Any]:
    chars = sum(len(d.text) for d in docs[: len(seconds)])
    total = sum(seconds)
    return {
        "docs": len(seconds),
        "chars": chars,
        "seconds": round(total, 4),
        "chars_per_s": round(chars / total) if total else None,
        "ms_median": round(statistics.median(seconds) * 1000, 2),
        "ms_p95": round(percentile(seconds, 95) * 1000, 2),
    }


def compare(docs: list[Doc], max_dp_seconds: float, run_dp: Timer, passes: int = 1) -> dict[str, Any]:
    """Both tools on the same documents, in `passes` rounds of one block each (the core's timeline view,
    the core with events=all, then dateparser); each document's time is its median over the rounds.
    Dateparser stops once its time budget is spent in the first round; later rounds time it on the
    documents of the first."""
    core_runs: list[list[float]] = []
    all_runs: list[list[float]] = []
    dp_runs: list[list[float]] = []
    core_probes: list[list[float]] = []
    all_probes: list[list[float]] = []
    dp_probes: list[list[float]] = []
    for i in range(passes):
        round_ = f"round {i + 1}/{passes}: " if passes > 1 else ""
        log(f"{round_}core: {len(docs)} docs ...")
        core_probes.append([])
        core_runs.append(time_docs(run_core, docs, probes=core_probes[-1]))
        log(f"{round_}core, events=all: {len(docs)} docs ...")
        all_probes.append([])
        all_runs.append(time_docs(run_core_all, docs, probes=all_probes[-1]))
        dp_probes.append([])
        if not dp_runs:
            log(f"{round_}dateparser: up to {len(docs)} docs, budget {max_dp_seconds:.0f} s ...")
            dp_runs.append(time_docs(run_dp, docs, budget=max_dp_seconds, probes=dp_probes[-1]))
        else:
            log(f"{round_}dateparser: {len(dp_runs[0])} docs ...")
            dp_runs.append(time_docs(run_dp, docs[: len(dp_runs[0])], probes=dp_probes[-1]))
    core_s = [statistics.median(times) for times in zip(*core_runs, strict=True)]
    all_s = [statistics.median(times) for times in zip(*all_runs, strict=True)]
    dp_s = [statistics.median(times) for times in zip(*dp_runs, strict=True)]
    core_same = summary(core_s[: len(dp_s)], docs)
    all_same = summary(all_s[: len(dp_s)], docs)
    dp = summary(dp_s, docs)
    probes = [p for runs in (core_probes, all_probes, dp_probes) for run in runs for p in run]
    best = min(probes)
    core_full = _at_full_speed(core_runs, core_probes, best)
    all_full = _at_full_speed(all_runs, all_probes, best)
    dp_full = _at_full_speed(dp_runs, dp_probes, best)
    core_full_same = summary(core_full[: len(dp_full)], docs)["chars_per_s"]
    all_full_same = summary(all_full[: len(dp_full)], docs)["chars_per_s"]
    dp_full_rate = summary(dp_full, docs)["chars_per_s"]
    return {
        "passes": passes,
        "core": summary(core_s, docs),
        "core_all": summary(all_s, docs),
        "dateparser": dp,
        "core_on_dateparser_docs": core_same,
        "dateparser_stopped_early": len(dp_s) < len(docs),
        # How many times faster the core is than dateparser, on the documents that both processed.
        "speed_ratio_core_over_dateparser": round(core_same["chars_per_s"] / dp["chars_per_s"], 2),
        "speed_ratio_all_over_dateparser": round(all_same["chars_per_s"] / dp["chars_per_s"], 2),
        # Each round on its own, to show how much this machine's speed moved during the run.
        "rounds": [_round(c, d, docs) for c, d in zip(core_runs, dp_runs, strict=True)],
        # The probe before each timed call: its best and median, and the figures at the best speed.
        "probe": {
            "best_ms": round(best * 1000, 3),
            "median_ms": round(statistics.median(probes) * 1000, 3),
            "speed_percent": round(100 * best / statistics.median(probes)),
        },
        "at_full_speed": {
            "core_chars_per_s": summary(core_full, docs)["chars_per_s"],
            "core_all_chars_per_s": summary(all_full, docs)["chars_per_s"],
            "dateparser_chars_per_s": dp_full_rate,
            "speed_ratio": round(core_full_same / dp_full_rate, 2),
            "speed_ratio_all": round(all_full_same / dp_full_rate, 2),
        },
    }


def _scaled(seconds: list[float], probes: list[float], best: float) -> list[float]:
    """Seconds scaled to the machine's best speed: each times `best` / the probe just before its call (a
    call made while the probe took twice its best counts half)."""
    return [t * best / p for t, p in zip(seconds, probes, strict=True)]


def _at_full_speed(runs: list[list[float]], probes: list[list[float]], best: float) -> list[float]:
    """Each document's median over the rounds of its seconds scaled to the machine's best speed."""
    scaled = [_scaled(times, round_probes, best) for times, round_probes in zip(runs, probes, strict=True)]
    return [statistics.median(times) for times in zip(*scaled, strict=True)]


def _round(core_s: list[float], dp_s: list[float], docs: list[Doc]) -> dict[str, Any]:
    """One round's figures: both tools' characters/s and the ratio on the documents both processed."""
    dp = summary(dp_s, docs)["chars_per_s"]
    return {
        "core_chars_per_s": summary(core_s, docs)["chars_per_s"],
        "dateparser_chars_per_s": dp,
        "speed_ratio": round(summary(core_s[: len(dp_s)], docs)["chars_per_s"] / dp, 2),
    }


def repeat(
    run: Timer, doc: Doc, runs: int, budget: float | None = None, probes: list[float] | None = None
) -> list[float]:
    """Up to `runs` timed calls; with a budget, no further call once the calls so far have spent it. With
    `probes`, the probe's seconds just before each call are appended to it."""
    seconds: list[float] = []
    while len(seconds) < runs and (budget is None or sum(seconds) < budget):
        if probes is not None:
            probes.append(probe())
        seconds.append(timed(run, doc))
    return seconds


def time_seed(seed: Doc, runs: int, run_dp: Timer, best_probe: float) -> dict[str, Any]:
    """The seed article alone: one untimed warm-up call, then the median of `runs` calls, for both tools;
    and that median with each call scaled to the machine's best speed (`best_probe`: the comparison's best
    probe, lowered by the seed's own)."""
    result: dict[str, Any] = {"chars": len(seed.text), "runs": runs}
    timings: dict[str, tuple[list[float], list[float]]] = {}  # seconds and probes of each tool
    for name, run in (("core", run_core), ("dateparser", run_dp)):
        run(seed)
        probes: list[float] = []
        seconds = repeat(run, seed, runs, probes=probes)
        timings[name] = (seconds, probes)
        result[f"{name}_ms_median"] = round(statistics.median(seconds) * 1000, 2)
    best_probe = min(best_probe, *(p for _, probes in timings.values() for p in probes))
    for name, (seconds, probes) in timings.items():
        scaled = _scaled(seconds, probes, best_probe)
        result[f"{name}_ms_at_full_speed"] = round(statistics.median(scaled) * 1000, 2)
    result["speed_ratio_core_over_dateparser"] = round(
        result["dateparser_ms_median"] / result["core_ms_median"], 2
    )
    return result


def _child_timings(doc: Doc, runs: int, warm_first: bool, conn: Connection) -> None:
    """In a forked child: send the seconds of each call as it ends, then None."""
    if warm_first:
        run_core(doc)
    spent = 0.0
    while runs > 0 and spent < SIZE_BUDGET:
        seconds = timed(run_core, doc)
        conn.send(seconds)
        spent += seconds
        runs -= 1
    conn.send(None)
    conn.close()


def bounded_repeat(doc: Doc, runs: int, warm_first: bool, max_call: float) -> tuple[list[float], bool]:
    """Timed calls in a forked child (warmed state inherited), so that a call over `max_call` s can be cut
    short; return the seconds of the calls that finished and whether one was cut."""
    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_timings, args=(doc, runs, warm_first, writer), daemon=True)
    child.start()
    writer.close()
    seconds: list[float] = []
    try:
        while True:
            wait = max_call * (2 if warm_first and not seconds else 1)
            if not reader.poll(wait):
                return seconds, True
            item = reader.recv()
            if item is None:
                return seconds, False
            seconds.append(item)
    except EOFError:
        raise RuntimeError(f"the timing process died (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        reader.close()


def scaling_row(size: int, text: str, seconds: list[float], cut: bool, max_call: float) -> dict[str, Any]:
    row: dict[str, Any] = {"size": size, "chars": len(text), "runs": len(seconds), "timed_out": cut}
    if seconds:
        median = statistics.median(seconds)
        row.update(ms_median=round(median * 1000, 2), chars_per_s=round(len(text) / median))
    else:
        row["over_ms"] = round(max_call * 1000)
    return row


def scaling(docs: list[Doc], runs_by_size: dict[int, int], max_call: float) -> dict[str, Any]:
    """The core on concatenated texts of growing size: median seconds per call and characters per second.

    Each size runs in a forked child: a call that exceeds `max_call` seconds is stopped, and larger sizes
    are then skipped."""
    published = docs[0].published
    rows: list[dict[str, Any]] = []
    for size in SCALING_SIZES:
        text = concatenated(docs, size)
        log(f"scaling: {len(text)} chars x {runs_by_size[size]} ...")
        doc = Doc(f"concat-{size}", published, text)
        # An untimed warm-up call for the small sizes only: too costly for the large ones.
        seconds, cut = bounded_repeat(doc, runs_by_size[size], size <= 50 * KB, max_call)
        rows.append(scaling_row(size, text, seconds, cut, max_call))
        if cut and not seconds:
            log(f"scaling: stopped, a call of {len(text)} chars took over {max_call:.0f} s")
            break
    by_size = {r["size"]: r for r in rows}
    small = by_size[5 * KB]["ms_median"]
    big = by_size.get(1000 * KB, {})
    result: dict[str, Any] = {"rows": rows, "target_ratio": SCALING_TARGET}
    if "ms_median" in big:
        ratio = big["ms_median"] / small
        result.update(ratio_1mb_over_5kb=round(ratio, 1), within_target=ratio <= SCALING_TARGET)
        result["same_text"] = same_text_ratio(concatenated(docs, 1000 * KB), published)
    else:
        # A call stopped at max_call (of 1 MB or a smaller size) bounds the 1 MB time from below.
        floor = max_call * 1000 / small
        result.update(ratio_1mb_over_5kb=None, ratio_at_least=round(floor, 1))
        result["within_target"] = False
    return result


def pieces(text: str, size: int) -> list[str]:
    """The text cut into consecutive pieces of at most `size` characters, each at a space when one is near."""
    out: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            space = text.rfind(" ", end - 200, end)
            end = space if space > start else end
        out.append(text[start:end])
        start = end
    return out


def same_text_ratio(text: str, published: dt.date, passes: int = PIECE_PASSES) -> dict[str, Any]:
    """The 1 MB call against its own text cut into pieces of 5 KB, each timed alone: what 1 MB costs
    against 5 KB of the same writing, whatever the 5 KB sample above happens to hold. Linear cost reads
    len(text) / 5 KB, about 200. Each of `passes` times the 1 MB call and then all of its pieces, side by
    side, so that the machine's speed, which drifts over a run, is about the same for both; the ratio is
    the median of the passes' ratios."""
    big = Doc("same-text", published, text)
    parts = [Doc(f"piece-{i}", published, piece) for i, piece in enumerate(pieces(text, 5 * KB))]
    log(f"scaling: the 1 MB text, then its {len(parts)} pieces of 5 KB, x {passes} ...")
    scale = len(text) / (5 * KB)
    rounds = []
    for _ in range(passes):
        big_s = timed(run_core, big)
        piece_s = sum(time_docs(run_core, parts))
        rounds.append((big_s, piece_s, big_s / piece_s * scale))
    ratio = statistics.median(r[2] for r in rounds)
    return {
        "pieces": len(parts),
        "big_ms": round(statistics.median(r[0] for r in rounds) * 1000, 1),
        "pieces_ms": round(statistics.median(r[1] for r in rounds) * 1000, 1),
        "rounds": [round(r[2], 1) for r in rounds],
        "ratio_1mb_over_5kb": round(ratio, 1),
        "within_target": ratio <= SCALING_TARGET,
    }


def warm(run: Timer, docs: list[Doc]) -> None:
    for doc in docs[:3]:
        run(doc)


def language_speeds(passes: int) -> dict[str, dict[str, Any]]:
    """The core's characters per second on each language's development documents, the language given
    (the best of `passes` passes over them; languages without documents are left out)."""
    out: dict[str, dict[str, Any]] = {}
    for language in SUPPORTED_LANGUAGES:
        docs = load_corpus(language=language)
        if not docs:
            continue
        chars = sum(len(d.text) for d in docs)
        best = float("inf")
        for _ in range(passes):
            start = time.perf_counter()
            for d in docs:
                extract(d.text, d.published, language, events="timeline")
            best = min(best, time.perf_counter() - start)
        out[language] = {"docs": len(docs), "chars": chars, "chars_per_s": round(chars / best)}
    return out


def print_report(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(
        f"Machine: {m['platform']}, {m['cpu_count']} CPUs ({m['cpus_usable']} usable), "
        f"Python {m['python']} ({m['implementation']}); dateparser {m['dateparser']}; commit {m['commit']}"
    )
    print(f"Texts: {report['texts']}; core: {m['core']}")
    cmp = report["comparison"]
    print()
    print(f"{'tool':<26}{'docs':>6}{'chars':>10}{'seconds':>10}{'chars/s':>10}{'ms median':>11}{'ms p95':>9}")
    for label, key in (
        ("core (timeline view)", "core"),
        ("core, events=all", "core_all"),
        ("dateparser", "dateparser"),
        ("core (dateparser's docs)", "core_on_dateparser_docs"),
    ):
        r = cmp[key]
        print(
            f"{label:<26}{r['docs']:>6}{r['chars']:>10}{r['seconds']:>10.2f}{r['chars_per_s']:>10}"
            f"{r['ms_median']:>11.2f}{r['ms_p95']:>9.2f}"
        )
    stopped = " (dateparser stopped at its time budget)" if cmp["dateparser_stopped_early"] else ""
    ratio = cmp["speed_ratio_core_over_dateparser"]
    print(f"core (timeline view) is {ratio}x dateparser's chars/s on the same docs{stopped}")
    ratio_all = cmp["speed_ratio_all_over_dateparser"]
    print(f"core, events=all is {ratio_all}x dateparser's chars/s on the same docs")
    if cmp["passes"] > 1:
        print(f"(each document's median over {cmp['passes']} rounds; the rounds alone:)")
        for i, r in enumerate(cmp["rounds"], 1):
            print(
                f"  round {i}: core {r['core_chars_per_s']} chars/s, dateparser "
                f"{r['dateparser_chars_per_s']} chars/s, {r['speed_ratio']}x"
            )
    pr, full = cmp["probe"], cmp["at_full_speed"]
    print(
        f"Machine speed: the probe loop took {pr['best_ms']} ms at best, {pr['median_ms']} ms in median "
        f"(the CPU ran at {pr['speed_percent']}% of its best speed in median). Scaled to the best speed "
        f"(each call times best / the probe just before it): core {full['core_chars_per_s']} chars/s, "
        f"dateparser {full['dateparser_chars_per_s']} chars/s, {full['speed_ratio']}x; events=all "
        f"{full['core_all_chars_per_s']} chars/s, {full['speed_ratio_all']}x"
    )
    seed = report.get("seed")
    if seed:
        print()
        print(
            f"Seed article ({seed['chars']} chars, median of {seed['runs']} runs): core "
            f"{seed['core_ms_median']:.2f} ms, dateparser {seed['dateparser_ms_median']:.2f} ms "
            f"({seed['speed_ratio_core_over_dateparser']}x); scaled to the best speed: core "
            f"{seed['core_ms_at_full_speed']:.2f} ms, dateparser {seed['dateparser_ms_at_full_speed']:.2f} ms"
        )
    languages = report.get("languages")
    if languages:
        print()
        print("Core per language (timeline view; its development documents, the language given, best pass)")
        print(f"{'language':>8}{'docs':>6}{'chars':>10}{'chars/s':>12}")
        for language, r in languages.items():
            print(f"{language:>8}{r['docs']:>6}{r['chars']:>10}{r['chars_per_s']:>12,}")
    sc = report["scaling"]
    print()
    print("Core length scaling")
    print(f"{'size':>8}{'chars':>10}{'runs':>6}{'ms/call':>12}{'chars/s':>10}")
    for r in sc["rows"]:
        label = f"{_size(r['size']):>8}{r['chars']:>10}{r['runs']:>6}"
        if "ms_median" in r:
            cut = "  (a later call was stopped)" if r["timed_out"] else ""
            print(f"{label}{r['ms_median']:>12.2f}{r['chars_per_s']:>10}{cut}")
        else:
            print(f"{label}  stopped: one call took over {r['over_ms'] / 1000:.0f} s")
    ratio = sc["ratio_1mb_over_5kb"]
    if ratio is not None:
        verdict = "within" if sc["within_target"] else "OVER"
        print(f"1 MB / 5 KB time ratio: {ratio} ({verdict} the target of {SCALING_TARGET:.0f})")
        same = sc.get("same_text")
        if same:
            verdict = "within" if same["within_target"] else "OVER"
            print(
                f"1 MB / 5 KB of the same text: {same['ratio_1mb_over_5kb']} ({verdict} the target; "
                f"1 MB in {same['big_ms'] / 1000:.2f} s, its {same['pieces']} pieces of 5 KB in "
                f"{same['pieces_ms'] / 1000:.2f} s in all; passes: "
                + ", ".join(map(str, same["rounds"]))
                + ")"
            )
    elif sc.get("ratio_at_least"):
        print(
            f"1 MB / 5 KB time ratio: over {sc['ratio_at_least']} (OVER the target of {SCALING_TARGET:.0f})"
        )
    load = report.get("load_average")
    stall = report.get("cpu_stall_percent")
    if stall is not None:
        print(f"CPU pressure (PSI 'some') over the run: {stall}% of the time a task waited for a CPU")
    busy = (
        stall > BUSY_STALL
        if stall is not None
        else load and max(load["start"][0], load["end"][0]) > BUSY_LOAD
    )
    if busy:
        print(
            f"warning: 1-min load average {load['start'][0]:.1f} at start, {load['end'][0]:.1f} at end: "
            "other processes shared the CPUs, figures may be low"
        )


def _size(size: int) -> str:
    return f"{size // (1000 * KB)} MB" if size >= 1000 * KB else f"{size // KB} KB"


def pick_docs(args: argparse.Namespace) -> tuple[list[Doc], str]:
    limit = args.max_docs or (QUICK_MAX_DOCS if args.quick else None)
    return benchmark_docs(args.generated, limit, QUICK_MAX_DOCS if args.quick else 100)


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {raw}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer documents and runs")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--max-docs", type=int, default=None, help="at most this many documents (default all)")
    ap.add_argument(
        "--dateparser-budget",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop dateparser after this much measured time (default 60, 15 with --quick)",
    )
    ap.add_argument(
        "--passes",
        type=_positive,
        default=None,
        metavar="N",
        help="rounds of the comparison, each document's median taken (default 3, 1 with --quick)",
    )
    ap.add_argument(
        "--generated", action="store_true", help="use generated articles even if the corpus exists"
    )
    ap.add_argument(
        "--max-call-seconds",
        type=float,
        default=MAX_CALL,
        metavar="SECONDS",
        help="skip a scaling size projected to take longer than this per call (default 600)",
    )
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    docs, label = pick_docs(args)
    budget = args.dateparser_budget or (QUICK_DATEPARSER_BUDGET if args.quick else 60.0)
    run_dp = dateparser_runner()
    log("warming up ...")
    warm_up()
    warm(run_core, docs)
    warm(run_core_all, docs)
    warm(run_dp, docs)
    report: dict[str, Any] = {"machine": machine(), "texts": label, "quick": args.quick}
    load_start = os.getloadavg()
    stall_start, started = cpu_stall_us(), time.perf_counter()
    passes = args.passes or (1 if args.quick else PASSES)
    report["comparison"] = compare(docs, budget, run_dp, passes)
    seed = None if args.generated else load_seed()
    if seed:
        log("seed article ...")
        best = report["comparison"]["probe"]["best_ms"] / 1000
        report["seed"] = time_seed(seed, QUICK_SEED_RUNS if args.quick else SEED_RUNS, run_dp, best)
    report["scaling"] = scaling(
        docs, QUICK_SCALING_RUNS if args.quick else SCALING_RUNS, args.max_call_seconds
    )
    report["languages"] = language_speeds(1 if args.quick else 3)
    report["load_average"] = {"start": load_start, "end": os.getloadavg()}
    # With a single-threaded benchmark, any CPU stall is time that other processes took from us.
    report["cpu_stall_percent"] = stall_percent(stall_start, time.perf_counter() - started)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
