"""Find the events an article reports: its predicates, each dated by the expression of its clause, by the
surrounding narration, or by the publication date."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from service.core import calendar as cal
from service.core.grammar import Grammar, word_finder
from service.core.model import Event, EventDate, Span, Timex
from service.core.skipping import CASE_TRAPS

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_WORD_RUN = re.compile(r"\w+")  # (as \b sees words)
_STRONG_BREAK = re.compile(r"[;:()\[\]“”\"—–]|\s-\s")
# (?<!\w[A-Z]) after the first capital is the \b before it: starting with [A-Z], the search skips fast
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])[\w’'.-]*(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w’'.-]*)*")
_PERSON = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+)+")  # (as _NAME)
_START = attrgetter("start")
_QUOTES = '“”"‘'
HEADLINE_WORDS = 20
# Attaching a date: a noun must be this much closer than a verb to win; a noun that is the object of
# "about", "of", "over"... ("talks about the war on Thursday") is rarely what the date is about.
NOUN_PENALTY = 20
COMPLEMENT_PENALTY = 150
# A sentence without a date of its own continues the narration of the one before only when that one told
# of a particular day ("On Tuesday the board voted. Operators welcomed the decision.").
# How many earlier events of the same date a new one is compared with when merging mentions.
MERGE_WINDOW = 20
NARRATIVE_GRANULARITIES = {"day", "part_of_day", "hour", "minute"}
_COMPLEMENT_PREPOSITIONS = {
    "about",
    "of",
    "over",
    "against",
    "regarding",
    "concerning",
    "into",
    "for",
    "amid",
}

_BE = {
    "is": "present",
    "are": "present",
    "am": "present",
    "was": "past",
    "were": "past",
    "be": None,
    "been": None,
    "being": None,
    "'s": "present",
}
_HAVE = {"has": "past", "have": "past", "had": "past"}
_MODALS = {
    "will": "future",
    "'ll": "future",
    "shall": "future",
    "would": "hypothetical",
    "could": "hypothetical",
    "might": "hypothetical",
    "may": "hypothetical",
    "must": "future",
    "should": "future",
    "can": "present",
    "did": "past",
    "does": "present",
    "do": "present",
}
# the tense an auxiliary has when it is the clause's main verb
_MAIN_VERB_TENSE = {
    "is": "present",
    "are": "present",
    "am": "present",
    "has": "present",
    "have": "present",
    "was": "past",
    "were": "past",
    "had": "past",
}
# after these a bare word is a verb ("will travel", "to meet", "could hinder"); after be/have only
# participles are
_BASE_FORM_AFTER = {"future", "hypothetical", "to", "nonfinite", "present"}
# an -ed word right after these is an adjective ("in closed session", "with armed guards")
_ADJECTIVE_AFTER = {
    "in",
    "on",
    "at",
    "of",
    "for",
    "with",
    "from",
    "into",
    "under",
    "over",
    "against",
    "among",
}
# after a determiner or a number, a word ending in -s is a plural noun ("two supports", "the plans")
_COUNTING = {
    "the",
    "a",
    "an",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "many",
    "several",
    "few",
    "some",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "all",
    "both",
}
_SKIP = {
    "not",
    "n't",
    "never",
    "also",
    "still",
    "then",
    "soon",
    "now",
    "just",
    "already",
    "be",
    "been",
    "being",
    "to",
    "have",
    "probably",
    "likely",
    "reportedly",
    "again",
    "finally",
    "recently",
    "later",
}
_DETERMINERS = {
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "no",
    "each",
    "every",
    "whose",
}
_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Dr"})
_TITLE_WORDS = {
    "The",
    "A",
    "An",
    "But",
    "And",
    "If",
    "In",
    "On",
    "At",
    "While",
    "However",
    "Yet",
    "So",
    "As",
    "After",
    "Before",
    "When",
    "Since",
    "Until",
    "For",
    "With",
    "From",
    "By",
    "Shortly",
    "Media",
    "Importantly",
    "Few",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
}


# The words of a sentence (those of _WORD), split out with the gaps between them.
_WORDS = re.compile(f"({_WORD.pattern})")
_LY_NOT_ADVERBS = ("fly", "rely", "apply", "reply", "supply")
# the event word lists (events.yaml) that classify a word
_EVENT_TABLES = (
    "clause_openers",
    "expectation_markers",
    "not_verbs",
    "event_nouns",
    "same_form_past",
    "present_verbs",
    "not_base_verbs",
    "infinitive_governors",
)
# A clause ends at one of these characters, or at a space before one of these words and a space.
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"—–]")
_BREAK_BEFORE = ("that", "which", "who", "whom", "because", "although", "whereas", "while", "unless")
# Tables of word forms and gaps grow with the articles read; past this size one starts afresh.
MAX_FORMS = 50_000


@dataclass(frozen=True, slots=True)
class _Form:
    """What a word form can be in a sentence, worked out once per grammar from the word tables."""

    break_before: bool  # the clause breaks at the space before it
    opener: bool  # opens a clause
    expectation: bool
    auxiliary: bool  # a form of be or have, or a modal
    to: bool
    skip: bool  # an adverb or particle between an auxiliary and its verb
    not_verb: bool
    event_noun: bool
    past: bool  # a listed past form or reporting verb
    same_form_past: bool
    present: bool
    ed: bool  # a past form by its ending
    ing: bool
    plain: bool  # none of the above: never a predicate, but as a base form
    base: bool  # can be a base-form verb after "to" or a modal
    capital: bool
    aux_tense: str | None  # the tense an auxiliary announces
    main_tense: str | None  # its tense when it is the clause's main verb
    # as the word before another
    governor: bool
    counting: bool
    determiner: bool
    adjective_after: bool
    complement: bool


class _Forms:
    """The word forms of one grammar met so far, each classified once (forms classified alike share one
    _Form)."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.forms: dict[str, _Form] = {}
        self._kinds: dict[tuple[bool | str | None, ...], _Form] = {}
        lex = grammar.events
        # every word _classify looks up: a word in none of them is classified by its spelling alone
        self._listed = frozenset(grammar.tense_words).union(
            *(lex[table] for table in _EVENT_TABLES),
            _BE,
            _HAVE,
            _MODALS,
            _MAIN_VERB_TENSE,
            _SKIP,
            _LY_NOT_ADVERBS,
            _DETERMINERS,
            _COUNTING,
            _ADJECTIVE_AFTER,
            _COMPLEMENT_PREPOSITIONS,
            _BREAK_BEFORE,
            ["to"],
        )
        self._by_spelling: dict[tuple[bool, ...], _Form] = {}
        self.none = self.add("")

    def add(self, word: str) -> _Form:
        """Classify a word as written, and remember it."""
        if len(self.forms) > MAX_FORMS:
            self.forms.clear()
        low = word.lower().replace("’", "'")
        if low in self._listed:
            form = self._classify(word, low)
        else:
            spelling = (
                low.endswith("ly"),
                low.endswith("ed") and len(low) > 4,
                low.endswith("ing") and len(low) > 5,
                low.isalpha(),
                word[:1].isupper(),
            )
            got = self._by_spelling.get(spelling)
            if got is None:
                got = self._by_spelling[spelling] = self._classify(word, low)
            form = got
        self.forms[word] = form
        return form

    def _classify(self, word: str, low: str) -> _Form:
        """Look a word up in every table that `predicates` consults."""
        lex, tense_words = self.grammar.events, self.grammar.tense_words
        flags = (
            word in _BREAK_BEFORE,
            low in lex["clause_openers"],
            low in lex["expectation_markers"],
            low in _BE or low in _HAVE or low in _MODALS,
            low == "to",
            low in _SKIP or (low.endswith("ly") and low not in _LY_NOT_ADVERBS),
            low in lex["not_verbs"],
            low in lex["event_nouns"],
            tense_words.get(low) in ("past", "reported"),
            low in lex["same_form_past"],
            low in lex["present_verbs"],
            low.endswith("ed") and len(low) > 4,
            low.endswith("ing") and len(low) > 5,
        )
        kind = (
            *flags,
            not any(flags),
            low.isalpha() and low not in _DETERMINERS and low not in lex["not_base_verbs"],
            word[:1].isupper(),
            _BE.get(low) or _HAVE.get(low) or _MODALS.get(low),
            _MAIN_VERB_TENSE.get(low),
            low in lex["infinitive_governors"],
            low in _COUNTING,
            low in _DETERMINERS,
            low in _ADJECTIVE_AFTER,
            low in _COMPLEMENT_PREPOSITIONS,
        )
        form = self._kinds.get(kind)
        if form is None:
            form = self._kinds[kind] = _Form(*kind)
        return form


