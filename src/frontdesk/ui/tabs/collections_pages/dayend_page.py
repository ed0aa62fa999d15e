"""日结与提成: the collector's day (receipts, reversals, totals by method, cash to hand over), printing the
日结单 and closing the day; for the supervisor, the days not closed, the month's hand-over, each
collector's commission and the arrears by units, area and amount with the reasons."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.collections import PAYMENT_METHODS
from frontdesk.errors import DomainError
from frontdesk.services import arrears_stats, authz, clock, commission, dayend
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.collections_pages.common import documents_dir, money
from frontdesk.ui.tabs.training.helpers import cell
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.tables import read_only_table

SLIP_HEADERS = ["收据号", "类型", "房号", "交款人", "收费项目及期间", "方式", "金额"]
OPEN_HEADERS = ["收费员", "日期", "笔数", "金额"]
SUMMARY_HEADERS = ["收费员", "收款天数", "已日结", "收款笔数", *PAYMENT_METHODS, "合计", "已交现金", "未日结金额"]
COMMISSION_HEADERS = ["收费员", "分管楼栋", "收费率", "较上月", "收款", "收回一年以上欠费", "催缴", "发函", "收函后缴费",
                      "底薪", "提成", "状态"]
ARREARS_HEADERS = ["分组", "未收户数", "未收面积（㎡）", "未收金额", "欠费原因（户数）"]


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    read_only_table(table)
    return table


def _fill(table: QTableWidget, rows: list[list], right: range = range(0), data: list | None = None) -> None:
    """Rows of text; the columns in `right` (numbers, money) right-aligned; `data` kept on the first cell."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, cell(value, align_right=c in right, data=data[r] if data and c == 0 else None))
    table.resizeColumnsToContents()


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


class DayEndPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.slip: dayend.DaySlip | None = None
        self.collector = QComboBox()
        self.collector.setObjectName("dayendCollector")
        self.day = DateEdit(QDate(clock.today()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate(clock.today()))
        self.show_button = show = QPushButton("查看")
        show.clicked.connect(self.show_day)
        self.print_button = QPushButton("打印日结单…")
        self.print_button.setObjectName("printSlip")
        self.print_button.clicked.connect(self.print_slip)
        self.close_button = QPushButton("日结交款…")
        self.close_button.setObjectName("closeDay")
        self.close_button.clicked.connect(self.close_day)
        # Another collector or day chosen is shown at once: the slip never belongs to another than the
        # boxes say (a closed-day line under the next collector's name).
        self.collector.activated.connect(lambda _i: self.show_day())
        self._day_chosen = QTimer(self)
        self._day_chosen.setSingleShot(True)
        self._day_chosen.setInterval(300)
        self._day_chosen.timeout.connect(self.show_day)
        self.day.dateChanged.connect(lambda _d: self._day_chosen.start())
        bar = QHBoxLayout()
        for widget in (QLabel("收费员"), self.collector, QLabel("日期"), self.day, show, self.print_button,
                       self.close_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.state = QLabel()
        self.state.setObjectName("dayendState")
        self.slip_table = _table(SLIP_HEADERS, "slipTable")
        self.totals = QLabel()
        self.totals.setObjectName("dayendTotals")
        self.totals.setWordWrap(True)
        day_part = QWidget()
        day_layout = QVBoxLayout(day_part)
        day_layout.setContentsMargins(0, 0, 0, 0)
        day_layout.addLayout(bar)
        day_layout.addWidget(self.state)
        day_layout.addWidget(self.slip_table, 1)
        day_layout.addWidget(self.totals)
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(day_part)
        self.supervisor_part: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._fit_to_role()

    @property
    def supervisor(self) -> bool:
        """Asked of the person signed in now: the page may have been built for someone else (切换用户)."""
        return authz.allowed(self.ctx.user.role, "reversals")

    def _fit_to_role(self) -> None:
        """The supervisor's month below the day for a supervisor (made the first time one is signed in);
        hidden from anyone else."""
        if self.supervisor and self.supervisor_part is None:
            self.supervisor_part = self._supervisor_part()
            self.splitter.addWidget(self.supervisor_part)
            self.splitter.setStretchFactor(0, 1)
            self.splitter.setStretchFactor(1, 1)
        if self.supervisor_part is not None:
            self.supervisor_part.setVisible(self.supervisor)
            self.scheme_button.setEnabled(authz.allowed(self.ctx.user.role, "settings"))

    def reset_for_new_user(self) -> None:
        """Nothing of the previous person's day stays on screen; the page fits the new person's role."""
        self.slip = None
        self.slip_table.setRowCount(0)
        self.state.clear()
        self.totals.clear()
        self.collector.clear()
        self.day.blockSignals(True)
        self.day.setDate(QDate(clock.today()))
        self.day.blockSignals(False)
        self._day_chosen.stop()
        self._fit_to_role()

    def _supervisor_part(self) -> QWidget:
        self.month = DateEdit(QDate(clock.today()))
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setObjectName("dayendMonth")
        self.month.setMaximumDate(QDate(clock.today()))
        refresh = QPushButton("统计")
        refresh.clicked.connect(self.load_month)
        sheet = QPushButton("打印收费员考核表…")
        sheet.clicked.connect(self.print_sheet)
        self.scheme_button = scheme = QPushButton("提成方案…")
        scheme.setObjectName("editScheme")
        scheme.clicked.connect(self.edit_scheme)
        self.grouping = QComboBox()
        self.grouping.addItems(arrears_stats.GROUPINGS)
        self.grouping.currentIndexChanged.connect(self.load_month)
        bar = QHBoxLayout()
        for widget in (QLabel("月份"), self.month, refresh, sheet, scheme, QLabel("未收统计按"), self.grouping):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.open_table = _table(OPEN_HEADERS, "openDays")
        self.open_table.activated.connect(self._open_selected_day)
        self.summary_table = _table(SUMMARY_HEADERS, "handOverSummary")
        self.commission_table = _table(COMMISSION_HEADERS, "commissionTable")
        self.arrears_table = _table(ARREARS_HEADERS, "arrearsByArea")
        self.scheme_label = QLabel()
        self.scheme_label.setWordWrap(True)
        self.scheme_label.setStyleSheet("color:#455a64")
        commission_box = QWidget()
        commission_layout = QVBoxLayout(commission_box)
        commission_layout.addWidget(self.commission_table)
        commission_layout.addWidget(self.scheme_label)
        self.sections = QTabWidget()
        self.sections.addTab(self.open_table, "未日结（双击查看）")
        self.sections.addTab(self.summary_table, "月度交款汇总")
        self.sections.addTab(commission_box, "提成")
        self.sections.addTab(self.arrears_table, "未收户数、面积、金额")
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.sections)
        return part

    # ---- the collector's day --------------------------------------------------------------

    def load(self) -> None:
        self._fit_to_role()
        if not authz.allowed(self.ctx.user.role, "dayend"):  # e.g. a receptionist: nothing to hand over here
            self.setEnabled(False)
            self.setToolTip("日结交款由收费员和客服主管办理")
            return
        self.setEnabled(True)
        with self.ctx.session() as session:
            people = dayend.collectors(session)
        self.collector.clear()
        for staff_id, name in people:
            self.collector.addItem(name, staff_id)
        mine = self.collector.findData(self.ctx.user.id)
        if mine < 0 and not self.supervisor:
            self.collector.addItem(self.ctx.user.name, self.ctx.user.id)
            mine = self.collector.count() - 1
        self.collector.setCurrentIndex(max(mine, 0))
        self.collector.setEnabled(self.supervisor)  # a collector sees and closes their own day
        self.show_day()
        if self.supervisor:
            self.load_month()

    def refresh(self) -> None:
        """The day's slip (and the supervisor's month) again, for the collector and day chosen."""
        if not self.isEnabled():
            return
        self.show_day()
        if self.supervisor:
            self.load_month()

    @property
    def chosen_day(self):
        return self.day.date().toPython()

    def show_day(self) -> None:
        self._day_chosen.stop()
        collector_id = self.collector.currentData()
        if collector_id is None:
            return
        try:
            with self.ctx.session() as session:
                self.slip = dayend.day_slip(session, collector_id, self.chosen_day)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        slip = self.slip
        lines = [*slip.receipts, *slip.reversals]
        _fill(self.slip_table, [[r.receipt_no, r.kind, r.unit_code, r.payer, r.note or r.items, r.method, money(r.amount)]
                                for r in lines], right=range(6, 7))
        if slip.closing:
            c = slip.closing
            self.state.setText(f"已日结：{c.closed_by} 于 {c.closed_at:%Y-%m-%d %H:%M} 结账"
                               + (f"，接收人 {c.receiver}" if c.receiver else "") + "。当天不能再收款。")
            self.state.setStyleSheet("color:#2e7d32")
        else:
            self.state.setText(f"{slip.collector} {slip.day:%Y-%m-%d} 未日结：收款后请打印日结单，与现金一并交财务，再点“日结交款”。")
            self.state.setStyleSheet("color:#ef6c00")
        methods = "　".join(f"{m} ¥{money(v)}" for m, v in slip.by_method.items())
        self.totals.setText(f"收款 {len(slip.receipts)} 笔 ¥{money(slip.received)}，冲正 {len(slip.reversals)} 笔 "
                            f"¥{money(slip.reversed_amount)}；按方式：{methods}；<b>合计 ¥{money(slip.total)}，"
                            f"应交现金 ¥{money(slip.cash_to_hand_over)}</b>")
        self.close_button.setEnabled(not slip.closed and bool(lines))

    def print_slip(self) -> None:
        from frontdesk.reports.pdf.dayend_slip import write_slips
        from frontdesk.ui.widgets.pdf_preview import open_preview

        if self.slip is None:
            return
        path = documents_dir("日结单") / f"日结单-{self.slip.collector}-{self.slip.day:%Y%m%d}.pdf"
        try:
            with self.ctx.session() as session:
                write_slips(session, self.slip.day, path, [self.slip.collector_id])
        except (DomainError, OSError) as exc:
            messages.warning(self, getattr(exc, "message", None) or f"日结单没有保存：{exc}")
            return
        self.preview = open_preview(self, path, f"日结单 {self.slip.collector} {self.slip.day:%Y-%m-%d}")

    def close_day(self) -> None:
        slip = self.slip
        if slip is None or slip.closed:
            return
        receiver = messages.ask_text(self, "接收人（财务）姓名（可不填）：")
        if receiver is None:
            return
        if not messages.confirm(self, f"确认日结 {slip.collector} {slip.day:%Y-%m-%d}：收款 {len(slip.receipts)} 笔，"
                                      f"合计 ¥{money(slip.total)}，应交现金 ¥{money(slip.cash_to_hand_over)}？\n"
                                      "日结后这一天不能再登记收款，更正须由客服主管冲正。"):
            return
        try:
            with self.ctx.session() as session:
                dayend.close_day(session, slip.collector_id, slip.day, receiver)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.show_day()
        self.ctx.events.changed.emit(Topic.PAYMENTS)
        messages.info(self, f"{slip.collector} {slip.day:%Y-%m-%d} 已日结。请在日结单上签字后交财务。")
        if self.supervisor:
            self.load_month()

    # ---- the supervisor's month --------------------------------------------------------------

    @property
    def chosen_month(self) -> str:
        value = self.month.date()
        return f"{value.year():04d}-{value.month():02d}"

    def load_month(self):
        month, grouping = self.chosen_month, self.grouping.currentText()

        def work(_progress):
            with self.ctx.read_session() as session:
                return (dayend.unclosed_days(session), dayend.month_summary(session, month),
                        commission.month_figures(session, month), commission.scheme_for(session, month),
                        arrears_stats.arrears_statistics(session, grouping))

        self.task = run_task(self, "正在统计日结与提成…", work, self._show_month,
                             lambda text: messages.warning(self, text))
        return self.task

    def _show_month(self, result) -> None:
        open_days, summary, figures, scheme, arrears = result
        _fill(self.open_table, [[d.collector, d.day.isoformat(), d.entries, money(d.total)] for d in open_days],
              right=range(2, 4), data=[(d.collector_id, d.day) for d in open_days])
        _fill(self.summary_table, [[r.collector, r.days, r.closed_days, r.receipts,
                                    *(money(r.by_method.get(m, 0)) for m in PAYMENT_METHODS), money(r.total),
                                    money(r.handed_over_cash), money(r.open_total)] for r in summary], right=range(1, 13))
        _fill(self.commission_table, [[
            f.name, f.buildings or "—", _rate(f.collection_rate),
            "—" if f.rate_change is None else f"{f.rate_change:+}个百分点", money(f.collected),
            money(f.old_arrears_recovered), f.actions, f.letters_sent, f.letters_paid, money(f.base),
            money(f.commission), f"已确认（{f.confirmed_by}）" if f.confirmed_at else "待确认（随月度考核确认）"]
            for f in figures], right=range(2, 11))
        self.scheme_label.setText(f"{self.chosen_month} 适用方案：" + (scheme.describe() if scheme else "无（请设置提成方案）"))
        _fill(self.arrears_table, [[g.group, g.units, f"{g.area:,.2f}", money(g.amount),
                                    "、".join(f"{k} {v}" for k, v in sorted(g.reasons.items(), key=lambda kv: -kv[1]))]
                                   for g in arrears], right=range(1, 4))

    def _open_selected_day(self, index) -> None:
        item = self.open_table.item(index.row(), 0)
        collector_id, day = item.data(Qt.UserRole)
        self.collector.setCurrentIndex(max(0, self.collector.findData(collector_id)))
        self.day.setDate(QDate(day))
        self.show_day()

    def print_sheet(self):
        from frontdesk.reports.pdf.collector_sheet import write_collector_sheet
        from frontdesk.ui.widgets.pdf_preview import open_preview

        month = self.chosen_month
        path = documents_dir("考核表") / f"收费员考核表-{month}.pdf"

        def work(_progress):
            with self.ctx.read_session() as session:
                return write_collector_sheet(session, month, path)

        def done(written) -> None:
            self.preview = open_preview(self, written, f"收费员考核表 {month}")

        self.task = run_task(self, "正在生成收费员考核表…", work, done, lambda text: messages.warning(self, text))
        return self.task

    def edit_scheme(self) -> None:
        from frontdesk.ui.tabs.collections_pages.scheme_dialog import SchemeDialog

        self.scheme_dialog = SchemeDialog(self.ctx, self)
        if self.scheme_dialog.exec():
            self.load_month()
