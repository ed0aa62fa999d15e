"""Error messages shown next to the field they are about; what was typed stays.

A message clears as soon as its field is retyped. With `keep_space` the message line is reserved
even while empty, so showing an error never moves the rows of a dense form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

from frontdesk.errors import ValidationError
from frontdesk.ui.widgets.screen_fit import keep_on_screen

ERROR_STYLE = "color: #c62828;"
INVALID_STYLE = "border: 1px solid #c62828;"
INVALID_TINT = QColor("#ffebee")


def mark_invalid(widget: QWidget, invalid: bool, keep_size: bool) -> None:
    """A red border, or (where the form must not move) a red tint that leaves the widget's size alone."""
    if not keep_size:
        widget.setStyleSheet(INVALID_STYLE if invalid else "")
        return
    palette = QPalette(widget.palette())
    if invalid:
        if widget.property("valid_palette") is None:
            widget.setProperty("valid_palette", QPalette(widget.palette()))
        for role in (QPalette.Base, QPalette.Button):
            palette.setColor(role, INVALID_TINT)
        widget.setPalette(palette)
    elif widget.property("valid_palette") is not None:
        widget.setPalette(widget.property("valid_palette"))
        widget.setProperty("valid_palette", None)


def _widen(label: QLabel, showing: bool) -> None:
    """A message line beside empty ones takes nearly all of the row (a stretch of 99 against 1)."""
    policy = label.sizePolicy()
    policy.setHorizontalStretch(99 if showing else 1)
    label.setSizePolicy(policy)


class FieldErrors:
    """Maps service field names to (input widget, error label) pairs."""

    def __init__(self, keep_space: bool = False):
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.keep_space = keep_space

    def add(self, name: str, widget: QWidget) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setStyleSheet(ERROR_STYLE)
        if self.keep_space:
            # One reserved line that never grows or widens the form; the whole text is in the tooltip.
            # Laid out side by side with the row's other messages (added without a stretch of their own),
            # a message takes the width the empty ones leave (_widen).
            label.setFixedHeight(label.fontMetrics().height() + 2)
            label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
            _widen(label, False)
        else:
            label.setWordWrap(True)
            label.hide()
        self._fields[name] = (widget, label)
        self._clear_on_edit(name, widget)
        return label

    def _clear_on_edit(self, name: str, widget: QWidget) -> None:
        signal = None
        if isinstance(widget, QLineEdit):
            signal = widget.textEdited
        elif isinstance(widget, QComboBox):
            signal = widget.editTextChanged if widget.isEditable() else widget.activated
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            signal = widget.textChanged
        elif isinstance(widget, QDateTimeEdit):
            signal = widget.dateTimeChanged  # a date changed, not merely left: a wrong date keeps its message
        elif isinstance(widget, QAbstractSpinBox):
            signal = getattr(widget, "valueChanged", None) or widget.editingFinished
        if signal is not None:
            signal.connect(lambda *_args: self.clear_field(name))

    def clear_field(self, name: str) -> None:
        widget, label = self._fields[name]
        if not label.text():
            return
        label.clear()
        label.setToolTip("")
        _widen(label, False)
        if not self.keep_space:
            label.hide()
        if not any(w is widget and lbl.text() for w, lbl in self._fields.values()):
            mark_invalid(widget, False, self.keep_space)

    def clear(self) -> None:
        for widget, label in self._fields.values():
            label.clear()
            label.setToolTip("")
            _widen(label, False)
            if not self.keep_space:
                label.hide()
            mark_invalid(widget, False, self.keep_space)

    def show(self, errors: dict[str, str]) -> list[str]:
        """Show each error at its field; return the messages that have no field on this form."""
        self.clear()
        unplaced = []
        form_order = list(self._fields)
        placed: list[tuple[int, QWidget]] = []
        for name, message in errors.items():
            key = name if name in self._fields else name.split(".")[0]
            target = self._fields.get(key)
            if target is None:
                unplaced.append(message)
                continue
            widget, label = target
            placed.append((form_order.index(key), widget))
            label.setText((label.text() + ("；" if self.keep_space else "\n") if label.text() else "") + message)
            label.setToolTip(label.text())
            _widen(label, True)
            label.show()
            mark_invalid(widget, True, self.keep_space)
        if placed:  # the cursor to the first field in the form's order, not the rule's
            first_widget = min(placed, key=lambda found: found[0])[1]
            first_widget.setFocus()
            self._make_room(first_widget)
        return unplaced

    def _make_room(self, widget: QWidget) -> None:
        """A dialog grows (never shrinks) to show its messages whole: a word-wrapped message needs lines
        the dialog did not have when it opened."""
        window = widget.window()
        if self.keep_space or not isinstance(window, QDialog):
            return
        if window.layout() is not None:
            window.layout().activate()
        hint = window.sizeHint()
        if hint.height() > window.height() or hint.width() > window.width():
            window.resize(max(window.width(), hint.width()), max(window.height(), hint.height()))
            keep_on_screen(window)  # grown, never past the screen's edge
        area = widget.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:  # the field put right, and its message under it, scrolled into view
            area.ensureWidgetVisible(widget)

    def note(self, name: str, message: str) -> None:
        """Say what is wrong with one field now, leaving the others' messages and the focus alone."""
        widget, label = self._fields[name]
        label.setText(message)
        label.setToolTip(message)
        _widen(label, True)
        label.show()
        self._make_room(widget)
        mark_invalid(widget, True, self.keep_space)

    def check_on_leave(self, name: str, edit: QLineEdit, check: Callable[[str], object]) -> None:
        """Say what is wrong with a field as the cursor leaves it, not only at the save: `check` raises
        ValidationError for text the save would refuse. Focus stays where the person moved it."""
        noted: list[str] = []  # what this check said last (a save's refusal is not its to take back)

        def leave() -> None:
            text = edit.text()
            if not text.strip():
                return
            try:
                check(text)
            except ValidationError as exc:
                noted[:] = [exc.errors.get(name) or next(iter(exc.errors.values()), "")]
                self.note(name, noted[0])
            else:
                # Enter saves and then leaves the field: the save's refusal (more than is owed …) stays.
                if noted and self.text_of(name) == noted[0]:
                    self.clear_field(name)
                noted.clear()

        edit.editingFinished.connect(leave)

    def text_of(self, name: str) -> str:
        target = self._fields.get(name)
        return target[1].text() if target else ""

    def any_shown(self) -> bool:
        return any(label.text() for _w, label in self._fields.values())
