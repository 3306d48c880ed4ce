"""Read a rule's match through the grammar's word tables: the calendar fields its value spec names."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from service.core.grammar import Grammar, Rule, lookup_key
from service.core.recognize import Candidate

_SPACE_OR_HYPHEN = re.compile(r"[\s-]+")  # between the words of a phrase ("twenty-one", "nineteen eighties")


@dataclass(init=False, slots=True)  # (its __init__ written out, which mypyc compiles: see model.py)
class Reading:
    """What a rule's value spec says once its groups are read through the word tables."""

    kind: str
    fields: dict[str, Any]

    def __init__(self, kind: str, fields: dict[str, Any]) -> None:
        self.kind = kind
        self.fields = fields


class Unresolvable(Exception):
    """The expression cannot be given a value (a 31 February, an unknown word)."""


def _int(text: str) -> int:
    return int(text)


def _number(grammar: Grammar, text: str) -> float | str:
    key = lookup_key(text).replace("-", " ")
    numbers = grammar.lexicon["numbers"]
    if key in numbers:
        return numbers[key]
    if key in grammar.lexicon["vague_numbers"] or key.replace(" ", "-") in grammar.lexicon["vague_numbers"]:
        return "X"
    parts = key.split()
    multipliers = grammar.lexicon.get("number_multipliers", {})
    at = next((i for i, p in enumerate(parts) if p in multipliers), None)
    joiners = grammar.lexicon.get("number_joiners", [])
    if at is not None and all(p in numbers or p in joiners or i == at for i, p in enumerate(parts)):
        # "two hundred", "a hundred and fifty": the words before the multiplier count it
        head = sum(numbers[p] for p in parts[:at] if p not in joiners) or 1
        return head * multipliers[parts[at]] + sum(numbers[p] for p in parts[at + 1 :] if p not in joiners)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:  # twenty five
        return numbers[parts[0]] + numbers[parts[1]]
    if key.endswith(" 1/2"):
        return int(key[:-4]) + 0.5
    try:
        return float(key.replace(",", "")) if "." in key or "," in key else int(key)
    except ValueError as exc:
        raise Unresolvable(text) from exc


def _spoken_year(grammar: Grammar, text: str) -> int:
    """'nineteen ninety-four' -> 1994, 'two thousand and three' -> 2003 (the words: `spoken_years`)."""
    numbers, table = grammar.lexicon["numbers"], grammar.lexicon["spoken_years"]
    words = [w for w in _SPACE_OR_HYPHEN.split(lookup_key(text)) if w not in table["filler"]]
    for i in range(len(words), 0, -1):  # a thousands word ("two thousand") opens the year
        base = table["thousands"].get(" ".join(words[:i]))
        if base is not None:
            return int(base) + sum(numbers[w] for w in words[i:])
    rest = [w for w in words[1:] if w not in table["zero"]]
    return numbers[words[0]] * 100 + sum(numbers[w] for w in rest)


def _year(text: str, anchor: dt.date) -> int:
    digits = text.strip("'‘’")
    year = int(digits)
    if len(digits) == 2:
        year += anchor.year // 100 * 100
        if year > anchor.year + 10:
            year -= 100
    return year


def _range_year(text: str, anchor: dt.date) -> int:
    """The second year of a range written "1914-18" or "1990/91": in the first year's century, or the
    next one where it would not come after the first ("1999-00" is 2000)."""
    first, last = text[:4], text[-2:]
    year = int(first[:2] + last)
    return year if year > int(first) else year + 100


def _unit(grammar: Grammar, text: str) -> str:
    key = lookup_key(text)
    key = grammar.lexicon["irregular_plurals"].get(key, key)
    units = grammar.lexicon["units"]
    if key not in units:
        key = _singular(grammar, key)
    if key not in units:
        raise Unresolvable(text)
    return units[key].get("unit", key)  # the code's name of the unit where the word is not it (año: year)


def _singular(grammar: Grammar, key: str) -> str:
    """A regular plural's singular (the grammar's `plural_suffixes`), or the key as it is."""
    for suffix in grammar.lexicon["plural_suffixes"]:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


Reader = Callable[[str, dt.date], Any]


class _Read(NamedTuple):
    """A field of a rule's value spec read from a group through a word table."""

    key: str
    group: str
    second: str  # the group's second occurrence, read when the first did not take part
    read: Reader
    negate: bool


class _Spec(NamedTuple):
    """A rule's value spec, prepared: its kind, the fields given as written, the fields read from groups."""

    kind: str
    written: dict[str, Any]
    reads: tuple[_Read, ...]


@functools.cache
def _spec(grammar: Grammar, rule: Rule) -> _Spec:
    """A rule's prepared value spec, made on its first use and kept (grammars and their rules live as
    long as the process)."""
    return _prepare(rule, _readers(grammar))


def _prepare(rule: Rule, readers: dict[str, Reader]) -> _Spec:
    """The kind and fields of a rule's value spec, each group reference tied to its reader."""
    ((kind, spec),) = rule.value.items()
    if not isinstance(spec, dict):
        return _Spec(kind, {"value": spec}, ())
    written: dict[str, Any] = {}
    reads: list[_Read] = []
    for key, ref in spec.items():
        if isinstance(ref, str) and ref.lstrip("-").startswith("$"):
            name = ref.lstrip("-")[1:]
            read = readers.get(name.rstrip("0123456789")) or _unknown(name)
            reads.append(_Read(key, name, name + "2", read, ref.startswith("-")))
        else:
            written[key] = ref
    return _Spec(kind, written, tuple(reads))


