"""Multi-line boxes that behave at the keyboard: Tab moves on, Ctrl+Enter saves, results never preset."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget


class StepBox(QPlainTextEdit):
    """A few lines of text. Tab and Shift+Tab go to the next/previous field (Ctrl+Tab types nothing);
    Ctrl+Enter emits `submitted` (the dialog saves)."""

    submitted = Signal()

    def __init__(self, height: int = 54, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        if height:
            self.setFixedHeight(height)

    def event(self, event) -> bool:
        # Ctrl+Enter is this box's own key (it saves), so no window shortcut takes it first.
        if (event.type() == QEvent.ShortcutOverride and event.modifiers() & Qt.ControlModifier
                and event.key() in (Qt.Key_Return, Qt.Key_Enter)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier:
            self.submitted.emit()
            return
        if event.key() in (Qt.Key_Tab, Qt.Key_Backtab):
            self.focusNextPrevChild(event.key() == Qt.Key_Tab and not event.modifiers() & Qt.ShiftModifier)
            return
        super().keyPressEvent(event)


def save_on_ctrl_enter(owner: QWidget, slot) -> list[QShortcut]:
    """Ctrl+Enter (either Enter key) in any step box or other field of `owner` saves."""
    for box in owner.findChildren(StepBox):
        box.submitted.connect(slot)
    return [QShortcut(QKeySequence(Qt.ControlModifier | key), owner, activated=slot,
                      context=Qt.WidgetWithChildrenShortcut) for key in (Qt.Key_Return, Qt.Key_Enter)]


def unchosen(combo: QComboBox, prompt: str) -> QComboBox:
    """No entry preselected (an unasked 满意 must never be recorded): the person picks one."""
    combo.setPlaceholderText(prompt)
    combo.setCurrentIndex(-1)
    return combo


def record_keys(dialog: QWidget) -> None:
    """The keys every record dialog has (README's keys table), where it did not make them itself: Tab
    leaves a multi-line box instead of typing a tab into it, and Ctrl+Enter (either Enter key) presses
    the dialog's save button (保存, 出具 …) from any field."""
    from PySide6.QtCore import SIGNAL

    for box in dialog.findChildren(QPlainTextEdit):
        if not box.isReadOnly():
            box.setTabChangesFocus(True)
    keys = {QKeySequence(Qt.ControlModifier | key) for key in (Qt.Key_Return, Qt.Key_Enter)}
    if any(shortcut.key() in keys for shortcut in dialog.findChildren(QShortcut)):
        return  # the dialog saves on Ctrl+Enter itself (save_on_ctrl_enter)
    for box in dialog.findChildren(StepBox):
        if not box.receivers(SIGNAL("submitted()")):
            box.submitted.connect(lambda d=dialog: press_save(d))
    for sequence in keys:
        QShortcut(sequence, dialog, activated=lambda d=dialog: press_save(d), context=Qt.WidgetWithChildrenShortcut)


def press_save(dialog: QWidget) -> bool:
    """Click the dialog's save button: its button box's 保存/确定 (or accepting) button, else its default
    button; nothing when there is none or it is disabled."""
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton

    for box in dialog.findChildren(QDialogButtonBox):
        found = box.button(QDialogButtonBox.Save) or box.button(QDialogButtonBox.Ok)
        if found is None:
            found = next((b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.AcceptRole), None)
        if found is not None and found.isVisible() and found.isEnabled():
            found.click()
            return True
    for button in dialog.findChildren(QPushButton):
        if button.isDefault() and button.isVisible() and button.isEnabled():
            button.click()
            return True
    return False
