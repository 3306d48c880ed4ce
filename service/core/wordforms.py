"""What each word form can be in a sentence (auxiliary, past form, event noun...), from the word data."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from service.core.grammar import Grammar

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
    "between_auxiliary_and_verb",
    "ly_verbs",
    "determiners",
    "counting_words",
    "adjective_after",
    "complement_prepositions",
    "clause_break_words",
    "short_past_forms",
    "verbs_after_auxiliary",
    "infinitive_markers",
    "subject_pronouns",
)
# Tables of word forms grow with the articles read; past this size one starts afresh.
MAX_FORMS = 50_000


@dataclass(frozen=True, slots=True, eq=False)
class Words:
    """The event word data of one grammar, as the event modules look it up."""

    be: dict[str, str | None]  # auxiliary -> the tense it announces
    have: dict[str, str | None]
    modals: dict[str, str | None]
    main_verb_tense: dict[str, str | None]  # an auxiliary's tense as the clause's own verb
    skip: frozenset[str]
    ly_verbs: frozenset[str]
    determiners: frozenset[str]
    counting: frozenset[str]
    adjective_after: frozenset[str]
    complement_prepositions: frozenset[str]
    break_before: frozenset[str]
    not_name_words: frozenset[str]  # in lower case: see `not_a_name`
    honorifics: frozenset[str]
    relatives: frozenset[str]
    openers: frozenset[str]
    dangling: frozenset[str]
    person_pronouns: frozenset[str]
    verb_final: bool  # an auxiliary's verb may close its clause ("hat am Montag ... beschlossen")
    trailing_signal: re.Pattern[str]  # a date signal that ends a phrase ("... will meet on ")
    longest_signal: int
    word: re.Pattern[str]  # a word of a sentence, as the event pass reads it (`word_form`)
    word_split: re.Pattern[str]  # the same in a group: re.split gives gap, word, gap, ..., gap
    statement_openers: frozenset[str]  # "that" after a verb of saying
    speaker_subject: bool  # a statement without a subject takes the speaker's ("dijo que dimitirá")
    # casualty counts ("222 dead", "30 people killed"): the words of a count, of who is counted, and those
    # that may follow the casualty word (a casualty word before anything else describes a noun: "two
    # injured soldiers")
    counts: frozenset[str]
    counted_nouns: frozenset[str]
    casualty_followers: frozenset[str]
    count_modifiers: frozenset[str]  # words before a count after a casualty verb ("killed at least 12")
    infinitive_objects: frozenset[str]  # what follows "to" and a verb, not "to" and a noun ("to buy the")

    @staticmethod
    def _capitalized(word: str, table: frozenset[str]) -> bool:
        """Whether a capitalized word is in a table of capitalized words (kept in lower case)."""
        return word == word.capitalize() and word.lower() in table

    def not_a_name(self, word: str) -> bool:
        """Whether a capitalized word opens a sentence or a name without being one ("The", "Mr")."""
        return self._capitalized(word, self.not_name_words)

    def honorific(self, word: str) -> bool:
        """Whether a capitalized word is a title of address ("Mr", "Dr")."""
        return self._capitalized(word, self.honorifics)


@functools.cache
def words(grammar: Grammar) -> Words:
    """The event word data of a grammar (made once per grammar object)."""
    lex, tenses = grammar.events, grammar.event_tenses
    signals = sorted(lex["headline_date_signals"], key=lambda s: (-len(s), s))
    return Words(
        be=tenses["auxiliary_be"],
        have=tenses["auxiliary_have"],
        modals=tenses["modals"],
        main_verb_tense=tenses["main_verb_tense"],
        skip=lex["between_auxiliary_and_verb"],
        ly_verbs=lex["ly_verbs"],
        determiners=lex["determiners"],
        counting=lex["counting_words"],
        adjective_after=lex["adjective_after"],
        complement_prepositions=lex["complement_prepositions"],
        break_before=lex["clause_break_words"],
        not_name_words=lex["not_name_words"],
        honorifics=lex["honorifics"],
        relatives=lex["relative_pronouns"],
        openers=lex["headline_openers"],
        dangling=lex["headline_dangling"] | lex["determiners"],
        person_pronouns=lex["person_pronouns"],
        verb_final="clause_end" in lex["verb_after_auxiliary"],
        trailing_signal=re.compile(  # ((?!) matches nothing: a language with no such signals yet)
            rf"\b(?:{'|'.join(map(re.escape, signals)) or '(?!)'})\s+$".replace(r"\ ", " "), re.IGNORECASE
        ),
        longest_signal=max(map(len, signals), default=0),
        word=re.compile(word := grammar.event_patterns["word_form"].pattern),
        word_split=re.compile(f"({word})"),
        statement_openers=lex["statement_openers"],
        speaker_subject="speaker" in lex["statement_subject"],
        counts=lex.get("count_words", frozenset()),
        counted_nouns=lex.get("counted_nouns", frozenset()),
        casualty_followers=lex.get("casualty_followers", frozenset()),
        count_modifiers=lex.get("count_modifiers", frozenset()),
        infinitive_objects=lex.get("infinitive_objects", frozenset()),
    )


_WORD_BEFORE = re.compile(r"(\S+)\s+$")
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'’-]*)?")
COUNT_REACH = 40  # how many characters before a casualty word its count is looked for


def _count(token: str, words: Words) -> bool:
    """Whether a word of the text is a count ("222", "220,000", "dozens"; a year is not one)."""
    token = token.rstrip(",;:")
    if token[:1].isdigit():
        return not (len(token) == 4 and token.isdigit() and token[:2] in ("19", "20"))
    return token.lower() in words.counts


def count_before(text: str, start: int, words: Words) -> int:
    """Where the count before a casualty word starts ("222 dead", "30 people dead"), or -1."""
    at = start
    for i in range(2):
        m = _WORD_BEFORE.search(text, max(0, at - COUNT_REACH), at)
        if m is None:
            return -1
        token = m.group(1)
        if _count(token, words):
            return m.start(1)
        if i or token.lower() not in words.counted_nouns:
            return -1
        at = m.start(1)
    return -1


_WORD_AFTER = re.compile(r"\s+(\d[\d,.]*\d|[^\s,;:.!?()]+)")
COUNT_AFTER = 4  # how many words after a casualty verb its count may end ("killed more than 20 people")


def count_after(text: str, end: int, words: Words) -> tuple[int, int]:
    """Where the count after a casualty verb stands ("killed over 220,000", "injured at least eight
    people"), its modifiers and the noun counted with it; (-1, -1) without one."""
    start, at = -1, end
    for _ in range(COUNT_AFTER):
        m = _WORD_AFTER.match(text, at)
        if m is None:
            return -1, -1
        token = m.group(1)
        start = m.start(1) if start < 0 else start
        at = m.end(1)
        if _count(token, words):
            # (with the noun counted, and a word before it: "two police officers")
            for _ in range(2):
                m = _WORD_AFTER.match(text, at)
                if m is None:
                    break
                low = m.group(1).lower()
                if low in words.counted_nouns:
                    return start, m.end(1)
                n = _WORD_AFTER.match(text, m.end(1))
                if n is None or n.group(1).lower() not in words.counted_nouns:
                    break
                at = m.end(1)
            return start, at
        if token.lower() not in words.count_modifiers:
            return -1, -1
    return -1, -1


def casualty_count(text: str, start: int, end: int, words: Words, ahead: int) -> bool:
    """Whether the word at `start:end` tells a casualty count: a count after it ("injured at least eight
    people"), or a count before it and after it a clause break, a date expression (starting at `ahead`) or
    one of `casualty_followers` ("222 dead and 843 injured"), not a noun it describes ("two injured
    soldiers")."""
    if count_before(text, start, words) < 0:
        return count_after(text, end, words)[0] >= 0
    m = _NEXT_WORD.match(text, end)
    if m is None or m.group(1) is None:
        return True
    return m.start(1) >= ahead or m.group(1).lower() in words.casualty_followers


@dataclass(frozen=True, slots=True)
class Form:
    """What a word form can be in a sentence, worked out once per grammar from the word tables."""

    break_before: bool  # the clause breaks at the space before it
    opener: bool  # opens a clause
    expectation: bool
    auxiliary: bool  # a form of be or have, or a modal
    to: bool  # an infinitive marker ("to")
    skip: bool  # an adverb or particle between an auxiliary and its verb
    not_verb: bool
    after_auxiliary: bool  # no verb alone ("the injured"), the verb after an auxiliary ("were injured")
    event_noun: bool
    past: bool  # a listed past form or reporting verb
    same_form_past: bool
    present: bool
    ed: bool  # a past form by its ending (`past_form`)
    ing: bool  # a gerund or participle by its ending (`nonfinite_form`)
    casualty: bool  # a casualty after a count ("222 dead"): a predicate there (`casualty_words`)
    subject: bool  # a pronoun that is a clause's subject: a plain word right after it is a verb ("we value")
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
    form_tense: str | None  # the tense its ending tells (`tense_by_ending`: "firmará" future)


class Forms:
    """The word forms of one grammar met so far, each classified once (forms classified alike share one
    Form)."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.words = words(grammar)
        self.forms: dict[str, Form] = {}
        self._kinds: dict[tuple[bool | str | None, ...], Form] = {}
        lex, w = grammar.events, self.words
        # the spellings (events.yaml), each a test of a whole word in lower case
        patterns = grammar.event_patterns
        self._adverb = re.compile(patterns["adverb_form"].pattern).fullmatch
        self._past = re.compile(patterns["past_form"].pattern).fullmatch
        self._nonfinite = re.compile(patterns["nonfinite_form"].pattern).fullmatch
        self._base = re.compile(patterns["base_form"].pattern).fullmatch
        self._participle = re.compile(patterns["participle_form"].pattern).fullmatch
        self._endings = [
            (re.compile(pattern).fullmatch, tense)
            for tense, pattern in grammar.event_tenses["tense_by_ending"].items()
            if pattern is not None
        ]
        # every word _classify looks up: a word in none of them is classified by its spelling alone
        self._listed = frozenset(grammar.tense_words).union(
            *(lex[table] for table in _EVENT_TABLES),
            w.be,
            w.have,
            w.modals,
            w.main_verb_tense,
            lex.get("casualty_words", ()),
        )
        self._by_spelling: dict[tuple[bool | str | None, ...], Form] = {}
        self.none = self.add("")

    def add(self, word: str) -> Form:
        """Classify a word as written, and remember it."""
        if len(self.forms) > MAX_FORMS:
            self.forms.clear()
        low = word.lower().replace("’", "'")
        if low in self._listed:
            form = self._classify(word, low)
        else:
            spelling = (
                self._adverb(low) is not None,
                self._past(low) is not None,
                self._nonfinite(low) is not None,
                self._base(low) is not None,
                self._participle(low) is not None,
                word[:1].isupper(),
                self._ending_tense(low) if self._endings else None,
            )
            got = self._by_spelling.get(spelling)
            if got is None:
                got = self._by_spelling[spelling] = self._classify(word, low)
            form = got
        self.forms[word] = form
        return form

    def _classify(self, word: str, low: str) -> Form:
        """Look a word up in every table that `predicates` consults."""
        lex, tense_words, w = self.grammar.events, self.grammar.tense_words, self.words
        # (no verb alone, the verb after an auxiliary; unless not_verbs says it is none: "lieu")
        # (and a form a list names as a past is that: "begannen")
        listed_past = tense_words.get(low) in ("past", "reported") or low in lex["short_past_forms"]
        participle = (
            self._participle(low) is not None and low not in lex["not_verbs"] and not listed_past
        ) or low in lex["verbs_after_auxiliary"]
        flags = (
            word in w.break_before,
            low in lex["clause_openers"],
            low in lex["expectation_markers"],
            low in w.be or low in w.have or low in w.modals,
            low in lex["infinitive_markers"],
            low in w.skip or (self._adverb(low) is not None and low not in w.ly_verbs),
            low in lex["not_verbs"] or participle,
            low in lex["verbs_after_auxiliary"] or participle,
            low in lex["event_nouns"],
            listed_past,
            low in lex["same_form_past"],
            low in lex["present_verbs"],
            self._past(low) is not None or participle,
            self._nonfinite(low) is not None,
            low in lex.get("casualty_words", ()),
            low in lex["subject_pronouns"],
        )
        ending_tense = self._ending_tense(low) if self._endings else None
        base = self._base(low) is not None and low not in w.determiners and low not in lex["not_base_verbs"]
        kind = (
            *flags,
            # (where a verb closes its clause, an infinitive is looked at with its auxiliary after it)
            not any(flags) and ending_tense is None and not (w.verb_final and base),
            base,
            word[:1].isupper(),
            w.be.get(low) or w.have.get(low) or w.modals.get(low),
            w.main_verb_tense.get(low),
            low in lex["infinitive_governors"],
            low in w.counting,
            low in w.determiners,
            low in w.adjective_after,
            low in w.complement_prepositions,
            ending_tense,
        )
        form = self._kinds.get(kind)
        if form is None:
            form = self._kinds[kind] = Form(*kind)
        return form

    def _ending_tense(self, low: str) -> str | None:
        """The tense a word's ending tells, if any (`tense_by_ending`)."""
        for matches, tense in self._endings:
            if matches(low) is not None:
                return tense
        return None


@functools.cache
def forms(grammar: Grammar) -> Forms:
    """The word-form table of a grammar (one per grammar object)."""
    return Forms(grammar)
