"""Instructions the core executes per character of text, counted by valgrind: a figure that does not move
with the machine's mood, for comparing two versions of the core.

Wall-clock figures on a shared virtual machine vary by up to a third from one run to the next;
`valgrind --tool=cachegrind --cache-sim=no` counts the instructions the CPU retires, which stay the same
for the same code, inputs and interpreter. The script runs the core twice under valgrind, once with a
warm-up only and once with the warm-up and one more pass over the texts, and reports the difference:
the cost of that one pass, without start-up, imports and grammar compilation. The pass is counted twice:
for the timeline view (`extract(..., events="timeline")`, what `POST /v1/timeline` answers by default)
and for `events=all` (the list of every predicate as well, the core's default). The runs use the same
hash seed, and freeze what the warm-up left alive (as gunicorn's master does before it forks), so that
neither string hashing nor a collection of the grammar's objects moves the count of a short text.

    make bench-instructions                 # the development corpus when ../shared/data exists
    python benchmarks/instructions.py --generated --max-docs 20

It needs valgrind (Debian's package). Instructions are not time: a pass of the core runs at roughly
2-4 instructions per nanosecond here, depending on the machine's load.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys

from articles import Doc, benchmark_docs, load_seed

from service.core import EventView, extract, warm_up

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def texts(args: argparse.Namespace) -> tuple[list[Doc], str]:
    """The texts to count on, and how to name them."""
    if args.seed:
        seed = load_seed()
        if seed is None:
            raise SystemExit("no seed article under ../shared/data")
        return [seed], "the seed article"
    return benchmark_docs(args.generated, args.max_docs, 50)


def inner(args: argparse.Namespace) -> None:
    """What runs under valgrind: a warm-up pass, then (with --measured VIEW) one more, for that view."""
    docs, _ = texts(args)
    warm_up()
    for doc in docs:
        extract(doc.text, doc.published)
    gc.collect()
    gc.freeze()
    if args.measured:
        for doc in docs:
            extract(doc.text, doc.published, events=args.measured)


def count(args: argparse.Namespace, measured: EventView | None) -> int:
    """Instructions of one inner run under cachegrind (with one pass for the `measured` view)."""
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--inner",
        *(["--measured", measured] if measured else []),
        *(["--generated"] if args.generated else []),
        *(["--seed"] if args.seed else []),
        *(["--max-docs", str(args.max_docs)] if args.max_docs else []),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generated", action="store_true", help="generated articles even if the corpus exists")
    ap.add_argument("--seed", action="store_true", help="count on the seed article alone")
    ap.add_argument("--max-docs", type=int, default=None, help="at most this many documents")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--measured", choices=("timeline", "all"), help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.inner:
        inner(args)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    docs, label = texts(args)
    chars = sum(len(d.text) for d in docs)
    print(f"Texts: {label}, {chars:,} characters; counting under valgrind (about a minute) ...", flush=True)
    base = count(args, None)
    for view in ("timeline", "all"):
        cost = count(args, view) - base
        per_char = cost / max(chars, 1)
        print(f"one pass of the core, events={view}: {cost:,} instructions, {per_char:,.0f} per character")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
