"""calendar: the interval and granularity of a TIMEX3 value, Easter, nth weekdays, seasons, weeks, bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from service.core import calendar
from service.core.model import Interval


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [
        pytest.param("2025-04-17", "2025-04-17", "2025-04-17", "day", id="day"),
        pytest.param("2025-04-17T09:30", "2025-04-17", "2025-04-17", "minute", id="clock time"),
        pytest.param("2025-04-17T09", "2025-04-17", "2025-04-17", "hour", id="hour"),
        pytest.param("2025-04-17TMO", "2025-04-17", "2025-04-17", "part_of_day", id="part of a day"),
        pytest.param("2025-04", "2025-04-01", "2025-04-30", "month", id="month"),
        pytest.param("2024-02", "2024-02-01", "2024-02-29", "month", id="February of a leap year"),
        pytest.param("2025-02", "2025-02-01", "2025-02-28", "month", id="February of a common year"),
        pytest.param("2025-W17", "2025-04-21", "2025-04-27", "week", id="ISO week"),
        pytest.param(
            "2025-W01", "2024-12-30", "2025-01-05", "week", id="ISO week 1 starting the year before"
        ),
        pytest.param("2025-W17-WE", "2025-04-26", "2025-04-27", "weekend", id="weekend"),
        pytest.param("2025-Q2", "2025-04-01", "2025-06-30", "quarter", id="quarter"),
        pytest.param("2025-H2", "2025-07-01", "2025-12-31", "half", id="half"),
        pytest.param("2025-SU", "2025-06-01", "2025-08-31", "season", id="summer"),
        pytest.param("2024-WI", "2024-12-01", "2025-02-28", "season", id="winter runs into the next year"),
        pytest.param("2025", "2025-01-01", "2025-12-31", "year", id="year"),
        pytest.param("199", "1990-01-01", "1999-12-31", "decade", id="decade"),
        pytest.param("19", "1900-01-01", "1999-12-31", "century", id="century"),
        pytest.param("000", "0001-01-01", "0009-12-31", "decade", id="first decade starts in year 1"),
    ],
)
def test_interval_and_granularity(value: str, start: str, end: str, granularity: str) -> None:
    assert calendar.interval_and_granularity(value) == (Interval(start, end), granularity)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("PAST_REF", (None, "vague"), id="vague reference"),
        pytest.param("P3D", (None, None), id="duration"),
        pytest.param("XXXX-06", (None, None), id="set"),
        pytest.param("2025-02-30", (None, None), id="a day that does not exist"),
        pytest.param("2025-W54", (None, None), id="a week that does not exist"),
    ],
)
def test_values_without_an_interval(value: str, expected: tuple[None, str | None]) -> None:
    assert calendar.interval_and_granularity(value) == expected


def test_a_single_day_interval_has_equal_ends() -> None:
    interval, _ = calendar.interval_and_granularity("2025-04-17")
    assert interval is not None and interval.start == interval.end


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        pytest.param(2024, dt.date(2024, 3, 31), id="2024 in March"),
        pytest.param(2025, dt.date(2025, 4, 20), id="2025 in April"),
        pytest.param(2038, dt.date(2038, 4, 25), id="latest possible date"),
        pytest.param(2285, dt.date(2285, 3, 22), id="earliest possible date"),
    ],
)
def test_easter(year: int, sunday: dt.date) -> None:
    assert calendar.easter(year) == sunday
    assert sunday.isoweekday() == 7


@pytest.mark.parametrize(
    ("year", "month", "weekday", "nth", "day"),
    [
        pytest.param(2025, 11, 4, 4, dt.date(2025, 11, 27), id="fourth Thursday of November"),
        pytest.param(2025, 5, 1, -1, dt.date(2025, 5, 26), id="last Monday of May"),
        pytest.param(2025, 9, 1, 1, dt.date(2025, 9, 1), id="first Monday on the first"),
        pytest.param(2024, 2, 4, -1, dt.date(2024, 2, 29), id="last Thursday on a leap day"),
    ],
)
def test_nth_weekday(year: int, month: int, weekday: int, nth: int, day: dt.date) -> None:
    assert calendar.nth_weekday(year, month, weekday, nth) == day


@pytest.mark.parametrize(
    ("spec", "day"),
    [
        pytest.param({"month": 12, "day": 25}, dt.date(2025, 12, 25), id="fixed day"),
        pytest.param({"month": 11, "weekday": 4, "nth": 4}, dt.date(2025, 11, 27), id="nth weekday"),
        pytest.param({"easter": -2}, dt.date(2025, 4, 18), id="days from Easter"),
    ],
)
def test_holiday(spec: dict[str, int | str], day: dt.date) -> None:
    assert calendar.holiday(spec, 2025) == day


@pytest.mark.parametrize(
    ("day", "season"),
    [
        pytest.param(dt.date(2025, 1, 15), (2024, "WI"), id="January is the winter begun the year before"),
        pytest.param(dt.date(2025, 3, 1), (2025, "SP"), id="March opens spring"),
        pytest.param(dt.date(2025, 8, 31), (2025, "SU"), id="August closes summer"),
        pytest.param(dt.date(2025, 11, 30), (2025, "FA"), id="November closes autumn"),
        pytest.param(dt.date(2025, 12, 1), (2025, "WI"), id="December opens winter"),
    ],
)
def test_season_of(day: dt.date, season: tuple[int, str]) -> None:
    assert calendar.season_of(day) == season


@pytest.mark.parametrize(
    ("day", "value"),
    [
        pytest.param(dt.date(2025, 4, 17), "2025-W16", id="mid-year"),
        pytest.param(dt.date(2024, 12, 30), "2025-W01", id="a December day of next year's week 1"),
        pytest.param(dt.date(2021, 1, 3), "2020-W53", id="a January day of last year's week 53"),
    ],
)
def test_week_value(day: dt.date, value: str) -> None:
    assert calendar.week_value(day) == value


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        pytest.param(2025, 4, 31, None, id="31 April"),
        pytest.param(2025, 2, 29, None, id="29 February of a common year"),
        pytest.param(2024, 2, 29, dt.date(2024, 2, 29), id="29 February of a leap year"),
    ],
)
def test_safe_date(year: int, month: int, day: int, expected: dt.date | None) -> None:
    assert calendar.safe_date(year, month, day) == expected


@pytest.mark.parametrize(
    ("day", "n", "past"),
    [
        pytest.param(dt.date(1, 1, 1), -1, True, id="before year 1"),
        pytest.param(dt.date(9999, 12, 31), 1, False, id="after year 9999"),
    ],
)
def test_add_days_past_the_calendar_says_which_side(day: dt.date, n: int, past: bool) -> None:
    with pytest.raises(calendar.OutOfCalendarError) as caught:
        calendar.add_days(day, n)
    assert caught.value.past is past


@pytest.mark.parametrize(
    ("year", "month", "n", "expected"),
    [
        pytest.param(2025, 11, 3, (2026, 2), id="into the next year"),
        pytest.param(2025, 1, -1, (2024, 12), id="into the year before"),
        pytest.param(2025, 4, -16, (2023, 12), id="more than a year back"),
    ],
)
def test_add_months(year: int, month: int, n: int, expected: tuple[int, int]) -> None:
    assert calendar.add_months(year, month, n) == expected
