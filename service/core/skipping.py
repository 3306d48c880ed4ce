"""Compile a pattern so that the regex engine skips ahead to the characters a match can start with."""

from __future__ import annotations

import functools
import re
from typing import Any

# The engine's parser and compiler are internals of the standard library (re._parser, re._compiler,
# re._constants and _sre, the same in Python 3.11 to 3.13). If they are missing or differ, patterns are
# compiled as written.
try:
    import _sre
    from re import _compiler, _parser
    from re import _constants as _op
except ImportError:  # pragma: no cover - another Python's internals
    _sre = _compiler = _parser = _op = None  # type: ignore[assignment]

# The non-ASCII characters that an ASCII letter matches case-insensitively (the Kelvin sign is a "k",
# the long s an "s", both dotted and dotless i an "i"); the tests check the list against every character.
CASE_TRAPS = "\u0130\u0131\u017f\u212a"
_CASE_CANDIDATES = "".join(map(chr, range(128))) + CASE_TRAPS
MAX_RANGE = 128  # a range of cased characters wider than this is not spelled out case by case

Items = list[tuple[Any, Any]]  # the parser's (opcode, argument) sequence


def compile_skipping(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, told which characters a match can start with.

    A search tries a match at every position of the text unless the pattern starts with a literal or a
    set of characters it can compare exactly: one beginning `\\b`, a group, an optional word, or a
    letter under IGNORECASE gets no such help, and each tried position costs as much as a short match.
    Here the pattern is compiled as `re.compile` compiles it, with one difference in its header: the set
    of characters that can begin a match (every case of each letter spelled out; `\\d` or `\\w` as
    such), which the engine then jumps to. The set is worked out from the parsed pattern, past word
    boundaries, lookarounds, groups, optional parts and alternations; where it cannot be told (a pattern
    that can match nothing, a negated set first), the pattern is compiled as written."""
    if _parser is None:
        return re.compile(source, flags)
    try:
        tree = _parser.parse(source, flags)  # (what re.compile does first: the same errors)
    except re.error:
        raise
    except Exception:  # the internals differ from what this module knows: compile as written
        return re.compile(source, flags)
    try:
        pattern = _with_first_characters(source, tree)
    except Exception:  # as above
        pattern = None
    return re.compile(source, flags) if pattern is None else pattern


def skips(pattern: re.Pattern[str]) -> bool:
    """Whether `compile_skipping` gave the pattern the set of characters its matches start with (patterns
    compare equal when their compiled code is the same)."""
    return pattern != re.compile(pattern.pattern, pattern.flags)


def _with_first_characters(source: str, tree: Any) -> re.Pattern[str] | None:
    """The pattern as `re.compile` makes it, its header carrying the first characters of a match."""
    flags = tree.state.flags
    if flags & re.LOCALE or tree.getwidth()[0] == 0 or _compiler._get_literal_prefix(tree, flags)[0]:
        return None  # matches nothing, or the engine already skips ahead by a literal
    if _compiler._get_charset_prefix(tree, flags):
        return None  # ... or by a set of characters
    first = _first(list(tree.data), flags)
    if first is None or first[1]:
        return None
    # A header as the engine's compiler writes it for a pattern that starts with a set of characters
    # compared exactly; the set is in a scope without IGNORECASE, its cases already spelled out.
    exact = _parser.SubPattern(tree.state, [(_op.IN, first[0])])
    hint = _parser.SubPattern(tree.state, [(_op.SUBPATTERN, (None, 0, flags & re.IGNORECASE, exact))])
    hint.width = tree.getwidth()
    code: list[int] = []
    _compiler._compile_info(code, hint, flags)
    _compiler._compile(code, tree.data, flags)
    code.append(_op.SUCCESS)
    groups = tree.state.groupdict
    names: list[str | None] = [None] * tree.state.groups
    for name, index in groups.items():
        names[index] = name
    return _sre.compile(source, flags, code, tree.state.groups - 1, groups, tuple(names))


def _first(seq: Items, flags: int) -> tuple[Items, bool] | None:
    """The characters (charset items) a match of `seq` can start with, and whether it can match nothing
    (then what follows `seq` may start the match too); None if that cannot be told."""
    found: Items = []
    for op, av in seq:
        if op is _op.AT or op is _op.ASSERT or op is _op.ASSERT_NOT:
            continue  # takes no character: the next item starts the match
        if op is _op.LITERAL:
            chars = _cases(av, flags)
            return None if chars is None else ([*found, *chars], False)
        if op is _op.IN:
            members = _members(av, flags)
            return None if members is None else ([*found, *members], False)
        if op is _op.BRANCH:
            empty = False  # whether some alternative can match nothing
            for alternative in av[1]:
                part = _first(list(alternative.data), flags)
                if part is None:
                    return None
                found += part[0]
                empty = empty or part[1]
            if not empty:
                return found, False
            continue
        if op is _op.SUBPATTERN or op is _op.ATOMIC_GROUP:
            group_flags, sub = flags, av
            if op is _op.SUBPATTERN:
                _, add, remove, sub = av
                group_flags = (flags | add) & ~remove
            part = _first(list(sub.data), group_flags)
            if part is None:
                return None
            found += part[0]
            if not part[1]:
                return found, False
            continue
        if op is _op.MAX_REPEAT or op is _op.MIN_REPEAT or op is _op.POSSESSIVE_REPEAT:
            low, _, body = av
            part = _first(list(body.data), flags)
            if part is None:
                return None
            found += part[0]
            if low > 0 and not part[1]:
                return found, False
            continue
        return None  # any character, a negated one, a back reference, a conditional: cannot be told
    return found, True


def _members(items: Items, flags: int) -> Items | None:
    """A character set's items with every case spelled out."""
    out: Items = []
    for kind, value in items:
        if kind is _op.NEGATE:
            return None
        if kind is _op.CATEGORY:
            out.append((kind, value))  # \d, \w, \s: the same characters in any case
        elif kind is _op.LITERAL:
            chars = _cases(value, flags)
            if chars is None:
                return None
            out += chars
        elif kind is _op.RANGE:
            low, high = value
            cased = flags & re.IGNORECASE and any(map(_sre.unicode_iscased, range(low, high + 1)))
            if not cased:
                out.append((kind, value))
            elif high - low < MAX_RANGE:
                for char in range(low, high + 1):
                    chars = _cases(char, flags)
                    if chars is None:
                        return None
                    out += chars
            else:
                return None
        else:
            return None
    return out


@functools.cache
def _cases(char: int, flags: int) -> Items | None:
    """The characters a pattern character matches under the pattern's case flag, as charset items."""
    if not flags & re.IGNORECASE or not _sre.unicode_iscased(char):
        return [(_op.LITERAL, char)]
    if char >= 128:
        return None
    literal = re.compile(re.escape(chr(char)), flags & (re.IGNORECASE | re.ASCII | re.UNICODE))
    return [(_op.LITERAL, ord(c)) for c in sorted(set(literal.findall(_CASE_CANDIDATES)))]
