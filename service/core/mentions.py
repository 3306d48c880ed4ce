"""Merge the mentions of one happening told twice into one event."""

from __future__ import annotations

import functools
import re

from service.core.model import Event

WORD_RUN = re.compile(r"\w+")  # (as \b sees words)
# How many earlier events of the same date a new one is compared with when merging mentions.
MERGE_WINDOW = 20


@functools.cache
def _whole_word(noun: str) -> re.Pattern[str]:
    """The pattern \\bnoun\\b of an event noun that is not all word characters ("cease-fire"), compiled
    once (the nouns are the grammar's)."""
    return re.compile(rf"\b{re.escape(noun)}\b")


def merge(
    events: list[Event], text: str, nouns: frozenset[str], titled: frozenset[int] | set[int] = frozenset()
) -> list[Event]:
    """One event for one happening told twice: the same date from the text, and the same happening named
    (an event noun of one in the other's sentence: the talks "on Thursday" and the talks "in Paris on
    Thursday"), or the same verb with the same people (two people who "said" are two events). An event
    of the article's title (`titled`: their ids) told again in the body takes the body's trigger: the body
    tells the happening, the title sums it up."""
    out: list[Event] = []
    by_value: dict[str, list[Event]] = {}
    # The words of each sentence compared, in lower case, by its start: a noun of word characters only is
    # one of them exactly when the pattern \bnoun\b finds it in the lower-cased sentence.
    words_of: dict[int, set[str]] = {}
    for e in events:
        twin = None
        if e.date.source == "text" and not e.date.vague:
            word = e.trigger.text.lower()
            same_date = by_value.setdefault(e.date.value, [])
            noun = word in nouns
            plain_noun = noun and WORD_RUN.fullmatch(word) is not None
            for o in same_date[-MERGE_WINDOW:]:
                start = o.sentence.start
                if start == e.sentence.start:
                    continue
                if plain_noun:
                    words = words_of.get(start)
                    if words is None:
                        words = words_of[start] = set(WORD_RUN.findall(o.sentence.text.lower()))
                    if word in words:
                        twin = o
                        break
                elif noun and _whole_word(word).search(o.sentence.text.lower()):
                    twin = o
                    break
                if word == o.trigger.text.lower() and set(e.participants) & set(o.participants):
                    twin = o
                    break
        if twin is None:
            out.append(e)
            if e.date.source == "text" and not e.date.vague:
                by_value[e.date.value].append(e)
        elif id(twin) in titled and id(e) not in titled:
            e.mentions = twin.mentions + e.mentions
            e.salience = max(twin.salience, e.salience)
            out[out.index(twin)] = e
            same = by_value[e.date.value]
            same[same.index(twin)] = e
        else:
            twin.mentions.append(e.trigger)
            twin.salience = max(twin.salience, e.salience)
    return out
