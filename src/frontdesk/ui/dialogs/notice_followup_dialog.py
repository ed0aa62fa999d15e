"""登记送达, 登记复查 and the supervisor's 通知书模板 editor."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.violations import DELIVERY_METHODS, REINSPECTION_RESULTS
from frontdesk.errors import ValidationError
from frontdesk.services import clock, notice_text, settings
from frontdesk.services import violation_followup as followup
from frontdesk.services import violation_notices as notices
from frontdesk.ui import file_dialogs
from frontdesk.ui.context import AppContext
from frontdesk.ui.dialogs.violation_dialog import PHOTO_FILTER, date_edit, run_form
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.step_box import unchosen
from frontdesk.ui.widgets.unsaved import GuardedDialog


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.Cancel).setText("取消")
    buttons.rejected.connect(dialog.reject)
    return buttons


class DeliveryDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, number: str, parent=None):
        super().__init__(parent)
        self.ctx, self.number = ctx, number
        self.setWindowTitle(f"登记送达 — {number}")
        self.errors = FieldErrors()
        self.method_combo = QComboBox()
        self.method_combo.addItems(DELIVERY_METHODS)
        self.date_edit = date_edit(clock.today())
        self.by_edit = QLineEdit(ctx.user.name)
        self.signed_edit = QLineEdit()
        self.posted_edit = QLineEdit()
        self.posted_edit.setPlaceholderText("如 入户门上、单元门公告栏")
        self.photo_edit = QLineEdit()
        self.photo_edit.setPlaceholderText("张贴后的现场照片（可选）")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_edit, 1)
        photo_row.addWidget(browse)
        photo_box = QWidget()
        photo_box.setLayout(photo_row)
        self.tracking_edit = QLineEdit()
        self.remark_edit = QLineEdit()
        form = QFormLayout()
        self.rows = {}
        for label, widget, name in (
            ("送达方式", self.method_combo, "method"), ("送达日期", self.date_edit, "delivered_on"),
            ("送达人", self.by_edit, "delivered_by"), ("签收人", self.signed_edit, "signed_by"),
            ("张贴位置", self.posted_edit, "posted_at"), ("张贴照片", photo_box, "photo"),
            ("邮寄单号", self.tracking_edit, "tracking_number"), ("备注", self.remark_edit, "remark"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
            self.rows[name] = widget
        self.form = form
        self.method_combo.currentTextChanged.connect(self._show_method_fields)
        buttons = _buttons(self, "保存")
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show_method_fields(self.method_combo.currentText())
        self.remember_input()  # today, delivered by me: nothing typed yet

    def _show_method_fields(self, method: str) -> None:
        wanted = {"当面签收": {"signed_by"}, "张贴": {"posted_at", "photo"}, "邮寄": {"tracking_number"}}[method]
        for name in ("signed_by", "posted_at", "photo", "tracking_number"):
            self.form.setRowVisible(self.rows[name], name in wanted)

    def _browse(self) -> None:
        path, _filter = file_dialogs.get_open_file_name(self, "选择张贴照片", "", PHOTO_FILTER)
        if path:
            self.photo_edit.setText(path)

    def save(self) -> None:
        method = self.method_combo.currentText()
        data = notices.DeliveryInput(
            method=method, delivered_by=self.by_edit.text(), delivered_on=self.date_edit.date().toPython(),
            signed_by=self.signed_edit.text() if method == "当面签收" else "",
            posted_at=self.posted_edit.text() if method == "张贴" else "",
            photo_path=self.photo_edit.text().strip() if method == "张贴" else "",
            tracking_number=self.tracking_edit.text() if method == "邮寄" else "", remark=self.remark_edit.text())
        if run_form(self, self.errors, lambda s: notices.record_delivery(s, self.number, data)):
            # Said in the status bar, as every save is (the message of the save before stayed there).
            self.ctx.events.saved.emit(Saved(f"整改通知书 {self.number} 送达", note=f"{method} {data.delivered_on:%m-%d}"))
            self.accept()


class ReinspectionDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, row: followup.FollowupRow, parent=None):
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.outcome: followup.ReinspectionOutcome | None = None
        self.setWindowTitle(f"登记复查 — {row.notice_number}")
        self.errors = FieldErrors()
        self.result_combo = QComboBox()
        self.result_combo.addItems(REINSPECTION_RESULTS)
        unchosen(self.result_combo, "请选择复查结果")
        self.date_edit = date_edit(clock.today())
        self.inspector_edit = QLineEdit(ctx.user.name)
        self.remark_edit = QLineEdit()
        with ctx.session() as session:
            days = int(settings.get(session, "violation_second_deadline_days"))
            authorities = settings.lookup_values(session, "violation_authority")
        self.next_due_edit = date_edit(clock.today() + timedelta(days=days))
        self.authority_combo = QComboBox()
        self.authority_combo.setEditable(True)
        self.authority_combo.addItems(authorities)
        self.authority_combo.setCurrentText(followup.DEFAULT_AUTHORITY)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(QLabel(f"<b>{row.place}　{row.kind}</b>　通知书 {row.notice_number}　期限 {row.due_date:%Y-%m-%d}"
                           f"（{row.state}）"))
        self.rows = {}
        for label, widget, name in (
            ("复查结果", self.result_combo, "result"), ("复查日期", self.date_edit, "done_on"),
            ("复查人", self.inspector_edit, "inspector"), ("情况说明", self.remark_edit, "remark"),
            ("再次复查日期", self.next_due_edit, "next_due"), ("上报部门", self.authority_combo, "authority"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
            self.rows[name] = widget
        self.form = form
        form.addRow(self.hint)
        self.result_combo.currentTextChanged.connect(self._explain)
        buttons = _buttons(self, "保存复查结果")
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._explain(self.result_combo.currentText())
        self.remember_input()

    def _explain(self, result: str) -> None:
        escalate = result == "未整改"
        self.form.setRowVisible(self.rows["next_due"], result == "部分整改")
        self.form.setRowVisible(self.rows["authority"], escalate and self.row.level >= 2)
        self.hint.setText({
            "": "请选择复查结果。",
            "已整改": "保存后该违章结案。",
            "部分整改": "保存后按“再次复查日期”安排下一次复查。",
            "未整改": ("保存后自动出具第二次整改通知书（措辞加重、期限缩短），请打印送达。" if self.row.level < 2
                    else "已是第二次通知仍未整改：保存后记录为已上报所选部门依法处理。"),
        }[result])

    def save(self) -> None:
        result = self.result_combo.currentText()
        args = dict(result=result, inspector=self.inspector_edit.text(), remark=self.remark_edit.text(),
                    done_on=self.date_edit.date().toPython(),
                    next_due=self.next_due_edit.date().toPython() if result == "部分整改" else None,
                    authority=self.authority_combo.currentText())

        def action(session):
            self.outcome = followup.record_reinspection(session, self.row.id, **args)

        if run_form(self, self.errors, action):
            self.accept()


class TemplateDialog(GuardedDialog):
    """The supervisor edits the notice texts; each is previewed with example values before saving."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("整改通知书模板")
        fit_to_screen(self, 820, 680)
        self.errors = FieldErrors()
        self.editors: dict[int, QPlainTextEdit] = {}
        self.previews: dict[int, QPlainTextEdit] = {}
        tabs = QTabWidget()
        with ctx.session() as session:
            texts = {level: notice_text.template_of(session, level) for level in (1, 2)}
        for level, title in ((1, "第一次通知"), (2, "第二次通知（加重）")):
            editor, preview = QPlainTextEdit(texts[level]), QPlainTextEdit()
            preview.setReadOnly(True)
            editor.textChanged.connect(lambda lv=level: self.update_preview(lv))
            page = QWidget()
            box = QVBoxLayout(page)
            box.addWidget(editor, 1)
            box.addWidget(self.errors.add(f"template{level}", editor))
            box.addWidget(QLabel("预览（示例数据）："))
            box.addWidget(preview, 1)
            tabs.addTab(page, title)
            self.editors[level], self.previews[level] = editor, preview
            self.update_preview(level)
        fields = QLabel("可用字段：" + "　".join(f"{{{name}}} {desc}" for name, desc in notice_text.FIELDS.items()))
        fields.setWordWrap(True)
        reset = QPushButton("恢复默认文本")
        reset.clicked.connect(self.reset_current)
        self.tabs = tabs
        buttons = _buttons(self, "保存模板")
        buttons.accepted.connect(self.save)
        buttons.addButton(reset, QDialogButtonBox.ResetRole)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(fields)
        layout.addWidget(buttons)
        self.remember_input()  # the saved texts are not typed work

    def update_preview(self, level: int) -> None:
        with self.ctx.session() as session:
            sample = notice_text.sample_fields(session, level)
        try:
            text = notice_text.render(self.editors[level].toPlainText(), sample)
        except ValidationError as exc:
            text = f"【模板有误】{exc.message}"
        self.previews[level].setPlainText(text)

    def reset_current(self) -> None:
        level = self.tabs.currentIndex() + 1
        key = notice_text.TEMPLATE_KEYS[level]
        self.editors[level].setPlainText(settings.DEFAULTS[key])

    def save(self) -> None:
        texts = {level: editor.toPlainText() for level, editor in self.editors.items()}

        def action(session):
            for level, text in texts.items():
                try:
                    notice_text.save_template(session, level, text)
                except ValidationError as exc:
                    raise ValidationError({f"template{level}": exc.message}) from None

        if run_form(self, self.errors, action):
            self.accept()
