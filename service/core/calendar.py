"""Calendar arithmetic for TIMEX3 values: weeks, quarters, seasons, holidays, the days a value covers."""

from __future__ import annotations

import datetime as dt
import re

from service.core.model import Interval

MIN_YEAR, MAX_YEAR = 1, 9999

# Season of a month (northern meteorological seasons) and the months each season covers.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


class OutOfCalendarError(ValueError):
    """A date arithmetic result that leaves years 1-9999; `past` tells on which side."""

    def __init__(self, past: bool) -> None:
        super().__init__("before year 1" if past else "after year 9999")
        self.past = past


def check_year(year: int) -> int:
    """Return `year` if the proleptic Gregorian calendar of Python can hold it."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfCalendarError(year < MIN_YEAR)
    return year


def add_days(day: dt.date, n: int) -> dt.date:
    """`day` moved by `n` days, raising OutOfCalendarError past year 1 or 9999."""
    try:
        return day + dt.timedelta(days=n)
    except OverflowError as exc:
        raise OutOfCalendarError(n < 0) from exc


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) moved by `n` months."""
    total = year * 12 + (month - 1) + n
    return check_year(total // 12), total % 12 + 1


def last_day(year: int, month: int) -> int:
    """Number of days of a month."""
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (31 April, 29 February of a common year)."""
    try:
        return dt.date(check_year(year), month, day)
    except (ValueError, OutOfCalendarError):
        return None


def easter(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian computus."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The `nth` ISO weekday (1=Monday) of a month; nth -1 is the last one."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = dt.date(year, month, last_day(year, month))
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday(spec: dict[str, int | str], year: int) -> dt.date:
    """The date of a holiday described by a lexicon entry, in `year`."""
    check_year(year)
    if "easter" in spec:
        return easter(year) + dt.timedelta(days=int(spec["easter"]))
    if "nth" in spec:
        nth = spec["nth"]
        if nth == "first_after_monday":  # the Tuesday after the first Monday
            return nth_weekday(year, int(spec["month"]), 1, 1) + dt.timedelta(days=1)
        return nth_weekday(year, int(spec["month"]), int(spec["weekday"]), int(nth))
    return dt.date(year, int(spec["month"]), int(spec["day"]))


def iso_week(day: dt.date) -> tuple[int, int]:
    """(ISO year, ISO week) of a day."""
    y, w, _ = day.isocalendar()
    return y, w


def week_monday(year: int, week: int) -> dt.date:
    """Monday of an ISO week."""
    return dt.date.fromisocalendar(year, week, 1)


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def season_of(day: dt.date) -> tuple[int, str]:
    """(year, season code) of a day; January and February belong to the winter that began in December."""
    m = day.month
    if m == 12:
        return day.year, "WI"
    if m <= 2:
        return day.year - 1, "WI"
    return day.year, ("SP", "SU", "FA")[(m - 3) // 3]


def season_interval(year: int, season: str) -> tuple[dt.date, dt.date]:
    """First and last day of a season; winter YYYY runs from December YYYY to February YYYY+1."""
    if season == "WI":
        end_year = min(year + 1, MAX_YEAR)
        return dt.date(year, 12, 1), dt.date(end_year, 2, last_day(end_year, 2))
    first, last = SEASON_MONTHS[season]
    return dt.date(year, first, 1), dt.date(year, last, last_day(year, last))


def day_value(day: dt.date) -> str:
    return dt.date.isoformat(day)  # YYYY-MM-DD, of a datetime too


def week_value(day: dt.date) -> str:
    y, w = iso_week(day)
    return f"{y:04d}-W{w:02d}"


_VALUE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?P<time>.+))?)?"
    r"|W(?P<week>\d{2})(?P<we>-WE)?|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?$"
)
_DECADE = re.compile(r"\d{3}")
_CENTURY = re.compile(r"\d{2}")
_VAGUE = frozenset(("PRESENT_REF", "PAST_REF", "FUTURE_REF"))


def interval_and_granularity(value: str) -> tuple[Interval | None, str | None]:
    """The calendar days a TIMEX3 DATE/TIME value covers, and its granularity."""
    if value in _VAGUE:
        return None, "vague"
    try:
        if len(value) < 4:
            return _decade_or_century(value)
        m = _VALUE.match(value)
        if not m:
            return None, None
        year, month, day, time, week, weekend, quarter, half, season = m.groups()
        y = int(year)
        if day:
            d = dt.date(y, int(month), int(day))
            gran = "day"
            if time:
                gran = "part_of_day" if time[:2].isalpha() else ("minute" if ":" in time else "hour")
            return _iv(d, d), gran
        if month:
            mo = int(month)
            return _iv(dt.date(y, mo, 1), dt.date(y, mo, last_day(y, mo))), "month"
        if week:
            monday = week_monday(y, int(week))
            if weekend:
                return _iv(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)), "weekend"
            return _iv(monday, monday + dt.timedelta(days=6)), "week"
        if quarter:
            q = int(quarter)
            return _iv(dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, last_day(y, 3 * q))), "quarter"
        if half:
            h = int(half)
            return _iv(dt.date(y, 6 * h - 5, 1), dt.date(y, 6 * h, last_day(y, 6 * h))), "half"
        if season:
            return _iv(*season_interval(y, season)), "season"
        return _iv(dt.date(y, 1, 1), dt.date(y, 12, 31)), "year"
    except (ValueError, OverflowError):
        return None, None


def _decade_or_century(value: str) -> tuple[Interval | None, str | None]:
    """The years of a decade (199) or century (19) value."""
    if _DECADE.fullmatch(value):
        start = int(value) * 10
        return _iv(dt.date(max(start, 1), 1, 1), dt.date(start + 9, 12, 31)), "decade"
    if _CENTURY.fullmatch(value):
        start = int(value) * 100
        return _iv(dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31)), "century"
    return None, None


def _iv(start: dt.date, end: dt.date) -> Interval:
    first = start.isoformat()
    return Interval(start=first, end=first if end == start else end.isoformat())
