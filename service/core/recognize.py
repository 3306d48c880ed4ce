"""Find temporal expressions: run every rule, keep the longest non-overlapping matches, attach modifiers."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.core.grammar import Grammar, Rule, lookup_key

_CONTEXT = 40  # characters of left/right context a rule's context patterns look at


@dataclass(slots=True)
class Candidate:
    """A recognized expression with its underspecified reading, before normalization."""

    start: int
    end: int
    rule: Rule
    groups: dict[str, str]
    mod: str | None = None
    signal: str | None = None
    approximate: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def _context_ok(rule: Rule, text: str, start: int, end: int) -> bool:
    left = text[max(0, start - _CONTEXT) : start]
    if rule.before is not None and not rule.before.search(left):
        return False
    if rule.not_before is not None and rule.not_before.search(left):
        return False
    if rule.not_after is not None and rule.not_after.match(text[end : end + _CONTEXT]):
        return False
    return True


def matches(grammar: Grammar, text: str) -> list[Candidate]:
    """Every rule match whose context conditions hold (overlapping ones included)."""
    found: list[Candidate] = []
    for rule in grammar.rules:
        for m in rule.regex.finditer(text):
            start, end = m.span()
            if start == end or not _context_ok(rule, text, start, end):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append(Candidate(start, end, rule, groups))
    return found


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest match wins; among equally long ones the earlier rule; the rest that overlap are dropped."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.rule.index, c.start))
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []
    for c in ordered:
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        taken.append(c)
        occupied.append((c.start, c.end))
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
        suffix = grammar.approximate_suffix.match(text, c.end, min(len(text), c.end + 12))
        if suffix and c.rule.type in ("DATE", "DURATION"):
            c.end = suffix.end()
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


def recognize(grammar: Grammar, text: str) -> list[Candidate]:
    """The expressions of `text`, in text order, with modifiers and signals attached."""
    chosen = select(matches(grammar, text))
    attach_modifiers(grammar, text, chosen)
    return chosen
