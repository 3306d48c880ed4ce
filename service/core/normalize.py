"""Resolve recognized expressions to TIMEX3 values against the publication date, tense and earlier dates.

Resolution strategy (the one place it lives):
  * Absolute values (a year is written) are taken as written.
  * Deictic values (today, last week, three years ago, next month) count from the publication date.
  * Anaphoric values (the next day, two days later, that week) count from the last calendar date the
    text mentioned before them, or from the publication date when there is none.
  * Values missing their year or week (a bare weekday, month, month-day, quarter, season, holiday) are
    placed by the tense of their clause: past -> the latest one on or before the publication date,
    future -> the first one on or after it, present or unknown -> the nearest one.
  * A value that would leave the years 1-9999 becomes PAST_REF or FUTURE_REF.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from service.core import calendar as cal
from service.core.grammar import Grammar, Rule, lookup_key
from service.core.model import Interval, Timex
from service.core.recognize import Candidate

Tense = str | None  # "past" | "present" | "future" | None

# A quarter or half is still talked about in the future tense for weeks after it ends (results to come).
REPORTING_LAG = dt.timedelta(days=45)

# How many expressions back a comparison ("a year earlier") looks for the period it compares with.
COMPARISON_LOOKBACK = 200

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


@dataclass(slots=True)
class Reference:
    """A calendar date mentioned in the text and the granularity it was mentioned at."""

    day: dt.date
    granularity: str


@dataclass(slots=True)
class Reading:
    """What a rule's value spec says once its groups are read through the word tables."""

    kind: str
    fields: dict[str, Any]


class Unresolvable(Exception):
    """The expression cannot be given a value (a 31 February, an unknown word)."""


class VagueOffset(Exception):
    """An offset by an unspecified amount ("a few years ago"): only its direction is known."""


# ------------------------------------------------------------------------------------------ reading groups


def _int(text: str) -> int:
    return int(text)


def _number(grammar: Grammar, text: str) -> float | str:
    key = lookup_key(text).replace("-", " ")
    numbers = grammar.lexicon["numbers"]
    if key in numbers:
        return numbers[key]
    if key in grammar.lexicon["vague_numbers"] or key.replace(" ", "-") in grammar.lexicon["vague_numbers"]:
        return "X"
    parts = key.split()
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:  # twenty five
        return numbers[parts[0]] + numbers[parts[1]]
    if key.endswith(" 1/2"):
        return int(key[:-4]) + 0.5
    try:
        return float(key.replace(",", "")) if "." in key or "," in key else int(key)
    except ValueError as exc:
        raise Unresolvable(text) from exc


def _spoken_year(grammar: Grammar, text: str) -> int:
    """'nineteen ninety-four' -> 1994, 'two thousand and three' -> 2003."""
    numbers = grammar.lexicon["numbers"]
    words = [w for w in re.split(r"[\s-]+", lookup_key(text)) if w not in ("and", "the", "year")]
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(numbers[w] for w in words[2:])
    rest = [w for w in words[1:] if w != "oh"]
    return numbers[words[0]] * 100 + sum(numbers[w] for w in rest)


def _year(text: str, anchor: dt.date) -> int:
    digits = text.strip("'‘’")
    year = int(digits)
    if len(digits) == 2:
        year += anchor.year // 100 * 100
        if year > anchor.year + 10:
            year -= 100
    return year


def _unit(grammar: Grammar, text: str) -> str:
    key = lookup_key(text)
    irregular = {"centuries": "century", "millennia": "millennium"}
    key = irregular.get(key, key)
    units = grammar.lexicon["units"]
    if key not in units and key.endswith("s"):
        key = key[:-1]
    if key not in units:
        raise Unresolvable(text)
    return units[key].get("unit", key)  # the code's name of the unit where the word is not it (año: year)


Reader = Callable[[str, dt.date], Any]

_LATER_EARLIER = re.compile(r"^(?:later|earlier) ")


class _Read(NamedTuple):
    """A field of a rule's value spec read from a group through a word table."""

    key: str
    group: str
    second: str  # the group's second occurrence, read when the first did not take part
    read: Reader
    negate: bool


