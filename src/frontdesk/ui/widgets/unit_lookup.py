"""The unit field: type a code, an owner's name, pinyin initials or a phone, pick from the list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QRect, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from frontdesk.services import units
from frontdesk.ui.context import AppContext

SUGGEST_DELAY_MS = 120
VISIBLE_LINES = 12  # the list scrolls to show up to units.SUGGEST_LIMIT lines


class UnitLookupEdit(QLineEdit):
    """Emits `picked(Suggestion)` when the receptionist chooses a line of the completer."""

    picked = Signal(object)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.searched = ""
        self.ctx = ctx
        self.setPlaceholderText("房号 3-2-1502 / 3栋1502 / 业主姓名 / 拼音首字母 / 电话")
        self.setClearButtonEnabled(True)
        self._suggestions: list[units.Suggestion] = []
        # Highlighting a line writes its label into the field; those labels are not new queries.
        self._by_label: dict[str, units.Suggestion] = {}
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(VISIBLE_LINES)
        self._completer.activated[str].connect(self._on_activated)
        self.setCompleter(self._completer)
        # Installed after the completer's own filter, so it sees Enter first.
        self._completer.popup().installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGEST_DELAY_MS)
        self._timer.timeout.connect(self.update_suggestions)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.selected: units.Suggestion | None = None
        self.textEdited.connect(self._forget_selection)

    def eventFilter(self, obj, event) -> bool:
        """Enter with no line highlighted (after ↑ past the top, or typing on) takes the top line, the
        best match, instead of closing the list. Tab with the list open takes the unit typed whole (or
        the only line) and moves on, as it does with the list closed; it never takes a guess."""
        popup = self._completer.popup()
        if obj is popup and event.type() == QEvent.KeyPress:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not popup.currentIndex().isValid() \
                    and popup.model().rowCount() > 0:
                popup.setCurrentIndex(popup.model().index(0, 0))
            elif event.key() in (Qt.Key_Tab, Qt.Key_Backtab):
                forward = event.key() == Qt.Key_Tab and not event.modifiers() & Qt.ShiftModifier
                sure = self._typed_whole()
                popup.hide()
                if sure is not None:
                    self.choose(sure)
                self.focusNextPrevChild(forward)
                return True
        return False

    def _typed_whole(self) -> units.Suggestion | None:
        """The line the typed text stands for beyond doubt: its unit code typed whole, or the only line."""
        typed = self.text().strip()
        whole = [s for s in self._suggestions if s.unit_code == typed]
        if len(whole) == 1:
            return whole[0]
        return self._suggestions[0] if len(self._suggestions) == 1 else None

    def _forget_selection(self, text: str) -> None:
        if text not in self._by_label:
            self.selected = None

    def update_suggestions(self) -> None:
        text = self.text().strip()
        if self.text() in self._by_label:
            return
        if self.selected is not None and text == self.selected.unit_code:
            return  # already picked: do not pop the list up again
        if len(text) < 2 and not text.isdigit():
            self._suggestions = []
            self._model.setStringList([])
            return
        with self.ctx.session() as session:
            self._suggestions = units.suggest(session, text, limit=units.SUGGEST_LIMIT)
        self.searched = text  # what the lines listed were found by (a caller's number, a name …)
        self._by_label = {s.label: s for s in self._suggestions}
        self._model.setStringList([s.label for s in self._suggestions])
        if self._suggestions and self.hasFocus() and self.isActiveWindow():
            self._completer.complete(self._popup_rect())
            self._highlight_top_line()

    def _popup_rect(self) -> QRect:
        """The list as wide as its longest line (a whole phone number), at least the field's width and
        at most the screen's."""
        popup = self._completer.popup()
        needed = (popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width()
                  + 2 * popup.frameWidth() + 8)
        screen = self.screen().availableGeometry().width() if self.screen() is not None else needed
        return QRect(0, 0, max(self.width(), min(needed, screen)), self.height())

    def _highlight_top_line(self) -> None:
        """Open with the top line highlighted: Enter takes it, ↓ goes to the second line. Its label is
        not written into the field (a line selected through the selection model's signals is copied
        into the field by the completer, as when the person moves with ↓/↑)."""
        popup = self._completer.popup()
        if not popup.isVisible() or popup.model().rowCount() == 0:
            return
        selection = popup.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(popup.model().index(0, 0), QItemSelectionModel.ClearAndSelect)
        selection.blockSignals(False)
        popup.viewport().update()  # the view learns of the selection from the signals just blocked

    def _on_activated(self, label: str) -> None:
        chosen = self._by_label.get(label)
        if chosen is None:
            return
        self._timer.stop()
        self.selected = chosen
        # The completer writes the whole label into the field; keep just the code.
        QTimer.singleShot(0, lambda: self.setText(chosen.unit_code))
        self.picked.emit(chosen)

    def choose(self, chosen: units.Suggestion) -> None:
        """Take this unit (and person) as if picked from the list: a ring the desk already matched."""
        self._timer.stop()
        self.selected = chosen
        self.setText(chosen.unit_code)
        self.picked.emit(chosen)

    def clear_all(self) -> None:
        self.selected = None
        self.searched = ""
        self._by_label = {}
        self.clear()
        self._model.setStringList([])
