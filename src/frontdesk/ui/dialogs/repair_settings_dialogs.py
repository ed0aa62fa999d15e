"""The supervisor's two tables of the repair desk: 保修期限 (warranty periods per item and trade)
and 报修知识库 (per trade: typical faults, what to ask, what the technician brings).

Everyone may read them; saving needs the settings permission (客服主管, 管理员), which the
services check again — the read-only screen only saves the receptionist a refusal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import authz, repair_knowledge, repairs_warranty, settings
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.field_errors import ERROR_STYLE, FieldErrors
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import simple_table
from frontdesk.ui.widgets.unsaved import GuardedDialog

READ_ONLY_NOTE = "只有客服主管或管理员可以修改；您可以查看。"
COLUMNS = ("保修项目", "适用专业（用顿号分隔）", "期限", "单位")
BAD_CELL = QColor("#ffcdd2")


def _may_edit(ctx: AppContext) -> bool:
    return authz.allowed(ctx.user.role, "settings")


def _note(editable: bool, text: str) -> QLabel:
    label = QLabel(text if editable else READ_ONLY_NOTE)
    label.setWordWrap(True)
    label.setStyleSheet("color: #546e7a;" if editable else "color: #e65100;")
    return label


class WarrantyTableDialog(GuardedDialog):
    """保修期限表: one row per warranty item; the row order is the order the form offers them."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.editable = _may_edit(ctx)
        self.setWindowTitle("保修期限表")
        fit_to_screen(self, 860, 460)
        self.table = simple_table(COLUMNS, name="warrantyTable", stretch=0, editable=self.editable)
        header = self.table.horizontalHeader()
        header.resizeSection(1, 260)
        header.resizeSection(2, 60)
        header.resizeSection(3, 90)
        if not self.editable:
            self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.problems = QLabel()
        self.problems.setObjectName("warrantyProblems")
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.add_button, self.remove_button = QPushButton("添加一行"), QPushButton("删除所选行")
        self.up_button, self.down_button = QPushButton("上移"), QPushButton("下移")
        self.save_button, close_button = QPushButton("保存"), QPushButton("关闭")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.save_button.clicked.connect(self.save)
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(self.editable)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.save_button.setEnabled(self.editable)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(self.editable, f"依据{repairs_warranty.BASIS}。从收房之日起算；"
                                              "“采暖期”到第 N 个采暖期结束（3 月 15 日）。删除的行不再用于新报修单，"
                                              "已有报修单保留原保修项目。"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        with self.ctx.session() as session:
            rules = repairs_warranty.rules(session)
        self.table.setRowCount(0)
        for rule in rules:
            self.add_row(rule)
        self.problems.hide()
        self._saved_rows = self._all_rows()

    def _all_rows(self) -> list[tuple[int | None, str, str, str, str]]:
        return [self._row_values(row) for row in range(self.table.rowCount())]

    def has_unsaved_input(self) -> bool:
        """Rows typed, added, removed or moved and not yet saved."""
        return self.editable and self._all_rows() != self._saved_rows

    def add_row(self, rule: repairs_warranty.WarrantyRule | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(rule.item if rule else "")
        item.setData(Qt.UserRole, rule.id if rule else None)  # the row's id, None for a new item
        self.table.setItem(row, 0, item)
        self.table.setItem(row, 1, QTableWidgetItem(repairs_warranty.SEP.join(rule.trades) if rule else ""))
        self.table.setItem(row, 2, QTableWidgetItem(str(rule.length) if rule else "2"))
        unit = QComboBox()
        unit.addItems(list(repairs_warranty.LENGTH_UNITS))
        unit.setCurrentText(rule.length_unit if rule else "年")
        unit.setEnabled(self.editable)
        self.table.setCellWidget(row, 3, unit)
        if rule is None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(item)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            messages.info(self, "请先选中要删除的一行")
            return
        self.table.removeRow(row)

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        values = [self._row_values(r) for r in (row, target)]
        for r, (item_id, item, trades, length, unit) in zip((target, row), values, strict=True):
            self.table.item(r, 0).setText(item)
            self.table.item(r, 0).setData(Qt.UserRole, item_id)
            self.table.item(r, 1).setText(trades)
            self.table.item(r, 2).setText(length)
            self.table.cellWidget(r, 3).setCurrentText(unit)
        self.table.setCurrentCell(target, 0)

    def _row_values(self, row: int) -> tuple[int | None, str, str, str, str]:
        first = self.table.item(row, 0)
        return (first.data(Qt.UserRole), first.text(), self.table.item(row, 1).text(), self.table.item(row, 2).text(),
                self.table.cellWidget(row, 3).currentText())

    def rows(self) -> list[repairs_warranty.RuleInput]:
        result = []
        for row in range(self.table.rowCount()):
            item_id, item, trades, length, unit = self._row_values(row)
            parts = [t for t in trades.replace("，", "、").replace(",", "、").replace(" ", "、").split("、") if t]
            result.append(repairs_warranty.RuleInput(item, parts, length, unit, item_id))
        return result

    def _mark(self, errors: dict[str, str]) -> None:
        columns = {"item": 0, "trades": 1, "length": 2, "length_unit": 3}
        for row in range(self.table.rowCount()):
            for column in range(3):
                self.table.item(row, column).setBackground(QColor("transparent"))
        for key in errors:
            parts = key.split(".")
            if len(parts) == 3 and parts[1].isdigit() and parts[2] in columns and columns[parts[2]] < 3:
                self.table.item(int(parts[1]), columns[parts[2]]).setBackground(BAD_CELL)
        self.problems.setText("\n".join(errors.values()))
        self.problems.show()

    def save(self) -> bool:
        try:
            with self.ctx.session() as session:
                repairs_warranty.save_rules(session, self.rows())
        except ValidationError as exc:
            self._mark(exc.errors)
            return False
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        self.reload()
        messages.info(self, "保修期限表已保存，新报修单按新的期限判断。")
        return True


class KnowledgeDialog(QDialog):
    """报修知识库: pick a trade on the left, edit its three texts on the right."""

    def __init__(self, ctx: AppContext, trade: str = "", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.editable = _may_edit(ctx)
        self.current = ""
        self.setWindowTitle("报修知识库")
        fit_to_screen(self, 820, 520)
        self.errors = FieldErrors()
        self.trades = QListWidget()
        self.trades.setObjectName("knowledgeTrades")
        self.trades.setMaximumWidth(140)
        self.faults, self.questions, self.tools = QPlainTextEdit(), QPlainTextEdit(), QPlainTextEdit()
        form = QFormLayout()
        for label, edit, field in (("常见故障", self.faults, "faults"), ("要问业主", self.questions, "questions"),
                                   ("师傅需带", self.tools, "tools")):
            edit.setReadOnly(not self.editable)
            form.addRow(label, edit)
            form.addRow("", self.errors.add(field, edit))
        self.errors.add("trade", self.trades)
        self.save_button, close_button = QPushButton("保存"), QPushButton("关闭")
        self.save_button.setEnabled(self.editable)
        self.save_button.clicked.connect(self.save_clicked)
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)
        right = QVBoxLayout()
        right.addWidget(_note(self.editable, "接报修时选了专业，这里的内容就显示在报修单旁边，"
                                             "提醒接线员该问什么、师傅该带什么。"))
        right.addLayout(form)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.trades)
        layout.addLayout(right, 1)
        with self.ctx.session() as session:
            names = settings.lookup_values(session, "repair_trade")
        self.trades.addItems(names)
        self.trades.currentTextChanged.connect(self._switch)
        self.trades.setCurrentRow(names.index(trade) if trade in names else 0)

    def _texts(self) -> tuple[str, str, str]:
        return self.faults.toPlainText(), self.questions.toPlainText(), self.tools.toPlainText()

    def _show(self, trade: str) -> None:
        with self.ctx.session() as session:
            info = repair_knowledge.knowledge_for(session, trade)
        self.current = trade
        self.faults.setPlainText(info.faults)
        self.questions.setPlainText(info.questions)
        self.tools.setPlainText(info.tools)
        self._saved = self._texts()
        self.errors.clear()

    def _unsaved(self) -> bool:
        return bool(self.current) and self.editable and self._texts() != self._saved

    def _switch(self, trade: str) -> None:
        question = f"“{self.current}”的内容改过还没保存，现在保存吗？（选“否”放弃修改）"
        if self._unsaved() and messages.confirm(self, question) and not self.save():
            self.trades.blockSignals(True)  # stay on the trade whose texts were refused
            self.trades.setCurrentItem(self.trades.findItems(self.current, Qt.MatchExactly)[0])
            self.trades.blockSignals(False)
            return
        self._show(trade)

    def has_unsaved_input(self) -> bool:  # asked by 切换用户
        return self._unsaved()

    def discard_input(self) -> None:
        """Agreed elsewhere (切换用户): close without offering to save."""
        self._saved = self._texts()

    def reject(self) -> None:
        question = f"“{self.current}”的内容改过还没保存，保存后再关闭吗？（选“否”放弃修改）"
        if self._unsaved() and messages.confirm(self, question) and not self.save():
            return
        super().reject()

    def save_clicked(self) -> None:
        if self.save():
            messages.info(self, f"“{self.current}”的报修知识已保存，接报修时即显示新内容。")

    def save(self) -> bool:
        try:
            with self.ctx.session() as session:
                repair_knowledge.save_knowledge(session, self.current, *self._texts())
        except ValidationError as exc:
            leftover = self.errors.show(exc.errors)
            if leftover:
                messages.warning(self, "\n".join(leftover))
            return False
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        self.errors.clear()
        self._saved = self._texts()
        return True
