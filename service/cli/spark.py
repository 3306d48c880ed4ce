"""``timeline spark``: an archive's timelines on Spark, Parquet partitioned by publication month, resumable.

The input (Parquet, or JSON lines) is split by the month its ``published`` value names; the months whose
partition an earlier run finished (it left a ``_DONE`` file there) are skipped, the others are written
(again) with Spark's dynamic partition overwrite, and marked done once the job has committed.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from typing import IO, Any

EXIT_OK, EXIT_USAGE = 0, 2
DONE_MARKER = "_DONE"
#: The partition of the articles whose ``published`` names no month (their rows are problems).
NO_MONTH = "unknown"
MONTH = r"^([0-9]{4}-(0[1-9]|1[0-2]))"


def cmd_spark(args: argparse.Namespace) -> int:
    err = sys.stderr
    try:
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
    except ImportError:
        err.write("timeline: the spark command needs the 'spark' extra: pip install 'news-timeline[spark]'\n")
        return EXIT_USAGE
    from service.spark import timelines, timexes

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers: this interpreter
    existing = SparkSession.getActiveSession()
    builder = SparkSession.builder.appName("news-timeline")
    if args.master or existing is None:
        builder = builder.master(args.master or "local[*]")
    try:
        spark = _session(builder)
    except Exception as exc:  # no Java, a master that does not answer: said in a line, no stack
        err.write(f"timeline: could not start Spark: {str(exc).strip().splitlines()[0]}\n")
        return EXIT_USAGE
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    try:
        return _run(spark, F, timelines if not args.timexes else timexes, args, err)
    finally:
        if existing is None:
            spark.stop()


def _session(builder: Any) -> Any:
    """The session, in UTC, with our progress instead of Spark's and tasks of 16 MB at most."""
    return (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")  # (our own progress line instead)
        # Tasks of at most 16 MB of input (Spark's default is 128 MB): finer progress, and every core
        # busy to the end on small inputs too.
        .config("spark.sql.files.maxPartitionBytes", str(16 * 1024 * 1024))
        .getOrCreate()
    )


def _run(spark: Any, F: Any, rows_of: Any, args: argparse.Namespace, err: IO[str]) -> int:
    source = args.input
    reader = spark.read
    is_parquet = source.endswith(".parquet") or _hadoop_glob(spark, source, "*.parquet")
    if is_parquet:
        frame = reader.parquet(source)
    else:  # the members we read, as strings: no pass over the input to infer a schema
        names = (args.id_field, args.text_field, args.published_field, args.language_field)
        frame = reader.schema(", ".join(f"`{name}` string" for name in dict.fromkeys(names))).json(source)
    columns = dict(frame.dtypes)
    if args.text_field not in columns:
        err.write(f"timeline: no column {args.text_field!r} in {source} (it has: {', '.join(columns)})\n")
        return EXIT_USAGE
    published = F.col(args.published_field).cast("string") if args.published_field in columns else F.lit("")
    month = F.regexp_extract(F.coalesce(published, F.lit("")), MONTH, 1)
    frame = frame.withColumn("month", F.when(month == "", NO_MONTH).otherwise(month))
    months = sorted(row["month"] for row in frame.select("month").distinct().collect())
    done = [m for m in months if _exists(spark, f"{args.output}/month={m}/{DONE_MARKER}")]
    todo = [m for m in months if m not in done]
    say = (lambda text: None) if args.quiet else (lambda text: err.write(f"timeline: {text}\n"))
    say(f"{len(months)} months in {source}; {len(done)} already written, {len(todo)} to do")
    if not todo:
        return EXIT_OK
    articles = frame.where(F.col("month").isin(todo))
    language = args.language_field if args.language_field in columns else None
    rows = rows_of(
        articles, args.text_field, args.published_field, args.id_field, language, keep=("month",)
    )
    started = time.monotonic()
    watcher = None if args.quiet else _Watcher(spark, err)
    try:
        rows.sortWithinPartitions("month").write.mode("overwrite").partitionBy("month").parquet(args.output)
    finally:
        if watcher is not None:
            watcher.stop()
    for m in todo:
        _touch(spark, f"{args.output}/month={m}/{DONE_MARKER}")
    elapsed = time.monotonic() - started
    if not args.quiet:
        written = spark.read.parquet(args.output).where(F.col("month").isin(todo))
        counts = written.select(
            F.sum(F.when(F.col("position").isNull() | (F.col("position") == 0), 1).otherwise(0)).alias("n"),
            F.sum(F.when(F.col("problem").isNotNull(), 1).otherwise(0)).alias("problems"),
            F.count(F.lit(1)).alias("rows"),
        ).first()
        n = counts["n"] or 0
        say(
            f"{n} articles ({counts['problems'] or 0} problems), {counts['rows']} rows in {len(todo)} "
            f"months, in {elapsed:.1f} s ({n / elapsed if elapsed else 0:.1f} articles/s)"
        )
    return EXIT_OK


