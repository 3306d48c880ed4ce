"""Recognition: longest match wins, modifiers and signals attach, and the trigger prefilter loses nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from texts import example_sentences

from service.core import extract
from service.core.grammar import load
from service.core.recognize import Candidate, matches, recognize, select, triggers

GRAMMAR = load("en")


def _spans(found) -> set[tuple[int, int, str]]:
    return {(c.start, c.end, c.rule.name) for c in found}


def test_trigger_prefilter_finds_what_a_full_scan_finds() -> None:
    """Each rule runs only near its trigger words; if a rule's trigger list or the window is too narrow,
    matches silently disappear. Checked on every sentence of the examples corpus, joined into one text
    so that windows of neighbouring triggers merge as they do in real articles."""
    texts = example_sentences()
    assert len(texts) > 400
    article = "\n".join(texts)
    assert _spans(matches(GRAMMAR, article)) == _spans(matches(GRAMMAR, article, full_scan=True))
    for text in texts:
        assert _spans(matches(GRAMMAR, text)) == _spans(matches(GRAMMAR, text, full_scan=True)), text


# Our own texts where a rule's first word runs into the next one, or a number into a word: a rule tried only
# at its `starts_at` places must still find every match a search finds.
_START_TRAPS = [
    "Mayor June Smith met May 4 and the 3rd of June; Maytag sold on June 5-7, 2024.",
    "the 1990s, the 1800s, themselves 12 March, 4th-March and Mondays' talks, Monday9, Sunday's vote.",
    "An hour, a week, an-hour, the year's end, last week, this past June, the following month.",
    "Early March, mid-April, late-May, every June, each July, right now, at present, these days.",
]


def test_a_rule_tried_at_its_starts_at_places_misses_no_match() -> None:
    """A rule with `starts_at` is tried only where one of its classes or words begins; a pattern that can
    begin elsewhere (another word first, the word inside a longer one) would lose matches silently.
    Every match a search of the whole text finds must begin at such a place."""
    texts = [*example_sentences(), *_START_TRAPS]
    checked = 0
    for text in texts:
        where = triggers(GRAMMAR, text)
        for rule in GRAMMAR.rules:
            if not rule.starts_at:
                continue
            places = {p for key in rule.starts_at for p in where.get(key, ())}
            for m in rule.regex.finditer(text):
                checked += 1
                assert m.start() in places, f"{rule.name} matches {m.group()!r} off its starts_at places"
    assert checked > 1000


def test_one_pass_for_two_genres_finds_what_each_genre_finds() -> None:
    """The rules of news and of narrative run in one pass over a text whose genre is not known yet; what
    it finds for each genre must be what a pass with that genre's rules alone finds."""
    text = "\n".join(example_sentences())
    both = matches(GRAMMAR, text, genres=("news", "narrative"))
    for genre in ("news", "narrative"):
        mine = [c for c in both if c.rule.genres is None or genre in c.rule.genres]
        assert _spans(mine) == _spans(matches(GRAMMAR, text, genres=(genre,))), genre
    assert _spans(both) > _spans(matches(GRAMMAR, text))  # (some rules are the narrative's own)


def _triggers_by_regex(text: str) -> dict[str, list[int]]:
    """What `triggers` must find, by plain regexes: each trigger word as a whole run of ASCII letters (any
    case for the lower-case table, as written for the cased one), each digit class at each run of \\d."""
    found: dict[str, list[int]] = {}
    for table, flags in ((GRAMMAR.trigger_lower, re.IGNORECASE | re.ASCII), (GRAMMAR.trigger_cased, 0)):
        for word, keys in table.items():
            for m in re.finditer(rf"(?<![A-Za-z]){word}(?![A-Za-z])", text, flags):
                for key in keys:
                    found.setdefault(key, []).append(m.start())
    for run in re.finditer(r"\d+", text):
        m = GRAMMAR.trigger_digits.match(text, run.start())
        for key, value in m.groupdict().items():
            if value is not None:
                found.setdefault(key, []).append(run.start())
    return {key: sorted(positions) for key, positions in found.items()}


@pytest.mark.parametrize(
    "text",
    [
        "Talks resumed on Friday, two years after the 2023 accord; MONDAY's vote was set for 9:30 a.m.",
        "“Last week,” she said — the dayS before Q3 2024 — “nothing moved.”",  # quotes, dashes, case
        "Daylight on Mondays; Sundays-only; year2025; 12year; weekday",  # words inside longer runs
        "Ünder the Year's last Über-week, Éaster Monday…",  # non-ASCII letters around trigger words
        "\u212aday and İyear: neither the Kelvin sign nor dotted I is an ASCII letter; next \u212a week",
        "Het werd ٢٠٢٥ and 2025 and ۱۹۹۹s; sales rose in Q٣ and at ٩ am, then on 4/18.",  # other digits
        "\ud800 a lone surrogate before Tuesday and 1990",
        "",
    ],
    ids=[
        "ascii",
        "punctuation",
        "inside-words",
        "accented",
        "case-traps",
        "other-digits",
        "surrogate",
        "empty",
    ],
)
def test_trigger_scan_agrees_with_a_regex_scan(text: str) -> None:
    """`triggers` finds words and digit runs in a byte copy of the text; if that copy and the text stop
    lining up (a character that is not one byte, a letter that lower-cases to ASCII, a digit of another
    script), triggers go missing or land in the wrong place."""
    assert triggers(GRAMMAR, text) == _triggers_by_regex(text)


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


# --- choosing among overlapping candidates ------------------------------------------------------------------


def _choose_by_hand(candidates: list[Candidate]) -> list[Candidate]:
    """The rule select() implements, spelled out: longest first, then the earlier rule, then the earlier
    start; a candidate sharing a character with one already taken is dropped."""
    taken: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.rule.index, c.start)):
        if all(c.end <= t.start or t.end <= c.start for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


_SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12), st.integers(0, len(GRAMMAR.rules) - 1)), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(_SPANS)
def test_select_keeps_what_the_longest_first_rule_keeps(spans: list[tuple[int, int, int]]) -> None:
    """select() finds overlaps in a byte per character; it must keep exactly the candidates that comparing
    each with every kept one keeps, adjacent and nested spans included."""
    candidates = [Candidate(start, start + length, GRAMMAR.rules[rule], {}) for start, length, rule in spans]
    assert select(candidates) == _choose_by_hand(candidates)


def test_select_of_nothing_is_nothing() -> None:
    assert select([]) == []
