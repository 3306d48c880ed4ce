"""Say what a signal word makes of the expression after it: "by April 26" ends a range on 2025-04-26."""

from __future__ import annotations

import datetime as dt
import functools
import re

from service.core.calendar import interval_and_granularity
from service.core.grammar import Grammar
from service.core.model import Interval, Timex


def _day_before(iso: str) -> str | None:
    try:
        return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        return None


def _day_after(iso: str) -> str | None:
    try:
        return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        return None


_YEAR_WRITTEN = re.compile(r"\b\d{4}\b|'\d{2}\b")
_YEARLESS = {"month", "day", "season", "quarter", "half", "week", "weekend", "part_of_day", "hour", "minute"}


@functools.cache
def _clock_alone(grammar: Grammar) -> re.Pattern[str]:
    """A clock time written without a day (lexicon `clock_alone`)."""
    return re.compile(grammar.lexicon["clock_alone"], re.IGNORECASE)


def _share_day(grammar: Grammar, first: Timex, second: Timex) -> None:
    """ "from 9 a.m. to 5 p.m. Tuesday": a clock time alone opening a range is on the day of its other end."""
    if (
        first.granularity in ("hour", "minute")
        and second.granularity in ("hour", "minute")
        and first.value[:10] != second.value[:10]
        and len(first.value) > 11
        and "clock_alone" in grammar.lexicon
        and _clock_alone(grammar).fullmatch(first.text)
    ):
        value = second.value[:10] + first.value[10:]
        interval, granularity = interval_and_granularity(value)
        if interval is not None:
            first.value, first.interval, first.granularity = value, interval, granularity


def _order_ends(first: Timex, second: Timex) -> None:
    """ "between November and February": when the second end comes before the first and a year is not
    written, the first is the one of the year before (the range just gone), else the second moves on."""
    if not (first.interval and second.interval and first.interval.start and second.interval.end):
        return
    if second.interval.end >= first.interval.start:
        return
    for t, step in ((first, -1), (second, 1)):
        if t.granularity in _YEARLESS and not _YEAR_WRITTEN.search(t.text) and t.value[:4].isdigit():
            year = int(t.value[:4]) + step
            value = f"{year:04d}{t.value[4:]}"
            interval, granularity = interval_and_granularity(value)
            if interval is not None and 1 <= year <= 9999:
                t.value, t.interval, t.granularity = value, interval, granularity
                return


def apply(grammar: Grammar, text: str, timexes: list[Timex]) -> None:
    """Fill `range` for timexes after a signal; a range's opening (from, between) pairs with the next one."""
    table = grammar.lexicon["signals"]
    for i, t in enumerate(timexes):
        spec = table.get(t.signal or "")
        if not spec or t.interval is None:
            continue
        kind = spec.get("range")
        iv = t.interval
        if kind == "until_end":
            t.range = Interval(None, iv.end)
        elif kind == "before_start":
            t.range = Interval(None, iv.start and _day_before(iv.start))
        elif kind == "from_start":
            t.range = Interval(iv.start, None)
        elif kind == "after_end":
            t.range = Interval(iv.end and _day_after(iv.end), None)
        elif kind == "range_start":
            partner = timexes[i + 1] if i + 1 < len(timexes) else None
            gap = text[t.end : partner.start] if partner else ""
            pair = grammar.range_pair.fullmatch(gap) if partner else None
            if partner and partner.interval and pair and pair.group(1).lower() in spec.get("pairs_with", []):
                partner.signal = pair.group(1).lower()
                _share_day(grammar, t, partner)
                _order_ends(t, partner)
                first, last = t.interval, partner.interval
                if last.end is not None and first.start is not None and last.end < first.start:
                    first, last = last, first  # written backwards ("between 2020 and 2010"): the span between
                t.range = partner.range = Interval(first.start, last.end)
            else:
                t.range = Interval(iv.start, None)
