"""Score the core on the development corpus in-process: TempEval-3 timex F1 and event-dating F1.

    python benchmarks/dev_scores.py [--errors N] [--corpus NAME ...] [--split N] [--out DIR]

Reads ../shared/data/dev (the corpora and their scorers live outside this repository) and prints, for
each corpus, strict / relaxed / value / type F1 of the timexes and exact / lenient F1 of event dating.
Each document is read in its own `language`. `--split N` scores the first N documents (the part rules are
tuned on) and the rest (the part that checks them) apart, e.g. `--corpus timebank-es-train --split 88`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from service.core import extract

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = ["tbaq-cleaned-timebank", "tbaq-cleaned-aquaint", "meantime-en-trial"]


def _scorer(name: str):
    spec = importlib.util.spec_from_file_location(name, SHARED / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(corpus: Path, out: Path) -> tuple[float, int]:
    """Write predictions for every document of `corpus` to `out`; return seconds spent and characters."""
    spent, chars = 0.0, 0
    with corpus.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for line in f:
            doc = json.loads(line)
            t0 = time.perf_counter()
            analysis = extract(doc["text"], dt.date.fromisoformat(doc["dct"][:10]), doc.get("language", "en"))
            spent += time.perf_counter() - t0
            chars += len(doc["text"])
            w.write(
                json.dumps(
                    {
                        "id": doc["id"],
                        "timexes": [asdict(t) for t in analysis.timexes],
                        "events": [asdict(e) for e in analysis.events],
                    }
                )
                + "\n"
            )
    return spent, chars


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--corpus", nargs="*", default=CORPORA)
    ap.add_argument("--out", default="/tmp/timeline-dev")
    ap.add_argument("--split", type=int, default=0, help="score documents [:N] (tune) and [N:] (check) apart")
    ap.add_argument("--events", action="store_true", help="also score event dating")
    a = ap.parse_args()
    if not (SHARED / "data" / "dev").is_dir():
        print(f"no development corpus at {SHARED / 'data' / 'dev'}", file=sys.stderr)
        return 2
    timex_scorer, event_scorer = _scorer("score_timex"), _scorer("score_events")
    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts: list[tuple[str, Path]] = []
    for name in a.corpus:
        path = SHARED / "data" / "dev" / f"{name}.jsonl"
        if not a.split:
            parts.append((name, path))
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        halves = ((f"{name}[:{a.split}]", lines[: a.split]), (f"{name}[{a.split}:]", lines[a.split :]))
        for part, chosen in halves:
            parts.append((part, out_dir / f"{part}.gold.jsonl"))
            parts[-1][1].write_text("".join(chosen), encoding="utf-8")
    for name, gold_path in parts:
        pred_path = out_dir / f"{name}.pred.jsonl"
        spent, chars = run(gold_path, pred_path)
        gold, pred = timex_scorer.load(gold_path), timex_scorer.load(pred_path)
        res, _, mistakes = timex_scorer.score(gold, pred, a.errors)
        for m in mistakes:
            print(m)
        line = " ".join(f"{k}={res[k]['F1']:.3f}" for k in ("strict", "relaxed", "value", "type"))
        print(f"{name:24s} timex {line}  ({chars / spent:,.0f} chars/s)")
        if a.events:
            eres, emistakes = event_scorer.score(
                event_scorer.load(gold_path), event_scorer.load(pred_path), a.errors
            )
            for m in emistakes:
                print(m)
            print(f"{name:24s} events exact={eres['exact']['F1']:.3f} lenient={eres['lenient']['F1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
