"""月度考核: the month's computed scores, the supervisor's reward/penalty with reason, confirm and lock."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import ValidationError
from frontdesk.services import authz
from frontdesk.services.number_format import percent
from frontdesk.services.training import assessment, common
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.tabs.training.helpers import cell, date_edit, number_text, selected_data
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.tables import simple_table
from frontdesk.ui.widgets.unsaved import InputSnapshot

HEADERS = ["姓名", "岗位", "笔试均分", "培训出勤率", "检查扣分", "接待量（含回访）", "被投诉", "回访满意率", "得分", "等级",
           "标准奖惩", "奖惩金额", "状态", "理由"]


class AssessmentPage(QWidget):
    title = "月度考核"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[assessment.AssessmentRow] = []
        self.month_edit = date_edit(fmt="yyyy-MM")
        self.month_edit.dateChanged.connect(lambda _d: self.load())
        self.state = QLabel()
        self.state.setObjectName("assessmentState")
        self.table = simple_table(HEADERS)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("奖励填正数，处罚填负数")
        self.reason = QLineEdit()
        self.errors = FieldErrors()
        self.save_button = QPushButton("保存奖惩")
        self.save_button.clicked.connect(self.save_award)
        for edit in (self.amount, self.reason):
            edit.returnPressed.connect(self.save_award)  # Enter after the reason saves, as on every form
        self.confirm_button = QPushButton("确认并锁定本月")
        self.confirm_button.clicked.connect(self.confirm)
        excel, pdf = QPushButton("导出 Excel…"), QPushButton("打印考核表 PDF…")
        excel.clicked.connect(lambda: self._ask_path("xlsx"))
        pdf.clicked.connect(lambda: self._ask_path("pdf"))
        top = QHBoxLayout()
        for widget in (QLabel("月份"), self.month_edit, self.state):
            top.addWidget(widget)
        top.addStretch(1)
        for widget in (excel, pdf, self.confirm_button):
            top.addWidget(widget)
        form = QFormLayout()
        form.addRow("奖惩金额（元）", self.amount)
        form.addRow("", self.errors.add("amount", self.amount))
        self.errors.check_on_leave("amount", self.amount, assessment.parse_award)
        form.addRow("理由", self.reason)
        form.addRow("", self.errors.add("reason", self.reason))
        form.addRow("", self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        layout.addLayout(form)
        self.award_shown = InputSnapshot([self.amount, self.reason])  # the selected person's, as saved

    @property
    def month(self) -> str:
        value = self.month_edit.date()
        return f"{value.year():04d}-{value.month():02d}"

    def reset_for_new_user(self) -> None:
        self.errors.clear()
        self.amount.clear()
        self.reason.clear()
        self.award_shown.retake()

    def has_unsaved_input(self) -> bool:
        """A 奖惩金额 or 理由 typed and not yet saved (not the saved one the table filled in)."""
        return self.award_shown.changed()

    def discard_input(self) -> None:
        self.reset_for_new_user()

    def load(self) -> None:
        with self.ctx.session() as session:
            self.rows = assessment.compute_month(session, self.month)
            locked = common.is_locked(session, self.month)
        self.state.setText(f"已确认锁定（{self.rows[0].confirmed_by}）" if locked and self.rows else "未确认：数字随记录实时计算")
        self.state.setStyleSheet("color: #2e7d32;" if locked else "color: #ef6c00;")
        # 奖惩 and the month's confirmation are the supervisor's (fail closed: the others see, not edit).
        refusal = None if authz.allowed(self.ctx.user.role, "assessments") else authz.refusal_tooltip("assessments")
        for widget in (self.confirm_button, self.save_button, self.amount, self.reason):
            widget.setEnabled(not locked and refusal is None)
            widget.setToolTip(refusal or "")
        running = not assessment.may_confirm_yet(self.month)  # confirming locks the month
        self.confirm_button.setEnabled(not locked and not running and refusal is None)
        if refusal is None:
            self.confirm_button.setToolTip("这个月还没有到月底，最后一天起才能确认（确认后这个月的检查、成绩和收款都不能再登记）"
                                           if running and not locked else "")
        self.table.setRowCount(len(self.rows))
        for index, r in enumerate(self.rows):
            f = r.figures
            values = (r.name, r.role, number_text(f.test_average), percent(f.attendance_rate, of_hundred=True),
                      number_text(f.deduction), f.calls, f.complaints, percent(f.satisfaction, of_hundred=True),
                      number_text(r.score), r.grade, number_text(r.suggested_amount), number_text(r.amount),
                      "已锁定" if r.confirmed else "待确认", r.reason)
            for column, value in enumerate(values):
                self.table.setItem(index, column, cell(value, align_right=2 <= column <= 11,
                                                       data=r.staff_id if column == 0 else None))
        self.table.resizeColumnsToContents()
        self.errors.clear()
        self.notes.clear()

    def selected_row(self) -> assessment.AssessmentRow | None:
        staff_id = selected_data(self.table)
        return next((r for r in self.rows if r.staff_id == staff_id), None)

    def _show_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.amount.setText(number_text(row.amount))
        self.reason.setText(row.reason)
        self.award_shown.retake()
        notes = list(row.notes)
        if row.collector is not None:  # a 收费员: the 提成 part of the month
            c = row.collector
            rate = "—" if c.collection_rate is None else f"{c.collection_rate}%"
            notes.insert(0, f"收费员：分管楼栋收费率 {rate}（上月 {number_text(c.previous_rate, '%')}），收款 ¥{c.collected:,.2f}，"
                            f"收回一年以上欠费 ¥{c.old_arrears_recovered:,.2f}，催缴 {c.actions} 次，发函 {c.letters_sent} 封、"
                            f"收函后缴费 {c.letters_paid} 户，提成 ¥{c.commission:,.2f}")
        self.notes.setText("；".join(notes))

    def save_award(self) -> None:
        row = self.selected_row()
        if row is None:
            messages.info(self, "请先在表中选中一位员工。")
            return
        amount, reason = self.amount.text(), self.reason.text()
        if not run_service_call(self, self.ctx, lambda session: assessment.set_award(
                session, self.month, row.staff_id, amount, reason), self.errors):
            return
        selected = self.table.currentRow()
        self.load()
        self.table.selectRow(selected)
        self.award_shown.retake()  # saved: what the fields show is on record now
        saved = self.selected_row() or row
        self.ctx.events.saved.emit(Saved(f"{self.month} 奖惩 {saved.name} ¥{number_text(saved.amount)}",
                                         note=saved.reason))

    def confirm(self) -> None:
        if not messages.confirm(self, f"确认 {self.month} 的月度考核吗？确认后该月的培训、成绩、检查和奖惩都将锁定，不能再修改。"):
            return
        try:
            with self.ctx.session() as session:
                count = assessment.confirm_month(session, self.month, self.ctx.user.name)
        except ValidationError as exc:
            messages.warning(self, exc.message)
            return
        self.load()
        messages.info(self, f"{self.month} 的月度考核已确认，共 {count} 人，已锁定。")

    def _ask_path(self, kind: str) -> None:
        label = "Excel 文件 (*.xlsx)" if kind == "xlsx" else "PDF 文件 (*.pdf)"
        path, _ = file_dialogs.get_save_file_name(self, "保存月度考核表", f"月度考核_{self.month}.{kind}", label)
        if path:
            self.export_to(path)

    def export_to(self, path: str):
        from frontdesk.services import exports

        month = self.month
        open_session = self.ctx.session_opener()

        def work(_progress):
            with open_session() as session:
                return exports.assessment_sheet(session, month, path)

        return run_task(self, "正在生成月度考核表…", work,
                        lambda _r: messages.info(self, f"月度考核表已保存到 {path}"),
                        lambda text: messages.warning(self, text))
