"""Compile a copy of the core with mypyc; check it answers exactly as Python does: `make compiled`.

    python benchmarks/compiled.py [--out build/compiled]

The core that ships is compiled: the Docker image builds the package with NEWS_TIMELINE_COMPILE=1, which
makes setup.py compile the modules pyproject.toml lists under [tool.news-timeline] compiled. This script
builds the same thing in place of an install, for the benchmarks (`make bench` and `make load` put `--out`
first on the import path and measure the compiled core, as it ships) and for CI (a type error in a compiled
module, or a compiled module that answers differently, fails the run).

The copy is `service/` with the project's setup.py and pyproject.toml copied into `--out`, the listed
modules compiled in place there (never in the source tree, where a stale extension module would shadow an
edited source). Before it reports success, the script extracts the development corpus and the seed article
(when ../shared/data exists) and 20 articles generated from our own sentences with both cores, in two
fresh processes, and compares a hash of every answer: exit status 1 if they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from articles import ROOT, is_extension

DEFAULT_OUT = ROOT / "build" / "compiled"
MARKER = ".compiled-core"  # written into --out: only a directory holding it is ever emptied

# Run in a fresh process with the core to check first on the import path: which files the core's modules
# came from, and one hash over the answers to the corpus, the seed article and generated articles, written as
# the API writes them (orjson through model.as_json: the compiled dataclasses as well).
_ANSWERS = """
import hashlib, json, sys
from pathlib import Path
sys.path.insert(0, str(Path({root!r}) / "benchmarks"))
from articles import load_corpus, load_seed, generated_articles
from service.article.answer import encode
from service.core import events, extract
docs = [*load_corpus(), *([s] if (s := load_seed()) else []), *generated_articles(20)]
digest = hashlib.sha256()
for doc in docs:
    digest.update(encode(extract(doc.text, doc.published, "en")))  # (as the API writes it)
print(json.dumps({{"events_module": events.__file__, "documents": len(docs), "hash": digest.hexdigest()}}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(out: Path) -> None:
    """Copy `service/` and the build files into `out`; compile the listed modules of its core there."""
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not made by this script: choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by benchmarks/compiled.py; emptied on every run\n")
    shutil.copytree(
        ROOT / "service", out / "service", ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd")
    )
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, out / name)
    started = time.perf_counter()
    log(f"compiling the core with mypyc in {out} (a minute or two) ...")
    done = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"],
        cwd=out,
        env={**os.environ, "NEWS_TIMELINE_COMPILE": "1"},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        log(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"mypyc failed (status {done.returncode}); see above")
    log(f"compiled in {time.perf_counter() - started:.0f} s")


def answers(import_root: Path) -> dict:
    """What the check program prints, run with `import_root` first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(import_root), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-c", _ANSWERS.format(root=str(ROOT))],
        cwd=import_root,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        log(done.stderr[-4000:])
        raise SystemExit(f"the check program failed with {import_root} first on the path")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory of the compiled copy")
    args = ap.parse_args()
    out = args.out.resolve()
    build(out)
    compiled, plain = answers(out), answers(ROOT)
    if not is_extension(compiled["events_module"]) or is_extension(plain["events_module"]):
        log(f"expected the compiled core from {out}: got {compiled['events_module']}")
        return 1
    log(f"compiled core: {compiled['events_module']}")
    log(
        f"answers to {compiled['documents']} documents: compiled {compiled['hash'][:16]}…, "
        f"interpreted {plain['hash'][:16]}…"
    )
    if compiled != {**plain, "events_module": compiled["events_module"]}:
        log("the compiled core answers differently: do not use its figures")
        return 1
    log(f"identical. Put {out} first on PYTHONPATH to use it.")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
