"""sentences: where an article's sentences begin and end, abbreviations and initials included."""

from __future__ import annotations

import pytest

from service.core import sentences
from service.core.grammar import load

ABBREVIATIONS = load("en").abbreviations


def _split(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences.split(text, ABBREVIATIONS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The council met. It voted.", ["The council met.", "It voted."], id="two sentences"),
        pytest.param(
            "Did it pass? Yes! It did.", ["Did it pass?", "Yes!", "It did."], id="question and exclamation"
        ),
        pytest.param(
            'He said "it is done." Then he left.',
            ['He said "it is done."', "Then he left."],
            id="closing quote",
        ),
        pytest.param(
            "The vote (a close one.) Then the recess.",
            ["The vote (a close one.)", "Then the recess."],
            id="closing bracket",
        ),
        pytest.param("Prices rose 2.5 percent.", ["Prices rose 2.5 percent."], id="a decimal point"),
        pytest.param(
            "It rose 3. 4 more fell.", ["It rose 3.", "4 more fell."], id="a digit may open a sentence"
        ),
        pytest.param(
            "Headline\nThe story begins.", ["Headline", "The story begins."], id="a line break ends one"
        ),
        pytest.param("  Padded.  \n\n  Text.  ", ["Padded.", "Text."], id="white space trimmed"),
        pytest.param("", [], id="empty text"),
        pytest.param("No full stop at the end", ["No full stop at the end"], id="no final mark"),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Mr. Hale met Dr. Osei on Tuesday.", id="titles"),
        pytest.param("The firm, Harwick Co. Ltd. of Leeds, grew.", id="company forms"),
        pytest.param("The vote is on Sept. 12 this year.", id="month abbreviation"),
        pytest.param("The fair opens Wed. afternoon.", id="weekday abbreviation"),
        pytest.param("J. R. Hale wrote it.", id="initials"),
        pytest.param("Officials in the U.S. Senate agreed.", id="letters with periods"),
        pytest.param("At 9 a.m. Monday the doors opened.", id="a.m."),
        pytest.param("She moved to Springfield, Ill. Later that year.", id="state abbreviation"),
    ],
)
def test_a_period_after_an_abbreviation_does_not_end_a_sentence(text: str) -> None:
    assert _split(text) == [text]


def test_a_period_after_an_unlisted_word_ends_the_sentence() -> None:
    assert _split("The plan was new. Mr. Hale agreed.") == ["The plan was new.", "Mr. Hale agreed."]


def test_abbreviations_come_from_the_grammar_data() -> None:
    own = sentences.Abbreviations.of(["Blk"])
    text = "They met at Blk. Nine and left."
    assert sentences.split(text, own) == [(0, len(text))]
    assert len(sentences.split(text, ABBREVIATIONS)) == 2


def test_overlong_sentences_are_cut_at_a_space() -> None:
    text = "word " * 600  # 3,000 characters without a full stop
    spans = sentences.split(text, ABBREVIATIONS)
    assert len(spans) > 1
    assert all(end - start <= sentences.MAX_SENTENCE for start, end in spans)
    assert " ".join(text[s:e] for s, e in spans) == text.strip()


def test_spans_are_ordered_and_cover_the_text() -> None:
    text = "One. Two?  Three!\nFour"
    spans = sentences.split(text, ABBREVIATIONS)
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    assert [text[s:e] for s, e in spans] == ["One.", "Two?", "Three!", "Four"]
    assert not text[spans[-1][1] :].strip() and not text[: spans[0][0]].strip()
