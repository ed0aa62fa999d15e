"""每周口号: one service slogan per week; this week's shows in the main window's status bar."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import clock
from frontdesk.services.training import slogans
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.training.helpers import cell, date_edit, selected_data, to_date
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.tables import simple_table


class SlogansPage(QWidget):
    title = "每周口号"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.week = date_edit()
        self.slogan = QLineEdit()
        self.slogan.setPlaceholderText("例如：微笑、问候、规范")
        self.slogan.returnPressed.connect(self.add)
        self.errors = FieldErrors()
        add = QPushButton("添加")
        add.clicked.connect(self.add)
        self.current = QLabel()
        self.current.setObjectName("currentSlogan")
        self.table = simple_table(["周", "口号"])
        self.table.activated.connect(lambda _i: self.edit_selected())
        edit = QPushButton("修改")
        edit.clicked.connect(self.edit_selected)
        remove = QPushButton("删除")
        remove.clicked.connect(self.delete_selected)
        entry = QHBoxLayout()
        entry.addWidget(QLabel("所在周（任选该周一天）"))
        entry.addWidget(self.week)
        entry.addWidget(QLabel("口号"))
        entry.addWidget(self.slogan, 1)
        entry.addWidget(add)
        errors = QHBoxLayout()
        errors.addWidget(self.errors.add("week", self.week))
        errors.addWidget(self.errors.add("slogan", self.slogan))
        actions = QHBoxLayout()
        actions.addWidget(edit)
        actions.addWidget(remove)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(entry)
        layout.addLayout(errors)
        layout.addLayout(actions)
        layout.addWidget(self.table)

    def reset_for_new_user(self) -> None:
        self.slogan.clear()

    def has_unsaved_input(self) -> bool:
        return bool(self.slogan.text().strip())

    def discard_input(self) -> None:
        self.slogan.clear()

    def load(self) -> None:
        with self.ctx.session() as session:
            rows = slogans.list_slogans(session)
            this_week = slogans.slogan_for(session, clock.today())
        self.current.setText(f"本周口号：{this_week}" if this_week else "本周还没有口号（状态栏显示设置中的默认口号）")
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            self.table.setItem(row, 0, cell(item.week_label, data=item.id))
            self.table.setItem(row, 1, cell(item.slogan))
        self.table.resizeColumnToContents(0)

    def add(self) -> None:
        self.errors.clear()
        try:
            with self.ctx.session() as session:
                slogans.add_slogan(session, to_date(self.week.date()), self.slogan.text())
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                messages.warning(self, message)
            return
        self.slogan.clear()
        self.ctx.events.changed.emit(Topic.SLOGANS)

    def edit_selected(self) -> None:
        slogan_id = selected_data(self.table)
        if slogan_id is None:
            messages.info(self, "请先选中要修改的口号。")
            return
        current = self.table.item(self.table.currentRow(), 1).text()
        text = messages.ask_text(self, "修改口号：", current)
        if text is None:
            return
        try:
            with self.ctx.session() as session:
                slogans.update_slogan(session, slogan_id, text)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.ctx.events.changed.emit(Topic.SLOGANS)

    def delete_selected(self) -> None:
        slogan_id = selected_data(self.table)
        if slogan_id is not None and messages.confirm(self, "删除这条口号吗？"):
            with self.ctx.session() as session:
                slogans.delete_slogan(session, slogan_id)
            self.ctx.events.changed.emit(Topic.SLOGANS)
