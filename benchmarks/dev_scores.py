"""Score the core on the development corpus in-process: TempEval-3 timex F1 and event-dating F1.

    python benchmarks/dev_scores.py [--errors N] [--corpus NAME ...] [--split tune|check] [--out DIR]

Reads ../shared/data/dev (the corpora and their scorers live outside this repository) and prints, for
each corpus, strict / relaxed / value / type F1 of the timexes (and relaxed precision and recall) and
exact / lenient F1 of event dating.

`--split` scores one side of the split the grammar is developed with (a change that gains on the tuning
side and loses on the checking side is overfitting): `tune` is TimeBank, the even-indexed lines of
tweets-train and the first 5 documents of wikiwars-dev; `check` is AQUAINT, the MEANTIME trial, the
odd-indexed tweets and wikiwars documents 6-11. A corpus name may take a part: `tweets-train:even`,
`tweets-train:odd`, `wikiwars-dev:0-5` (lines 0 to 4), `wikiwars-dev:5-11`; the other languages' halves
are `timebank-es-train:0-88`, `timebank-es-train:88-175` and so on. Each document is read in its own
`language`.
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
# Each other-language corpus: where its checking half starts (tune on the lines before, check on the rest).
LANGUAGE_HALVES = {"timebank-es-train": 88, "timebankpt-train": 81, "ftib-fr-dev": 27, "wikiwars-de-dev": 6}
SPLITS = {
    "tune": ["tbaq-cleaned-timebank", "tweets-train:even", "wikiwars-dev:0-5"],
    "check": ["tbaq-cleaned-aquaint", "meantime-en-trial", "tweets-train:odd", "wikiwars-dev:5-11"],
}


def _part(name: str, out_dir: Path) -> Path:
    """The gold file of a corpus name, or of a part of it (`name:even`, `name:odd`, `name:A-B`, `name:A-`
    to the end) written to `out_dir`."""
    base, _, part = name.partition(":")
    path = SHARED / "data" / "dev" / f"{base}.jsonl"
    if not part:
        return path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if part in ("even", "odd"):
        kept = lines[part == "odd" :: 2]
    else:
        a, _, b = part.partition("-")
        kept = lines[int(a) : int(b) if b else None]  # ("88-": to the end)
    target = out_dir / f"{base}.{part}.gold.jsonl"
    target.write_text("".join(kept), encoding="utf-8")
    return target


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
                        # every dated predicate (the API's events=all), as event dating is scored
                        "events": [asdict(e) for e in analysis.predicates],
                    }
                )
                + "\n"
            )
    return spent, chars


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--corpus", nargs="*", default=CORPORA)
    ap.add_argument("--split", choices=sorted(SPLITS), help="score one side of the split instead")
    ap.add_argument("--out", default="/tmp/timeline-dev")
    ap.add_argument("--events", action="store_true", help="also score event dating")
    a = ap.parse_args()
    if not (SHARED / "data" / "dev").is_dir():
        print(f"no development corpus at {SHARED / 'data' / 'dev'}", file=sys.stderr)
        return 2
    timex_scorer, event_scorer = _scorer("score_timex"), _scorer("score_events")
    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in SPLITS[a.split] if a.split else a.corpus:
        gold_path = _part(name, out_dir)
        pred_path = out_dir / f"{name.replace(':', '.')}.pred.jsonl"
        spent, chars = run(gold_path, pred_path)
        gold, pred = timex_scorer.load(gold_path), timex_scorer.load(pred_path)
        res, _, mistakes = timex_scorer.score(gold, pred, a.errors)
        for m in mistakes:
            print(m)
        line = " ".join(f"{k}={res[k]['F1']:.3f}" for k in ("strict", "relaxed", "value", "type"))
        relaxed = f"relaxed P={res['relaxed']['P']:.3f} R={res['relaxed']['R']:.3f}"
        print(f"{name:24s} timex {line}  {relaxed}  ({chars / spent:,.0f} chars/s)")
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
