"""How many of the service's own calendar dates date a timeline entry, on each half of the non-English
development corpora (which carry no event annotations, so event dating cannot be scored on them).

    python benchmarks/event_coverage.py

For each half: the DATE and TIME expressions found with a calendar value (a year first), the share of them
that date a timeline entry (`events`) and a predicate (`events=all`), and the entries per 1000 characters.
The halves are those of docs/languages.md (tune on the first, check on the second).
"""

from __future__ import annotations

import datetime as dt
import json

from dev_scores import LANGUAGE_HALVES, SHARED

from service.core import extract


def main() -> None:
    for name, cut in LANGUAGE_HALVES.items():
        path = SHARED / "data" / "dev" / f"{name}.jsonl"
        if not path.exists():
            print(f"{name}: not found ({path})")
            continue
        docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for half, part in (("tune", docs[:cut]), ("check", docs[cut:])):
            dated = in_entry = in_predicate = entries = chars = 0
            for doc in part:
                analysis = extract(doc["text"], dt.date.fromisoformat(doc["dct"][:10]), doc["language"])
                calendar = {
                    t.tid for t in analysis.timexes if t.type in ("DATE", "TIME") and t.value[:4].isdigit()
                }
                dated += len(calendar)
                in_entry += len(calendar & {e.date.timex for e in analysis.events if e.date.source == "text"})
                in_predicate += len(
                    calendar & {e.date.timex for e in analysis.predicates if e.date.source == "text"}
                )
                entries += len(analysis.events)
                chars += len(doc["text"])
            print(
                f"{name} {half}: {len(part)} docs, {dated} calendar dates, dating an entry "
                f"{in_entry / max(dated, 1):.3f}, dating a predicate {in_predicate / max(dated, 1):.3f}, "
                f"entries per 1000 characters {1000 * entries / max(chars, 1):.2f}"
            )


if __name__ == "__main__":
    main()
