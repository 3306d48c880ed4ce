"""Find temporal expressions: run every rule, keep the longest non-overlapping matches, attach modifiers."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from service.core.grammar import Grammar, Rule, lookup_key

_CONTEXT = 40  # characters of left/right context a rule's context patterns look at
WINDOW = 48  # how far a match may extend from the trigger word it contains


@dataclass(init=False, slots=True)  # (its __init__ written out, which mypyc compiles: see model.py)
class Candidate:
    """A recognized expression with its underspecified reading, before normalization."""

    start: int
    end: int
    rule: Rule
    groups: dict[str, str]
    mod: str | None = None
    signal: str | None = None

    def __init__(
        self,
        start: int,
        end: int,
        rule: Rule,
        groups: dict[str, str],
        mod: str | None = None,
        signal: str | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.rule = rule
        self.groups = groups
        self.mod = mod
        self.signal = signal


def _context_ok(rule: Rule, text: str, start: int, end: int) -> bool:
    left = text[max(0, start - _CONTEXT) : start]
    if rule.before is not None and not rule.before.search(left):
        return False
    if rule.not_before is not None and rule.not_before.search(left):
        return False
    if rule.not_after is not None and rule.not_after.match(text[end : end + _CONTEXT]):
        return False
    return True


def triggers(grammar: Grammar, text: str) -> dict[str, list[int]]:
    """Where each trigger class and trigger word occurs in the text, each key's positions in text order:
    the words and the runs of digits are found in one-byte-a-character copies of the text (lower-case
    letters, or digits as "0", everything else a space), whose searches jump from one space or one "0" to
    the next (a regex search over the text itself that cannot skip ahead by its first character costs
    about as much per character as the rest of recognition)."""
    # what is not ASCII becomes one "?", so positions line up (accented letters first folded to theirs)
    raw = (text.translate(grammar.fold) if grammar.fold else text).encode("ascii", "replace")
    found = _trigger_words(grammar, text, raw)
    classes, names = grammar.trigger_digits, _class_groups(grammar.trigger_digits)
    for start in _digit_runs(text, raw):
        m = classes.match(text, start)
        if m is not None and m.lastindex:  # some class matched here
            groups = m.groups()  # (a tuple: no dictionary made at each run of digits)
            for name, index in names:
                if groups[index] is not None:
                    found.setdefault(name, []).append(start)
    return found


@functools.cache
def _class_groups(classes: re.Pattern[str]) -> tuple[tuple[str, int], ...]:
    """Each digit class's name and where its group is in a match's `groups()`."""
    return tuple((name, index - 1) for name, index in classes.groupindex.items())


# Bytes -> ASCII letters in lower case, every other byte a space; every ASCII digit a "0", every other
# byte a space.
_LETTERS_ONLY = bytes(c | 0x20 if chr(c).isascii() and chr(c).isalpha() else 0x20 for c in range(256))
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= c <= 0x39 else 0x20 for c in range(256))
# (a literal first atom, which the engine skips ahead to: about ten times faster than [0-9]+)
_ZERO_RUN = re.compile(rb"00*")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a decimal digit outside ASCII
_DIGIT_RUN_TEXT = re.compile(r"\d\d*")
# A match that ends this close to the end of the stretch searched may have been cut there (its word boundary
# or lookahead took the stretch's end for the text's: "the 3rd Mar|ine"): it is matched again in the
# whole text.
_CUT = 24


def _trigger_words(grammar: Grammar, text: str, raw: bytes) -> dict[str, list[int]]:
    """The trigger words of a text (`raw`: its bytes from `triggers`), as whole runs of ASCII letters
    (which every trigger word is): one search of a lower-case letters copy of the text for all of them at
    once, which visits only the words that are triggers."""
    found: dict[str, list[int]] = {}
    cased, forms = grammar.trigger_cased, grammar.trigger_forms
    padded = b" " + raw.translate(_LETTERS_ONLY) + b" "  # a whole word w is " w " here, one byte later
    for m in grammar.trigger_finder.finditer(padded):
        start = m.start()  # (of the space before the word: where the word starts in `text`)
        form = m.group(1)
        keys, has_cased = forms[form]
        for k in keys:
            found.setdefault(k, []).append(start)
        if has_cased:
            for k in cased.get(text[start : start + len(form)], ()):
                found.setdefault(k, []).append(start)
    return found


def _digit_runs(text: str, raw: bytes) -> list[int]:
    """Where the runs of decimal digits (regex \\d) of a text start."""
    if not text.isascii() and _OTHER_DIGIT.search(text) is not None:  # what the bytes cannot see
        return [m.start() for m in _DIGIT_RUN_TEXT.finditer(text)]
    return [m.start() for m in _ZERO_RUN.finditer(raw.translate(_DIGITS_AS_ZERO))]


def _merged(where: dict[str, list[int]], keys: tuple[str, ...]) -> list[int]:
    """The positions of several trigger keys, in text order."""
    return sorted(p for key in keys for p in where.get(key, ()))


def _windows(positions: list[int], size: int) -> list[tuple[int, int]]:
    """Stretches of text within `WINDOW` characters of a trigger (positions in text order), merged where
    they overlap."""
    out: list[tuple[int, int]] = []
    for p in positions:
        start, end = max(0, p - WINDOW), min(size, p + WINDOW)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def matches(
    grammar: Grammar, text: str, full_scan: bool = False, genres: tuple[str, ...] = ("news",)
) -> list[Candidate]:
    """Every rule match whose context conditions hold (overlapping ones included), of the rules that
    apply to one of `genres` (the genres a document may be read in).

    A rule is only run around the trigger words it declares; `full_scan` runs every rule over the
    whole text instead (slow; the two must agree, which the tests check).
    """
    found: list[Candidate] = []
    where = triggers(grammar, text) if not full_scan else {}
    size = len(text)
    active: Sequence[Rule]
    if full_scan:
        active = grammar.rules
    else:  # only the rules whose trigger words occur; rules sharing triggers share windows
        active = list({r.index: r for key in where for r in grammar.rules_by_trigger.get(key, ())}.values())
    windows: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    starts: dict[tuple[str, ...], list[int]] = {}  # the positions of a rule's `starts_at` classes
    for rule in active:
        if rule.genres is not None and not any(g in rule.genres for g in genres):
            continue
        if full_scan:
            spans = [(0, size)]
        else:
            known = windows.get(rule.triggers)
            if known is not None:
                spans = known
            else:
                keys = rule.triggers  # each key's positions come in text order
                positions = where.get(keys[0], []) if len(keys) == 1 else _merged(where, keys)
                spans = _windows(positions, size)
                windows[rule.triggers] = spans
        points: list[int] | None = None
        if rule.starts_at and not full_scan:
            points = starts.get(rule.starts_at)
            if points is None:
                points = starts[rule.starts_at] = _merged(where, rule.starts_at)
        for span_start, span_end in spans:
            cut = span_end - _CUT if span_end < size else size  # a match ending past it is checked again
            found_here = (
                rule.regex.finditer(text, span_start, span_end)
                if points is None
                else _matches_at(rule.regex, text, points, span_start, span_end)
            )
            for m in found_here:
                if m.end() > cut:
                    whole = rule.regex.match(text, m.start())
                    if whole is None:
                        continue
                    m = whole
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                # a group `tag` is the expression: the rest of the match is only its context ("May 2-3":
                # the 3 takes its month from before it)
                start, end = m.span("tag") if "tag" in groups else m.span()
                if start == end or not _context_ok(rule, text, start, end):
                    continue
                found.append(Candidate(start, end, rule, groups))
    return found


def _matches_at(
    regex: re.Pattern[str], text: str, points: list[int], start: int, end: int
) -> list[re.Match[str]]:
    """What `regex.finditer(text, start, end)` finds, for a pattern whose matches can begin only at
    `points` (in text order): the pattern is tried there alone, rather than at every character."""
    found: list[re.Match[str]] = []
    pos = start  # (as finditer: after a match, the next one starts at its end at the earliest)
    for i in range(bisect_left(points, start), len(points)):
        p = points[i]
        if p >= end:
            break
        if p < pos:
            continue
        m = regex.match(text, p, end)
        if m is not None:
            found.append(m)
            pos = max(m.end(), p + 1)
    return found


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest match wins; among equally long ones the earlier rule; the rest that overlap are dropped.

    Candidates are never empty (`matches` drops empty matches): one overlaps the spans taken so far when
    it covers a taken character, found in a byte per character, so that the cost stays linear in the
    text however many expressions it holds."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.rule.index, c.start))
    taken: list[Candidate] = []
    covered = bytearray(max((c.end for c in candidates), default=0))  # 1: in a taken span
    for c in ordered:
        if covered.find(1, c.start, c.end) >= 0:
            continue
        taken.append(c)
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken


def attach_modifiers(grammar: Grammar, text: str, chosen: list[Candidate]) -> None:
    """Extend each expression over a modifier before it ("more than", "early", "mid-") and note its signal."""
    table = grammar.lexicon["modifiers"]
    previous_end = 0
    for c in chosen:
        kind = c.rule.mods
        left_start = max(previous_end, c.start - _CONTEXT)
        if c.rule.mod:
            c.mod = _literal_mod(grammar, c)
        if (
            kind
            and c.mod is None
            and not (kind == "duration" and text[c.start : c.start + 4].lower() == "the ")
        ):
            m = grammar.modifiers[kind].search(text, left_start, c.start)
            if m:
                c.mod = table[kind][lookup_key(m.group("mod"))]
                c.start = m.start()
        suffix = grammar.approximate_suffix.match(text[c.end : c.end + 12])
        if suffix and c.rule.type in ("DATE", "DURATION"):
            c.end += suffix.end()
            c.mod = c.mod or "APPROX"
        s = grammar.signal.search(text, max(previous_end, c.start - 24), c.start)
        if s:
            c.signal = lookup_key(s.group("signal"))
        previous_end = c.end


def _literal_mod(grammar: Grammar, c: Candidate) -> str | None:
    spec = c.rule.mod or ""
    if spec.startswith("$"):
        return grammar.lexicon["position_words"].get(lookup_key(c.groups.get(spec[1:], "")))
    return spec or None


def _outside(candidates: list[Candidate], spans: Sequence[tuple[int, int]]) -> list[Candidate]:
    """The candidates that overlap none of `spans` (hashtags, handles, links: never temporal), found in a
    byte per character as `select` does (linear however many spans and candidates there are)."""
    covered = bytearray(max(max(b for _, b in spans), max((c.end for c in candidates), default=0)))
    for a, b in spans:
        covered[a:b] = b"\x01" * (b - a)
    return [c for c in candidates if covered.find(1, c.start, c.end) < 0]


def candidates(
    grammar: Grammar,
    text: str,
    genres: tuple[str, ...] = ("news",),
    read_as: str | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> list[Candidate]:
    """Every match in `text` of the rules of `genres`, run over `read_as` (the text as recognition reads
    it, of the same length: see genre.recased), none overlapping a span of `skip`; `chosen` then picks a
    genre's expressions from them, so that a document whose genre is told from its expressions is read
    once, not once per genre."""
    found = matches(grammar, read_as if read_as is not None else text, genres=genres)
    return _outside(found, skip) if skip else found


def chosen(found: list[Candidate], genre: str) -> list[Candidate]:
    """The expressions the rules of `genre` find among `found` (from `candidates`), in text order: the
    longest non-overlapping ones (without their modifiers: see attach_modifiers)."""
    return select([c for c in found if c.rule.genres is None or genre in c.rule.genres])


def recognize(
    grammar: Grammar,
    text: str,
    genre: str = "news",
    read_as: str | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> list[Candidate]:
    """The expressions of `text`, in text order, with modifiers and signals attached: the rules of
    `genre` are run over `read_as` (see `candidates`), and nothing overlapping a span of `skip` is kept."""
    found = chosen(candidates(grammar, text, (genre,), read_as, skip), genre)
    attach_modifiers(grammar, read_as if read_as is not None else text, found)
    return found