class _Spec(NamedTuple):
    """A rule's value spec, prepared: its kind, the fields given as written, the fields read from groups."""

    kind: str
    written: dict[str, Any]
    reads: tuple[_Read, ...]


@functools.cache
def _spec(grammar: Grammar, rule: Rule) -> _Spec:
    """A rule's prepared value spec, made on its first use and kept (grammars and their rules live as
    long as the process)."""
    return _prepare(rule, _readers(grammar))


def _prepare(rule: Rule, readers: dict[str, Reader]) -> _Spec:
    """The kind and fields of a rule's value spec, each group reference tied to its reader."""
    ((kind, spec),) = rule.value.items()
    if not isinstance(spec, dict):
        return _Spec(kind, {"value": spec}, ())
    written: dict[str, Any] = {}
    reads: list[_Read] = []
    for key, ref in spec.items():
        if isinstance(ref, str) and ref.lstrip("-").startswith("$"):
            name = ref.lstrip("-")[1:]
            read = readers.get(name.rstrip("0123456789")) or _unknown(name)
            reads.append(_Read(key, name, name + "2", read, ref.startswith("-")))
        else:
            written[key] = ref
    return _Spec(kind, written, tuple(reads))


def _unknown(name: str) -> Reader:
    """The reader of a group no table reads: the candidate is dropped when the group took part."""

    def read(text: str, _anchor: dt.date) -> Any:
        raise KeyError(name)

    return read


@functools.cache
def _readers(grammar: Grammar) -> dict[str, Reader]:
    """The readers of a grammar's group names, built once per grammar."""
    lex = grammar.lexicon

    def lookup(table: dict[str, Any]) -> Reader:
        def read(text: str, _anchor: dt.date) -> Any:
            key = lookup_key(text).rstrip(".")
            if key not in table:
                raise Unresolvable(text)
            return table[key]

        return read

    def month(text: str, anchor: dt.date) -> int:
        return int(text) if text.isdigit() else lookup(lex["months"])(text, anchor)

    def weekday(text: str, anchor: dt.date) -> int:
        key = lookup_key(text).rstrip(".")
        key = key[:-1] if key.endswith("days") else key
        return lex["weekdays"].get(key) or lookup(lex["weekday_abbreviations"])(key, anchor)

    def ordinal(text: str, anchor: dt.date) -> int:
        key = lookup_key(text)
        digits = re.match(r"\d+", key)
        return int(digits.group()) if digits else lookup(lex["ordinals"])(key, anchor)

    def tz(text: str, anchor: dt.date) -> str:
        if text == "Z" or text[0] in "+-":
            return text if text == "Z" or ":" in text else f"{text[:3]}:{text[3:]}"
        return lookup(lex["time_zones"])(text, anchor)

    def decade(text: str, anchor: dt.date) -> str:
        if len(text) == 3:
            return text
        recent = anchor.year // 100 * 10 + int(text)  # '20s -> 202
        if recent * 10 > anchor.year and recent >= 10:  # the last such decade, unless none has been yet
            recent -= 10
        return f"{recent:03d}"

    def relative(text: str, anchor: dt.date) -> int:
        key = _LATER_EARLIER.sub("", lookup_key(text))
        return lookup(lex["relative_words"])(key, anchor)

    def spoken_year(text: str, anchor: dt.date) -> int:
        return _spoken_year(grammar, text)

    def spoken_decade(text: str, anchor: dt.date) -> str:
        key, numbers = lookup_key(text), grammar.lexicon["numbers"]
        tens = numbers[key if key in numbers else key[:-3] + "y"] // 10  # noventa, nineties -> 9
        return decade(str(tens), anchor)

    readers: dict[str, Reader] = {
        "spoken_year": spoken_year,
        "spoken_decade": spoken_decade,
        "month": month,
        "day": lambda t, a: _int(t),
        "hour": lambda t, a: _int(t) if t.isdigit() else _number(grammar, t),
        "minute": lambda t, a: _int(t),
        "qnum": lambda t, a: _int(t),
        "year": _year,
        "weekday": weekday,
        "num": lambda t, a: _number(grammar, t),
        "unit": lambda t, a: _unit(grammar, t),
        "rel": relative,
        "dayword": lambda t, a: lookup(lex["day_words"])(t, a),
        "season": lambda t, a: lookup(lex["seasons"])(t, a),
        "part": lambda t, a: lookup(lex["parts_of_day"])(t, a),
        "ord": ordinal,
        "century": ordinal,
        "holiday": lambda t, a: lookup(lex["holidays"])(t, a),
        "tz": tz,
        "decade": decade,
        "decade_short": decade,
        "hundreds": lambda t, a: t,
        "ampm": lambda t, a: "pm" if t.lower().startswith("p") else "am",
        "clock": lambda t, a: t.lower(),
        "adverb": lambda t, a: t.lower(),
        "pos": lambda t, a: t.lower(),
        "dir": lambda t, a: lookup_key(t),
    }
    return readers


