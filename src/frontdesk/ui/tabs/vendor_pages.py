"""The 外包方 tab's pages beside 月会: 整改跟踪 (problems and re-checks), 一次性外包, 月度考评, 外包方名录."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.vendors import ISSUE_STATUSES
from frontdesk.errors import DomainError
from frontdesk.services import clock, vendor_issues, vendors
from frontdesk.services.violations import month_bounds
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.dialogs.violation_dialog import PHOTO_FILTER
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.tabs.vendor_common import ListSource, list_model, make_table, selected_row
from frontdesk.ui.widgets.date_fields import DateEdit

DUE_NOW = "到期待复查"

ISSUE_COLUMNS = (
    TableColumn("发现日期", lambda r: r.raised_on, "raised_on"),
    TableColumn("外包方", lambda r: r.company, "company"),
    TableColumn("来源", lambda r: r.source),
    TableColumn("位置", lambda r: r.location),
    TableColumn("问题描述", lambda r: r.description),
    TableColumn("限期", lambda r: r.deadline, "deadline"),
    TableColumn("跟进人", lambda r: r.follower, "follower"),
    TableColumn("复查", lambda r: f"{r.recheck_on:%m-%d} {r.recheck_result}" if r.recheck_on else ""),
    TableColumn("状态", lambda r: r.status, "status"),
    TableColumn("结转", lambda r: r.carry_overs or "", "carry_overs", align_right=True),
    TableColumn("照片", lambda r: r.photos or "", align_right=True),
)
ISSUE_TEXT_COLUMN = 4  # 问题描述 takes the spare width


def buttons_row(owner, specs) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    row, found = QHBoxLayout(), {}
    for text, slot in specs:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        found[text.split("(")[0]] = button
    row.addStretch(1)
    return row, found


class IssuesPage(QWidget):
    def __init__(self, ctx, tab):
        super().__init__()
        self.ctx, self.tab = ctx, tab
        self.filter = vendor_issues.IssueFilter(open_only=True)
        self.vendor_combo, self.status_combo = QComboBox(), QComboBox()
        self.status_combo.addItems(["未关闭", DUE_NOW, "全部", *ISSUE_STATUSES])
        self.search = QLineEdit(placeholderText="搜索：位置、问题、跟进人、外包方")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.vendor_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        filters = QHBoxLayout()
        for label, widget in (("外包方", self.vendor_combo), ("状态", self.status_combo)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        actions, self.buttons = buttons_row(self, (
            ("登记问题(&I)", self.raise_issue), ("复查(&R)", self.recheck), ("添加照片", self.add_photos)))
        self.model = LazyTableModel(ISSUE_COLUMNS, self._count, self._fetch, default_sort=("deadline", False),
                                    is_alert=lambda r: r.overdue, parent=self)
        self.table = make_table(self.model, 5, descending=False, stretch=ISSUE_TEXT_COLUMN)
        self.table.activated.connect(lambda _i: self.recheck())
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _count(self) -> int:
        with self.ctx.session() as session:
            return vendor_issues.count_issues(session, self.filter)

    def _fetch(self, offset, limit, sort, descending):
        with self.ctx.session() as session:
            return vendor_issues.list_issues(session, self.filter, offset, limit, sort or "deadline", descending)

    def fill_vendors(self) -> None:
        with self.ctx.session() as session:
            rows = vendors.list_vendors(session)
        current = self.vendor_combo.currentData()
        self.vendor_combo.blockSignals(True)
        self.vendor_combo.clear()
        self.vendor_combo.addItem("全部外包方", None)
        for row in rows:
            self.vendor_combo.addItem(row.company, row.id)
            if row.id == current:
                self.vendor_combo.setCurrentIndex(self.vendor_combo.count() - 1)
        self.vendor_combo.blockSignals(False)

    def load(self) -> None:
        self.fill_vendors()
        self.reload()

    def reload(self) -> None:
        self.model.refresh()
        with self.ctx.session() as session:
            due = vendor_issues.count_issues(session, vendor_issues.IssueFilter(due_by=clock.today()))
        self.count_label.setText(f"共 {self.model.total} 条；到期待复查 {due} 条（红色为已过限期或未整改待结转）")

    def apply_filter(self) -> None:
        status = self.status_combo.currentText()
        self.filter = vendor_issues.IssueFilter(
            vendor_id=self.vendor_combo.currentData(), open_only=status == "未关闭",
            status=status if status in ISSUE_STATUSES else "",
            due_by=clock.today() if status == DUE_NOW else None, text=self.search.text())
        self.reload()

    def selected_id(self) -> int | None:
        row = selected_row(self.table)
        if row is None:
            messages.info(self, "请先在列表中选中一条问题。")
        return row.id if row else None

    def raise_issue(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import IssueDialog

        dialog = IssueDialog(self.ctx, self.vendor_combo.currentData(), parent=self)
        if dialog.exec():
            self.tab.changed()

    def recheck(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import RecheckDialog

        issue_id = self.selected_id()
        if issue_id is not None and RecheckDialog(self.ctx, issue_id, self).exec():
            self.tab.changed()

    def choose_photo_files(self) -> list[str]:
        files, _filter = file_dialogs.get_open_file_names(self, "选择现场照片", "", PHOTO_FILTER)
        return files

    def add_photos(self) -> None:
        issue_id = self.selected_id()
        files = self.choose_photo_files() if issue_id is not None else []
        if not files:
            return
        try:
            with self.ctx.session() as session:
                for path in files:
                    vendor_issues.attach_photo(session, issue_id, Path(path))
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.tab.changed()


JOB_COLUMNS = (
    TableColumn("开始", lambda r: r[0].start_on, "start"),
    TableColumn("外包方", lambda r: r[1], "company"),
    TableColumn("项目", lambda r: r[0].title),
    TableColumn("跟进人", lambda r: r[0].follower),
    TableColumn("计划完成", lambda r: r[0].end_on),
    TableColumn("发现问题", lambda r: r[2], align_right=True),
    TableColumn("已整改", lambda r: r[3], align_right=True),
    TableColumn("验收", lambda r: f"{r[0].accepted_on:%Y-%m-%d} {r[0].acceptance_result}" if r[0].accepted_on
                else "待验收"),
    TableColumn("验收意见", lambda r: r[0].acceptance_remark),
)


class JobsPage(QWidget):
    def __init__(self, ctx, tab):
        super().__init__()
        self.ctx, self.tab = ctx, tab
        self.source = ListSource(self._rows, {"start": lambda r: r[0].start_on, "company": lambda r: r[1]})
        self.model = list_model(JOB_COLUMNS, self.source, self, ("start", True))
        self.table = make_table(self.model)
        actions, self.buttons = buttons_row(self, (("新建一次性外包", self.new_job), ("发现问题", self.raise_issue),
                                                   ("验收", self.accept)))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("外墙清洗、管道疏通等一次性外包：派专人跟进，发现问题让其立即整改，完工验收。"))
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

    def _rows(self):
        with self.ctx.session() as session:
            rows = vendors.list_jobs(session)
            for job, *_rest in rows:
                session.expunge(job)
            return rows

    def load(self) -> None:
        self.model.refresh()

    def _selected(self):
        row = selected_row(self.table)
        if row is None:
            messages.info(self, "请先在列表中选中一项一次性外包。")
        return row

    def new_job(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import JobDialog

        if JobDialog(self.ctx, self).exec():
            self.tab.changed()

    def raise_issue(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import IssueDialog

        row = self._selected()
        if row and IssueDialog(self.ctx, row[0].vendor_id, job_id=row[0].id, parent=self).exec():
            self.tab.changed()

    def accept(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import AcceptDialog

        row = self._selected()
        if row and AcceptDialog(self.ctx, row[0].id, self).exec():
            self.tab.changed()


SCORE_COLUMNS = (
    TableColumn("外包方", lambda c: c.company, "company"),
    TableColumn("服务", lambda c: c.service),
    TableColumn("发现问题", lambda c: c.raised, "raised", align_right=True),
    TableColumn("已整改", lambda c: c.fixed, align_right=True),
    TableColumn("按时整改", lambda c: c.fixed_on_time, align_right=True),
    TableColumn("按时整改率", lambda c: "—" if c.on_time_rate is None else f"{c.on_time_rate * 100:.1f}%",
                "rate", align_right=True),
    TableColumn("逾期", lambda c: c.overdue, "overdue", align_right=True),
    TableColumn("结转", lambda c: c.carried, align_right=True),
    TableColumn("关联投诉", lambda c: c.complaints, "complaints", align_right=True),
)


class ScorePage(QWidget):
    """月度考评: per vendor, the month's problems — what the supervisor takes to the contract review."""

    def __init__(self, ctx, tab):
        super().__init__()
        self.ctx, self.tab = ctx, tab
        # In the month's first days the review is of the month just ended.
        shown = clock.today().replace(day=1) - timedelta(days=1) if clock.today().day <= 10 else clock.today()
        self.month = DateEdit(QDate(shown.year, shown.month, 1))
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(True)
        self.month.dateChanged.connect(lambda _d: self.load())
        self.source = ListSource(self._rows, {"company": lambda c: c.company, "raised": lambda c: c.raised,
                                              "rate": lambda c: c.on_time_rate, "overdue": lambda c: c.overdue,
                                              "complaints": lambda c: c.complaints})
        self.model = list_model(SCORE_COLUMNS, self.source, self, ("company", False))
        self.table = make_table(self.model, 0, descending=False)
        top = QHBoxLayout()
        top.addWidget(QLabel("月份"))
        top.addWidget(self.month)
        top.addWidget(QLabel("按时整改：限期内首次复查即已整改；逾期：结转过、超期整改或过期未复查。"), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def _rows(self):
        first, last = month_bounds(self.month.date().toString("yyyy-MM"))
        with self.ctx.session() as session:
            return vendor_issues.scorecard(session, first, last)

    def load(self) -> None:
        self.model.refresh()


VENDOR_COLUMNS = (
    TableColumn("公司名称", lambda r: r.company, "company"),
    TableColumn("服务内容", lambda r: r.service, "service"),
    TableColumn("合同开始", lambda r: r.contract_start),
    TableColumn("合同结束", lambda r: r.contract_end, "end"),
    TableColumn("负责人", lambda r: r.contact),
    TableColumn("电话", lambda r: r.phone),
    TableColumn("状态", lambda r: "在用" if r.active else "停用"),
    TableColumn("未关闭问题", lambda r: r.open_issues, "open", align_right=True),
)


class VendorListPage(QWidget):
    def __init__(self, ctx, tab):
        super().__init__()
        self.ctx, self.tab = ctx, tab
        self.source = ListSource(self._rows, {"company": lambda r: r.company, "service": lambda r: r.service,
                                              "end": lambda r: r.contract_end, "open": lambda r: r.open_issues})
        self.model = list_model(VENDOR_COLUMNS, self.source, self)
        self.table = make_table(self.model, 0, descending=False)
        self.table.activated.connect(lambda _i: self.edit_vendor())
        actions, self.buttons = buttons_row(self, (("登记外包方", self.add_vendor), ("修改", self.edit_vendor)))
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

    def _rows(self):
        with self.ctx.session() as session:
            return vendors.list_vendors(session)

    def load(self) -> None:
        self.model.refresh()

    def add_vendor(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import VendorDialog

        if VendorDialog(self.ctx, parent=self).exec():
            self.tab.changed()

    def edit_vendor(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import VendorDialog

        row = selected_row(self.table)
        if row is None:
            messages.info(self, "请先在列表中选中一个外包方。")
        elif VendorDialog(self.ctx, row.id, self).exec():
            self.tab.changed()
