"""登记违章 and 出具整改通知书: the two forms of the 违章整改 desk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import clock, settings, violations
from frontdesk.services import violation_notices as notices
from frontdesk.ui import file_dialogs
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.step_box import StepBox
from frontdesk.ui.widgets.unit_lookup import UnitLookupEdit
from frontdesk.ui.widgets.unsaved import GuardedDialog

PHOTO_FILTER = "照片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;所有文件 (*)"


def date_edit(day) -> QDateEdit:
    edit = DateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def run_form(dialog: QDialog, errors: FieldErrors, action) -> bool:
    """Run a service action in one session; errors go next to their fields and typed text stays."""
    return run_service_call(dialog, dialog.ctx, action, errors)


class ViolationDialog(GuardedDialog):
    """Record a violation: unit or public location, kind, date, finder, description and photos; or,
    given `violation_id`, correct a recorded one (photos are added from the list)."""

    def __init__(self, ctx: AppContext, parent=None, violation_id: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.violation_id = violation_id
        self.version: int | None = None
        self.saved_id: int | None = None
        self.setWindowTitle("修改违章记录" if violation_id else "登记违章")
        fit_to_screen(self, 620, 560)
        self.errors = FieldErrors()
        self.unit_edit = UnitLookupEdit(ctx)
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText("公共部位时填写，如 3栋楼顶平台（有房号可不填）")
        self.kind_combo = QComboBox()
        with ctx.session() as session:
            self.kind_combo.addItems(settings.lookup_values(session, "violation_kind"))
        self.found_date = date_edit(clock.today())
        self.found_by_edit = QLineEdit(ctx.user.name)
        self.description_edit = StepBox(0)
        self.description_edit.setPlaceholderText("在哪里、搭建或改动了什么、大致尺寸、是否仍在施工")
        self.photo_list = QListWidget()
        self.photo_list.setFixedHeight(70)
        add_photo = QPushButton("添加照片…")
        add_photo.clicked.connect(self.choose_photos)
        remove_photo = QPushButton("移除所选")
        remove_photo.clicked.connect(lambda: [self.photo_list.takeItem(self.photo_list.row(i))
                                              for i in self.photo_list.selectedItems()])
        photo_buttons = QHBoxLayout()
        photo_buttons.addWidget(add_photo)
        photo_buttons.addWidget(remove_photo)
        photo_buttons.addStretch(1)

        form = QFormLayout()
        for label, widget, name in (
            ("房号", self.unit_edit, "unit"), ("公共位置", self.location_edit, "location"),
            ("违章类型", self.kind_combo, "kind"), ("发现日期", self.found_date, "found_date"),
            ("发现人", self.found_by_edit, "found_by"), ("违章情况", self.description_edit, "description"),
            ("现场照片", self.photo_list, "photos"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
        form.addRow("", photo_buttons)
        if violation_id is not None:
            self._fill(violation_id)
            for widget in (self.photo_list, add_photo, remove_photo):
                widget.hide()
            form.labelForField(self.photo_list).hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.remember_input()  # empty (today, found by me) or the record loaded for correcting

    def _fill(self, violation_id: int) -> None:
        with self.ctx.session() as session:
            violation = violations.get_violation(session, violation_id)
            data, self.version = violations.input_of(violation), violation.version
        self.unit_edit.setText(data.unit_text)
        self.location_edit.setText(data.location)
        if self.kind_combo.findText(data.kind) < 0:
            self.kind_combo.addItem(data.kind)  # a kind since removed from the list stays as recorded
        self.kind_combo.setCurrentText(data.kind)
        self.found_date.setDate(QDate(data.found_date))
        self.found_by_edit.setText(data.found_by)
        self.description_edit.setPlainText(data.description)

    def choose_photos(self) -> None:
        files, _filter = file_dialogs.get_open_file_names(self, "选择现场照片", "", PHOTO_FILTER)
        self.add_photo_paths(files)

    def add_photo_paths(self, paths: list[str]) -> None:
        for path in paths:
            self.photo_list.addItem(str(path))

    def photo_paths(self) -> list[str]:
        return [self.photo_list.item(i).text() for i in range(self.photo_list.count())]

    def data(self) -> violations.ViolationInput:
        picked = self.unit_edit.selected
        return violations.ViolationInput(
            kind=self.kind_combo.currentText(), description=self.description_edit.toPlainText(),
            found_by=self.found_by_edit.text(), found_date=self.found_date.date().toPython(),
            unit_text=self.unit_edit.text(), unit_id=picked.unit_id if picked and picked.unit_id else None,
            location=self.location_edit.text())

    def place_text(self) -> str:
        """Where, as typed: the unit or the public place (for the status bar's 已保存 line)."""
        return self.unit_edit.text().strip() or self.location_edit.text().strip()

    def save(self) -> None:
        data, photos = self.data(), self.photo_paths()

        def action(session):
            if self.violation_id is not None:
                violations.update_violation(session, self.violation_id, data, self.version)
                self.saved_id = self.violation_id
                return
            violation_id = violations.record_violation(session, data)
            for path in photos:  # a file that is not an image undoes the whole save; nothing typed is lost
                violations.attach_photo(session, violation_id, Path(path))
            self.saved_id = violation_id

        if not run_form(self, self.errors, action):
            self.saved_id = None
            return
        self.accept()


class NoticeDialog(GuardedDialog):
    """出具整改通知书: the draft from the violation, the text previewed, then issued with its number."""

    def __init__(self, ctx: AppContext, violation_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.violation_id = violation_id
        self.issued_number: str | None = None
        self.setWindowTitle("出具整改通知书")
        fit_to_screen(self, 760, 720)
        self.errors = FieldErrors()
        with ctx.session() as session:
            violation = violations.get_violation(session, violation_id)
            draft = notices.draft(session, violation_id)
            rules = settings.lookup_values(session, "violation_rule")
            self.kind, self.found = violation.kind, violation.found_date
            header = f"{violations.place_of(violation)}　{violation.kind}　{violation.found_date:%Y-%m-%d} 发现"
            self.days = notices.deadline_days(session, violation.kind)
        self.addressee_edit = QLineEdit(draft.addressee)
        self.addressee_edit.setPlaceholderText(f"档案中没有业主时可填“{notices.GENERIC_ADDRESSEE}”")
        self.facts_edit = QPlainTextEdit(draft.facts)
        self.facts_edit.setFixedHeight(70)
        self.rule_combo = QComboBox()
        self.rule_combo.setEditable(True)
        self.rule_combo.addItems(rules)
        self.rule_combo.setCurrentText(draft.rule)
        self.requirement_edit = StepBox(0)
        self.requirement_edit.setFixedHeight(54)
        self.requirement_edit.setPlaceholderText("例如：拆除阳台罩，恢复外立面原状")
        self.deadline_edit = date_edit(draft.deadline)
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, 2)
        self.copies_spin.setValue(2)
        self.copies_spin.setSuffix(" 份（2 份：业主联 + 存根联）")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        for widget in (self.addressee_edit, self.rule_combo.lineEdit()):
            widget.textChanged.connect(self.update_preview)
        for widget in (self.facts_edit, self.requirement_edit):
            widget.textChanged.connect(self.update_preview)
        self.deadline_edit.dateChanged.connect(self.update_preview)

        form = QFormLayout()
        form.addRow(QLabel(f"<b>{header}</b>　默认整改期限 {self.days} 天"))
        for label, widget, name in (
            ("收件人", self.addressee_edit, "addressee"), ("违章事实", self.facts_edit, "facts"),
            ("违反规定", self.rule_combo, "rule"), ("整改要求", self.requirement_edit, "requirement"),
            ("整改期限", self.deadline_edit, "deadline"), ("打印份数", self.copies_spin, "copies"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
        self.errors.add("issued_date", self.deadline_edit)
        self.errors.add("notice", self.addressee_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("出具并预览打印")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("通知书正文预览（编号在出具时生成）："))
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.update_preview()
        self.remember_input()  # the draft made from the violation is not typed work

    def data(self) -> notices.NoticeInput:
        return notices.NoticeInput(
            rule=self.rule_combo.currentText(), requirement=self.requirement_edit.toPlainText(),
            addressee=self.addressee_edit.text(), facts=self.facts_edit.toPlainText(),
            deadline=self.deadline_edit.date().toPython(), issued_date=clock.today())

    def update_preview(self) -> None:
        data = self.data()
        try:
            with self.ctx.session() as session:
                text = notices.preview(session, self.violation_id, data)
        except ValidationError as exc:
            text = f"通知书模板有误：{exc.message}"
        except DomainError as exc:
            text = exc.message
        self.preview.setPlainText(text)

    def issue(self) -> None:
        data = self.data()

        def action(session):
            self.issued_number = notices.issue_notice(session, self.violation_id, data)

        if run_form(self, self.errors, action):
            self.accept()
        else:
            self.issued_number = None
