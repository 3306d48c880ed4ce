"""The events examples corpus (tests/data/examples/<lang>/events/*.yaml): the timeline's executable spec.

Every case is a text of our own with its publication date and the complete list of the timeline entries an
editor would keep, in timeline order: each with its trigger, date value and status, and where given its
headline; `before` lists order relations between two entries' triggers, `all_before` between two
predicates of the list of every predicate (`events=all`), `all_dates` the date values of some of those
predicates and `not_predicates` words that are none. A case with no entries is a negative: text whose
predicates must not enter the timeline. The files are validated while the tests are collected: a malformed
case (unknown key or status, a trigger that is not in the text) is a collection error naming the file and
line. Format: tests/data/examples/README.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from service.core import extract
from service.core.model import Event, Status

EXAMPLES_DIR = Path(__file__).parents[1] / "data" / "examples"
EVENTS_DIR = EXAMPLES_DIR / "en" / "events"
# every language's folder (`<lang>/events/`), each read in its language
LANGUAGES = sorted(p.parent.name for p in EXAMPLES_DIR.glob("*/events"))
CASES_PER_LANGUAGE = 30
FILE_KEYS = frozenset({"anchor", "cases"})
CASE_KEYS = frozenset(
    {"text", "entries", "before", "anchor", "why", "known_gap", "all_before", "all_dates", "not_predicates"}
)
ENTRY_KEYS = frozenset({"trigger", "date", "status", "headline"})
STATUSES = frozenset(get_args(Status))
HEADLINE_WORDS = 20


class SpecError(ValueError):
    """A malformed events examples file."""


@dataclass(frozen=True)
class Case:
    file: str
    line: int
    text: str
    anchor: dt.date
    entries: tuple[dict[str, str], ...]
    before: tuple[tuple[str, str], ...]
    known_gap: str | None
    language: str = "en"
    all_before: tuple[tuple[str, str], ...] = ()
    all_dates: tuple[tuple[str, str], ...] = ()
    not_predicates: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        what = "+".join(e["trigger"] for e in self.entries) or "none"
        where = self.file if self.language == "en" else f"{self.language}/{self.file}"
        return f"{where}:{self.line}:{what}"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping (`__line__`)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _check(where: str, condition: bool, message: str) -> None:
    if not condition:
        raise SpecError(f"{where}: {message}")


def load_cases() -> list[Case]:
    """Every case of every events examples file of every language, validated."""
    cases = []
    for path in sorted(EXAMPLES_DIR.glob("*/events/*.yaml")):
        language = path.parent.parent.name
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        line = doc.pop("__line__")
        _check(f"{path.name}:{line}", set(doc) <= FILE_KEYS, f"unknown keys {set(doc) - FILE_KEYS}")
        for raw in doc["cases"]:
            line = raw.pop("__line__")
            where = f"{path.name}:{line}"
            _check(where, set(raw) <= CASE_KEYS, f"unknown keys {set(raw) - CASE_KEYS}")
            text = raw["text"]
            entries = []
            for entry in raw.get("entries", []):
                entry.pop("__line__")
                _check(where, set(entry) <= ENTRY_KEYS, f"unknown keys {set(entry) - ENTRY_KEYS}")
                _check(
                    where, {"trigger", "date", "status"} <= set(entry), "an entry needs trigger, date, status"
                )
                _check(where, entry["trigger"] in text, f"trigger {entry['trigger']!r} is not in the text")
                _check(where, entry["status"] in STATUSES, f"unknown status {entry['status']!r}")
                _check(where, isinstance(entry["date"], str), "quote the date")
                entries.append({k: str(v) for k, v in entry.items()})
            triggers = [e["trigger"] for e in entries]
            before = tuple(tuple(pair) for pair in raw.get("before", []))
            for pair in before:
                _check(
                    where, len(pair) == 2 and set(pair) <= set(triggers), f"before {pair}: not two entries"
                )
            all_before = tuple(tuple(pair) for pair in raw.get("all_before", []))
            dated = raw.get("all_dates", {}).items()
            all_dates = tuple((str(k), str(v)) for k, v in dated if k != "__line__")
            not_predicates = tuple(raw.get("not_predicates", []))
            for trigger in (
                [t for pair in all_before for t in pair] + [t for t, _ in all_dates] + [*not_predicates]
            ):
                _check(where, trigger in text, f"predicate {trigger!r} is not in the text")
            _check(where, all(len(pair) == 2 for pair in all_before), "all_before: pairs of two predicates")
            _check(where, bool(entries) or "why" in raw, "a negative says why")
            anchor = dt.date.fromisoformat(raw.get("anchor", doc["anchor"]))
            cases.append(
                Case(
                    path.stem,
                    line,
                    text,
                    anchor,
                    tuple(entries),
                    before,
                    raw.get("known_gap"),
                    language,
                    all_before,
                    all_dates,
                    not_predicates,
                )
            )
    return cases


CASES = load_cases()


def _row(e: Event, expected: dict[str, str]) -> dict[str, str]:
    row = {"trigger": e.trigger.text, "date": e.date.value, "status": e.status}
    if "headline" in expected:
        row["headline"] = e.headline
    return row


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c.known_gap)) if c.known_gap else c
        for c in CASES
    ],
    ids=[c.id for c in CASES],
)
def test_the_timeline_an_editor_would_publish(case: Case) -> None:
    """What breaks: a state, frame or hypothesis that enters; a happening left out or told twice; a wrong
    date, status or headline; entries out of order."""
    analysis = extract(case.text, case.anchor, case.language)
    timeline = analysis.events
    expected = list(case.entries)
    got = [_row(e, expected[i] if i < len(expected) else {}) for i, e in enumerate(timeline)]
    assert got == expected
    position = {e.trigger.text: i for i, e in enumerate(timeline)}
    for earlier, later in case.before:
        assert position[earlier] < position[later], f"{earlier} should come before {later}"
    # the list of every predicate (events=all): a trigger's first place in it
    first: dict[str, int] = {}
    for i, e in enumerate(analysis.predicates):
        first.setdefault(e.trigger.text, i)
    for earlier, later in case.all_before:
        assert earlier in first and later in first, f"{earlier} and {later} should both be predicates"
        assert first[earlier] < first[later], f"{earlier} should come before {later} in events=all"
    dates = {trigger: analysis.predicates[first[trigger]].date.value for trigger, _ in case.all_dates}
    assert dates == dict(case.all_dates)
    assert not set(case.not_predicates) & set(first), "words that are no predicate"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_headline_is_short_and_none_is_repeated(case: Case) -> None:
    headlines = [e.headline for e in extract(case.text, case.anchor, case.language).events]
    assert all(len(h.split()) <= HEADLINE_WORDS + 1 for h in headlines), headlines
    assert len(set(headlines)) == len(headlines), headlines


def test_the_corpus_covers_each_behaviour_family() -> None:
    english = [c for c in CASES if c.language == "en"]
    families = {c.file for c in english}
    assert {"dated", "reporting", "states", "clauses", "told_twice", "event_nouns", "order"} <= families
    assert sum(not c.entries for c in english) >= 10, "negatives"


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_each_language_has_its_examples_and_negatives(language: str) -> None:
    cases = [c for c in CASES if c.language == language]
    assert len(cases) >= CASES_PER_LANGUAGE, f"{language}: {len(cases)} cases"
    assert sum(not c.entries for c in cases) >= 5, f"{language}: negatives"
    assert {"dated", "reporting", "negatives"} <= {c.file for c in cases}
