"""Benchmark texts: the dev corpus and seed article from ../shared, or seeded pseudo-articles of our own;
and what the benchmarks share besides: the CPU-stall reading, and telling a compiled module from source.

Imported by bench.py, load.py, compiled.py and locustfile.py (not run by itself).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_DIR = SHARED / "data" / "dev"
SEED_ARTICLE = SHARED / "data" / "seed-article.json"

# Invented for these benchmarks: news-style sentences with a spread of temporal expressions.
SENTENCES = [
    "The city council voted on Tuesday to delay the new transit levy until next spring.",
    "Shares of the regional lender fell 4 percent in early trading on Monday after a weak outlook.",
    "The strike, which began on March 3, has now lasted more than five weeks.",
    "Officials said the bridge would reopen by the end of the month, two weeks later than planned.",
    "Last year the company shipped 1.2 million units, up from 900,000 in 2022.",
    "The minister is expected to present the budget on 14 November, a day earlier than usual.",
    "Since January, the agency has inspected every reservoir at least twice a month.",
    "Rescue teams worked through the night and reached the village shortly before dawn on Saturday.",
    "The trial is scheduled to start in the autumn and could last up to six months.",
    "Three days ago the board dismissed its chief executive, who had led the firm since 2019.",
    "Turnout in the morning was low, but queues grew after 5 p.m. as offices closed.",
    "The festival, held every summer since 1987, will skip this year's edition for the first time.",
    "By the second quarter of 2026 the plant should produce enough power for 40,000 homes.",
    "The talks collapsed late on Thursday, and no new date has been set.",
    "Prices rose 0.3 percent in April from a month earlier, the statistics office said on Wednesday.",
    "The museum will be closed for renovation from June 1 until the end of September.",
    "For the past decade, the river has flooded almost every winter.",
    "Lawmakers have until midnight on Friday to pass a stopgap funding bill.",
    "The suspect was arrested at about 10:30 a.m. yesterday, two hours after the robbery.",
    "Negotiators met again this week after a pause of nearly three months.",
    "The central bank left rates unchanged at its meeting in early December.",
    "Residents were told to boil their water for at least 48 hours.",
    "The airline plans to add daily flights to the coast starting next week.",
    "In the 1990s the district lost half of its factory jobs within a few years.",
    "The ceasefire held overnight, the first quiet night since the fighting resumed on Sunday.",
    "Voters will return to the polls on the first Sunday of October for a runoff.",
    "Every weekday morning, volunteers deliver meals to about 300 elderly residents.",
    "The report, due at the end of the year, was delayed twice in 2024.",
    "Earlier today the mayor said the curfew would be lifted within days.",
    "Work on the tunnel began in 2021 and is now expected to finish in late 2027.",
    "The hospital recorded 212 admissions in the 24 hours to 8 a.m. on Monday.",
    "Farmers say the harvest came three weeks early after an unusually warm spring.",
]

HEADLINES = [
    "Council delays transit levy",
    "Strike enters sixth week",
    "Bridge reopening pushed back",
    "Budget day moved forward",
    "Flood defences tested again",
    "Talks stall as deadline nears",
]


@dataclass(frozen=True)
class Doc:
    """One article: an identifier, its publication date and its text."""

    id: str
    published: dt.date
    text: str


def load_corpus(dev_dir: Path = DEV_DIR, language: str = "en") -> list[Doc]:
    """Every document of the development corpus in `language` (files in name order, lines in file order;
    a document without a `language` is English; files of other records, the MATRES pairs, are skipped);
    [] if absent."""
    docs: list[Doc] = []
    if not dev_dir.is_dir():
        return docs
    for path in sorted(dev_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    raw = json.loads(line)
                    if "text" not in raw or "dct" not in raw or raw.get("language", "en") != language:
                        continue
                    published = dt.date.fromisoformat(raw["dct"][:10])
                    docs.append(Doc(f"{path.stem}/{raw['id']}", published, raw["text"]))
    return docs


def load_seed(path: Path = SEED_ARTICLE) -> Doc | None:
    """The seed article, read at run time from ../shared (never copied into the repo); None if absent."""
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Doc("seed-article", dt.date.fromisoformat(raw["dct"][:10]), raw["text"])


def generated_article(rng: random.Random, index: int, size: int = 5000) -> Doc:
    """A pseudo-article of about `size` characters: a headline, then paragraphs of shuffled sentences."""
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730))
    parts = [rng.choice(HEADLINES), published.strftime("%B %d, %Y")]
    length = sum(len(p) + 2 for p in parts)
    while length < size:
        paragraph = " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
        parts.append(paragraph)
        length += len(paragraph) + 2
    return Doc(f"generated-{index}", published, "\n\n".join(parts))


def generated_articles(count: int, size: int = 5000, seed: int = 20250418) -> list[Doc]:
    """`count` deterministic pseudo-articles of about `size` characters each."""
    rng = random.Random(seed)
    return [generated_article(rng, i, size) for i in range(count)]


def benchmark_docs(generated: bool, limit: int | None, generated_count: int) -> tuple[list[Doc], str]:
    """The development corpus (or, when it is absent or `generated` asks so, `generated_count` seeded
    pseudo-articles), cut to `limit` documents, and a label saying which."""
    docs = [] if generated else load_corpus()
    if docs:
        label = f"development corpus ({len(docs)} docs)"
    else:
        docs = generated_articles(generated_count)
        label = f"generated pseudo-articles ({len(docs)} x ~5 KB, seeded)"
    if limit and limit < len(docs):
        docs = docs[:limit]
        label += f", first {limit}"
    return docs, label


def http_payloads(
    generated: bool = False, min_chars: int = 4000, max_chars: int = 6000
) -> list[dict[str, str]]:
    """POST /v1/timeline bodies: corpus docs of 4-6 KB if the corpus exists, else ~5 KB generated ones."""
    corpus = [] if generated else load_corpus()
    docs = [d for d in corpus if min_chars <= len(d.text) <= max_chars] or generated_articles(30)
    return [{"id": d.id, "published": d.published.isoformat(), "text": d.text} for d in docs]


def concatenated(docs: list[Doc], size: int) -> str:
    """The texts of `docs`, repeated and joined, cut to at most `size` characters (at a space if near)."""
    if not docs:
        raise ValueError("no texts to concatenate")
    chunks: list[str] = []
    length, i = 0, 0
    while length < size:
        text = docs[i % len(docs)].text
        chunks.append(text)
        length += len(text) + 2
        i += 1
    text = "\n\n".join(chunks)[:size]
    cut = text.rfind(" ", size - 200)
    return text[:cut] if cut > 0 else text


def cpu_stall_us() -> int | None:
    """Microseconds so far in which some runnable task waited for a CPU (Linux PSI); None if unavailable."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(line.rsplit("total=", 1)[1])


def stall_percent(start_us: int | None, seconds: float) -> float | None:
    """Share of `seconds` (a measured duration) in which some task waited for a CPU, since `start_us`."""
    end_us = cpu_stall_us()
    if start_us is None or end_us is None or seconds <= 0:
        return None
    return round(100 * (end_us - start_us) / (seconds * 1e6), 1)


def is_extension(path: str) -> bool:
    """Whether a module file is a compiled extension module (the copy of the core benchmarks/compiled.py
    builds), not Python source."""
    return path.endswith(tuple(EXTENSION_SUFFIXES))