def read(grammar: Grammar, c: Candidate, anchor: dt.date) -> Reading:
    """Evaluate the rule's value spec with the candidate's groups."""
    kind, written, reads = _spec(grammar, c.rule)
    fields = dict(written)
    groups = c.groups
    for key, group, second, reader, negate in reads:
        text = groups.get(group) or groups.get(second)
        if text is None:
            continue
        value = reader(text, anchor)
        if negate:
            value = "-X" if value == "X" else -value
        fields[key] = value
    return Reading(kind, fields)


# ------------------------------------------------------------------------------------------ values


def _month_value(year: int, month: int) -> str:
    return f"{cal.check_year(year):04d}-{month:02d}"


def _year_value(year: int) -> str:
    return f"{cal.check_year(year):04d}"


def _time_suffix(f: dict[str, Any]) -> str:
    if "clock" in f:
        return "T12:00" if f["clock"] == "noon" else "T24:00"
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
    if "century_hundreds" in f:
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
        found: dt.date | None
        if year is not None:
            found = cal.safe_date(year, m, d)
        elif "weekday" in f:
            fits = [
                x
                for y in (anchor.year, anchor.year - 1, anchor.year + 1)
                if (x := cal.safe_date(y, m, d)) and x.isoweekday() == int(f["weekday"])
            ]
            found = fits[0] if fits else _nearest_year(lambda y: cal.safe_date(y, m, d), anchor, tense())
        else:
            found = _nearest_year(lambda y: cal.safe_date(y, m, d), anchor, tense())
        if found is None:
            raise Unresolvable("no such day")
        day = found
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
    if tense == "reported":
        return anchor.year if month <= anchor.month + PAST_MONTHS else anchor.year - 1
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
        raise VagueOffset("PAST_REF" if by == "-X" or direction in ("earlier", "before") else "FUTURE_REF")
    if direction in ("earlier", "before"):
        by = -by
    by = int(round(by))
    contextual = f.get("ref") == "context"
    if f.get("count") and f.get("unit") in COUNTED_IN_YEARS:  # "a decade ago" is a year, 2015
        by, f = by * COUNTED_IN_YEARS[f["unit"]], {**f, "unit": "year"}
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
        return cal.day_value(day), day, "day"
    if "holiday" in f:
        spec = f["holiday"]
        day = cal.holiday(spec, base.year)
        if by < 0 and day >= base:
            day = cal.holiday(spec, base.year - 1)
        elif by > 0 and day <= base:
            day = cal.holiday(spec, base.year + 1)
        return cal.day_value(day), day, "day"
    if "season" in f:
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
    if "quarter" in f:
        return f"{value[:4]}-Q{int(f['quarter'])}", None, "quarter"
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
    if letter == "Q":
        letter, factor = "M", 3 * factor
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


def set_value(grammar: Grammar, f: dict[str, Any]) -> str:
    if "adverb" in f:
        return grammar.lexicon["set_adverbs"][f["adverb"]]
    if "weekday" in f:
        return f"XXXX-WXX-{int(f['weekday'])}"
    if "season" in f:
        return f"XXXX-{f['season']}"
    if "month" in f:
        return f"XXXX-{int(f['month']):02d}"
    if "part" in f:
        return f"XXXX-XX-XXT{f['part']}"
    if f.get("unit") == "quarter":
        return f"P{f.get('num', 1) if f.get('num', 1) != 'X' else 'X'}Q"
    return duration_value(grammar, f.get("num", 1), f["unit"])


# ------------------------------------------------------------------------------------------ the pass


