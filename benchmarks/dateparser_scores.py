"""Score dateparser's `search_dates` on the development corpora, as `dev_scores.py` scores the core: the
opponent's figure next to ours, on the same halves.

    python benchmarks/dateparser_scores.py --corpus timebankpt-train:0-81 timebankpt-train:81-162

Each document is searched in its own `language`, relative to its publication date (dateparser 1.5's
`search_dates(text, languages=[lang], settings={"RELATIVE_BASE": published})`); every string it returns
is located in the text left to right and tagged a DATE whose value is the day it parsed (dateparser gives
a datetime, never a month, a year or a duration). Corpus names and parts are those of `dev_scores.py`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dev_scores import LANGUAGE_HALVES, SHARED, _part, _scorer

# both halves of each corpus, named as dev_scores names parts ("timebank-es-train:0-88", ":88-")
DEFAULT = [f"{name}:{part}" for name, cut in LANGUAGE_HALVES.items() for part in (f"0-{cut}", f"{cut}-")]


def timexes(text: str, published: dt.date, language: str) -> list[dict[str, object]]:
    """dateparser's finds in `text`, as timexes with offsets (located left to right) and day values."""
    from dateparser.search import search_dates

    base = dt.datetime(published.year, published.month, published.day)
    found = search_dates(text, languages=[language], settings={"RELATIVE_BASE": base}) or []
    out: list[dict[str, object]] = []
    position = 0
    for n, (words, when) in enumerate(found, 1):
        start = text.find(words, position)
        if start < 0:
            continue
        position = start + len(words)
        out.append(
            {
                "tid": f"t{n}",
                "start": start,
                "end": position,
                "text": words,
                "type": "DATE",
                "value": when.date().isoformat(),
                "mod": None,
            }
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="*", default=DEFAULT)
    ap.add_argument("--out", default="/tmp/timeline-dev-dateparser")
    a = ap.parse_args()
    if not (SHARED / "data" / "dev").is_dir():
        print(f"no development corpus at {SHARED / 'data' / 'dev'}", file=sys.stderr)
        return 2
    scorer = _scorer("score_timex")
    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in a.corpus:
        gold_path = _part(name, out_dir)
        pred_path = out_dir / f"{name.replace(':', '.')}.dateparser.jsonl"
        with gold_path.open(encoding="utf-8") as f, pred_path.open("w", encoding="utf-8") as w:
            for line in f:
                doc = json.loads(line)
                published = dt.date.fromisoformat(doc["dct"][:10])
                found = timexes(doc["text"], published, doc.get("language", "en"))
                w.write(json.dumps({"id": doc["id"], "timexes": found}) + "\n")
        res, _, _ = scorer.score(scorer.load(gold_path), scorer.load(pred_path), 0)
        line = " ".join(f"{k}={res[k]['F1']:.3f}" for k in ("strict", "relaxed", "value"))
        print(f"{name:24s} dateparser {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
