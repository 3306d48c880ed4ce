"""Say what a signal word makes of the expression after it: "by April 26" ends a range on 2025-04-26."""

from __future__ import annotations

import datetime as dt

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


def apply(grammar: Grammar, text: str, timexes: list[Timex]) -> None:
    """Fill `range` for timexes after a signal; a range's first expression (from, between) pairs with the next."""
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
            if partner and partner.interval and partner.signal in spec.get("pairs_with", []) and len(gap) < 16:
                t.range = partner.range = Interval(iv.start, partner.interval.end)
            else:
                t.range = Interval(iv.start, None)
