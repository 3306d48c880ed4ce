"""Compile a pattern so that the regex engine skips ahead to the characters a match can start with."""

from __future__ import annotations

import functools
import re
from typing import Any

# The engine's parser and compiler are internals of the standard library (re._parser, re._compiler and
# re._constants since Python 3.11). If they are missing or change, patterns are compiled as written.
try:
    from re import _compiler, _parser
    from re import _constants as _sre
except ImportError:  # pragma: no cover - another Python's internals
    _compiler = _parser = _sre = None  # type: ignore[assignment]

# The non-ASCII characters that an ASCII letter matches case-insensitively (the Kelvin sign is a "k",
# the long s an "s", both dotted and dotless i an "i"); the tests check the list against every character.
CASE_TRAPS = "\u0130\u0131\u017f\u212a"
_CASE_CANDIDATES = "".join(map(chr, range(128))) + CASE_TRAPS
MAX_HEADS = 48  # first characters a pattern may branch on (each branch repeats the rest of the pattern)

Items = list[tuple[Any, Any]]  # the parser's (opcode, argument) sequence


def compile_skipping(source: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern compiled by `re.compile`, or, where its first characters can be listed, an equivalent
    pattern that starts with a case-sensitive branch on them.

    A search with a pattern like `\\bnext\\s+week` under IGNORECASE tries a match at every position of
    the text: the engine only skips ahead when the pattern starts with a literal or a set of characters
    it can compare exactly. The equivalent `(?-i:n(?<!\\w.)(?i:ext\\s+week)|N(?<!\\w.)(?i:ext\\s+week))`
    gives it that set ({n, N}). The rewriting handles what rules start with: word boundaries and
    one-character lookbehinds, literals, character sets, alternations, optional parts and groups; any
    other start (or an error) leaves the pattern as written. Group names and numbers are unchanged."""
    if _parser is None:
        return re.compile(source, flags)
    try:
        tree = _parser.parse(source, flags)  # (what re.compile does first: it raises the same errors)
    except re.error:
        raise
    except Exception:  # the internals differ from what this module knows: keep the pattern as written
        return re.compile(source, flags)
    try:
        data = _lead(list(tree.data), tree.state.flags, tree.state, None)
        if data is not None:
            return _compiler.compile(_parser.SubPattern(tree.state, data), tree.state.flags)
    except Exception:  # as above
        pass
    return re.compile(source, flags)


def rewritten(pattern: re.Pattern[str]) -> bool:
    """Whether `compile_skipping` rewrote the pattern (the rewritten one has no source text)."""
    return pattern.pattern is None


def _lead(seq: Items, flags: int, state: Any, behind: tuple[str, Any] | None) -> Items | None:
    """`seq` with its start rewritten: through leading groups (kept where they are), past a leading word
    boundary or lookbehind (`behind`, checked again after the first character), to the branch."""
    if not seq:
        return None
    op, av = seq[0]
    if behind is None and op is _sre.AT and av is _sre.AT_BOUNDARY:
        return _lead(seq[1:], flags, state, ("boundary", None))
    if behind is None and op is _sre.ASSERT_NOT and av[0] == -1 and av[1].getwidth() == (1, 1):
        return _lead(seq[1:], flags, state, ("not", av[1]))
    if op is _sre.SUBPATTERN and av[3].getwidth()[0] > 0:
        group, add, remove, sub = av
        inner = _lead(list(sub.data), (flags | add) & ~remove, state, behind)
        if inner is None:
            return None
        return [(_sre.SUBPATTERN, (group, add, remove, _parser.SubPattern(state, inner))), *seq[1:]]
    heads = _heads(seq, flags, state)
    if heads is None or len(heads) > MAX_HEADS:
        return None
    ignore = flags & re.IGNORECASE
    branches = []
    for char, rest in heads:
        branch: Items = [(_sre.LITERAL, char)]
        if behind is not None:
            check = _behind(chr(char), flags, state, behind)
            if check is None:
                return None
            branch.append(check)
        if rest:
            branch.append((_sre.SUBPATTERN, (None, ignore, 0, _parser.SubPattern(state, rest))))
        branches.append(_parser.SubPattern(state, branch))
    choice = (_sre.BRANCH, (None, branches))
    return [(_sre.SUBPATTERN, (None, 0, ignore, _parser.SubPattern(state, [choice])))]


def _behind(char: str, flags: int, state: Any, behind: tuple[str, Any]) -> tuple[Any, Any] | None:
    """The check, made after the first character, of what stood before it: a lookbehind two characters
    wide whose second character is any (the first character itself, never a newline)."""
    if char == "\n":
        return None
    kind, sub = behind
    unicode_or_ascii = flags & (re.ASCII | re.UNICODE)
    if kind == "boundary":  # \b before a word character: no word character before it; else one
        word = re.match(r"\w", char, unicode_or_ascii) is not None
        return _boundary_check(word, unicode_or_ascii)
    scoped = (_sre.SUBPATTERN, (None, flags & re.IGNORECASE, 0, sub))
    return (_sre.ASSERT_NOT, (-1, _parser.SubPattern(state, [scoped, (_sre.ANY, None)])))


@functools.cache
def _boundary_check(word: bool, flags: int) -> tuple[Any, Any]:
    """The lookbehind standing for a word boundary before a (non-)word character (read once; the
    compiler only reads what it is given, so every rewritten pattern can share it)."""
    return _parser.parse(r"(?<!\w.)" if word else r"(?<=\w.)", flags).data[0]


def _heads(seq: Items, flags: int, state: Any) -> list[tuple[int, Items]] | None:
    """`seq` as the alternatives (first character, the rest) in the order the engine tries them, each
    first character one it compares exactly; None if that cannot be told."""
    if not seq:
        return None  # an alternative that can match nothing
    op, av = seq[0]
    rest = seq[1:]
    if op is _sre.LITERAL:
        chars = _cases(av, flags)
        return None if chars is None else [(c, rest) for c in chars]
    if op is _sre.IN:
        found: set[int] = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                members = [value]
            elif kind is _sre.RANGE and value[1] - value[0] < MAX_HEADS:
                members = list(range(value[0], value[1] + 1))
            else:
                return None
            for member in members:
                chars = _cases(member, flags)
                if chars is None:
                    return None
                found.update(chars)
        return [(c, rest) for c in sorted(found)]
    if op is _sre.BRANCH:
        out = []
        for alternative in av[1]:
            heads = _heads([*alternative.data, *rest], flags, state)
            if heads is None or len(out) + len(heads) > MAX_HEADS:
                return None
            out += heads
        return out
    if op is _sre.SUBPATTERN and av[0] is None:
        _, add, remove, sub = av
        if not add and not remove:
            return _heads([*sub.data, *rest], flags, state)
        inner = _heads(list(sub.data), (flags | add) & ~remove, state)
        if inner is None:
            return None
        scope = [
            (c, [(_sre.SUBPATTERN, (None, add, remove, _parser.SubPattern(state, r)))] if r else [])
            for c, r in inner
        ]
        return [(c, [*r, *rest]) for c, r in scope]
    if op is _sre.MAX_REPEAT or op is _sre.MIN_REPEAT:
        low, high, body = av
        if low == 0 and high == 1:  # optional: with it, then without it (the other way round if lazy)
            taken = _heads([*body.data, *rest], flags, state)
            skipped = _heads(rest, flags, state)
            if taken is None or skipped is None:
                return None
            return taken + skipped if op is _sre.MAX_REPEAT else skipped + taken
        if low >= 1:  # x{m,n} is x then x{m-1,n-1}
            again = [] if high == 1 else [(op, (low - 1, high if high == _sre.MAXREPEAT else high - 1, body))]
            return _heads([*body.data, *again, *rest], flags, state)
    return None


@functools.cache
def _cases(char: int, flags: int) -> list[int] | None:
    """The characters a pattern character matches, under the pattern's case flag."""
    if not flags & re.IGNORECASE:
        return [char]
    if char >= 128:
        return None
    literal = re.compile(re.escape(chr(char)), flags & (re.IGNORECASE | re.ASCII | re.UNICODE))
    return sorted({ord(c) for c in literal.findall(_CASE_CANDIDATES)})
