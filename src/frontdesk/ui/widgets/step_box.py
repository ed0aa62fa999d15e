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
