"""Choose how a text's dates are resolved (news, narrative or colloquial) from features of the text.

HeidelTime asks its user for a document type; we read it off the text, and a caller may still say it:

* **colloquial** (social posts): a short text carrying the marks of one (hashtags, handles, links,
  chat abbreviations; within a post's length, words of the first person singular). Lower-case day
  and month names are read as names where their context says so (`see u sat`, `this fri`), and
  nothing inside a hashtag, handle or link is tagged (which holds in every mode).
* **narrative** (histories): most of the years the text writes lie well before its publication date.
  Yearless and anaphoric expressions then count from the story's own time (the last date the text
  fully specified), not from the publication date.
* **news**: everything else; the publication date is the reference. A background stretch ("In 1957
  ...; the following year ...") is told by its anaphoric expressions, which count from the last date
  in every genre (see docs/genres.md for why its yearless dates stay in news time).

The word lists are the grammar's (`lexicon.yaml`, table `genre`); the thresholds below are features of
any text, not of a corpus.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Literal

from service.core.grammar import Grammar

Genre = Literal["news", "narrative", "colloquial"]
GENRES: tuple[Genre, ...] = ("news", "narrative", "colloquial")

# A social post is short: longer texts are read as news or narrative whatever their marks.
COLLOQUIAL_MAX_LENGTH = 1000
# The length of a post on the main platforms: within it, weaker marks count too (see colloquial).
POST_MAX_LENGTH = 280
# A narrative writes several years, and most of them at least this many years before publication.
NARRATIVE_MIN_YEARS = 4
NARRATIVE_OLD_SHARE = 0.6
NARRATIVE_YEARS_BACK = 2
# ... and it hardly ever names a day by its relation to the day it is read (a weekday, "today",
# "yesterday"), which news does every few thousand characters.
NARRATIVE_MAX_DEICTIC_PER_CHAR = 1 / 10_000
# How far before a year a word of the future is looked for, to tell a plan the story tells of.
PLAN_REACH = 120
# A year this far from the story's time, which the story then comes back from, is an aside (see aside).
ASIDE_MIN_YEARS = 2

# (a number after "#" is a rank, "#3", not a hashtag)
_SOCIAL_MARK = re.compile(r"(?<![\w#@])(?:#\d*[A-Za-z_]|@\w)|https?://|\bwww\.", re.I)
_MARK_CHARACTERS = ("#", "@", "://")  # one of them, or "www.", is in every match of _SOCIAL_MARK
_WORD = re.compile(r"[A-Za-z][a-z']*")
_LETTER = re.compile(r"[A-Za-z]")
_WHOLE_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# Where a tag, a handle or a link runs: nothing inside it is a temporal expression.
_TAG = re.compile(r"[#@]\w+")
_SCHEME = re.compile(r"https?$", re.I)
_NOT_SPACE = re.compile(r"\S*")


def colloquial(grammar: Grammar, text: str) -> bool:
    """Whether `text` reads as a social post: short, and with at least one mark of one. A language whose
    grammar has no colloquial data (its lexicon's `genre` table) is never read as colloquial."""
    if len(text) > COLLOQUIAL_MAX_LENGTH or "genre" not in grammar.lexicon:
        return False
    # (a regex that starts with a lookbehind tries every character: what it needs is looked for first)
    marked = any(mark in text for mark in _MARK_CHARACTERS) or "www." in text.lower()
    if marked and _SOCIAL_MARK.search(text):
        return True
    letters = list(filter(str.isalpha, text))  # (filter and map: no Python code run per character)
    if len(letters) >= 10 and not any(map(str.isupper, letters)):  # written all in lower case
        return True
    words, first_person, any_case = _post_tables(grammar)
    written = _WORD.findall(text)
    if not words.isdisjoint(w for w in written if w.islower()):
        return True
    if not any_case.isdisjoint(map(str.lower, written)):  # ("Lol", "Gonna")
        return True
    faces, find_face = _faces(grammar)
    # (each face looked for as written first, which runs at memory speed: the search that checks what
    # stands around it starts with a lookbehind, and would try every character)
    if any(map(text.__contains__, faces)) and find_face is not None and find_face.search(text):
        return True
    # A text no longer than a post that speaks in the first person singular (news says "I" only in
    # quotes, inside articles much longer than this). ("!!" and question marks measured too: no gain.)
    if len(text) > POST_MAX_LENGTH:
        return False
    return not first_person.isdisjoint(map(str.lower, _WHOLE_WORD.findall(text)))


@functools.lru_cache(maxsize=16)
def _faces(grammar: Grammar) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """The faces a grammar's `genre` table lists (":)", "xD"), and the search for one standing apart
    from the letters, digits and slashes around it (not the ":/" of a link, nor "(8)")."""
    faces = tuple(grammar.lexicon["genre"].get("faces", ()))
    if not faces:
        return faces, None
    alternation = "|".join(map(re.escape, sorted(faces, key=len, reverse=True)))
    return faces, re.compile(rf"(?<![\w:/])(?:{alternation})(?![\w/])")


@functools.lru_cache(maxsize=16)
def _post_tables(grammar: Grammar) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A grammar's chat words, words of the first person and chat words that mark a post however
    they are written, as sets."""
    table = grammar.lexicon["genre"]
    return (
        frozenset(table["colloquial_words"]),
        frozenset(table["first_person_words"]),
        frozenset(table.get("colloquial_words_any_case", ())),
    )


def narrative(years: list[int], deictic_days: int, length: int, anchor: dt.date) -> bool:
    """Whether a text is a story told about the past, from the years it writes and how many days it
    names by their relation to the publication day."""
    if len(years) < NARRATIVE_MIN_YEARS or deictic_days > length * NARRATIVE_MAX_DEICTIC_PER_CHAR:
        return False
    old = sum(1 for y in years if y <= anchor.year - NARRATIVE_YEARS_BACK)
    return old >= NARRATIVE_OLD_SHARE * len(years)


def deictic_day(value: dict[str, object]) -> bool:
    """Whether a rule's value spec names a day relative to the publication day (a weekday, a day word)."""
    ((kind, spec),) = value.items()
    if not isinstance(spec, dict) or spec.get("ref") == "context":
        return False
    named = "weekday" in spec or any(str(v).lstrip("-") == "$dayword" for v in spec.values())
    return kind in ("date", "shift") and named and "month" not in spec


def looks_back(fields: dict[str, object]) -> bool:
    """Whether a reading counts back from the story's time ("two decades earlier", "a week before"): a
    narrative runs forward, and a look back is a mention in passing, after which the story goes on from
    where it was (so it does not become the story's time, as "three days later" does)."""
    if not fields.get("count") or fields.get("ref") != "context":
        return False
    if fields.get("direction") == -1:  # "two years earlier"
        return True
    by = fields.get("by")  # or a step back with no direction word: "a year earlier"
    return isinstance(by, int | float) and by < 0 and "direction" not in fields


def future_cue_before(grammar: Grammar, text: str, sentence_start: int, start: int) -> bool:
    """Whether a word of the future (the grammar's tense words: "would", "will", "planned for") is written
    in the PLAN_REACH characters of its sentence before `start`: where it is not, the clause's tense need
    not be told for a plan (telling it reads the whole sentence)."""
    return _future_words(grammar).search(text, max(sentence_start, start - PLAN_REACH), start) is not None


@functools.lru_cache(maxsize=16)
def _future_words(grammar: Grammar) -> re.Pattern[str]:
    """The search for a grammar's words of the future (its tense words that tell the future)."""
    words = sorted((w for w, t in grammar.tense_words.items() if t == "future"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")(?![\w'])" if words else "(?!)", re.I)


def aside(year: int, story_year: int, later_years: Iterator[int]) -> bool:
    """Whether a year a narrative writes is an aside, not the story's new time: it lies more than
    ASIDE_MIN_YEARS from the story's year, and the next year the text writes is nearer the story's than
    it ("... a report declassified in 2005 showed that on 4 August ..." in a story of 1964)."""
    if abs(year - story_year) <= ASIDE_MIN_YEARS:
        return False
    following = next(later_years, None)
    return following is not None and abs(following - story_year) < abs(following - year)


def tagged_spans(text: str) -> list[tuple[int, int]]:
    """The hashtags, handles and links of a text (start, end), in no particular order. Found from the
    places of `#`, `@`, `://` and `www.` (str.find, which runs at memory speed: a regex search for them
    costs a tenth of a long text's extraction)."""
    spans: list[tuple[int, int]] = []
    for mark in ("#", "@"):
        i = text.find(mark)
        while i >= 0:
            before = text[i - 1] if i else " "
            m = _TAG.match(text, i)
            if m is not None and not (before.isalnum() or before in "_#@"):
                spans.append(m.span())
            i = text.find(mark, i + 1)
    for mark in ("://", "www.", "WWW."):
        i = text.find(mark)
        while i >= 0:
            start = i
            if mark == "://":
                scheme = _SCHEME.search(text, max(0, i - 5), i)
                start = scheme.start() if scheme is not None else i
            link = _NOT_SPACE.match(text, i)  # (never None: the mark itself is not space)
            spans.append((start, link.end() if link is not None else i + len(mark)))
            i = text.find(mark, i + 1)
    return spans


def recased(grammar: Grammar, text: str) -> str:
    """The text with lower-case day and month names (and their abbreviations) written as names where
    they are read as such: always for the unambiguous ones, after a cue word ("on", "this", "next", a
    meridiem: "7pm sat") or before a time for those that are also common words ("may", "sat", "sun").
    Same length as `text`, so that what is found in it has the same offsets in `text`. (The names are
    found by one search, not by a look at every word: a post names few.)"""
    table = grammar.lexicon.get("genre")
    if table is None:  # (no colloquial data for this language: names stay as written)
        return text
    find, ambiguous, cues_before, cues_after = _name_tables(grammar)
    out: list[str] | None = None
    for m in find.finditer(text):
        if not _starts_word(text, m.start()):
            continue
        word = m.group()
        following = text[m.end() : m.end() + 12].lstrip(" .,@").lower()  # ("wed @ 9")
        cued = (
            _previous_word(text, m.start()) in cues_before
            or following[:1].isdigit()
            or following.startswith(cues_after)
        )
        if word not in ambiguous or cued:
            out = out or list(text)
            out[m.start()] = word[0].upper()
    return "".join(out) if out is not None else text


@functools.lru_cache(maxsize=16)
def _name_tables(grammar: Grammar) -> tuple[re.Pattern[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """The search for the lower-case names of a grammar's `genre` table (each ending a word as _WORD cuts
    words; see _starts_word for where one starts), and its other tables as sets."""
    table = grammar.lexicon["genre"]
    names = sorted(table["lower_case_names"], key=len, reverse=True)
    find = re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, names)) + r")(?![a-z'])")
    return (
        find,
        frozenset(table["ambiguous_names"]),
        frozenset(table["name_cues_before"]),
        tuple(table["name_cues_after"]),
    )


def _starts_word(text: str, i: int) -> bool:
    """Whether a word (as _WORD cuts words: a letter, then lower-case letters and apostrophes) starts at
    `i`, a letter not after a letter: it does unless apostrophes right before it follow a letter
    ("o'may" is one word)."""
    j = i
    while j and text[j - 1] == "'":
        j -= 1
    return j == i or not j or not _LETTER.match(text, j - 1)


def _previous_word(text: str, end: int) -> str:
    """The word (as _WORD cuts words) before `end`, in lower case ("" at the start): looked for in the 40
    characters before, and in all the text before when those may have cut it."""
    window = max(0, end - 40)
    words = list(_WORD.finditer(text, window, end))
    if window and (not words or words[-1].start() == window):
        words = list(_WORD.finditer(text, 0, end))
    return words[-1].group().lower() if words else ""
