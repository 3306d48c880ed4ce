"""Recognition: longest match wins, modifiers and signals attach, and the trigger prefilter loses nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from service.core import extract
from service.core.grammar import load
from service.core.recognize import matches, recognize

GRAMMAR = load("en")
EXAMPLES = Path(__file__).parent / "data" / "examples" / "en"


def _example_texts() -> list[str]:
    texts = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    return texts


def _spans(found) -> set[tuple[int, int, str]]:
    return {(c.start, c.end, c.rule.name) for c in found}


def test_trigger_prefilter_finds_what_a_full_scan_finds() -> None:
    """Each rule runs only near its trigger words; if a rule's trigger list or the window is too narrow,
    matches silently disappear. Checked on every sentence of the examples corpus, joined into one text
    so that windows of neighbouring triggers merge as they do in real articles."""
    texts = _example_texts()
    assert len(texts) > 400
    article = "\n".join(texts)
    assert _spans(matches(GRAMMAR, article)) == _spans(matches(GRAMMAR, article, full_scan=True))
    for text in texts:
        assert _spans(matches(GRAMMAR, text)) == _spans(matches(GRAMMAR, text, full_scan=True)), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks resumed on April 26, 2025 in Geneva.", ["April 26, 2025"]),
        ("The plant closed more than three years ago.", ["more than three years ago"]),
        ("Prices jumped in mid-April.", ["mid-April"]),
        ("The review lasted the next year or so.", ["the next year or so"]),
        ("It rained on Monday and Tuesday.", ["Monday", "Tuesday"]),
    ],
    ids=["full-date-beats-month-day", "modifier-joins-ago", "mid-prefix", "or-so-suffix", "two-weekdays"],
)
def test_longest_match_with_modifiers(text: str, expected: list[str]) -> None:
    """What breaks: overlapping rules resolved the wrong way, or modifiers left outside the span."""
    assert [text[c.start : c.end] for c in recognize(GRAMMAR, text)] == expected


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("The deal must close by April 26.", "by"),
        ("Prices have doubled since 2022.", "since"),
        ("The road stays shut until Friday.", "until"),
        ("Voting ends no later than June 3.", "no later than"),
    ],
)
def test_signal_word_is_kept_outside_the_span(text: str, signal: str) -> None:
    """TIMEX3 spans exclude the signal; the answer still says which signal preceded the expression."""
    (timex,) = extract(text, dt.date(2025, 4, 18)).timexes
    assert timex.signal == signal
    assert not timex.text.lower().startswith(signal)
