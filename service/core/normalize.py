"""Turn recognized expressions into TIMEX3 timexes in text order: read each (reading.py), resolve it
(resolve.py) against the publication date or, for anaphora and in narratives, the last date mentioned."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from service.core import calendar as cal
from service.core.genre import aside, future_cue_before, looks_back
from service.core.grammar import Grammar
from service.core.model import Interval, Timex
from service.core.reading import Unresolvable, read
from service.core.recognize import Candidate
from service.core.resolve import (
    STAND_IN_YEAR,
    Reference,
    Tense,
    VagueOffset,
    bc_date,
    bc_shift,
    duration_sum,
    duration_value,
    resolve_date,
    resolve_shift,
    set_value,
)

# How many expressions back a comparison ("a year earlier") looks for the period it compares with.
COMPARISON_LOOKBACK = 200

# Fields a date reading leaves to be placed in a year: narrative text takes the story's year for them.
_YEARLESS = ("holiday", "quarter", "half", "season", "month")


def _finished_quarter(value: str, first: dt.date, anchor: dt.date) -> tuple[str, dt.date, str]:
    """ "the latest quarter": the quarter found where it had ended by publication, else the last one that
    had (a forecast's "fourth quarter" named before it is not the one reported)."""
    month = first.month + 3
    following = dt.date(first.year + 1, month - 12, 1) if month > 12 else dt.date(first.year, month, 1)
    if following <= anchor:
        return value, first, "quarter"
    return _quarter_to(dt.date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1) - dt.timedelta(days=1))


def _quarter_to(last: dt.date) -> tuple[str, dt.date, str]:
    """The calendar quarter holding most of the three months that end on `last` ("the quarter ended July
    31": May to July, the second quarter; ended January 31: the fourth quarter of the year before)."""
    middle = last - dt.timedelta(days=45)
    q = (middle.month - 1) // 3 + 1
    return f"{middle.year:04d}-Q{q}", dt.date(middle.year, 3 * q - 2, 1), "quarter"


def _story_date(
    f: dict[str, Any], story: Reference, tense: Callable[[], Tense]
) -> tuple[str, dt.date | None, str]:
    """A date reading resolved in story time: a yearless period or day in the year of the story's
    reference, a weekday or a time of day on or after the reference's day."""
    if story.bc and any(k in f for k in _YEARLESS):
        return bc_date(f, story.bc, tense)
    if any(k in f for k in _YEARLESS):
        return resolve_date({**f, "year": story.day.year}, story.day, tense)
    return resolve_date(f, story.day, lambda: "future")


def _in_story(f: dict[str, Any], story: Reference) -> bool:
    """Whether a date reading is placed by the story's reference: it has no year (nor decade, century)
    of its own, and it is a period of a year, or the reference names a day to count a weekday or a
    time of day from."""
    if "year" in f or any(k in f for k in ("bc_year", "decade", "century", "century_hundreds", "bc_century")):
        return False
    if story.bc:  # (no weekdays BC: the stand-in year's would be wrong)
        return any(k in f for k in _YEARLESS)
    return any(k in f for k in _YEARLESS) or story.granularity in ("day", "week", "weekend")


def _comparison_period(
    timexes: list[Timex], sentence: tuple[int, int], derived: set[int], anchor: dt.date
) -> str | None:
    """The period a report is about, for "a year earlier" comparisons: the last quarter or half the text
    named (not itself a comparison), or a month named in the same sentence. Where the last is a quarter,
    the latest finished quarter the text named: a report looks back at an earlier quarter in passing
    ("after a flat second quarter"), its comparisons are of the quarter it reports."""
    recent = timexes[-COMPARISON_LOOKBACK:]
    for t in reversed(recent):
        if not t.value[:4].isdigit() or id(t) in derived:
            continue
        if t.granularity == "quarter":
            finished = anchor.isoformat()
            finished_quarters = [
                q.value
                for q in recent
                if q.granularity == "quarter"
                and id(q) not in derived
                and q.value[:4].isdigit()
                and q.interval is not None
                and (q.interval.end or finished) < finished
            ]
            # a quarter not yet over is compared with its year-ago one only within its own sentence
            unfinished = t.interval is None or (t.interval.end or finished) >= finished
            if unfinished and finished_quarters and t.start < sentence[0]:
                return max(finished_quarters)
            return max([t.value, *finished_quarters])
        if t.granularity == "half" or (t.granularity == "month" and t.start >= sentence[0]):
            return t.value
    return None


