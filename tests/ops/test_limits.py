"""Limits as configuration: processing time (503, the worker lives on) and the answer's list sizes.

The time limit is tested with a core stub that spins or sleeps (monkeypatched into the view) and a small
limit: without the limit the stub would run for a minute, so a 503 proves the request was interrupted.
"""

from __future__ import annotations

import gc
import json
import signal
import threading
import time
import weakref
from typing import Any

import pytest

from service.api import views
from service.config import ConfigError, load_config
from service.limits import TimeLimitExceeded, time_limit, truncate

GOOD = {"text": "The library reopened on Saturday after a long repair.", "published": "2025-04-17"}
STUB_SECONDS = 60  # how long the stubs would run if nothing stopped them


def _spin(*args: Any, **kwargs: Any) -> None:
    deadline = time.monotonic() + STUB_SECONDS
    while time.monotonic() < deadline:
        pass
    raise AssertionError("the time limit did not stop the core")


def _sleep(*args: Any, **kwargs: Any) -> None:
    time.sleep(STUB_SECONDS)
    raise AssertionError("the time limit did not stop the core")


def _no_alarm_left() -> None:
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0), "a timer is still armed"
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL, "the SIGALRM handler was not restored"


# --- the mechanism -----------------------------------------------------------------------------------------


def test_time_limit_interrupts_a_busy_block() -> None:
    with pytest.raises(TimeLimitExceeded) as caught, time_limit(20):
        _spin()
    assert caught.value.limit_ms == 20
    _no_alarm_left()


def test_time_limit_interrupts_a_regular_expression() -> None:
    import re

    with pytest.raises(TimeLimitExceeded), time_limit(20):
        re.match(r"(a+)+$", "a" * 40 + "b")  # catastrophic backtracking: runs for ages
    _no_alarm_left()


def test_time_limit_leaves_a_fast_block_alone_and_disarms() -> None:
    with time_limit(5_000):
        value = sum(range(1000))
    assert value == 499500
    _no_alarm_left()


def test_time_limit_restores_the_previous_handler() -> None:
    def previous(signum: int, frame: Any) -> None:  # pragma: no cover - never fires
        pass

    old = signal.signal(signal.SIGALRM, previous)
    try:
        with pytest.raises(TimeLimitExceeded), time_limit(10):
            _spin()
        assert signal.getsignal(signal.SIGALRM) is previous
    finally:
        signal.signal(signal.SIGALRM, old)


