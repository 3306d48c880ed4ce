"""Find a grammar's words and phrases in a text, as whole words in any case, without a regex scan of it."""

from __future__ import annotations

import bisect
import functools
import re
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
    """Words and phrases found where the case-insensitive alternation of them between word boundaries
    (`pattern`, any white space between a phrase's words) finds them in a text.

    A regex that cannot skip ahead by its first character tries to match at every character of the text,
    which costs hundreds of instructions a character. Here the phrases' first words, when they are ASCII
    letters, are found in a copy of the text of one byte a character (`_WORD_BYTES`), padded with a space
    at each end, as a space, the word and a space: that search jumps from space to space. The pattern then
    confirms each place (a character outside ASCII is a space in the copy, but may be a letter to the
    pattern's word boundary). A text with CASE_TRAPS (non-ASCII characters that a case-insensitive ASCII
    letter matches), or a grammar whose phrases start otherwise, is searched with the pattern."""

    def __init__(self, phrases: frozenset[str]) -> None:
        ordered = sorted(phrases, key=lambda p: (-len(p), p))  # (the longest first: "prior to" over "prior")
        body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
        # (an empty alternation would match at every word boundary)
        self.pattern = re.compile(rf"(?i)\b(?:{body})\b") if phrases else re.compile("(?!)")
        firsts = {p.split()[0].lower() for p in phrases}
        plain = bool(firsts) and all(w.isascii() and w.isalpha() for w in firsts)
        self._firsts = word_finder(w.encode("ascii") for w in firsts) if plain else None
        self._none = not phrases

    def find(self, text: str) -> list[tuple[int, int]]:
        """Where the phrases are in `text`, in text order, as (start, end)."""
        if self._none:
            return []
        if self._firsts is None or any(c in text for c in CASE_TRAPS):
            return [m.span() for m in self.pattern.finditer(text)]
        copy = b" " + text.encode("ascii", "replace").translate(_WORD_BYTES) + b" "
        found: list[tuple[int, int]] = []
        after = 0
        for m in self._firsts.finditer(copy):
            start = m.start()  # (a word at text[start:end] is copy[start + 1 : end + 1])
            if start < after:
                continue
            whole = self.pattern.match(text, start)
            if whole is not None:
                found.append(whole.span())
                after = whole.end()
        return found


def starting_in(found: list[tuple[int, T]], start: int, end: int) -> list[tuple[int, T]]:
    """The places of `found` (each a start and what is there, in text order) that start in
    text[start:end]."""
    lo = bisect.bisect_left(found, (start,))
    return found[lo : bisect.bisect_left(found, (end,), lo)]


@functools.cache
def phrases(words: frozenset[str]) -> Phrases:
    """The finder of a set of phrases (made once per set)."""
    return Phrases(words)