def social_value(value: str, f: dict[str, Any], granularity: str | None) -> str:
    """A value written the way social-post TIMEX3 writes it: a year the post writes is a year whose day
    is not known (2014-XX-XX), a date named by its weekday carries it (2014-06-13-WXX-5, with any time
    after it), a week carries the month of its Thursday (2014-07-W27), midnight opens its day
    (T00:00). The interval stays the plain value's."""
    if value.endswith("T24:00") and _DAY.match(value):  # the midnight a post is written after
        value = value[:-5] + "00:00"
    if granularity == "year" and _YEAR.fullmatch(value) and "year" in f:
        return f"{value}-XX-XX"
    if _DAY.match(value) and "weekday" in f:
        weekday = dt.date.fromisoformat(value[:10]).isoweekday()
        return f"{value[:10]}-WXX-{weekday}{value[10:]}"
    if granularity == "week" and _WEEK.fullmatch(value):
        thursday = cal.week_monday(int(value[:4]), int(value[6:8])) + dt.timedelta(days=3)
        return f"{value[:4]}-{thursday.month:02d}-{value[5:]}"
    return value


def _social_ago(f: dict[str, Any], anchor: dt.date) -> str | None:
    """A post's "a year ago", "3 months ago" is the day that many years or months before it (the
    anniversary a post marks), where news writes the year or the month."""
    unit, by = f.get("unit"), f.get("by")
    if unit not in ("year", "month") or not isinstance(by, int | float) or by >= 0:
        return None
    if f.get("ref") == "context":
        return None
    if not (f.get("count") or f.get("comparison")):
        return None
    y, m = cal.add_months(anchor.year, anchor.month, int(by) * (12 if unit == "year" else 1))
    try:
        return dt.date(cal.check_year(y), m, min(anchor.day, cal.last_day(y, m))).isoformat()
    except (ValueError, cal.OutOfCalendarError):
        return None


# TIMEX2 writes a set adverb of a history ("daily", "weekly", "annually") as the calendar unit it recurs
# in; news and social-post annotation write its period (P1D). (Measured on news: TimeBank +0.002,
# AQUAINT -0.020, so news keeps P1D.)
_CALENDAR_SETS = {"P1D": "XXXX-XX-XX", "P1W": "XXXX-WXX", "P1M": "XXXX-XX", "P1Y": "XXXX"}
# Social-post annotation writes recurring weekends without the week (XXXX-WE), and a part of the day
# that recurs by the part alone (every night: TNI).
_SOCIAL_SETS = {
    "XXXX-WXX-WE": "XXXX-WE",
    "XXXX-XX-XXTMO": "TMO",
    "XXXX-XX-XXTAF": "TAF",
    "XXXX-XX-XXTEV": "TEV",
    "XXXX-XX-XXTNI": "TNI",
}
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_WEEK = re.compile(r"\d{4}-W\d\d")


def _aside(f: dict[str, Any], story: Reference, candidates: list[Candidate], i: int) -> bool:
    """Whether the date of candidates[i], which writes its year, is an aside of a story (genre.aside),
    judged by the next year the text writes. (Not for stories BC, whose years run down.)"""
    if story.bc or not isinstance(f["year"], int):
        return False
    later = (candidates[j].groups.get("year", "") for j in range(i + 1, len(candidates)))
    return aside(f["year"], story.day.year, (int(y) for y in later if len(y) == 4 and y.isdigit()))


def _planned(f: dict[str, Any], kind: str, day: dt.date | None, story: Reference | None) -> bool:
    """Whether a reading may be a plan the story tells of (which does not move the story's time when its
    clause is of the future): a year alone, or a period counted from the story's time ("the next year"),
    after the story's year (a plan lies ahead: only then is the clause's tense looked at)."""
    if story is None or day is None or day.year <= story.day.year:
        return False
    if kind == "date":
        return "year" in f and not any(k in f for k in ("month", "day", "season", "quarter", "half"))
    return kind == "shift" and f.get("ref") == "context"


def bc_day(f: dict[str, Any], reference: Reference | None, value: str) -> bool:
    """Whether a shift counted from a reference BC in a unit finer than the year (which bc_shift counts)
    fell in the stand-in year the calendar places BC days in."""
    return bool(
        reference and reference.bc and f.get("ref") == "context" and value.startswith(f"{STAND_IN_YEAR:04d}")
    )


def _zone_written(value: str, tz: str, form: str | None) -> str:
    """A clock time's zone written in the form the grammar's `zone_offsets` gives the genre: "none" (the
    local time the text says: English news annotation writes "5 p.m. EST" as T17:00), "basic" (ISO
    8601's basic form without minutes that are none: T21:34-05, +0530, as TIMEX2 writes it), or as
    resolved (-05:00, Z) where it gives none."""
    if form is None or not value.endswith(tz):
        return value
    if form == "none":
        return value[: -len(tz)]
    if tz == "Z":
        return value
    hours, _, minutes = tz.partition(":")
    return value[: -len(tz)] + hours + ("" if minutes in ("", "00") else minutes)


