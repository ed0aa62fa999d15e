"""欠费 and 催缴计划: the aged arrears list by phase / building / collector, the unit drill-down,
recording an action, exports (the public one masks names), and assigning buildings to collectors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError
from frontdesk.services import collection_plan, collections, units
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.tabs.collections_pages.action_dialog import ActionDialog
from frontdesk.ui.tabs.collections_pages.common import fill_staff, money
from frontdesk.ui.tabs.collections_pages.ledger_dialog import UnitLedgerDialog
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.building_filter import fill_building_combo
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.tables import fill_table, record_table, simple_table

COLUMNS = (
    TableColumn("房号", lambda r: r.unit_code, "unit_code"),
    TableColumn("业主", lambda r: r.owners),
    TableColumn("电话", lambda r: r.phones),
    TableColumn("欠费合计", lambda r: r.total, "total", align_right=True),
    TableColumn("3个月以内", lambda r: r.within3, "within3", align_right=True),
    TableColumn("3–12个月", lambda r: r.within12, "within12", align_right=True),
    TableColumn("12个月以上", lambda r: r.over12, "over12", align_right=True),
    TableColumn("最早账期", lambda r: r.oldest_period, "oldest_period"),
    TableColumn("收费员", lambda r: r.collector),
    TableColumn("最近催缴", lambda r: f"{r.last_action_on or ''} {r.last_action}".strip()),
    TableColumn("原因", lambda r: r.last_reason),
    TableColumn("承诺缴费", lambda r: r.promise_date),
)
# Narrow figures and codes, so that 最近催缴 (a date and what was done) and 原因 share the spare width
# and read whole at 1366 px.
WIDTHS = (96, 80, 100, 84, 80, 80, 84, 68, 60, 200, 150, 84)
TEXT_COLUMNS = (9, 10)
COLLECTOR_COLUMN = 8
AGES = (("全部欠费", 0), ("欠费超过 3 个月", 3), ("欠费超过 12 个月", 12))


class ArrearsPage(QWidget):
    """With `plan=True` it is the collection plan: one collector's units, the buildings' assignment."""

    pay_requested = Signal(int)  # 收款 for the unit chosen in the list (the tab opens 收款 on it)

    def __init__(self, ctx: AppContext, plan: bool = False, parent=None):
        super().__init__(parent)
        self.ctx, self.plan = ctx, plan
        self.filter = collections.ArrearsFilter()
        self.building = QComboBox()
        self.collector = QComboBox()
        self.age = QComboBox()
        for label, months in AGES:
            self.age.addItem(label, months)
        for combo in (self.building, self.collector, self.age):
            combo.activated.connect(lambda _i: self.apply_filter())
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, default_sort=("total", True),
                                    is_alert=lambda r: r.over12 > 0, parent=self)
        self.table = record_table(self.model, name="planTable" if plan else "arrearsTable", sort=(3, Qt.DescendingOrder),
                                  widths=WIDTHS, stretch=TEXT_COLUMNS[0], on_open=self.open_selected)
        self.table.horizontalHeader().setSectionResizeMode(TEXT_COLUMNS[1], QHeaderView.Stretch)
        if plan:  # one collector's plan: their name on every row would only take 最近催缴's width
            self.table.setColumnHidden(COLLECTOR_COLUMN, True)
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("收费员" if plan else "范围"))
        bar.addWidget(self.collector if plan else self.building)
        if not plan:
            bar.addWidget(self.collector)
        bar.addWidget(self.age)
        bar.addStretch(1)
        for text, slot in (("明细", self.open_selected), ("登记催缴…", self.record_action), ("收款…", self.request_payment),
                           *(() if plan else (("导出 Excel", lambda: self.export(False)),
                                              ("导出公示名单", lambda: self.export(True))))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            if slot == self.record_action:
                button.setToolTip("Alt+R：为列表中选中的一户登记催缴")
            if slot == self.request_payment:
                button.setToolTip("Alt+P：到“收款”页为选中的一户收款（不用再输入房号）")
            bar.addWidget(button)
        # The row chosen with ↑↓ is acted on without leaving the list: Enter opens 明细, Alt+R 登记催缴.
        remind = QShortcut(QKeySequence("Alt+R"), self, activated=self.record_action,
                           context=Qt.WidgetWithChildrenShortcut)
        remind.setObjectName("remindKey")
        QShortcut(QKeySequence("Alt+P"), self, activated=self.request_payment, context=Qt.WidgetWithChildrenShortcut)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addLayout(bar)
        main_layout.addWidget(self.table)
        main_layout.addWidget(self.summary)
        layout = QVBoxLayout(self)
        if plan:
            splitter = QSplitter()
            splitter.addWidget(self._assignment_panel())
            splitter.addWidget(main)
            splitter.setStretchFactor(1, 1)
            splitter.setSizes([280, 1000])
            layout.addWidget(splitter)
        else:
            layout.addWidget(main)
        ctx.events.changed.connect(self._on_changed)

    def _assignment_panel(self) -> QWidget:
        self.assign_table = simple_table(["楼栋", "楼栋助理", "欠费户", "欠费金额"], name="assignments")
        assign = QPushButton("指派收费员…")
        assign.clicked.connect(self.assign_selected)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("楼栋分工（选中楼栋后指派）"))
        layout.addWidget(self.assign_table)
        layout.addWidget(assign)
        return panel

    # ---- data ------------------------------------------------------------------------------

    def load(self) -> None:
        fill_staff(self.ctx, self.collector, ("收费员", "客服主管") if self.plan else ("收费员", "客服主管", "前台客服"),
                   blank=None if self.plan else "全部收费员", prefer_self=self.plan)
        if not self.plan:
            with self.ctx.session() as session:
                tree = units.building_tree(session)
                collecting = collection_plan.assigned_collector_ids(session)
            fill_building_combo(self.building, tree)
            # Only those with buildings to collect in: a receptionist listed here filtered to nothing.
            for index in reversed(range(1, self.collector.count())):
                if self.collector.itemData(index) not in collecting:
                    self.collector.removeItem(index)
        else:
            self.load_assignments()
            with self.ctx.session() as session:
                collecting = collection_plan.assigned_collector_ids(session)
            # The plan opens on the signed-in collector's units; a supervisor, who has no buildings of
            # her own, on the first collector who has (it opened on her: 0 households).
            if self.collector.currentData() not in collecting:
                first = next((i for i in range(self.collector.count()) if self.collector.itemData(i) in collecting),
                             None)
                if first is not None:
                    self.collector.setCurrentIndex(first)
        self.apply_filter()

    def load_assignments(self) -> None:
        with self.ctx.session() as session:
            self.assignments = collection_plan.assignments(session)
        fill_table(self.assign_table, [[f"{a.phase}期{a.building}栋", a.collector or "（未指派）",
                                        str(a.units_in_arrears), money(a.arrears)] for a in self.assignments])

    def apply_filter(self) -> None:
        phase, building = (None, None) if self.plan else (self.building.currentData() or (None, None))
        self.filter = collections.ArrearsFilter(phase=phase, building=building,
                                                collector_id=self.collector.currentData(),
                                                older_than_months=self.age.currentData() or 0)
        self.model.refresh()
        with self.ctx.session() as session:
            totals = collections.arrears_totals(session, self.filter)
        self.summary.setText(
            f"欠费 {totals.units} 户，合计 ¥{money(totals.total)}：3个月以内 ¥{money(totals.within3)}，"
            f"3–12个月 ¥{money(totals.within12)}，12个月以上 ¥{money(totals.over12)}（红色）"
            + ("　按金额从大到小排列，先上门、后电话" if self.plan else ""))

    def _count(self) -> int:
        with self.ctx.session() as session:
            return collections.count_arrears(session, self.filter)

    def _fetch(self, offset: int, limit: int, sort: str | None, descending: bool):
        with self.ctx.session() as session:
            return collections.list_arrears(session, self.filter, offset, limit, sort or "total", descending)

    def _on_changed(self, what: Topic) -> None:
        if what in (Topic.PAYMENTS, Topic.COLLECTION_ACTIONS, Topic.BILLS) and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """The list again with the filters as they are (after a payment, a follow-up or a bill run)."""
        self.apply_filter()
        if self.plan:
            self.load_assignments()

    # ---- actions ---------------------------------------------------------------------------

    def selected_row(self) -> collections.ArrearsRow | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_object(rows[0].row()) if rows else None
        if row is None:
            messages.info(self, "请先在列表中选中一户。")
        return row

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            UnitLedgerDialog(self.ctx, row.unit_id, self).exec()

    def first_field(self) -> QWidget:
        """Alt+digit lands in the list: ↓ chooses a unit there (it changed the first filter, and Alt+R then
        found no unit chosen)."""
        return self.table

    def request_payment(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.pay_requested.emit(row.unit_id)

    def record_action(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        dialog = ActionDialog(self.ctx, row.unit_id, f"{row.unit_code} {row.owners}", self)
        if dialog.exec():
            self.ctx.events.saved.emit(Saved(f"催缴 {row.unit_code} {row.owners} {dialog.method.currentText()}"))
            self.apply_filter()
            self.select_unit(row.unit_id)  # the row stays chosen, showing its new 最近催缴

    def select_unit(self, unit_id: int) -> bool:
        """Choose the unit's row if it is on the loaded page."""
        for number, loaded in enumerate(self.model.loaded_rows()):
            if loaded.unit_id == unit_id:
                self.table.selectRow(number)
                self.table.scrollTo(self.model.index(number, 0))
                return True
        return False

    def assign_selected(self) -> None:
        rows = self.assign_table.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "请先选中一栋楼。")
            return
        target = self.assignments[rows[0].row()]
        names = [self.collector.itemText(i) for i in range(self.collector.count())]
        chosen = messages.ask_item(self, f"{target.phase}期{target.building}栋的楼栋助理：", names)
        if chosen is None:
            return
        try:
            with self.ctx.session() as session:
                collection_plan.assign_collector(session, target.phase, target.building,
                                                 self.collector.itemData(names.index(chosen)))
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.load_assignments()
        self.apply_filter()

    def export(self, public: bool) -> None:
        name = "欠费公示名单.xlsx" if public else "欠费清单.xlsx"
        path, _ = file_dialogs.get_save_file_name(self, "导出", str(Path.home() / name), "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(Path(path), public)

    def export_to(self, path: Path, public: bool):
        from frontdesk.services import exports

        filt, open_session = self.filter, self.ctx.session_opener(read_only=True)

        def work(_progress):
            with open_session() as session:
                return exports.arrears_list(session, filt, path, public=public)

        note = "（姓名已隐去，仅显示姓氏；不含电话）" if public else ""
        return run_task(self, "正在导出欠费清单…", work,
                        on_done=lambda n: messages.info(self, f"已导出 {n} 户到 {path}{note}"),
                        on_error=lambda text: messages.warning(self, text))