@functools.cache
def _forms(grammar: Grammar) -> _Forms:
    """The word-form table of a grammar (one per grammar object)."""
    return _Forms(grammar)


_GAPS: dict[str, tuple[int, int, int]] = {}
_NO_TIMEX = (sys.maxsize, sys.maxsize)


def _gap(gap: str) -> tuple[int, int, int]:
    """How the characters between two words divide a sentence: 0 not at all, 1 a comma, 2 a strong break;
    and where the first clause break in them starts and the last ends (-1, -1 without one)."""
    if len(_GAPS) > MAX_FORMS:
        _GAPS.clear()
    strength = 2 if _STRONG_BREAK.search(gap) else 1 if "," in gap else 0
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(gap)]
    found = _GAPS[gap] = (strength, breaks[0][0], breaks[-1][1]) if breaks else (strength, -1, -1)
    return found


@dataclass(slots=True)
class Predicate:
    """A word that names a happening or state, with what its clause says about its time."""

    start: int
    end: int
    text: str
    noun: bool
    tense: str | None  # past | present | future | hypothetical | nonfinite
    clause: int  # index of the clause in its sentence
    main: bool
    expected: bool = False
    complement: bool = False  # a noun governed by "about", "of", ...
    clause_start: int = 0  # the characters of its clause
    clause_end: int = 0


