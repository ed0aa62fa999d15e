"""Drafts of half-typed forms kept on disk, so a crash or a power cut does not lose a call.

Written atomically (a temporary file in the same folder, flushed to disk, then renamed over the old
one), so a cut in the middle of a write leaves the previous draft, never half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from frontdesk import config


def draft_path(name: str) -> Path:
    folder = config.data_dir() / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.json"


def save(name: str, values: dict) -> None:
    path = draft_path(name)
    handle, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(values, stream, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(name: str) -> dict | None:
    path = draft_path(name)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return values if isinstance(values, dict) else None


def clear(name: str) -> None:
    draft_path(name).unlink(missing_ok=True)
