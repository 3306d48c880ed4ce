"""Hash the answers of the core and of the HTTP API over the development corpora, the seed article and our
test articles: a change that must not alter behaviour leaves every line the same.

    python benchmarks/answer_hashes.py > before.txt   # then, after the change: diff before.txt -

For each group of texts, one SHA-256 (first 16 hex digits) of `service.core.extract`'s answers (their
repr), one of the timeline alone (`events="timeline"`: its timexes, events and genre), and one of each
`POST /v1/timeline` format (json, timelinejs, ics, and json with `events=all`; in process, limits lifted).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from articles import ROOT

from service.app import create_app
from service.core import extract

SHARED = ROOT.parent / "shared" / "data"


def texts() -> list[tuple[str, str, str, str, str]]:
    """(group, id, text, publication date, language) of every text hashed: each development corpus in
    every language (files of other records, the MATRES pairs, are skipped), the seed article, our test
    articles."""
    out = []
    for path in sorted((SHARED / "dev").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line) if line.strip() else {}
            if "text" in doc and "dct" in doc:
                language = doc.get("language", "en")
                out.append((path.name, str(doc["id"]), doc["text"], doc["dct"][:10], language))
    seed = SHARED / "seed-article.json"
    if seed.exists():
        doc = json.loads(seed.read_text(encoding="utf-8"))
        out.append(("seed", str(doc["id"]), doc["text"], doc["dct"][:10], "en"))
    for path in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")):
        out.append(("articles", path.stem, path.read_text(encoding="utf-8"), "2025-04-17", "en"))
    return out


def main() -> None:
    limits = {"MAX_TEXT_LENGTH": 10**7, "MAX_CONTENT_LENGTH": 10**8, "MAX_TIMEXES": 10**6}
    client = create_app({**limits, "MAX_EVENTS": 10**6, "REQUEST_TIME_LIMIT_MS": 600_000}).test_client()
    digests: dict[str, Any] = {}
    for group, doc_id, text, published, language in texts():
        analysis = extract(text, dt.date.fromisoformat(published), language)
        digests.setdefault(f"core {group}", hashlib.sha256()).update(repr(analysis).encode())
        # (the timeline view, which leaves out the list of every predicate, must give the same timeline)
        alone = extract(text, dt.date.fromisoformat(published), language, events="timeline")
        timeline = (alone.timexes, alone.events, alone.genre)
        digests.setdefault(f"core-timeline {group}", hashlib.sha256()).update(repr(timeline).encode())
        for query in ("format=json", "format=timelinejs", "format=ics", "format=json&events=all"):
            body = {"id": doc_id, "text": text, "published": published, "title": "T", "language": language}
            response = client.post(f"/v1/timeline?{query}", json=body)
            if response.status_code != 200:
                raise SystemExit(f"{group} {doc_id}: {response.status_code} {response.data[:300]!r}")
            name = query.removeprefix("format=").replace("&", "+")
            digests.setdefault(f"http {group}/{name}", hashlib.sha256()).update(response.data)
    for key, digest in sorted(digests.items()):
        print(key, digest.hexdigest()[:16])


if __name__ == "__main__":
    main()
