"""Tell the tense of the clause around an expression from the nearest tense cue in its sentence."""

from __future__ import annotations

import re

from service.core.grammar import Grammar

Cue = tuple[int, int, str]  # start, end, tense: past | reported | present | future

# A cue after the expression counts a little less than one before it, and a reporting verb that closes
# the sentence ("..., the ministry said.") much less: it dates the saying, not what was said.
_AFTER_PENALTY = 4
_REPORTED_AFTER_PENALTY = 40
_CLOSING_ATTRIBUTION = 30


_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|['’][A-Za-z]+")


def cues(grammar: Grammar, text: str, start: int, end: int) -> list[Cue]:
    """Tense cues found in text[start:end]: the longest listed phrase at each word (up to three words),
    or a regular past form in -ed; a past form after "be", "the", ... is a participle or adjective."""
    out: list[Cue] = []
    words = grammar.tense_words
    tokens = [
        (m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text, start, end)
    ]
    i, n = 0, len(tokens)
    while i < n:
        t_start, t_end, word = tokens[i]
        tense, span = None, 1
        for size in (3, 2):
            if i + size <= n:
                phrase = " ".join(tok[2] for tok in tokens[i : i + size])
                if phrase in words:
                    tense, span = words[phrase], size
                    break
        if tense is None:
            tense = words.get(word)
            if tense is None and word.endswith("ed") and len(word) > 3 and word not in grammar.not_past:
                tense = "past"
        if tense is None:
            i += 1
            continue
        if (
            tense in ("past", "reported")
            and span == 1
            and i > 0
            and tokens[i - 1][2] in grammar.participle_after
        ):
            i += 1
            continue
        out.append((t_start, tokens[i + span - 1][1], tense))
        i += span
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
