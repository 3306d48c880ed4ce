"""Split an article into sentences, as (start, end) index pairs into the text."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (with closing quotes or brackets) before white space and anything but a
# lower-case letter (a capital, a digit, an opening quote, an emoji), unless the word before the period
# is a known abbreviation or an initial; a line break always ends one. The pattern starts with the
# character that ends the sentence, so that the engine skips quickly to the next one.
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=\n)\n*|[\"'”’)\]]*(?=\s+[\"'“‘(\[]*(?![a-z])[^\s\"'“‘(\[]))")
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Sgt Capt Cmdr Adm Maj St Jr Sr Inc Corp Co Ltd "
    "No vs etc Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun "
    "Ave Blvd Mt Ft Rev Hon Pres approx est Calif Fla Mass Penn Wash Ariz Colo Conn Ill Mich Minn "
    "Tenn Tex Va Wis Ore Okla Neb Nev Del Md Ky La Ala Ark Ga Ind Kan Miss Mo Mont".split()
)
# A listed abbreviation, an initial, letters with periods (U.S., a.m.), then the period.
_ABBREVIATION = re.compile(
    rf"(?:\b(?:{'|'.join(sorted(_ABBREVIATIONS))})|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|[ap]\.m)\.$"
)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ENDINGS = frozenset(a[-3:] for a in _ABBREVIATIONS)  # a word ending otherwise is not listed
_WORD = re.compile(r"\w+\Z")
_LONGEST = max(map(len, _ABBREVIATIONS))


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, covering it without gaps (leading/trailing white space trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        at, after = m.span()
        mark = text[at]
        if mark == "\n":
            end = at
        elif mark == "." and _abbreviation(text, at):
            continue
        else:
            end = after  # after any closing quotes
        _add(text, spans, start, end)
        start = after
    _add(text, spans, start, len(text))
    return spans


def _abbreviation(text: str, period: int) -> bool:
    """Whether the period at index `period` closes an abbreviation or an initial."""
    if period == 0 or text[period - 1] not in _LETTERS:  # every listed form ends in a letter
        return False
    if period == 1 or text[period - 2] not in _LETTERS:  # an initial, U.S., a.m.
        return _ABBREVIATION.search(text, max(0, period - 11), period + 1) is not None
    # Two letters before the period: only a listed word fits, so the word must end as one does (in its
    # last three letters, or in its only two).
    longer = period >= 3 and text[period - 3] in _LETTERS
    if text[period - (3 if longer else 2) : period] not in _ENDINGS:
        return False
    word = _WORD.search(text, max(0, period - _LONGEST - 1), period)
    return word is not None and word.group() in _ABBREVIATIONS


# Longer "sentences" (a list, a table, a page without full stops) are cut at a space, so that the work
# done per sentence stays bounded and the whole stays linear in the length of the text.
MAX_SENTENCE = 1000


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add(text, spans, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