def predicates(
    grammar: Grammar, text: str, sentence: tuple[int, int], timexes: list[Timex]
) -> list[Predicate]:
    """The predicates of one sentence (`timexes`: those in it), found from word forms, auxiliaries and the
    event-noun list; each with the characters of its clause."""
    forms = _forms(grammar)
    known = forms.forms
    out: list[Predicate] = []
    clause, main, end = 0, True, sentence[0]
    clause_start = sentence[0]
    unended: list[Predicate] = []  # predicates whose clause has not ended yet
    pending: str | None = None  # tense announced by an auxiliary, waiting for its verb
    pending_aux: Predicate | None = None
    expected = False
    upcoming = [(t.start, t.end) for t in reversed(timexes)]  # the timexes of this sentence, last first
    timex = upcoming.pop() if upcoming else _NO_TIMEX  # the one a word is in or before
    prev2 = prev = w = forms.none
    parts = _WORDS.split(text[sentence[0] : sentence[1]])  # gap, word, gap, word, ..., gap
    pairs = iter(parts)  # (the last gap, alone, ends the loop: it is read from `parts` after it)
    for gap, word in zip(pairs, pairs, strict=False):
        gap_start = end
        start = end + len(gap)
        end = start + len(word)
        prev2, prev, w = prev, w, known.get(word) or forms.add(word)
        if gap != " ":
            strength, first_break, last_break = _GAPS.get(gap) or _gap(gap)
            if strength:
                clause += 1
                pending, pending_aux = None, None
                if strength == 2:
                    main = False
            if first_break >= 0:
                _end_clauses(unended, gap_start + first_break)
                clause_start = gap_start + last_break
        if w.plain and start < timex[0] and (pending is None or not w.base):  # (most words: at once)
            pending, pending_aux = None, None  # a word that is no predicate ends the wait for a verb
            continue
        word_clause_start = clause_start
        if w.break_before and gap[-1:].isspace() and end < sentence[1] and text[end].isspace():
            _end_clauses(unended, start - 1)
            clause_start = start  # for the words after it
        if w.opener and out:
            clause += 1
            main = False
            pending, pending_aux = None, None
        while timex[1] <= start:
            timex = upcoming.pop() if upcoming else _NO_TIMEX
        if timex[0] <= start:
            continue
        if w.plain and (pending is None or not w.base):
            pending, pending_aux = None, None
            continue
        if w.expectation:
            expected = True
        if w.auxiliary:
            if w.aux_tense is not None:
                pending = w.aux_tense
            elif pending is None and prev.to:
                pending = "nonfinite"
            if w.main_tense is not None:  # a main verb unless a verb follows ("has 17 residents")
                pending_aux = Predicate(
                    start, end, word, False, w.main_tense, clause, main, clause_start=word_clause_start
                )
                out.append(pending_aux)
                unended.append(pending_aux)
            continue
        if w.to and pending is None:
            if (out and out[-1].end == gap_start) or prev.governor:
                pending = "to"
            continue
        if w.skip:
            continue
        noun, tense = False, None
        if w.not_verb or (w.capital and start != sentence[0]):
            noun = w.event_noun
        elif w.past or (w.same_form_past and pending is None and not prev.counting):
            tense = "past"
        elif w.present:
            if (out and out[-1].end == gap_start and not out[-1].noun) or prev.counting:
                continue  # "approved plans": a noun right after a verb is its object
            tense = "present"
        elif w.ed and not prev.determiner and not prev.adjective_after:
            tense = "past"
        elif w.ing and not prev.determiner:
            tense = "nonfinite"
        elif pending in _BASE_FORM_AFTER and w.base and not prev.determiner:
            tense = "nonfinite"
        else:
            noun = w.event_noun
        if not noun and tense is None:
            # any other word between an auxiliary and a later verb ends the wait: "has about 12 million
            # shares outstanding" keeps "has" as its verb
            pending, pending_aux = None, None
            continue
        if not noun and pending is not None:
            tense = _combine(pending, tense)
            if pending_aux is not None:
                _remove(out, pending_aux)  # the auxiliary is not the event, its verb is
            pending, pending_aux = None, None
        complement = noun and (prev.complement or (prev.determiner and prev2.complement))
        p = Predicate(start, end, word, noun, tense, clause, main, expected, complement, word_clause_start)
        out.append(p)
        unended.append(p)
    last_gap = parts[-1]
    first_break = (_GAPS.get(last_gap) or _gap(last_gap))[1]
    _end_clauses(unended, end + first_break if first_break >= 0 else sentence[1])
    return out


