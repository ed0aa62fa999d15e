"""The console the command line writes to: on a Chinese Windows PC often GBK (cp936), which cannot
show every character a name may hold (𠮷, emoji) nor some marks (✓). Output must never fail on them."""

from __future__ import annotations

import sys


def make_streams_safe() -> None:
    """Keep each standard stream's encoding, but write a character it cannot encode as “?” instead of
    raising UnicodeEncodeError (a frozen frontdesk.exe redirected to a file writes the ANSI code page)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # replaced by a test harness or a GUI program without a console
            continue
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf16", "utf32"):
            reconfigure(errors="replace")
