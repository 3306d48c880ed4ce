"""Load a language's grammar (word tables, tense cues, rules) from data files and compile it once."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from service.core import locale_seed
from service.core.sentences import Abbreviations
from service.core.skipping import compile_skipping

if TYPE_CHECKING:
    from service.core.tense import Tense

_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")
_MARKER_MACROS = {"AGO": "ago_markers", "IN": "in_markers"}
# libyaml's safe loader (in PyYAML's wheels) reads the same data as the pure-Python one, much faster, which
# shortens the time to /readyz; the pure-Python loader where PyYAML was built without libyaml.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Rules and grammars compare and hash by identity (eq=False): derived tables are cached per object.
@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """One compiled recognition rule."""

    name: str
    index: int
    type: str
    regex: re.Pattern[str]
    value: dict[str, Any]
    mods: str | None = None
    mod: str | None = None
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    confidence: float = 1.0
    triggers: tuple[str, ...] = ()
    genres: frozenset[str] | None = None  # the document genres it applies to (None: all)
    # trigger classes at whose positions alone its matches can begin (empty: anywhere): tried there only
    starts_at: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Grammar:
    """Everything recognition and normalization need for one language."""

    language: str
    lexicon: dict[str, Any]
    rules: tuple[Rule, ...]
    modifiers: dict[str, re.Pattern[str]]
    approximate_suffix: re.Pattern[str]
    signal: re.Pattern[str]
    range_pair: re.Pattern[str]  # the gap between a range's two ends: ", to " (group 1: the closing word)
    abbreviations: Abbreviations  # where a period does not end a sentence
    events: dict[str, frozenset[str]]  # the word lists of events.yaml, in lower case
    trigger_cased: dict[str, frozenset[str]]
    trigger_lower: dict[str, frozenset[str]]
    # every trigger word in lower case, as ASCII bytes: the keys its lower-case form triggers, and whether
    # some cased trigger word is written with the same letters
    trigger_forms: dict[bytes, tuple[tuple[str, ...], bool]]
    trigger_finder: re.Pattern[bytes]  # finds the trigger_forms in " " + text as lower-case letters + " "
    trigger_digits: re.Pattern[str]  # tried at each run of digits: group NAME is set where class NAME fits
    rules_by_trigger: dict[str, tuple[Rule, ...]]  # trigger class or word -> the rules it triggers
    tense_cues: re.Pattern[str]  # see tense.cues
    tense_token: re.Pattern[str]  # a word of the language, as tense.cues reads a sentence
    tense_words: dict[str, Tense] = field(default_factory=dict)
    not_past: frozenset[str] = frozenset()
    future_signals: frozenset[str] = frozenset()  # signal words that point ahead ("until Monday")
    participle_after: frozenset[str] = frozenset()
    # the word -> tense tables of events.yaml (auxiliaries, modals)
    event_tenses: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # the patterns of events.yaml (what stands before a verb to make it a perfect), compiled
    event_patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # accented letters -> the ASCII letter trigger words are written with (str.translate table; empty where
    # the trigger words are ASCII as written)
    fold: dict[int, int] = field(default_factory=dict)
    function_words: frozenset[str] = frozenset()  # the commonest words of the language (language.detect)


def _key(word: str) -> str:
    """The table key of a matched word: lower case, single spaces, straight apostrophes."""
    return " ".join(word.replace("’", "'").replace("‘", "'").lower().split())


def _atoms(word: str) -> list[str]:
    """A table entry as regex atoms: flexible spaces/hyphens, either apostrophe, literal dots."""
    out = []
    for ch in word:
        if ch == " ":
            out.append(r"[\s-]+")
        elif ch == "'":
            out.append("['’]")
        elif ch == "-":
            out.append(r"[\s-]")
        else:
            out.append(re.escape(ch))
    return out


def _literal(word: str) -> list[str]:
    """A word as regex atoms, each character as written."""
    return [re.escape(ch) for ch in word]


def _trie(sequences: list[list[str]]) -> str:
    """One regex for many atom sequences, factored by common prefix so that the engine tries only the
    branches whose first atom fits; at every branch point longer continuations are tried first, so the
    longest entry wins as in a longest-first alternation."""
    end = ""  # the key marking that an entry ends at a node
    root: dict[str, Any] = {}
    for seq in sequences:
        node = root
        for atom in seq:
            node = node.setdefault(atom, {})
        node[end] = {}

    def depth(node: dict[str, Any]) -> int:
        return max((1 + depth(child) for atom, child in node.items() if atom != end), default=0)

    def emit(node: dict[str, Any]) -> str:
        children = sorted((a for a in node if a != end), key=lambda a: (-depth(node[a]), a))
        branches = [a + emit(node[a]) for a in children]
        if not branches:
            return ""
        if end in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(root)


def _alternation(words: list[str], cased: bool = False, title_lower: frozenset[str] = frozenset()) -> str:
    """Longest-first alternation of words; `cased` keeps Title Case (the words of `title_lower` staying
    in lower case) and UPPER CASE only."""
    variants: list[str] = []
    for w in words:
        if cased:
            title = " ".join(p if p in title_lower else p[:1].upper() + p[1:] for p in w.split(" "))
            variants += [title, w.upper()]
        else:
            variants.append(w)
    if cased:
        return f"(?-i:{_trie([_atoms(v) for v in set(variants)])})"
    return f"(?:{_trie([a for v in set(variants) for a in _cased_first(_atoms(v))])})"


def _cased_first(atoms: list[str]) -> list[list[str]]:
    """An entry starting with a letter, once per case of that letter written as a case-sensitive literal:
    the engine then skips, by one comparison, every branch of the alternation that starts otherwise."""
    first = atoms[0]
    if not (first.isascii() and first.isalpha()):
        return [atoms]
    return [[f"(?-i:{case})", *atoms[1:]] for case in (first.lower(), first.upper())]


def _macros(
    lex: dict[str, Any], writing: dict[str, Any], patterns: dict[str, str] | None = None
) -> dict[str, str]:
    """Regex fragments standing for the word tables, and the rules' own named fragments (`patterns`
    of rules.yaml, which may use the tables' macros)."""
    macros = _table_macros(lex, writing)
    for name, fragment in (patterns or {}).items():
        macros[name] = _expand(fragment, macros)
    return macros


