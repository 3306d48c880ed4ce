"""The `timeline` command: extract (table, --json, --format) and batch (order, problems, resume, cores)."""

from __future__ import annotations

import io
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from test_web import LABEL_CASES

from service import cli

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (
    "The Harwick city council voted on Tuesday to extend the night bus service. "
    "Councillors will meet again next month to settle the budget."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_the_console_script_is_declared() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"]["timeline"] == "service.cli:main"


def test_extract_prints_a_table(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, err = run(capsys, "extract", str(article), "--published", "2025-04-17")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["DATE", "STATUS", "HEADLINE"]
    assert lines[1].startswith("Tue 15 Apr 2025") and "happened" in lines[1]
    assert lines[2].startswith("May 2025") and "scheduled" in lines[2]


def test_extract_json_is_the_api_answer(
    capsys: pytest.CaptureFixture[str], article: Path, client: FlaskClient
) -> None:
    code, out, _ = run(capsys, "extract", str(article), "--published", "2025-04-17", "--json", "--id", "a-1")
    assert code == 0
    api = client.post("/v1/timeline", json={"text": ARTICLE, "published": "2025-04-17", "id": "a-1"})
    assert json.loads(out) == api.get_json()


@pytest.mark.parametrize("fmt", ["ics", "timelinejs"])
def test_extract_format_is_the_api_export(
    capsysbinary: pytest.CaptureFixture[bytes], article: Path, client: FlaskClient, fmt: str
) -> None:
    code = cli.main(
        ["extract", str(article), "--published", "2025-04-17", "--format", fmt, "--title", "Buses"]
    )
    out = capsysbinary.readouterr().out
    assert code == 0
    body = {"text": ARTICLE, "published": "2025-04-17", "title": "Buses", "language": "en"}
    api = client.post(f"/v1/timeline?format={fmt}", json=body)
    assert api.status_code == 200
    assert out.rstrip(b"\n") == api.data.rstrip(b"\n")


def test_extract_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, client: FlaskClient
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE))
    code, out, _ = run(capsys, "extract", "-", "--published", "2025-04-17", "--json")
    assert code == 0
    assert (
        json.loads(out)["events"]
        == client.post("/v1/timeline", json={"text": ARTICLE, "published": "2025-04-17"}).get_json()["events"]
    )


