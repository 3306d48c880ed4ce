"""Rules compiled to skip ahead to their first characters match exactly what the rules as written match."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from texts import example_sentences

from service.core.grammar import _expand, _macros, _read, load
from service.core.skipping import CASE_TRAPS, compile_skipping, skips

GRAMMAR = load("en")
SPEC = _read("en", "rules.yaml")
MACROS = _macros(_read("en", "lexicon.yaml"), _read("en", "writing.yaml"), SPEC.get("patterns"))
AS_WRITTEN = {r["name"]: re.compile(_expand(r["pattern"], MACROS), re.IGNORECASE) for r in SPEC["rules"]}
SKIPPING = [r for r in GRAMMAR.rules if skips(r.regex)]


def _texts() -> list[str]:
    """Our example sentences, one article of them all, and each with letters' case flipped and characters
    swapped for the ones case-insensitive matching and word boundaries are touchy about."""
    texts = example_sentences()
    rnd = random.Random(5)
    odd = CASE_TRAPS + "é’“\u00a0_0\n-/.$"
    mutated = []
    for text in texts:
        draws = [(ch, rnd.random()) for ch in text]
        swapped = (ch.swapcase() if x < 0.15 else rnd.choice(odd) if x < 0.18 else ch for ch, x in draws)
        mutated.append("".join(swapped))
    return ["\n".join(texts), *texts, *mutated]


TEXTS = _texts()


def _found(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> list:
    end = len(text) if end is None else end
    return [(m.span(), m.groupdict(), m.lastindex) for m in pattern.finditer(text, start, end)]


def test_the_case_traps_are_all_the_non_ascii_characters_an_ascii_letter_matches() -> None:
    """The first characters spell out every character a case-insensitive letter matches; a character
    missing from CASE_TRAPS would be a match the search skips over."""
    everything = "".join(map(chr, range(0x110000)))
    letters = set(re.findall(r"(?i)[a-z]", everything))
    assert letters - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == set(CASE_TRAPS)


def test_every_rule_skips_ahead() -> None:
    """The header is written with the regex engine's internal compiler: if a Python release changes it,
    rules are compiled plainly (correct but slower), and this test says so."""
    plain = [r.name for r in GRAMMAR.rules if r not in SKIPPING]
    assert not plain, f"compiled without their first characters: {plain}"


@pytest.mark.parametrize("rule", SKIPPING, ids=lambda r: r.name)
def test_a_skipping_rule_matches_what_the_rule_as_written_matches(rule) -> None:
    """Same spans, same groups, over whole texts and over windows (a search between two positions sees
    the characters before the first, as word boundaries and lookbehinds need)."""
    written = AS_WRITTEN[rule.name]
    assert rule.regex.groupindex == written.groupindex and rule.regex.groups == written.groups
    assert rule.regex.flags == written.flags
    for text in TEXTS:
        assert _found(rule.regex, text) == _found(written, text), text
    article = TEXTS[0]
    for start in range(0, len(article), 29):
        assert _found(rule.regex, article, start, start + 96) == _found(written, article, start, start + 96)


ODD_TEXT = st.text(
    alphabet=st.sampled_from(list("aAtThHeEnNxXsSiIkK 0129-'.,\n\u00a0’é_") + list(CASE_TRAPS)), max_size=40
)


@settings(max_examples=150, deadline=None)
@given(
    text=ODD_TEXT,
    words=st.lists(st.sampled_from(["the", "next", "week", "this", "THE", "Next"]), max_size=4),
)
def test_skipping_rules_agree_on_any_text(text: str, words: list[str]) -> None:
    """Random strings of the characters that matter, mixed with rule words."""
    text = " ".join([*words, text, *reversed(words)])
    for rule in SKIPPING:
        assert _found(rule.regex, text) == _found(AS_WRITTEN[rule.name], text), (rule.name, text)


@pytest.mark.parametrize(
    ("pattern", "flags", "texts"),
    [
        (r"\bnext\s+week\b", re.I, ["next week", "NeXt  WEEK", "annext week", "\u212anext", "_next week"]),
        (r"\b(?P<rel>this|last)\s+year", re.I, ["this year", "LAST year", "blast year", "ThIs yeaR"]),
        (r"\b(?:the\s+)?past\s+(?P<n>\d+)", re.I, ["the past 3", "past 12", "THE PAST 4", "xthe past 5"]),
        (r"(?<![\w$])(?P<y>1[0-9]{3}|20[0-9]{2})\b", 0, ["in 1999", "$2001", "a1999", "2025", "12025"]),
        (r"\b(?-i:Q)(?P<q>[1-4])\b", re.I, ["Q3", "q3", "the Q4 figures", "IQ3"]),
        (r"\bs\w+", re.I, ["\u017fome", "Some", "ſ"]),  # the long s is an "s" without the flag's help
        (r"\b'tis\b", re.I, ["'tis", "it'tis"]),  # a boundary before a non-word character
        (r"\b(?:t\s+)?t\w*", re.I, ["t tx", "T tea"]),  # greedy: with the optional part first
        (r"\b(?:t\s+)??t\w*", re.I, ["t tx", "T tea"]),  # lazy: without it first
        (r"\b(?:a|[ab]c)", re.I, ["ac", "bc", "AC"]),  # the alternatives in the order written
        (r"\b(?P<n>\d+)\s+years", re.I, ["3 years", "\u0663 years", "x3 years"]),  # \d: any decimal digit
        (r"\b(?!an?\s)(?P<n>a|an|one)\s+day", re.I, ["a day", "one day", "An day"]),  # a lookahead first
        (r"\b(?:the\s+)?(?P<day>\d)th", re.I, ["the 5th", "5th", "THE 6th"]),  # a group after an option
        (r"x*y", re.I, ["xxy", "y", "XY"]),  # a start that may repeat
        (r"\b(?:very|)\s*big", re.I, ["very big", "big", "a big"]),  # an alternative that takes nothing
        (r"(?:(?<=mid-)|(?<![\w-]))(?P<y>19\d\d)", 0, ["mid-1990", "pre-1990", "in 1990"]),
    ],
    ids=[
        "literal",
        "group-alternation",
        "optional-start",
        "lookbehind",
        "cased-scope",
        "long-s",
        "non-word",
        "greedy",
        "lazy",
        "order",
        "digit-class",
        "lookahead",
        "group-after-option",
        "repeat",
        "empty-alternative",
        "lookbehind-choice",
    ],
)
def test_patterns_of_each_supported_start_skip_and_agree(pattern: str, flags: int, texts: list[str]):
    fast = compile_skipping(pattern, flags)
    assert skips(fast)
    assert fast.pattern == pattern
    written = re.compile(pattern, flags)
    for text in texts:
        assert _found(fast, text) == _found(written, text), text


@pytest.mark.parametrize(
    "pattern",
    [
        r"a?",  # a pattern that can match nothing
        r".x",  # any character first
        r"[^a]x",  # a negated set first
        r"(?-i:n)ext",  # a case-sensitive literal first, which the engine skips ahead to by itself
    ],
)
def test_other_starts_are_compiled_as_written(pattern: str) -> None:
    compiled = compile_skipping(pattern, re.I)
    assert not skips(compiled)
    assert compiled.pattern == pattern


def test_a_broken_pattern_fails_as_re_compile_fails() -> None:
    """A grammar author's typo must surface as the regex error, not as a silently unoptimized rule."""
    with pytest.raises(re.error):
        compile_skipping(r"\b(?P<x>next", re.I)


def _context_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The grammar's other skipping patterns: the modifier and signal finders and the rules' context
    conditions (each keeps its source, from which the plain pattern is compiled to compare)."""
    found = [(f"modifier-{kind}", p) for kind, p in GRAMMAR.modifiers.items()] + [("signal", GRAMMAR.signal)]
    for rule in GRAMMAR.rules:
        for name in ("before", "not_before", "not_after"):
            pattern = getattr(rule, name)
            if pattern is not None:
                found.append((f"{rule.name}-{name}", pattern))
    return found


@pytest.mark.parametrize(("name", "pattern"), _context_patterns(), ids=[n for n, _ in _context_patterns()])
def test_context_patterns_search_windows_as_written(name: str, pattern: re.Pattern[str]) -> None:
    """They are searched in the 24-40 characters before or after an expression: same answers as the plain
    pattern for every such window of our sentences."""
    written = re.compile(pattern.pattern, pattern.flags)
    article = TEXTS[0]
    for end in range(0, len(article), 7):
        start = max(0, end - 40)
        assert _found(pattern, article, start, end) == _found(written, article, start, end)
