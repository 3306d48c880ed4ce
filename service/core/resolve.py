"""Resolve calendar fields to TIMEX3 values against an anchor day, the clause's tense or a reference.

Resolution strategy (the one place it lives; normalize.py chooses the anchor and the reference):
  * Absolute values (a year is written) are taken as written.
  * Deictic values (today, last week, three years ago, next month) count from the publication date.
  * Anaphoric values (the next day, two days later, that week) count from the last calendar date the
    text mentioned before them, or from the publication date when there is none.
  * Values missing their year or week (a bare weekday, month, month-day, quarter, season, holiday) are
    placed by the tense of their clause: past -> the latest one on or before the publication date,
    future -> the first one on or after it, present or unknown -> the nearest one. (In a narrative,
    normalize.py gives them the year of the story's reference instead.)
  * A value that would leave the years 1-9999 becomes PAST_REF or FUTURE_REF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from service.core import calendar as cal
from service.core.grammar import Grammar
from service.core.reading import Unresolvable

Tense = str | None  # "past" | "present" | "future" | None

# A quarter or half is still talked about in the future tense for weeks after it ends (results to come).
REPORTING_LAG = dt.timedelta(days=45)

# Offsets counted in decades or centuries ("two decades ago") land on a year.
COUNTED_IN_YEARS = {"decade": 10, "century": 100, "millennium": 1000}

# A past-tense clause in news often names a date just ahead (a reported plan: "agreed to meet on May 3"),
# and a future one a date just gone: within these margins the date stays next to the publication date.
# Measured on the development corpus: 60 days ahead for any past clause, two months ahead for a month
# named near a reporting verb ("said", "agreed"), one week back for a future clause.
PAST_SLACK = dt.timedelta(days=60)
FUTURE_SLACK = dt.timedelta(days=7)
PAST_MONTHS = 2
FUTURE_MONTHS = 0


@dataclass(init=False, slots=True)  # (its __init__ written out, which mypyc compiles: see model.py)
class Reference:
    """A calendar date mentioned in the text and the granularity it was mentioned at; `bc` is its year
    when that year is before the common era (`day` then stands in for it in the year STAND_IN_YEAR)."""

    day: dt.date
    granularity: str
    bc: int = 0

    def __init__(self, day: dt.date, granularity: str, bc: int = 0) -> None:
        self.day = day
        self.granularity = granularity
        self.bc = bc


# The calendar has no years before 1: a date of a year BC is worked out in this (leap) year, then
# written with its own year (BC0480-08).
STAND_IN_YEAR = 2000


def bc_date(f: dict[str, Any], bc: int, tense: Callable[[], Tense]) -> tuple[str, dt.date, str]:
    """A date of the year `bc` before the common era: the value TIMEX2 writes (BC0490, BC0480-08,
    BC0481-FA) and a stand-in day for what counts from it."""
    rest = {k: v for k, v in f.items() if k not in ("bc_year", "year")}
    if not any(k in rest for k in ("month", "season", "quarter", "half", "holiday")):
        return f"BC{bc:04d}", dt.date(STAND_IN_YEAR, 1, 1), "year"
    value, day, gran = resolve_date({**rest, "year": STAND_IN_YEAR}, dt.date(STAND_IN_YEAR, 1, 1), tense)
    return f"BC{bc:04d}" + value[4:], day or dt.date(STAND_IN_YEAR, 1, 1), gran


def bc_shift(f: dict[str, Any], bc: int) -> str | None:
    """A year counted from a year BC ("the following year", "a decade earlier"): BC years run down, so a
    later year is a smaller number. None for what is not counted in years."""
    by, unit = f.get("by", 0), f.get("unit")
    if by in ("X", "-X") or unit not in ("year", "decade", "century"):
        return None
    if unit != "year" and not f.get("count"):  # "the following decade": the decade or century as TIMEX2
        # writes it BC (the 480s BC are BC048, the 5th century BC BC04), counted down
        steps = int(round(by)) * (-1 if f.get("direction") == -1 else 1)
        code = bc // 10 if unit == "decade" else (bc - 1) // 100
        return f"BC{code - steps:0{3 if unit == 'decade' else 2}d}" if code - steps >= 0 else None
    years = int(round(by)) * (-1 if f.get("direction") == -1 else 1) * COUNTED_IN_YEARS.get(unit, 1)
    return f"BC{bc - years:04d}" if bc - years > 0 else None


class VagueOffset(Exception):
    """An offset by an unspecified amount ("a few years ago"): only its direction is known."""


def _month_value(year: int, month: int) -> str:
    return f"{cal.check_year(year):04d}-{month:02d}"


def _year_value(year: int) -> str:
    return f"{cal.check_year(year):04d}"


def _time_suffix(f: dict[str, Any]) -> str:
    if "clock" in f:  # noon, midnight: the clock_words table's time
        return "T" + f["clock"]
    if "hour" in f:
        hour = int(f["hour"])
        if f.get("ampm") == "pm" and hour < 12:
            hour += 12
        elif f.get("ampm") == "am" and hour == 12:
            hour = 0
        return f"T{hour:02d}:{int(f.get('minute', 0)):02d}" + f.get("tz", "")
    if "part" in f:
        return "T" + f["part"]
    return ""


def _nearest_year(candidates: Callable[[int], dt.date | None], anchor: dt.date, tense: Tense) -> dt.date:
    """The occurrence (one per year) that the tense points at."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = candidates(year)
        except (ValueError, cal.OutOfCalendarError):
            d = None
        if d is not None:
            options.append(d)
    if not options:
        raise Unresolvable("no such date")
    if tense in ("past", "reported"):
        past = [d for d in options if d <= anchor + PAST_SLACK]
        return max(past) if past else min(options)
    if tense == "future":
        future = [d for d in options if d >= anchor - FUTURE_SLACK]
        return min(future) if future else max(options)
    same = [d for d in options if d.year == anchor.year]
    if same and abs((same[0] - anchor).days) <= 183:
        return same[0]
    return min(options, key=lambda d: abs((d - anchor).days))


