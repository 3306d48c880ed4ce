"""The ``timeline`` command: one article to a readable table or the API's documents, or many in batch.

    timeline extract ARTICLE.txt --published 2025-04-18            # a table: date, status, headline
    timeline extract ARTICLE.txt --published 2025-04-18 --json     # the answer of POST /v1/timeline
    timeline extract - --published 2025-04-18 --format ics         # the API's export, from stdin
    timeline batch IN.jsonl OUT.jsonl                              # one article a line, on every core
    timeline spark ARCHIVE/ OUT/ [--master URL]                    # an archive on Spark, to Parquet

Each command has its module here (extract, batch, spark). The documents are the API's own: ``--json``,
each batch line and each Spark row come from ``service.article``, as the API's answers do, and
``--format`` asks the application itself (in this process, no server needed) for ``?format=...``.
Nothing is read from the clock: the publication date is always given.
"""

from __future__ import annotations

import argparse
import sys

from service import __version__
from service.cli import spark
from service.cli.batch import cmd_batch
from service.cli.extract import EXIT_OK, EXIT_USAGE, FORMATS, cmd_extract
from service.cli.labels import date_label
from service.cli.progress import Progress

__all__ = ["Progress", "build_parser", "date_label", "main"]


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
    add_field_arguments(batch, "member")
    batch.set_defaults(handler=cmd_batch)
    spark.add_parser(commands, add_field_arguments)
    return parser


def add_field_arguments(parser: argparse.ArgumentParser, where: str) -> None:
    """Where the input holds each field of an article, and the quiet switch, for batch and spark."""
    parser.add_argument("--published-field", default="published", help=f"input {where} holding the date")
    parser.add_argument("--text-field", default="text", help=f"input {where} holding the text")
    parser.add_argument("--id-field", default="id", help=f"input {where} holding the id")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")


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
