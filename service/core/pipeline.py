"""The core's entry point: text and publication date in, timexes and ordered events out."""

from __future__ import annotations

import bisect
import datetime as dt

from service.core import collector, entries, normalize, recognize, sentences, signals, tense, timeline
from service.core import events as events_mod
from service.core import grammar as grammar_mod
from service.core.model import Analysis

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en",)


class UnsupportedLanguageError(ValueError):
    """Raised for a language the core has no grammar for."""


def warm_up() -> None:
    """Load and compile every grammar, and run each once, so the first request pays nothing."""
    for language in SUPPORTED_LANGUAGES:
        grammar_mod.load(language)
        extract("The council met on Tuesday and will vote next month.", dt.date(2025, 4, 18), language)


def extract(text: str, published: dt.date | dt.datetime, language: str = "en") -> Analysis:
    """Find and normalize the temporal expressions of `text` and the events they date."""
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
    spans = sentences.split(text)
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
    found, readings = events_mod.find(grammar, text, timexes, anchor, spans)
    chosen = entries.choose(found, readings, grammar.events["state_verbs"])
    steps = {id(e): readings[id(e)].step for e in found}
    for entry, gathered in chosen:  # (an entry takes its head's: the event whose trigger it has)
        steps[id(entry)] = next(steps[id(e)] for e in gathered if e.trigger is entry.trigger)
    entries.place([entry for entry, _ in chosen])
    ordered = timeline.order([entry for entry, _ in chosen], anchor, steps=steps)
    for entry, gathered in chosen:
        entry.entry = entry.id
        for e in gathered:
            e.entry = entry.id
    return Analysis(
        published=published.isoformat(),
        language=language,
        timexes=timexes,
        events=ordered,
        predicates=timeline.order(found, anchor, "p", steps),
    )
