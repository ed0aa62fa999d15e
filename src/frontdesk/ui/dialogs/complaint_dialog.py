"""投诉处理: the desk's five steps, then the return visit that confirms (or reopens) it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from frontdesk.services import clock, complaints, settings
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.service_call import run_service_call


def _text_box(height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    return box


class ComplaintDialog(QDialog):
    def __init__(self, ctx: AppContext, complaint_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.complaint_id = complaint_id
        self.setWindowTitle("投诉处理")
        self.resize(720, 720)
        self.errors = FieldErrors()
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.deadline = QLabel()

        self.calm_note = _text_box()
        self.cause = _text_box()
        self.regulation = QComboBox()
        self.regulation.setEditable(True)
        self.solution = _text_box()
        self.carried_out_by = QLineEdit()
        self.effective = QComboBox()
        self.effective.addItems(["", *complaints.EFFECTIVE_CHOICES])
        self.summary = _text_box()
        with ctx.session() as session:
            self.regulation.addItems(["", *settings.lookup_values(session, "regulation")])

        steps = QFormLayout()
        for label, widget, field in (
            ("① 安抚情绪", self.calm_note, "calm_note"), ("② 调查原因", self.cause, "cause"),
            ("③ 适用法规", self.regulation, "regulation"), ("④ 解决方案", self.solution, "solution"),
            ("　 落实人/部门", self.carried_out_by, "carried_out_by"), ("投诉性质", self.effective, "effective"),
            ("⑤ 办结总结", self.summary, "summary"),
        ):
            steps.addRow(label, widget)
            steps.addRow("", self.errors.add(field, widget))
        self.save_button = QPushButton("保存进度")
        self.save_button.clicked.connect(self.save_steps)
        self.close_button = QPushButton("办结投诉")
        self.close_button.clicked.connect(self.close_complaint)
        step_buttons = QHBoxLayout()
        step_buttons.addStretch(1)
        step_buttons.addWidget(self.save_button)
        step_buttons.addWidget(self.close_button)

        visit_box = QGroupBox("回访")
        self.visit_result = QComboBox()
        self.visit_result.addItems(complaints.VISIT_RESULTS)
        self.visit_remark = QLineEdit()
        self.visit_button = QPushButton("登记回访")
        self.visit_button.clicked.connect(self.record_visit)
        visit_form = QFormLayout(visit_box)
        visit_form.addRow("回访结果", self.visit_result)
        visit_form.addRow("业主意见", self.visit_remark)
        visit_form.addRow("", self.errors.add("result", self.visit_result))
        visit_form.addRow("", self.visit_button)
        self.visit_box = visit_box

        done = QPushButton("关闭")
        done.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.deadline)
        layout.addLayout(steps)
        layout.addLayout(step_buttons)
        layout.addWidget(visit_box)
        layout.addWidget(done)
        self.reload()

    def reload(self) -> None:
        with self.ctx.session() as session:
            c = complaints.get_complaint(session, self.complaint_id)
            contact = c.contact
            unit = contact.unit.code if contact.unit else contact.location
            self.header.setText(f"<b>{contact.occurred_at:%Y-%m-%d %H:%M} {unit} {contact.caller_name}</b>：{contact.content}")
            overdue = complaints.overdue_reason(c, clock.now())
            state = complaints.state_of(c)
            self.deadline.setText(
                f"状态：{state}　首次处理时限 {c.first_action_due:%m-%d %H:%M}　办结时限 {c.close_due:%m-%d %H:%M}"
                + (f"　<span style='color:#c62828'>已超时：{overdue}</span>" if overdue else "")
            )
            pending = complaints.pending_visit(session, c.id)
            fields = (c.calm_note, c.cause, c.regulation, c.solution, c.carried_out_by, c.effective, c.summary)
            closed = c.closed_at is not None
        for box, value in zip((self.calm_note, self.cause), fields[:2], strict=True):
            box.setPlainText(value)
        self.regulation.setCurrentText(fields[2])
        self.solution.setPlainText(fields[3])
        self.carried_out_by.setText(fields[4])
        self.effective.setCurrentText(fields[5])
        self.summary.setPlainText(fields[6])
        self.close_button.setEnabled(not closed)
        self.save_button.setEnabled(not closed)
        self.visit_box.setEnabled(pending is not None)

    def steps(self) -> complaints.ComplaintSteps:
        return complaints.ComplaintSteps(
            calm_note=self.calm_note.toPlainText(), cause=self.cause.toPlainText(),
            regulation=self.regulation.currentText(), solution=self.solution.toPlainText(),
            carried_out_by=self.carried_out_by.text(), effective=self.effective.currentText(),
        )

    def _run(self, action) -> bool:
        if not run_service_call(self, self.ctx, action, self.errors):
            return False
        self.ctx.events.changed.emit(Topic.CONTACTS)
        self.reload()
        return True

    def save_steps(self) -> None:
        steps = self.steps()
        self._run(lambda s: complaints.record_steps(s, self.complaint_id, steps))

    def close_complaint(self) -> None:
        steps, summary = self.steps(), self.summary.toPlainText()
        if self._run(lambda s: complaints.close(s, self.complaint_id, steps, summary, self.ctx.user.name)):
            messages.info(self, "投诉已办结，已安排明天回访。")

    def record_visit(self) -> None:
        result, remark = self.visit_result.currentText(), self.visit_remark.text()
        if self._run(lambda s: complaints.record_return_visit(s, self.complaint_id, result, remark, self.ctx.user.name)):
            self.visit_remark.clear()
            if result == "不满意":
                messages.info(self, "业主不满意，投诉已重新打开，请继续处理。")
