"""Score the timeline in-process on both halves of the development data, in one command.

    python benchmarks/timeline_scores.py [--only timeset|matres|seed ...] [--errors N] [--side tune|check]
                                         [--out DIR] [--json]

Reads ../shared/data (the corpora, the seed article and the scorers stay outside this repository) and
prints:

- TimeSET salient events (`timeset-dev.jsonl`), split by sorted document id: `tune` the first 9, `check` the
  last 9; the timeline (`Analysis.events`) scored with `score_timeline.py`: events P / R / F1, order
  accuracy over found pairs, dates of found dated events;
- MATRES start-point pairs with `events=all` (`Analysis.predicates`) on TimeBank (the tuning side) and
  AQUAINT (the checking side), scored with `score_order.py`: list-order F1 and coverage;
- the seed article: entries, gold events dated right, their order, repeated headlines
  (`benchmarks/seed_events.py`).

`--errors N` prints up to N mistakes of each kind from the scorers (of the side `--side` only, when given).
A change that gains on the tuning side and loses on the checking side is overfitting: revert it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict
from pathlib import Path

import seed_events
from dev_scores import SHARED, _scorer

from service.core import extract

DEV = SHARED / "data" / "dev"
MATRES = {"tune": "timebank", "check": "aquaint"}


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _answer(doc: dict, view: str) -> dict:
    analysis = extract(doc["text"], dt.date.fromisoformat(doc["dct"][:10]), doc.get("language", "en"))
    events = analysis.events if view == "timeline" else analysis.predicates
    return {"id": doc["id"], "events": [asdict(e) for e in events]}


def _write(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def timeset(out: Path, errors: int, sides: list[str]) -> dict:
    """Timeline P / R / F1, order and dates on each half of the TimeSET documents."""
    scorer = _scorer("score_timeline")
    docs = sorted(_read(DEV / "timeset-dev.jsonl"), key=lambda d: d["id"])
    half = len(docs) // 2
    res = {}
    for side, part in (("tune", docs[:half]), ("check", docs[half:])):
        gold = _write(part, out / f"timeset-{side}.gold.jsonl")
        pred = _write([_answer(d, "timeline") for d in part], out / f"timeset-{side}.pred.jsonl")
        r, mistakes = scorer.score(scorer.load(gold), scorer.load(pred), errors if side in sides else 0)
        for m in mistakes:
            print(f"[{side}] {m}")
        e, o, d = r["events"], r["order"], r["dates"]
        res[side] = {
            "F1": e["F1"], "P": e["P"], "R": e["R"],
            "pred": e["pred"], "found": e["found"], "gold": e["gold"],
            "order": o["accuracy"], "order_pairs": o["pairs"], "dates_exact": d["exact"],
            "dates_lenient": d["lenient"], "dates_found": d["found"],
        }  # fmt: skip
    return res


def matres(out: Path, errors: int, sides: list[str]) -> dict:
    """List-order F1 and coverage of the MATRES pairs with every predicate (events=all)."""
    scorer = _scorer("score_order")
    res = {}
    for side, name in MATRES.items():
        corpus_path = DEV / f"tbaq-cleaned-{name}.jsonl"
        pred = _write([_answer(d, "all") for d in _read(corpus_path)], out / f"matres-{name}.pred.jsonl")
        corpus = scorer.load(corpus_path)
        r, pairs = scorer.score(corpus, scorer.load(DEV / f"matres-{name}.jsonl"), scorer.load(pred))
        if errors and side in sides:
            for line in scorer.errors(pairs, corpus, errors):
                print(f"[{side}] {line}")
        res[side] = {
            "corpus": name, "F1": r["list"]["all"]["F1"], "coverage": r["coverage"],
            "always_before": r["baseline_all_before"]["all"]["F1"],
        }  # fmt: skip
    return res


def seed() -> dict:
    """The seed article's entries, its gold events dated right, their order, repeated headlines."""
    path = SHARED / "data" / "seed-article.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    events = [asdict(e) for e in extract(doc["text"], dt.date.fromisoformat(doc["dct"])).events]
    found, ordered = seed_events.evaluate(doc, events)
    headlines = [e["headline"] for e in events]
    return {
        "entries": len(events), "dated_right": sum(hit is not None for _, hit in found), "gold": len(found),
        "ordered": ordered, "repeated_headlines": len(headlines) - len(set(headlines)),
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--only", nargs="*", choices=["timeset", "matres", "seed"], default=["timeset", "matres", "seed"]
    )
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--side", choices=["tune", "check"], help="print the mistakes of this side only")
    ap.add_argument("--out", default="/tmp/timeline-scores")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    a = ap.parse_args()
    if not DEV.is_dir():
        print(f"no development data at {DEV}", file=sys.stderr)
        return 2
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    sides = [a.side] if a.side else ["tune", "check"]
    res = {}
    if "timeset" in a.only:
        res["timeset"] = timeset(out, a.errors, sides)
    if "matres" in a.only:
        res["matres"] = matres(out, a.errors, sides)
    if "seed" in a.only:
        res["seed"] = seed()
    if a.json:
        print(json.dumps(res))
        return 0
    for side, r in res.get("timeset", {}).items():
        print(
            f"timeset {side:5s} F1={r['F1']:.3f} P={r['P']:.3f} R={r['R']:.3f} "
            f"({r['pred']} entries, {r['found']}/{r['gold']} found)  order={r['order']:.3f} "
            f"({r['order_pairs']} pairs)  dates exact={r['dates_exact']:.3f} lenient={r['dates_lenient']:.3f}"
        )
    for side, r in res.get("matres", {}).items():
        print(
            f"matres  {side:5s} {r['corpus']:8s} list F1={r['F1']:.3f} coverage={r['coverage']:.3f} "
            f"(always-before {r['always_before']:.3f})"
        )
    if "seed" in res:
        s = res["seed"]
        print(
            f"seed    {s['entries']} entries, {s['dated_right']}/{s['gold']} dated right, "
            f"in order: {'yes' if s['ordered'] else 'no'}, repeated headlines: {s['repeated_headlines']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
