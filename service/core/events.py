"""Find the events an article reports: its predicates, each dated by the expression of its clause, by the
surrounding narration, or by the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from service.core import calendar as cal
from service.core.grammar import Grammar
from service.core.model import Event, EventDate, Span, Timex

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STRONG_BREAK = re.compile(r"[;:()\[\]“”\"—–]|\s-\s")
_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w’'.-]*)*")
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+)+")
_QUOTES = str.maketrans("", "", '“”"‘')
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


def predicates(
    grammar: Grammar, text: str, sentence: tuple[int, int], timexes: list[Timex]
) -> list[Predicate]:
    """The predicates of one sentence (`timexes`: those in it), found from word forms, auxiliaries and the
    event-noun list."""
    lex = grammar.events
    tense_words = grammar.tense_words
    openers, expectation, governors = (
        lex["clause_openers"],
        lex["expectation_markers"],
        lex["infinitive_governors"],
    )
    not_verbs, event_nouns, same_form_past = lex["not_verbs"], lex["event_nouns"], lex["same_form_past"]
    present_verbs, not_base_verbs = lex["present_verbs"], lex["not_base_verbs"]
    out: list[Predicate] = []
    clause, main, previous_end = 0, True, sentence[0]
    pending: str | None = None  # tense announced by an auxiliary, waiting for its verb
    pending_aux: Predicate | None = None
    expected = False
    prev = ""
    prev2 = prev_seen = ""
    inside = [(t.start, t.end) for t in timexes]  # the timexes of this sentence
    for m in _WORD.finditer(text, sentence[0], sentence[1]):
        gap = text[previous_end : m.start()]
        previous_gap_start = previous_end
        previous_end = m.end()
        word = m.group()
        low = word.lower()
        if "’" in low:
            low = low.replace("’", "'")
        prev2, prev_seen = prev_seen, prev
        if gap != " " and (_STRONG_BREAK.search(gap) or "," in gap):
            clause += 1
            pending, pending_aux = None, None
            if _STRONG_BREAK.search(gap):
                main = False
        if low in openers and out:
            clause += 1
            main = False
            pending, pending_aux = None, None
        while inside and inside[0][1] <= m.start():
            inside.pop(0)
        if inside and inside[0][0] <= m.start():
            prev = low
            continue
        if low in expectation:
            expected = True
        kind: str | None = None
        tense: str | None = None
        noun = False
        if low in _BE or low in _HAVE or low in _MODALS:
            aux_tense = _BE.get(low) or _HAVE.get(low) or _MODALS.get(low)
            if aux_tense is not None:
                pending = aux_tense if pending is None or low not in ("be", "been", "being") else pending
            elif pending is None and prev == "to":
                pending = "nonfinite"
            if low in _MAIN_VERB_TENSE:  # a main verb unless a verb follows ("has 17 residents")
                pending_aux = Predicate(m.start(), m.end(), word, False, _MAIN_VERB_TENSE[low], clause, main)
                out.append(pending_aux)
            prev = low
            continue
        if low == "to" and pending is None:
            if (out and out[-1].end == previous_gap_start) or prev in governors:
                pending = "to"
            prev = low
            continue
        if low in _SKIP or low.endswith("ly") and low not in ("fly", "rely", "apply", "reply", "supply"):
            prev = low
            continue
        if low in not_verbs or (word[0].isupper() and m.start() != sentence[0]):
            kind = "noun" if low in event_nouns else None
        elif low in tense_words and tense_words[low] in ("past", "reported"):
            kind, tense = "verb", "past"
        elif low in same_form_past and pending is None and prev not in _COUNTING:
            kind, tense = "verb", "past"
        elif low in present_verbs:
            if (out and out[-1].end == previous_gap_start and not out[-1].noun) or prev in _COUNTING:
                prev = low  # "approved plans": a noun right after a verb is its object
                continue
            kind, tense = "verb", "present"
        elif (
            low.endswith("ed") and len(low) > 4 and prev not in _DETERMINERS and prev not in _ADJECTIVE_AFTER
        ):
            kind, tense = "verb", "past"
        elif low.endswith("ing") and len(low) > 5 and prev not in _DETERMINERS:
            kind, tense = "verb", "nonfinite"
        elif (
            pending in _BASE_FORM_AFTER
            and low.isalpha()
            and prev not in _DETERMINERS
            and low not in _DETERMINERS
            and low not in not_base_verbs
        ):
            kind, tense = "verb", "nonfinite"
        elif low in event_nouns:
            kind = "noun"
        if kind == "noun":
            noun = True
        if kind is None:
            # any other word between an auxiliary and a later verb ends the wait: "has about 12 million
            # shares outstanding" keeps "has" as its verb
            pending, pending_aux = None, None
            prev = low
            continue
        if not noun and pending is not None:
            tense = _combine(pending, tense)
            if pending_aux is not None and pending_aux in out:
                out.remove(pending_aux)  # the auxiliary is not the event, its verb is
            pending, pending_aux = None, None
        complement = noun and (
            prev in _COMPLEMENT_PREPOSITIONS or (prev in _DETERMINERS and prev2 in _COMPLEMENT_PREPOSITIONS)
        )
        out.append(Predicate(m.start(), m.end(), word, noun, tense, clause, main, expected, complement))
        prev = low
    return out


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
    p: Predicate, t: Timex | None, date: EventDate, anchor: dt.date, hypothetical: bool, signals: dict
) -> str:
    """What became of the event: the clause's tense, the signal of its date, and where the date lies."""
    day = anchor.isoformat()
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
    return EventDate(
        value=t.value,
        mod=signals.get(t.signal or "", {}).get("event_mod") or t.mod,
        granularity=t.granularity,
        interval=t.interval,
        text=t.text,
        source="text",
        timex=t.tid,
        vague=t.value.endswith("_REF"),
    )


