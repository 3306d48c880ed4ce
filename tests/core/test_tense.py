"""tense: the tense cues of a sentence, and the tense of the cue nearest an expression."""

from __future__ import annotations

import pytest

from service.core import tense
from service.core.grammar import load

GRAMMAR = load("en")


def _cues(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], which) for start, end, which in tense.cues(GRAMMAR, text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The council will vote.", [("will", "future")], id="modal future"),
        pytest.param("The minister is to visit.", [("is to", "future")], id="'is to' before 'is'"),
        pytest.param("Talks are set to resume.", [("are", "present"), ("set to", "future")], id="set to"),
        pytest.param("The mayor said it.", [("said", "reported")], id="reporting verb"),
        pytest.param("The firm went bust.", [("went", "past")], id="irregular past"),
        pytest.param("Prices jumped.", [("jumped", "past")], id="regular -ed past"),
        pytest.param("The bridge has been shut.", [("has been", "past")], id="perfect"),
        pytest.param("Floods happened.", [("happened", "past")], id="-ed form of a regular verb"),
        pytest.param("Officials remain hopeful.", [], id="no cue"),
    ],
)
def test_cues(text: str, expected: list[tuple[str, str]]) -> None:
    assert _cues(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The united front held.", id="listed -ed word that is no verb"),
        pytest.param("A hundred people came.", id="-ed inside a number word"),
        pytest.param("The plan was approved.", id="participle after 'was'"),
        pytest.param("The newly elected mayor spoke.", id="adjective after 'newly'"),
    ],
)
def test_forms_in_ed_that_are_not_a_past_tense(text: str) -> None:
    ed_words = {word for word in text.rstrip(".").split() if word.endswith("ed")}
    found = {phrase for phrase, which in _cues(text) if which == "past"}
    assert not (ed_words & found)


def test_cues_are_found_within_the_bounds_only() -> None:
    text = "It will rain. The match was cancelled."
    start = text.index("The")
    assert [c[2] for c in tense.cues(GRAMMAR, text, start, len(text))] == ["past"]
    assert [c[2] for c in tense.cues(GRAMMAR, text, 0, start)] == ["future"]


def test_curly_apostrophe_reads_as_straight() -> None:
    assert _cues("They won’t vote.") == [("won’t", "future")]


@pytest.mark.parametrize(
    ("cues", "span", "sentence_end", "expected"),
    [
        pytest.param([(0, 4, "past"), (20, 24, "future")], (10, 15), 30, "past", id="the closer cue before"),
        pytest.param([(0, 4, "past"), (16, 20, "future")], (10, 15), 30, "future", id="the closer cue after"),
        pytest.param(
            [(0, 4, "past"), (17, 21, "future")], (10, 15), 30, "past", id="a cue after weighs less"
        ),
        pytest.param([(8, 10, "past"), (17, 19, "future")], (11, 15), 40, "past", id="a tie goes before"),
        pytest.param(
            [(0, 4, "past"), (16, 20, "reported")],
            (10, 15),
            22,
            "past",
            id="a closing attribution weighs less",
        ),
        pytest.param(
            [(0, 4, "past"), (16, 20, "reported")],
            (10, 15),
            80,
            "reported",
            id="a reporting verb mid-sentence",
        ),
        pytest.param([(11, 13, "future")], (10, 15), 30, None, id="a cue inside the span does not count"),
        pytest.param([], (10, 15), 30, None, id="no cue"),
    ],
)
def test_nearest(
    cues: list[tense.Cue], span: tuple[int, int], sentence_end: int, expected: str | None
) -> None:
    assert tense.nearest(cues, *span, sentence_end) == expected
