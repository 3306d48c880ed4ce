"""Coverage-guided fuzzing of the core's entry point, ``service.core.extract``, with atheris (libFuzzer).

Each input is split into a publication date (any day from 0001-01-01 to 9999-12-31, sometimes with a UTC
offset) and a text (any Unicode, lone surrogates included). The run fails on any exception the core
raises, and on any answer that breaks the invariants of tests/invariants.py (offsets inside the text and
matching it, well-formed TIMEX3 values, ordered events) or differs on a second run of the same input.

The corpus starts from the texts of the examples corpus (tests/data/examples), and libFuzzer's
dictionary holds the grammar's own words, so the rules fire from the first iterations.

    make fuzz                          # 20,000 iterations (FUZZ_RUNS)
    python benchmarks/fuzz.py -runs=100000 -max_len=4096
    python benchmarks/fuzz.py crash-<sha1>      # replay one input

Any libFuzzer flag may be given; without ``-runs`` the run is bounded to 20,000 iterations, without a
corpus directory a temporary one is used (and removed), and crashing inputs are written to
``$TMPDIR/news-timeline-fuzz/`` rather than the work tree. libFuzzer prints "Done N runs in S second(s)".
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import atheris  # noqa: E402
import yaml  # noqa: E402

with atheris.instrument_imports(include=["service"]):
    from service.core import extract, grammar

from invariants import as_data, check_analysis  # noqa: E402

DEFAULT_RUNS = 20_000
ARTIFACTS = Path(tempfile.gettempdir()) / "news-timeline-fuzz"
FIRST_DAY = dt.date(1, 1, 1).toordinal()
LAST_DAY = dt.date(9999, 12, 31).toordinal()
OFFSETS_MINUTES = (0, 60, -300, 330, 840, -720)


def published_from(fdp: atheris.FuzzedDataProvider) -> dt.date | dt.datetime:
    """A publication date: usually a plain day, sometimes a date-time with an offset; extremes favoured."""
    kind = fdp.ConsumeIntInRange(0, 7)
    if kind == 0:
        day = dt.date.fromordinal(FIRST_DAY + fdp.ConsumeIntInRange(0, 400))
    elif kind == 1:
        day = dt.date.fromordinal(LAST_DAY - fdp.ConsumeIntInRange(0, 400))
    elif kind in (2, 3):
        day = dt.date.fromordinal(fdp.ConsumeIntInRange(FIRST_DAY, LAST_DAY))
    else:
        day = dt.date(2025, 1, 1) + dt.timedelta(days=fdp.ConsumeIntInRange(-20_000, 20_000))
    if kind == 7:
        offset = dt.timezone(dt.timedelta(minutes=OFFSETS_MINUTES[fdp.ConsumeIntInRange(0, 5)]))
        return dt.datetime.combine(day, dt.time(fdp.ConsumeIntInRange(0, 23), 30), offset)
    return day


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    published = published_from(fdp)
    if fdp.ConsumeBool():
        text = fdp.ConsumeUnicode(fdp.remaining_bytes())  # may hold lone surrogates
    else:
        text = fdp.ConsumeBytes(fdp.remaining_bytes()).decode("utf-8", errors="replace")
    analysis = extract(text, published, "en")
    check_analysis(text, published, analysis)
    if as_data(extract(text, published, "en")) != as_data(analysis):
        raise AssertionError("same input, different answer")


def _seed_corpus(directory: Path) -> int:
    """Write the example texts as the first inputs (a leading 0x04 byte: a plain date near 2025)."""
    count = 0
    for path in sorted((ROOT / "tests" / "data" / "examples").glob("*/*.yaml")):
        for case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases", []):
            text = case.get("text")
            if text:
                (directory / f"example-{count:05d}").write_bytes(b"\x04\x00\x00\x00" + text.encode("utf-8"))
                count += 1
    return count


def _dictionary(path: Path) -> int:
    """libFuzzer dictionary: the grammar's words and a few numbers, dates and times."""
    words: set[str] = set()
    for table in grammar.load("en").lexicon.values():
        if isinstance(table, dict):
            for key, value in table.items():
                words.add(str(key))
                if isinstance(value, dict):
                    words.update(str(k) for k in value)
        elif isinstance(table, list):
            words.update(str(w) for w in table)
    words.update(
        ["ago", "from now", "next", "last", "since", "every", "2025", "1990s", "10,000", "12:30", "a.m."]
    )
    lines = [f'"{w}"' for w in sorted(words) if w and '"' not in w and "\\" not in w and w.isprintable()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    args = list(sys.argv)
    flags = [a for a in args[1:] if a.startswith("-")]
    positional = [a for a in args[1:] if not a.startswith("-")]
    with tempfile.TemporaryDirectory(prefix="fuzz-core-") as scratch:
        if not any(f.startswith("-runs=") for f in flags):
            args.append(f"-runs={DEFAULT_RUNS}")
        if not any(f.startswith("-dict=") for f in flags):
            dictionary = Path(scratch) / "grammar.dict"
            print(f"dictionary: {_dictionary(dictionary)} grammar words", flush=True)
            args.append(f"-dict={dictionary}")
        if not any(f.startswith("-max_len=") for f in flags):
            args.append("-max_len=1024")
        if not any(f.startswith("-len_control=") for f in flags):  # long texts from the start
            args.append("-len_control=0")
        if not any(f.startswith("-artifact_prefix=") for f in flags):  # crash files: not in the work tree
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            args.append(f"-artifact_prefix={ARTIFACTS}/")
            print(f"crashing inputs, if any, go to {ARTIFACTS}/", flush=True)
        if not positional:  # no corpus directory nor input file: start from the examples
            corpus = Path(scratch) / "corpus"
            corpus.mkdir()
            print(f"corpus: {_seed_corpus(corpus)} example texts", flush=True)
            args.append(str(corpus))
        atheris.Setup(args, test_one_input)
        atheris.Fuzz()


if __name__ == "__main__":
    main()