def test_extract_explains_a_bad_request(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, err = run(capsys, "extract", str(article), "--published", "2025-04-17T09:30")
    assert code == 1 and out == ""
    assert "Invalid request" in err and "published: A date-time needs a UTC offset" in err


def test_extract_needs_a_publication_date(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["extract", str(article)])
    assert exit_.value.code == 2
    assert "--published" in capsys.readouterr().err


@pytest.mark.parametrize(("date", "options", "label"), LABEL_CASES)
def test_table_labels_match_the_page(date: dict[str, Any], options: dict[str, Any], label: str) -> None:
    assert cli.date_label(date, options.get("signal"), options.get("published")) == label


# --- batch ----------------------------------------------------------------------------------------------

GOOD = [
    {"id": "a", "text": "The museum reopened on Friday after a long renovation.", "published": "2025-04-19"},
    {"id": "b", "text": ARTICLE, "published": "2025-04-17", "source": "ignored member"},
    {"id": "c", "text": "The mayor will resign next week.", "published": "2025-04-17T10:00:00Z"},
]


def _write_input(path: Path, extra_bad: bool = True) -> list[str]:
    lines = [json.dumps(GOOD[0]), json.dumps(GOOD[1])]
    if extra_bad:
        lines += [
            "{not json",
            json.dumps({"text": "No id here, on Monday.", "published": "2025-04-17"}),
            json.dumps({"id": "bad-date", "text": "It rained on Monday.", "published": "17/04/2025"}),
            json.dumps(["a list"]),
        ]
    lines += ["", json.dumps(GOOD[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _expected(client: FlaskClient, record: dict[str, Any]) -> Any:
    body = {k: v for k, v in record.items() if k in ("id", "text", "published")}
    return client.post("/v1/timeline", json=body).get_json()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_answers_each_line_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, client: FlaskClient, jobs: str
) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source)
    code, out, err = run(capsys, "batch", str(source), str(target), "--jobs", jobs)
    assert code == 0 and out == ""
    results = _read(target)
    assert len(results) == 7  # the blank line is not an article
    assert results[0] == _expected(client, GOOD[0])
    assert results[1] == _expected(client, GOOD[1])
    assert results[6] == _expected(client, GOOD[2])
    problems = results[2:6]
    assert [(p["id"], p["line"], p["problem"]["status"]) for p in problems] == [
        (None, 3, 400),
        (None, 4, 422),
        ("bad-date", 5, 422),
        (None, 6, 422),
    ]
    assert problems[0]["problem"]["type"] == "tag:news-timeline,2025:problems/malformed-json"
    assert "id" in problems[1]["problem"]["errors"]
    assert "published" in problems[2]["problem"]["errors"]
    for problem in problems:
        assert set(problem["problem"]) >= {"type", "title", "status", "detail"}
    assert "7 articles answered (3 timelines, 4 problems), 0 skipped" in err
    assert f"{jobs} process" in err


def test_batch_writes_a_text_with_a_lone_surrogate_as_the_api_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, client: FlaskClient
) -> None:
    """A JSON line may carry a lone surrogate escape (the API accepts such a text): its answer is written,
    escaped as the API escapes it, instead of the run failing on a line UTF-8 cannot hold."""
    text = "The ferry sailed on Monday \ud800 after the storm."
    record = {"id": "odd", "text": text, "published": "2025-04-17"}
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", str(source), str(target), "--jobs", "1")
    assert code == 0, err
    written = target.read_text(encoding="utf-8")
    assert "\\ud800" in written
    assert json.loads(written) == _expected(client, record)


def test_batch_resumes_after_an_interruption(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, complete, resumed = tmp_path / "in.jsonl", tmp_path / "complete.jsonl", tmp_path / "resumed.jsonl"
    _write_input(source)
    assert run(capsys, "batch", str(source), str(complete), "-j", "1")[0] == 0
    lines = complete.read_text(encoding="utf-8").splitlines(keepends=True)
    # An interrupted run: three answers written, the fourth cut off in the middle.
    resumed.write_text("".join(lines[:3]) + lines[3][:25], encoding="utf-8")
    code, _, err = run(capsys, "batch", str(source), str(resumed), "-j", "1")
    assert code == 0
    assert "removed an incomplete last line" in err
    assert "4 articles answered" in err and "3 skipped as already done" in err
    assert resumed.read_text(encoding="utf-8") == complete.read_text(encoding="utf-8")
    # Run again: everything is done.
    code, _, err = run(capsys, "batch", str(source), str(resumed), "-j", "1")
    assert "0 articles answered" in err and "7 skipped" in err
    assert resumed.read_text(encoding="utf-8") == complete.read_text(encoding="utf-8")


def test_batch_reads_stdin_writes_stdout_and_renames_fields(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, client: FlaskClient
) -> None:
    lines = [json.dumps({"id": r["id"], "text": r["text"], "dct": r["published"]}) for r in GOOD]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, err = run(capsys, "batch", "-", "-", "--published-field", "dct", "-j", "1", "--quiet")
    assert (code, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()] == [_expected(client, r) for r in GOOD]


def test_progress_bar_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = cli.Progress(screen, total=4)
    for ok in (True, False, True, True):
        progress.advance(ok)
        progress.last_draw = 0.0  # draw every step
    progress.close()
    frames = screen.getvalue().split("\r")
    assert frames[-1].startswith("[" + "█" * 28 + "] 100% 4/4 articles")
    assert "1 problem" in frames[-1] and frames[-1].endswith("\n")


def test_progress_elsewhere_is_a_line_every_tenth() -> None:
    log = io.StringIO()
    progress = cli.Progress(log, total=20)
    for _ in range(20):
        progress.advance(True)
    lines = log.getvalue().splitlines()
    assert len(lines) == 10 and "\r" not in log.getvalue()
    assert lines[-1].startswith("[" + "█" * 28 + "] 100% 20/20")


def test_missing_input_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "batch", str(tmp_path / "nothing.jsonl"), str(tmp_path / "out.jsonl"))
    assert code == 2 and "no such input file" in err


def test_spark_without_the_extra_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the `spark` extra were not installed
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    assert cli.main(["spark", str(tmp_path / "in.jsonl"), str(tmp_path / "out")]) == 2
    assert "pip install 'news-timeline[spark]'" in capsys.readouterr().err
