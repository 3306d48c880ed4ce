"""``timeline batch``: JSON lines in, one answer or problem a line out, on every core, resumable."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from service.cli.progress import Progress

EXIT_OK, EXIT_USAGE = 0, 2


@dataclass(frozen=True)
class Fields:
    """Which member of an input line holds each field of the request."""

    text: str = "text"
    published: str = "published"
    id: str = "id"
    language: str = "language"
    title: str = "title"

    def request(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The request body of ``record``: its known members only, renamed (other members are ignored)."""
        body = {}
        for name in ("id", "text", "published", "language", "title"):
            source = getattr(self, name)
            if source in record:
                body[name] = record[source]
        return body


def process_line(task: tuple[int, str, Fields]) -> tuple[int, str | None, bool, str]:
    """One input line to one output line: ``(line number, id, ok, JSON)``. Runs in the worker processes."""
    number, line, fields_ = task
    from service import article
    from service.article.problems import MALFORMED_JSON, problem, validation_problem

    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        malformed = problem(
            400,
            f"Line {number} is not valid JSON: {exc.msg} (column {exc.colno}).",
            type=MALFORMED_JSON,
            title="Malformed JSON",
        )
        return number, None, False, _dumps({"id": None, "line": number, "problem": malformed})
    if not isinstance(record, dict):
        invalid = validation_problem({"_schema": ["Each line must be a JSON object."]})
        return number, None, False, _dumps({"id": None, "line": number, "problem": invalid})
    body = fields_.request(record)
    if not isinstance(body.get("id"), str) or not body["id"]:
        message = f"Required in a batch file: a non-empty string in `{fields_.id}`; it makes runs resumable."
        invalid = validation_problem({"id": [message]})
        return number, None, False, _dumps({"id": None, "line": number, "problem": invalid})
    result = article.answer(body)
    ok = "problem" not in result
    if not ok:
        result = {"id": result["id"], "line": number, "problem": result["problem"]}
    return number, body["id"], ok, _dumps(result)


def _dumps(document: Any) -> str:
    """One compact JSON line, written as the API writes its answers."""
    from service.article.answer import encode

    return encode(document).decode("utf-8")


def _worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the pool), then the grammars."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_up()


def _warm_up() -> None:
    import service.article  # noqa: F401  (imported once, before the workers are forked)
    from service.core import warm_up

    warm_up()



# --- batch ----------------------------------------------------------------------------------------------


@dataclass
class Resume:
    """What an earlier run left in the output: the ids (and id-less line numbers) already answered."""

    ids: set[str] = field(default_factory=set)
    lines: set[int] = field(default_factory=set)


def read_resume(path: Path, err: IO[str]) -> Resume:
    """The ids already in ``path``; a last line cut short by an interrupted run is removed first."""
    done = Resume()
    if not path.exists():
        return done
    with path.open("rb+") as handle:
        data = handle.read()
        if data and not data.endswith(b"\n"):
            cut = data.rfind(b"\n") + 1
            handle.truncate(cut)
            data = data[:cut]
            err.write(f"timeline: removed an incomplete last line from {path} (an interrupted run)\n")
    for raw in data.splitlines():
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if not isinstance(record, dict):
            continue
        if isinstance(record.get("id"), str):
            done.ids.add(record["id"])
        elif isinstance(record.get("line"), int):
            done.lines.add(record["line"])
    return done


def _input_lines(handle: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, 1):
        if line.strip():
            yield number, line


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _already_done(number: int, line: str, done: Resume, fields_: Fields) -> bool:
    if number in done.lines:
        return True
    if not done.ids:
        return False
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return False
    value = record.get(fields_.id) if isinstance(record, dict) else None
    return isinstance(value, str) and value in done.ids


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_batch(
    source: IO[str],
    sink: IO[str],
    *,
    done: Resume,
    fields_: Fields,
    jobs: int,
    progress: Progress,
    chunksize: int | None = None,
) -> tuple[int, int, int]:
    """Answer the lines of ``source`` not in ``done``, in order, into ``sink``.

    Returns (answered, problems, skipped).
    """

    def tasks() -> Iterator[tuple[int, str, Fields]]:
        for number, line in _input_lines(source):
            if _already_done(number, line, done, fields_):
                progress.skipped += 1
                continue
            yield number, line, fields_

    answered = problems = 0
    results: Iterable[tuple[int, str | None, bool, str]]
    pool = None
    if jobs <= 1:
        _warm_up()
        results = map(process_line, tasks())
    else:
        import multiprocessing

        # fork: the workers start at once and share the grammars loaded here; elsewhere, each loads them.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        if "fork" in methods:
            _warm_up()
        pool = context.Pool(processes=jobs, initializer=_worker_init)
        if chunksize is None:
            chunksize = max(1, min(16, (progress.total or 1000) // (jobs * 16)))
        results = pool.imap(process_line, tasks(), chunksize=chunksize)
    try:
        for _number, _id, ok, line in results:
            sink.write(line + "\n")
            answered += 1
            problems += 0 if ok else 1
            progress.advance(ok)
        sink.flush()
    finally:
        sink.flush()
        if pool is not None:
            pool.terminate()
            pool.join()
    return answered, problems, progress.skipped


def cmd_batch(args: argparse.Namespace) -> int:
    err = sys.stderr
    fields_ = Fields(text=args.text_field, published=args.published_field, id=args.id_field)
    jobs = args.jobs or cores()
    out_path = None if args.output == "-" else Path(args.output)
    done = read_resume(out_path, err) if out_path is not None else Resume()
    if args.input == "-":
        source: IO[str] = sys.stdin
        total = None
    else:
        in_path = Path(args.input)
        if not in_path.is_file():
            err.write(f"timeline: no such input file: {in_path}\n")
            return EXIT_USAGE
        source = in_path.open(encoding="utf-8")
        total = _count_lines(in_path)
    progress = Progress(err, total, enabled=not args.quiet)
    sink = sys.stdout if out_path is None else out_path.open("a", encoding="utf-8")
    started = time.monotonic()
    try:
        answered, problems, skipped = run_batch(
            source, sink, done=done, fields_=fields_, jobs=jobs, progress=progress
        )
    except KeyboardInterrupt:
        progress.close()
        err.write(f"timeline: interrupted after {progress.done} articles; run again to resume\n")
        return 130
    finally:
        if source is not sys.stdin:
            source.close()
        if sink is not sys.stdout:
            sink.close()
    progress.close()
    elapsed = time.monotonic() - started
    if not args.quiet:
        rate = answered / elapsed if elapsed > 0 else 0.0
        err.write(
            f"timeline: {answered} articles answered ({answered - problems} timelines, {problems} problems), "
            f"{skipped} skipped as already done, in {elapsed:.1f} s ({rate:.1f} articles/s, {jobs} "
            f"process{'es' if jobs != 1 else ''})\n"
        )
    return EXIT_OK

