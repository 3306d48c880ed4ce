"""service.article: one article to its answer or problem, the same for the API, the batch and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from texts import BAD_ARTICLES, articles

from service import article
from service.article.answer import encode, plain
from service.cli import main

GOOD = [{"id": name, "text": text, "published": "2025-04-17"} for name, text in articles()[:4]]


def test_the_per_article_module_never_imports_flask() -> None:
    """Spark executors and the command line load it alone: Flask must stay out."""
    code = "import sys, service.article, service.cli; print('flask' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("item", GOOD, ids=[item["id"] for item in GOOD])
def test_an_answer_is_the_bytes_of_post_timeline(client: FlaskClient, item: dict[str, Any]) -> None:
    response = client.post("/v1/timeline", json=item)
    assert response.status_code == 200
    assert encode(article.answer(item)) + b"\n" == response.get_data()


@pytest.mark.parametrize(("why", "item"), BAD_ARTICLES, ids=[why for why, _ in BAD_ARTICLES])
def test_a_bad_article_is_the_problem_of_post_timeline(
    client: FlaskClient, why: str, item: dict[str, Any]
) -> None:
    got = article.answer(item)
    response = client.post("/v1/timeline", json=item)
    expected = response.get_json()
    assert expected.pop("instance") == "/v1/timeline"
    assert got == {"id": item["id"], "problem": expected}
    assert got["problem"]["status"] == response.status_code == 422


def test_limits_are_the_callers() -> None:
    text = "The council voted on Monday; the count ends on Friday."
    item = {"id": "two", "text": text, "published": "2025-04-17"}
    problem = article.answer(item, article.Limits(max_text_length=10))["problem"]
    assert problem["errors"] == {"text": ["Too long: 54 characters; the limit is 10 characters."]}
    whole = article.answer(item)
    assert whole["truncated"] is False and len(whole["timexes"]) == 2 and len(whole["events"]) >= 2
    cut = article.answer(item, article.Limits(max_timexes=1, max_events=1))
    assert cut["truncated"] is True and len(cut["timexes"]) == len(cut["events"]) == 1


def test_the_command_line_writes_the_same_answers(tmp_path: Path) -> None:
    items = [*GOOD, *(item for _, item in BAD_ARTICLES)]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    assert main(["batch", str(source), str(out), "-q", "-j", "1"]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for number, (item, line) in enumerate(zip(items, lines, strict=True), 1):
        expected = plain(article.answer(item))
        if "problem" in expected:
            expected["line"] = number
        assert line == expected
