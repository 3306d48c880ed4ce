"""Find the predicates of a sentence (verbs and event nouns) without a tagger: from word forms, auxiliaries
and the clause breaks; and the predicate a date expression belongs to."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import cast

from service.core.grammar import Grammar
from service.core.model import PredicateTense, Timex
from service.core.wordforms import MAX_FORMS, Words, casualty_count, forms

_STRONG_BREAK = re.compile(r"[;:()\[\]“”\"—–]|\s-\s")
# Attaching a date: a noun must be this much closer than a verb to win; a noun that is the object of
# "about", "of", "over"... ("talks about the war on Thursday") is rarely what the date is about.
NOUN_PENALTY = 20
COMPLEMENT_PENALTY = 150
# after these a bare word is a verb ("will travel", "to meet", "could hinder"); after be/have only
# participles are
# (what a subject pronoun announces: the verb right after it, "we value", "he endures")
AFTER_SUBJECT = "subject"
_BASE_FORM_AFTER = {"future", "hypothetical", "to", "nonfinite", "present", AFTER_SUBJECT}
# A clause ends at one of these characters, or at a space before a clause-break word and a space.
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"—–]")

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


@dataclass(init=False, slots=True)  # (its __init__ written out, which mypyc compiles: see model.py)
class Predicate:
    """A word that names a happening or state, with what its clause says about its time."""

    start: int
    end: int
    text: str
    noun: bool
    tense: PredicateTense | None
    clause: int  # index of the clause in its sentence
    main: bool
    expected: bool = False
    complement: bool = False  # a noun governed by "about", "of", ...
    clause_start: int = 0  # the characters of its clause
    clause_end: int = 0
    closing: bool = False  # a participle or infinitive closing its clause ("..., dass er gewählt wurde")

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        noun: bool,
        tense: PredicateTense | None,
        clause: int,
        main: bool,
        expected: bool = False,
        complement: bool = False,
        clause_start: int = 0,
        clause_end: int = 0,
        closing: bool = False,
    ) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.noun = noun
        self.tense = tense
        self.clause = clause
        self.main = main
        self.expected = expected
        self.complement = complement
        self.clause_start = clause_start
        self.clause_end = clause_end
        self.closing = closing


def predicates(
    grammar: Grammar, text: str, sentence: tuple[int, int], timexes: list[Timex]
) -> list[Predicate]:
    """The predicates of one sentence (`timexes`: those in it), found from word forms, auxiliaries and the
    event-noun list; each with the characters of its clause."""
    table = forms(grammar)
    known = table.forms
    final = table.words.verb_final  # (German: an auxiliary's verb closes its clause)
    sayings = grammar.events["saying_verbs"]
    out: list[Predicate] = []
    clause, main, end = 0, True, sentence[0]
    clause_start = sentence[0]
    unended: list[Predicate] = []  # predicates whose clause has not ended yet
    pending: str | None = None  # tense announced by an auxiliary, waiting for its verb
    pending_aux: Predicate | None = None
    # (German, `final`: a participle or infinitive whose auxiliary may follow it, "zurückgetreten war"; the
    # verb an auxiliary's wait gave last)
    loose: Predicate | None = None
    waited: Predicate | None = None
    expected = False
    upcoming = [(t.start, t.end) for t in reversed(timexes)]  # the timexes of this sentence, last first
    timex = upcoming.pop() if upcoming else _NO_TIMEX  # the one a word is in or before
    timex_end = -1  # where the last timex before the word ends
    prev2 = prev = w = table.none
    # (the words of the grammar's `word_form`, split out with the gaps between them)
    parts = table.words.word_split.split(text[sentence[0] : sentence[1]])  # gap, word, gap, ..., gap
    pairs = iter(parts)  # (the last gap, alone, ends the loop: it is read from `parts` after it)
    for gap, word in zip(pairs, pairs, strict=False):
        gap_start = end
        start = end + len(gap)
        end = start + len(word)
        prev2, prev, w = prev, w, known.get(word) or table.add(word)
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
            if pending is not None and not final:  # a word that is no predicate ends the wait for a verb
                pending, pending_aux = None, None
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
            timex_end = timex[1]
            timex = upcoming.pop() if upcoming else _NO_TIMEX
        if timex[0] <= start:
            continue
        if w.plain and (pending is None or not w.base):
            if not final:
                pending, pending_aux = None, None
            continue
        if w.expectation:
            expected = True
        if w.auxiliary:
            if final and (verb := _closing(loose, out, gap_start)) is not None:
                # the verb closing a subordinate clause, before its auxiliary: "zurückgetreten war"
                verb.tense = _combine(w.aux_tense or "", verb.tense)
                verb.closing = True
                if verb is loose:
                    out.append(loose)
                    unended.append(loose)
                    loose = None
                continue
            if w.aux_tense is not None:
                pending = w.aux_tense
            elif pending is None and prev.to:
                pending = "nonfinite"
            if w.main_tense is not None:  # a main verb unless a verb follows ("has 17 residents")
                pending_aux = Predicate(
                    start,
                    end,
                    word,
                    False,
                    cast(PredicateTense, w.main_tense),
                    clause,
                    main,
                    clause_start=word_clause_start,
                )
                out.append(pending_aux)
                unended.append(pending_aux)
            continue
        if w.subject:
            # (not the object of the verb right before it, "made it clear"; a verb of saying is followed by
            # its statement's subject, "said it expects")
            if not (out and out[-1].end == gap_start and not out[-1].noun) or out[-1].text.lower() in sayings:
                pending, pending_aux = AFTER_SUBJECT, None
            continue
        if w.to and pending is None:
            if (
                (out and out[-1].end == gap_start)
                or prev.governor
                # (not after a date: "pledged on Wednesday to rebuild" is the pledge's plan)
                or (timex_end != gap_start and _infinitive_after(text, end, table.words))
            ):
                pending = "to"
            continue
        if w.skip:
            continue
        noun = False
        tense: PredicateTense | None = None
        # "were injured"; "222 dead and 843 injured"
        counted = w.casualty and casualty_count(text, start, end, table.words, timex[0])
        passive = (w.after_auxiliary and pending is not None) or counted
        if counted:
            tense = "past"
        elif (w.not_verb and not passive) or (w.capital and start != sentence[0]):
            noun = w.event_noun
            if final and waited is not None and waited.end == gap_start and w.capital:
                _remove(out, waited)  # an adjective before its noun ("die neuen Regeln"), not the verb
                waited = None
        elif w.past or (w.same_form_past and pending in (None, "past") and not prev.counting):  # (had burst)
            tense = "past"
        elif w.form_tense is not None:  # a tense its ending tells ("firmará")
            tense = cast(PredicateTense, w.form_tense)
        elif w.present and ((out and out[-1].end == gap_start and not out[-1].noun) or prev.counting):
            # "approved plans", "the vote": a noun, the verb's object or after a determiner
            if not w.event_noun:
                continue
            noun = True
        elif w.present:
            tense = "present"
        elif w.ed and not (prev.determiner and not prev.opener) and not prev.adjective_after:
            # (after a word that is a determiner and opens a clause, a relative pronoun: "the plane that
            # crashed")
            tense = "past"
        elif w.ing and not prev.determiner and not (w.event_noun and prev.plain and prev2.determiner):
            # (an event noun in -ing after a determiner and a word that names its kind is a noun: "a
            # crisis meeting", "the school shooting")
            tense = "nonfinite"
        elif pending in _BASE_FORM_AFTER and w.base and not prev.determiner:
            tense = "nonfinite"
        else:
            noun = w.event_noun
        if not noun and tense is None:
            # any other word between an auxiliary and a later verb ends the wait: "has about 12 million
            # shares outstanding" keeps "has" as its verb (unless the verb closes the clause: `final`)
            if not final:
                pending, pending_aux = None, None
            elif (w.after_auxiliary or w.base) and not w.capital:  # (its auxiliary may follow)
                loose = Predicate(
                    start,
                    end,
                    word,
                    False,
                    "past" if w.after_auxiliary else "nonfinite",
                    clause,
                    main,
                    expected,
                    clause_start=word_clause_start,
                )
            continue
        if not noun and pending is not None:
            tense = _combine(pending, tense)
            if pending_aux is not None:
                _remove(out, pending_aux)  # the auxiliary is not the event, its verb is
            # (where the verb closes the clause, the wait goes on: a coordinated verb may follow)
            pending, pending_aux = (pending, None) if final else (None, None)
        complement = noun and (prev.complement or (prev.determiner and prev2.complement))
        if noun and gap == " " and out and out[-1].noun and out[-1].end == gap_start:
            # "final negotiations", "ceasefire talks": the first noun modifies the second, which names the
            # happening (and inherits what governs the first: "about the ceasefire talks")
            complement = complement or out[-1].complement
            del out[-1]
        p = Predicate(start, end, word, noun, tense, clause, main, expected, complement, word_clause_start)
        out.append(p)
        unended.append(p)
        if final and not noun:
            waited = p
            p.closing = pending is not None
    last_gap = parts[-1]
    first_break = (_GAPS.get(last_gap) or _gap(last_gap))[1]
    _end_clauses(unended, end + first_break if first_break >= 0 else sentence[1])
    return out


_VERB_AND_OBJECT = re.compile(r"\s+([a-z]+)\s+([a-z]+)")


def _infinitive_after(text: str, end: int, words: Words) -> bool:
    """Whether "to" (ending at `end`) opens an infinitive with its object: a base form, then a determiner or a
    pronoun ("a force to protect the kingdom", "an option to buy an extra 10%"), not a place or a noun
    ("to Paris", "to investors")."""
    m = _VERB_AND_OBJECT.match(text, end)
    return m is not None and m.group(2) in words.infinitive_objects


def _closing(loose: Predicate | None, out: list[Predicate], gap_start: int) -> Predicate | None:
    """Where a verb closes its clause: the participle or infinitive (`loose`), or the verb, right before an
    auxiliary, which gives it its tense ("zurückgetreten war", "zurücktreten werde")."""
    if loose is not None and loose.end == gap_start:
        return loose
    if out and out[-1].end == gap_start and not out[-1].noun and out[-1].tense is not None:
        return out[-1]
    return None


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


def _combine(aux: str, verb: PredicateTense | None) -> PredicateTense | None:
    """The tense of an auxiliary and its verb: `will travel` is future, `had expired` past."""
    if aux == AFTER_SUBJECT:  # (the verb after its subject pronoun: its own tense, a bare one the present)
        return "present" if verb in (None, "nonfinite") else verb
    if aux in ("future", "hypothetical", "past"):
        return cast(PredicateTense, aux)
    if aux == "to":
        return "nonfinite"
    if aux == "present" and verb == "past":  # passive or perfect: "is published" reads as present
        return "present"
    return cast(PredicateTense, aux) if aux else verb


def attach(
    t: Timex, preds: list[Predicate], sentence_start: int, verb_final: bool = False
) -> Predicate | None:
    """The predicate a date expression belongs to: the nearest in its clause, verbs before nouns
    (`verb_final`: the clause's verb may come after its date, "..., nachdem er 2009 zurückgetreten war")."""
    best, best_score = None, None
    t_clause = None
    for p in preds:
        if p.end <= t.start:
            distance = t.start - p.end
        else:
            distance = p.start - t.end + (0 if t.start - sentence_start < 4 else 8)
        score = distance + (NOUN_PENALTY if p.noun else 0) + (COMPLEMENT_PENALTY if p.complement else 0)
        if t_clause is None:
            t_clause = _clause_of(t, preds, verb_final)
        if p.clause != t_clause:
            score += 40 * abs(p.clause - t_clause)
        if best_score is None or score < best_score:
            best, best_score = p, score
    return best


def _clause_of(t: Timex, preds: list[Predicate], verb_final: bool = False) -> int:
    """Clause index of the expression: that of the predicates around it (where a verb closes its clause,
    first that of a predicate whose clause holds it)."""
    if verb_final:
        for p in preds:
            if p.clause_start <= t.start < p.clause_end:
                return p.clause
    before = [p for p in preds if p.end <= t.start]
    return before[-1].clause if before else (preds[0].clause if preds else 0)
