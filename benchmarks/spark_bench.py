"""Articles per second on Spark (local[1], local[2]) against `timeline batch`, same input: `make spark-bench`.

The input is the development corpus's English articles (../shared/data/dev, each with its publication
date), repeated under new ids to about --mb megabytes of JSON lines. Each Spark run is timed from the
read of that file to the last Parquet file written, in a session whose Python workers are already warm
(a first small job starts them), so that the figure is the steady speed a long backfill sees; `timeline
batch` is timed end to end, as a user runs it. Then the scaling from one core to two, and what it means
for a backfill: executors (of one core each) needed to put a given archive through in a given night.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from articles import DEV_DIR, ROOT

SCHEMA = "id string, text string, published string, language string"


def corpus_articles() -> list[dict[str, str]]:
    """The dev corpus's English articles with a publication date, as the API's requests."""
    found = []
    for path in sorted(DEV_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                if doc.get("text") and doc.get("dct") and doc.get("language", "en") == "en":
                    found.append({"id": str(doc["id"]), "text": doc["text"], "published": doc["dct"][:10]})
    return found


def write_input(path: Path, megabytes: float) -> tuple[int, int]:
    """Write the articles, repeated under new ids, to ``path`` up to ``megabytes``: (articles, bytes)."""
    base = corpus_articles()
    if not base:
        raise SystemExit(f"no development corpus in {DEV_DIR}")
    target = int(megabytes * 1024 * 1024)
    size = count = 0
    with path.open("w", encoding="utf-8") as out:
        round_ = 0
        while size < target:
            for article in base:
                line = json.dumps({**article, "id": f"{article['id']}#{round_}"}, ensure_ascii=False) + "\n"
                out.write(line)
                size += len(line.encode("utf-8"))
                count += 1
                if size >= target:
                    break
            round_ += 1
    return count, size


def time_batch(source: Path, jobs: int, workdir: Path) -> float:
    """Seconds for `timeline batch` with ``jobs`` processes on ``source``, end to end."""
    out = workdir / f"batch-{jobs}.jsonl"
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "service.cli", "batch", str(source), str(out), "-q", "-j", str(jobs)],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def time_spark(source: Path, cores: int, workdir: Path) -> tuple[float, int]:
    """Seconds for Spark on ``local[cores]`` to write the timelines of ``source`` (warm workers), and rows."""
    from pyspark.sql import SparkSession

    from service.spark import timelines

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(f"spark-bench-{cores}")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.files.maxPartitionBytes", str(16 * 1024 * 1024))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        warm = spark.createDataFrame(
            [(f"w{i}", "The vote was on Monday.", "2025-04-17", None) for i in range(cores * 4)], SCHEMA
        ).repartition(cores)
        timelines(warm).count()  # starts the Python workers and loads the grammars in each
        out = workdir / f"spark-{cores}"
        started = time.perf_counter()
        timelines(spark.read.schema(SCHEMA).json(str(source))).write.mode("overwrite").parquet(str(out))
        elapsed = time.perf_counter() - started
        rows = spark.read.parquet(str(out)).count()
    finally:
        spark.stop()
    return elapsed, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="input size in megabytes (default 50)")
    parser.add_argument("--archive-gb", type=float, default=250.0, help="backfill size for the sizing")
    parser.add_argument("--night-hours", type=float, default=8.0, help="the night, for the sizing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spark-bench-") as tmp:
        workdir = Path(tmp)
        source = workdir / "articles.jsonl"
        count, size = write_input(source, args.mb)
        print(f"input: {count} articles, {size / 1e6:.1f} MB of JSON lines (the dev corpus repeated)")
        print(f"machine: {os.cpu_count()} CPUs, shared with whatever else runs now (load {os.getloadavg()})")
        rates: dict[str, float] = {}
        for jobs in (1, 2):
            seconds = time_batch(source, jobs, workdir)
            rates[f"batch -j {jobs}"] = count / seconds
            print(f"timeline batch -j {jobs}: {seconds:.1f} s, {count / seconds:.1f} articles/s")
        for cores in (1, 2):
            seconds, rows = time_spark(source, cores, workdir)
            rates[f"local[{cores}]"] = count / seconds
            print(f"spark local[{cores}]: {seconds:.1f} s, {count / seconds:.1f} articles/s, {rows} rows")
        scaling = rates["local[2]"] / rates["local[1]"]
        batch_scaling = rates["batch -j 2"] / rates["batch -j 1"]
        print(f"scaling 1 -> 2 cores: Spark x{scaling:.2f}, batch x{batch_scaling:.2f}")
        per_core_mb = rates["local[1]"] * size / count / 1e6  # MB per second per core
        seconds_needed = args.archive_gb * 1000 / per_core_mb
        executors = seconds_needed / (args.night_hours * 3600)
        print(
            f"backfill: {args.archive_gb:.0f} GB at {per_core_mb:.3f} MB/s per core = "
            f"{seconds_needed / 3600:.0f} core-hours; in {args.night_hours:.0f} h: {executors:.1f} "
            "one-core executors at full speed"
        )


if __name__ == "__main__":
    main()
