"""Free heap memory handed back to the system between the steps of a large build.

glibc's malloc serves an allocation below its mmap threshold from the heap, and raises that
threshold to the size of every large block freed (up to 32 MB): after a few numpy temporaries of
tens of megabytes are freed, the next ones come from the heap, and the pages they leave free stay
resident while anything above them lives. Building the search index of a million registrants
kept 140 MB of such pages at its peak (measured: 685 MB against 548 MB with a fixed threshold).
``malloc_trim(0)`` returns every free page of the heap, wherever it lies, in a few milliseconds;
the index build calls it between columns. Elsewhere (Windows, macOS, musl) it does nothing: those
allocators return large blocks at once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


def release_free_heap() -> None:
    """Give the heap's free pages back to the system (glibc; elsewhere nothing to do)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