def _publication_date(anchor: dt.date) -> EventDate:
    day = cal.day_value(anchor)
    interval, granularity = _day_interval(day)
    return EventDate(
        value=day, mod=None, granularity=granularity, interval=interval, text=None, source="publication"
    )


_CLAUSE_BREAK = re.compile(
    r"[,;:()“”\"—–]|\s(?=(?:that|which|who|whom|because|although|whereas|while|unless)\s)"
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


def _clause_span(text: str, sentence: tuple[int, int], p: Predicate) -> tuple[int, int]:
    """Characters of the clause around a predicate: from the last break before it to the next after it."""
    start = sentence[0]
    for m in _CLAUSE_BREAK.finditer(text, sentence[0], p.start):
        start = m.end()
    end = sentence[1]
    m = _CLAUSE_BREAK.search(text[p.end : sentence[1]])
    if m:
        end = p.end + m.start()
    return start, end


_RELATIVES = ("which", "who", "that", "whose")
_OPENERS = (
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
    words = text[start:end].rstrip(" ,;:").split()[-7:]
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _DETERMINERS:
            return " ".join(words[i:])
    for i, w in enumerate(words):
        if w[:1].isupper() and not w.endswith(","):
            return " ".join(words[i:])
    return " ".join(words[-3:])


_TRAILING_SIGNAL = re.compile(
    r"\b(?:on|in|at|by|since|from|until|during|before|after|for|within|of|no later than)\s+$"
)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?])")


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
    last_person: str | None,
    reporting: bool = False,
    clause: tuple[int, int] | None = None,
    sayings: frozenset[str] = frozenset(),
) -> str:
    """A short statement of the event: who did what, from its clause, without the date expression, the
    clause's opener or dangling quotes; at most HEADLINE_WORDS words."""
    start, end = clause or _clause_span(text, sentence, p)
    end = max(end, p.end)
    lead = text[start : p.start].split()
    after = text[p.end : end]
    if t is not None:
        after = after.replace(t.text, "")
    rest = text[p.end : sentence[1]] if t is None else text[p.end : sentence[1]].replace(t.text, "")
    if reporting and len(rest.split()) >= 3:
        # "Varga said on Wednesday that construction will begin": the statement follows
        phrase = text[start : p.end] + " " + text[p.end : sentence[1]]
    elif reporting and start > sentence[0]:
        # "<what was said>, Rubio said on Friday": the statement is the clause before
        said = text[sentence[0] : start].rstrip(" ,;:").translate(_QUOTES).strip()
        if said[:2].isalpha() and said[1:2].islower():
            said = said[:1].lower() + said[1:]  # "The US ..." -> "said the US ..."
        phrase = " ".join(lead) + " " + p.text + " " + said
    elif (
        start > sentence[0]
        and lead
        and lead[0].lower() == "that"
        and _after_saying(text, sentence[0], start, sayings)
    ):
        phrase = text[start:end]  # "said that ...": a statement, not a relative clause
    elif start > sentence[0] and (not lead or lead[0].lower() in _RELATIVES):
        # "..., signed by both sides on Thursday," / "..., which began ...": borrow what it describes
        described = _noun_phrase_before(text, sentence[0], start)
        body = text[p.start : end] if not lead else " ".join(lead[1:]) + " " + text[p.start : end]
        phrase = described + " " + body
    elif start > sentence[0] and lead and lead[0].lower() in _MAIN_VERB_TENSE:
        # "..., was published by the government": the subject opens the sentence
        subject = text[sentence[0] : sentence[0] + 200].split(",")[0]
        phrase = subject + " " + text[start:end]
    else:
        phrase = text[start:end]
    if t is not None and t.text in phrase:
        head, _, tail = phrase.partition(t.text)
        phrase = _TRAILING_SIGNAL.sub("", head) + " " + tail
    words = phrase.translate(_QUOTES).split()
    words = [w for w in words if w not in ("’", "'", "-", "—", "–")]
    while words and words[0].lower().strip(",") in _OPENERS:
        words.pop(0)
    if words and words[0].lower() in ("he", "she") and last_person:
        words[0] = last_person
    if len(words) > HEADLINE_WORDS:
        words = words[:HEADLINE_WORDS]
    while words and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    out = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(words)).strip(" ,;:")
    if len(phrase.split()) > HEADLINE_WORDS and out:
        out += " …"
    return out[:1].upper() + out[1:]