def _period_by_tense(anchor: dt.date, tense: Tense, starts: Callable[[int], tuple[dt.date, dt.date]]) -> int:
    """Year of a yearly period (quarter, half, season) the tense points at; starts(y) -> (first, last)."""
    options = [(y, *starts(y)) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if tense in ("past", "reported"):
        return max(y for y, first, _ in options if first <= anchor)
    if tense == "future":
        return min(y for y, _, last in options if last >= anchor)
    return anchor.year


def _weekday_by_tense(anchor: dt.date, weekday: int, tense: Callable[[], Tense]) -> dt.date:
    """The day of that weekday that the tense points at (the publication day, when it is that weekday)."""
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if back == 0:
        return anchor
    told = tense()
    if told in ("past", "reported"):
        return cal.add_days(anchor, -back)
    if told == "future":
        return cal.add_days(anchor, ahead)
    return cal.add_days(anchor, -back if back <= ahead else ahead)


def resolve_date(
    f: dict[str, Any], anchor: dt.date, tense: Callable[[], Tense]
) -> tuple[str, dt.date | None, str]:
    """Value of calendar fields, the missing ones filled from the anchor by tense: (value, day, gran).
    The tense is told (a look at the clause) only when the fields leave it to decide."""
    year = f.get("year")
    if "bc_year" in f:  # TIMEX2's era prefix: 490 BC -> BC0490, April 480 BC -> BC0480-04
        return bc_date(f, int(f["bc_year"]), tense)
    if "bc_century" in f:  # the 5th century BC -> BC04
        return f"BC{int(f['bc_century']) - 1:02d}", None, "century"
    if "century_hundreds" in f:  # "the 1800s"; a century not over at publication is called by its
        # ordinal ("the 21st century"), and its hundreds name its first decade ("the 2000s" read in 2015)
        if int(f["century_hundreds"]) == anchor.year // 100:
            return f"{f['century_hundreds']}0", None, "decade"
        return str(f["century_hundreds"]), None, "century"
    if "century" in f:
        return f"{int(f['century']) - 1:02d}", None, "century"
    if "decade" in f:
        return str(f["decade"]), None, "decade"
    if "holiday" in f:
        spec = f["holiday"]
        day = (
            cal.holiday(spec, year)
            if year
            else _nearest_year(lambda y: cal.holiday(spec, y), anchor, tense())
        )
        return cal.day_value(day), day, "day"
    if "quarter" in f:
        q = int(f["quarter"])
        if year is None:
            year = _period_by_tense(
                anchor, tense(), lambda y: (dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, 28) + REPORTING_LAG)
            )
        return f"{_year_value(year)}-Q{q}", dt.date(year, 3 * q - 2, 1), "quarter"
    if "half" in f:
        h = int(f["half"])
        h = 2 if h == -1 else h
        if year is None:
            year = _period_by_tense(
                anchor, tense(), lambda y: (dt.date(y, 6 * h - 5, 1), dt.date(y, 6 * h, 30) + REPORTING_LAG)
            )
        return f"{_year_value(year)}-H{h}", dt.date(year, 6 * h - 5, 1), "half"
    if "season" in f:
        s = f["season"]
        if year is None:
            year = _period_by_tense(anchor, tense(), lambda y: cal.season_interval(y, s))
        return f"{_year_value(year)}-{s}", cal.season_interval(year, s)[0], "season"
    if "weekend" in f:
        if tense() in ("past", "reported") and anchor.isoweekday() < 6:
            day = cal.add_days(anchor, -7)
        else:
            day = anchor
        return cal.week_value(day) + "-WE", day, "weekend"
    if "day" in f and "month" not in f:  # "el día 13": a day of the publication month, or of the one
        day = _day_of_month(anchor, int(f["day"]), tense())  # before or after that the tense points to
        return cal.day_value(day), day, "day"
    if "month" in f and "day" in f:
        m, d = int(f["month"]), int(f["day"])

        def on(y: int) -> dt.date | None:  # day -1 is the month's last ("the last day of June")
            return cal.safe_date(y, m, d) if d > 0 else _last_day(y, m)

        found: dt.date | None
        if year is not None:
            found = on(year)
        elif "weekday" in f:
            fits = [
                x
                for y in (anchor.year, anchor.year - 1, anchor.year + 1)
                if (x := on(y)) and x.isoweekday() == int(f["weekday"])
            ]
            found = fits[0] if fits else _nearest_year(on, anchor, tense())
        else:
            found = _nearest_year(on, anchor, tense())
        if found is None:
            raise Unresolvable("no such day")
        day = found
        if f.get("as_week") == "weekend":  # "the weekend of May 3-4"
            return cal.week_value(day) + "-WE", day, "weekend"
        if f.get("as_week"):
            return cal.week_value(day), day, "week"
        return cal.day_value(day) + _time_suffix(f), day, "day"
    if "month" in f:
        m = int(f["month"])
        if year is None:
            year = _month_year(anchor, m, tense())
        return _month_value(year, m), dt.date(year, m, 1), "month"
    if "weekday" in f:
        day = _weekday_by_tense(anchor, int(f["weekday"]), tense)
        return cal.day_value(day) + _time_suffix(f), day, "day"
    if year is not None:
        return _year_value(year), dt.date(cal.check_year(year), 1, 1), "year"
    # a time of day alone: on the publication day
    return cal.day_value(anchor) + _time_suffix(f), anchor, "day"


