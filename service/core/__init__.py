"""The extraction core: recognize, normalize, find events, order the timeline. Never imports Flask."""

from __future__ import annotations

from service.core.genre import GENRES, Genre
from service.core.model import Analysis, Event, EventDate, EventView, Interval, Span, Timex
from service.core.pipeline import (
    SUPPORTED_LANGUAGES,
    UnknownGenreError,
    UnsupportedLanguageError,
    extract,
    warm_up,
)

__all__ = [
    "GENRES",
    "SUPPORTED_LANGUAGES",
    "Analysis",
    "Event",
    "EventDate",
    "EventView",
    "Genre",
    "Interval",
    "Span",
    "Timex",
    "UnknownGenreError",
    "UnsupportedLanguageError",
    "extract",
    "warm_up",
]
