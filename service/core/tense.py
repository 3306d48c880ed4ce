"""Tell the tense of the clause around an expression from the nearest tense cue in its sentence."""

from __future__ import annotations

from typing import Literal

from service.core.grammar import Grammar

# "reported": a past reporting or deciding verb ("said", "agreed"), whose clause may still name a date ahead
Tense = Literal["past", "reported", "present", "future"]
Cue = tuple[int, int, Tense]  # start, end, tense

# A cue after the expression counts a little less than one before it, and a reporting verb that closes
# the sentence ("..., the ministry said.") much less: it dates the saying, not what was said.
_AFTER_PENALTY = 4
_REPORTED_AFTER_PENALTY = 40
_CLOSING_ATTRIBUTION = 30


def cues(grammar: Grammar, text: str, start: int, end: int) -> list[Cue]:
    """Tense cues found in text[start:end]: the longest listed phrase at each word (up to three words),
    or a regular past (English -ed) or future form; a past form after "be", "the", ... or a hyphen is a
    participle or adjective."""
    tokens: list[str] = grammar.tense_token.findall(text, start, end)
    words = " " + " ".join(tokens).lower().replace("’", "'")  # each word after a space
    places = _Places(text, start, tokens)
    tense_words, not_past, participle_after = grammar.tense_words, grammar.not_past, grammar.participle_after
    future = grammar.tense_cues.groupindex.get("future")  # the regular future forms, where there are any
    out: list[Cue] = []
    index = position = 0  # the word the last match began at, and the space before it
    for m in grammar.tense_cues.finditer(words):
        index += words.count(" ", position, m.start())
        position = m.start()
        phrase = m.group(1)
        tense = tense_words.get(phrase)
        if tense is None:  # a regular past form (English -ed), or a regular future form
            if phrase in not_past:
                continue
            tense = "future" if future and m.group(future) else "past"
        span = phrase.count(" ") + 1
        if (
            span == 1
            and tense in ("past", "reported")
            and index
            and words[words.rfind(" ", 0, position) + 1 : position] in participle_after
        ):
            continue
        first = places.start(index)
        if span == 1 and tense in ("past", "reported") and text[first - 1 : first] == "-":
            continue  # the end of a compound adjective ("a state-owned bank", "the Saudi-led coalition")
        last = index + span - 1
        out.append((first, places.start(last) + len(tokens[last]), tense))
    return out


class _Places:
    """Where the words of a sentence (`tokens`, found from `start` on) start in the text, worked out as far
    as asked (a cue's words, in text order): a word is the first place its letters occur after the word
    before it, since the text between two words holds no letter."""

    def __init__(self, text: str, start: int, tokens: list[str]) -> None:
        self._text, self._tokens = text, tokens
        self._starts: list[int] = []
        self._after = start  # where the last word placed ends

    def start(self, index: int) -> int:
        while len(self._starts) <= index:
            word = self._tokens[len(self._starts)]
            at = self._text.find(word, self._after)
            self._starts.append(at)
            self._after = at + len(word)
        return self._starts[index]


def nearest(cue_list: list[Cue], start: int, end: int, sentence_end: int) -> Tense | None:
    """Tense of the cue closest to the span [start, end) (cues inside it do not count)."""
    best: Tense | None = None
    best_distance: int | None = None
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