def _remove(out: list[Predicate], p: Predicate) -> None:
    """Remove `p` itself from `out`, looking from the end, where it is (`list.remove` would compare it
    with every predicate before it, field by field)."""
    for i in range(len(out) - 1, -1, -1):
        if out[i] is p:
            del out[i]
            return


def _end_clauses(unended: list[Predicate], end: int) -> None:
    """A clause break at `end`: the clauses of the predicates waiting for it end there."""
    for p in unended:
        p.clause_end = end
    unended.clear()


def _combine(aux: str, verb: str | None) -> str | None:
    """Tense of an auxiliary and its verb: `will travel` is future, `had expired` past."""
    if aux in ("future", "hypothetical", "past"):
        return aux
    if aux == "to":
        return "nonfinite"
    if aux == "present" and verb == "past":  # passive or perfect: "is published" reads as present
        return "present"
    return aux or verb


def _attach(t: Timex, preds: list[Predicate], sentence_start: int) -> Predicate | None:
    """The predicate a date expression belongs to: the nearest in its clause, verbs before nouns."""
    best, best_score = None, None
    t_clause = None
    for p in preds:
        if p.end <= t.start:
            distance = t.start - p.end
        else:
            distance = p.start - t.end + (0 if t.start - sentence_start < 4 else 8)
        score = distance + (NOUN_PENALTY if p.noun else 0) + (COMPLEMENT_PENALTY if p.complement else 0)
        if t_clause is None:
            t_clause = _clause_of(t, preds)
        if p.clause != t_clause:
            score += 40 * abs(p.clause - t_clause)
        if best_score is None or score < best_score:
            best, best_score = p, score
    return best


def _clause_of(t: Timex, preds: list[Predicate]) -> int:
    """Clause index of the expression: that of the predicates around it."""
    before = [p for p in preds if p.end <= t.start]
    return before[-1].clause if before else (preds[0].clause if preds else 0)


def _status(
    p: Predicate, t: Timex | None, date: EventDate, day: str, hypothetical: bool, signals: dict
) -> str:
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
    if p.tense == "hypothetical" or (hypothetical and p.tense in ("future", "nonfinite", "present")):
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


_RELATIVES = ("which", "who", "that", "whose")
_OPENERS = frozenset(
    {
        "and",
        "but",
        "that",
        "while",
        "as",
        "which",
        "who",
        "so",
        "yet",
        "or",
        "then",
        "although",
        "though",
        "because",
        "if",
        "when",
        "where",
        "whereas",
        "since",
        "after",
        "before",
        "until",
        "unless",
    }
)
_DANGLING = _DETERMINERS | {
    "of",
    "and",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "at",
    "from",
    "as",
    "or",
    "but",
}


def _noun_phrase_before(text: str, start: int, end: int) -> str:
    """The phrase a relative or participle clause describes: the last words before it, from a determiner
    or a capitalized word on."""
    words = text[start:end].rstrip(" ,;:").rsplit(None, 7)[-7:]  # (the last 7 words, split from the end)
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _DETERMINERS:
            return " ".join(words[i:])
    for i, w in enumerate(words):
        if w[:1].isupper() and not w.endswith(","):
            return " ".join(words[i:])
    return " ".join(words[-3:])


