"""Open a saved document with the system's viewer; when none opens it, say where it is and offer its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from frontdesk.ui import messages


def open_url(url: QUrl) -> bool:
    """The system's opener (a seam the tests replace: no viewer is started while testing)."""
    return QDesktopServices.openUrl(url)


def open_file(parent: QWidget | None, path: Path | str) -> bool:
    path = Path(path)
    if open_url(QUrl.fromLocalFile(str(path))):
        return True
    text = f"这台电脑上没有能打开“{path.suffix or '该类'}”文件的程序。\n文件已保存在：\n{path}"
    if messages.offer_folder(parent, text) and not open_url(QUrl.fromLocalFile(str(path.parent))):
        messages.info(parent, f"无法打开文件夹，请在文件管理器中前往：\n{path.parent}")
    return False
