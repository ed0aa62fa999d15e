"""Date and date-time fields that Tab leaves.

Qt's own walk Tab through their year, month and day (and hour, minute) before moving on: three or five
keys to pass one field on a keyboard-first desk. Here Tab and Shift+Tab go to the next and previous
field, as in every other field; a typed separator (2026-11-28) still moves on to the next part, ←/→
move between the parts and ↑/↓ change the one the cursor is in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget


def _leaves_on_tab(widget: QWidget, event: QEvent) -> bool | None:
    """Tab / Shift+Tab out of the field (the key, not the separators Qt also steps through parts with)."""
    if event.type() != QEvent.KeyPress or event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
        return None
    if event.key() == Qt.Key_Tab and not event.modifiers() & Qt.ShiftModifier:
        return QWidget.focusNextPrevChild(widget, True)
    if event.key() == Qt.Key_Backtab or (event.key() == Qt.Key_Tab and event.modifiers() & Qt.ShiftModifier):
        return QWidget.focusNextPrevChild(widget, False)
    return None


class DateEdit(QDateEdit):
    def event(self, event: QEvent) -> bool:
        left = _leaves_on_tab(self, event)
        return left if left is not None else super().event(event)


class DateTimeEdit(QDateTimeEdit):
    def event(self, event: QEvent) -> bool:
        left = _leaves_on_tab(self, event)
        return left if left is not None else super().event(event)
