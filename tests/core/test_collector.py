"""The cycle collector paused over an extraction: safe because the core makes no reference cycles."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator

import pytest
from texts import articles

from service.core import collector, extract, warm_up

PUBLISHED = dt.date(2025, 4, 17)


def _articles() -> list[tuple[str, str]]:
    """Our own articles, and all of them as one long text (where a collection would run, if the collector
    were on)."""
    ours = articles()
    return [*ours, ("everything", "\n\n".join(text for _, text in ours))]


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on for the test (as in any Python process), and as it was after."""
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


@pytest.mark.parametrize(("name", "text"), _articles(), ids=[name for name, _ in _articles()])
def test_an_extraction_makes_no_reference_cycle(name: str, text: str) -> None:
    """If this fails, an extraction leaves garbage that only the collector can free, and pausing the
    collector over extractions (service.core.collector) lets a worker's memory grow: remove the cycle.
    (The grammar's loading, once per process, may make some: `warm_up` does it first, as a worker does.)"""
    warm_up()
    gc.collect()
    with collector.paused():  # (off until the check: a collection in between would hide a cycle)
        analysis = extract(text, PUBLISHED)
        assert analysis.predicates, "the text should give events (this test would prove little otherwise)"
        del analysis
        assert gc.collect() == 0, "unreachable objects: the extraction made a reference cycle"


def test_the_collector_is_off_inside_and_back_on_after(collector_on: None) -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested: the inner block does not turn it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_back_on_after_an_exception(collector_on: None) -> None:
    """If this fails, a request stopped by the time limit leaves its worker without a cycle collector."""
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("stopped")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(collector_on: None) -> None:
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    extract("The board met on Monday.", PUBLISHED)
    assert not gc.isenabled(), "extract turned on a collector its caller had turned off"


def test_extract_pauses_the_collector_and_turns_it_back_on(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.core import pipeline

    seen: list[bool] = []
    real = pipeline.recognize.candidates

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline.recognize, "candidates", spy)
    extract("The board met on Monday.", PUBLISHED)
    assert seen == [False], "the collector ran during the extraction"
    assert gc.isenabled()
