"""Headlines and participants of events: a short statement of who did what, from the predicate's clause,
and the names the clause holds."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from operator import attrgetter

from service.core.model import Event, Timex
from service.core.predicates import Predicate
from service.core.wordforms import Words

# (?<!\w[A-Z]) after the first capital is the \b before it: starting with [A-Z], the search skips fast
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])[\w’'.-]*(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w’'.-]*)*")
_PERSON = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+)+")  # (as _NAME)
_START = attrgetter("start")
_QUOTES = '“”"‘'
HEADLINE_WORDS = 20


def _noun_phrase_before(text: str, start: int, end: int, table: Words) -> str:
    """The phrase a relative or participle clause describes: the last words before it, from a determiner
    or a capitalized word on."""
    words = text[start:end].rstrip(" ,;:").rsplit(None, 7)[-7:]  # (the last 7 words, split from the end)
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in table.determiners:
            return " ".join(words[i:])
    for i, w in enumerate(words):
        if w[:1].isupper() and not w.endswith(","):
            return " ".join(words[i:])
    return " ".join(words[-3:])


_LOOSE_MARKS = frozenset({"’", "'", "-", "—", "–"})
# (between the words of a headline, joined by single spaces)
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[,.;:!?])")


def _after_saying(
    text: str, sentence_start: int, clause_start: int, sayings: frozenset[str], words: Words
) -> int:
    """Where the verb of saying or thinking a "that" clause follows starts (the clause is a statement, not
    a relative clause); -1 if none does."""
    for m in words.word.finditer(text, max(sentence_start, clause_start - 40), clause_start):
        if m.group().lower() in sayings:
            return m.start()
    return -1


def _without_subject(text: str, start: int, end: int, words: Words) -> bool:
    """Whether the words between a statement's opener and its verb are auxiliaries and particles only: a
    statement without a subject of its own (Spanish "dijo que dimitirá", "que va a dimitir")."""
    return all(
        (w := m.group().lower()) in words.be or w in words.have or w in words.modals or w in words.skip
        for m in words.word.finditer(text, start, end)
    )


def headline(
    text: str,
    sentence: tuple[int, int],
    p: Predicate,
    t: Timex | None,
    last_person: Callable[[], str | None],
    words: Words,
    reporting: bool = False,
    sayings: frozenset[str] = frozenset(),
    shortened: dict[tuple[str, str | None], str] | None = None,
) -> str:
    """A short statement of the event: who did what, from its clause, without the date expression, the
    clause's opener or dangling quotes; at most HEADLINE_WORDS words. A leading "he" or "she" becomes
    `last_person()`, the last person named before (`shortened`: the headlines of the sentence so far, by
    statement and date wording: events of one clause often share theirs)."""
    phrase = _statement(text, sentence, p, t, reporting, sayings, words)
    if shortened is None:
        return _shorten(phrase, t, last_person, words)
    key = (phrase, None if t is None else t.text)
    found = shortened.get(key)
    if found is None:
        found = shortened[key] = _shorten(phrase, t, last_person, words)
    return found


class Deferred:
    """The headlines and participants of an article's events, each written when first needed: the
    timeline shows those of its entries' heads alone (about a third of the events), the `events=all` view
    every one. Writing one later gives what writing it at once would have given."""

    def __init__(self, text: str, words: Words, sayings: frozenset[str], timexes: list[Timex]) -> None:
        self._text, self._words, self._sayings, self._timexes = text, words, sayings, timexes
        # by the event's id(): the event (kept alive, so that its id is not reused) and what writing needs
        self._pending: dict[int, tuple[Event, tuple]] = {}

    def names(self, p: Predicate, sentence_start: int, found: dict[tuple[int, int], list[str]]) -> list[str]:
        """The participants of the clause of `p` (a list of its own), found once per clause (`found`: those
        of the sentence's clauses so far)."""
        clause = (p.clause_start, p.clause_end)
        names = found.get(clause)
        if names is None:
            names = participants(self._text, clause, self._timexes, sentence_start, self._words)
            found[clause] = names
        return list(names)

    def add(
        self,
        event: Event,
        sentence: tuple[int, int],
        p: Predicate,
        t: Timex | None,
        last_person: Callable[[], str | None],
        reporting: bool,
        shortened: dict[tuple[str, str | None], str],
        names: dict[tuple[int, int], list[str]] | None,
    ) -> None:
        """Remember how to write the headline of `event` (see `headline`) and, unless `names` is None (they
        are written already), its participants (`names`: see `names`)."""
        self._pending[id(event)] = (event, (sentence, p, t, last_person, reporting, shortened, names))

    def write(self, event: Event) -> None:
        """Write the headline and participants of `event`, unless they are written already (or it is not
        one of the article's)."""
        pending = self._pending.pop(id(event), None)
        if pending is not None:
            sentence, p, t, last_person, reporting, shortened, names = pending[1]
            event.headline = headline(
                self._text, sentence, p, t, last_person, self._words, reporting, self._sayings, shortened
            )
            if names is not None:
                event.participants = self.names(p, sentence[0], names)


def _shorten(phrase: str, t: Timex | None, last_person: Callable[[], str | None], table: Words) -> str:
    """A statement as a headline: without the date expression, opener and dangling words or quotes."""
    if t is not None and t.text in phrase:
        head, _, tail = phrase.partition(t.text)
        phrase = _drop_trailing_signal(head, table) + " " + tail
    ascii_only = phrase.isascii()  # (then only a straight double quote can be a quote to drop)
    unquoted = phrase if ascii_only and '"' not in phrase else _unquote(phrase)
    words = unquoted.split()
    # (the phrase has as many words as its unquoted form unless a quote stood alone)
    length = len(words) if len(unquoted) == len(phrase) else len(phrase.split())
    # (a loose mark is a word of one of these characters: in ASCII, ' or -)
    if (not ascii_only or "'" in unquoted or "-" in unquoted) and not _LOOSE_MARKS.isdisjoint(words):
        words = [w for w in words if w not in _LOOSE_MARKS]
    while words and words[0].lower().strip(",") in table.openers:
        words.pop(0)
    if words and words[0].lower() in table.person_pronouns and (person := last_person()):
        words[0] = person
    if len(words) > HEADLINE_WORDS:
        words = words[:HEADLINE_WORDS]
    while words and words[-1].lower().strip(",;:") in table.dangling:
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
    words: Words,
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
    if (
        start > sentence[0]
        and first in words.statement_openers
        and (said_at := _after_saying(text, sentence[0], start, sayings, words)) >= 0
    ):
        # "said that ...": a statement, not a relative clause; one without a subject of its own takes
        # the speaker's where the language drops it (`speaker_subject`: "la ministra anunció que dimitirá")
        opened = start + len(lead_text) - len(lead_text.lstrip()) + len(head[0])
        if words.speaker_subject and _without_subject(text, opened, p.start, words):
            speaker = text[sentence[0] : said_at].strip(" ,")
            return f"{head[0]} {speaker} {text[opened:end].lstrip()}"
        return text[start:end]
    if start > sentence[0] and (not head or first in words.relatives):
        # "..., signed by both sides on Thursday," / "..., which began ...": borrow what it describes
        described = _noun_phrase_before(text, sentence[0], start, words)
        rest = " ".join(head[1].split()) if len(head) > 1 else ""  # (the words after the first)
        body = text[p.start : end] if not head else rest + " " + text[p.start : end]
        return described + " " + body
    if start > sentence[0] and first in words.main_verb_tense:
        # "..., was published by the government": the subject opens the sentence
        subject = text[sentence[0] : sentence[0] + 200].split(",")[0]
        return subject + " " + text[start:end]
    return text[start:end]


def _drop_trailing_signal(head: str, words: Words) -> str:
    """The words before a date expression without the signal that ends them ("... will meet on")."""
    # a signal ends where the trailing white space begins: only the last few characters can hold it
    m = words.trailing_signal.search(head, max(0, len(head.rstrip()) - words.longest_signal))
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


def participants(
    text: str, span: tuple[int, int], timexes: list[Timex], sentence_start: int, words: Words
) -> list[str]:
    """Names in a clause: sequences of capitalized words that are not dates or sentence openers."""
    names: list[str] = []
    for m in _NAME.finditer(text, span[0], span[1]):
        name = m.group().rstrip(".’'")
        start = m.start()
        if start == sentence_start and " " not in name:
            continue  # a capitalized first word alone is as likely a common noun
        first = name.split(None, 1)[0]
        if words.not_a_name(first):
            rest = name[len(first) :].strip()
            honorific = words.honorific(first)
            if not rest or start != sentence_start and not honorific:
                continue
            name = rest if not honorific else name
        # (the one test that searches: last)
        if len(name) > 1 and name not in names and not _inside(timexes, start):
            names.append(name)
    return names


def _inside(timexes: list[Timex], pos: int) -> bool:
    """Whether a position falls inside one of the (sorted) timexes."""
    lo = bisect.bisect_right(timexes, pos, key=_START)
    return lo > 0 and pos < timexes[lo - 1].end


class People:
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
