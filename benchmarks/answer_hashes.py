"""Hash the answers of the core and of the HTTP API over the development corpora, the seed article and our
test articles: a change that must not alter behaviour leaves every line the same.

    python benchmarks/answer_hashes.py > before.txt   # then, after the change: diff before.txt -

For each group of texts, one SHA-256 (first 16 hex digits) of `service.core.extract`'s answers (their
repr) and one of each `POST /v1/timeline` format (json, timelinejs, ics; in process, limits lifted).
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
CORPORA = ("tbaq-cleaned-timebank.jsonl", "tbaq-cleaned-aquaint.jsonl", "meantime-en-trial.jsonl")


def texts() -> list[tuple[str, str, str, str]]:
    """(group, id, text, publication date) of every text hashed."""
    out = []
    for name in CORPORA:
        path = SHARED / "dev" / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                doc = json.loads(line)
                out.append((name, str(doc["id"]), doc["text"], doc["dct"][:10]))
    seed = SHARED / "seed-article.json"
    if seed.exists():
        doc = json.loads(seed.read_text(encoding="utf-8"))
        out.append(("seed", str(doc["id"]), doc["text"], doc["dct"][:10]))
    for path in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")):
        out.append(("articles", path.stem, path.read_text(encoding="utf-8"), "2025-04-17"))
    return out


def main() -> None:
    limits = {"MAX_TEXT_LENGTH": 10**7, "MAX_CONTENT_LENGTH": 10**8, "MAX_TIMEXES": 10**6}
    client = create_app({**limits, "MAX_EVENTS": 10**6, "REQUEST_TIME_LIMIT_MS": 600_000}).test_client()
    digests: dict[str, Any] = {}
    for group, doc_id, text, published in texts():
        analysis = extract(text, dt.date.fromisoformat(published))
        digests.setdefault(f"core {group}", hashlib.sha256()).update(repr(analysis).encode())
        for fmt in ("json", "timelinejs", "ics"):
            body = {"id": doc_id, "text": text, "published": published, "title": "T"}
            response = client.post(f"/v1/timeline?format={fmt}", json=body)
            if response.status_code != 200:
                raise SystemExit(f"{group} {doc_id}: {response.status_code} {response.data[:300]!r}")
            digests.setdefault(f"http {group}/{fmt}", hashlib.sha256()).update(response.data)
    for key, digest in sorted(digests.items()):
        print(key, digest.hexdigest()[:16])


if __name__ == "__main__":
    main()
