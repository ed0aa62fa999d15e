"""外包方: the monthly meetings (月会) and their problems, the re-checks, one-off jobs, the monthly scorecard
and the register. A supervisor runs a month's 月会 from here: hold it, add the problems, print the minutes
and the 整改通知单, re-check on the deadlines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from frontdesk.services import vendor_documents, vendor_issues, vendors
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.table_model import TableColumn
from frontdesk.ui.tabs.vendor_common import (
    SUPERVISOR_ROLES,
    ListSource,
    list_model,
    make_table,
    preview_pdf,
    selected_row,
)
from frontdesk.ui.tabs.vendor_pages import (
    ISSUE_COLUMNS,
    ISSUE_TEXT_COLUMN,
    IssuesPage,
    JobsPage,
    ScorePage,
    VendorListPage,
    buttons_row,
)
from frontdesk.ui.widgets.pages import install_page_keys

MEETING_COLUMNS = (
    TableColumn("会议日期", lambda r: r.held_on, "held_on"),
    TableColumn("外包方", lambda r: r.company, "company"),
    TableColumn("问题", lambda r: r.items, align_right=True),
    TableColumn("其中结转", lambda r: r.carried, align_right=True),
    TableColumn("参会人员", lambda r: r.attendees),
)


class MeetingsPage(QWidget):
    def __init__(self, ctx: AppContext, tab):
        super().__init__()
        self.ctx, self.tab = ctx, tab
        self.preview_dialog = self.task = self.last_pdf = None
        self.vendor_combo = QComboBox()
        self.vendor_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.source = ListSource(self._meetings, {"held_on": lambda r: r.held_on, "company": lambda r: r.company})
        self.model = list_model(MEETING_COLUMNS, self.source, self, ("held_on", True))
        self.table = make_table(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_agenda())
        self.agenda_source = ListSource(self._agenda, {})
        self.agenda_model = list_model(ISSUE_COLUMNS, self.agenda_source, self, is_alert=lambda r: r.overdue)
        self.agenda = make_table(self.agenda_model, stretch=ISSUE_TEXT_COLUMN)
        self.agenda.setSortingEnabled(False)
        self.agenda.setColumnHidden(1, True)  # the meeting's vendor, shown in the line above
        self.agenda_label = QLabel()
        actions, self.buttons = buttons_row(self, (
            ("召开月会(&M)", self.hold_meeting), ("添加问题(&A)", self.add_item), ("复查", self.recheck),
            ("打印月会纪要(&P)", self.print_minutes), ("整改通知单", self.print_rectification)))
        self.buttons["召开月会"].setVisible(ctx.user.role in SUPERVISOR_ROLES)
        top = QVBoxLayout()
        filters = QWidget()
        row = QVBoxLayout(filters)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.vendor_combo)
        row.addWidget(self.table)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.agenda_label)
        below_layout.addWidget(self.agenda)
        # The meetings above their agenda, each the window's whole width: side by side at 1366 px
        # both lists lost their text columns.
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(filters)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        top.addLayout(actions)
        top.addWidget(splitter, 1)
        self.setLayout(top)

    def _meetings(self):
        with self.ctx.session() as session:
            return vendors.list_meetings(session, self.vendor_combo.currentData())

    def _agenda(self):
        meeting = selected_row(self.table)
        if meeting is None:
            return []
        with self.ctx.session() as session:
            return vendor_issues.agenda(session, meeting.id)

    def load(self) -> None:
        with self.ctx.session() as session:
            rows = vendors.list_vendors(session)
        current = self.vendor_combo.currentData()
        self.vendor_combo.blockSignals(True)
        self.vendor_combo.clear()
        self.vendor_combo.addItem("全部外包方", None)
        for row in rows:
            self.vendor_combo.addItem(f"{row.company}（{row.service}）", row.id)
            if row.id == current:
                self.vendor_combo.setCurrentIndex(self.vendor_combo.count() - 1)
        self.vendor_combo.blockSignals(False)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        selected = select_id or getattr(selected_row(self.table), "id", None)
        self.model.refresh()
        rows = self.model.loaded_rows()
        index = next((i for i, row in enumerate(rows) if row.id == selected), 0 if rows else None)
        if index is not None:  # the newest meeting's agenda shows without a click
            self.table.selectRow(index)
        self.show_agenda()

    def show_agenda(self) -> None:
        meeting = selected_row(self.table)
        self.agenda_model.refresh()
        if meeting is None:
            self.agenda_label.setText("选中左侧一次月会，这里列出它提出和结转的问题。")
        else:
            self.agenda_label.setText(f"{meeting.company} {meeting.held_on:%Y-%m-%d} 月会：共 {meeting.items} 项，"
                                      f"结转 {meeting.carried} 项")

    def _meeting(self):
        meeting = selected_row(self.table)
        if meeting is None:
            messages.info(self, "请先在列表中选中一次月会。")
        return meeting

    def hold_meeting(self) -> int | None:
        from frontdesk.ui.dialogs.vendor_dialogs import MeetingDialog

        dialog = MeetingDialog(self.ctx, self.vendor_combo.currentData(), self)
        if dialog.exec():
            self.tab.changed(meeting_id=dialog.result_value)
            return dialog.result_value
        return None

    def add_item(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import IssueDialog

        meeting = self._meeting()
        if meeting and IssueDialog(self.ctx, meeting.vendor_id, meeting_id=meeting.id, parent=self).exec():
            self.tab.changed(meeting_id=meeting.id)

    def recheck(self) -> None:
        from frontdesk.ui.dialogs.vendor_dialogs import RecheckDialog

        item = selected_row(self.agenda)
        if item is None:
            messages.info(self, "请先在右侧的问题列表中选中要复查的问题。")
        elif RecheckDialog(self.ctx, item.id, self).exec():
            self.tab.changed(meeting_id=getattr(selected_row(self.table), "id", None))

    def print_minutes(self) -> None:
        from frontdesk.reports.pdf.vendor_minutes import render_minutes

        meeting = self._meeting()
        if meeting:
            preview_pdf(self, "月会纪要", lambda s, out: render_minutes(
                vendor_documents.minutes_document(s, meeting.id), out), f"月会纪要-{meeting.held_on:%Y%m}")

    def print_rectification(self) -> None:
        from frontdesk.reports.pdf.vendor_minutes import render_rectification

        meeting = self._meeting()
        if meeting:
            preview_pdf(self, "整改通知单", lambda s, out: render_rectification(
                vendor_documents.rectification_document(s, meeting.id), out), f"整改通知单-{meeting.held_on:%Y%m}")


class VendorsTab(QWidget):
    title = "外包方"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.meetings = MeetingsPage(ctx, self)
        self.issues = IssuesPage(ctx, self)
        self.jobs = JobsPage(ctx, self)
        self.score = ScorePage(ctx, self)
        self.register = VendorListPage(ctx, self)
        self.pages = QTabWidget()
        for page, label in ((self.meetings, "月会"), (self.issues, "整改跟踪"), (self.jobs, "一次性外包"),
                            (self.score, "月度考评"), (self.register, "外包方名录")):
            self.pages.addTab(page, label)
        self._loaded: set[int] = set()
        self.pages.currentChanged.connect(self._load_page)
        install_page_keys(self.pages)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        ctx.events.changed.connect(self._on_changed)

    def load(self) -> None:
        self._loaded.clear()
        self._load_page(self.pages.currentIndex())

    def reset_for_new_user(self) -> None:
        """切换用户: the search typed by the last person goes; the supervisor's buttons follow the new role."""
        self.issues.search.clear()
        self.meetings.buttons["召开月会"].setVisible(self.ctx.user.role in SUPERVISOR_ROLES)
        self._loaded.clear()

    def _load_page(self, index: int) -> None:
        if index not in self._loaded:
            self._loaded.add(index)
            self.pages.widget(index).load()

    def changed(self, meeting_id: int | None = None) -> None:
        """Something was saved: every page reloads when next shown; the current one now."""
        self.ctx.events.changed.emit(Topic.VENDORS)
        if meeting_id is not None:
            self.meetings.reload(meeting_id)

    def _on_changed(self, what: Topic) -> None:
        if what is Topic.VENDORS:
            self._loaded.clear()
            self._load_page(self.pages.currentIndex())

    def show_page(self, label: str) -> QWidget:
        for index in range(self.pages.count()):
            if self.pages.tabText(index) == label:
                self.pages.setCurrentIndex(index)
                self._load_page(index)
                return self.pages.widget(index)
        raise KeyError(label)
