"""Open/save file dialogs in Chinese with dates as YYYY-MM-DD.

Windows and macOS get their native dialog (already in the system's language). Elsewhere Qt's own
dialog is used: its few strings missing from Qt's zh_CN translation come from
`FallbackTranslator`, and its 修改日期 column is shown as YYYY-MM-DD HH:mm.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo, QTranslator
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import (
    QFileDialog,
    QFileIconProvider,
    QFileSystemModel,
    QHeaderView,
    QStyledItemDelegate,
    QTreeView,
    QWidget,
)

NATIVE = sys.platform in ("win32", "darwin")

# Strings of Qt's file dialog that qtbase_zh_CN.qm leaves in English.
MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Look in:"): "查找范围：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QFileSystemModel", "Folder"): "文件夹",
}


class FallbackTranslator(QTranslator):
    """Consulted after Qt's own translations (install it first): only what they lack."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:
        return False


class _IsoDateDelegate(QStyledItemDelegate):
    def __init__(self, model: QFileSystemModel, parent=None):
        super().__init__(parent)
        self.model = model

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if index.column() == 3 and index.model() is self.model:
            option.text = self.model.lastModified(index).toString("yyyy-MM-dd HH:mm")


class QuietIcons(QFileIconProvider):
    """Icons and type names from a file's name alone, never its contents. Qt's own provider reads a
    file whose name does not tell its type (frontdesk.db, its -wal and -shm) to guess one; opening and
    closing the database file drops every POSIX lock SQLite holds on it in this process, and another
    program (the command line, a second desk) would then delete the write-ahead log the desk is still
    writing into. The data folder holds the documents folders (催缴函, 收据 …), so people browse it."""

    def icon(self, what):
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.Folder if what.isDir() else QAbstractFileIconProvider.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "文件夹"
        return f"{info.suffix().upper()} 文件" if info.suffix() else "文件"


def _dialog(parent: QWidget | None, title: str, directory: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, directory, filters)
    if not NATIVE:
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
        dialog._quiet_icons = QuietIcons()  # kept alive with the dialog (the dialog does not own it)
        dialog.setIconProvider(dialog._quiet_icons)
        model = dialog.findChild(QFileSystemModel)
        for view in dialog.findChildren(QTreeView):
            if model is not None:
                view.setItemDelegate(_IsoDateDelegate(model, view))
                view.header().setSectionResizeMode(3, QHeaderView.ResizeToContents)
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    if dialog.exec() != QFileDialog.Accepted:
        return [], ""
    return dialog.selectedFiles(), dialog.selectedNameFilter()


_LAST_FOLDER: list[Path] = []  # the folder of the last file chosen in this run


def _start_in(directory: str) -> str:
    """Where a dialog opens: an absolute path as given; a bare file name (or nothing) in the folder
    last chosen, else the home folder. Never the working directory, which may be the data folder."""
    given = Path(directory) if directory else None
    if given is not None and given.is_absolute():
        return str(given)
    base = _LAST_FOLDER[0] if _LAST_FOLDER else Path.home()
    return str(base / given) if given is not None else str(base)


def _remember(chosen: list[str]) -> None:
    if chosen and chosen[0]:
        _LAST_FOLDER[:] = [Path(chosen[0]).parent]


def get_save_file_name(parent, title: str, directory: str = "", filters: str = "") -> tuple[str, str]:
    if NATIVE:
        path, chosen = QFileDialog.getSaveFileName(parent, title, _start_in(directory), filters)
        _remember([path])
        return path, chosen
    dialog = _dialog(parent, title, _start_in(directory), filters)
    dialog.setAcceptMode(QFileDialog.AcceptSave)
    files, chosen = _run(dialog)
    _remember(files)
    return (files[0] if files else ""), chosen


def get_open_file_name(parent, title: str, directory: str = "", filters: str = "") -> tuple[str, str]:
    if NATIVE:
        path, chosen = QFileDialog.getOpenFileName(parent, title, _start_in(directory), filters)
        _remember([path])
        return path, chosen
    dialog = _dialog(parent, title, _start_in(directory), filters)
    dialog.setFileMode(QFileDialog.ExistingFile)
    files, chosen = _run(dialog)
    _remember(files)
    return (files[0] if files else ""), chosen


def get_open_file_names(parent, title: str, directory: str = "", filters: str = "") -> tuple[list[str], str]:
    if NATIVE:
        paths, chosen = QFileDialog.getOpenFileNames(parent, title, _start_in(directory), filters)
        _remember(paths)
        return paths, chosen
    dialog = _dialog(parent, title, _start_in(directory), filters)
    dialog.setFileMode(QFileDialog.ExistingFiles)
    files, chosen = _run(dialog)
    _remember(files)
    return files, chosen
