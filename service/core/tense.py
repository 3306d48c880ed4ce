"""Tell the tense of the clause around an expression from the nearest tense cue in its sentence."""

from __future__ import annotations

from service.core.grammar import Grammar, lookup_key

Cue = tuple[int, int, str]  # start, end, tense


def cues(grammar: Grammar, text: str, start: int, end: int) -> list[Cue]:
    """Tense cues (past, present, future) found in text[start:end]."""
    out: list[Cue] = []
    words = grammar.tense_words
    for m in grammar.tense_cue.finditer(text, start, end):
        word = lookup_key(m.group())
        tense = words.get(word)
        if tense is None:
            if word in grammar.not_past or not word.endswith("ed"):
                continue
            tense = "past"
        out.append((m.start(), m.end(), tense))
    return out


def nearest(cue_list: list[Cue], start: int, end: int) -> str | None:
    """Tense of the cue closest to the span [start, end) (cues inside it do not count)."""
    best, best_distance = None, None
    for c_start, c_end, tense in cue_list:
        if c_start >= start and c_end <= end:
            continue
        distance = start - c_end if c_end <= start else c_start - end
        # a cue after the expression counts a little less than one before it
        if c_start >= end:
            distance += 4
        if best_distance is None or distance < best_distance:
            best, best_distance = tense, distance
    return best
