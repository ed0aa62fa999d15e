"""One repair order: its details, warranty, history, and the actions its state allows."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import (
    clock,
    repair_edit,
    repair_flow,
    repair_lists,
    repair_visits,
    repairs,
    repairs_warranty,
    staff,
)
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.step_box import StepBox, save_on_ctrl_enter
from frontdesk.ui.widgets.tables import simple_table
from frontdesk.ui.widgets.unsaved import GuardedDialog

# The buttons of the dialog, in the order a job goes; 回访 is recorded in the 回访 view or below.
ACTIONS = ("派工", "开始处理", "暂停", "恢复", "完工", "退单", "转单", "取消", "关闭")
# Never the default button and never where focus lands after an action: Enter must not cancel an order.
DESTRUCTIVE = ("退单", "取消")
# Each step's Alt key (pinyin initials where they are free): no Tab walk along the row of steps.
ACTION_KEYS = {"派工": "P", "开始处理": "K", "暂停": "S", "恢复": "H", "完工": "W", "退单": "T", "转单": "Z",
               "取消": "Q", "关闭": "G"}


class RepairOrderDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, order_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.order_id = order_id
        self.version: int | None = None
        self.setWindowTitle("报修单")
        fit_to_screen(self, 820, 760)
        self.errors = FieldErrors()
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        action_row = QHBoxLayout()
        for action in ACTIONS:
            button = QPushButton(f"{action}(&{ACTION_KEYS[action]})")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.buttons[action] = button
            action_row.addWidget(button)
        action_row.addStretch(1)
        self.edit_button = QPushButton("修改信息(&E)…")
        self.edit_button.setToolTip("改报修内容、位置、专业、紧急程度、报修人电话或预约时间")
        self.edit_button.clicked.connect(self.edit_details)
        action_row.addWidget(self.edit_button)
        self.print_button = QPushButton("打印派工单(&R)…")
        self.print_button.clicked.connect(self.print_preview)
        action_row.addWidget(self.print_button)

        self.finish_box = QGroupBox("完工登记")
        self.result = StepBox(0)
        self.result.setFixedHeight(48)
        self.materials = QLineEdit()
        self.labour_hours = QLineEdit("0")
        self.paid = QCheckBox("有偿维修")
        self.charge = QLineEdit("0")
        finish_form = QFormLayout(self.finish_box)
        for label, widget, field in (("维修结果", self.result, "result"), ("所用材料", self.materials, "materials"),
                                     ("工时（小时）", self.labour_hours, "labour_hours"), ("", self.paid, "paid"),
                                     ("收费金额（元）", self.charge, "charge")):
            finish_form.addRow(label, widget)
            finish_form.addRow("", self.errors.add(field, widget))
        # Ctrl+Enter in any field of the form is 完工, as the README's keys say of record dialogs (when
        # 完工 is allowed); a plain Enter there does nothing (keyPressEvent).
        save_on_ctrl_enter(self.finish_box, lambda: self.buttons["完工"].isEnabled() and self.run_action("完工"))
        self.errors.add("finished_at", self.result)
        self.errors.add("state", self.header)
        self.errors.add("reason", self.header)
        self.errors.add("technician", self.header)

        self.history = simple_table(["时间", "操作", "从", "到", "经办人", "原因"])
        done = QPushButton("关闭窗口")
        done.setAutoDefault(False)
        done.clicked.connect(self.done_checked)
        self.done_button = done
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.details)
        layout.addLayout(action_row)
        layout.addWidget(self.finish_box)
        layout.addWidget(QLabel("处理经过"))
        layout.addWidget(self.history, 1)
        layout.addWidget(done)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # no default button: Enter presses the one with the cursor (keyPressEvent)
        # Tab as the screen reads: the steps, then the 完工 form, then the history and 关闭窗口.
        chain = [*self.buttons.values(), self.edit_button, self.print_button, self.result, self.materials,
                 self.labour_hours, self.paid, self.charge, self.history, done]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.reload()
        self.remember_finish_form()

    def keyPressEvent(self, event) -> None:
        """Enter presses the button that has the cursor, as Space does (README's keys); in a field it
        does nothing: 完工 is a step of its own (Alt+W, or Ctrl+Enter in the form), and the dialog has no
        default button that a stray Enter would press (it opened 修改信息)."""
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & ~Qt.KeypadModifier:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return
        super().keyPressEvent(event)

    def remember_finish_form(self) -> None:
        """The 完工登记 as it stands is not typed work (a new dialog's, or one just saved)."""
        self.remember_input(self.result, self.materials, self.labour_hours, self.paid, self.charge)

    def reload(self) -> None:
        with self.ctx.session() as session:
            o = repairs.get_order(session, self.order_id)
            warranty = repairs_warranty.order_status(session, o)
            place = o.unit.code if o.unit else o.location
            tech = o.technician.name if o.technician else "未派工"
            repeat = repairs.get_order(session, o.repeat_of_id).number if o.repeat_of_id else ""
            events = [(e.at, e.action, e.from_state, e.to_state, _who(e), e.reason) for e in o.events]
            self.version, state, number = o.version, o.state, o.number
            overdue = repair_lists.is_overdue(o, clock.now())
            visits = repair_visits.visits_of(session, o.id)
            waiting = next((v for v in visits if v.visited_at is None), None)
            text = (
                f"报修时间 {o.reported_at:%Y-%m-%d %H:%M}　{o.scope}　{o.trade}　{o.urgency}　"
                f"报修人 {o.reporter} {o.phone}<br>内容：{o.description}<br>"
                f"师傅：{tech}　时限 {o.due_at:%m-%d %H:%M}"
                + (f"　预约 {o.appointment_at:%m-%d %H:%M}" if o.appointment_at else "")
                + (f"<br>结果：{o.result}　材料：{o.materials}　{'有偿 ' + str(o.charge) + ' 元' if o.paid else '无偿'}"
                   if o.finished_at else "")
                + (f"<br>回访：{'、'.join(v.result or _pending_visit(v) for v in visits)}" if visits else "")
                + (f"<br><span style='color:#c62828'>{o.alert}</span>" if o.alert else "")
                + (f"<br>暂停原因：{o.pause_reason}" if o.pause_reason else "")
            )
        flags = []
        if overdue:
            flags.append("<span style='color:#c62828'>已超时</span>")
        if repeat:
            flags.append(f"<span style='color:#e65100'>返修（前单 {repeat}）</span>")
        self.setWindowTitle(f"报修单 {number}")
        self.header.setText(f"<b style='font-size:15px'>{number}　{place}　{state}</b>　" + "　".join(flags)
                            + f"<br>{warranty.state}：{warranty.explanation}")
        self.details.setText(text)
        allowed = set(repair_flow.allowed_actions(state))
        for action, button in self.buttons.items():
            button.setEnabled(action in allowed)
            button.setToolTip("")
        if waiting is not None and "关闭" in allowed:  # closed by its return visit, not by hand
            self.buttons["关闭"].setEnabled(False)
            self.buttons["关闭"].setToolTip(f"还没有回访（{_pending_visit(waiting)}）：在“回访”里记录结果，"
                                           "满意或基本满意即自动关闭")
        self.finish_box.setEnabled("完工" in allowed)
        self.edit_button.setEnabled(repair_edit.can_edit(state))
        self.history.setRowCount(len(events))
        for row, values in enumerate(events):
            for col, value in enumerate(values):
                shown = f"{value:%Y-%m-%d %H:%M}" if col == 0 else str(value)
                self.history.setItem(row, col, QTableWidgetItem(shown))
        self.history.resizeColumnsToContents()

    def _technician(self, label: str) -> int | None:
        with self.ctx.session() as session:
            techs = staff.active_staff(session, (repair_flow.TECHNICIAN_ROLE,))
        name = messages.ask_item(self, label, [t.name for t in techs])
        return next((t.id for t in techs if t.name == name), None) if name else None

    def run_action(self, action: str) -> bool:
        me, version = self.ctx.user.name, self.version
        if action in ("派工", "转单"):
            tech = self._technician("派给哪位维修工？")
            if tech is None:
                return False
        if action in ("暂停", "退单", "转单", "取消"):
            reason = messages.ask_text(self, f"{action}原因：")
            if reason is None:
                return False
        calls = {
            "派工": lambda s: repair_flow.dispatch(s, self.order_id, tech, me, version),
            "开始处理": lambda s: repair_flow.start(s, self.order_id, me, expected_version=version),
            "暂停": lambda s: repair_flow.pause(s, self.order_id, reason, me, version),
            "恢复": lambda s: repair_flow.resume(s, self.order_id, me, version),
            "完工": lambda s: repair_flow.finish(s, self.order_id, self.finish_input(), me, version),
            "退单": lambda s: repair_flow.return_order(s, self.order_id, reason, me, version),
            "转单": lambda s: repair_flow.transfer(s, self.order_id, tech, reason, me, version),
            "取消": lambda s: repair_flow.cancel(s, self.order_id, reason, me, version),
            "关闭": lambda s: repair_flow.close(s, self.order_id, me, expected_version=version),
        }
        done = self._run(calls[action])
        if done:  # what was done is said in the status bar, as every save is
            number = self.windowTitle().removeprefix("报修单 ")
            self.ctx.events.saved.emit(Saved(f"报修单 {number} {action}", note=self.header_state()))
        return done

    def header_state(self) -> str:
        """The order's state as the dialog shows it now (已派工, 已完工 …)."""
        with self.ctx.session() as session:
            order = repairs.get_order(session, self.order_id)
            technician = order.technician.name if order.technician else ""
            return f"{order.state}" + (f"（{technician}）" if technician else "")

    def finish_input(self) -> repair_flow.FinishInput:
        return repair_flow.FinishInput(result=self.result.toPlainText(), materials=self.materials.text(),
                                       labour_hours=self.labour_hours.text(), paid=self.paid.isChecked(),
                                       charge=self.charge.text())

    def _run(self, action) -> bool:
        try:
            with self.ctx.session() as session:
                action(session)
        except ValidationError as exc:
            shown = {k: v for k, v in exc.errors.items() if k not in ("state", "reason", "technician")}
            leftover = self.errors.show(shown)
            others = [v for k, v in exc.errors.items() if k in ("state", "reason", "technician")]
            if leftover or others:
                messages.warning(self, "\n".join(others + leftover))
            return False
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        self.errors.clear()
        self.ctx.events.changed.emit(Topic.REPAIRS)
        self.reload()
        self.remember_finish_form()
        self.focus_next_step()
        return True

    def focus_next_step(self) -> None:
        """After an action: focus the next step of the job (or 关闭窗口), never a destructive button. Work
        under way is finished next: the cursor goes to 维修结果, with 完工 a few Tabs on."""
        if self.finish_box.isEnabled() and self.buttons["完工"].isEnabled():
            self.result.setFocus(Qt.OtherFocusReason)
            return
        safe = [b for a, b in self.buttons.items() if a not in DESTRUCTIVE and b.isEnabled()]
        (safe[0] if safe else self.done_button).setFocus(Qt.OtherFocusReason)

    def edit_details(self) -> None:
        from frontdesk.ui.dialogs.repair_details_dialog import RepairDetailsDialog

        self.details_dialog = RepairDetailsDialog(self.ctx, self.order_id, self)
        self.details_dialog.exec()
        self.reload()

    def print_preview(self) -> None:
        from frontdesk.ui.tabs.repairs import preview_work_orders

        preview_work_orders(self, self.ctx, [self.windowTitle().removeprefix("报修单 ")])


def _pending_visit(visit) -> str:
    """A visit not made yet, with the day it is due (it is listed under 回访 from that day on)."""
    due = visit.due_date
    when = "今天起" if due <= clock.today() else f"{due:%m-%d} 起"
    return f"待回访（{when}列入回访名单，已打 {visit.attempts} 次）"


def _who(event) -> str:
    """Who pressed the button, and the technician the step was about when that is someone else (开始处理
    or 完工 recorded at the desk for 王师傅 reads “张丽（师傅 王师傅）”, not as if 王师傅 had pressed it)."""
    if event.technician and event.technician != event.by_name:
        return f"{event.by_name}（师傅 {event.technician}）" if event.by_name else event.technician
    return event.by_name or event.technician
