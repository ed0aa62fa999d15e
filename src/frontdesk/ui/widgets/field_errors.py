"""Error messages shown next to the field they are about; what was typed stays."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "color: #c62828;"
INVALID_STYLE = "border: 1px solid #c62828;"


class FieldErrors:
    """Maps service field names to (input widget, error label) pairs."""

    def __init__(self):
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, name: str, widget: QWidget) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self._fields[name] = (widget, label)
        return label

    def clear(self) -> None:
        for widget, label in self._fields.values():
            label.clear()
            label.hide()
            widget.setStyleSheet("")

    def show(self, errors: dict[str, str]) -> list[str]:
        """Show each error at its field; return the messages that have no field on this form."""
        self.clear()
        unplaced = []
        first_widget = None
        for name, message in errors.items():
            target = self._fields.get(name) or self._fields.get(name.split(".")[0])
            if target is None:
                unplaced.append(message)
                continue
            widget, label = target
            label.setText((label.text() + "\n" if label.text() else "") + message)
            label.show()
            widget.setStyleSheet(INVALID_STYLE)
            first_widget = first_widget or widget
        if first_widget is not None:
            first_widget.setFocus()
        return unplaced

    def text_of(self, name: str) -> str:
        target = self._fields.get(name)
        return target[1].text() if target else ""
