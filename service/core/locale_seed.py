"""Seed a grammar's word tables from dateparser's locale data (CLDR months, weekdays, units, ago/in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

# dateparser keys its months and weekdays by their English names: the C locale's names, month 1 to 12 and
# weekday 1 (Monday) to 7, as datetime writes them (a key of its data, not a word we read in a text).
_MONTHS = tuple(dt.date(2001, m, 1).strftime("%B").lower() for m in range(1, 13))
_WEEKDAYS = tuple(dt.date(2001, 1, d).strftime("%A").lower() for d in range(1, 8))  # 2001-01-01: a Monday
# Shorter forms ("a" for año, "Lu" for lunes) stand for dates only in compact tables, never in prose.
_MIN_LENGTH = 3


def locale_info(locale: str) -> dict[str, Any]:
    """dateparser's data for a locale, through its public loader (imported here: only seeded grammars
    need it, and each is compiled once per process)."""
    from dateparser.languages.loader import default_loader

    return dict(default_loader.get_locale(locale).info)


def _forms(info: dict[str, Any], key: str, skip: frozenset[str]) -> list[str]:
    """A locale entry's forms in lower case, without the skipped and the too short ones, longest first."""
    forms = {str(f).lower().strip(".") for f in info.get(key, ())}
    return sorted((f for f in forms if len(f) >= _MIN_LENGTH and f not in skip), key=lambda f: (-len(f), f))


def seed(lex: dict[str, Any], writing: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The lexicon and writing tables with dateparser's forms added under our own entries (ours win).

    A grammar asks for it with `dateparser_locale` in writing.yaml, `dateparser_markers` naming the marker
    lists it takes (ago, in: into ago_markers, in_markers); `dateparser_skip` lists forms left out
    (short words that are more often something else: Spanish "mar" is the sea and Tuesday). A form that
    names two months or weekdays is left out too. Each month's or weekday's longest form is its name; the
    others are abbreviations, which the rules only accept next to a day number."""
    locale = writing.get("dateparser_locale")
    if not locale:
        return lex, writing
    info = locale_info(locale)
    skip = frozenset(writing.get("dateparser_skip", ()))
    named = [_forms(info, k, skip) for k in (*_MONTHS, *_WEEKDAYS)]
    seen: dict[str, int] = {}
    for forms in named:
        for f in forms:
            seen[f] = seen.get(f, 0) + 1
    lex, writing = dict(lex), dict(writing)
    months: dict[str, int] = {}
    ours = lex.get("months", {})  # a name we list is a name, however long another spelling is
    abbreviations = list(writing.get("month_abbreviations", ()))
    for number, forms in enumerate(named[:12], 1):
        for i, f in enumerate(f for f in forms if seen[f] == 1):
            months[f] = number
            if i and f not in abbreviations and f not in ours:
                abbreviations.append(f)
    weekdays: dict[str, int] = {}
    weekday_abbreviations: dict[str, int] = {}
    for number, forms in enumerate(named[12:], 1):
        for i, f in enumerate(f for f in forms if seen[f] == 1):
            (weekday_abbreviations if i else weekdays)[f] = number
    units = dict(lex.get("units", {}))
    for entry in list(units.values()):  # dateparser's unit keys are our units' granularities
        if "factor" in entry:  # a fortnight, a decade: not what the granularity's words mean
            continue
        for f in _forms(info, entry.get("granularity", ""), skip):
            units.setdefault(f, entry)
    lex["units"] = units
    lex["months"] = {**months, **lex.get("months", {})}
    lex["weekdays"] = {**weekdays, **lex.get("weekdays", {})}
    lex["weekday_abbreviations"] = {**weekday_abbreviations, **lex.get("weekday_abbreviations", {})}
    for key in writing.get("dateparser_markers", ()):  # "ago" -> the table ago_markers
        table = f"{key}_markers"
        lex[table] = list(dict.fromkeys([*_forms(info, key, skip), *lex.get(table, ())]))
    writing["month_abbreviations"] = abbreviations
    return lex, writing