_TRAILING_SIGNALS = "on|in|at|by|since|from|until|during|before|after|for|within|of|no later than"
_TRAILING_SIGNAL = re.compile(rf"\b(?:{_TRAILING_SIGNALS})\s+$")
_LONGEST_SIGNAL = max(len(s) for s in _TRAILING_SIGNALS.split("|"))
_LOOSE_MARKS = frozenset({"’", "'", "-", "—", "–"})
# (between the words of a headline, joined by single spaces)
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[,.;:!?])")


def _after_saying(text: str, sentence_start: int, clause_start: int, sayings: frozenset[str]) -> bool:
    """Whether a "that" clause follows a verb of saying or thinking (a statement, not a relative clause)."""
    return any(
        w.lower() in sayings
        for w in _WORD.findall(text, max(sentence_start, clause_start - 40), clause_start)
    )


def headline(
    text: str,
    sentence: tuple[int, int],
    p: Predicate,
    t: Timex | None,
    last_person: Callable[[], str | None],
    reporting: bool = False,
    sayings: frozenset[str] = frozenset(),
    shortened: dict[tuple[str, str | None], str] | None = None,
) -> str:
    """A short statement of the event: who did what, from its clause, without the date expression, the
    clause's opener or dangling quotes; at most HEADLINE_WORDS words. A leading "he" or "she" becomes
    `last_person()`, the last person named before (`shortened`: the headlines of the sentence so far, by
    statement and date wording: events of one clause often share theirs)."""
    phrase = _statement(text, sentence, p, t, reporting, sayings)
    if shortened is None:
        return _shorten(phrase, t, last_person)
    key = (phrase, None if t is None else t.text)
    found = shortened.get(key)
    if found is None:
        found = shortened[key] = _shorten(phrase, t, last_person)
    return found


def _shorten(phrase: str, t: Timex | None, last_person: Callable[[], str | None]) -> str:
    """A statement as a headline: without the date expression, opener and dangling words or quotes."""
    if t is not None and t.text in phrase:
        head, _, tail = phrase.partition(t.text)
        phrase = _drop_trailing_signal(head) + " " + tail
    ascii_only = phrase.isascii()  # (then only a straight double quote can be a quote to drop)
    unquoted = phrase if ascii_only and '"' not in phrase else _unquote(phrase)
    words = unquoted.split()
    # (the phrase has as many words as its unquoted form unless a quote stood alone)
    length = len(words) if len(unquoted) == len(phrase) else len(phrase.split())
    # (a loose mark is a word of one of these characters: in ASCII, ' or -)
    if (not ascii_only or "'" in unquoted or "-" in unquoted) and not _LOOSE_MARKS.isdisjoint(words):
        words = [w for w in words if w not in _LOOSE_MARKS]
    while words and words[0].lower().strip(",") in _OPENERS:
        words.pop(0)
    if words and words[0].lower() in ("he", "she") and (person := last_person()):
        words[0] = person
    if len(words) > HEADLINE_WORDS:
        words = words[:HEADLINE_WORDS]
    while words and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    out = _SPACE_BEFORE_PUNCTUATION.sub("", " ".join(words)).strip(" ,;:")
    if out and length > HEADLINE_WORDS:
        out += " …"
    return out[:1].upper() + out[1:]


def _statement(
    text: str,
    sentence: tuple[int, int],
    p: Predicate,
    t: Timex | None,
    reporting: bool,
    sayings: frozenset[str],
) -> str:
    """What a headline tells: the predicate's clause; for a saying, what it reports; for a relative
    clause, with what it describes."""
    start, end = p.clause_start, max(p.clause_end, p.end)
    if start == sentence[0] and not reporting:
        return text[start:end]  # (the last case below)
    lead_text = text[start : p.start]
    head = lead_text.split(None, 1)  # (the clause's first word, and the rest: most cases need no more)
    first = head[0].lower() if head else ""
    # (at least 3 words: split at most 3 times)
    if reporting and len(_without(text[p.end : sentence[1]], t).split(None, 3)) >= 3:
        # "Varga said on Wednesday that construction will begin": the statement follows
        return text[start : p.end] + " " + text[p.end : sentence[1]]
    if reporting and start > sentence[0]:
        # "<what was said>, Rubio said on Friday": the statement is the clause before
        said = _unquote(text[sentence[0] : start].rstrip(" ,;:")).strip()
        if said[:2].isalpha() and said[1:2].islower():
            said = said[:1].lower() + said[1:]  # "The US ..." -> "said the US ..."
        return " ".join(lead_text.split()) + " " + p.text + " " + said
    if start > sentence[0] and first == "that" and _after_saying(text, sentence[0], start, sayings):
        return text[start:end]  # "said that ...": a statement, not a relative clause
    if start > sentence[0] and (not head or first in _RELATIVES):
        # "..., signed by both sides on Thursday," / "..., which began ...": borrow what it describes
        described = _noun_phrase_before(text, sentence[0], start)
        rest = " ".join(head[1].split()) if len(head) > 1 else ""  # (the words after the first)
        body = text[p.start : end] if not head else rest + " " + text[p.start : end]
        return described + " " + body
    if start > sentence[0] and first in _MAIN_VERB_TENSE:
        # "..., was published by the government": the subject opens the sentence
        subject = text[sentence[0] : sentence[0] + 200].split(",")[0]
        return subject + " " + text[start:end]
    return text[start:end]


