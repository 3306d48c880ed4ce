"""Tell which supported language a text is written in, from the function words each grammar lists."""

from __future__ import annotations

import functools
import re

from service.core import grammar as grammar_mod

# The opening of a text is enough to tell its language, and reading no more keeps detection's cost flat.
SAMPLE = 4000
_WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def _profiles(languages: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each language's function words (writing.yaml `function_words`), read from its compiled grammar."""
    return tuple((lang, grammar_mod.load(lang).function_words) for lang in languages)


def detect(text: str, languages: tuple[str, ...], default: str) -> str:
    """The language among `languages` whose function words ("the", "of"; "el", "de") are the most
    frequent in the opening of `text`; `default` when none occurs (or on a tie with it)."""
    words = _WORD.findall(text[:SAMPLE].lower())
    best, best_count = default, -1
    for lang, function_words in _profiles(languages):
        count = sum(w in function_words for w in words)
        if count > best_count or (count == best_count and lang == default):
            best, best_count = lang, count
    return best
