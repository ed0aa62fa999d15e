"""Date and date-time fields that Tab leaves.

Qt's own walk Tab through their year, month and day (and hour, minute) before moving on: three or five
keys to pass one field on a keyboard-first desk. Here Tab and Shift+Tab go to the next and previous
field, as in every other field; ←/→ still move between the parts and ↑/↓ change the one the cursor is in.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget


class DateEdit(QDateEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateTimeEdit(QDateTimeEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
