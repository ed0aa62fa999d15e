"""Writing an output file all-or-nothing: a `.part` file beside it, renamed on success, removed on failure."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def part_path(out: Path) -> Path:
    return out.with_name(out.name + ".part")


@contextmanager
def atomic_output(out: str | Path) -> Iterator[Path]:
    """Yield the temporary path to write; it becomes `out` only when the block ends without an error.

    An existing folder named like the output is refused before anything is written, and a failed
    write (disk full, no permission, a folder in the way) never leaves a `.part` file behind.
    """
    out = Path(out)
    if out.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_path(out)
    try:
        yield tmp
        os.replace(tmp, out)
    except OSError as exc:
        if exc.filename in (str(tmp), tmp):
            exc.filename = str(out)  # the user named `out`; the .part file is ours
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    except BaseException:
        with suppress(OSError):  # the original error is the one worth reporting
            tmp.unlink(missing_ok=True)
        raise
