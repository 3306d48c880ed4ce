"""service.spark and `timeline spark`: Spark's rows are the API's answers, bad rows are problems, none lost.

One local Spark session serves the whole run (starting one takes seconds). Skipped, with the reason, when
the `spark` extra or Java is missing: `make spark-test` installs both and runs these tests alone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from texts import BAD_ARTICLES, articles

pytestmark = pytest.mark.spark


def _java_missing() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") or (java_home and Path(java_home, "bin", "java").exists()):
        return None
    return "no Java (no java on PATH, no JAVA_HOME): `make spark-test` installs default-jre-headless"


def _skip(reason: str) -> None:
    """Skip the module, or fail it where the Spark tests must run (`make spark-test` sets SPARK_REQUIRED)."""
    if os.environ.get("SPARK_REQUIRED"):
        raise RuntimeError(f"the Spark tests cannot run: {reason}")
    pytest.skip(reason, allow_module_level=True)


try:
    import pyspark  # noqa: F401
except ImportError:
    _skip("no pyspark: the `spark` extra is not installed (`make spark-test` installs it)")
if _java_missing():
    _skip(_java_missing() or "")

from pyspark.sql import SparkSession  # noqa: E402

from service.cli import main  # noqa: E402
from service.spark import ENTRY_COLUMNS, TIMEX_COLUMNS, timelines, timexes  # noqa: E402

PUBLISHED = "2025-04-17"
GOOD = [{"id": name, "text": text, "published": PUBLISHED} for name, text in articles()]
GOOD.append({"id": "no-dates", "text": "The river is wide and slow.", "published": PUBLISHED})
BAD = [item for _, item in BAD_ARTICLES]
COLUMNS = "id string, text string, published string, language string"


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("news-timeline-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _frame(spark: SparkSession, items: list[dict[str, Any]]) -> Any:
    rows = [tuple(item.get(name) for name in ("id", "text", "published", "language")) for item in items]
    return spark.createDataFrame(rows, COLUMNS)


def _by_article(rows: list[Any]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["article_id"]].append(row.asDict(recursive=True))
    for entries in grouped.values():
        entries.sort(key=lambda row: -1 if row["position"] is None else row["position"])
    return grouped


def _at(document: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        document = document.get(key) if isinstance(document, dict) else None
    return document


def _answers(client: FlaskClient, items: list[dict[str, Any]]) -> dict[str, Any]:
    got = {}
    for item in items:
        body = {name: value for name, value in item.items() if value is not None}
        response = client.post("/v1/timeline", json=body)
        got[item["id"]] = response.get_json()
        got[item["id"]].pop("instance", None)
    return got


@pytest.mark.parametrize(
    ("kind", "columns"), [("events", ENTRY_COLUMNS), ("timexes", TIMEX_COLUMNS)], ids=["entries", "timexes"]
)
def test_rows_hold_exactly_what_post_timeline_answers(
    spark: SparkSession, client: FlaskClient, kind: str, columns: Any
) -> None:
    rows_of = timelines if kind == "events" else timexes
    grouped = _by_article(rows_of(_frame(spark, GOOD), language="language").collect())
    answers = _answers(client, GOOD)
    assert set(grouped) == set(answers)
    for name, answer in answers.items():
        rows = grouped[name]
        assert all(row["problem"] is None for row in rows), name
        for row in rows:
            head = {key: row[key] for key in ("published", "language", "truncated")}
            assert head == {key: answer[key] for key in head}, name
        if not answer[kind]:
            assert [row["position"] for row in rows] == [None], name
            continue
        assert [row["position"] for row in rows] == list(range(len(answer[kind]))), name
        for row, entry in zip(rows, answer[kind], strict=True):
            assert json.loads(row["entry"]) == entry, name
            assert {column: row[column] for column, _, _ in columns} == {
                column: _at(entry, path) for column, path, _ in columns
            }, name
    assert any(answer["events"] for answer in answers.values())
    assert not answers["no-dates"]["timexes"]  # (the branch of an article without entries)


def test_bad_rows_are_the_api_problems_and_none_is_lost(spark: SparkSession, client: FlaskClient) -> None:
    items = [*GOOD, *BAD]
    rows = timelines(_frame(spark, items), language="language").collect()
    firsts = [row for row in rows if row["position"] in (None, 0)]
    assert len(firsts) == len(items)  # one first row per article: every input row is accounted for
    problems = {row["article_id"]: row.asDict(recursive=True)["problem"] for row in rows if row["problem"]}
    expected = _answers(client, BAD)
    assert set(problems) == {item["id"] for item in BAD}
    for name, problem in problems.items():
        assert problem == {"errors": None, **expected[name]}, name
        assert problem["status"] == 422


@pytest.mark.parametrize(
    ("value", "spark_type", "expected"),
    [
        (dt.date(2025, 4, 17), "date", "2025-04-17"),
        (dt.datetime(2025, 4, 17, 9, 30), "timestamp", "2025-04-17T09:30:00+00:00"),
    ],
    ids=["a date column is the day", "a timestamp column is the instant with its offset"],
)
def test_typed_publication_dates_are_read_as_the_api_reads_them(
    spark: SparkSession, value: Any, spark_type: str, expected: str
) -> None:
    text = "The vote was on Monday, three days ago."
    frame = spark.createDataFrame([("v", text, value)], f"id string, text string, published {spark_type}")
    rows = timexes(frame).collect()
    assert rows and {row["published"] for row in rows} == {expected}
    assert all(row["problem"] is None for row in rows)


def test_the_command_writes_parquet_by_month_and_skips_what_is_written(
    spark: SparkSession, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [
        *GOOD[:2],
        {"id": "march", "text": "The levy was delayed until next spring.", "published": "2025-03-02"},
        *BAD,
    ]
    source, out = tmp_path / "articles.jsonl", tmp_path / "out"
    source.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    assert main(["spark", str(source), str(out)]) == 0
    months = sorted(path.name for path in out.iterdir() if path.is_dir())
    assert months == ["month=2025-02", "month=2025-03", "month=2025-04", "month=unknown"]
    assert all((out / month / "_DONE").exists() for month in months)
    written = spark.read.parquet(str(out))
    assert written.where("position is null or position = 0").count() == len(items)
    bad_months = {row["article_id"]: row["month"] for row in written.where("problem is not null").collect()}
    assert bad_months["words"] == "unknown" and bad_months["feb-30"] == "2025-02"
    assert f"{len(items)} articles ({len(BAD)} problems)" in capsys.readouterr().err

    stamp = {path: path.stat().st_mtime_ns for path in out.rglob("*.parquet")}
    (out / "month=2025-03" / "_DONE").unlink()  # as if a run had stopped before finishing March
    assert main(["spark", str(source), str(out)]) == 0
    err = capsys.readouterr().err
    assert "3 already written, 1 to do" in err
    again = {path: path.stat().st_mtime_ns for path in out.rglob("*.parquet")}
    kept = {path for path in stamp if "2025-03" not in str(path)}
    assert all(again[path] == stamp[path] for path in kept)
    assert spark.read.parquet(str(out)).where("position is null or position = 0").count() == len(items)


def test_the_command_reads_parquet(spark: SparkSession, tmp_path: Path) -> None:
    source, out = tmp_path / "articles.parquet", tmp_path / "out"
    _frame(spark, GOOD[:2]).drop("language").write.parquet(str(source))
    assert main(["spark", str(source), str(out), "--timexes", "-q"]) == 0
    written = spark.read.parquet(str(out))
    assert {row["month"] for row in written.collect()} == {"2025-04"}
    assert written.where("tid is not null").count() > 0
