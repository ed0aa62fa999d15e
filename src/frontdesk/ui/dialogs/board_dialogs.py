"""发布公告 (from a template or blank) and the supervisor's 公告模板."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit

from frontdesk.db.models.vendors import ALL_BUILDINGS, ANNOUNCEMENT_KINDS
from frontdesk.services import board, clock
from frontdesk.ui import messages
from frontdesk.ui.tabs.vendor_common import FormDialog, date_edit

NO_TEMPLATE = "（不用模板）"


class BuildingList(QListWidget):
    """全部楼栋 or some: ticking 全部楼栋 clears the others; `value()` is what the service takes."""

    def __init__(self, names: list[str]):
        super().__init__()
        self.setFixedHeight(96)
        self.setFlow(QListWidget.LeftToRight)
        self.setWrapping(True)
        for name in (ALL_BUILDINGS, *names):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if name == ALL_BUILDINGS else Qt.Unchecked)
            self.addItem(item)

    def set_value(self, text: str) -> None:
        chosen = set(board.parse_buildings(text))
        for index in range(self.count()):
            item = self.item(index)
            on = item.text() in chosen or (not chosen and item.text() == ALL_BUILDINGS)
            item.setCheckState(Qt.Checked if on else Qt.Unchecked)

    def value(self) -> list[str]:
        names = [self.item(i).text() for i in range(self.count()) if self.item(i).checkState() == Qt.Checked]
        return [] if ALL_BUILDINGS in names else names


class AnnouncementDialog(FormDialog):
    def __init__(self, ctx, number: str | None = None, parent=None):
        super().__init__(ctx, f"修改公告 {number}" if number else "发布公告", parent, "保存" if number else "发布")
        self.number, self.version = number, None
        self.resize(640, 620)
        with ctx.session() as session:
            names = [t.name for t in board.templates(session)]
            buildings = board.known_buildings(session)
        self.template = QComboBox()
        self.template.addItems([NO_TEMPLATE, *names])
        self.template.activated.connect(lambda _i: self.use_template())
        if not number:
            self.form.addRow("模板", self.template)
        self.kind = self.field("kind", "类型", QComboBox())
        self.kind.addItems(ANNOUNCEMENT_KINDS)
        self.title_edit = self.field("title", "标题", QLineEdit())
        self.body = self.field("body", "正文", QPlainTextEdit())
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(200)
        self.buildings = self.field("buildings", "张贴楼栋", BuildingList(buildings))
        self.posted_on = self.field("posted_on", "张贴日期", date_edit(clock.today()))
        self.take_down_on = self.field("take_down_on", "撤下日期",
                                       date_edit(clock.today() + timedelta(days=board.EXPIRING_DAYS)))
        self.long_term = self.field("long_term", "", QCheckBox("长期张贴（不定撤下日期）"))
        self.long_term.toggled.connect(lambda on: self.take_down_on.setEnabled(not on))
        self.author = self.field("author", "发布人", QLineEdit(ctx.user.name))
        if number:
            with ctx.session() as session:
                item = board.get(session, number)
                self.version = item.version
                self.kind.setCurrentText(item.kind)
                self.title_edit.setText(item.title)
                self.body.setPlainText(item.body)
                self.buildings.set_value(item.buildings)
                self.posted_on.setDate(item.posted_on)
                self.long_term.setChecked(item.take_down_on is None)
                if item.take_down_on:
                    self.take_down_on.setDate(item.take_down_on)
                self.author.setText(item.author)
        self.mark_clean()

    def snapshot(self) -> tuple:
        return (*super().snapshot(), tuple(self.buildings.value()))

    def use_template(self) -> None:
        name = self.template.currentText()
        if name == NO_TEMPLATE:
            return
        if (self.title_edit.text() or self.body.toPlainText()) and not messages.confirm(
                self, "套用模板会替换已写的标题和正文，继续吗？"):
            return
        with self.ctx.session() as session:
            draft = board.fill_template(session, name)
        self.kind.setCurrentText(draft.kind)
        self.title_edit.setText(draft.title)
        self.body.setPlainText(draft.body)
        blanks = board.unfilled_blanks(draft.body)
        if blanks:
            self.errors.show({"body": "请把模板中的 " + "、".join(f"{{{b}}}" for b in dict.fromkeys(blanks))
                                      + " 改成实际内容"})

    def data(self) -> board.AnnouncementInput:
        return board.AnnouncementInput(
            kind=self.kind.currentText(), title=self.title_edit.text(), body=self.body.toPlainText(),
            posted_on=self.posted_on.date().toPython(),
            take_down_on=None if self.long_term.isChecked() else self.take_down_on.date().toPython(),
            buildings=self.buildings.value(), author=self.author.text())

    def action(self, session):
        if self.number:
            board.update(session, self.number, self.data(), self.version)
            return self.number
        return board.post(session, self.data())


class TemplateDialog(FormDialog):
    """The supervisor edits the common notices' templates; {公司名称} and {客服电话} are filled in when used."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "公告模板", parent)
        self.resize(600, 520)
        with ctx.session() as session:
            self.rows = {t.name: (t.kind, t.title, t.body) for t in board.templates(session)}
        self.name = self.field("name", "模板", QComboBox())
        self.name.setEditable(True)
        self.name.addItems(list(self.rows))
        self.name.currentTextChanged.connect(self.show_template)
        self.kind = self.field("kind", "类型", QComboBox())
        self.kind.addItems(ANNOUNCEMENT_KINDS)
        self.title_edit = self.field("title", "标题", QLineEdit())
        self.body = self.field("body", "正文", QPlainTextEdit())
        self.body.setTabChangesFocus(True)
        self.form.addRow("", QLineEdit("可用 {公司名称}、{客服电话}；其他 {…} 发布时由前台填写", readOnly=True))
        self.show_template(self.name.currentText())

    def show_template(self, name: str) -> None:
        if name in self.rows:
            kind, title, body = self.rows[name]
            self.kind.setCurrentText(kind)
            self.title_edit.setText(title)
            self.body.setPlainText(body)
        self.mark_clean()

    def action(self, session):
        board.save_template(session, self.name.currentText(), self.kind.currentText(), self.title_edit.text(),
                            self.body.toPlainText())
        return self.name.currentText()
