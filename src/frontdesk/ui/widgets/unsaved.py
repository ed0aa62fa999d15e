"""Nothing typed is lost without a question: forms say whether they hold unsaved input.

A form, tab or dialog that can hold typed work defines `has_unsaved_input() -> bool` (and, where it
can, `discard_input()` to forget it). Whoever is about to throw that work away — closing the window,
Ctrl+Q, 切换用户, Esc, closing a dialog — asks `confirm_discard(widgets)` once.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QDialog, QWidget

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


class GuardedDialog(QDialog):
    """A dialog whose Esc, 关闭/取消 and window close ask before dropping what was typed.

    Subclasses define `has_unsaved_input()`. `discard_input()` (called once the person agreed
    elsewhere, e.g. at 切换用户) lets it close without asking again.
    """

    _discarded = False

    def has_unsaved_input(self) -> bool:
        return False

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

    def closeEvent(self, event) -> None:
        if not self._may_drop():
            event.ignore()
            return
        QDialog.reject(self)  # closed from the title bar: like Esc, without asking twice
        event.accept()
