"""Timelines of many articles on Apache Spark: the core once per article, on Arrow batches (``mapInPandas``).

    from service.spark import timelines, timexes
    entries = timelines(spark.read.parquet("archive/"))           # one row per timeline entry
    expressions = timexes(df, text="body", published="date")       # one row per temporal expression

Each article goes through ``service.article.answer``, as ``POST /v1/timeline`` does, and its rows hold that
answer: the named columns are read from the answer's objects by the paths below (a field the answer lacks
is null), ``entry`` holds the whole object as the API writes it, and an article that cannot be answered
is one row whose ``problem`` is the API's RFC 9457 object. An article with no entries is one row with a
null ``position``, so every input row is accounted for. Nothing goes through HTTP.

pyspark is the optional extra ``spark``; the executors need this package installed (the same image).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from service import article
from service.article.answer import encode

if TYPE_CHECKING:  # pragma: no cover - typing only; pyspark is imported when a function is called
    import pandas as pd
    from pyspark.sql import DataFrame

Kind = Literal["events", "timexes"]

#: Columns of `timelines`: (column, path in an event of the answer, Spark type).
ENTRY_COLUMNS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("entry_id", ("id",), "string"),
    ("trigger", ("trigger", "text"), "string"),
    ("date_value", ("date", "value"), "string"),
    ("interval_start", ("date", "interval", "start"), "string"),
    ("interval_end", ("date", "interval", "end"), "string"),
    ("granularity", ("date", "granularity"), "string"),
    ("status", ("status",), "string"),
    ("headline", ("headline",), "string"),
    ("salience", ("salience",), "double"),
    ("date_source", ("date", "source"), "string"),
)

#: Columns of `timexes`: (column, path in a timex of the answer, Spark type).
TIMEX_COLUMNS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("tid", ("tid",), "string"),
    ("start", ("start",), "long"),
    ("end", ("end",), "long"),
    ("text", ("text",), "string"),
    ("type", ("type",), "string"),
    ("value", ("value",), "string"),
    ("mod", ("mod",), "string"),
    ("granularity", ("granularity",), "string"),
    ("interval_start", ("interval", "start"), "string"),
    ("interval_end", ("interval", "end"), "string"),
    ("signal", ("signal",), "string"),
    ("range_start", ("range", "start"), "string"),
    ("range_end", ("range", "end"), "string"),
    ("confidence", ("confidence",), "double"),
)

#: The article's columns, first in every row: its id, the answer's own members, the entry's place.
ARTICLE_COLUMNS = (
    "article_id string, published string, language string, truncated boolean, position int"
)
#: The RFC 9457 problem of an article that cannot be answered (the API's, without ``instance``).
PROBLEM_TYPE = (
    "problem struct<type: string, title: string, status: int, detail: string, "
    "errors: map<string, array<string>>>"
)


def timelines(
    df: DataFrame,
    text: str = "text",
    published: str = "published",
    id: str = "id",
    language: str | None = None,
    *,
    keep: Sequence[str] = (),
    limits: article.Limits = article.DEFAULT_LIMITS,
) -> DataFrame:
    """One row per timeline entry of each article of ``df`` (columns named by the arguments; ``language``
    None: each article read in the language detected in it, as the API does), ``keep`` columns copied
    onto its rows."""
    return _answers(df, "events", text, published, id, language, keep, limits)


def timexes(
    df: DataFrame,
    text: str = "text",
    published: str = "published",
    id: str = "id",
    language: str | None = None,
    *,
    keep: Sequence[str] = (),
    limits: article.Limits = article.DEFAULT_LIMITS,
) -> DataFrame:
    """One row per temporal expression of each article of ``df``, as `timelines` has one per entry."""
    return _answers(df, "timexes", text, published, id, language, keep, limits)


def output_schema(kind: Kind, kept: str = "") -> str:
    """The DDL schema of the rows of ``kind``, after the ``kept`` columns (DDL too)."""
    columns = ENTRY_COLUMNS if kind == "events" else TIMEX_COLUMNS
    named = ", ".join(f"{name} {spark_type}" for name, _, spark_type in columns)
    return ", ".join(part for part in (kept, ARTICLE_COLUMNS, named, "entry string", PROBLEM_TYPE) if part)


def _answers(
    df: DataFrame,
    kind: Kind,
    text: str,
    published: str,
    id: str,
    language: str | None,
    keep: Sequence[str],
    limits: article.Limits,
) -> DataFrame:
    from pyspark.sql import functions as F
    from pyspark.sql.types import DateType, TimestampType

    types = dict(df.dtypes)
    kept = ", ".join(f"`{name}` {df.schema[name].dataType.simpleString()}" for name in keep)
    when = F.col(published)
    date_type = df.schema[published].dataType if published in types else None
    if isinstance(date_type, DateType):
        when = F.date_format(when, "yyyy-MM-dd")
    elif isinstance(date_type, TimestampType):
        when = F.date_format(when, "yyyy-MM-dd'T'HH:mm:ssXXX")  # with its offset, as the API requires
    def member(name: str | None, column: Any = None) -> Any:
        """The input column as a string, or null for every article when ``df`` has no such column."""
        present = name is not None and name in types
        return (column if column is not None else F.col(name)) if present else F.lit(None)

    inputs = [
        member(id).cast("string").alias("_id"),
        member(text).cast("string").alias("_text"),
        member(published, when).cast("string").alias("_published"),
        member(language).cast("string").alias("_language"),
        *(F.col(name) for name in keep),
    ]
    rows = functools.partial(answer_batches, kind=kind, keep=tuple(keep), limits=limits)
    return df.select(*inputs).mapInPandas(rows, output_schema(kind, kept))


def answer_batches(
    batches: Iterator[pd.DataFrame], kind: Kind, keep: tuple[str, ...], limits: article.Limits
) -> Iterator[pd.DataFrame]:
    """The rows of each Arrow batch of articles (``_id``, ``_text``, ``_published``, ``_language``): runs
    in the executors' Python workers."""
    import pandas as pd

    columns = ENTRY_COLUMNS if kind == "events" else TIMEX_COLUMNS
    names = [*keep, "article_id", "published", "language", "truncated", "position"]
    names += [name for name, _, _ in columns] + ["entry", "problem"]
    for batch in batches:
        out: list[list[Any]] = []
        for record in batch.to_dict("records"):
            carried = [record[name] for name in keep]
            out.extend([*carried, *row] for row in article_rows(record, kind, limits))
        yield pd.DataFrame(out, columns=names)