def _end_gone_by(
    f: dict[str, Any],
    mod: str | None,
    c: Candidate,
    tense_of: Callable[[Candidate], Tense],
    signals: dict[str, Any],
) -> bool:
    """Whether the end of the period the publication falls in ("year-end", "the end of the month"), which
    has not come yet, is the end of the period before: told in a past clause ("debt stood at $2 billion at
    year-end"), or counted from ("shares are up 12% since year-end"), but not as a deadline ("by year-end").
    Only for a period the rule marks as
    named without "this" (`end_gone_by`), counted from publication."""
    if not f.get("end_gone_by") or mod != "END" or f.get("by") != 0 or f.get("ref") == "context":
        return False
    signal = signals.get(c.signal or "", {})
    if signal.get("deadline") or signal.get("future"):  # ("a goal of cutting costs by year-end" looks ahead)
        return False
    return bool(signal.get("past")) or tense_of(c) == "past"


def _year_before(value: str) -> str:
    return f"{int(value[:4]) - 1:04d}{value[4:]}"


def _past() -> Tense:
    """The tense of a date a signal points back to ("since Monday")."""
    return "past"


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
    genre: str = "news",
) -> list[Timex]:
    """Turn candidates (in text order) into normalized timexes, keeping the last mentioned date as context.

    In a narrative, dates that lack their year (and the rules marked `story`) count from the last date
    mentioned, not from the publication date. (A news text's background stretch, "In 1957 ...; the
    following year ...", is told by its anaphoric expressions, which always count from the last date;
    its yearless dates stay in news time: measured on news, a year before them in the same sentence
    named the news's own year as often as not: "... since 1980. In September, it announced ...".)"""
    out: list[Timex] = []
    narrative = genre == "narrative"
    reference: Reference | None = None
    derived: set[int] = set()  # timexes that are themselves comparisons ("a year earlier")
    intervals: dict[str, tuple[Interval | None, str | None]] = {}  # of the values met so far
    signals = grammar.lexicon["signals"]
    for i, c in enumerate(candidates):
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
                if "and_num" in f and f["num"] != "X":  # "two years and three months": P2Y3M
                    value = duration_sum(value, duration_value(grammar, f["and_num"], f["and_unit"]))
                if "more_num" in f:  # a clock figure's seconds: "2:19:36" is PT2H19M36S
                    value = duration_sum(value, duration_value(grammar, f["more_num"], f["more_unit"]))
            elif reading.kind == "set":
                value = set_value(grammar, f)
                if "adverb" in f and narrative:  # "daily" in a history: any day, XXXX-XX-XX
                    value = _CALENDAR_SETS.get(value, value)
                elif genre == "colloquial":  # "weekends" in a post: XXXX-WE
                    value = _SOCIAL_SETS.get(value, value)
            elif reading.kind == "date":
                told = (
                    _past
                    if signals.get(c.signal or "", {}).get("past")
                    else partial(_clause_tense, tense_of, c, f.get("lean"))
                )
                if narrative and reference is not None and _in_story(f, reference):
                    value, day, gran = _story_date(f, reference, told)
                else:
                    value, day, gran = resolve_date(f, anchor, told)
                if f.get("quarter_to") and day is not None:  # "the quarter ended June 30"
                    value, day, gran = _quarter_to(day)
            else:
                if "dayword" in f and "by" not in f:
                    f["by"] = f["dayword"]
                compares = f.get("comparison")
                period = _comparison_period(out, sentence_of(c.start), derived, anchor) if compares else None
                if period:
                    value, day, gran = _year_before(period), None, None
                    compared = True
                else:
                    if narrative and f.get("story") and reference is not None:
                        f = {**f, "ref": "context"}
                    bc = bc_shift(f, reference.bc) if reference and reference.bc and f.get("ref") else None
                    if bc is not None:  # a year counted from a year BC
                        value, day, gran = bc, dt.date(STAND_IN_YEAR, 1, 1), "year"
                    else:
                        if _end_gone_by(f, mod, c, tense_of, signals):  # "debt stood at $2bn at year-end"
                            f = {**f, "by": -1}
                        value, day, gran = resolve_shift(f, anchor, partial(tense_of, c), reference)
                        if f.get("finished") and gran == "quarter" and day is not None:
                            value, day, gran = _finished_quarter(value, day, anchor)
                        if reference is not None and bc_day(
                            f, reference, value
                        ):  # "the next day" after a day BC keeps its era
                            value = f"BC{reference.bc:04d}{value[4:]}"
            if f.get("period_of_year"):  # "the 1988 quarter": the reported period, in that year
                period = _comparison_period(out, sentence_of(c.start), derived, anchor)
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
        if genre == "colloquial" and reading.kind == "shift":
            value = _social_ago(f, anchor) or value
        if f.get("tz"):
            value = _zone_written(value, f["tz"], grammar.lexicon.get("zone_offsets", {}).get(genre))
        if typ == "DATE" and "T" in value and value[:4].isdigit():
            typ = "TIME"
        interval, granularity = (None, None)
        if typ in ("DATE", "TIME"):
            if value not in intervals:
                intervals[value] = cal.interval_and_granularity(value)
            interval, granularity = intervals[value]
            if genre == "colloquial":
                value = social_value(value, f, granularity or gran)
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
        # a narrative's story time is its last fully specified date: not one counted from publication
        deictic = narrative and reading.kind == "shift" and f.get("ref") != "context"
        # nor one a signal points away from ("since 1945", "until 1976"): the story goes on where it was
        deictic = deictic or (narrative and bool(signals.get(c.signal or "", {}).get("away_from_story")))
        deictic = deictic or (narrative and looks_back(f))  # nor a look back ("two decades earlier")
        # nor a plan the story tells of ("... exposed for a planned campaign in 1976"): the future of the past
        deictic = deictic or (
            narrative
            and _planned(f, reading.kind, day, reference)
            and future_cue_before(grammar, text, sentence_of(c.start)[0], c.start)
            and tense_of(c) == "future"
        )
        if value.startswith("BC") and len(value) >= 6 and value[2:6].isdigit() and day is not None and gran:
            reference = Reference(day, gran, int(value[2:6]))  # story time before the common era
        elif narrative and reference and "year" in f and _aside(f, reference, candidates, i):
            pass  # a year far from the story's, which the story comes back from: a mention in passing
        elif day is not None and granularity and granularity != "vague" and not deictic:
            reference = Reference(
                day, "day" if granularity in ("part_of_day", "hour", "minute") else granularity
            )
    _weekday_ranges(grammar, text, out, anchor)
    return out