def _drop_trailing_signal(head: str) -> str:
    """The words before a date expression without the signal that ends them ("... will meet on")."""
    # a signal ends where the trailing white space begins: only the last few characters can hold it
    m = _TRAILING_SIGNAL.search(head, max(0, len(head.rstrip()) - _LONGEST_SIGNAL))
    return head if m is None else head[: m.start()]


def _without(phrase: str, t: Timex | None) -> str:
    """The phrase without the wording of a date expression."""
    return phrase if t is None else phrase.replace(t.text, "")


def _unquote(phrase: str) -> str:
    """The phrase without double quotes and opening single quotes."""
    for quote in _QUOTES:
        if quote in phrase:
            phrase = phrase.replace(quote, "")
    return phrase


def participants(text: str, span: tuple[int, int], timexes: list[Timex], sentence_start: int) -> list[str]:
    """Names in a clause: sequences of capitalized words that are not dates or sentence openers."""
    names: list[str] = []
    for m in _NAME.finditer(text, span[0], span[1]):
        name = m.group().rstrip(".’'")
        start = m.start()
        if start == sentence_start and " " not in name:
            continue  # a capitalized first word alone is as likely a common noun
        first = name.split(None, 1)[0]
        if first in _TITLE_WORDS:
            rest = name[len(first) :].strip()
            if not rest or start != sentence_start and first not in _HONORIFICS:
                continue
            name = rest if first not in _HONORIFICS else name
        # (the one test that searches: last)
        if len(name) > 1 and name not in names and not _inside(timexes, start):
            names.append(name)
    return names


def _inside(timexes: list[Timex], pos: int) -> bool:
    """Whether a position falls inside one of the (sorted) timexes."""
    lo = bisect.bisect_right(timexes, pos, key=_START)
    return lo > 0 and pos < timexes[lo - 1].end