def _table_macros(lex: dict[str, Any], writing: dict[str, Any]) -> dict[str, str]:
    """Regex fragments standing for the word tables."""
    title_lower = frozenset(writing["title_case_lower"])

    capitalized = writing.get("capitalized_names", True)  # months, weekdays, holidays: "May" not "may"
    zones = list(lex["time_zones"])  # UPPER CASE where names are capitalized ("EST", not "est")

    def cased(words: list[str]) -> str:
        return _alternation(words, cased=capitalized, title_lower=title_lower)

    months = list(lex["months"])
    abbreviated = set(writing["month_abbreviations"])
    full_months = [m for m in months if m not in abbreviated]
    ambiguous = set(lex["ambiguous_months"])
    number_words = [w for w in lex["numbers"]]
    hyphenated = [f"{t}-{o}" for t in writing["compound_tens"] for o in writing["compound_ones"]]
    plurals = writing["irregular_plurals"]
    unit_words: list[str] = []
    for unit in lex["units"]:
        unit_words += [unit, plurals.get(unit, unit + "s")]
    holidays = list(lex["holidays"])
    num = _alternation(hyphenated + number_words + list(lex["vague_numbers"]))
    return {
        "MONTH": cased(months),
        "MONTH_FULL": cased(full_months),
        "MONTH_UNAMBIGUOUS": cased([m for m in full_months if m not in ambiguous]),
        "MONTH_AMBIGUOUS_FULL": cased([m for m in full_months if m in ambiguous]),
        "WEEKDAY": cased(list(lex["weekdays"])),
        "DAY": r"(?:3[01]|[12][0-9]|0?[1-9])",
        "YEAR": r"(?:1[0-9]{3}|20[0-9]{2})",
        "NUM": rf"(?:\d{{1,4}}\s+1/2|\d{{1,4}}(?:[.,]\d+)?(?![\d,])|{num})",
        "NUM_WORD_SMALL": _alternation(list(writing["small_numbers"])),
        "UNIT": _alternation(unit_words),
        "SEASON": _alternation(list(lex["seasons"])),
        # counting ordinals only: "last" (-1) has rules of its own
        "ORDINAL": _alternation([o for o, n in lex["ordinals"].items() if n > 0]),
        "HOLIDAY": cased(holidays),
        "TZ": _time_zones(zones, title_lower) if capitalized else _alternation(zones),
        # the ago / in markers seeded from dateparser ("hace", "dentro de"), where a grammar has them
        **{name: _alternation(list(lex[table])) for name, table in _MARKER_MACROS.items() if lex.get(table)},
    }


