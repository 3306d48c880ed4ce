"""The extraction core: recognize, normalize, find events, order the timeline. Never imports Flask."""

from __future__ import annotations

from service.core.model import Analysis, Event, EventDate, Interval, Span, Timex
from service.core.pipeline import SUPPORTED_LANGUAGES, UnsupportedLanguageError, extract, warm_up

__all__ = [
    "SUPPORTED_LANGUAGES",
    "Analysis",
    "Event",
    "EventDate",
    "Interval",
    "Span",
    "Timex",
    "UnsupportedLanguageError",
    "extract",
    "warm_up",
]
