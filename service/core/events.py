"""Find the events an article reports: its predicates, each dated by the expression of its clause, by the
surrounding narration, or by the publication date, with a status and a salience."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass

from service.core import calendar as cal
from service.core.grammar import Grammar
from service.core.headlines import Deferred, People
from service.core.mentions import merge
from service.core.model import DateSource, Event, EventDate, PredicateTense, Span, Status, Timex
from service.core.phrases import Phrases, by_span, phrases, starting_in
from service.core.predicates import Predicate, attach, predicates
from service.core.wordforms import Words, words

# A sentence without a date of its own continues the narration of the one before only when that one told
# of a particular day ("On Tuesday the board voted. Operators welcomed the decision.").
NARRATIVE_GRANULARITIES = {"day", "part_of_day", "hour", "minute"}


@dataclass(init=False, slots=True)  # (its __init__ written out, which mypyc compiles: see model.py)
class Reading:
    """How an event's predicate reads in its sentence: what choosing the timeline's entries needs."""

    sentence: int  # index of its sentence
    clause: int  # index of its clause in the sentence
    tense: PredicateTense | None
    noun: bool
    main: bool
    frame: bool  # a reporting frame ("said", "according")
    secondary: bool  # dated by another predicate of its clause
    auxiliary: bool  # a form of be or have as the clause's own verb
    word: str  # the predicate in lower case
    named: bool  # an event noun right beside its clause's date ("the election on Sunday", "the 2010 raid")
    # an earlier event announced by the last connective before it (True: "after", False: "before"), or none
    connective: bool | None
    framed: bool  # its sentence reports (holds a reporting frame)
    quoted: bool  # inside quotation marks opened in its sentence
    title: bool  # in the article's title line (see `is_title`)
    predicate: Predicate | None  # its predicate (None for an event made otherwise)
    # the last verb before it in its sentence (see `_describes`: "adopted a measure designed to deter bids")
    previous: Predicate | None

    def __init__(
        self,
        sentence: int,
        clause: int,
        tense: PredicateTense | None,
        noun: bool,
        main: bool,
        frame: bool,
        secondary: bool,
        auxiliary: bool,
        word: str,
        named: bool,
        connective: bool | None,
        framed: bool,
        quoted: bool,
        title: bool,
        predicate: Predicate | None = None,
        previous: Predicate | None = None,
    ) -> None:
        self.sentence = sentence
        self.clause = clause
        self.tense = tense
        self.noun = noun
        self.main = main
        self.frame = frame
        self.secondary = secondary
        self.auxiliary = auxiliary
        self.word = word
        self.named = named
        self.connective = connective
        self.framed = framed
        self.quoted = quoted
        self.title = title
        self.predicate = predicate
        self.previous = previous


def _status(
    p: Predicate, t: Timex | None, date: EventDate, day: str, hypothetical: bool, signals: dict
) -> Status:
    """What became of the event (`day`: the publication date, ISO): the clause's tense, the signal of its
    date, and where the date lies."""
    ahead = date.interval is not None and date.interval.start is not None and date.interval.start > day
    gone = date.interval is not None and date.interval.end is not None and date.interval.end < day
    if date.value == "FUTURE_REF":
        ahead = True
    elif date.value == "PAST_REF":
        gone = True
    if p.tense == "past" or (gone and p.tense not in ("future", "hypothetical")):
        return "happened"
    if t is not None and signals.get(t.signal or "", {}).get("deadline"):
        return "deadline"
    if p.tense == "hypothetical" or (
        hypothetical and (p.tense in ("future", "nonfinite", "present") or t is None)
    ):
        return "hypothetical"
    if p.expected and p.tense != "future" and (ahead or p.tense in ("nonfinite", "present")):
        return "expected"
    if p.tense in ("future", "nonfinite") or ahead:
        return "scheduled"
    return "ongoing" if p.tense == "present" else "happened"


def _date_from_timex(t: Timex, signals: dict) -> EventDate:
    mod = signals.get(t.signal or "", {}).get("event_mod") or t.mod
    # (value, mod, granularity, interval, text, source, timex, vague: positional costs half as much)
    return EventDate(t.value, mod, t.granularity, t.interval, t.text, "text", t.tid, t.value.endswith("_REF"))


def _publication_date(anchor: dt.date) -> EventDate:
    day = cal.day_value(anchor)
    interval, granularity = _day_interval(day)
    return EventDate(
        value=day, mod=None, granularity=granularity, interval=interval, text=None, source="publication"
    )


_DAY_INTERVALS: dict[str, tuple] = {}


def _day_interval(day: str) -> tuple:
    """Interval and granularity of a day value (memoized: every undated event of an article shares one)."""
    found = _DAY_INTERVALS.get(day)
    if found is None:
        if len(_DAY_INTERVALS) > 4096:
            _DAY_INTERVALS.clear()
        found = _DAY_INTERVALS[day] = cal.interval_and_granularity(day)
    return found


def find(
    grammar: Grammar,
    text: str,
    timexes: list[Timex],
    anchor: dt.date,
    sentences: list[tuple[int, int]],
) -> tuple[list[Event], dict[int, Reading], Deferred]:
    """Every dated predicate of the article, as an event; repeated mentions of one happening merged; how
    each reads, by the event's id(); and their headlines and participants, written when asked for
    (`Deferred.write`: those of the events the text dates are written already)."""
    lex, table = grammar.events, words(grammar)
    frames_words = lex["reporting_frames"]
    # the article's connectives, each with whether it announces an earlier event, and its hypothetical
    # markers ("if", "could"): one search
    earlier = lex["connectives_earlier"]
    connectives, hypothetical_markers = _linking_words(grammar).find(text)
    linked = [(a, text[a:b].lower() in earlier) for a, b in connectives]
    # (each sentence's connectives, most none, and its hypothetical markers)
    links_of, markers_of = by_span(linked, sentences), by_span(hypothetical_markers, sentences)
    signals, sayings = grammar.lexicon["signals"], lex["saying_verbs"]
    patterns = grammar.event_patterns
    told = patterns["present_perfect_before"]
    day = anchor.isoformat()
    publication = _publication_date(anchor)
    people = People(text, sentences)
    headlines = Deferred(text, table, sayings, timexes)
    events: list[Event] = []
    readings: dict[int, Reading] = {}
    by_sentence: dict[int, list[Timex]] = {}
    starts = [s for s, _ in sentences]
    in_sentence: dict[int, list[Timex]] = {}
    t: Timex | None
    for tx in timexes:
        i = max(0, bisect.bisect_right(starts, tx.start) - 1)  # (the sentence it starts in)
        in_sentence.setdefault(i, []).append(tx)
        if tx.type in ("DATE", "TIME") and (tx.value[:4].isdigit() or tx.value.endswith("_REF")):
            by_sentence.setdefault(i, []).append(tx)
    previous_dated: EventDate | None = None
    size = max(len(text), 1)
    open_quote = (0, 0)  # the quotation marks left open before a sentence in its paragraph
    last_sentence_end = 0
    for i, bounds in enumerate(sentences):
        dated = by_sentence.get(i, [])
        title = i == 0 and is_title(text, bounds)
        preds = predicates(grammar, text, bounds, in_sentence.get(i, []))
        sentence = Span(bounds[0], bounds[1], text[bounds[0] : bounds[1]])
        position = 0.35 if i == 0 else 0.2 if i == 1 else 0.15 * (1 - bounds[0] / size)
        attached: dict[int, Timex] = {}
        for t in dated:
            p = attach(t, preds, bounds[0], table.verb_final)
            if p is None:
                continue
            current = attached.get(p.start)
            if current is None or abs(t.start - p.start) < abs(current.start - p.start):
                attached[p.start] = t
        clause_of = {q.start: q.clause for q in preds} if attached else {}
        lows = [q.text.lower() for q in preds]
        # (a saying's date dates the saying, not what it reports: "said on Thursday the state will ...")
        frames: set[int] = set()
        if attached:
            frames = {q.start for q, low in zip(preds, lows, strict=True) if low in sayings}
        names: dict[tuple[int, int], list[str]] = {}  # of each clause
        shortened: dict[tuple[str, str | None], str] = {}
        last_person = functools.partial(people.before, i)
        sentence_dated: EventDate | None = None
        framed = not frames_words.isdisjoint(lows)  # (a sentence that reports)
        # the sentence's connectives (most have none), each with whether it announces an earlier event
        found = links_of[i]
        if "\n" in text[last_sentence_end : bounds[0]]:
            open_quote = (0, 0)  # (a quotation goes on across the sentences of its paragraph only)
        quotes = open_quote != (0, 0) or any(q in sentence.text for q in _QUOTE_MARKS)
        last_end = bounds[0]
        # (most sentences hold no hypothetical marker: then no predicate of theirs need look for one)
        markers = markers_of[i]
        hedged = bool(markers)
        last_verb: Predicate | None = None  # (the sentence's last verb before the predicate)
        for p, low in zip(preds, lows, strict=True):
            t = attached.get(p.start)
            reporting = grammar.tense_words.get(low) == "reported"
            secondary = False
            connective = None  # (that of the last connective between the last predicate and this one)
            for at, announces_earlier in found:
                if last_end <= at < p.start:
                    connective = announces_earlier
            last_end = p.end
            if t is not None:
                date = _date_from_timex(t, signals)
            elif (
                dated
                and low not in sayings  # a saying: its own date, not what it reports
                and (same := _same_clause_timex(p, attached, clause_of, frames)) is not None
            ):
                date = _date_from_timex(same, signals)  # dated with another predicate of its clause
                t, secondary = same, True
            elif p.complement or (not p.noun and p.tense is None):
                continue  # (an event noun without a date of its own is an event at the publication date)
            elif (
                previous_dated is not None
                and previous_dated.granularity in NARRATIVE_GRANULARITIES
                and not dated
                and p.tense == "past"
                and not reporting
            ):
                date = _with_source(previous_dated, "context")
            elif (
                attached
                and p.tense == "past"
                and not reporting
                and low not in frames_words
                and (near := _nearest_dated(attached, p.start)) is not None
            ):
                # (a happening the sentence tells beside a dated one, not in its clause: "confirmed on
                # Monday that rebels seized the town", "closed lower Friday after the resignation shook the
                # market"; its step then orders the two)
                date = _with_source(_date_from_timex(near, signals), "context")
            else:
                date = publication  # (one date, shared by the article's events dated by publication)
            hypothetical = hedged and _marked_before(p, bounds[0], markers)
            status = _status(p, t, date, day, hypothetical, signals)
            # (the participants now of an event the text dates, which merging compares; those of the
            # others when they are asked for, with the headline)
            named = date.source == "text" and not date.vague
            trigger = Span(p.start, p.end, p.text)
            # (positional: a dataclass's __init__ takes keyword arguments at twice the cost)
            event = Event(
                trigger,
                date,
                sentence,
                status,
                "",  # (the headline: written when asked for, see `Deferred`)
                headlines.names(p, bounds[0], names) if named else [],  # participants
                _salience(p, low, date, status, position, secondary, reporting, table),
                [trigger],  # mentions
            )
            events.append(event)
            unnamed = None if named else names
            headlines.add(event, bounds, p, t, last_person, low in sayings, shortened, unnamed)
            readings[id(event)] = Reading(
                i,
                p.clause,
                p.tense,
                p.noun,
                p.main,
                low in frames_words,
                secondary,
                low in table.main_verb_tense,
                low,
                p.noun
                and not p.complement
                and t is not None
                and _beside(text, p, t)
                and not (table.verb_final and _closed_after(preds, p, t)),
                connective,
                framed,
                # (a quotation told in the past over its sentences tells what happened: not carried)
                quotes
                and _quoted(text, bounds[0], p.start, (0, 0) if _told_past(text, p, told) else open_quote),
                title,
                p,
                None if p.noun else last_verb,
            )
            if not p.noun:
                last_verb = p
            if date.source == "text" and not date.vague and not secondary and p.tense == "past" and p.main:
                sentence_dated = date
        if quotes:
            open_quote = _open_after(sentence.text, open_quote)
        last_sentence_end = bounds[1]
        previous_dated = (
            sentence_dated if sentence_dated is not None else (previous_dated if not dated else None)
        )
    titled = {id(e) for e in events if readings[id(e)].title}
    return merge(events, text, lex["event_nouns"], titled), readings, headlines


TITLE_WORDS = 25  # a title line is short


def is_title(text: str, bounds: tuple[int, int]) -> bool:
    """Whether the article's first sentence is its title: a short line of its own, without the full stop
    of a sentence, with more text after it. A title sums up what the body tells: its happenings are
    entries where the body tells them, not in the title."""
    line = text[bounds[0] : bounds[1]].rstrip()
    return (
        "\n" in text[bounds[1] : bounds[1] + 2] + text[bounds[0] + len(line) : bounds[1]]
        and not line.endswith((".", "!", "?", ":", ";", '"', "”", "'", "’"))
        and len(line.split()) <= TITLE_WORDS
        and bool(text[bounds[1] :].strip())
    )


HYPOTHETICAL_REACH = 120  # how far before a predicate a hypothetical marker counts


@functools.cache
def _linking_words(grammar: Grammar) -> Phrases:
    """The finder of a grammar's connectives and hypothetical markers (made once per grammar, not per
    article: the union of the connectives and its hash are not rebuilt for each text)."""
    lex = grammar.events
    return phrases(lex["connectives_earlier"] | lex["connectives_later"], lex["hypothetical_markers"])


def _marked_before(p: Predicate, sentence_start: int, markers: list[tuple[int, int]]) -> bool:
    """Whether a hypothetical marker (`markers`: where they are in the text) comes in the
    HYPOTHETICAL_REACH characters of the sentence before `p`."""
    # (a marker ends with a letter, a predicate follows a non-letter: none ends at its start)
    near = starting_in(markers, max(sentence_start, p.start - HYPOTHETICAL_REACH), p.start)
    return bool(near) and near[0][1] <= p.start


_SOURCE_WEIGHT = {"text": 0.55, "context": 0.3, "publication": 0.25}


def _salience(
    p: Predicate,
    low: str,
    date: EventDate,
    status: Status,
    position: float,
    secondary: bool,
    reporting: bool,
    table: Words,
) -> float:
    """How much the event carries the story, 0-1: dated by the text over dated by the publication or the
    narration, the lead's sentences over later ones, main clauses, happenings over states and sayings
    (`low`: the predicate in lower case)."""
    # the lead's weight goes mostly to what the text dates
    score = _SOURCE_WEIGHT[date.source]
    score += position if date.source == "text" else position / 2
    score += 0.05 if p.main or date.source == "text" else -0.1
    if secondary:
        score -= 0.3
    if reporting and date.source != "text":
        score -= 0.1
    if low in table.main_verb_tense or p.tense == "nonfinite":
        score -= 0.15
    if date.vague:
        score -= 0.2
    if status in ("scheduled", "deadline"):
        score += 0.1
    elif status == "hypothetical" or (status == "ongoing" and date.source != "text"):
        score -= 0.1
    # (min(1.0, max(0.05, score)), without the two calls)
    return _hundredths(0.05 if score < 0.05 else 1.0 if score > 1.0 else score)


def _hundredths(x: float) -> float:
    """`round(x, 2)`, which goes through the decimal digits of x: the same value worked out in binary
    where x is not within a hair of half a hundredth (the nearest whole number of hundredths, divided by
    100, is the float nearest that decimal)."""
    y = x * 100.0
    if abs(y - math.floor(y) - 0.5) < 1e-6:
        return round(x, 2)
    return math.floor(y + 0.5) / 100.0


def _nearest_dated(attached: dict[int, Timex], at: int) -> Timex | None:
    """The expression nearest `at` of those that date a predicate of its sentence (`attached`), without the
    vague ones ("now", "recently"): the date of a past happening the sentence tells without one of its
    own. It is closer to that date than to the publication's (on the MATRES pairs, placing such a verb
    on the publication day put it after what its sentence dates in two cases of three)."""
    best = None
    for start, t in attached.items():
        if start < at and not t.value.endswith("_REF"):
            if best is None or abs(t.start - at) < abs(best.start - at):
                best = t
    return best


def _same_clause_timex(
    p: Predicate, attached: dict[int, Timex], clause_of: dict[int, int], frames: set[int]
) -> Timex | None:
    """The expression dating another predicate of the same clause (`clause_of`: clause index by predicate
    start): it dates the whole clause, unless it dates a saying before `p` (`frames`: where the sayings
    start), whose date is not that of what it reports."""
    best = None
    for start, t in attached.items():
        if clause_of.get(start) == p.clause and not (start in frames and start < p.start):
            if best is None or abs(t.start - p.start) < abs(best.start - p.start):
                best = t
    return best


# how far before a verb its perfect's auxiliary is looked for
PERFECT_REACH = 24


_QUOTE_MARKS = ("“", '"')


def _told_past(text: str, p: Predicate, present_perfect: re.Pattern[str]) -> bool:
    """Whether a predicate tells what happened, in the simple or the past perfect ("the roof came down"),
    not what holds now ("we have made progress")."""
    return p.tense == "past" and not present_perfect.search(text, max(0, p.start - PERFECT_REACH), p.start)


def _quoted(text: str, start: int, pos: int, open_quote: tuple[int, int] = (0, 0)) -> bool:
    """Whether a position lies inside quotation marks opened in the sentence before it, or left open by the
    sentences before it in its paragraph (`open_quote`, see `_open_after`)."""
    return _open_after(text[start:pos], open_quote) != (0, 0)


def _open_after(part: str, open_quote: tuple[int, int]) -> tuple[int, int]:
    """The quotation marks left open after `part` of a paragraph: curly ones opened and not closed, and
    whether a straight one is open."""
    curly = max(0, open_quote[0] + part.count("“") - part.count("”"))
    return curly, (open_quote[1] + part.count('"')) % 2


# (after the noun, a place may stand between, a short word and a name: "the talks in Paris on Thursday")
_BESIDE = re.compile(
    r"\s*(?:['’]s\s+)?|(?:\s+\w{2,3}\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})?\s+\w{2,3}\s+"
)


def _beside(text: str, p: Predicate, t: Timex) -> bool:
    """Whether a date expression stands right beside a noun: before it ("the 2010 raid", "Sunday's vote")
    or after it, across at most a short word ("the election on Sunday", "the flood of 1998") and a place
    ("the talks in Paris on Thursday")."""
    if t.end <= p.start:
        return _BESIDE.fullmatch(text, t.end, p.start) is not None
    return p.end <= t.start and _BESIDE.fullmatch(text, p.end, t.start) is not None


def _closed_after(preds: list[Predicate], p: Predicate, t: Timex) -> bool:
    """Whether a verb closes the noun's clause after the date ("..., dass der Umsatz im März gesunken sei"):
    the noun is its subject, the date the verb's."""
    return any(q.closing and q.clause == p.clause and q.start >= t.end for q in preds)


def _with_source(d: EventDate, source: DateSource) -> EventDate:
    """A copy of a date, with another source."""
    return EventDate(d.value, d.mod, d.granularity, d.interval, d.text, source, d.timex, d.vague)