def _unknown(name: str) -> Reader:
    """The reader of a group no table reads: the candidate is dropped when the group took part."""

    def read(text: str, _anchor: dt.date) -> Any:
        raise KeyError(name)

    return read


@functools.cache
def _readers(grammar: Grammar) -> dict[str, Reader]:
    """The readers of a grammar's group names, built once per grammar."""
    lex = grammar.lexicon

    def lookup(table: dict[str, Any]) -> Reader:
        def read(text: str, _anchor: dt.date) -> Any:
            key = lookup_key(text).rstrip(".")
            if key not in table:
                raise Unresolvable(text)
            return table[key]

        return read

    def month(text: str, anchor: dt.date) -> int:
        return int(text) if text.isdigit() else lookup(lex["months"])(text, anchor)

    def weekday(text: str, anchor: dt.date) -> int:
        key = lookup_key(text).rstrip(".")
        if key not in lex["weekdays"] and key not in lex["weekday_abbreviations"]:
            key = _singular(grammar, key)  # "on Mondays"
        return lex["weekdays"].get(key) or lookup(lex["weekday_abbreviations"])(key, anchor)

    def ordinal(text: str, anchor: dt.date) -> int:
        key = lookup_key(text)
        digits = re.match(r"\d+", key)
        return int(digits.group()) if digits else lookup(lex["ordinals"])(key, anchor)

    def tz(text: str, anchor: dt.date) -> str:
        if text == "Z" or text[0] in "+-":
            return text if text == "Z" or ":" in text else f"{text[:3]}:{text[3:]}"
        return lookup(lex["time_zones"])(text, anchor)

    def decade(text: str, anchor: dt.date) -> str:
        if len(text) == 3:
            return text
        recent = anchor.year // 100 * 10 + int(text)  # '20s -> 202
        if recent * 10 > anchor.year and recent >= 10:  # the last such decade, unless none has been yet
            recent -= 10
        return f"{recent:03d}"

    def relative(text: str, anchor: dt.date) -> int:
        key = lookup_key(text)
        first, _, rest = key.partition(" ")
        if rest and first in lex["position_words"]:  # "later that" is "that" at a position
            key = rest
        return lookup(lex["relative_words"])(key, anchor)

    def spoken_year(text: str, anchor: dt.date) -> int:
        return _spoken_year(grammar, text)

    def spoken_decade(text: str, anchor: dt.date) -> str:
        key, numbers = lookup_key(text), lex["numbers"]
        if key in numbers:  # a tens number word names its decade (noventa -> 9)
            return decade(str(numbers[key] // 10), anchor)
        century, _, tens = _SPACE_OR_HYPHEN.sub(" ", key).rpartition(" ")
        if century in numbers:  # "nineteen eighties" -> 198
            return f"{numbers[century] * 10 + lookup(lex['spoken_decades'])(tens, anchor):03d}"
        return decade(str(lookup(lex["spoken_decades"])(text, anchor)), anchor)  # nineties -> 9

    readers: dict[str, Reader] = {
        "spoken_year": spoken_year,
        "spoken_decade": spoken_decade,
        "month": month,
        "day": lambda t, a: _int(t),
        "hour": lambda t, a: _int(t) if t.isdigit() else _number(grammar, t),
        "minute": lambda t, a: _int(t),
        "qnum": lambda t, a: _int(t),
        "year": _year,
        "range_year": _range_year,  # "1914-[18]": 1918
        "weekday": weekday,
        "num": lambda t, a: _number(grammar, t),
        "unit": lambda t, a: _unit(grammar, t),
        "rel": relative,
        "dayword": lambda t, a: lookup(lex["day_words"])(t, a),
        "season": lambda t, a: lookup(lex["seasons"])(t, a),
        "part": lambda t, a: lookup(lex["parts_of_day"])(t, a),
        "ord": ordinal,
        "century": ordinal,
        "holiday": lambda t, a: lookup(lex["holidays"])(t, a),
        "tz": tz,
        "decade": decade,
        "decade_short": decade,
        "hundreds": lambda t, a: t,
        "bc_year": lambda t, a: _int(t),
        "bc_century": lambda t, a: _int(t),
        "ampm": lambda t, a: lookup(lex["meridiems"])(t.replace(".", "").replace(" ", ""), a),
        "clock_part": lambda t, a: lookup(lex["clock_parts"])(t, a),  # "9 in the morning": am
        "quarter_month": lambda t, a: lookup(lex["quarter_months"])(t, a),  # "the June quarter": 2
        "and_num": lambda t, a: _number(grammar, t),  # "two years and [three] months"
        "and_unit": lambda t, a: _unit(grammar, t),
        "more_num": lambda t, a: _number(grammar, t),  # "2:19:[36]"
        "clock": lambda t, a: lookup(lex["clock_words"])(t, a),
        "adverb": lambda t, a: t.lower(),
        "pos": lambda t, a: t.lower(),
        "dir": lambda t, a: lookup(lex["directions"])(t, a),
        # a word that makes an offset count from the last date mentioned ("a year earlier", not "ago")
        "anaphoric": lambda t, a: "context",
    }
    return readers


def read(grammar: Grammar, c: Candidate, anchor: dt.date) -> Reading:
    """Evaluate the rule's value spec with the candidate's groups."""
    kind, written, reads = _spec(grammar, c.rule)
    fields = dict(written)
    groups = c.groups
    for key, group, second, reader, negate in reads:
        text = groups.get(group) or groups.get(second)
        if text is None:
            continue
        value = reader(text, anchor)
        if negate:
            value = "-X" if value == "X" else -value
        fields[key] = value
    return Reading(kind, fields)
