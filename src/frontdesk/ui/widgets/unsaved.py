"""Nothing typed is lost without a question: forms say whether they hold unsaved input.

A form, tab or dialog that can hold typed work defines `has_unsaved_input() -> bool` (and, where it
can, `discard_input()` to forget it). Whoever is about to throw that work away — closing the window,
Ctrl+Q, 切换用户, Esc, closing a dialog — asks `confirm_discard(widgets)` once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from frontdesk.ui import messages


@runtime_checkable
class HoldsInput(Protocol):
    def has_unsaved_input(self) -> bool: ...


def unsaved_in(roots: list[QWidget]) -> list[QWidget]:
    """Every widget under (and including) these roots that holds unsaved input."""
    found: list[QWidget] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if isinstance(widget, QDialog) and not widget.isVisible():
                continue  # a dialog already closed (kept alive by its parent) holds nothing any more
            if isinstance(widget, HoldsInput) and widget.has_unsaved_input():
                found.append(widget)
    return found


class SwitchGuard:
    """A combo that chooses what a form shows (a training's scores, a settings list): choosing another
    entry while typed work is unsaved asks first, and a “no” puts the combo back with the work kept.
    The form calls `showing()` whenever it has filled itself for the combo's current entry."""

    def __init__(self, combo: QComboBox, unsaved: Callable[[], bool], show: Callable[[], None], parent: QWidget):
        self.combo, self._unsaved, self._show, self._parent = combo, unsaved, show, parent
        self._index = combo.currentIndex()
        combo.currentIndexChanged.connect(self._chosen)

    def showing(self) -> None:
        self._index = self.combo.currentIndex()

    def _chosen(self, index: int) -> None:
        if index == self._index:
            return
        if self._index >= 0 and self._unsaved() and not messages.confirm_discard(self._parent):
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(self._index)
            self.combo.blockSignals(False)
            return
        self._show()
        self.showing()


def confirm_discard(parent: QWidget, roots: list[QWidget]) -> bool:
    """True when nothing is unsaved or the person agrees to throw it away (then it is forgotten)."""
    holders = unsaved_in(roots)
    if not holders:
        return True
    if not messages.confirm_discard(parent):
        return False
    for widget in holders:
        discard = getattr(widget, "discard_input", None)
        if discard is not None:
            discard()
    return True


def input_value(widget: QWidget) -> object:
    """What a field holds, as the person sees it (surrounding blanks do not count)."""
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractSpinBox):  # numbers, dates and times
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QTableWidget):
        cells = []
        for row in range(widget.rowCount()):
            for col in range(widget.columnCount()):
                item = widget.item(row, col)
                if item is None:
                    cells.append(None)
                else:
                    checkable = bool(item.flags() & Qt.ItemIsUserCheckable)
                    cells.append((item.text().strip(), item.checkState() if checkable else None))
        return cells
    if isinstance(widget, QListWidget):  # a list of choices to tick
        return [(widget.item(i).text(), widget.item(i).checkState()) for i in range(widget.count())]
    own = getattr(widget, "input_value", None)
    return own() if callable(own) else None


def editable_fields(root: QWidget) -> list[QWidget]:
    """The fields under `root` a person can type into, choose in or tick (not read-only displays,
    not the line edit inside a combo or spin box, which its owner already stands for)."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)) and widget.isReadOnly():
            continue
        if isinstance(widget, QTableWidget) and widget.editTriggers() == QAbstractItemView.NoEditTriggers:
            continue
        if isinstance(widget, QAbstractButton) and not widget.isCheckable():
            continue
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton,
                               QTableWidget, QListWidget)):
            found.append(widget)
    return found


class InputSnapshot:
    """What some fields held when the form filled them itself (empty, defaults, a record loaded for
    editing): `changed()` is true once the person typed or chose something else in one of them."""

    def __init__(self, widgets: Iterable[QWidget]):
        self._widgets = list(widgets)
        self._values = self._current()

    def _current(self) -> list[object]:
        return [input_value(widget) for widget in self._widgets]

    def retake(self) -> None:
        self._values = self._current()

    def changed(self) -> bool:
        return self._current() != self._values


class GuardedDialog(QDialog):
    """A dialog whose Esc, 关闭/取消 and window close ask before dropping what was typed.

    Subclasses define `has_unsaved_input()`, or call `remember_input()` once the form has filled
    itself (and again after a save that keeps the dialog open). `discard_input()` (called once the
    person agreed elsewhere, e.g. at 切换用户) lets it close without asking again.
    """

    _discarded = False
    _snapshot: InputSnapshot | None = None

    def remember_input(self, *widgets: QWidget) -> None:
        """What these fields (by default every editable field of the dialog) hold now is not typed work."""
        self._snapshot = InputSnapshot(widgets or editable_fields(self))

    def has_unsaved_input(self) -> bool:
        return self._snapshot is not None and self._snapshot.changed()

    def discard_input(self) -> None:
        self._discarded = True

    def _may_drop(self) -> bool:
        return self._discarded or not self.has_unsaved_input() or messages.confirm_discard(self)

    def reject(self) -> None:
        if self._may_drop():
            super().reject()

    def done_checked(self) -> None:
        """Close with 关闭 (accept), asking first if something typed was not saved."""
        if self._may_drop():
            self.accept()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_record_keys_made", False):  # once, when the form is complete
            self._record_keys_made = True
            from frontdesk.ui.widgets.step_box import record_keys

            record_keys(self)

    def closeEvent(self, event) -> None:
        if not self._may_drop():
            event.ignore()
            return
        QDialog.reject(self)  # closed from the title bar: like Esc, without asking twice
        event.accept()
