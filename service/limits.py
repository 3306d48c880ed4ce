"""Bounds on one request's work: a processing-time limit and caps on the answer's lists. Flask-free.

The time limit uses ``SIGALRM`` (``signal.setitimer(ITIMER_REAL)``): gunicorn's workers serve each request
in their main thread (the gevent worker, in a greenlet of it), where a signal handler may raise into the
running code, so a request that runs too long is stopped *inside* the worker, which then answers and goes
on serving. In the gevent worker the request's body is read before the application runs
(service/worker.py), so nothing in the limited block waits on the network: no other greenlet runs until
the block is over, and the alarm interrupts the request that set it. Regular-expression
matching checks for signals too, so even a slow match is interrupted. Where signals cannot be used (not the
main thread, a platform without ``setitimer``) the limit is a no-op and gunicorn's ``timeout`` remains the
only backstop.

Python ignores an exception raised in a garbage-collector callback, a ``__del__`` finalizer or a weakref
callback (it only hands it to ``sys.unraisablehook``), and the alarm can land in one: the collector and
reference counting run such code in the middle of the request. So while a limit is armed, an unraisable
hook watches for its exception being swallowed, and sets the alarm again a millisecond later, once that
code is over: wherever it lands, the limit is never lost.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from werkzeug.exceptions import ServiceUnavailable

RETRY_SECONDS = 0.001  # how soon an alarm whose exception was swallowed fires again


class TimeLimitExceeded(ServiceUnavailable):
    """Raised inside a ``time_limit`` block whose time ran out.

    An HTTP 503 (Werkzeug's ``ServiceUnavailable``), so that code which lets HTTP errors through (the
    batch endpoint ends the whole request on one) treats it as the end of the request.
    """

    def __init__(self, limit_ms: int) -> None:
        super().__init__(f"Processing took longer than {limit_ms} ms.")
        self.limit_ms = limit_ms


def signals_available() -> bool:
    """True where ``time_limit`` can interrupt: a platform with ``setitimer``, in the main thread.

    The main *operating-system* thread: under gevent (service/worker.py) every request runs in a greenlet
    of the main thread, where signals are delivered, but ``threading.current_thread()`` names the greenlet
    (and, in a forked worker, ``threading.main_thread()`` may still describe the parent's). On Linux the
    main thread's id is the process id, which says it exactly.
    """
    if not hasattr(signal, "setitimer"):
        return False
    if sys.platform.startswith("linux"):
        return threading.get_native_id() == os.getpid()
    return threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(limit_ms: int | None) -> Iterator[None]:
    """Raise ``TimeLimitExceeded`` in the block if it runs for more than ``limit_ms`` milliseconds.

    ``None`` or a value below 1 means no limit. Any handler and timer set before are restored on the way
    out, whatever happens in the block.
    """
    if not limit_ms or limit_ms < 1 or not signals_available():
        yield
        return
    armed = True
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_hook = sys.unraisablehook

    def disarm() -> None:
        nonlocal armed
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if sys.unraisablehook is on_unraisable:
            sys.unraisablehook = previous_hook

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise TimeLimitExceeded(limit_ms)

    def on_unraisable(unraisable: Any) -> None:
        if armed and isinstance(unraisable.exc_value, TimeLimitExceeded):
            # Swallowed where Python ignores exceptions: fire again once that callback is over.
            signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
            return
        previous_hook(unraisable)

    signal.signal(signal.SIGALRM, on_alarm)
    sys.unraisablehook = on_unraisable
    signal.setitimer(signal.ITIMER_REAL, limit_ms / 1000)
    try:
        yield
    finally:
        if armed:
            disarm()


def truncate(answer: dict[str, Any], max_timexes: int | None, max_events: int | None) -> dict[str, Any]:
    """Cut ``answer["timexes"]`` and ``answer["events"]`` to their limits, and say whether anything was cut.

    The first ``max_timexes`` timexes (text order) and the first ``max_events`` events (timeline order) are
    kept; ``answer["truncated"]`` is set to True when either list was longer, else False. ``None`` or a
    value below 1 means no limit. The dict is changed in place and returned.
    """
    truncated = False
    for key, limit in (("timexes", max_timexes), ("events", max_events)):
        items = answer.get(key)
        if limit and limit > 0 and items is not None and len(items) > limit:
            answer[key] = items[:limit]
            truncated = True
    answer["truncated"] = truncated
    return answer
