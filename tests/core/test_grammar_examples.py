"""The examples corpus (tests/data/examples/<lang>/*.yaml) as an executable spec of the timex tagger.

Every positive case is one sentence (or a short text) with its publication date and the complete, ordered
list of TIMEX3 expressions the tagger must return for it; every negative case is a sentence in which it
must return nothing. The format and the annotation conventions are described in
tests/data/examples/README.md.

The YAML files are validated while the tests are collected: a malformed case (unknown key, type or mod,
an expected span that is not in the sentence, a span ending in punctuation, ...) is a collection error
that names the file and line, so a broken spec never passes silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from invariants import MODS as TIMEML_MODS

from service.core import extract

EXAMPLES_DIR = Path(__file__).parents[1] / "data" / "examples"
LANGUAGES = ("de", "en", "es", "fr", "pt")
NEGATIVES_FILE = "negatives.yaml"

TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
MODS = frozenset(TIMEML_MODS)
FILE_KEYS = frozenset({"anchor", "cases"})
CASE_KEYS = frozenset({"text", "expect", "anchor", "known_gap", "genre"})
NEGATIVE_KEYS = frozenset({"text", "why", "anchor", "genre"})
GENRES = frozenset({"news", "narrative", "colloquial"})
ITEM_KEYS = frozenset({"text", "type", "value", "mod", "signal"})
# A span may end in a dot only when it closes an abbreviation: "p.m.", "a.m.", "Jr.", "Apr.", "Sept.".
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b[A-Z][a-z]{1,3}\.)$")


class SpecError(ValueError):
    """A malformed examples file."""


@dataclass(frozen=True)
class Expected:
    text: str
    type: str
    value: str
    mod: str | None
    signal: str | None

    def row(self) -> tuple[str, str, str, str | None]:
        return (self.text, self.type, self.value, self.mod)


@dataclass(frozen=True)
class Case:
    language: str
    file: str
    line: int
    text: str
    anchor: dt.date
    expect: tuple[Expected, ...]
    known_gap: str | None = None
    why: str | None = None
    genre: str | None = None  # the genre the service must choose for the text (checked where given)

    @property
    def where(self) -> str:
        return f"tests/data/examples/{self.language}/{self.file}:{self.line}"


def _fail(where: str, message: str) -> SpecError:
    return SpecError(f"{where}: {message}")


def _anchor(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(where, f"anchor must be an ISO date (YYYY-MM-DD), got {value!r}")


def _case_lines(raw: str) -> list[int]:
    """1-based line numbers of the items of the top-level `cases` list, in order."""
    root = yaml.compose(raw, Loader=yaml.SafeLoader)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "cases" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


def _expected(item: Any, text: str, search_from: int, where: str) -> tuple[Expected, int]:
    if not isinstance(item, dict):
        raise _fail(where, f"expect items must be mappings, got {item!r}")
    unknown = set(item) - ITEM_KEYS
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)} in expect item (allowed: {sorted(ITEM_KEYS)})")
    for key in ("text", "type", "value"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise _fail(where, f'expect item needs a non-empty string {key!r} (quote values like "2022")')
    span, type_, value = item["text"], item["type"], item["value"]
    mod, signal = item.get("mod"), item.get("signal")
    if type_ not in TYPES:
        raise _fail(where, f"type {type_!r} is not one of {sorted(TYPES)}")
    if mod is not None and mod not in MODS:
        raise _fail(where, f"mod {mod!r} is not one of {sorted(MODS)}")
    if signal is not None and (not isinstance(signal, str) or signal != signal.lower() or not signal.strip()):
        raise _fail(where, f"signal must be a lowercase word, got {signal!r}")
    if span != span.strip():
        raise _fail(where, f"span {span!r} has surrounding whitespace")
    if span[-1] in ",;:!?\"')" or (span.endswith(".") and not _ABBREVIATION_END.search(span)):
        raise _fail(where, f"span {span!r} ends in punctuation")
    start = text.find(span, search_from)
    if start < 0:
        raise _fail(where, f"span {span!r} does not occur in the text (after the previous span)")
    return Expected(span, type_, value, mod, signal), start + len(span)


def _load_file(language: str, path: Path) -> list[Case]:
    raw = path.read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    name = path.name
    top = f"tests/data/examples/{language}/{name}"
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list) or not data["cases"]:
        raise _fail(top, "must be a mapping with `anchor` and a non-empty `cases` list")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise _fail(top, f"unknown top-level keys {sorted(unknown)}")
    file_anchor = _anchor(data.get("anchor"), top)
    lines = _case_lines(raw)
    negative = name == NEGATIVES_FILE
    cases = []
    for index, entry in enumerate(data["cases"]):
        line = lines[index] if index < len(lines) else 0
        where = f"{top}:{line}"
        if not isinstance(entry, dict):
            raise _fail(where, "each case must be a mapping")
        allowed = NEGATIVE_KEYS if negative else CASE_KEYS
        unknown = set(entry) - allowed
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)} (allowed: {sorted(allowed)})")
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _fail(where, "`text` must be a non-empty string")
        anchor = _anchor(entry["anchor"], where) if "anchor" in entry else file_anchor
        genre = entry.get("genre")
        if genre is not None and genre not in GENRES:
            raise _fail(where, f"genre {genre!r} is not one of {sorted(GENRES)}")
        if negative:
            why = entry.get("why")
            if not isinstance(why, str) or not why.strip():
                raise _fail(where, "a negative case needs `why`")
            cases.append(Case(language, name, line, text, anchor, (), why=why, genre=genre))
            continue
        items = entry.get("expect")
        if not isinstance(items, list) or not items:
            raise _fail(
                where, "`expect` must be a non-empty list (sentences without timexes go to negatives)"
            )
        expect, search_from = [], 0
        for item in items:
            expected, search_from = _expected(item, text, search_from, where)
            expect.append(expected)
        known_gap = entry.get("known_gap")
        if known_gap is not None and (not isinstance(known_gap, str) or not known_gap.strip()):
            raise _fail(where, "`known_gap` must be a non-empty string saying why")
        cases.append(
            Case(language, name, line, text, anchor, tuple(expect), known_gap=known_gap, genre=genre)
        )
    return cases


def _load_all() -> tuple[list[Case], list[Case]]:
    positives: list[Case] = []
    negatives: list[Case] = []
    for language in LANGUAGES:
        directory = EXAMPLES_DIR / language
        paths = sorted(directory.glob("*.yaml"))
        if not any(p.name == NEGATIVES_FILE for p in paths) or len(paths) < 2:
            raise SpecError(f"{directory}: expected category files and {NEGATIVES_FILE}")
        for path in paths:
            (negatives if path.name == NEGATIVES_FILE else positives).extend(_load_file(language, path))
    return positives, negatives


POSITIVES, NEGATIVES = _load_all()


def _positive_param(case: Case):
    label = "+".join(e.text for e in case.expect)
    marks = [pytest.mark.xfail(strict=True, reason=case.known_gap)] if case.known_gap else []
    return pytest.param(case, id=f"{case.file}:{case.line}:{label}", marks=marks)


def _negative_param(case: Case):
    return pytest.param(case, id=f"{case.file}:{case.line}:{case.why}")


def _table(title: str, rows: list[tuple]) -> str:
    lines = [f"  {title} (text, type, value, mod):"] + [f"    {row!r}" for row in rows]
    return "\n".join(lines if rows else [*lines, "    (none)"])


def _found(case: Case):
    """The timexes found in the case's text (no genre is sent: the service chooses it, and where the
    case names one, must choose that)."""
    analysis = extract(case.text, case.anchor, language=case.language)
    if case.genre is not None:
        assert analysis.genre == case.genre, f"{case.where}: read as {analysis.genre}, not {case.genre}"
    return sorted(analysis.timexes, key=lambda t: (t.start, t.end))


@pytest.mark.parametrize("case", [_positive_param(c) for c in POSITIVES])
def test_positive_example(case: Case) -> None:
    """The tagger returns exactly the expected timexes, in text order, with the right value and mod.

    A failure means the recognizer missed, added or mis-spanned an expression, or the normalizer gave it
    the wrong type/value/mod (e.g. tense or ISO-week resolution, anaphora, modifiers); every timeline
    event dated by such an expression would then be missing or misplaced. Extra tags fail too. Also
    checked: the reported offsets cut exactly the reported text out of the input, and the signal word
    where the case names one.
    """
    found = _found(case)
    got = [(t.text, t.type, t.value, t.mod) for t in found]
    want = [e.row() for e in case.expect]
    context = f"{case.where}: {case.text!r} (published {case.anchor.isoformat()})"
    assert got == want, f"{context}\n{_table('expected', want)}\n{_table('found', got)}"
    for timex in found:
        assert case.text[timex.start : timex.end] == timex.text, (
            f"{context}: offsets {timex.start}:{timex.end} cut {case.text[timex.start : timex.end]!r}, "
            f"not {timex.text!r}"
        )
    for expected, timex in zip(case.expect, found, strict=True):
        if expected.signal is not None:
            assert timex.signal == expected.signal, f"{context}: signal of {expected.text!r}"


@pytest.mark.parametrize("case", [_negative_param(c) for c in NEGATIVES])
def test_negative_example(case: Case) -> None:
    """The tagger finds no timex at all in a sentence that has none.

    A failure is a false positive (a modal "may", an ordinal "second", a score, a phone number, a number
    that only looks like a year, ...): it would invent a date and put a non-event on the timeline.
    """
    found = [(t.text, t.type, t.value, t.mod) for t in _found(case)]
    assert found == [], f"{case.where}: {case.text!r} ({case.why})\n{_table('found', found)}"
