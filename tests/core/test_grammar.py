"""The grammar lint: the grammar files load into a consistent grammar (every rule named, typed, triggered
and compiled), every key in them is read by the code, no list repeats an entry, every rule is exercised by
the examples corpus, and no word list of the language is left in Python."""

from __future__ import annotations

import ast
import collections
import datetime as dt
import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from texts import EXAMPLES

from service.core import extract
from service.core.grammar import load
from service.core.pipeline import SUPPORTED_LANGUAGES

GRAMMAR_FILES = ("lexicon.yaml", "rules.yaml", "tense.yaml", "events.yaml", "writing.yaml")
CORE = Path(__file__).resolve().parents[2] / "service" / "core"


def _files(language: str) -> dict[str, Any]:
    folder = resources.files("service.core.grammars").joinpath(language)
    return {
        name: yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8"))
        for name in GRAMMAR_FILES
    }


def _words(node: object, path: str = ""):
    """Every mapping key and list item: the places where words stand (values may be true/false flags)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}/{key}", key
            yield from _words(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, dict | list):
                yield from _words(value, f"{path}[{i}]")
            else:
                yield f"{path}[{i}]", value


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_no_word_is_read_as_a_boolean(language: str) -> None:
    """YAML reads a bare `on`, `no` or `yes` as a boolean: such a word would silently vanish from a table."""
    for name, data in _files(language).items():
        for path, value in _words(data):
            assert not isinstance(value, bool), f"{name}{path}: quote the word"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_rules_are_complete(language: str) -> None:
    grammar = load(language)
    names = [r.name for r in grammar.rules]
    assert len(names) == len(set(names)), "rule names are unique"
    classes = set(_files(language)["rules.yaml"]["trigger_classes"])
    for rule in grammar.rules:
        assert rule.type in {"DATE", "TIME", "DURATION", "SET"}, rule.name
        assert rule.triggers, f"{rule.name} has no trigger"
        (kind,) = rule.value
        assert kind in {"date", "shift", "duration", "set", "ref"}, rule.name
        for trigger in rule.triggers:
            assert trigger in classes or trigger == trigger.lower(), f"{rule.name}: trigger {trigger!r}"
        assert 0 < rule.confidence <= 1


def test_grammar_files_are_all_read() -> None:
    folder = resources.files("service.core.grammars").joinpath("en")
    present = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    assert present == sorted(GRAMMAR_FILES), "a grammar file the code does not read (or one it lacks)"


# --- every key is read ------------------------------------------------------------------------------------


@functools.cache
def _code_strings() -> frozenset[str]:
    """Every string constant of the core's code: a key the code reads is named there."""
    strings = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return frozenset(strings)


