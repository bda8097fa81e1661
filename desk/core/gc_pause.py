"""Automatic garbage collection held off while a bulk step builds many objects that live on.

CPython's collector runs a full pass over every tracked object each time enough new objects
survive; a normaliser filling memos and columns for 10,000 rows triggers such passes over the
whole chunk (and everything else the process holds) again and again: about a quarter of the
registrant normaliser's time at 100k rows. The step makes no reference cycles worth collecting
early, so the collector waits until it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic collection inside the block (nested and concurrent uses are fine: only the
    one that found it enabled turns it back on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_gc(fn: Callable[P, T]) -> Callable[P, T]:
    """``fn`` run inside ``paused_gc``."""

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with paused_gc():
            return fn(*args, **kwargs)

    return run
