"""The heap: give freed pages back to the operating system after a burst of work, and keep Python's
cycle search off the objects the start-up made to last.

A month's statistics or a tab's first lists allocate and free tens of megabytes; glibc keeps what was
freed for the next allocation, so the desk's resident memory would stay at its highest point all day.
`malloc_trim` returns the free pages, and the threads share one heap (`one_heap_for_all_threads`).
Linux (glibc) only; elsewhere nothing happens.

Python's cycle collector walks every container object it tracks; the start imports some 100,000 of
them (SQLAlchemy, the models, PySide6's types, the window's modules) and keeps them until the process
ends. Left to itself the collector walks them all again and again while they are being made (each
time the heap has grown by a quarter) and again as the interpreter exits: on a 2-core machine
≈ 50–80 ms a walk, ≈ 0.2 s of the start and ≈ 0.25 s of the exit. So the search waits while
the start imports, and what the start made is then set apart (`gc.freeze`): the collector keeps
looking only at what is made after it (a tab's rows, a dialog), as before.
"""

from __future__ import annotations

import atexit
import gc
import sys
from functools import cache

M_ARENA_MAX = -8  # glibc's mallopt() parameter: how many heaps ("arenas") threads may get


@cache
def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl names its C library otherwise)
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def release_freed_memory() -> None:
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def one_heap_for_all_threads() -> None:
    """glibc gives each thread that allocates a heap of its own (an "arena"; up to eight per core):
    what the start's imports, a background report or the idle build freed in theirs serves no other
    thread and stays resident. The desk's threads are few and take turns (the interpreter lock), so
    one heap serves them all: ≈ 4 MB less resident with every tab visited at ten years (149 → 145 MB,
    same runs), no slower. Called before the first thread starts; Linux (glibc) only."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_ARENA_MAX, 1)


class StartObjects:
    """The cycle search held while the start imports, then kept off what it made.

    `pause()` before the imports; `keep()` once they are done (the objects alive then are set apart,
    and the search runs again for everything made afterwards); `end()` when the window's run is over:
    the objects go back under the search (a process that goes on, as the tests do, collects them as
    usual) and, when the interpreter exits, are set apart again, since all of them are about to go
    anyway and the operating system takes the memory back. The few hundred cycles that became garbage
    during the start (≈ 2,000 objects) are kept until then."""

    def __init__(self) -> None:
        self._was_enabled = gc.isenabled()
        self._paused = False
        self._kept = False

    def pause(self) -> None:
        self._was_enabled = gc.isenabled()
        self._paused = True
        gc.disable()

    def keep(self) -> None:
        if not self._paused or self._kept:
            return
        self._kept = True
        gc.freeze()
        self._resume()

    def end(self) -> None:
        if self._kept:
            gc.unfreeze()
        self._resume()
        _set_apart_at_exit()

    def _resume(self) -> None:
        if self._paused and self._was_enabled:
            gc.enable()
        self._paused = False


@cache
def _set_apart_at_exit() -> None:
    atexit.register(gc.freeze)