def participants(text: str, span: tuple[int, int], timexes: list[Timex], sentence_start: int) -> list[str]:
    """Names in a clause: sequences of capitalized words that are not dates or sentence openers."""
    names: list[str] = []
    for m in _NAME.finditer(text, span[0], span[1]):
        name = m.group().rstrip(".’'")
        if _inside(timexes, m.start()):
            continue
        first = name.split()[0]
        if m.start() == sentence_start and " " not in name:
            continue  # a capitalized first word alone is as likely a common noun
        if first in _TITLE_WORDS:
            rest = name[len(first) :].strip()
            if not rest or m.start() != sentence_start and first not in ("Mr", "Mrs", "Ms", "Dr"):
                continue
            name = rest if first in _TITLE_WORDS - {"Mr", "Mrs", "Ms", "Dr"} else name
        if len(name) > 1 and name not in names:
            names.append(name)
    return names


def _inside(timexes: list[Timex], pos: int) -> bool:
    """Whether a position falls inside one of the (sorted) timexes."""
    lo, hi = 0, len(timexes)
    while lo < hi:
        mid = (lo + hi) // 2
        if timexes[mid].start <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo > 0 and pos < timexes[lo - 1].end


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
    events: list[Event] = []
    by_sentence: dict[int, list[Timex]] = {}
    starts = [s for s, _ in sentences]
    in_sentence: dict[int, list[Timex]] = {}
    for t in timexes:
        i = max(0, _index(starts, t.start))
        in_sentence.setdefault(i, []).append(t)
        if t.type in ("DATE", "TIME") and (t.value[:4].isdigit() or t.value.endswith("_REF")):
            by_sentence.setdefault(i, []).append(t)
    last_person: str | None = None
    previous_dated: EventDate | None = None
    size = max(len(text), 1)
    for i, sentence in enumerate(sentences):
        dated = by_sentence.get(i, [])
        preds = predicates(grammar, text, sentence, in_sentence.get(i, []))
        position = 0.35 if i == 0 else 0.2 if i == 1 else 0.15 * (1 - sentence[0] / size)
        attached: dict[int, Timex] = {}
        for t in dated:
            p = _attach(t, preds, sentence[0])
            if p is None:
                continue
            current = attached.get(p.start)
            if current is None or abs(t.start - p.start) < abs(current.start - p.start):
                attached[p.start] = t
        sentence_dated: EventDate | None = None
        for p in preds:
            t = attached.get(p.start)
            secondary = False
            if t is not None:
                date = _date_from_timex(t, signals)
            elif (
                dated
                and p.text.lower() not in sayings  # a saying: its own date, not what it reports
                and (same := _same_clause_timex(p, attached, preds)) is not None
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
                and grammar.tense_words.get(p.text.lower()) != "reported"
            ):
                date = EventDate(**{**_event_date_fields(previous_dated), "source": "context"})
            else:
                date = _publication_date(anchor)
            reporting = grammar.tense_words.get(p.text.lower()) == "reported"
            saying = p.text.lower() in sayings
            span = _clause_span(text, sentence, p)
            hypothetical = (
                _hypothetical(lex).search(text, max(sentence[0], p.start - 120), p.start) is not None
            )
            status = _status(p, t, date, anchor, hypothetical, signals)
            salience = _salience(p, date, status, position, secondary, reporting)
            event = Event(
                trigger=Span(p.start, p.end, p.text),
                date=date,
                sentence=Span(sentence[0], sentence[1], text[sentence[0] : sentence[1]]),
                status=status,
                headline=headline(text, sentence, p, t, last_person, saying, span, sayings),
                participants=participants(text, span, timexes, sentence[0]),
                salience=salience,
                mentions=[Span(p.start, p.end, p.text)],
            )
            events.append(event)
            if date.source == "text" and not date.vague and not secondary and p.tense == "past" and p.main:
                sentence_dated = date
        previous_dated = (
            sentence_dated if sentence_dated is not None else (previous_dated if not dated else None)
        )
        people = _PERSON.findall(text, sentence[0], sentence[1])
        if people:
            last_person = people[-1].split()[-1]
    return merge(events, text, lex["event_nouns"])


