"""Open/save file dialogs in Chinese with dates as YYYY-MM-DD.

Windows and macOS get their native dialog (already in the system's language). Elsewhere Qt's own
dialog is used: its few strings missing from Qt's zh_CN translation come from
`FallbackTranslator`, and its 修改日期 column is shown as YYYY-MM-DD HH:mm.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import (
    QFileDialog,
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


def _dialog(parent: QWidget | None, title: str, directory: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, directory, filters)
    if not NATIVE:
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
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


def get_save_file_name(parent, title: str, directory: str = "", filters: str = "") -> tuple[str, str]:
    if NATIVE:
        return QFileDialog.getSaveFileName(parent, title, directory, filters)
    dialog = _dialog(parent, title, directory, filters)
    dialog.setAcceptMode(QFileDialog.AcceptSave)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def get_open_file_name(parent, title: str, directory: str = "", filters: str = "") -> tuple[str, str]:
    if NATIVE:
        return QFileDialog.getOpenFileName(parent, title, directory, filters)
    dialog = _dialog(parent, title, directory, filters)
    dialog.setFileMode(QFileDialog.ExistingFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def get_open_file_names(parent, title: str, directory: str = "", filters: str = "") -> tuple[list[str], str]:
    if NATIVE:
        return QFileDialog.getOpenFileNames(parent, title, directory, filters)
    dialog = _dialog(parent, title, directory, filters)
    dialog.setFileMode(QFileDialog.ExistingFiles)
    return _run(dialog)
