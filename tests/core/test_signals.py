"""signals: what a signal word makes of the expression after it (`range`), and how a range's ends pair."""

from __future__ import annotations

import datetime as dt

import pytest

from service.core import extract, signals
from service.core.calendar import interval_and_granularity
from service.core.grammar import load
from service.core.model import Interval, Timex

GRAMMAR = load("en")
PUBLISHED = dt.date(2025, 4, 18)  # a Friday


def _timex(text: str, written: str, value: str, signal: str | None) -> Timex:
    start = text.index(written)
    interval, granularity = interval_and_granularity(value)
    return Timex(start, start + len(written), written, "DATE", value, None, granularity, interval, signal)


@pytest.mark.parametrize(
    ("signal", "value", "expected"),
    [
        pytest.param("by", "2025-04-26", Interval(None, "2025-04-26"), id="by: ends on the day"),
        pytest.param("until", "2025-05", Interval(None, "2025-05-31"), id="until: ends with the month"),
        pytest.param("before", "2025-05", Interval(None, "2025-04-30"), id="before: ends the day before"),
        pytest.param("since", "2022", Interval("2022-01-01", None), id="since: starts on its first day"),
        pytest.param("after", "2025-W17", Interval("2025-04-28", None), id="after: starts the day after"),
        pytest.param("from", "2025-03", Interval("2025-03-01", None), id="from without a partner: open end"),
        pytest.param("on", "2025-04-26", None, id="a signal that makes no range"),
        pytest.param(None, "2025-04-26", None, id="no signal"),
    ],
)
def test_range_of_one_expression(signal: str | None, value: str, expected: Interval | None) -> None:
    text = f"The works run {signal or ''} then."
    timex = _timex(text, "then", value, signal)
    signals.apply(GRAMMAR, text, [timex])
    assert timex.range == expected


def test_a_range_end_past_the_calendar_stays_open() -> None:
    text = "It ran after then."
    timex = _timex(text, "then", "9999-12-31", "after")
    signals.apply(GRAMMAR, text, [timex])
    assert timex.range == Interval(None, None)


@pytest.mark.parametrize(
    ("text", "first", "second", "range_"),
    [
        pytest.param(
            "It runs from March to May.",
            ("March", "2025-03"),
            ("May", "2025-05"),
            Interval("2025-03-01", "2025-05-31"),
            id="from ... to",
        ),
        pytest.param(
            "It ran between 2007 and 2012.",
            ("2007", "2007"),
            ("2012", "2012"),
            Interval("2007-01-01", "2012-12-31"),
            id="between ... and",
        ),
        pytest.param(
            "It ran between 2020 and 2010.",
            ("2020", "2020"),
            ("2010", "2010"),
            Interval("2010-01-01", "2020-12-31"),
            id="written backwards: the span between",
        ),
        pytest.param(
            "It ran from 2010, to 2012.",
            ("2010", "2010"),
            ("2012", "2012"),
            Interval("2010-01-01", "2012-12-31"),
            id="a comma before the closing word",
        ),
    ],
)
def test_a_range_pairs_its_two_ends(
    text: str, first: tuple[str, str], second: tuple[str, str], range_: Interval
) -> None:
    signal = "between" if "between" in text else "from"
    a = _timex(text, first[0], first[1], signal)
    b = _timex(text, second[0], second[1], None)
    signals.apply(GRAMMAR, text, [a, b])
    assert a.range == b.range == range_
    closing = text[a.end : b.start].strip(" ,")
    assert b.signal == closing


def test_a_closing_word_the_opening_does_not_pair_with_leaves_the_range_open() -> None:
    text = "It ran between 2007 to 2012."  # "between" pairs with "and" only
    a = _timex(text, "2007", "2007", "between")
    b = _timex(text, "2012", "2012", None)
    signals.apply(GRAMMAR, text, [a, b])
    assert a.range == Interval("2007-01-01", None)
    assert b.signal is None and b.range is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        pytest.param(
            "Snow fell between November and February.", ["2024-11", "2025-02"], id="the winter just gone"
        ),
        pytest.param(
            "Snow fell between November 2024 and February.", ["2024-11", "2025-02"], id="year written"
        ),
    ],
)
def test_yearless_ends_are_put_in_order(text: str, values: list[str]) -> None:
    timexes = extract(text, PUBLISHED).timexes
    assert [t.value for t in timexes] == values
    assert timexes[0].range == timexes[1].range
    assert timexes[0].range is not None and timexes[0].range.start < timexes[0].range.end  # type: ignore[operator]


def test_the_closing_words_come_from_the_signals_data() -> None:
    closing = {w for spec in GRAMMAR.lexicon["signals"].values() for w in spec.get("pairs_with", [])}
    for word in closing:
        assert GRAMMAR.range_pair.fullmatch(f" {word} ")
    assert not GRAMMAR.range_pair.fullmatch(" or ")
