"""The core's entry point: text and publication date in, timexes and ordered events out."""

from __future__ import annotations

import bisect
import datetime as dt
import typing
from importlib import resources

from service.core import collector, entries, normalize, recognize, sentences, signals, tense, timeline
from service.core import events as events_mod
from service.core import genre as genre_mod
from service.core import grammar as grammar_mod
from service.core import language as language_mod
from service.core import steps as steps_mod
from service.core.genre import GENRES, Genre
from service.core.model import Analysis, Event, EventView

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


class UnknownGenreError(ValueError):
    """Raised for a document genre the core has no mode for."""


def warm_up() -> None:
    """Load and compile every grammar, and run each once, so the first request pays nothing."""
    for language in SUPPORTED_LANGUAGES:
        grammar_mod.load(language)
        extract("The council met on Tuesday and will vote next month.", dt.date(2025, 4, 18), language)


def extract(
    text: str,
    published: dt.date | dt.datetime,
    language: str | None = "en",
    genre: Genre | None = None,
    events: EventView = "all",
) -> Analysis:
    """Find and normalize the temporal expressions of `text` and the events they date; `language` None
    reads the text in the supported language it is written in, `genre` None (news, narrative,
    colloquial) in the genre the text shows (the analysis names both). `events` "timeline" leaves out
    what only the list of every predicate needs (`Analysis.predicates` stays empty): the timeline's
    answer is the same, in less time."""
    if language is None:
        language = language_mod.detect(text, SUPPORTED_LANGUAGES, default=DEFAULT_LANGUAGE)
    if language not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(language)
    if genre is not None and genre not in GENRES:
        raise UnknownGenreError(genre)
    if events not in typing.get_args(EventView):
        raise ValueError(f"unknown events view {events!r}: 'timeline' or 'all'")
    grammar = grammar_mod.load(language)
    anchor = published.date() if isinstance(published, dt.datetime) else published
    with collector.paused():  # (nothing here makes a reference cycle: see collector)
        return _extract(grammar, text, published, anchor, language, genre, events)


def _candidates(
    grammar: grammar_mod.Grammar, text: str, anchor: dt.date, genre: Genre | None
) -> tuple[list[recognize.Candidate], Genre]:
    """The expressions recognized in `text` and the genre its dates are resolved in (the one given, or
    the one the text shows: a social post is told before recognition, which reads its lower-case names,
    a narrative after it, from the years it writes)."""
    social = genre == "colloquial" or (genre is None and genre_mod.colloquial(grammar, text))
    read_as = genre_mod.recased(grammar, text) if social else text
    first: Genre = genre or ("colloquial" if social else "news")
    # (one pass over the text finds the matches of the rules of every genre it may be read in)
    genres: tuple[Genre, ...] = ("news", "narrative") if genre is None and not social else (first,)
    found = recognize.candidates(grammar, text, genres, read_as, genre_mod.tagged_spans(text))
    chosen = recognize.chosen(found, first)
    if genre is None:
        years = [int(c.groups["year"]) for c in chosen if len(c.groups.get("year", "")) == 4]
        years += [-int(c.groups["bc_year"]) for c in chosen if "bc_year" in c.groups]
        deictic = sum(1 for c in chosen if genre_mod.deictic_day(c.rule.value))
        told = genre_mod.narrative(years, deictic, len(text), anchor)
        genre = "colloquial" if social else "narrative" if told else "news"
    if genre != first:  # a narrative is told by what the news rules find, and read with its own
        chosen = recognize.chosen(found, genre)
    recognize.attach_modifiers(grammar, read_as, chosen)
    return chosen, genre


def _extract(
    grammar: grammar_mod.Grammar,
    text: str,
    published: dt.date | dt.datetime,
    anchor: dt.date,
    language: str,
    genre: Genre | None = None,
    view: EventView = "all",
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
        if c.signal in grammar.future_signals:  # "until Monday" looks ahead
            return "future"
        return found

    candidates, genre_used = _candidates(grammar, text, anchor, genre)
    timexes = normalize.normalize(grammar, text, candidates, anchor, tense_of, sentence_of, genre_used)
    signals.apply(grammar, text, timexes)
    for i, t in enumerate(timexes, 1):
        t.tid = f"t{i}"
    found, readings, headlines = events_mod.find(grammar, text, timexes, anchor, spans)
    chosen = entries.choose(found, readings, entries.entry_words(grammar), headlines.write)
    past_perfect, lex = grammar.event_patterns["past_perfect_before"], grammar.events

    def step_of(e: Event) -> int:
        return steps_mod.step(text, e, readings[id(e)], past_perfect, lex)

    # the places of the events on their date (see timeline.places), of those that are ordered
    steps: dict[int, int] = {}
    for entry, gathered in chosen:  # (an entry takes its head's: the event whose trigger it has)
        steps[id(entry)] = step_of(next(e for e in gathered if e.trigger is entry.trigger))
    entries.place([entry for entry, _ in chosen])
    ordered = timeline.order([entry for entry, _ in chosen], anchor, steps=steps)
    for entry, gathered in chosen:
        entry.entry = entry.id
        for e in gathered:
            e.entry = entry.id
    predicates: list[Event] = []
    if view == "all":
        for e in found:
            headlines.write(e)
            steps[id(e)] = step_of(e)
        predicates = timeline.order(found, anchor, "p", steps)
    return Analysis(
        published=published.isoformat(),
        language=language,
        timexes=timexes,
        events=ordered,
        predicates=predicates,
        genre=genre_used,
    )
