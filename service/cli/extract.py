"""``timeline extract``: one article to a table of its events, the API's JSON, or the API's exports."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from service.cli.labels import date_label

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
FORMATS = ("timelinejs", "ics")


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

    from service import article
    from service.article.answer import plain
    from service.core import warm_up

    warm_up()
    result = plain(article.answer(body))
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