def _comparison_period(timexes: list[Timex], sentence: tuple[int, int], derived: set[int]) -> str | None:
    """The period a report is about, for "a year earlier" comparisons: the last quarter or half the text
    named (not itself a comparison), or a month named in the same sentence."""
    for t in reversed(timexes[-COMPARISON_LOOKBACK:]):
        if not t.value[:4].isdigit() or id(t) in derived:
            continue
        if t.granularity in ("quarter", "half") or (t.granularity == "month" and t.start >= sentence[0]):
            return t.value
    return None


def _year_before(value: str) -> str:
    return f"{int(value[:4]) - 1:04d}{value[4:]}"


def _clause_tense(tense_of: Callable[[Candidate], Tense], c: Candidate, lean: Tense) -> Tense:
    """The tense of the candidate's clause, or the one its reading leans to when the clause tells none
    ("Wednesday's ruling" is about the one gone by)."""
    found = tense_of(c)
    return lean if lean and found in (None, "present") else found


def normalize(
    grammar: Grammar,
    text: str,
    candidates: list[Candidate],
    anchor: dt.date,
    tense_of: Callable[[Candidate], Tense],
    sentence_of: Callable[[int], tuple[int, int]],
) -> list[Timex]:
    """Turn candidates (in text order) into normalized timexes, keeping the last mentioned date as context."""
    out: list[Timex] = []
    reference: Reference | None = None
    derived: set[int] = set()  # timexes that are themselves comparisons ("a year earlier")
    intervals: dict[str, tuple[Interval | None, str | None]] = {}  # of the values met so far
    for c in candidates:
        compared = False
        rule = c.rule
        typ = rule.type
        mod = c.mod
        try:
            reading = read(grammar, c, anchor)
            f = reading.fields
            day: dt.date | None = None
            gran: str | None = None
            if reading.kind == "ref":
                value = f["value"]
            elif reading.kind == "duration":
                value = duration_value(grammar, f["num"], f["unit"])
                if f.get("plus_half") and f["num"] != "X":
                    value = duration_value(grammar, float(f["num"]) + 0.5, f["unit"])
            elif reading.kind == "set":
                value = set_value(grammar, f)
            elif reading.kind == "date":
                value, day, gran = resolve_date(f, anchor, partial(_clause_tense, tense_of, c, f.get("lean")))
            else:
                if "dayword" in f and "by" not in f:
                    f["by"] = f["dayword"]
                period = (
                    _comparison_period(out, sentence_of(c.start), derived) if f.get("comparison") else None
                )
                if period:
                    value, day, gran = _year_before(period), None, None
                    compared = True
                else:
                    value, day, gran = resolve_shift(f, anchor, partial(tense_of, c), reference)
            if f.get("period_of_year"):  # "the 1988 quarter": the reported period, in that year
                period = _comparison_period(out, sentence_of(c.start), derived)
                if period and len(period) > 4:
                    value, day, gran = value[:4] + period[4:], None, None
        except VagueOffset as vague:
            value, day, gran = vague.args[0], None, None
            typ = "DATE"
        except cal.OutOfCalendarError as outside:  # "10,000 years ago", "yesterday" in year 1
            value, day, gran = ("PAST_REF" if outside.past else "FUTURE_REF"), None, None
            typ = "DATE"
        except (Unresolvable, ValueError, KeyError, OverflowError):
            continue
        if typ == "DATE" and "T" in value and value[:4].isdigit():
            typ = "TIME"
        interval, granularity = (None, None)
        if typ in ("DATE", "TIME"):
            if value not in intervals:
                intervals[value] = cal.interval_and_granularity(value)
            interval, granularity = intervals[value]
        timex = Timex(
            start=c.start,
            end=c.end,
            text=text[c.start : c.end],
            type=typ,
            value=value,
            mod=mod,
            granularity=granularity or gran,
            interval=interval,
            signal=c.signal,
            confidence=rule.confidence,
            rule=rule.name,
        )
        out.append(timex)
        if compared:
            derived.add(id(timex))
        if day is not None and granularity and granularity != "vague":
            reference = Reference(
                day, "day" if granularity in ("part_of_day", "hour", "minute") else granularity
            )
    return out
