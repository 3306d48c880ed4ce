"""The grammar files load into a consistent grammar: every rule named, typed, triggered and compiled."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from service.core.grammar import load
from service.core.pipeline import SUPPORTED_LANGUAGES


def _files(language: str) -> dict[str, object]:
    folder = resources.files("service.core.grammars").joinpath(language)
    return {
        name: yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8"))
        for name in ("lexicon.yaml", "rules.yaml", "tense.yaml", "events.yaml")
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


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_grammar_is_compiled_once(language: str) -> None:
    assert load(language) is load(language)
