"""Place each event among those of its sentence on one date, from tense, reports and connectives."""

from __future__ import annotations

import re

from service.core.events import PERFECT_REACH, Reading
from service.core.model import Event
from service.core.predicates import Predicate


def step(
    text: str, e: Event, r: Reading, past_perfect: re.Pattern[str], lex: dict[str, frozenset[str]]
) -> int:
    """Where an event goes among those of its sentence on one date (`r`: how it reads; `past_perfect`: the
    grammar's pattern of what makes the verb after it a past perfect; `lex`: its event word lists): a past
    perfect or what comes after
    "after", "following", "since" first (0: "had warned", "after the vote"), then what a report tells (1:
    it began before the report) and a past describing a noun of the clause's object (1: "a petition filed by
    the union", see `_describes`), then the report and the rest in text order (2), then what is still to
    come and what comes after "before", "until" (3). A report the text does not date (dated by the
    publication alone) is 4: it comes after what the sentences around it tell on its date ("Sales fell.
    The company said so."), within its sentence as a 2; what a reporting sentence says will or would
    happen, undated, is 5: it comes after the report, among the 4s, within its sentence as a 3 ("The
    company said it will sell the unit": a plan in the infinitive or the present is no 5, "said it plans
    to sell", "said it is seeking buyers": on the MATRES pairs those mostly began before the report)."""
    if r.frame and e.date.source == "publication" and r.connective is None:
        return 4
    if r.connective is not None:
        return 0 if r.connective else 3
    if r.framed and not r.frame and r.tense in ("future", "hypothetical") and e.date.source == "publication":
        return 5  # (what a report says will or would happen: after the report, "said it will sell")
    if e.status in ("scheduled", "expected", "deadline", "hypothetical"):
        return 3
    at = e.trigger.start
    if r.tense == "past" and past_perfect.search(text, max(0, at - PERFECT_REACH), at):
        return 0
    if r.framed and not r.frame and r.tense in ("past", "present"):
        return 1
    if r.tense == "past" and r.previous is not None and r.predicate is not None:
        return 1 if _describes(text, r.previous, r.predicate, lex) else 2
    return 2


def _describes(text: str, verb: Predicate, p: Predicate, lex: dict[str, frozenset[str]]) -> bool:
    """Whether `p`, a verb in the past after `verb`, the last verb before it in its sentence, tells what a
    noun of `verb`'s clause had done or undergone, which came first:
    - in `verb`'s clause, a reduced relative clause ("adopted a measure designed to deter bids", "came in
      response to a petition filed by the union", "found the body wrapped in plastic"): at least one word
      between them, none a coordinator (`coordinators`: "approved the plan and published it"), and `verb`
      not in a relative clause, whose clause the next verb may close ("the company that owns the mine
      closed it");
    - in a relative clause after `verb`, itself in the past ("convicted a man who sold forged bonds",
      "arrested the driver who fled the scene"), not one of an event noun ("the blast that shook the
      port": a part of the blast).
    A casualty count ("left 40 dead", "which killed 12") is neither. Of the MATRES tuning pairs that relate
    such a verb to a predicate before it in its sentence, 256 of 301 say it began first, 28 after."""
    if p.text.lower() in lex["casualty_words"]:
        return False
    relatives = lex["relative_pronouns"]
    if verb.clause == p.clause:
        if text.count(" ", verb.end, p.start) < 2:
            return False
        if not lex["coordinators"].isdisjoint(text[verb.end : p.start].lower().split()):
            return False
        return _first_word(text, verb.clause_start, verb.start) not in relatives
    if verb.tense != "past" or _first_word(text, p.clause_start, p.start) not in relatives:
        return False
    before = text[max(0, p.clause_start - 30) : p.clause_start].lower().replace(",", " ").split()
    return not before or before[-1] not in lex["event_nouns"]


def _first_word(text: str, start: int, end: int) -> str:
    """The first word of `text[start:end]`, in lower case, without the punctuation before it."""
    part = text[start : min(end, start + 12)].lstrip(" ,;:(").split(" ", 1)
    return part[0].lower()
