"""Date labels of events for people: "April 2025", "Thu 17 Apr 2025", "by 26 Apr" (as labels.js does)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_MONTHS = "January February March April May June July August September October November December".split()
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PARTS = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_VAGUE = {"PAST_REF": "recently", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
_SIGNALS = {
    "by", "before", "after", "since", "until", "till", "through", "from", "as of", "ahead of", "prior to",
    "no later than", "as soon as", "beginning", "starting", "around", "about", "within",
}  # fmt: skip
_MOD_WORDS = {
    "BEFORE": "before", "AFTER": "after", "ON_OR_BEFORE": "by", "ON_OR_AFTER": "from", "APPROX": "about",
    "LESS_THAN": "less than", "MORE_THAN": "more than",
    "EQUAL_OR_LESS": "at most", "EQUAL_OR_MORE": "at least",
}  # fmt: skip
_POSITIONS = {"START": "early", "MID": "mid-", "END": "late"}
_DATE_TIME = r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"


def _day(value: str, compact: bool, same_year: bool) -> str:

    day = dt.date.fromisoformat(value[:10])
    if compact:
        return f"{day.day} {day:%b}" + ("" if same_year else f" {day.year}")
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def date_label(date: Mapping[str, Any], signal: str | None = None, published: str | None = None) -> str:
    """The date of an event at its granularity: "April 2025", "Thu 17 Apr 2025", "by 26 Apr", "recently"."""

    value = str(date.get("value") or "")
    word = (signal or "").lower()
    prefix = word if word in _SIGNALS else _MOD_WORDS.get(str(date.get("mod")), "")
    day_like = bool(re.match(r"^\d{4}-\d{2}-\d{2}", value))
    same_year = bool(published) and day_like and value[:4] == str(published)[:4]
    compact = bool(prefix)
    if value in _VAGUE:
        if prefix and value == "PRESENT_REF":
            return f"{prefix} now"
        return _VAGUE[value]
    try:
        if m := re.fullmatch(_DATE_TIME, value):
            zone = "" if not m[3] else " UTC" if m[3] == "Z" else f" UTC{m[3]}"
            text = f"{_day(m[1], compact, same_year)}, {m[2]}{zone}"
        elif m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(MO|MI|AF|EV|NI|DT)", value):
            text = f"{_day(m[1], compact, same_year)}, {_PARTS[m[2]]}"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            text = _day(value, compact, same_year)
        elif m := re.fullmatch(r"(\d{4})-W(\d{2})-WE", value):
            text = f"weekend of week {int(m[2])}, {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            text = f"Week {int(m[2])}, {m[1]}"
        elif (m := re.fullmatch(r"(\d{4})-(\d{2})", value)) and 1 <= int(m[2]) <= 12:
            text = f"{_MONTHS[int(m[2]) - 1]} {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            text = f"Q{m[2]} {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-H([12])", value):
            text = f"{'first' if m[2] == '1' else 'second'} half of {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            year = f"{m[1]}–{str(int(m[1]) + 1)[-2:]}" if m[2] == "WI" else m[1]
            text = f"{_SEASONS[m[2]]} {year}"
        elif re.fullmatch(r"\d{4}", value):
            text = value
        elif re.fullmatch(r"\d{3}", value):
            text = f"{value}0s"
        elif re.fullmatch(r"\d{2}", value):
            n = int(value) + 1
            suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            text = f"{n}{suffix} century"
        else:
            text = value or "undated"
    except ValueError:  # not a calendar date after all
        text = value
    position = _POSITIONS.get(str(date.get("mod")))
    if position:
        if day_like:
            text = f"{'midday' if position == 'mid-' else position} on {text}"
        else:
            text = f"mid-{text}" if position == "mid-" else f"{position} {text}"
    return f"{prefix} {text}" if prefix else text

