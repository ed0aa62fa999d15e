"""Give the heap's freed pages back to the operating system after a burst of work.

A month's statistics or a tab's first lists allocate and free tens of megabytes; glibc keeps what was
freed for the next allocation, so the desk's resident memory would stay at its highest point all day.
`malloc_trim` returns the free pages. Linux (glibc) only; elsewhere nothing happens.
"""

from __future__ import annotations

import sys
from functools import cache


@cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl names its C library otherwise, has no malloc_trim)
        return None


def release_freed_memory() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