class _People:
    """The last person named before each sentence, looked up only for the headlines that need one."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]) -> None:
        self._text = text
        self._sentences = sentences
        self._before: dict[int, str | None] = {0: None}

    def before(self, i: int) -> str | None:
        """The surname of the last person named in the sentences before the `i`th."""
        found, unknown = None, []
        while i not in self._before:
            unknown.append(i)
            people = _PERSON.findall(self._text, *self._sentences[i - 1])
            if people:
                found = people[-1].split()[-1]
                break
            i -= 1
        else:
            found = self._before[i]
        for j in unknown:
            self._before[j] = found
        return found


def find(
    grammar: Grammar,
    text: str,
    timexes: list[Timex],
    anchor: dt.date,
    sentences: list[tuple[int, int]],
) -> list[Event]:
    """Every dated predicate of the article, as an event; repeated mentions of one happening merged."""
    lex = grammar.events
    signals, sayings = grammar.lexicon["signals"], lex["saying_verbs"]
    markers = _markers(lex["hypothetical_markers"])
    hypothetical_markers = markers.find(text)
    day = anchor.isoformat()
    publication = _publication_date(anchor)
    people = _People(text, sentences)
    events: list[Event] = []
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
    for i, bounds in enumerate(sentences):
        dated = by_sentence.get(i, [])
        preds = predicates(grammar, text, bounds, in_sentence.get(i, []))
        sentence = Span(bounds[0], bounds[1], text[bounds[0] : bounds[1]])
        position = 0.35 if i == 0 else 0.2 if i == 1 else 0.15 * (1 - bounds[0] / size)
        attached: dict[int, Timex] = {}
        for t in dated:
            p = _attach(t, preds, bounds[0])
            if p is None:
                continue
            current = attached.get(p.start)
            if current is None or abs(t.start - p.start) < abs(current.start - p.start):
                attached[p.start] = t
        clause_of = {q.start: q.clause for q in preds} if attached else {}
        names: dict[tuple[int, int], list[str]] = {}  # of each clause
        shortened: dict[tuple[str, str | None], str] = {}
        last_person = functools.partial(people.before, i)
        sentence_dated: EventDate | None = None
        for p in preds:
            low = p.text.lower()
            t = attached.get(p.start)
            secondary = False
            if t is not None:
                date = _date_from_timex(t, signals)
            elif (
                dated
                and low not in sayings  # a saying: its own date, not what it reports
                and (same := _same_clause_timex(p, attached, clause_of)) is not None
            ):
                date = _date_from_timex(same, signals)  # dated with another predicate of its clause
                t, secondary = same, True
            elif p.noun or p.tense not in ("past", "present"):
                continue
            elif (
                previous_dated is not None
                and previous_dated.granularity in NARRATIVE_GRANULARITIES
                and not dated
                and p.tense == "past"
                and grammar.tense_words.get(low) != "reported"
            ):
                date = _with_source(previous_dated, "context")
            else:
                date = publication  # (one date, shared by the article's events dated by publication)
            reporting = grammar.tense_words.get(low) == "reported"
            hypothetical = markers.before(text, p, bounds[0], hypothetical_markers)
            status = _status(p, t, date, day, hypothetical, signals)
            clause = (p.clause_start, p.clause_end)
            if clause not in names:
                names[clause] = participants(text, clause, timexes, bounds[0])
            trigger = Span(p.start, p.end, p.text)
            # (positional: a dataclass's __init__ takes keyword arguments at twice the cost)
            event = Event(
                trigger,
                date,
                sentence,
                status,
                headline(text, bounds, p, t, last_person, low in sayings, sayings, shortened),
                list(names[clause]),  # participants
                _salience(p, low, date, status, position, secondary, reporting),
                [trigger],  # mentions
            )
            events.append(event)
            if date.source == "text" and not date.vague and not secondary and p.tense == "past" and p.main:
                sentence_dated = date
        previous_dated = (
            sentence_dated if sentence_dated is not None else (previous_dated if not dated else None)
        )
    return merge(events, text, lex["event_nouns"])


HYPOTHETICAL_REACH = 120  # how far before a predicate a hypothetical marker counts


# Bytes -> ASCII letters in lower case, ASCII digits and "_" as "0" (word characters that no marker holds),
# every other byte a space (the "?" that stands for a character outside ASCII included).
_MARKER_BYTES = bytes(
    c | 0x20 if chr(c).isascii() and chr(c).isalpha() else 0x30 if 0x30 <= c <= 0x39 or c == 0x5F else 0x20
    for c in range(256)
)


class _Markers:
    """The words that make a clause hypothetical ("if", "could", ...), found as the case-insensitive
    pattern \\b(?:if|could|...)\\b finds them."""

    def __init__(self, words: frozenset[str]) -> None:
        body = "|".join(sorted(words))
        self.pattern = re.compile(r"(?i)\b(?:" + body + r")\b")
        # Words of lower-case ASCII letters are found in a copy of the text of one byte a character
        # (_MARKER_BYTES), padded with a space at each end, as a space, the word and a space: that search
        # jumps from space to space. A character outside ASCII is a space there; whether it is a word
        # character (an accented letter, which \b does not break at) is checked in the text itself.
        # A text with CASE_TRAPS (the non-ASCII characters a case-insensitive ASCII letter matches) is
        # left to `pattern`.
        plain = all(w.isascii() and w.isalpha() and w == w.lower() for w in words)
        self._spaced = word_finder(w.encode("ascii") for w in words) if plain else None

    def find(self, text: str) -> list[tuple[int, int]] | None:
        """Where the markers of a text are; None when only `pattern` can tell."""
        if self._spaced is None or any(c in text for c in CASE_TRAPS):
            return None
        copy = b" " + text.encode("ascii", "replace").translate(_MARKER_BYTES) + b" "
        found = []
        size = len(text)
        for m in self._spaced.finditer(copy):
            # (a word at text[start:end] is copy[start + 1 : end + 1], after the space at copy[start])
            start, end = m.start(), m.end() - 1
            if start > 0 and not text[start - 1].isascii() and _is_word(text[start - 1]):
                continue
            if end < size and not text[end].isascii() and _is_word(text[end]):
                continue
            found.append((start, end))
        return found

    def before(
        self, text: str, p: Predicate, sentence_start: int, found: list[tuple[int, int]] | None
    ) -> bool:
        """Whether a marker comes in the HYPOTHETICAL_REACH characters of the sentence before `p`
        (`found`: what `find` found in the text)."""
        start = max(sentence_start, p.start - HYPOTHETICAL_REACH)
        if found is None:
            return self.pattern.search(text, start, p.start) is not None
        # the first marker from `start` on, if any marker there ends before the predicate (a marker ends
        # with a letter, a predicate follows a non-letter: none ends at its start)
        i = bisect.bisect_left(found, (start,))
        return i < len(found) and found[i][1] <= p.start


def _is_word(ch: str) -> bool:
    """Whether a character is a word character to the regex \\b."""
    return ch.isalnum() or ch == "_"


@functools.cache
def _markers(words: frozenset[str]) -> _Markers:
    """The finder of a grammar's hypothetical markers (made once per word set)."""
    return _Markers(words)