def _keys(name: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys of a grammar file that name what the code reads, as (where, key): the top-level tables,
    the fields of a rule, of its value and of a trigger class, and the fields of the lexicon's entries
    that are records (a unit, a signal, a holiday). Other keys are words of the language."""
    keys = [(name, key) for key in data]
    if name == "rules.yaml":
        for rule in data["rules"]:
            keys += [(f"rules.yaml rule {rule['name']}", key) for key in rule]
            for kind, fields in rule["value"].items():
                keys.append((f"rules.yaml rule {rule['name']} value", kind))
                if isinstance(fields, dict):
                    keys += [(f"rules.yaml rule {rule['name']} value.{kind}", key) for key in fields]
        for cls, spec in data["trigger_classes"].items():
            keys += [(f"rules.yaml trigger class {cls}", key) for key in spec]
    if name == "lexicon.yaml":
        for table in ("units", "signals", "holidays"):
            for entry, spec in data[table].items():
                keys += [(f"lexicon.yaml {table}.{entry}", key) for key in spec]
    return keys


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_key_is_read_by_the_code(language: str) -> None:
    strings = _code_strings()
    unread = set()
    for name, data in _files(language).items():
        for where, key in _keys(name, data):
            if key in strings:
                continue
            unread.add(f"{where}: {key}")
    assert not unread, "keys no code reads (use them or remove them): " + ", ".join(sorted(unread))


def _repeats(node: Any, path: str) -> list[str]:
    """Every list, at any depth, that holds an entry twice."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _repeats(value, f"{path}.{key}")
    elif isinstance(node, list):
        counts = collections.Counter(repr(item) for item in node)
        found += [f"{path}: {item}" for item, n in counts.items() if n > 1]
        for i, item in enumerate(node):
            found += _repeats(item, f"{path}[{i}]")
    return found


class _KeyCheckingLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping holding a key twice (YAML would keep the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = [k for k, n in collections.Counter(map(repr, keys)).items() if n > 1]
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"repeated keys {repeated}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("name", GRAMMAR_FILES)
def test_no_list_repeats_an_entry_and_no_key_repeats(language: str, name: str) -> None:
    text = resources.files("service.core.grammars").joinpath(language, name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_KeyCheckingLoader)  # raises on a repeated key
    assert not _repeats(data, name)


# --- every rule is exercised ------------------------------------------------------------------------------


@functools.cache
def _rules_fired(language: str) -> collections.Counter[str]:
    """How many expressions of the examples corpus each rule found (Timex.rule names it)."""
    fired: collections.Counter[str] = collections.Counter()
    for path in sorted((EXAMPLES.parent / language).glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            anchor = dt.date.fromisoformat(str(case.get("anchor", spec.get("anchor"))))
            fired.update(t.rule for t in extract(case["text"], anchor, language).timexes)
    return fired


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_rule_fires_on_an_example(language: str) -> None:
    fired = _rules_fired(language)
    idle = [rule.name for rule in load(language).rules if not fired[rule.name]]
    assert not idle, f"rules no example exercises (add examples to tests/data/examples/{language}/): {idle}"


# --- no word list in Python -------------------------------------------------------------------------------

# The code's own names for closed sets (granularities, tenses, statuses, date sources) and the fields of
# the documents it writes: words it names its data by, not words of a language it reads in a text.
LABELS = frozenset(
    {
        *("century", "decade", "year", "half", "quarter", "season", "month", "week", "weekend", "day"),
        *("part_of_day", "hour", "minute", "second", "millennium"),
        *("past", "reported", "present", "future", "nonfinite", "hypothetical"),
        *("happened", "ongoing", "scheduled", "deadline", "expected"),
        *("text", "publication", "context"),
        *("group", "headline"),
        *("news", "narrative", "colloquial"),  # the document genres
        *("timeline", "all"),  # the two views of an article's events (model.EventView)
        # the capture groups of the rules (rules.yaml), which the reading code takes values from
        *("qnum", "weekday", "num", "unit", "rel", "dayword", "part", "ord", "holiday", "tz", "hundreds"),
        *("ampm", "clock", "adverb", "pos", "dir", "date", "shift"),
        *("Y", "M", "W", "D"),  # ISO 8601 duration designators
    }
)
_WORD = re.compile(r"[A-Za-z][a-z'’. -]*")  # a word as a list would hold it (not an UPPER CASE code)
_ALTERNATION = re.compile(r"(?<![\\\w])[A-Za-z]{2,}(?:\|[A-Za-z]{2,})+(?!\w)")


def _word_lists(source: str) -> list[tuple[int, list[str]]]:
    """Collections of two or more words (a list, tuple, set, dict keys, a string split into words) and
    regex alternations of words, each with its line."""
    found = []
    tree = ast.parse(source)
    exported = {  # the names a module exports are not words
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets)
    }
    for node in ast.walk(tree):
        items: list[ast.expr] | None = None
        if id(node) in exported:
            continue
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            items = [ast.Constant(w) for w in node.func.value.value.split()]
        if items is not None:
            words = [
                e.value
                for e in items
                if isinstance(e, ast.Constant)
                and isinstance(e.value, str)
                and _WORD.fullmatch(e.value)
                and e.value not in LABELS
            ]
            if len(words) >= 2:
                found.append((node.lineno, words))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for m in _ALTERNATION.finditer(node.value):
                words = [w for w in m.group().split("|") if _WORD.fullmatch(w) and w not in LABELS]
                if len(words) >= 2:
                    found.append((node.lineno, words))
    return found


def _core_modules() -> list[str]:
    return sorted(str(p.relative_to(CORE)) for p in CORE.rglob("*.py"))


@pytest.mark.parametrize("module", _core_modules())
def test_no_word_list_in_python(module: str) -> None:
    """A language is a folder of data: words belong in service/core/grammars/<language>/, not in code."""
    lists = _word_lists((CORE / module).read_text(encoding="utf-8"))
    assert not lists, f"{module}: word lists to move into the grammar data: {lists}"


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        pytest.param('OPENERS = ("but", "while", "because")', True, id="tuple of words"),
        pytest.param('TITLES = frozenset("Mr Mrs Dr".split())', True, id="split string of words"),
        pytest.param('GAP = re.compile(r"\\s*(to|and|until)\\s+")', True, id="regex alternation of words"),
        pytest.param('ONES = {"one": 1, "two": 2}', True, id="dict keyed by words"),
        pytest.param('if tense in ("past", "reported"): pass', False, id="labels of a closed set"),
        pytest.param('CODES = ("SP", "SU", "FA")', False, id="upper-case codes"),
        pytest.param('SEASON = re.compile("(SP|SU|FA|WI)")', False, id="alternation of upper-case codes"),
        pytest.param('__all__ = ["extract", "load"]', False, id="exported names"),
    ],
)
def test_the_word_list_check_catches_word_lists(source: str, caught: bool) -> None:
    assert bool(_word_lists(source)) is caught


def test_a_tense_word_pattern_with_a_capturing_group_is_refused() -> None:
    """tense.cues reads a sentence's words with findall, which gives a group's text where there is one."""
    from service.core.grammar import _no_groups

    assert _no_groups(re.compile(r"[a-z]+(?:'[a-z]+|)"), "word").pattern
    with pytest.raises(ValueError, match="no capturing group"):
        _no_groups(re.compile(r"[a-z]+('[a-z]+|)"), "word")
