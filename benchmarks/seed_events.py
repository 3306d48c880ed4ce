"""Check the events of the seed article against its gold timeline: how many are dated right, in order.

    python benchmarks/seed_events.py [--show]

Reads ../shared/data/seed-article.json (the article stays outside this repository). A gold event counts
when an answered event's trigger is one of its listed trigger words (overlapping the gold trigger, or
any listed alternative inside the gold event's sentence) and the answered date value equals the gold
value. Order: the matched events must appear in the answer in the gold timeline's order; a vague gold
date (PAST_REF, ...) "may stand anywhere before the publication date" (the gold notes), so it is left out
of the order check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from service.core import extract

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "seed-article.json"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def evaluate(doc: dict, events: list) -> tuple[list[tuple[dict, int | None]], bool]:
    """Index of the answered event matching each gold event (or None), and whether their order holds."""
    text = doc["text"]
    found = []
    for gold in doc["events"]:
        g = gold["trigger"]
        lo, hi = _sentence_bounds(text, g["start"])
        alternatives = {a.lower() for a in gold.get("trigger_alternatives", [g["text"]])}
        hit = None
        for i, e in enumerate(events):
            t = e["trigger"]
            overlaps = min(t["end"], g["end"]) > max(t["start"], g["start"])
            in_sentence = lo <= t["start"] < hi and t["text"].lower() in alternatives
            if (overlaps or in_sentence) and e["date"]["value"] == gold["date"]:
                hit = i
                break
        found.append((gold, hit))
    indexes = [i for gold, i in found if i is not None and not gold["date"].endswith("_REF")]
    return found, indexes == sorted(indexes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print the answered timeline")
    a = ap.parse_args()
    if not SEED.is_file():
        print(f"no seed article at {SEED}", file=sys.stderr)
        return 2
    doc = json.loads(SEED.read_text(encoding="utf-8"))
    analysis = extract(doc["text"], dt.date.fromisoformat(doc["dct"]))
    from dataclasses import asdict

    events = [asdict(e) for e in analysis.events]
    found, ordered = evaluate(doc, events)
    for gold, hit in found:
        mark = f"e{hit + 1}" if hit is not None else "--"
        print(f"{mark:>4}  {gold['date']:<11} {gold['trigger']['text']:<10} {gold['what']}")
    matched = sum(hit is not None for _, hit in found)
    print(f"seed events dated right: {matched}/{len(found)}; in gold order: {'yes' if ordered else 'no'}")
    if a.show:
        for e in events:
            d = e["date"]
            print(
                f"{e['id']:>4} {d['value']:<12} {d['source']:<11} {e['status']:<12} {e['salience']:.2f} "
                f"{e['trigger']['text']:<12} {e['headline']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