_MARKERS: dict[int, re.Pattern[str]] = {}


def _hypothetical(lex: dict[str, frozenset[str]]) -> re.Pattern[str]:
    """One compiled pattern for the words that make a clause hypothetical (compiled once per grammar)."""
    words = lex["hypothetical_markers"]
    pattern = _MARKERS.get(id(words))
    if pattern is None:
        pattern = _MARKERS[id(words)] = re.compile(r"(?i)\b(?:" + "|".join(sorted(words)) + r")\b")
    return pattern


def _salience(
    p: Predicate, date: EventDate, status: str, position: float, secondary: bool, reporting: bool
) -> float:
    """How much the event carries the story, 0-1: dated by the text over dated by the publication or the
    narration, the lead's sentences over later ones, main clauses, happenings over states and sayings."""
    # the lead's weight goes mostly to what the text dates
    score = {"text": 0.55, "context": 0.3, "publication": 0.25}[date.source]
    score += position if date.source == "text" else position / 2
    score += 0.05 if p.main or date.source == "text" else -0.1
    if secondary:
        score -= 0.3
    if reporting and date.source != "text":
        score -= 0.1
    if p.text.lower() in _MAIN_VERB_TENSE or p.tense == "nonfinite":
        score -= 0.15
    if date.vague:
        score -= 0.2
    if status in ("scheduled", "deadline"):
        score += 0.1
    elif status == "hypothetical" or (status == "ongoing" and date.source != "text"):
        score -= 0.1
    return round(min(1.0, max(0.05, score)), 2)


def _same_clause_timex(p: Predicate, attached: dict[int, Timex], preds: list[Predicate]) -> Timex | None:
    """The expression dating another predicate of the same clause: it dates the whole clause."""
    clause_of = {q.start: q.clause for q in preds}
    best = None
    for start, t in attached.items():
        if clause_of.get(start) == p.clause:
            if best is None or abs(t.start - p.start) < abs(best.start - p.start):
                best = t
    return best


def _event_date_fields(d: EventDate) -> dict[str, object]:
    return {f: getattr(d, f) for f in EventDate.__slots__}


def _index(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def merge(events: list[Event], text: str, nouns: frozenset[str]) -> list[Event]:
    """One event for one happening told twice: the same date from the text, and the same happening named
    (an event noun of one in the other's sentence: the talks "on Thursday" and the talks "in Paris on
    Thursday"), or the same verb with the same people (two people who "said" are two events)."""
    out: list[Event] = []
    by_value: dict[str, list[Event]] = {}
    for e in events:
        twin = None
        if e.date.source == "text" and not e.date.vague:
            word = e.trigger.text.lower()
            same_date = by_value.setdefault(e.date.value, [])
            for o in same_date[-MERGE_WINDOW:]:
                if o.sentence.start == e.sentence.start:
                    continue
                if word in nouns and re.search(rf"\b{re.escape(word)}\b", o.sentence.text.lower()):
                    twin = o
                elif word == o.trigger.text.lower() and set(e.participants) & set(o.participants):
                    twin = o
                if twin is not None:
                    break
        if twin is None:
            out.append(e)
            if e.date.source == "text" and not e.date.vague:
                by_value[e.date.value].append(e)
        else:
            twin.mentions.append(e.trigger)
            twin.salience = max(twin.salience, e.salience)
    return out
