"""Texts of our own for the tests: the example sentences (tests/data/examples) and the test article."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "examples" / "en"


def example_files() -> list[tuple[str, list[str]]]:
    """Each examples file's name and its sentences, in file order."""
    return [
        (path.stem, [case["text"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]])
        for path in sorted(EXAMPLES.glob("*.yaml"))
    ]


def example_sentences() -> list[str]:
    """Every example sentence, file after file."""
    return [text for _, texts in example_files() for text in texts]


def articles() -> list[tuple[str, str]]:
    """Our own articles: the test article, and each examples file's sentences joined into one text."""
    harbor = (DATA / "articles" / "harbor.txt").read_text(encoding="utf-8")
    return [("harbor", harbor), *((name, " ".join(texts)) for name, texts in example_files())]


#: Articles that cannot be answered, each with what breaks: every caller (the API, the batch, the command
#: line, Spark) must turn them into the same RFC 9457 problem.
BAD_ARTICLES: list[tuple[str, dict[str, object]]] = [
    ("blank text", {"id": "blank", "text": " \n\t ", "published": "2025-04-17"}),
    ("no text", {"id": "no-text", "published": "2025-04-17"}),
    ("no date", {"id": "no-date", "text": "The vote was on Monday."}),
    ("not a calendar date", {"id": "feb-30", "text": "The vote was on Monday.", "published": "2025-02-30"}),
    ("date-time without offset", {"id": "naive", "text": "On Monday.", "published": "2025-02-03T10:00"}),
    ("not a date", {"id": "words", "text": "On Monday.", "published": "last Tuesday"}),
    ("text too long", {"id": "long", "text": "Rain on Monday. " * 12_501, "published": "2025-04-17"}),
    ("unsupported language", {"id": "xx", "text": "On Monday.", "published": "2025-04-17", "language": "xx"}),
]
