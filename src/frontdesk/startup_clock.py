"""Seconds since the operating system started this process (not since Python got going): what a
person waiting for the window experiences, interpreter start-up and imports included."""

from __future__ import annotations

import os
import sys
import time

_IMPORTED_AT = time.time()  # the last resort: as early as the program can note the time itself


def process_started_at() -> float:
    """The process's start as a `time.time()` value; Python's own clock as a last resort."""
    if sys.platform.startswith("linux"):
        try:
            with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            started_ticks = int(fields[19])  # field 22 of stat: start time in clock ticks after boot
            with open("/proc/uptime", encoding="ascii") as handle:
                uptime = float(handle.read().split()[0])
            return time.time() - (uptime - started_ticks / os.sysconf("SC_CLK_TCK"))
        except (OSError, ValueError, IndexError):
            pass
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        created, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
        handle = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
        if ctypes.windll.kernel32.GetProcessTimes(handle, ctypes.byref(created), ctypes.byref(exited),  # type: ignore[attr-defined]
                                                  ctypes.byref(kernel), ctypes.byref(user)):
            ticks = (created.dwHighDateTime << 32) | created.dwLowDateTime  # 100 ns since 1601-01-01
            return ticks / 10_000_000 - 11_644_473_600
    try:
        import psutil  # type: ignore[import-not-found]

        return psutil.Process().create_time()
    except Exception:  # psutil missing or refused: when this module was first imported
        return _IMPORTED_AT


def seconds_since_start() -> float:
    return round(time.time() - process_started_at(), 3)
