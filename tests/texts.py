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
