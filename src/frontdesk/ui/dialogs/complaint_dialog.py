"""投诉处理: the desk's five steps, then the return visit that confirms (or reopens) it."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import clock, complaints, settings
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.step_box import StepBox, save_on_ctrl_enter, unchosen
from frontdesk.ui.widgets.unsaved import GuardedDialog


def _text_box(height: int = 54) -> StepBox:
    return StepBox(height)


class ComplaintDialog(GuardedDialog):
    """Tab goes from step to step, Ctrl+Enter saves the steps; Esc or 关闭 asks before dropping typed text."""

    def __init__(self, ctx: AppContext, complaint_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.complaint_id = complaint_id
        self.setWindowTitle("投诉处理")
        fit_to_screen(self, 720, 720)
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
        unchosen(self.visit_result, "请选择回访结果")
        self.visit_remark = QLineEdit()
        self.visit_button = QPushButton("登记回访")
        self.visit_button.clicked.connect(self.record_visit)
        self.visit_history = QLabel()
        self.visit_history.setWordWrap(True)
        visit_form = QFormLayout(visit_box)
        visit_form.addRow("回访经过", self.visit_history)
        visit_form.addRow("回访结果", self.visit_result)
        visit_form.addRow("业主意见", self.visit_remark)
        visit_form.addRow("", self.errors.add("result", self.visit_result))
        visit_form.addRow("", self.errors.add("remark", self.visit_remark))
        visit_form.addRow("", self.visit_button)
        self.visit_box = visit_box

        done = QPushButton("关闭")
        done.setAutoDefault(False)
        done.clicked.connect(self.done_checked)
        for button in (self.save_button, self.close_button, self.visit_button):
            button.setAutoDefault(False)  # Enter in a field never closes the complaint

        # The steps and the visit scroll between the header and 关闭: with every step's message shown
        # the dialog grew past a 768-pixel screen and 关闭 went below its edge.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(steps)
        body_layout.addLayout(step_buttons)
        body_layout.addWidget(visit_box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.deadline)
        layout.addWidget(scroll, 1)
        layout.addWidget(done)
        self.shortcuts = save_on_ctrl_enter(self, self.save_steps)
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
            history = [_visit_line(v) for v in complaints.visits_of(session, c.id)]
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
        # What was done stays as it was when closed: read, not typed over (nothing could save it).
        for box in (self.calm_note, self.cause, self.solution, self.summary):
            box.setReadOnly(closed)
        self.carried_out_by.setReadOnly(closed)
        self.regulation.setEnabled(not closed)
        self.effective.setEnabled(not closed)
        self.visit_history.setText("<br>".join(history) if history else "办结后第二天回访业主。")
        for widget in (self.visit_result, self.visit_remark, self.visit_button):
            widget.setEnabled(pending is not None)
        self.loaded = (self.steps(), self.summary.toPlainText())

    def has_unsaved_input(self) -> bool:
        return ((self.steps(), self.summary.toPlainText()) != self.loaded
                or bool(self.visit_remark.text().strip()) or self.visit_result.currentIndex() >= 0)

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
        if not self.save_button.isEnabled():
            return
        steps = self.steps()
        if self._run(lambda s: complaints.record_steps(s, self.complaint_id, steps)):  # said, as every save is
            self.ctx.events.saved.emit(Saved("投诉处理进度", note="各步骤已保存，办结前可继续补充"))

    def close_complaint(self) -> None:
        steps, summary = self.steps(), self.summary.toPlainText()
        if self._run(lambda s: complaints.close(s, self.complaint_id, steps, summary, self.ctx.user.name)):
            messages.info(self, "投诉已办结，已安排明天回访。")

    def record_visit(self) -> None:
        result, remark = self.visit_result.currentText(), self.visit_remark.text()
        if self._run(lambda s: complaints.record_return_visit(s, self.complaint_id, result, remark, self.ctx.user.name)):
            self.visit_remark.clear()
            self.visit_result.setCurrentIndex(-1)
            if result == "不满意":
                messages.info(self, "业主不满意，投诉已重新打开，请继续处理。")


def _visit_line(visit) -> str:
    """One return visit as the history shows it: when, the result, who called, how many tries, the remark."""
    tries = f"，打了 {visit.attempts} 次" if visit.attempts > 1 else ""
    if visit.visited_at is None:
        return f"待回访（{visit.due_date:%m-%d} 起{tries}）"
    remark = f"：{escape(visit.remark)}" if visit.remark else ""
    return f"{visit.visited_at:%m-%d %H:%M} <b>{visit.result}</b>（{escape(visit.staff_name)}{tries}）{remark}"
