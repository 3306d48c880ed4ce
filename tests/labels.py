"""The date labels the page (labels.js) and the CLI show; shared by test_web.py and test_browser.py."""

from __future__ import annotations

from typing import Any

PUB = "2025-04-18"
#: (event date, options, label): the labels the page (labels.js) and the CLI show.
LABEL_CASES: list[tuple[dict[str, Any], dict[str, Any], str]] = [
    ({"value": "2022", "granularity": "year"}, {}, "2022"),
    ({"value": "2025-04", "granularity": "month"}, {}, "April 2025"),
    ({"value": "2025-W17", "granularity": "week"}, {}, "Week 17, 2025"),
    ({"value": "2025-04-17", "granularity": "day"}, {}, "Thu 17 Apr 2025"),
    ({"value": "2025-04-26", "mod": "ON_OR_BEFORE"}, {"signal": "by", "published": PUB}, "by 26 Apr"),
    (
        {"value": "2026-01-05", "mod": "ON_OR_BEFORE"},
        {"signal": "by", "published": PUB},
        "by 5 Jan 2026",
    ),
    ({"value": "2025-04-26", "mod": "ON_OR_BEFORE"}, {}, "by 26 Apr 2025"),
    ({"value": "2024-03", "mod": "BEFORE"}, {"signal": "before"}, "before March 2024"),
    ({"value": "2023", "mod": "ON_OR_AFTER"}, {"signal": "since"}, "since 2023"),
    ({"value": "2025-05-02", "mod": "AFTER"}, {"signal": "after", "published": PUB}, "after 2 May"),
    ({"value": "1996", "mod": "APPROX"}, {}, "about 1996"),
    ({"value": "2025-04", "mod": "START"}, {}, "early April 2025"),
    ({"value": "1996", "mod": "MID"}, {"signal": "in"}, "mid-1996"),
    ({"value": "197", "mod": "END"}, {"signal": "in"}, "late 1970s"),
    ({"value": "2025-04-15"}, {"signal": "on"}, "Tue 15 Apr 2025"),
    ({"value": "19"}, {}, "20th century"),
    ({"value": "2025-Q2"}, {}, "Q2 2025"),
    ({"value": "2025-H1"}, {}, "first half of 2025"),
    ({"value": "1997-WI"}, {}, "winter 1997–98"),
    ({"value": "2025-SU"}, {}, "summer 2025"),
    ({"value": "2025-04-17T09:30"}, {}, "Thu 17 Apr 2025, 09:30"),
    ({"value": "2025-04-17TMO"}, {}, "Thu 17 Apr 2025, morning"),
    ({"value": "PAST_REF", "vague": True}, {"signal": "in"}, "recently"),
    ({"value": "PRESENT_REF", "vague": True}, {}, "now"),
    ({"value": "PRESENT_REF", "mod": "ON_OR_BEFORE", "vague": True}, {"signal": "until"}, "until now"),
    ({"value": "FUTURE_REF", "vague": True}, {"signal": "for"}, "in the future"),
]