def _last_day(year: int, month: int) -> dt.date | None:
    """The last day of a month (None outside the calendar)."""
    first = cal.safe_date(year, month, 1)
    return first.replace(day=cal.last_day(year, month)) if first else None


def _day_of_month(anchor: dt.date, d: int, tense: Tense) -> dt.date:
    """Day `d` of the publication month, or of the month before (a past clause, a day still to come this
    month) or after (a future clause, a day gone by)."""
    y, m = anchor.year, anchor.month
    if tense in ("past", "reported") and d > anchor.day:
        y, m = cal.add_months(y, m, -1)
    elif tense == "future" and d < anchor.day:
        y, m = cal.add_months(y, m, 1)
    found = cal.safe_date(y, m, d)
    if found is None:
        raise Unresolvable("no such day")
    return found


def _month_year(anchor: dt.date, month: int, tense: Tense) -> int:
    """The year of a yearless month the tense points at."""
    if tense == "reported":  # the latest one, or one of the PAST_MONTHS just ahead (across a new year:
        # "agreed to buy it in January" said in November is the coming January)
        ahead = (month - anchor.month) % 12
        if 0 < ahead <= PAST_MONTHS:
            return anchor.year + (month < anchor.month)
        return anchor.year if month <= anchor.month else anchor.year - 1
    if tense == "past":
        return anchor.year if month <= anchor.month else anchor.year - 1
    if tense == "future":
        return anchor.year if month >= anchor.month - FUTURE_MONTHS else anchor.year + 1
    if month - anchor.month > 6:
        return anchor.year - 1
    if anchor.month - month > 6:
        return anchor.year + 1
    return anchor.year


