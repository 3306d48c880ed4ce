"""Property tests of the core: for any text and any publication date, ``extract`` answers soundly.

For every input: no exception; every offset inside the text with ``text[start:end]`` equal to the span's
text; every value a well-formed TIMEX3 value of its type; intervals real calendar days in order; events
in the order of ``service.core.timeline.sort_key``; and the same input gives the same answer.

Bounded and deterministic (``derandomize``, no example database), so CI is stable and fast. The texts
mix arbitrary Unicode (surrogates, NUL, combining marks, emoji, right-to-left) with the grammar's own
words, so that the rules actually fire; the dates cover years 1 to 9999 and date-times with offsets.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariants import ANY_VALUE, as_data, check_analysis, is_timex3_value

from service.core import extract, grammar

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BOUNDED = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _words() -> list[str]:
    """The English grammar's words, and the numbers, dates and connectives that go with them."""
    lex = grammar.load("en").lexicon
    words: set[str] = set()
    for value in lex.values():
        if isinstance(value, dict):
            for key, inner in value.items():
                words.add(str(key))
                if isinstance(inner, dict):  # modifiers: kind -> phrase table
                    words.update(str(k) for k in inner)
        elif isinstance(value, list):
            words.update(str(v) for v in value)
    words.update(
        "0 1 2 7 12 15 29 30 31 99 100 1066 1999 2000 2024 2025 9999 10,000 1,000,000 3.5 1/2 2025-04-17 "
        "2024-02-29 04/17/2025 17/04/2025 12:30 9:45 23:59 a.m. p.m. 1990s '90s 19th 21st mid- early late "
        "ago from now later earlier since until by in on at the of and or to every each per week-long "
        "30-day said met will would voted announced opened is was has had be next last this coming".split()
    )
    return sorted(words)


WORDS = _words()
SEPARATORS = [
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    ", ",
    ". ",
    "-",
    "–",
    "/",
    "\u00a0",
    "\u200b",
    "",
]

any_char = st.characters(exclude_categories=())  # every code point, lone surrogates included
grammar_text = st.lists(
    st.one_of(
        st.sampled_from(WORDS), st.sampled_from(WORDS).map(str.title), st.sampled_from(WORDS).map(str.upper)
    ),
    max_size=40,
).flatmap(
    lambda words: st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)).map(
        lambda seps: "".join(w + s for w, s in zip(words, seps, strict=True))
    )
)
unicode_text = st.text(alphabet=any_char, max_size=200)
mixed_text = st.lists(st.one_of(grammar_text, unicode_text), max_size=4).map("".join)

EXTREME_DATES = [
    dt.date(1, 1, 1),
    dt.date(1, 1, 2),
    dt.date(1, 12, 31),
    dt.date(9999, 12, 31),
    dt.date(9999, 12, 30),
    dt.date(9999, 1, 1),
    dt.date(2024, 2, 29),
    dt.date(2000, 2, 29),
    dt.date(1900, 3, 1),
]
OFFSETS = [
    dt.timezone(dt.timedelta(hours=h, minutes=m)) for h, m in ((0, 0), (14, 0), (-12, 0), (5, 30), (-9, -30))
]
published_dates = st.one_of(
    st.sampled_from(EXTREME_DATES),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.datetimes(
        min_value=dt.datetime(1, 1, 1),
        max_value=dt.datetime(9999, 12, 31, 23, 59),
        timezones=st.sampled_from(OFFSETS),
    ),
)


def _check(text: str, published: dt.date) -> None:
    first = extract(text, published, "en")
    check_analysis(text, published, first)
    assert as_data(extract(text, published, "en")) == as_data(first), "same input, different answer"


@BOUNDED
@given(text=grammar_text, published=published_dates)
def test_any_text_of_grammar_words(text: str, published: dt.date) -> None:
    _check(text, published)


@BOUNDED
@given(text=mixed_text, published=published_dates)
def test_any_unicode_text(text: str, published: dt.date) -> None:
    _check(text, published)


RELATIVE = st.tuples(
    st.sampled_from(
        ["1", "2", "10", "99", "999", "1,000", "10,000", "99,999", "1000000", "a", "several", "a few"]
    ),
    st.sampled_from(
        [
            "day",
            "days",
            "week",
            "weeks",
            "month",
            "months",
            "year",
            "years",
            "decade",
            "decades",
            "century",
            "centuries",
            "millennium",
            "millennia",
            "hours",
            "quarters",
        ]
    ),
    st.sampled_from(
        [
            "{n} {u} ago",
            "{n} {u} from now",
            "in {n} {u}",
            "{n} {u} later",
            "{n} {u} earlier",
            "{n} {u} before",
            "within the next {n} {u}",
            "over the past {n} {u}",
            "the next {n} {u}",
            "every {n} {u}",
        ]
    ),
)


@settings(BOUNDED, max_examples=100)
@given(relative=RELATIVE, published=st.sampled_from(EXTREME_DATES))
def test_relative_expressions_that_leave_the_calendar(
    relative: tuple[str, str, str], published: dt.date
) -> None:
    """ "10,000 years ago" from year 1, "in 3 millennia" from 9999: a valid answer, never an overflow."""
    number, unit, template = relative
    text = f"The council said it happened {template.format(n=number, u=unit)}, and yesterday, and next year."
    _check(text, published)


@pytest.mark.parametrize(
    ("value", "type_"),
    [
        ("2025", "DATE"),
        ("2025-04", "DATE"),
        ("2025-04-17", "DATE"),
        ("2025-W16", "DATE"),
        ("2025-W16-WE", "DATE"),
        ("2025-Q2", "DATE"),
        ("2025-H1", "DATE"),
        ("2025-SU", "DATE"),
        ("199", "DATE"),
        ("19", "DATE"),
        ("PAST_REF", "DATE"),
        ("2025-04-17T09:30", "TIME"),
        ("2025-04-17T09:30-05:00", "TIME"),
        ("2025-04-17TMO", "TIME"),
        ("P30D", "DURATION"),
        ("PT2H", "DURATION"),
        ("P1Y6M", "DURATION"),
        ("PXY", "DURATION"),
        ("P1W", "SET"),
        ("XXXX-WXX-1", "SET"),
        ("XXXX-SP", "SET"),
    ],
)
def test_timex3_grammar_accepts_well_formed_values(value: str, type_: str) -> None:
    assert is_timex3_value(value, type_)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2025-13",
        "2025-04-32",
        "-0001",
        "20250417",
        "2025-W54",
        "2025-Q5",
        "P",
        "PT",
        "P1",
        "P1H",
        "T",
        "NOW",
        "2025-04-17T25:00",
        "past_ref",
        "10000",
        "2025-04-17 09:30",
    ],
)
def test_timex3_grammar_rejects_malformed_values(value: str) -> None:
    assert ANY_VALUE.fullmatch(value) is None
