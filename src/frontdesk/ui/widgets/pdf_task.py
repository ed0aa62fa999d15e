"""A PDF written off the GUI thread, then shown in the print preview: every desk's 打印 button."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from frontdesk.ui import messages
from frontdesk.ui.tasks import run_task


def preview_pdf(parent: QWidget, title: str, write: Callable[[Any, Path], Path], name: str,
                read_only: bool = False):
    """Write a PDF in the background (its own session through the app context), then open the preview.
    The parent keeps the task (`task`), the file (`last_pdf`) and the preview (`preview_dialog`)."""
    # Qt's print support loads with the first preview, not with the tab.
    from frontdesk.ui.widgets.pdf_preview import open_preview

    out = Path(tempfile.mkdtemp(prefix="frontdesk-")) / f"{name}.pdf"
    open_session = parent.ctx.session_opener(read_only=read_only)  # bound to whoever asked, even after 切换用户

    def work(_progress):
        with open_session() as session:
            return write(session, out)

    def done(path: Path) -> None:
        parent.task = None
        parent.last_pdf = path
        parent.preview_dialog = open_preview(parent, path, title)

    parent.task = run_task(parent, f"正在生成{title}…", work, done, lambda text: messages.warning(parent, text))
    return parent.task
