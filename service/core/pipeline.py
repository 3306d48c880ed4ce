"""The core's entry point: text and publication date in, timexes and ordered events out."""

from __future__ import annotations

import bisect
import datetime as dt
from importlib import resources

from service.core import collector, normalize, recognize, sentences, signals, tense, timeline
from service.core import events as events_mod
from service.core import grammar as grammar_mod
from service.core import language as language_mod
from service.core.model import Analysis

# The language a text is read in when detection finds no other.
DEFAULT_LANGUAGE = "en"

# A language is a folder of grammar data named by its ISO 639-1 code (service/core/grammars/<code>/); the
# default first, then the others in alphabetical order.
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(
    sorted(
        (
            p.name
            for p in resources.files("service.core.grammars").iterdir()
            if p.is_dir() and len(p.name) == 2 and p.name.isalpha()
        ),
        key=lambda code: (code != DEFAULT_LANGUAGE, code),
    )
)


class UnsupportedLanguageError(ValueError):
    """Raised for a language the core has no grammar for."""


def warm_up() -> None:
    """Load and compile every grammar, and run each once, so the first request pays nothing."""
    for language in SUPPORTED_LANGUAGES:
        grammar_mod.load(language)
        extract("The council met on Tuesday and will vote next month.", dt.date(2025, 4, 18), language)


def extract(text: str, published: dt.date | dt.datetime, language: str | None = "en") -> Analysis:
    """Find and normalize the temporal expressions of `text` and the events they date; `language` None
    reads the text in the supported language it is written in (the analysis names it)."""
    if language is None:
        language = language_mod.detect(text, SUPPORTED_LANGUAGES, default=DEFAULT_LANGUAGE)
    if language not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(language)
    grammar = grammar_mod.load(language)
    anchor = published.date() if isinstance(published, dt.datetime) else published
    with collector.paused():  # (nothing here makes a reference cycle: see collector)
        return _extract(grammar, text, published, anchor, language)


def _extract(
    grammar: grammar_mod.Grammar, text: str, published: dt.date | dt.datetime, anchor: dt.date, language: str
) -> Analysis:
    """`extract`'s work, once the language is checked and its grammar loaded."""
    spans = sentences.split(text, grammar.abbreviations)
    starts = [s for s, _ in spans]
    cue_cache: dict[int, list[tense.Cue]] = {}

    def sentence_of(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        return spans[i] if i >= 0 else (0, len(text))

    def cues_of(sentence: tuple[int, int]) -> list[tense.Cue]:
        if sentence[0] not in cue_cache:
            cue_cache[sentence[0]] = tense.cues(grammar, text, *sentence)
        return cue_cache[sentence[0]]

    def tense_of(c: recognize.Candidate) -> str | None:
        sentence = sentence_of(c.start)
        found = tense.nearest(cues_of(sentence), c.start, c.end, sentence[1])
        if c.signal in grammar.future_signals and found != "past":  # "until Monday" looks ahead
            return "future"
        return found

    candidates = recognize.recognize(grammar, text)
    timexes = normalize.normalize(grammar, text, candidates, anchor, tense_of, sentence_of)
    signals.apply(grammar, text, timexes)
    for i, t in enumerate(timexes, 1):
        t.tid = f"t{i}"
    found = events_mod.find(grammar, text, timexes, anchor, spans)
    return Analysis(
        published=published.isoformat(),
        language=language,
        timexes=timexes,
        events=timeline.order(found, anchor),
    )
