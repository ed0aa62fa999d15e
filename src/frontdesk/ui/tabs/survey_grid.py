"""录入答卷: the keyboard entry grid of a survey, one row per sampled unit.

In a score column a digit 1–5 is the score and moves on to the next cell; Delete, Backspace, 0 or a
space clears it (blank = not answered). Tab and Enter move on; the last score cell of a row moves to
the next row. In 状态 the keys Y/J/W mean 已答/拒访/无法联系, in 方式 S/D/W/Q mean 上门/电话/问卷/其他.
Text columns edit as usual. Only changed rows are saved, all at once, and the services check them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from frontdesk.db.models.surveys import STATUS_ANSWERED, STATUS_REFUSED, STATUS_UNREACHABLE
from frontdesk.services import survey_answers
from frontdesk.services.surveys import COMMENT
from frontdesk.ui.widgets.tables import align_numbers

FIXED = ("房屋", "业主", "电话")
STATUS_KEYS = {Qt.Key_Y: STATUS_ANSWERED, Qt.Key_J: STATUS_REFUSED, Qt.Key_W: STATUS_UNREACHABLE}
METHOD_KEYS = {Qt.Key_S: "上门", Qt.Key_D: "电话", Qt.Key_W: "问卷", Qt.Key_Q: "其他"}
CLEAR_KEYS = (Qt.Key_Delete, Qt.Key_Backspace, Qt.Key_0, Qt.Key_Space)
ERROR_BRUSH = QBrush(QColor("#ffcdd2"))
READ_ONLY_BRUSH = QBrush(QColor("#f3f3f3"))
CHANGED_BRUSH = QBrush(QColor("#fff3c4"))  # a row changed and not saved yet: its 房屋/业主/电话 say so
CHANGED_TIP = "已修改，未保存（Ctrl+S 保存，或放弃修改）"


class SurveyGrid(QTableWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.areas: list[str] = []
        self.rows: list[survey_answers.EntryRow] = []
        self.dirty: set[int] = set()
        self.default_method = "上门"
        self.default_day: date | None = None
        self._filling = False
        align_numbers(self)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        self.verticalHeader().setDefaultSectionSize(24)
        self.itemChanged.connect(self._item_changed)

    # ---- columns ---------------------------------------------------------------------------

    @property
    def headers(self) -> list[str]:
        return [*FIXED, *self.areas, "总体", "状态", "方式", "受访人", "日期", COMMENT]

    def column(self, header: str) -> int:
        return self.headers.index(header)

    def score_columns(self) -> range:
        return range(len(FIXED), len(FIXED) + len(self.areas) + 1)  # the areas and 总体

    def editable_columns(self) -> list[int]:
        return list(range(len(FIXED), len(self.headers)))

    # ---- filling -------------------------------------------------------------------------------

    def fill(self, areas: list[str], rows: list[survey_answers.EntryRow]) -> None:
        self._filling = True
        self.areas, self.rows, self.dirty = areas, rows, set()
        self.clear()
        self.setColumnCount(len(self.headers))
        self.setHorizontalHeaderLabels(self.headers)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [row.place, row.owner, row.phone, *(row.scores.get(a) for a in areas), row.overall,
                      row.status if row.status != "未答" else "", row.method, row.respondent,
                      row.answered_on.isoformat() if row.answered_on else "", row.comment]
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                if c < len(FIXED):
                    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                    item.setBackground(READ_ONLY_BRUSH)
                if c in self.score_columns():
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)  # figures line up as in every table
                self.setItem(r, c, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        self.resizeColumnsToContents()
        self.setColumnWidth(0, self.columnWidth(0) + 12)
        for c in self.score_columns():
            self.setColumnWidth(c, max(46, min(self.columnWidth(c), 70)))
        header.setStretchLastSection(True)
        self._filling = False
        if rows:
            self.setCurrentCell(0, len(FIXED))

    # ---- keys ------------------------------------------------------------------------------

    def move_on(self) -> None:
        row, col = self.currentRow(), self.currentColumn()
        editable = self.editable_columns()
        later = [c for c in editable if c > col]
        if later:
            self.setCurrentCell(row, later[0])
        elif row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, editable[0])

    def move_back(self) -> None:
        row, col = self.currentRow(), self.currentColumn()
        earlier = [c for c in self.editable_columns() if c < col]
        if earlier:
            self.setCurrentCell(row, earlier[-1])

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab move within the grid (QWidget would move the focus to the next widget)."""
        if self.state() == QAbstractItemView.EditingState or self.currentRow() < 0:
            return super().focusNextPrevChild(forward)
        self.move_on() if forward else self.move_back()
        return True

    def closeEditor(self, editor, hint) -> None:
        """Enter in a cell being typed in (受访人, 意见与建议 …) keeps the text and moves on, as the hint
        above the grid says; Esc still leaves the cell as it was."""
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_on()

    def _set(self, row: int, col: int, text: str) -> None:
        self.item(row, col).setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row, col = self.currentRow(), self.currentColumn()
        key = event.key()
        if self.state() != QAbstractItemView.EditingState and row >= 0:
            if key in (Qt.Key_Tab, Qt.Key_Return, Qt.Key_Enter):
                self.move_on()
                return
            if key == Qt.Key_Backtab:
                self.move_back()
                return
            if col in self.score_columns():
                if Qt.Key_1 <= key <= Qt.Key_5:
                    self._set(row, col, str(key - Qt.Key_0))
                    self.move_on()
                    return
                if key in CLEAR_KEYS:
                    self._set(row, col, "")
                    return
                if event.text() and event.text().isprintable():
                    return  # nothing but 1–5 goes into a score cell
            if col == self.column("状态"):
                if key in STATUS_KEYS or key in CLEAR_KEYS:
                    self._set(row, col, STATUS_KEYS.get(key, ""))
                    self.move_on()
                return
            if col == self.column("方式"):
                if key in METHOD_KEYS or key in CLEAR_KEYS:
                    self._set(row, col, METHOD_KEYS.get(key, ""))
                    self.move_on()
                return
        super().keyPressEvent(event)

    # ---- what was typed --------------------------------------------------------------------

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row = item.row()
        self._filling = True  # the marks below change the items too
        try:
            item.setBackground(QBrush())
            item.setToolTip("")
            if row not in self.dirty:  # an answer already saved, changed by a key, is seen at once
                for column in range(len(FIXED)):
                    fixed = self.item(row, column)
                    if fixed is not None:
                        fixed.setBackground(CHANGED_BRUSH)
                        fixed.setToolTip(CHANGED_TIP)
        finally:
            self._filling = False
        self.dirty.add(row)
        self.changed.emit()

    def _text(self, row: int, header: str) -> str:
        item = self.item(row, self.column(header))
        return item.text().strip() if item else ""

    def answer_of(self, row: int) -> survey_answers.AnswerInput:
        """The row as typed; a score that is not 1–5 is passed on for the service to refuse at its cell."""
        def score(header: str):
            text = self._text(row, header)
            return int(text) if text.isdigit() else (text or None)

        unit_id, comment = self.rows[row].survey_unit_id, self._text(row, COMMENT)
        scores = {a: score(a) for a in self.areas}
        overall, status = score("总体"), self._text(row, "状态")
        if not status and overall is None and all(v is None for v in scores.values()):
            return survey_answers.AnswerInput(unit_id, comment=comment)  # blank: 未答
        day_text = self._text(row, "日期")
        day = self.default_day
        if day_text:
            try:
                day = date.fromisoformat(day_text)
            except ValueError:
                day = date.min  # not a date: refused by the service (before the quarter) at the 日期 cell
        return survey_answers.AnswerInput(unit_id, scores, overall, status, self._text(row, "受访人"), day,
                                          self._text(row, "方式") or self.default_method, comment)

    def changed_answers(self) -> tuple[list[int], list[survey_answers.AnswerInput]]:
        rows = sorted(self.dirty)
        return rows, [self.answer_of(row) for row in rows]

    def show_errors(self, rows: list[int], errors: dict[str, str]) -> list[str]:
        """Colour the cells the service refused; returns the lines for the message box."""
        lines = []
        self._filling = True  # colouring a cell is not a change of the answer
        fields = {"status": "状态", "method": "方式", "answered_on": "日期", "comment": COMMENT, "总体满意度": "总体",
                  "scores": "房屋", "unit": "房屋"}
        for key, text in errors.items():
            index, _dot, field = key.partition(".")
            row = rows[int(index)]
            header = fields.get(field, field)
            if header in self.headers:
                item = self.item(row, self.column(header))
                item.setBackground(ERROR_BRUSH)
                item.setToolTip(text)
            lines.append(f"{self.rows[row].place}：{text}")
        self._filling = False
        return lines