def _shift_value(unit: str, base: dt.date, by: int) -> tuple[str, dt.date, str]:
    """The period `by` units away from the one containing `base`."""
    if unit in ("day", "night"):
        day = cal.add_days(base, by)
        return cal.day_value(day), day, "day"
    if unit in ("week", "fortnight"):
        day = cal.add_days(base, 7 * by * (2 if unit == "fortnight" else 1))
        return cal.week_value(day), day, "week"
    if unit == "weekend":
        day = cal.add_days(base, 7 * by)
        return cal.week_value(day) + "-WE", day, "weekend"
    if unit == "month":
        y, m = cal.add_months(base.year, base.month, by)
        return _month_value(y, m), dt.date(y, m, 1), "month"
    if unit == "quarter":
        y, m = cal.add_months(base.year, (cal.quarter_of(base.month) - 1) * 3 + 1, 3 * by)
        return f"{y:04d}-Q{cal.quarter_of(m)}", dt.date(y, m, 1), "quarter"
    if unit == "season":
        y, m = cal.add_months(base.year, base.month, 3 * by)
        sy, s = cal.season_of(dt.date(y, m, 1))
        return f"{sy:04d}-{s}", dt.date(y, m, 1), "season"
    if unit == "year":
        y = cal.check_year(base.year + by)
        return _year_value(y), dt.date(y, 1, 1), "year"
    if unit == "decade":
        y = cal.check_year(base.year + 10 * by)
        return f"{y // 10:03d}", dt.date(y // 10 * 10 or 1, 1, 1), "decade"
    if unit == "century":
        y = cal.check_year(base.year + 100 * by)
        return f"{y // 100:02d}", dt.date(y // 100 * 100 or 1, 1, 1), "century"
    if unit == "millennium":
        y = cal.check_year(base.year + 1000 * by)
        return f"{y // 1000:01d}", dt.date(y // 1000 * 1000 or 1, 1, 1), "millennium"
    # hours, minutes, seconds: the day they fall on
    return cal.day_value(base), base, "day"


def resolve_shift(
    f: dict[str, Any], anchor: dt.date, tense: Callable[[], Tense], reference: Reference | None
) -> tuple[str, dt.date | None, str]:
    """Value of an expression counted from the publication date or from the last date mentioned (the
    tense is told only for a weekday of this week)."""
    by = f.get("by", 0)
    direction = f.get("direction")
    if by in ("X", "-X"):
        raise VagueOffset("PAST_REF" if by == "-X" or direction == -1 else "FUTURE_REF")
    if direction == -1:  # "two days earlier", "the day before" (the directions table)
        by = -by
    if f.get("plus_half"):  # "a year and a half ago": half a unit further
        by += 0.5 if by > 0 else -0.5
    if f.get("count") and f.get("unit") in COUNTED_IN_YEARS:  # "a decade ago" is a year, 2015
        by, f = by * COUNTED_IN_YEARS[f["unit"]], {**f, "unit": "year"}
    if by != int(by) and f.get("unit") == "year":  # "half a year ago" is a month, six of them back
        by, f = by * 12, {**f, "unit": "month"}
    by = int(round(by))
    contextual = f.get("ref") == "context"
    if contextual and "fallback" in f and (reference is None or reference.granularity != f.get("unit")):
        contextual, by = False, int(f["fallback"])
    if f.get("same"):
        if reference is None:
            raise Unresolvable("nothing to refer to")
        value, day, gran = _shift_value(reference.granularity, reference.day, 0)
        return value, day, gran
    base = reference.day if contextual and reference else anchor
    if "month" in f and "unit" not in f:
        m = int(f["month"])
        if by == 0:
            return _month_value(base.year, m), dt.date(base.year, m, 1), "month"
        step = 1 if by > 0 else -1
        y, mo = cal.add_months(base.year, base.month, step)
        while mo != m:
            y, mo = cal.add_months(y, mo, step)
        if not contextual and abs((y * 12 + mo) - (base.year * 12 + base.month)) == 1:
            # "last March" said in April means a year before: the month just gone is "last month"
            y += step
        return _month_value(y, m), dt.date(y, m, 1), "month"
    if "weekday" in f:
        wd = int(f["weekday"])
        if by == 0:
            monday = cal.add_days(base, 1 - base.isoweekday())
            day = cal.add_days(monday, wd - 1) if contextual else _weekday_by_tense(anchor, wd, tense)
        elif by < 0:
            day = cal.add_days(base, -((base.isoweekday() - wd) % 7 or 7))
        else:
            day = cal.add_days(base, (wd - base.isoweekday()) % 7 or 7)
        return cal.day_value(day) + _time_suffix(f), day, "day"
    if "holiday" in f:
        spec = f["holiday"]
        day = cal.holiday(spec, base.year)
        if by < 0 and day >= base:
            day = cal.holiday(spec, base.year - 1)
        elif by > 0 and day <= base:
            day = cal.holiday(spec, base.year + 1)
        return cal.day_value(day), day, "day"
    if "season" in f and "unit" not in f:
        s = f["season"]
        first, last = cal.season_interval(base.year, s)
        year = base.year
        if by < 0:
            year = base.year if last < base else base.year - 1
        elif by > 0:
            year = base.year if first > base else base.year + 1
        return f"{_year_value(year)}-{s}", cal.season_interval(year, s)[0], "season"
    unit = f.get("unit", "day")
    if contextual and reference and _coarser(reference.granularity, unit):
        # "the next day" after "in March": no finer than what was mentioned
        return _shift_value(reference.granularity, reference.day, 0)
    value, day, gran = _shift_value(unit, base, by)
    if "month" in f and unit == "year":
        m = int(f["month"])
        if "day" in f:
            d = cal.safe_date(int(value[:4]), m, int(f["day"]))
            if d is None:
                raise Unresolvable("no such day")
            return cal.day_value(d), d, "day"
        return f"{value[:4]}-{m:02d}", dt.date(int(value[:4]), m, 1), "month"
    if "season" in f and unit == "year":  # "the spring of next year"
        return f"{value[:4]}-{f['season']}", None, "season"
    if "quarter" in f:  # -1: the last ("the final quarter of the year")
        q = 4 if int(f["quarter"]) == -1 else int(f["quarter"])
        return f"{value[:4]}-Q{q}", None, "quarter"
    if "half" in f:
        h = 2 if int(f["half"]) == -1 else int(f["half"])
        return f"{value[:4]}-H{h}", None, "half"
    if gran == "day":
        value += _time_suffix(f)
    return value, day, gran


_ORDER = (
    "minute",
    "hour",
    "part_of_day",
    "day",
    "week",
    "weekend",
    "month",
    "quarter",
    "half",
    "season",
    "year",
    "decade",
    "century",
    "millennium",
)


def _coarser(a: str, b: str) -> bool:
    """Whether granularity a is coarser than b (unknown granularities never are)."""
    return a in _ORDER and b in _ORDER and _ORDER.index(a) > _ORDER.index(b)


_FINER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24), "TH": ("TM", 60), "TM": ("TS", 60)}


def duration_value(grammar: Grammar, num: float | str, unit: str) -> str:
    """TIMEX3 duration: P3Y, PT2H, PXD; a fraction adds the finer unit (P2Y6M, PT1M30S)."""
    units = grammar.lexicon["units"]
    spec = units[unit] if unit in units else next(s for s in units.values() if s.get("unit") == unit)
    letter, factor = spec["duration"], spec.get("factor", 1)
    if letter == "Q" and num != "X" and float(num) * factor != int(float(num) * factor):
        letter, factor = "M", 3 * factor  # (TimeML counts whole quarters, P2Q; "one and a half": P4M15D)
    elif letter == "WE":
        letter, factor = "D", 2 * factor
    if num == "X":
        parts = [("X", letter)]
    else:
        n = float(num) * factor
        parts = []
        while n != int(n) and letter in _FINER:
            whole = int(n)
            if whole:
                parts.append((str(whole), letter))
            letter, k = _FINER[letter]
            n = round((n - whole) * k, 6)
        parts.append((str(int(n)) if n == int(n) else f"{n:g}", letter))
    date_part = "".join(a + b for a, b in parts if not b.startswith("T"))
    time_part = "".join(a + b[1:] for a, b in parts if b.startswith("T"))
    return "P" + date_part + ("T" + time_part if time_part else "")


def duration_sum(a: str, b: str) -> str:
    """Two durations written as one, the larger unit first: P2Y and P3M -> P2Y3M, PT2H and PT15M ->
    PT2H15M, P1D and PT6H -> P1DT6H."""
    a_date, _, a_time = a[1:].partition("T")
    b_date, _, b_time = b[1:].partition("T")
    time = a_time + b_time
    return "P" + a_date + b_date + ("T" + time if time else "")


def set_value(grammar: Grammar, f: dict[str, Any]) -> str:
    if "adverb" in f:
        return grammar.lexicon["set_adverbs"][f["adverb"]]
    if "weekday" in f:  # (with its part of the day or its clock time: XXXX-WXX-2TNI, XXXX-WXX-7T10:00)
        return f"XXXX-WXX-{int(f['weekday'])}{_time_suffix(f)}"
    if f.get("weekend"):
        return "XXXX-WXX-WE"
    if "season" in f:
        return f"XXXX-{f['season']}"
    if "month" in f:
        return f"XXXX-{int(f['month']):02d}"
    if "part" in f or "hour" in f:  # every night, every day at 10pm: XXXX-XX-XXT22:00
        return f"XXXX-XX-XX{_time_suffix(f)}"
    if f.get("unit") == "quarter":
        return f"P{f.get('num', 1) if f.get('num', 1) != 'X' else 'X'}Q"
    return duration_value(grammar, f.get("num", 1), f["unit"])
