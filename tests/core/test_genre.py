"""Document genres: how the core reads a text's genre off the text, and what a given genre changes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.core import GENRES, UnknownGenreError, extract
from service.core import genre as genre_mod
from service.core.grammar import load

ANCHOR = dt.date(2025, 4, 18)
HISTORY = (
    "The ferry line opened in 1884 and was extended in 1887. In June the first steamer sank; "
    "the company recovered by 1890 and was sold in 1899."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The council met on Tuesday and will vote next month.", "news", id="news-sentence"),
        pytest.param(HISTORY, "narrative", id="history-with-old-years"),
        pytest.param("brunch tmrw? #sunday", "colloquial", id="hashtag"),
        pytest.param("thanks @ana for the ride!", "colloquial", id="handle"),
        pytest.param("so tired today, going to bed early", "colloquial", id="all-lower-case"),
        pytest.param(
            "The plant closed in 1981, 1985, 1990 and 1994, the union said on Monday.",
            "news",
            id="old-years-but-a-deictic-day",
        ),
        pytest.param("Output rose in 2023, 2024 and 2025 and will rise in 2026.", "news", id="recent-years"),
        pytest.param("The No. #3 bank said on Monday it would cut rates.", "news", id="a-rank-is-no-hashtag"),
        pytest.param("THE GOVERNOR WILL VISIT ON TUESDAY.", "news", id="capitals-are-not-first-person"),
        pytest.param("Finally home after my first week at work", "colloquial", id="short-first-person"),
        pytest.param(
            "The minister said: " + "I will not resign, and my party backs me. " * 8,
            "news",
            id="long-first-person",
        ),
    ],
)
def test_the_genre_is_read_off_the_text(text: str, expected: str) -> None:
    assert extract(text, ANCHOR).genre == expected


def test_a_long_text_is_never_colloquial() -> None:
    text = "Officials said on Monday the bridge will reopen. #update " + "The work went on. " * 80
    assert extract(text, ANCHOR).genre == "news"


def test_a_given_genre_is_used_and_reported() -> None:
    as_news = extract(HISTORY, ANCHOR, genre="news")
    as_story = extract(HISTORY, ANCHOR, genre="narrative")
    june = {a.genre: next(t.value for t in a.timexes if t.text == "June") for a in (as_news, as_story)}
    assert june == {"news": "2024-06", "narrative": "1887-06"}


def test_a_given_colloquial_genre_reads_chat_spellings_a_news_reading_leaves() -> None:
    text = "The Team Meets Tmrw At The Hall."
    assert [t.text for t in extract(text, ANCHOR).timexes] == []
    assert [t.value for t in extract(text, ANCHOR, genre="colloquial").timexes] == ["2025-04-19"]


def test_a_post_writes_the_social_value_conventions_and_news_the_plain_ones() -> None:
    text = "Friday 8 PM in 2025 at the hall"
    values = {g: [t.value for t in extract(text, ANCHOR, genre=g).timexes] for g in ("news", "colloquial")}
    assert values == {
        "news": ["2025-04-18T20:00", "2025"],
        "colloquial": ["2025-04-18-WXX-5T20:00", "2025-XX-XX"],
    }


def test_an_unknown_genre_is_refused() -> None:
    with pytest.raises(UnknownGenreError):
        extract("Rain on Friday.", ANCHOR, genre="poem")  # type: ignore[arg-type]


@pytest.mark.parametrize("genre", GENRES)
def test_every_genre_tags_nothing_inside_tags_handles_and_links(genre: str) -> None:
    text = "Photos from #March2024 by @friday_club at http://example.com/2024/05/01 on Friday."
    found = extract(text, ANCHOR, genre=genre).timexes  # type: ignore[arg-type]
    assert [t.text for t in found] == ["Friday"]


@pytest.mark.parametrize(
    ("years", "deictic", "narrative"),
    [
        pytest.param([1901, 1905, 1910, 1914], 0, True, id="old-years"),
        pytest.param([1901, 1905, 1910], 0, False, id="too-few-years"),
        pytest.param([1901, 1905, 2024, 2025, 2025], 0, False, id="mostly-recent"),
        pytest.param([1901, 1905, 1910, 1914], 1, False, id="a-weekday-in-a-short-text"),
    ],
)
def test_narrative_needs_several_old_years_and_no_deictic_days(
    years: list[int], deictic: int, narrative: bool
) -> None:
    assert genre_mod.narrative(years, deictic, 2_000, ANCHOR) is narrative


@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz SatMay.,#@0123"), max_size=80))
def test_recasing_keeps_the_length_and_changes_only_first_letters(text: str) -> None:
    out = genre_mod.recased(load("en"), text)
    assert len(out) == len(text)
    assert out.lower() == text.lower()