_SOURCE_WEIGHT = {"text": 0.55, "context": 0.3, "publication": 0.25}


def _salience(
    p: Predicate,
    low: str,
    date: EventDate,
    status: str,
    position: float,
    secondary: bool,
    reporting: bool,
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
    if low in _MAIN_VERB_TENSE or p.tense == "nonfinite":
        score -= 0.15
    if date.vague:
        score -= 0.2
    if status in ("scheduled", "deadline"):
        score += 0.1
    elif status == "hypothetical" or (status == "ongoing" and date.source != "text"):
        score -= 0.1
    # (min(1.0, max(0.05, score)), without the two calls)
    return round(0.05 if score < 0.05 else 1.0 if score > 1.0 else score, 2)


def _same_clause_timex(p: Predicate, attached: dict[int, Timex], clause_of: dict[int, int]) -> Timex | None:
    """The expression dating another predicate of the same clause (`clause_of`: clause index by predicate
    start): it dates the whole clause."""
    best = None
    for start, t in attached.items():
        if clause_of.get(start) == p.clause:
            if best is None or abs(t.start - p.start) < abs(best.start - p.start):
                best = t
    return best


def _with_source(d: EventDate, source: str) -> EventDate:
    """A copy of a date, with another source."""
    return EventDate(d.value, d.mod, d.granularity, d.interval, d.text, source, d.timex, d.vague)


@functools.cache
def _whole_word(noun: str) -> re.Pattern[str]:
    """The pattern \\bnoun\\b of an event noun that is not all word characters ("cease-fire"), compiled
    once (the nouns are the grammar's)."""
    return re.compile(rf"\b{re.escape(noun)}\b")


def merge(events: list[Event], text: str, nouns: frozenset[str]) -> list[Event]:
    """One event for one happening told twice: the same date from the text, and the same happening named
    (an event noun of one in the other's sentence: the talks "on Thursday" and the talks "in Paris on
    Thursday"), or the same verb with the same people (two people who "said" are two events)."""
    out: list[Event] = []
    by_value: dict[str, list[Event]] = {}
    # The words of each sentence compared, in lower case, by its start: a noun of word characters only is
    # one of them exactly when the pattern \bnoun\b finds it in the lower-cased sentence.
    words_of: dict[int, set[str]] = {}
    for e in events:
        twin = None
        if e.date.source == "text" and not e.date.vague:
            word = e.trigger.text.lower()
            same_date = by_value.setdefault(e.date.value, [])
            noun = word in nouns
            plain_noun = noun and _WORD_RUN.fullmatch(word) is not None
            for o in same_date[-MERGE_WINDOW:]:
                start = o.sentence.start
                if start == e.sentence.start:
                    continue
                if plain_noun:
                    words = words_of.get(start)
                    if words is None:
                        words = words_of[start] = set(_WORD_RUN.findall(o.sentence.text.lower()))
                    if word in words:
                        twin = o
                        break
                elif noun and _whole_word(word).search(o.sentence.text.lower()):
                    twin = o
                    break
                if word == o.trigger.text.lower() and set(e.participants) & set(o.participants):
                    twin = o
                    break
        if twin is None:
            out.append(e)
            if e.date.source == "text" and not e.date.vague:
                by_value[e.date.value].append(e)
        else:
            twin.mentions.append(e.trigger)
            twin.salience = max(twin.salience, e.salience)
    return out
