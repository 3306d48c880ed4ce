"""Split an article into sentences, as (start, end) index pairs into the text."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (with closing quotes or brackets) before white space and anything but a
# lower-case letter (a capital, a digit, an opening quote, an emoji), unless the word before the period
# is a known abbreviation or an initial; a line break always ends one.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?=\s+[\"'“‘(\[]*(?![a-z])[^\s\"'“‘(\[])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|St|Jr|Sr|Inc|Corp|Co|Ltd|"
    r"No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun|"
    r"Ave|Blvd|Mt|Ft|Rev|Hon|Pres|approx|est|Calif|Fla|Mass|Penn|Wash|Ariz|Colo|Conn|Ill|Mich|Minn|"
    r"Tenn|Tex|Va|Wis|Ore|Okla|Neb|Nev|Del|Md|Ky|La|Ala|Ark|Ga|Ind|Kan|Miss|Mo|Mont)|"
    r"\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|[ap]\.m)\.$"
)


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, covering it without gaps (leading/trailing white space trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end() if m.group().strip() else m.start()
        if m.group().startswith("\n") or not _ABBREVIATION.search(
            text, max(0, m.start() - 12), _period_end(text, m)
        ):
            _add(text, spans, start, end)
            start = m.end()
    _add(text, spans, start, len(text))
    return spans


def _period_end(text: str, m: re.Match[str]) -> int:
    """Index just after the sentence-final punctuation (before any closing quotes)."""
    i = m.start()
    while i > 0 and text[i - 1] in "\"'”’)]":
        i -= 1
    return i


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
