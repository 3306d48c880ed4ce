"""Find the events the dated expressions belong to: the predicate of the clause each one dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from service.core.grammar import Grammar, lookup_key
from service.core.model import Event, EventDate, Span, Timex
from service.core.tense import Cue

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SKIP_AFTER_AUX = {"be", "not", "also", "still", "then", "soon", "now", "have", "been", "likely", "probably"}
_DEADLINE_SIGNALS = {"by", "no later than", "not later than"}
_SIGNAL_MODS = {
    "by": "ON_OR_BEFORE",
    "no later than": "ON_OR_BEFORE",
    "not later than": "ON_OR_BEFORE",
    "before": "BEFORE",
    "prior to": "BEFORE",
    "ahead of": "BEFORE",
    "after": "AFTER",
    "since": "ON_OR_AFTER",
    "until": "ON_OR_BEFORE",
    "till": "ON_OR_BEFORE",
}
_HYPOTHETICAL = re.compile(r"(?i)\b(?:if|unless|could|might|may|would)\b")
HEADLINE_WORDS = 20


def _trigger(grammar: Grammar, text: str, cue: Cue, limit: int) -> Span:
    start, end, kind = cue
    word = lookup_key(text[start:end])
    if kind == "past" or grammar.tense_words.get(word) is None:
        return Span(start, end, text[start:end])
    for m in _WORD.finditer(text, end, limit):  # an auxiliary: the verb after it
        if m.group().lower() in _SKIP_AFTER_AUX or m.group().lower().endswith("ly"):
            continue
        return Span(m.start(), m.end(), m.group())
    return Span(start, end, text[start:end])


def _headline(text: str, sentence: tuple[int, int]) -> str:
    words = text[sentence[0] : sentence[1]].replace("“", "").replace("”", "").replace('"', "").split()
    if len(words) <= HEADLINE_WORDS:
        return " ".join(words)
    return " ".join(words[:HEADLINE_WORDS]).rstrip(",;:") + " …"


def find(
    grammar: Grammar,
    text: str,
    timexes: list[Timex],
    anchor: dt.date,
    sentence_of: Callable[[int], tuple[int, int]],
    cues_of: Callable[[tuple[int, int]], list[Cue]],
) -> list[Event]:
    """One event per dated predicate: each DATE/TIME expression dates the nearest verb of its sentence."""
    by_trigger: dict[int, Event] = {}
    for t in timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        sentence = sentence_of(t.start)
        cues = [c for c in cues_of(sentence) if not any(x.start <= c[0] < x.end for x in timexes)]
        if not cues:
            continue
        cue = min(cues, key=lambda c: t.start - c[1] if c[1] <= t.start else c[0] - t.end + 4)
        trigger = _trigger(grammar, text, cue, sentence[1])
        status = {"past": "happened", "reported": "happened", "future": "scheduled", "present": "ongoing"}[
            cue[2]
        ]
        if t.signal in _DEADLINE_SIGNALS and status != "happened":
            status = "deadline"
        elif status == "scheduled" and _HYPOTHETICAL.search(text, sentence[0], t.start):
            status = "hypothetical"
        date = EventDate(
            value=t.value,
            mod=_SIGNAL_MODS.get(t.signal or "") or t.mod,
            granularity=t.granularity,
            interval=t.interval,
            text=t.text,
            source="text",
            timex=t.tid,
            vague=t.value.endswith("_REF"),
        )
        mention = Span(trigger.start, trigger.end, trigger.text)
        existing = by_trigger.get(trigger.start)
        if existing is not None:
            continue
        by_trigger[trigger.start] = Event(
            trigger=trigger,
            date=date,
            sentence=Span(sentence[0], sentence[1], text[sentence[0] : sentence[1]]),
            status=status,
            headline=_headline(text, sentence),
            salience=round(max(0.1, 1.0 - sentence[0] / max(len(text), 1)), 2),
            mentions=[mention],
        )
    return list(by_trigger.values())
