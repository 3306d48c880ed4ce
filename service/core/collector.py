"""Python's cycle collector paused over the core's work, which makes no reference cycles.

Reference counting frees every object the core makes (a test checks that a collection after an
extraction finds nothing unreachable), so the cycle collector has nothing to do during one. On a long
text it still runs: the objects of the answer pile up, each collection of the oldest generation walks all
of them, and those walks grow with the text (about a tenth of the time of a 1 MB text). For an article
of a few KB it never runs at all: the pause costs nothing there.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cycle collector off, and turn it back on after, if it was on before.

    Only a block that turned the collector off turns it back on, so nested and concurrent blocks leave it
    as they found it (a block running in another thread may finish with the collector back on: slower,
    not wrong). A time-limit exception (``service.limits``) may arrive anywhere: the collector is turned
    off inside the ``try``, so it is turned back on whatever happens.
    """
    was_on = gc.isenabled()
    try:
        if was_on:
            gc.disable()
        yield
    finally:
        if was_on:
            gc.enable()
