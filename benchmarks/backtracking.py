"""No grammar pattern backtracks catastrophically: adversarial 200,000-character inputs, timed per rule.

For every rule of the grammar (``service.core.grammar.load(language).rules``) this times a full
``rule.regex.finditer`` over adversarial inputs of ``--length`` characters (200,000 by default, the
default ``MAX_TEXT_LENGTH``), and ``service.core.extract`` over each input as a whole. The inputs:

* generic families: long runs of digits, spaces, hyphens, apostrophes, letters, "a a a a", digits with
  separators ("1,1,1", "2025-2025-"), and near-misses of dates, times and numbers;
* the grammar's own words: every word table of the lexicon (months, weekdays, number words, units,
  holidays, modifiers, signals, ...) repeated, with spaces, hyphens or nothing between the words;
* per rule: its own matches from the examples corpus (tests/data/examples), repeated, and the same
  cut short of their last character or word (a near-miss makes a backtracking engine try hardest).

It prints the worst time per rule family (the rule name's first word: ``month_day_year`` -> ``month``)
and overall, with the input that caused it, and exits with status 1 if any time exceeds ``--limit``
seconds (1 by default). A time over the limit is measured again (best of three) before it counts, so a
busy machine does not fail the run on its own. Every run is stopped after ``--cap`` seconds (SIGALRM,
see service/limits.py), so a runaway pattern is reported rather than hanging the run.

    make backtracking                          # all rules, 200,000 characters, limit 1 s
    make backtracking BACKTRACKING_ARGS='--extract-limit 5'   # another budget for whole extract() runs
    python benchmarks/backtracking.py --quick  # 20,000 characters, a smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.core import extract, grammar  # noqa: E402
from service.core.recognize import matches  # noqa: E402
from service.limits import TimeLimitExceeded, time_limit  # noqa: E402

ANCHOR = dt.date(2025, 4, 17)


def cycle_to(unit: str, length: int) -> str:
    """``unit`` repeated (and cut) to exactly ``length`` characters."""
    if not unit:
        raise ValueError("empty unit")
    return (unit * (length // len(unit) + 1))[:length]


def generic_units() -> dict[str, str]:
    """Adversarial building blocks, by family name."""
    units = {
        "digits": "1",
        "digits-9": "9",
        "digit-run": "12345678901234567890",
        "spaces": " ",
        "newlines": "\n",
        "tabs": "\t",
        "space-newline": " \n",
        "nbsp": "\u00a0",
        "hyphens": "-",
        "dashes": "–",
        "apostrophes": "'",
        "curly-apostrophes": "’",
        "slashes": "/",
        "dots": ".",
        "commas": ",",
        "colons": ":",
        "letters": "a",
        "a-a-a": "a ",
        "a-hyphen": "a-",
        "the-the": "the ",
        "of-of": "of ",
        "digit-space": "1 ",
        "digit-hyphen": "1-",
        "digit-comma": "1,",
        "digit-dot": "1.",
        "digit-slash": "1/",
        "digit-colon": "1:",
        "year-hyphen": "2025-",
        "thousands": "10,000 ",
        "half": "1 1/2 ",
        "iso-near-miss": "2025-04-",
        "us-date-near-miss": "04/17/",
        "time-near-miss": "12:30:",
        "ordinal-near-miss": "the 1st of ",
        "month-day-near-miss": "January 1 ",
        "day-month-near-miss": "1 January ",
        "weekday-month-near-miss": "Monday, January ",
        "decade-near-miss": "in the 1990",
        "short-decade-near-miss": "the '9",
        "ago-near-miss": "two years ",
        "every-near-miss": "every ",
        "mid-near-miss": "mid-",
        "modifier-near-miss": "more than ",
        "vague-near-miss": "a few ",
        "and-a-half-near-miss": "one and a half ",
        "hyphenated-number": "twenty-",
        "next-last": "next last ",
        "from-now-near-miss": "from now ",
        "century-near-miss": "the 21st ",
    }
    return units


def lexicon_units(language: str) -> dict[str, str]:
    """Every word table of the lexicon, joined with a space, a hyphen, or nothing; and in Title Case."""
    lex = grammar.load(language).lexicon
    units: dict[str, str] = {}
    for name, table in lex.items():
        words: list[str] = []
        if isinstance(table, dict):
            for key, value in table.items():
                if isinstance(value, dict):  # modifiers: kind -> phrase table
                    words += [str(k) for k in value]
                else:
                    words.append(str(key))
        elif isinstance(table, list):
            words = [str(w) for w in table]
        if not words:
            continue
        units[f"lexicon:{name}"] = " ".join(words) + " "
        units[f"lexicon:{name}:hyphens"] = "-".join(words) + "-"
        units[f"lexicon:{name}:glued"] = "".join(words)
        units[f"lexicon:{name}:title"] = " ".join(w.title() for w in words) + " "
    return units


def example_matches(language: str) -> dict[str, list[str]]:
    """For each rule, the distinct texts it matches in the examples corpus (a few per rule)."""
    g = grammar.load(language)
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "tests" / "data" / "examples" / language).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for case in data.get("cases", []):
            text = case.get("text") or ""
            for candidate in matches(g, text, full_scan=True):
                matched = text[candidate.start : candidate.end]
                if matched not in found[candidate.rule.name] and len(found[candidate.rule.name]) < 4:
                    found[candidate.rule.name].append(matched)
    return found


def near_misses(matched: str) -> Iterator[tuple[str, str]]:
    """Units built from one match: itself, cut short, and with its spaces doubled."""
    yield "match", matched + " "
    if len(matched) > 1:
        yield "match-cut-by-one", matched[:-1] + " "
    words = matched.split()
    if len(words) > 1:
        yield "match-without-last-word", " ".join(words[:-1]) + " "
        yield "match-words-glued", "".join(words)
    yield "match-spaces-doubled", re.sub(r"\s", "  ", matched) + " "


@dataclass
class Timing:
    seconds: float
    stopped: bool
    rule: str
    family: str


def timed(run: Callable[[], object], cap: float) -> tuple[float, bool]:
    """Seconds ``run`` takes, stopped after ``cap`` seconds (then: ``cap``, True)."""
    start = time.perf_counter()
    try:
        with time_limit(int(cap * 1000)):
            run()
    except TimeLimitExceeded:
        return time.perf_counter() - start, True
    return time.perf_counter() - start, False


def best_of(run: Callable[[], object], cap: float, limit: float, times: int = 3) -> tuple[float, bool]:
    """Time ``run``; over ``limit``, the best of ``times`` runs (a busy machine is not the rule's fault)."""
    seconds, stopped = timed(run, cap)
    for _ in range(times - 1):
        if seconds <= limit or stopped:
            break
        again, stopped = timed(run, cap)
        seconds = min(seconds, again)
    return seconds, stopped


def rule_family(name: str) -> str:
    return name.split("_", 1)[0]


def _flag(seconds: float, stopped: bool, limit: float) -> str:
    return " STOPPED" if stopped else (" OVER" if seconds > limit else "")


def _exponent(small: float, large: float, ratio: float) -> str:
    """How the time grows with the length: ~1 linear, ~2 quadratic, more is catastrophic."""
    if small <= 0.002 or large <= 0:
        return "   -"
    return f"{math.log(large / small) / math.log(ratio):4.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=200_000, help="characters per input (200,000)")
    parser.add_argument("--screen-length", type=int, default=20_000, help="characters for the first pass")
    parser.add_argument("--top", type=int, default=3, help="worst inputs per rule measured at --length")
    parser.add_argument("--limit", type=float, default=1.0, help="seconds any run may take (1.0)")
    parser.add_argument(
        "--extract-limit", type=float, default=None, help="seconds extract() may take (default: --limit)"
    )
    parser.add_argument("--cap", type=float, default=10.0, help="seconds after which a run is stopped (10)")
    parser.add_argument("--language", default="en")
    parser.add_argument("--rule", action="append", help="only these rules (repeatable)")
    parser.add_argument("--no-extract", action="store_true", help="time the rules only, not extract()")
    parser.add_argument("--quick", action="store_true", help="20,000 characters (screened at 5,000)")
    args = parser.parse_args(argv)
    length, screen = (20_000, 5_000) if args.quick else (args.length, min(args.screen_length, args.length))
    extract_limit = args.limit if args.extract_limit is None else args.extract_limit
    ratio = length / screen

    g = grammar.load(args.language)
    rules = [r for r in g.rules if not args.rule or r.name in args.rule]
    shared = {**generic_units(), **lexicon_units(args.language)}
    own: dict[str, dict[str, str]] = defaultdict(dict)
    for rule_name, texts in example_matches(args.language).items():
        for i, matched in enumerate(texts):
            for kind, unit in near_misses(matched):
                own[rule_name][f"own:{kind}#{i + 1}"] = unit
    print(
        f"{len(rules)} rules; {len(shared)} shared inputs and {sum(len(v) for v in own.values())} "
        f"rule-specific ones; every pair screened at {screen:,} characters, the {args.top} worst per rule "
        f"measured at {length:,}; limit {args.limit} s",
        flush=True,
    )
    started = time.perf_counter()

    # Pass 1: every (rule, input) at the screening length. Pass 2: each rule's worst inputs at full length.
    worst_by_rule: dict[str, Timing] = {}
    exponents: dict[str, str] = {}
    runs = 0
    for rule in rules:
        units = {**shared, **own.get(rule.name, {})}
        screened = []
        for family, unit in units.items():
            text = cycle_to(unit, screen)
            seconds, stopped = timed(lambda r=rule, t=text: sum(1 for _ in r.regex.finditer(t)), args.cap)
            screened.append((seconds, family))
            runs += 1
        screened.sort(reverse=True)
        worst = Timing(0.0, False, rule.name, "")
        for small, family in screened[: args.top]:
            text = cycle_to(units[family], length)
            seconds, stopped = best_of(
                lambda r=rule, t=text: sum(1 for _ in r.regex.finditer(t)), args.cap, args.limit
            )
            runs += 1
            if seconds >= worst.seconds:
                worst = Timing(seconds, stopped, rule.name, family)
                exponents[rule.name] = _exponent(small, seconds, ratio)
        worst_by_rule[rule.name] = worst

    families: dict[str, Timing] = {}
    for timing in worst_by_rule.values():
        key = rule_family(timing.rule)
        if key not in families or timing.seconds > families[key].seconds:
            families[key] = timing
    print(f"\nWorst finditer per rule family, at {length:,} characters ({runs:,} runs in all):")
    print(f"  {'family':<12} {'rule':<30} {'input':<44} {'seconds':>8} {'growth':>6}")
    for key, timing in sorted(families.items(), key=lambda kv: -kv[1].seconds):
        print(
            f"  {key:<12} {timing.rule:<30} {timing.family:<44} {timing.seconds:8.3f} "
            f"{exponents.get(timing.rule, '   -'):>6}{_flag(timing.seconds, timing.stopped, args.limit)}"
        )
    print("  (growth: exponent of time against length between the two passes; 1 linear, 2 quadratic)")
    failures = [t for t in worst_by_rule.values() if t.stopped or t.seconds > args.limit]

    extract_worst: list[tuple[float, bool, str, str]] = []
    if not args.no_extract:
        whole = dict(shared)
        for rule_name, units in own.items():  # each rule's first match repeated: the densest text for it
            if "own:match#1" in units:
                whole[f"{rule_name}/own:match#1"] = units["own:match#1"]
        screened = []
        for family, unit in whole.items():
            text = cycle_to(unit, screen)
            seconds, stopped = timed(lambda t=text: extract(t, ANCHOR, args.language), args.cap)
            screened.append((seconds, family))
        screened.sort(reverse=True)
        for small, family in screened[:10]:
            text = cycle_to(whole[family], length)
            seconds, stopped = best_of(
                lambda t=text: extract(t, ANCHOR, args.language), args.cap, extract_limit
            )
            extract_worst.append((seconds, stopped, family, _exponent(small, seconds, ratio)))
        extract_worst.sort(reverse=True)
        print(
            f"\nextract() over whole inputs: {len(whole)} screened at {screen:,} characters, "
            f"the ten slowest at {length:,}:"
        )
        for seconds, stopped, family, growth in extract_worst:
            print(f"  {family:<60} {seconds:8.3f} {growth:>6}{_flag(seconds, stopped, extract_limit)}")
    over = [(s, st, f) for s, st, f, _ in extract_worst if st or s > extract_limit]

    worst_rule = max(worst_by_rule.values(), key=lambda t: t.seconds)
    print(
        f"\nWorst rule: {worst_rule.rule} on {worst_rule.family}: {worst_rule.seconds:.3f} s"
        + (f"; worst extract(): {extract_worst[0][2]}: {extract_worst[0][0]:.3f} s" if extract_worst else "")
        + f". Total {time.perf_counter() - started:.0f} s."
    )
    if failures or over:
        print(
            f"\nFAIL: {len(failures)} rule(s) over {args.limit} s, "
            f"{len(over)} extract() input(s) over {extract_limit} s"
        )
        for t in failures:
            print(f"  rule {t.rule} on {t.family}: {t.seconds:.3f} s{' (stopped)' if t.stopped else ''}")
        for seconds, stopped, family in over:
            print(f"  extract() on {family}: {seconds:.3f} s{' (stopped)' if stopped else ''}")
        return 1
    print("OK: every rule and extract() stayed under the limit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