def _time_zones(zones: list[str], title_lower: frozenset[str]) -> str:
    """The TZ macro: time zone codes as written (UPPER CASE or Title Case), whatever the language's names."""
    return _alternation(zones, cased=True, title_lower=title_lower).replace("(?-i:", "(?-i:(?:") + ")"


def _trigger_words(
    lex: dict[str, Any],
    classes: dict[str, dict[str, Any]],
    not_triggers: frozenset[str],
    fold: dict[int, int] | None = None,
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Word -> trigger keys it stands for: one table matched as written (cased), one in lower case (each
    word with its accented letters folded to ASCII by `fold`, as recognition folds the text)."""
    cased: dict[str, set[str]] = {}
    lower: dict[str, set[str]] = {}
    for name, spec in classes.items():
        if "digits" in spec:
            continue
        tables = spec["table"] if isinstance(spec["table"], list) else [spec["table"]]
        entries = [e for table in tables for e in lex[table]] + list(spec.get("also", []))
        words = []
        for entry in entries:
            parts = [p for p in re.split(r"[\s.'’-]+", entry) if p and p not in not_triggers]
            if fold:
                parts = [p.translate(fold) for p in parts]
            words += parts[:1] if spec.get("first_word") else parts
        if spec.get("plural"):
            words += [w + "s" for w in words]
        for w in words:
            if spec.get("cased"):
                for form in (w[:1].upper() + w[1:], w.upper()):
                    cased.setdefault(form, set()).add(name)
            else:
                lower.setdefault(w.lower(), set()).add(name)
    return cased, lower


def _trigger_forms(
    cased: dict[str, set[str]], lower: dict[str, set[str]]
) -> dict[bytes, tuple[tuple[str, ...], bool]]:
    """Each trigger word in lower case, as bytes, with the keys its lower-case form triggers and whether a
    cased trigger word is spelled with the same letters: recognition finds them as whole runs of ASCII
    letters in a byte copy of the text, so each must be such a run."""
    words = set(cased) | set(lower)
    odd = sorted(w for w in words if not (w.isascii() and w.isalpha()))
    if odd:
        raise ValueError(f"trigger words must be runs of ASCII letters: {', '.join(map(repr, odd))}")
    folded = {w.lower() for w in cased}
    forms = sorted(folded | set(lower))
    return {w.encode("ascii"): (tuple(sorted(lower.get(w, ()))), w in folded) for w in forms}


def word_finder(forms: Iterable[bytes]) -> re.Pattern[bytes]:
    """One pattern for words of ASCII letters as whole words of a text's letters copy (``b" may june "``):
    a space, the word (group 1), and a space next; factored by common prefix, it costs the engine a few
    comparisons at each word, and its search jumps from space to space. (Recognition finds its trigger
    words with it, the event pass the first words of its connectives and hypothetical markers.)"""
    body = _trie([_literal(f.decode("ascii")) for f in forms])
    return re.compile(b" (" + body.encode("ascii") + b")(?= )")


def _digit_classes(patterns: dict[str, str]) -> re.Pattern[str]:
    """One pattern trying every digit class at a run of digits: its group `NAME` is set when class NAME
    matches there (each class is a lookahead, so that all of them are tried at the same place)."""
    return re.compile("".join(f"(?:(?=(?P<{name}>{p}))|)" for name, p in patterns.items()), re.I)


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: macros[m.group(1)], pattern)


def _optional(pattern: str | None, macros: dict[str, str]) -> re.Pattern[str] | None:
    return compile_skipping(_expand(pattern, macros)) if pattern else None


def _phrases_regex(phrases: list[str], suffix: str = "") -> str:
    return _alternation(sorted(phrases, key=len, reverse=True)) + suffix


def _modifier_phrases(phrases: list[str], after: dict[str, dict[str, list[str]]]) -> str:
    """The modifier phrases as one alternation; a phrase of `after` (lexicon `modifier_after`) counts only
    where it opens its clause or follows one of its `words`, and not after one of its `not_after` endings
    ("over" is "more than" in "for over a year", "during" in "phased in over a year")."""
    free = [p for p in phrases if p not in after]
    parts = [_phrases_regex(free)] if free else []
    for phrase, where in after.items():
        opening = r"(?<![\w%,;] )"
        following = "|".join(rf"(?<=\b{re.escape(w)} )" for w in where["words"])
        barred = "".join(rf"(?<!{re.escape(e)} )" for e in where.get("not_after", ()))
        parts.append(rf"(?:{opening}|{barred}(?:{following})){re.escape(phrase)}")
    return "|".join(parts)


def _range_pair(signals: dict[str, dict[str, Any]]) -> re.Pattern[str]:
    """The gap between the two ends of a range, written in lower case: the words a range's opening
    signal pairs with ("from ... to", "between ... and")."""
    closing = sorted({w for spec in signals.values() for w in spec.get("pairs_with", ())})
    closing.sort(key=len, reverse=True)
    return re.compile(r"\s*,?\s*(" + "|".join(map(re.escape, closing)) + r")\s+")


def _read(language: str, name: str) -> dict[str, Any]:
    text = (
        resources.files("service.core.grammars").joinpath(language).joinpath(name).read_text(encoding="utf-8")
    )
    return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader


def _tense_cue_pattern(tense_words: dict[str, Tense], tense: dict[str, Any]) -> re.Pattern[str]:
    """The tense phrases (up to three words, the longest first), else a regular past form (the language's
    `regular_past` pattern: English -ed forms of four letters or more), else a regular future form (group
    `future`, where the language has one); a language's `compound_past` pattern (French "a visité") is
    tried before the phrases. All as whole words of a sentence's words in lower case, each after a single
    space."""
    phrases = [p for p in tense_words if p and p.count(" ") < 3]
    trie = _trie([_literal(p) for p in phrases])
    future = f"|(?P<future>{tense['regular_future']})" if tense.get("regular_future") else ""
    # a compound past ("a visité", "sont rendus") is tried first: its auxiliary alone is a present phrase
    compound = f"{tense['compound_past']}|" if tense.get("compound_past") else ""
    return re.compile(rf" ({compound}{trie}|{tense['regular_past']}{future})(?![^ ])")


def _fold_table(writing: dict[str, Any]) -> dict[int, int]:
    """The `ascii_folding` of writing.yaml (accented letters, their ASCII letters) as a translate table."""
    accented, plain = writing.get("ascii_folding") or ("", "")
    return str.maketrans(accented, plain)


def _event_words(language: str) -> dict[str, Any]:
    """A language's event word tables; a table its events.yaml does not have yet (the event pass is
    built for English first) is empty, so that the pass runs and finds nothing through it."""
    words = _read(language, "events.yaml")
    if language != "en":
        for key, table in _read("en", "events.yaml").items():
            # ((?!) matches nothing: a pattern the language does not have yet)
            words.setdefault(key, {} if isinstance(table, dict) else "(?!)" if isinstance(table, str) else [])
    return words


@functools.cache
def load(language: str) -> Grammar:
    """Read and compile the grammar of `language` (cached: compiled once per process)."""
    lex = _read(language, "lexicon.yaml")
    tense = _read(language, "tense.yaml")
    spec = _read(language, "rules.yaml")
    event_words = _event_words(language)
    writing = _read(language, "writing.yaml")
    lex, writing = locale_seed.seed(lex, writing)  # dateparser's forms under our own, where asked for
    fold = _fold_table(writing)
    macros = _macros(lex, writing, spec.get("patterns"))
    classes = spec["trigger_classes"]
    cased_words, lower_words = _trigger_words(lex, classes, frozenset(writing["not_triggers"]), fold)
    for r in spec["rules"]:  # (a literal word of `trigger` or `starts_at` is found as a trigger word)
        for t in [*r["trigger"], *r.get("starts_at", ())]:
            if t not in classes:
                lower_words.setdefault(t.translate(fold), set()).add(t)
    triggers = {t for r in spec["rules"] for t in r["trigger"]}
    unknown = {
        k for r in spec["rules"] for k in r.get("starts_at", ()) if k not in classes and not k.islower()
    }
    if unknown:  # (a class's name is in capitals, a word in lower case)
        raise ValueError(f"starts_at names what is no trigger class: {', '.join(sorted(unknown))}")
    rules = []
    for i, r in enumerate(spec["rules"]):
        rules.append(
            Rule(
                name=r["name"],
                index=i,
                type=r["type"],
                regex=compile_skipping(_expand(r["pattern"], macros), re.IGNORECASE),
                value=r["value"],
                mods=r.get("mods", "point" if ("date" in r["value"] or "shift" in r["value"]) else None),
                mod=r.get("mod"),
                before=_optional(r.get("before"), macros),
                not_before=_optional(r.get("not_before"), macros),
                not_after=_optional(r.get("not_after"), macros),
                confidence=float(r.get("confidence", 1.0)),
                triggers=tuple(r["trigger"]),
                genres=frozenset(r["genres"]) if "genres" in r else None,
                starts_at=tuple(r.get("starts_at", ())),
            )
        )
    modifiers = {
        kind: compile_skipping(
            r"(?i)(?<![\w-])(?P<mod>"
            + _modifier_phrases(list(table), lex.get("modifier_after", {}).get(kind, {}))
            + r")(?:\s+|-\s*)$"
        )
        for kind, table in lex["modifiers"].items()
    }
    signal = compile_skipping(r"(?i)(?<![\w-])(?P<signal>" + _phrases_regex(list(lex["signals"])) + r")\s+$")
    tense_words: dict[str, Tense] = {}
    for w in tense["past_irregular"] + tense["past_participles"]:
        tense_words[w] = "past"
    for w in tense["reporting_verbs"]:
        tense_words[w] = "reported"
    for w in tense["present_phrases"]:
        tense_words[_key(w)] = "present"
    for w in tense["future_phrases"]:
        tense_words[_key(w)] = "future"
    return Grammar(
        language=language,
        lexicon=lex,
        rules=tuple(rules),
        modifiers=modifiers,
        approximate_suffix=re.compile(r"(?i)^\s+(?:" + _phrases_regex(lex["approximate_suffixes"]) + r")\b"),
        signal=signal,
        range_pair=_range_pair(lex["signals"]),
        abbreviations=Abbreviations.of(writing["abbreviations"]),
        events={k: frozenset(w.lower() for w in v) for k, v in event_words.items() if isinstance(v, list)},
        event_tenses={k: dict(v) for k, v in event_words.items() if isinstance(v, dict)},
        event_patterns={
            k: re.compile(v, re.IGNORECASE) for k, v in event_words.items() if isinstance(v, str)
        },
        trigger_cased={w: frozenset(k) for w, k in cased_words.items()},
        trigger_lower={w: frozenset(k) for w, k in lower_words.items()},
        trigger_forms=(forms := _trigger_forms(cased_words, lower_words)),
        trigger_finder=word_finder(forms),
        rules_by_trigger={t: tuple(r for r in rules if t in r.triggers) for t in triggers},
        trigger_digits=_digit_classes({k: c["digits"] for k, c in classes.items() if "digits" in c}),
        tense_words=tense_words,
        not_past=frozenset(tense["not_past"]),
        future_signals=frozenset(s for s, spec in lex["signals"].items() if spec.get("future")),
        participle_after=frozenset(tense["participle_after"]),
        tense_cues=_tense_cue_pattern(tense_words, tense),
        tense_token=_no_groups(re.compile(tense["word"]), "tense.yaml's word"),
        fold=fold,
        function_words=frozenset(w.lower() for w in writing.get("function_words", ())),
    )


def _no_groups(pattern: re.Pattern[str], what: str) -> re.Pattern[str]:
    """A pattern whose findall gives the matched texts: one with no capturing group."""
    if pattern.groups:
        raise ValueError(f"{what} pattern must have no capturing group (use (?:...))")
    return pattern


def lookup_key(word: str) -> str:
    """Public form of the table-key normalization, for the normalizer."""
    return _key(word)
