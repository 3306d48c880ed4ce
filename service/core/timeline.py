"""Order events chronologically: by the interval their date covers, coarser first, then text order."""

from __future__ import annotations

import datetime as dt

from service.core.model import Event

_VAGUE = {"PAST_REF": -1, "PRESENT_REF": 0, "FUTURE_REF": 1}


def sort_key(event: Event, anchor: dt.date) -> tuple[str, int, int, int]:
    """Start of the date's interval, then wider intervals first, then position in the text.

    Vague dates sit at the publication date: PAST_REF first, then PRESENT_REF, both before that day's
    events, and FUTURE_REF just after them.
    """
    date = event.date
    if date.value in _VAGUE:
        day = anchor.isoformat()
        rank = _VAGUE[date.value]
        return (day, rank, 0, event.trigger.start) if rank <= 0 else (day, 2, 0, event.trigger.start)
    iv = date.interval
    if iv is None or iv.start is None:
        return ("9999-12-31", 3, 0, event.trigger.start)
    # wider first: a later end sorts first
    return (iv.start, 1, -int((iv.end or iv.start).replace("-", "")), event.trigger.start)


Place = tuple[str, int, int, int, int, int, int]


def places(events: list[Event], anchor: dt.date, steps: dict[int, int] | None = None) -> dict[int, Place]:
    """Where each event goes on the timeline, by its id(): by `sort_key`; on one date by sentence, a past
    perfect or what follows "after" (step 0) counted with the sentence before it, whose events it
    precedes ("The senator resigned. She had criticized the party."), and an undated report (step 4) and
    the future it reports (step 5) after the rest of that date; then within a sentence by its step
    (`steps`, by id(): a past perfect, then what a report tells, then the report and the rest, then what
    is to come; 2 by default), then in text order."""
    steps = steps or {}
    starts = sorted({e.sentence.start for e in events})
    before = dict(zip(starts, [starts[0], *starts[:-1]], strict=True)) if starts else {}
    out: dict[int, Place] = {}
    for e in events:
        key = sort_key(e, anchor)
        step = steps.get(id(e), 2)
        # (a past perfect reaches back over one sentence that tells events, not over the whole day)
        sentence = before[e.sentence.start] if step == 0 else e.sentence.start
        group = 2 if step >= 4 else 1
        within = 2 if step == 4 else 3 if step == 5 else step
        out[id(e)] = (*key[:3], group, sentence, within, e.trigger.start)
    return out


def order(
    events: list[Event], anchor: dt.date, prefix: str = "e", steps: dict[int, int] | None = None
) -> list[Event]:
    """Events in timeline order, numbered e1, e2, ... (or with another `prefix`; `steps`: see `places`)."""
    placed = places(events, anchor, steps)
    ordered = sorted(events, key=lambda e: placed[id(e)])
    for i, e in enumerate(ordered, 1):
        e.id = f"{prefix}{i}"
    return ordered