def _hadoop_path(spark: Any, path: str) -> tuple[Any, Any]:
    """The Hadoop file system of ``path`` and its Path: local, HDFS, S3 alike, as Spark itself sees them."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hadoop_path


def _exists(spark: Any, path: str) -> bool:
    fs, hadoop_path = _hadoop_path(spark, path)
    return bool(fs.exists(hadoop_path))


def _hadoop_glob(spark: Any, folder: str, pattern: str) -> bool:
    fs, hadoop_path = _hadoop_path(spark, f"{folder}/{pattern}")
    found = fs.globStatus(hadoop_path)
    return found is not None and len(found) > 0


def _touch(spark: Any, path: str) -> None:
    fs, hadoop_path = _hadoop_path(spark, path)
    fs.create(hadoop_path, True).close()


class _Watcher:
    """Tasks done of the running job, redrawn on a terminal, a line every tenth elsewhere."""

    def __init__(self, spark: Any, stream: IO[str], every: float = 0.5) -> None:
        self.tracker = spark.sparkContext.statusTracker()
        self.stream = stream
        self.tty = stream.isatty()
        self.every = every
        self.started = time.monotonic()
        self.stopped = threading.Event()
        self.reported = -1
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.stopped.wait(self.every):
            done = total = 0
            for stage_id in self.tracker.getActiveStageIds():
                info = self.tracker.getStageInfo(stage_id)
                if info is not None:
                    done, total = done + info.numCompletedTasks, total + info.numTasks
            if total:
                self._show(done, total)

    def _show(self, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        line = f"timeline: {done}/{total} tasks, {elapsed:.0f} s"
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
        elif done * 10 // total > self.reported:
            self.reported = done * 10 // total
            self.stream.write(line + "\n")
        self.stream.flush()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()
        if self.tty:
            self.stream.write("\r\x1b[K")


def add_parser(commands: Any, add_fields: Any) -> None:
    """The ``spark`` command's arguments (``add_fields``: the field options it shares with batch)."""
    spark = commands.add_parser(
        "spark",
        help="an archive on Spark: Parquet or JSON lines in, Parquet by publication month out",
        description=(
            "Put every article of INPUT (Parquet, or JSON lines, with id, text, published) on a timeline "
            "with Apache Spark, one row per timeline entry (or a problem row), and write OUTPUT as Parquet "
            "partitioned by publication month. Months already written by an earlier run are skipped."
        ),
    )
    spark.add_argument("input", metavar="INPUT", help="Parquet file or folder, or JSON lines file(s)")
    spark.add_argument("output", metavar="OUTPUT", help="Parquet folder (partitioned month=YYYY-MM)")
    spark.add_argument(
        "--master",
        help="Spark master URL: local[N], spark://HOST:7077, k8s://https://HOST, yarn (default local[*])",
    )
    spark.add_argument("--timexes", action="store_true", help="one row per temporal expression instead")
    add_fields(spark, "column")
    spark.add_argument("--language-field", default="language", help="input column of the language, if any")
    spark.set_defaults(handler=cmd_spark)
