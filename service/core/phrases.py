"""Find a grammar's words and phrases in a text, as whole words in any case, without a regex scan of it."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from typing import TypeVar

from service.core.grammar import word_finder
from service.core.skipping import CASE_TRAPS

T = TypeVar("T")  # what `starting_in`'s places hold besides their start

# Bytes -> ASCII letters in lower case, ASCII digits and "_" as "0" (word characters that begin no phrase),
# every other byte a space (the "?" that stands for a character outside ASCII included).
_WORD_BYTES = bytes(
    c | 0x20 if chr(c).isascii() and chr(c).isalpha() else 0x30 if 0x30 <= c <= 0x39 or c == 0x5F else 0x20
    for c in range(256)
)


class Phrases:
    """Words and phrases of one or more sets, each set's found where the case-insensitive alternation of
    them between word boundaries (its pattern, any white space between a phrase's words) finds them.

    A regex that cannot skip ahead by its first character tries to match at every character of the text,
    which costs hundreds of instructions a character. Here the phrases' first words, when they are ASCII
    letters, are found in a copy of the text of one byte a character (`_WORD_BYTES`), padded with a space
    at each end, as a space, the word and a space: that search jumps from space to space, once for all the
    sets. The pattern of each set whose phrases begin with the word then confirms the place (a character
    outside ASCII is a space in the copy, but may be a letter to the pattern's word boundary). A text with
    CASE_TRAPS (non-ASCII characters that a case-insensitive ASCII letter matches) is searched with the
    patterns, as is a set whose phrases start otherwise."""

    def __init__(self, sets: tuple[frozenset[str], ...]) -> None:
        self.patterns = [_pattern(phrases) for phrases in sets]
        sets_of: dict[bytes, list[int]] = {}  # a first word -> the sets with phrases that begin with it
        self._searched: list[int] = []  # the sets searched with their pattern: those that start otherwise
        for i, phrases in enumerate(sets):
            firsts = sorted({p.split()[0].lower() for p in phrases})
            if all(w.isascii() and w.isalpha() for w in firsts):
                for first in firsts:
                    sets_of.setdefault(first.encode("ascii"), []).append(i)
            else:
                self._searched.append(i)
        self._firsts = word_finder(sets_of) if sets_of else None
        self._sets_of = {w: tuple(i) for w, i in sets_of.items()}

    def find(self, text: str) -> list[list[tuple[int, int]]]:
        """Where each set's phrases are in `text`, in text order, as (start, end): a list for each set."""
        if self._firsts is None or any(c in text for c in CASE_TRAPS):
            return [[m.span() for m in pattern.finditer(text)] for pattern in self.patterns]
        found: list[list[tuple[int, int]]] = [[] for _ in self.patterns]
        for i in self._searched:
            found[i] = [m.span() for m in self.patterns[i].finditer(text)]
        copy = b" " + text.encode("ascii", "replace").translate(_WORD_BYTES) + b" "
        after = [0] * len(self.patterns)  # where each set's last phrase ends
        for m in self._firsts.finditer(copy):
            start = m.start()  # (a word at text[start:end] is copy[start + 1 : end + 1])
            for i in self._sets_of[m.group(1)]:
                if start < after[i]:
                    continue
                whole = self.patterns[i].match(text, start)
                if whole is not None:
                    found[i].append(whole.span())
                    after[i] = whole.end()
        return found


def _pattern(phrases: frozenset[str]) -> re.Pattern[str]:
    """The case-insensitive alternation of a set's phrases between word boundaries, the longest first."""
    if not phrases:  # (an empty alternation would match at every word boundary)
        return re.compile("(?!)")
    ordered = sorted(phrases, key=lambda p: (-len(p), p))  # (the longest first: "prior to" over "prior")
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?i)\b(?:{body})\b")


def starting_in(found: list[tuple[int, T]], start: int, end: int) -> list[tuple[int, T]]:
    """The places of `found` (each a start and what is there, in text order) that start in
    text[start:end]."""
    if not found:  # (most texts' markers, most sentences' connectives: none)
        return []
    lo = bisect_left(found, (start,))
    return found[lo : bisect_left(found, (end,), lo)]


def by_span(found: list[tuple[int, T]], spans: list[tuple[int, int]]) -> list[list[tuple[int, T]]]:
    """For each of `spans` (in text order, not overlapping), the places of `found` (in text order) that
    start in it: one pass over both, where a `starting_in` per span would search the whole list each time
    (a cost that grows with the text)."""
    out: list[list[tuple[int, T]]] = []
    i = 0
    for start, end in spans:
        while i < len(found) and found[i][0] < start:
            i += 1
        j = i
        while j < len(found) and found[j][0] < end:
            j += 1
        out.append(found[i:j])
        i = j
    return out


@functools.cache
def phrases(*sets: frozenset[str]) -> Phrases:
    """The finder of some sets of phrases (made once per sets)."""
    return Phrases(sets)