class _Finalized:
    """An object whose finalizer raises the alarm: Python ignores exceptions in ``__del__``."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGALRM)


def _alarm_in_a_gc_callback() -> None:
    fired: list[bool] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and not fired:
            fired.append(True)
            signal.raise_signal(signal.SIGALRM)

    gc.callbacks.append(callback)
    try:
        gc.collect()
    finally:
        gc.callbacks.remove(callback)
    assert fired


def _alarm_in_a_finalizer() -> None:
    _Finalized()  # no reference kept: finalized at once


def _alarm_in_a_weakref_callback() -> None:
    class Thing:
        pass

    thing = Thing()
    weakref.finalize(thing, signal.raise_signal, signal.SIGALRM)
    del thing  # the weak reference's callback runs at once


@pytest.mark.parametrize(
    "land",
    [_alarm_in_a_gc_callback, _alarm_in_a_finalizer, _alarm_in_a_weakref_callback],
    ids=["gc-callback", "finalizer", "weakref-callback"],
)
def test_an_alarm_landing_where_exceptions_are_ignored_still_stops_the_block(land: Any) -> None:
    """If this fails, an alarm firing during a garbage collection is lost and the request runs unlimited."""
    with pytest.raises(TimeLimitExceeded), time_limit(STUB_SECONDS * 1000):
        land()  # the handler runs inside the callback or finalizer, where raising would be ignored
        _spin()
    _no_alarm_left()


@pytest.mark.parametrize("limit", [None, 0, -5])
def test_no_limit_is_a_no_op(limit: int | None) -> None:
    with time_limit(limit):
        time.sleep(0.01)
    _no_alarm_left()


def test_time_limit_is_a_no_op_outside_the_main_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_limit(1):
                time.sleep(0.05)
            outcome.append("finished")
        except TimeLimitExceeded:  # pragma: no cover - the failure this test looks for
            outcome.append("interrupted")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


# --- through the API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stub", [_spin, _sleep], ids=["spinning-core", "sleeping-core"])
def test_request_over_the_time_limit_is_503_and_the_app_goes_on(
    make_app: Any, monkeypatch: pytest.MonkeyPatch, stub: Any
) -> None:
    client = make_app(REQUEST_TIME_LIMIT_MS=50).test_client()
    with monkeypatch.context() as patch:
        patch.setattr(views, "extract", stub)
        response = client.post("/v1/timeline", json=GOOD)
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "1"
    problem = json.loads(response.get_data(as_text=True))
    assert problem["type"] == "tag:news-timeline,2025:problems/time-limit"
    assert problem["status"] == 503 and "50 ms" in problem["detail"]
    assert "Traceback" not in response.get_data(as_text=True)
    _no_alarm_left()
    # The same application (the same worker) answers the next request normally. Its limit is raised first:
    # a real request's time depends on the machine (a full garbage collection on a slow CI runner can
    # take 50 ms), and this checks the worker's state, not its speed.
    client.application.config["REQUEST_TIME_LIMIT_MS"] = STUB_SECONDS * 1000
    assert client.post("/v1/timeline", json=GOOD).status_code == 200


def test_time_limit_does_not_apply_outside_the_api(make_app: Any) -> None:
    client = make_app(REQUEST_TIME_LIMIT_MS=1).test_client()
    assert client.get("/openapi.json").status_code == 200  # builds the whole document: well over 1 ms


# --- list sizes --------------------------------------------------------------------------------------------

DENSE = (
    "The council met on Monday. It voted on Tuesday. The mayor resigned on Wednesday. "
    "The budget passed on Thursday. Talks resume next month."
)


def test_answer_over_the_list_limits_is_truncated_and_says_so(make_app: Any) -> None:
    full = make_app().test_client().post("/v1/timeline", json={**GOOD, "text": DENSE}).get_json()
    assert len(full["timexes"]) >= 3 and len(full["events"]) >= 3 and full["truncated"] is False
    client = make_app(MAX_TIMEXES=2, MAX_EVENTS=1).test_client()
    cut = client.post("/v1/timeline", json={**GOOD, "text": DENSE}).get_json()
    assert cut["truncated"] is True
    assert cut["timexes"] == full["timexes"][:2], "the first timexes, in text order"
    assert cut["events"] == full["events"][:1], "the first events, in timeline order"


def test_answer_at_the_list_limits_is_not_truncated(make_app: Any) -> None:
    full = make_app().test_client().post("/v1/timeline", json={**GOOD, "text": DENSE}).get_json()
    client = make_app(MAX_TIMEXES=len(full["timexes"]), MAX_EVENTS=len(full["events"])).test_client()
    answer = client.post("/v1/timeline", json={**GOOD, "text": DENSE}).get_json()
    assert answer == full


def test_truncate_leaves_the_input_lists_alone() -> None:
    answer = {"timexes": [1, 2, 3], "events": [1, 2]}
    assert truncate(answer, 2, 5) == {"timexes": [1, 2], "events": [1, 2], "truncated": True}
    assert truncate({"timexes": [1], "events": []}, None, 0)["truncated"] is False


# --- settings ----------------------------------------------------------------------------------------------


def test_limit_defaults() -> None:
    settings = load_config({})
    assert settings["REQUEST_TIME_LIMIT_MS"] == 5_000
    assert (settings["MAX_TIMEXES"], settings["MAX_EVENTS"]) == (2_000, 1_000)


def test_limits_from_the_environment() -> None:
    settings = load_config({"REQUEST_TIME_LIMIT_MS": "250", "MAX_TIMEXES": "10", "MAX_EVENTS": "5"})
    assert (settings["REQUEST_TIME_LIMIT_MS"], settings["MAX_TIMEXES"], settings["MAX_EVENTS"]) == (
        250,
        10,
        5,
    )


@pytest.mark.parametrize("name", ["REQUEST_TIME_LIMIT_MS", "MAX_TIMEXES", "MAX_EVENTS"])
def test_unusable_limit_is_refused_by_name(name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_config({name: "soon"})


def test_time_limit_is_well_below_the_gunicorn_timeout() -> None:
    """Past gunicorn's timeout the worker is killed: the limit must answer first."""
    import runpy
    from pathlib import Path

    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert load_config({})["REQUEST_TIME_LIMIT_MS"] <= conf["timeout"] * 1000 / 2
