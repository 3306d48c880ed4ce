"""The ``timeline`` command: one article to a readable table or the API's documents, or many in batch.

    timeline extract ARTICLE.txt --published 2025-04-18            # a table: date, status, headline
    timeline extract ARTICLE.txt --published 2025-04-18 --json     # the answer of POST /v1/timeline
    timeline extract - --published 2025-04-18 --format ics         # the API's export, from stdin
    timeline batch IN.jsonl OUT.jsonl                              # one article a line, on every core

The documents are the API's own: ``--json`` and each batch line are made by the same schemas, and
``--format`` asks the application itself (in this process, no server needed) for ``?format=...``.
Nothing is read from the clock: the publication date is always given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from service import __version__

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
FORMATS = ("timelinejs", "ics")

# --- date labels (the same rules as the page's labels.js) ------------------------------------------------

_MONTHS = "January February March April May June July August September October November December".split()
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PARTS = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_VAGUE = {"PAST_REF": "recently", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
_SIGNALS = {
    "by", "before", "after", "since", "until", "till", "through", "from", "as of", "ahead of", "prior to",
    "no later than", "as soon as", "beginning", "starting", "around", "about", "within",
}  # fmt: skip
_MOD_WORDS = {
    "BEFORE": "before", "AFTER": "after", "ON_OR_BEFORE": "by", "ON_OR_AFTER": "from", "APPROX": "about",
    "LESS_THAN": "less than", "MORE_THAN": "more than",
    "EQUAL_OR_LESS": "at most", "EQUAL_OR_MORE": "at least",
}  # fmt: skip
_POSITIONS = {"START": "early", "MID": "mid-", "END": "late"}
_DATE_TIME = r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"


def _day(value: str, compact: bool, same_year: bool) -> str:
    import datetime as dt

    day = dt.date.fromisoformat(value[:10])
    if compact:
        return f"{day.day} {day:%b}" + ("" if same_year else f" {day.year}")
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def date_label(date: Mapping[str, Any], signal: str | None = None, published: str | None = None) -> str:
    """The date of an event at its granularity: "April 2025", "Thu 17 Apr 2025", "by 26 Apr", "recently"."""
    import re

    value = str(date.get("value") or "")
    word = (signal or "").lower()
    prefix = word if word in _SIGNALS else _MOD_WORDS.get(str(date.get("mod")), "")
    day_like = bool(re.match(r"^\d{4}-\d{2}-\d{2}", value))
    same_year = bool(published) and day_like and value[:4] == str(published)[:4]
    compact = bool(prefix)
    if value in _VAGUE:
        if prefix and value == "PRESENT_REF":
            return f"{prefix} now"
        return _VAGUE[value]
    try:
        if m := re.fullmatch(_DATE_TIME, value):
            zone = "" if not m[3] else " UTC" if m[3] == "Z" else f" UTC{m[3]}"
            text = f"{_day(m[1], compact, same_year)}, {m[2]}{zone}"
        elif m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(MO|MI|AF|EV|NI|DT)", value):
            text = f"{_day(m[1], compact, same_year)}, {_PARTS[m[2]]}"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            text = _day(value, compact, same_year)
        elif m := re.fullmatch(r"(\d{4})-W(\d{2})-WE", value):
            text = f"weekend of week {int(m[2])}, {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            text = f"Week {int(m[2])}, {m[1]}"
        elif (m := re.fullmatch(r"(\d{4})-(\d{2})", value)) and 1 <= int(m[2]) <= 12:
            text = f"{_MONTHS[int(m[2]) - 1]} {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            text = f"Q{m[2]} {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-H([12])", value):
            text = f"{'first' if m[2] == '1' else 'second'} half of {m[1]}"
        elif m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            year = f"{m[1]}–{str(int(m[1]) + 1)[-2:]}" if m[2] == "WI" else m[1]
            text = f"{_SEASONS[m[2]]} {year}"
        elif re.fullmatch(r"\d{4}", value):
            text = value
        elif re.fullmatch(r"\d{3}", value):
            text = f"{value}0s"
        elif re.fullmatch(r"\d{2}", value):
            n = int(value) + 1
            suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            text = f"{n}{suffix} century"
        else:
            text = value or "undated"
    except ValueError:  # not a calendar date after all
        text = value
    position = _POSITIONS.get(str(date.get("mod")))
    if position:
        if day_like:
            text = f"{'midday' if position == 'mid-' else position} on {text}"
        else:
            text = f"mid-{text}" if position == "mid-" else f"{position} {text}"
    return f"{prefix} {text}" if prefix else text


# --- the per-article work -------------------------------------------------------------------------------


def problem_object(
    status: int, title: str, detail: str, *, type: str = "about:blank", errors: Any = None
) -> dict[str, Any]:
    problem: dict[str, Any] = {"type": type, "title": title, "status": status, "detail": detail}
    if errors is not None:
        problem["errors"] = errors
    return problem


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
    from service.api.batch import answer_item, validation_problem
    from service.api.problems import MALFORMED_JSON

    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        problem = problem_object(
            400,
            "Malformed JSON",
            f"Line {number} is not valid JSON: {exc.msg} (column {exc.colno}).",
            type=MALFORMED_JSON,
        )
        return number, None, False, _dumps({"id": None, "line": number, "problem": problem})
    if not isinstance(record, dict):
        problem = validation_problem({"_schema": ["Each line must be a JSON object."]})
        return number, None, False, _dumps({"id": None, "line": number, "problem": problem})
    body = fields_.request(record)
    if not isinstance(body.get("id"), str) or not body["id"]:
        message = f"Required in a batch file: a non-empty string in `{fields_.id}`; it makes runs resumable."
        problem = validation_problem({"id": [message]})
        return number, None, False, _dumps({"id": None, "line": number, "problem": problem})
    result = answer_item(body)
    ok = "problem" not in result
    if not ok:
        result = {"id": result["id"], "line": number, "problem": result["problem"]}
    return number, body["id"], ok, _dumps(result)


def _dumps(document: Any) -> str:
    """One compact JSON line, written as the API writes its answers."""
    from service.api.answer import encode

    return encode(document).decode("utf-8")


def _worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the pool), then the grammars."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_up()


def _warm_up() -> None:
    import service.api.batch  # noqa: F401  (imported once, before the workers are forked)
    from service.core import warm_up

    warm_up()


# --- progress -------------------------------------------------------------------------------------------


class Progress:
    """A progress bar on a terminal (redrawn at most ten times a second), a line now and then elsewhere."""

    def __init__(self, stream: IO[str], total: int | None, enabled: bool = True) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.tty = enabled and stream.isatty()
        self.done = 0
        self.skipped = 0  # counted by the thread that feeds the workers
        self.problems = 0
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.next_report = 0.1

    def advance(self, ok: bool) -> None:
        self.done += 1
        self.problems += 0 if ok else 1
        now = time.monotonic()
        if self.tty and now - self.last_draw >= 0.1:
            self.last_draw = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()
        elif self.enabled and not self.tty and self._report_due():
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def _report_due(self) -> bool:
        """Off a terminal: a line at every tenth of the total, or every 500 articles when it is unknown."""
        if self.total:
            if self.count / self.total >= self.next_report:
                self.next_report += 0.1
                return True
            return False
        return self.count % 500 == 0

    @property
    def count(self) -> int:
        return self.done + self.skipped

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        tail = f"{self.count}" + (f"/{self.total}" if self.total else "") + f" articles, {rate:.1f}/s"
        if self.skipped:
            tail += f", {self.skipped} skipped"
        if self.problems:
            tail += f", {self.problems} problem{'s' if self.problems != 1 else ''}"
        if not self.total:
            return tail
        share = min(self.count / self.total, 1.0)
        width = 28
        filled = int(share * width)
        bar = "█" * filled + "·" * (width - filled)
        eta = max(self.total - self.count, 0) / rate if rate > 0 else 0
        return f"[{bar}] {share:4.0%} {tail}, ETA {int(eta // 60)}:{int(eta % 60):02d}"

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r" + self.line(time.monotonic()) + "\x1b[K\n")
            self.stream.flush()


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


# --- extract --------------------------------------------------------------------------------------------


def _read_article(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def _print_problem(problem: Mapping[str, Any], err: IO[str]) -> None:
    err.write(f"timeline: {problem.get('title', 'Error')}: {problem.get('detail', '')}\n")
    errors = problem.get("errors")
    if isinstance(errors, Mapping):
        for name, messages in errors.items():
            text = " ".join(messages) if isinstance(messages, list) else str(messages)
            err.write(f"  {name}: {text}\n")


def render_table(answer: Mapping[str, Any], width: int) -> str:
    """The events as a table: date, status, headline (wrapped to ``width`` columns)."""
    signals = {t["tid"]: t.get("signal") for t in answer.get("timexes", [])}
    rows = [
        (
            date_label(e["date"], signals.get(e["date"].get("timex") or ""), answer.get("published")),
            e["status"] + (" (vague)" if e["date"].get("vague") else ""),
            e.get("headline") or e["trigger"]["text"],
        )
        for e in answer.get("events", [])
    ]
    if not rows:
        return "No dated events found.\n"
    header = ("DATE", "STATUS", "HEADLINE")
    w_date = max(len(header[0]), *(len(r[0]) for r in rows))
    w_status = max(len(header[1]), *(len(r[1]) for r in rows))
    w_text = max(width - w_date - w_status - 4, 20)
    out = []
    for date, status, headline in [header, *rows]:
        lines = textwrap.wrap(headline, w_text) or [""]
        out.append(f"{date:<{w_date}}  {status:<{w_status}}  {lines[0]}".rstrip())
        out.extend(f"{'':<{w_date}}  {'':<{w_status}}  {more}" for more in lines[1:])
    return "\n".join(out) + "\n"


def cmd_extract(args: argparse.Namespace) -> int:
    out, err = sys.stdout, sys.stderr
    try:
        text = _read_article(args.article)
    except (OSError, UnicodeDecodeError) as exc:
        err.write(f"timeline: cannot read {args.article}: {exc}\n")
        return EXIT_USAGE
    body: dict[str, Any] = {"text": text, "published": args.published}
    if args.language is not None:  # left out, the service detects it
        body["language"] = args.language
    if args.id is not None:
        body["id"] = args.id
    if args.title is not None:
        body["title"] = args.title

    if args.format:
        return _export(body, args.format, args.min_salience, sys.stdout.buffer, err)
    if args.min_salience is not None:
        err.write("timeline: --min-salience applies to --format timelinejs only\n")
        return EXIT_USAGE

    from service.api.answer import plain
    from service.api.batch import answer_item

    _warm_up()
    result = plain(answer_item(body))
    if "problem" in result:
        _print_problem(result["problem"], err)
        return EXIT_PROBLEM
    if args.json:
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        out.write(render_table(result, width))
    return EXIT_OK


def _export(
    body: Mapping[str, Any], fmt: str, min_salience: float | None, out: IO[bytes], err: IO[str]
) -> int:
    """Ask the application itself (in this process, no server) for ``POST /v1/timeline?format=...``."""
    from urllib.parse import urlencode

    from service.app import create_app

    query: dict[str, Any] = {"format": fmt}
    if min_salience is not None:
        query["min_salience"] = min_salience
    app = create_app({"API_KEYS": "", "API_KEYS_FILE": ""})  # a call from inside: no key to present
    with app.test_client() as client:
        response = client.post(f"/v1/timeline?{urlencode(query)}", json=body)
    if response.status_code >= 400:
        problem = response.get_json(silent=True) or {"title": response.status, "detail": ""}
        _print_problem(problem, err)
        return EXIT_PROBLEM
    data = response.get_data()
    out.write(data if data.endswith(b"\n") else data + b"\n")
    out.flush()
    return EXIT_OK


# --- the command line -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Put news articles on timelines: their dated events, in chronological order.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract",
        help="one article: a table of its events, or the API's JSON or exports",
        description="Read one article (a UTF-8 text file, or - for standard input) and print its events.",
    )
    extract.add_argument("article", metavar="ARTICLE", help="the article's text file, or - for stdin")
    extract.add_argument(
        "--published",
        required=True,
        help="publication date, YYYY-MM-DD or a date-time with a UTC offset: relative dates are read from it",
    )
    extract.add_argument("--id", help="an identifier echoed in the JSON answer")
    extract.add_argument("--title", help="the article's headline: the exports' title (TimelineJS, iCalendar)")
    extract.add_argument(
        "--language", default=None, help="ISO 639-1 code of the language (default: detected)"
    )
    output = extract.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the JSON answer of POST /v1/timeline")
    output.add_argument(
        "--format", choices=FORMATS, help="print the API's export: TimelineJS JSON or iCalendar"
    )
    extract.add_argument(
        "--min-salience",
        type=float,
        help="with --format timelinejs: leave out events less salient than this (the API's min_salience)",
    )
    extract.set_defaults(handler=cmd_extract)

    batch = commands.add_parser(
        "batch",
        help="many articles: JSON lines in, one answer or problem a line out",
        description=(
            'Read one article a line ({"id", "text", "published"}), write one line per article in the '
            'same order: the answer of POST /v1/timeline, or {"id", "line", "problem"}. Runs on every '
            "core; ids already in OUTPUT are skipped, so an interrupted run resumes where it stopped."
        ),
    )
    batch.add_argument("input", metavar="INPUT", help="JSON lines file, or - for stdin")
    batch.add_argument("output", metavar="OUTPUT", help="JSON lines file (appended to), or - for stdout")
    batch.add_argument(
        "-j", "--jobs", type=int, default=0, help="worker processes (default: one per core available)"
    )
    batch.add_argument("--published-field", default="published", help="input member holding the date")
    batch.add_argument("--text-field", default="text", help="input member holding the text")
    batch.add_argument("--id-field", default="id", help="input member holding the id")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    batch.set_defaults(handler=cmd_batch)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "jobs", 0) < 0:
        sys.stderr.write("timeline: --jobs must be 0 (one per core) or more\n")
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # `timeline extract ... | head`
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
