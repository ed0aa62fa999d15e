"""统计报表's lists: the supervisor's lists and the staff table of the period on screen, as tabs below the
cards and charts. They are read in the background when they come into view (scrolled to, the window
made taller, the cursor tabbed into them): a period looked at for its figures does not wait for them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QScrollArea, QTabWidget

from frontdesk.services.stats import records
from frontdesk.services.stats.period import Period
from frontdesk.services.stats.records import RecordTable
from frontdesk.services.stats.report import ScreenLists, screen_lists
from frontdesk.ui.context import AppContext
from frontdesk.ui.dialogs.stats_records_dialog import fill_table, make_table
from frontdesk.ui.tasks import run_quietly

STAFF_TITLE = "员工服务情况"
STAFF_HEADERS = ("员工", "岗位", "来电来访（不含回访）", "其中电话", "应办结", "按时办结", "按时办结率", "有评价回访", "回访满意率")


class ReportListsPane(QTabWidget):
    def __init__(self, ctx: AppContext, scroll: QScrollArea, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setMinimumHeight(300)
        self.staff_table = make_table()
        self.period: Period | None = None  # the period whose lists are wanted (the figures on screen)
        self.shown: ScreenLists | None = None  # what the tables hold
        self.task = None
        self.failure = ""
        self._asked = 0  # one more each time the lists are wanted again: an older read is not shown
        self._read_for = -1  # the `_asked` whose read the tables hold
        self._base_titles: tuple[str, ...] = ()
        self._unfilled: dict[int, RecordTable] = {}  # tables not filled yet, by tab
        self.currentChanged.connect(self._fill_list)
        scroll.verticalScrollBar().valueChanged.connect(self.read_if_in_view)
        scroll.viewport().installEventFilter(self)

    # ---- what is wanted ----------------------------------------------------------------------

    def want(self, period: Period) -> None:
        """The figures of `period` are on screen: its lists are read now if in view, or once they are.
        Another period's rows never stay under this period's figures; the same period's stay until
        the new read replaces them."""
        self._asked += 1
        if self.shown is None or self.shown.period != period:
            self._clear(period)
        self.period = period
        self.read_if_in_view()

    def in_view(self) -> bool:
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def read_if_in_view(self, *_args) -> None:
        if self.period is None or self.task is not None or not self.in_view():
            return
        if self.shown is not None and self.shown.period == self.period and self._read_for == self._asked:
            return
        period, asked = self.period, self._asked
        open_session = self.ctx.session_opener(read_only=True)

        def work(_progress):
            with open_session() as session:
                return screen_lists(session, period)

        def done(lists: ScreenLists) -> None:
            self.task = None
            if asked == self._asked:
                self._read_for = asked
                self._fill(lists)
            else:  # wanted again meanwhile (another period, or the same counted again)
                self.read_if_in_view()

        def failed(message: str) -> None:
            self.task = None
            self.failure = message
            for index, title in enumerate(self._base_titles):
                self.setTabText(index, f"{title}（没有读出，请点“统计”再试）")
                self.setTabToolTip(index, message)

        self.failure = ""
        self.task = run_quietly(self, work, on_error=failed, on_done=done)

    # ---- the tables ----------------------------------------------------------------------------

    def _clear(self, period: Period) -> None:
        self.shown = None
        self._unfilled.clear()
        self._base_titles = (*records.list_titles(period), STAFF_TITLE)
        if self.count() == 0:  # the first period wanted: a table for each list, the staff table last
            for _title in self._base_titles[:-1]:
                self.addTab(make_table(), "")
            self.addTab(self.staff_table, "")
        for index, title in enumerate(self._base_titles):
            self.setTabToolTip(index, "")
            self.setTabText(index, f"{title}（读取中…）")
            table = self.widget(index)
            table.setRowCount(0)

    def _fill(self, lists: ScreenLists) -> None:
        self.shown = lists
        staff_rows = [(f.name, f.role, f.contacts, f.calls, f.matters_due, f.closed_on_time, f.on_time_rate,
                       f.rated_visits, f.satisfaction_rate) for f in lists.staff]
        tables = [*lists.lists, RecordTable(STAFF_TITLE, STAFF_HEADERS, staff_rows, len(staff_rows))]
        self._base_titles = tuple(table.title for table in tables)
        for index in range(self.count()):
            self.setTabToolTip(index, "")
        for index, table in enumerate(lists.lists):
            shown = len(table.rows)
            label = f"（{table.total}）" if shown >= table.total else f"（显示前 {shown} 条，共 {table.total} 条）"
            self.setTabText(index, f"{table.title}{label}")
        self.setTabText(len(tables) - 1, STAFF_TITLE)
        # A table is filled when its tab is first looked at (filling and sizing them all would hold up
        # the screen for the hidden ones).
        self._unfilled = dict(enumerate(tables))
        self._fill_list(self.currentIndex())

    def _fill_list(self, index: int) -> None:
        table = self._unfilled.pop(index, None)
        if table is not None:
            fill_table(self.widget(index), table)

    # ---- coming into view --------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.read_if_in_view()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # the window made taller brings the lists up
            self.read_if_in_view()
        return False
