"""切换用户 and 交班签退: nothing of the previous person stays on the screen for the next one.

The hook: every tab (and every page of a tab) implements `reset_for_new_user()`, which empties
what the previous person typed and re-fills whatever defaults to the signed-in person (收款人,
首问负责人, …). The main window calls it on each tab it has built, then reloads them. Open
dialogs of the previous person are closed; one with typed content asks first (a dialog may
define `has_unsaved_work()` to say so itself; otherwise edited text boxes count).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QTextEdit,
    QWidget,
)


def open_dialogs(window: QWidget) -> list[QDialog]:
    """The visible dialogs of this window (modal or not), the innermost first. A background task's
    progress is left to finish: its sessions were opened for the person who started it."""
    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QDialog) and not isinstance(w, QProgressDialog) and w.isVisible() and w is not window]
    return list(reversed(found))


def has_typed_content(dialog: QWidget) -> bool:
    own = getattr(dialog, "has_unsaved_work", None) or getattr(dialog, "has_unsaved_input", None)
    if callable(own):
        return bool(own())
    for edit in dialog.findChildren(QLineEdit):
        if edit.isModified() and edit.text().strip() and not edit.isReadOnly():
            return True
    for box in (*dialog.findChildren(QPlainTextEdit), *dialog.findChildren(QTextEdit)):
        if not box.isReadOnly() and box.document().isModified() and box.toPlainText().strip():
            return True
    return False


def typed_dialog_titles(dialogs: list[QDialog]) -> list[str]:
    return [d.windowTitle() or "对话框" for d in dialogs if has_typed_content(d)]


def close_dialogs(dialogs: list[QDialog]) -> None:
    for dialog in dialogs:
        dialog.reject()  # ends a modal exec() too; nothing the previous person typed is saved
        dialog.close()


def reset_tabs(tabs: list[QWidget]) -> None:
    for tab in tabs:
        tab.reset_for_new_user()


def reset_pages(pages: list[QWidget]) -> None:
    """For a tab made of pages: each page resets itself."""
    for page in pages:
        reset = getattr(page, "reset_for_new_user", None)
        if callable(reset):
            reset()