def article_rows(record: dict[str, Any], kind: Kind, limits: article.Limits) -> list[list[Any]]:
    """The rows of one article (without the kept columns): one per entry, or one for the whole article."""
    item = {
        name: value
        for name, value in (
            ("id", record["_id"]),
            ("text", record["_text"]),
            ("published", record["_published"]),
            ("language", record["_language"]),
        )
        if isinstance(value, str)  # (a missing value is left out, as a JSON member would be)
    }
    answer = article.answer(item, limits)
    columns = ENTRY_COLUMNS if kind == "events" else TIMEX_COLUMNS
    blanks = [None] * len(columns)
    if "problem" in answer:
        return [[item.get("id"), None, None, None, None, *blanks, None, _problem(answer["problem"])]]
    head = [answer["id"], answer["published"], answer["language"], answer["truncated"]]
    entries = answer[kind]  # (the events are the core's dataclasses: the API writes them as they are)
    if not entries:
        return [[*head, None, *blanks, None, None]]
    return [
        [*head, position, *(_at(entry, path) for _, path, _ in columns), encode(entry).decode(), None]
        for position, entry in enumerate(entries)
    ]


def _at(document: Any, path: tuple[str, ...]) -> Any:
    """The member at ``path`` of an answer's object (a dict, or a dataclass that is written as one), or
    None when the answer has no such member."""
    for key in path:
        if document is None:
            return None
        document = document.get(key) if isinstance(document, dict) else getattr(document, key, None)
    return document


def _problem(problem: dict[str, Any]) -> dict[str, Any]:
    """The problem as the ``problem`` struct: its members, ``errors`` as lists of messages."""
    errors = problem.get("errors")
    if isinstance(errors, dict):
        errors = {
            name: [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
            for name, messages in errors.items()
        }
    return {name: problem.get(name) for name in ("type", "title", "status", "detail")} | {"errors": errors}
