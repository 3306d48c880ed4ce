"""Seeding word tables from dateparser's locale data: what is taken, what is left out, ours on top."""

from __future__ import annotations

import datetime as dt

import pytest

from service.core import extract, locale_seed
from service.core.grammar import load

UNITS = {"año": {"duration": "Y", "granularity": "year", "unit": "year"}}


def _seeded(**writing):
    return locale_seed.seed({"units": dict(UNITS), "months": {"setiembre": 9}}, writing)


def test_a_grammar_without_a_locale_is_left_as_it_is() -> None:
    lex, writing = {"months": {"may": 5}}, {"abbreviations": ["Mr"]}
    assert locale_seed.seed(lex, writing) == (lex, writing)


@pytest.mark.parametrize(
    ("table", "word", "value"),
    [
        pytest.param("months", "marzo", 3, id="a month's name"),
        pytest.param("months", "ene", 1, id="a month's abbreviation"),
        pytest.param("months", "setiembre", 9, id="our own entry kept"),
        pytest.param("weekdays", "miércoles", 3, id="a weekday's name, accents kept"),
        pytest.param("weekday_abbreviations", "sáb", 6, id="a weekday's abbreviation"),
    ],
)
def test_names_come_from_dateparser(table: str, word: str, value: int) -> None:
    lex, _ = _seeded(dateparser_locale="es")
    assert lex[table][word] == value


@pytest.mark.parametrize(
    ("word", "why"),
    [
        pytest.param("mar", "both March and Tuesday in dateparser's data", id="mar"),
        pytest.param("lu", "shorter than three letters", id="Lu"),
        pytest.param("mi", "shorter than three letters", id="Mi"),
    ],
)
def test_ambiguous_and_short_forms_are_left_out(word: str, why: str) -> None:
    lex, _ = _seeded(dateparser_locale="es")
    tables = ("months", "weekdays", "weekday_abbreviations")
    assert all(word not in lex[t] for t in tables), why


def test_skipped_forms_are_left_out_and_abbreviations_listed() -> None:
    lex, writing = _seeded(dateparser_locale="es", dateparser_skip=["ene"])
    assert "ene" not in lex["months"]
    assert "feb" in writing["month_abbreviations"] and "febrero" not in writing["month_abbreviations"]


def test_unit_forms_share_our_entry_and_markers_are_taken() -> None:
    lex, _ = _seeded(dateparser_locale="es", dateparser_markers=["ago"])
    assert lex["units"]["años"] == UNITS["año"]
    assert "a" not in lex["units"]  # dateparser's one-letter form of año
    assert lex["ago_markers"] == ["hace"]


def test_the_spanish_grammar_is_seeded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """dateparser's data is read when the grammar is compiled, never per request."""
    grammar = load("es")
    calls = []
    monkeypatch.setattr(locale_seed, "locale_info", lambda locale: calls.append(locale) or {})
    assert load("es") is grammar
    extract("Hace tres días se firmó el acuerdo.", dt.date(2025, 4, 18), "es")
    assert "marzo" in grammar.lexicon["months"] and "hace" in grammar.lexicon["ago_markers"]
    assert calls == []
