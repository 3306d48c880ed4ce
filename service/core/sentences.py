"""Split an article into sentences, as (start, end) index pairs into the text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A sentence ends at . ! ? (with closing quotes or brackets) before white space and anything but a
# lower-case letter (a capital, a digit, an opening quote, an emoji), unless the word before the period
# is a known abbreviation or an initial; a line break always ends one. The pattern starts with the
# character that ends the sentence, so that the engine skips quickly to the next one.
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=\n)\n*|[\"'”’)\]]*(?=\s+[\"'“‘(\[]*(?![a-z])[^\s\"'“‘(\[]))")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WORD = re.compile(r"\w+\Z")


@dataclass(frozen=True, eq=False)
class Abbreviations:
    """A language's abbreviations (a grammar's data), compiled for `split`."""

    words: frozenset[str]
    # a listed abbreviation, an initial, letters with periods (U.S., a.m.), then the period
    pattern: re.Pattern[str]
    endings: frozenset[str]  # each word's last three letters: a word ending otherwise is not listed
    longest: int

    @classmethod
    def of(cls, words: Iterable[str]) -> Abbreviations:
        listed = frozenset(words)
        pattern = re.compile(
            rf"(?:\b(?:{'|'.join(sorted(listed))})|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|[ap]\.m)\.$"
        )
        return cls(listed, pattern, frozenset(a[-3:] for a in listed), max(map(len, listed), default=0))


def split(text: str, abbreviations: Abbreviations) -> list[tuple[int, int]]:
    """Sentence spans of `text`, covering it without gaps (leading/trailing white space trimmed); a
    period after one of `abbreviations` does not end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        at, after = m.span()
        mark = text[at]
        if mark == "\n":
            end = at
        elif mark == "." and _abbreviation(text, at, abbreviations):
            continue
        else:
            end = after  # after any closing quotes
        _add(text, spans, start, end)
        start = after
    _add(text, spans, start, len(text))
    return spans


def _abbreviation(text: str, period: int, abbreviations: Abbreviations) -> bool:
    """Whether the period at index `period` closes an abbreviation or an initial."""
    if period == 0 or text[period - 1] not in _LETTERS:  # every listed form ends in a letter
        return False
    if period == 1 or text[period - 2] not in _LETTERS:  # an initial, U.S., a.m.
        return abbreviations.pattern.search(text, max(0, period - 11), period + 1) is not None
    # Two letters before the period: only a listed word fits, so the word must end as one does (in its
    # last three letters, or in its only two).
    longer = period >= 3 and text[period - 3] in _LETTERS
    if text[period - (3 if longer else 2) : period] not in abbreviations.endings:
        return False
    word = _WORD.search(text, max(0, period - abbreviations.longest - 1), period)
    return word is not None and word.group() in abbreviations.words


# Longer "sentences" (a list, a table, a page without full stops) are cut at a space, so that the work
# done per sentence stays bounded and the whole stays linear in the length of the text.
MAX_SENTENCE = 1000


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add(text, spans, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