def _day_of_week(day: Timex, week: Timex) -> None:
    """The weekday `day` names, in the ISO week `week` is ("Thursday last week")."""
    try:
        named = dt.date.fromisoformat(day.value)
        monday = cal.week_monday(int(week.value[:4]), int(week.value[6:8]))
    except ValueError:
        return
    day.value = cal.day_value(monday + dt.timedelta(days=named.weekday()))
    day.interval, day.granularity = cal.interval_and_granularity(day.value)


@functools.cache
def _weekday_range_gap(grammar: Grammar, key: str) -> re.Pattern[str]:
    """A gap of the lexicon's `weekday_range`, compiled once: `gap` between the two days of a range of
    weekdays, `week_gap` between a weekday and the week it is in."""
    return re.compile(grammar.lexicon["weekday_range"][key], re.IGNORECASE)


def _weekday_ranges(grammar: Grammar, text: str, out: list[Timex], anchor: dt.date) -> None:
    """Make the days of "Monday-Friday", "Thursday through Monday" one run of days: each day was resolved
    on its own; where the second comes before the first or more than six days after it, the second
    moves on after the first, or (a first day gone by, in a range that would end past publication) the
    first moves back before the second."""
    spec = grammar.lexicon.get("weekday_range")
    if not spec:
        return
    rules, gap = frozenset(spec["rules"]), _weekday_range_gap(grammar, "gap")
    week_gap = _weekday_range_gap(grammar, "week_gap")
    for first, second in zip(out, out[1:], strict=False):
        if (
            first.rule in rules
            and second.granularity == "week"
            and week_gap.fullmatch(text, first.end, second.start)
        ):
            _day_of_week(first, second)  # "Thursday last week", "Tuesday of next week"
            continue
        if first.rule not in rules or second.rule not in rules:
            continue
        if not gap.fullmatch(text, first.end, second.start):
            continue
        try:
            a, b = dt.date.fromisoformat(first.value), dt.date.fromisoformat(second.value)
        except ValueError:
            continue
        if 0 <= (b - a).days <= 6:
            continue
        step = (b.weekday() - a.weekday()) % 7 or 7
        if b < a and a <= anchor:
            moved, day = first, b - dt.timedelta(days=step)
        else:
            moved, day = second, a + dt.timedelta(days=step)
        moved.value = cal.day_value(day)
        moved.interval, moved.granularity = cal.interval_and_granularity(moved.value)
