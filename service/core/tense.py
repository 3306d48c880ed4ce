"""Tell the tense of the clause around an expression from the nearest tense cue in its sentence."""

from __future__ import annotations

import re

from service.core.grammar import Grammar, lookup_key

Cue = tuple[int, int, str]  # start, end, tense: past | reported | present | future

_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\W*$")
# A cue after the expression counts a little less than one before it, and a reporting verb that closes
# the sentence ("..., the ministry said.") much less: it dates the saying, not what was said.
_AFTER_PENALTY = 4
_REPORTED_AFTER_PENALTY = 40
_CLOSING_ATTRIBUTION = 30


def cues(grammar: Grammar, text: str, start: int, end: int) -> list[Cue]:
    """Tense cues found in text[start:end]."""
    out: list[Cue] = []
    words = grammar.tense_words
    for m in grammar.tense_cue.finditer(text, start, end):
        word = lookup_key(m.group())
        tense = words.get(word)
        if tense is None:
            if word in grammar.not_past or not word.endswith("ed"):
                continue
            tense = "past"
        if tense in ("past", "reported"):
            previous = _PREVIOUS_WORD.search(text, max(start, m.start() - 20), m.start())
            if previous and previous.group(1).lower() in grammar.participle_after:
                continue
        out.append((m.start(), m.end(), tense))
    return out


def nearest(cue_list: list[Cue], start: int, end: int, sentence_end: int) -> str | None:
    """Tense of the cue closest to the span [start, end) (cues inside it do not count)."""
    best, best_distance = None, None
    for c_start, c_end, tense in cue_list:
        if c_start >= start and c_end <= end:
            continue
        if c_end <= start:
            distance = start - c_end
        else:
            distance = c_start - end + _AFTER_PENALTY
            if tense == "reported" and sentence_end - c_end < _CLOSING_ATTRIBUTION:
                distance += _REPORTED_AFTER_PENALTY
        if best_distance is None or distance < best_distance:
            best, best_distance = tense, distance
    return best
