"""报修维修: the order list with filters, a new order, today's 回访, overdue per technician, 返修."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.repairs import SCOPES, STATES
from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import clock, repair_lists, repair_visits, repairs, settings, staff, units
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.table_model import LazyTableModel, TableColumn, list_model
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.building_filter import apply_on_change, fill_building_combo
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.pages import Pages
from frontdesk.ui.widgets.repair_form import RepairForm
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.step_box import unchosen
from frontdesk.ui.widgets.tables import record_table

ORDER_COLUMNS = (
    TableColumn("单号", lambda r: r.number, "number"),
    TableColumn("报修时间", lambda r: r.reported_at, "reported_at"),
    TableColumn("范围", lambda r: r.scope, "scope"),
    TableColumn("房号/位置", lambda r: r.place),
    TableColumn("报修人", lambda r: r.reporter),
    TableColumn("专业", lambda r: r.trade, "trade"),
    TableColumn("紧急", lambda r: r.urgency, "urgency"),
    TableColumn("状态", lambda r: r.state, "state"),
    TableColumn("师傅", lambda r: r.technician),
    TableColumn("时限", lambda r: r.due_at, "due_at"),
    TableColumn("保修", lambda r: r.warranty),
    TableColumn("返修", lambda r: r.repeat_of),
    TableColumn("满意度", lambda r: r.satisfaction),
    TableColumn("报修内容", lambda r: r.description),
)
VISIT_COLUMNS = (
    TableColumn("应回访", lambda r: r.due_date),
    TableColumn("单号", lambda r: r.number),
    TableColumn("房号/位置", lambda r: r.place),
    TableColumn("报修人", lambda r: r.reporter),
    TableColumn("电话", lambda r: r.phone),
    TableColumn("专业", lambda r: r.trade),
    TableColumn("师傅", lambda r: r.technician),
    TableColumn("完工", lambda r: r.finished_at),
    TableColumn("已打", lambda r: r.attempts, align_right=True),
    TableColumn("报修内容", lambda r: r.description),
)
LOAD_COLUMNS = (
    TableColumn("维修工", lambda r: r.technician),
    TableColumn("未完成", lambda r: r.open_orders, align_right=True),
    TableColumn("已超时", lambda r: r.overdue_orders, align_right=True),
)


ORDER_WIDTHS = (118, 122, 44, 146, 64, 64, 44, 60, 60, 122, 84, 96, 60)




def preview_work_orders(parent: QWidget, ctx: AppContext, numbers: list[str]) -> None:
    """Print preview of the 派工单 PDF (the same file `frontdesk workorder pdf` writes)."""
    from frontdesk.reports.pdf.work_order import write_work_orders
    from frontdesk.ui.widgets.pdf_preview import open_preview

    two = messages.confirm(parent, "每页打印两联（维修联 + 存根联）？选“否”则每页一联。")
    out = Path(tempfile.mkdtemp(prefix="frontdesk-")) / "派工单.pdf"
    try:
        with ctx.session() as session:
            write_work_orders(session, numbers, out, "A4", two_copies=two)
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return
    parent.preview = open_preview(parent, out, f"派工单 {numbers[0]}")


class RepairsTab(QWidget):
    title = "报修维修"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter = repair_lists.RepairFilter()
        self.alert = QLabel()
        self.alert.setObjectName("repairAlert")
        self.alert.setStyleSheet("color: white; background: #c62828; padding: 3px; font-weight: bold;")
        self.alert.hide()
        self.views = Pages(fresh_on_show=True)
        self.list_page = self._build_list()
        self.views.add_page(self.list_page, "报修单", lambda: None)  # filled by apply_filter
        self.form = RepairForm(ctx)
        self.form.submit_requested.connect(self.save_order)
        self.views.add_page(self.form, "新建报修", lambda: None)  # filled by load
        self.views.add_page(self._build_visits(), "回访", self.load_visits)
        self.views.add_page(self._build_overdue(), "超时", self.load_overdue)
        self.views.add_page(self._build_repeats(), "返修", self.load_repeats)
        layout = QVBoxLayout(self)
        layout.addWidget(self.alert)
        layout.addWidget(self.views)
        ctx.events.changed.connect(self._on_changed)

    # ---- building -------------------------------------------------------------------

    def _build_list(self) -> QWidget:
        self.f_state, self.f_scope, self.f_trade = QComboBox(), QComboBox(), QComboBox()
        self.f_state.addItems(["全部状态", "未完成", "已超时", *STATES])
        self.f_scope.addItems(["全部范围", *SCOPES])
        self.f_tech, self.f_building = QComboBox(), QComboBox()
        self.date_from, self.date_to = DateEdit(), DateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.use_dates = QCheckBox("按日期")
        # The dates count only with 按日期 ticked: until then they are no Tab stop (a number typed for the
        # search box went into 到 and changed it).
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(False)
            self.use_dates.toggled.connect(edit.setEnabled)
        self.search = QLineEdit()
        self.search.setPlaceholderText("单号、内容、位置、报修人")
        self.search.returnPressed.connect(self.apply_filter)
        # ↓ from the search into the orders it found, a row chosen (as in 房屋档案).
        QShortcut(QKeySequence(Qt.Key_Down), self.search, activated=self._to_orders, context=Qt.WidgetShortcut)
        bar = QHBoxLayout()
        for label, widget in (("", self.f_state), ("", self.f_scope), ("", self.f_trade), ("", self.f_tech),
                              ("", self.f_building), ("", self.use_dates), ("", self.date_from), ("到", self.date_to),
                              ("", self.search)):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        for text, slot in (("查询", self.apply_filter), ("打开", self.open_selected), ("打印派工单", self.print_selected),
                           ("导出 Excel", self.export)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        self.model = LazyTableModel(ORDER_COLUMNS, self._count, self._fetch, default_sort=("reported_at", True),
                                    is_alert=lambda r: r.overdue, parent=self)
        self.table = record_table(self.model, name="repairTable", sort=(1, Qt.DescendingOrder), widths=ORDER_WIDTHS)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.count_label = QLabel()
        self._filters_changed = apply_on_change(
            self, self.apply_filter, dates=(self.date_from, self.date_to), checks=(self.use_dates,),
            combos=(self.f_state, self.f_scope, self.f_trade, self.f_tech, self.f_building))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)
        return page

    def _build_visits(self) -> QWidget:
        self.visit_rows: list[repair_visits.VisitRow] = []
        self.visit_model = list_model(VISIT_COLUMNS, lambda: self.visit_rows, lambda r: r.late, self)
        self.visit_table = record_table(self.visit_model, name="visitTable")
        for column, width in enumerate((92, 118, 160, 70, 100, 50, 60, 122, 44)):
            self.visit_table.horizontalHeader().resizeSection(column, width)
        self.visit_label = QLabel()
        self.visit_result = QComboBox()
        self.visit_result.addItems(list(repair_visits.RESULTS))
        unchosen(self.visit_result, "请选择回访结果")
        self.visit_remark = QLineEdit()
        self.visit_remark.setPlaceholderText("业主意见（不满意时必填）")
        self.visit_remark.returnPressed.connect(self.record_visit)  # Enter after the opinion records it
        record = QPushButton("登记回访")
        record.clicked.connect(self.record_visit)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("回访结果"))
        bar.addWidget(self.visit_result)
        bar.addWidget(self.visit_remark, 1)
        bar.addWidget(record)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.visit_label)
        layout.addWidget(self.visit_table)
        layout.addLayout(bar)
        return page

    def _build_overdue(self) -> QWidget:
        self.loads: list[repair_lists.TechnicianLoad] = []
        self.overdue_rows: list[repair_lists.RepairRow] = []
        self.load_model = list_model(LOAD_COLUMNS, lambda: self.loads, lambda r: r.overdue_orders > 0, self)
        self.load_table = record_table(self.load_model, name="loadTable")
        self.load_table.setMaximumHeight(140)
        self.load_table.clicked.connect(lambda _i: self.load_overdue())
        self.overdue_model = list_model(ORDER_COLUMNS, lambda: self.overdue_rows, lambda r: r.overdue, self)
        self.overdue_table = record_table(self.overdue_model, name="overdueTable", widths=ORDER_WIDTHS)
        self.overdue_table.activated.connect(lambda i: self.open_order(self.overdue_rows[i.row()].id))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("各维修工未完成和超时的报修单（点一行只看这位师傅的超时单）"))
        layout.addWidget(self.load_table)
        layout.addWidget(self.overdue_table)
        return page

    def _build_repeats(self) -> QWidget:
        self.repeat_rows: list[repair_lists.RepairRow] = []
        self.repeat_model = list_model(ORDER_COLUMNS, lambda: self.repeat_rows, parent=self)
        self.repeat_table = record_table(self.repeat_model, name="repeatTable", widths=ORDER_WIDTHS)
        self.repeat_table.activated.connect(lambda i: self.open_order(self.repeat_rows[i.row()].id))
        self.repeat_label = QLabel()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.repeat_label)
        layout.addWidget(self.repeat_table)
        return page

    # ---- loading --------------------------------------------------------------------

    def reset_for_new_user(self) -> None:
        """Nothing of the previous person: the new-order form, the 回访 answer, and the list's filters
        and search as a new desk opens them (the list reads them again when next shown)."""
        self.form.clear()
        self.discard_input()
        for combo in (self.f_state, self.f_scope, self.f_trade, self.f_tech, self.f_building):
            combo.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        today = QDate(clock.today())
        self.date_from.setDate(today.addMonths(-1))
        self.date_to.setDate(today)
        self.search.clear()
        self.filter = repair_lists.RepairFilter()
        self.load_table.clearSelection()
        self.table.scrollToTop()

    def first_field(self) -> QWidget | None:
        """Ctrl+2 on 报修单: the search (a number, a name, a word, then Enter; ↓ into the list)."""
        return self.search if self.views.currentWidget() is self.list_page else None

    def _to_orders(self) -> None:
        self.table.setFocus(Qt.OtherFocusReason)

    def has_unsaved_input(self) -> bool:
        """A 回访 answer chosen or an owner's opinion typed, not yet recorded (新建报修 answers for itself)."""
        return self.visit_result.currentIndex() >= 0 or bool(self.visit_remark.text().strip())

    def discard_input(self) -> None:
        self.visit_remark.clear()
        self.visit_result.setCurrentIndex(-1)  # an answer nobody gave must never be recorded

    def load(self) -> None:
        with self.ctx.session() as session:
            trades = settings.lookup_values(session, "repair_trade")
            techs = staff.active_staff(session, ("维修工",))
            tree = units.building_tree(session)
        self.f_trade.clear()
        self.f_trade.addItems(["全部专业", *trades])
        self.f_tech.clear()
        self.f_tech.addItem("全部师傅", None)
        for tech in techs:
            self.f_tech.addItem(tech.name, tech.id)
        fill_building_combo(self.f_building, tree, with_phases=False)
        today = QDate(clock.today())
        self.date_from.setDate(today.addMonths(-1))
        self.date_to.setDate(today)
        self.form.load()
        self.apply_filter()
        self.refresh_alert()
        self.views.load_current()

    def apply_filter(self) -> None:
        self._filters_changed.stop()
        state = self.f_state.currentText()
        phase, building = self.f_building.currentData() or (None, None)
        dated = self.use_dates.isChecked()
        self.filter = repair_lists.RepairFilter(
            state=state if self.f_state.currentIndex() > 2 else "", open_only=state == "未完成",
            overdue_only=state == "已超时", scope=self.f_scope.currentText() if self.f_scope.currentIndex() else "",
            trade=self.f_trade.currentText() if self.f_trade.currentIndex() > 0 else "",
            technician_id=self.f_tech.currentData(), phase=phase, building=building,
            date_from=self.date_from.date().toPython() if dated else None,
            date_to=self.date_to.date().toPython() if dated else None, text=self.search.text(),
        )
        self.model.refresh()
        self.count_label.setText(f"共 {self.model.total} 张（超时的红色显示，双击打开）")

    def show_matching(self, words: str) -> None:
        """报修单 of every state, trade and date whose number, description, place or reporter hold the
        words (the list behind a cut group of the global search)."""
        self.views.show_page("报修单")
        for combo in (self.f_state, self.f_scope, self.f_trade, self.f_tech, self.f_building):
            combo.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        self.search.setText(words)
        self.apply_filter()
        self.table.setFocus()

    def _count(self) -> int:
        with self.ctx.session() as session:
            return repair_lists.count_orders(session, self.filter)

    def _fetch(self, offset: int, limit: int, sort: str | None, descending: bool):
        with self.ctx.session() as session:
            return repair_lists.list_orders(session, self.filter, offset, limit, sort or "reported_at", descending)

    def load_visits(self) -> None:
        with self.ctx.session() as session:
            self.visit_rows = repair_visits.due_visits(session)
            attempts = repair_visits.max_attempts(session)
        self.visit_model.refresh()
        late = sum(1 for r in self.visit_rows if r.late)
        self.visit_label.setText(f"今天要回访 {len(self.visit_rows)} 户，其中前几天遗留 {late} 户（红色）；"
                                 f"无法联系的次日再打，{attempts} 次后关闭")

    def load_overdue(self) -> None:
        index = self.load_table.currentIndex()
        chosen = self.loads[index.row()] if index.isValid() and index.row() < len(self.loads) else None
        with self.ctx.session() as session:
            self.loads = repair_lists.overdue_by_technician(session)
            filt = repair_lists.RepairFilter(overdue_only=True)
            if chosen is not None and chosen.technician_id:
                filt.technician_id = chosen.technician_id
            self.overdue_rows = repair_lists.list_orders(session, filt, limit=1000, sort="due_at", descending=False)
        self.load_model.refresh()
        self.overdue_model.refresh()

    def load_repeats(self) -> None:
        with self.ctx.session() as session:
            filt = repair_lists.RepairFilter(repeat_only=True, date_from=clock.today().replace(day=1))
            self.repeat_rows = repair_lists.list_orders(session, filt, limit=2000)
        self.repeat_model.refresh()
        self.repeat_label.setText(f"本月返修（同一房屋或位置、同一专业 30 天内再次报修）：{len(self.repeat_rows)} 张")

    def refresh_alert(self) -> None:
        with self.ctx.session() as session:
            alerts = repair_lists.my_alerts(session, self.ctx.user.id)
        self.alert.setVisible(bool(alerts))
        self.alert.setText(f"{self.ctx.user.name}：您受理的 {len(alerts)} 张报修单回访不满意，已重新打开："
                           + "、".join(a.number for a in alerts[:5])
                           + ("等" if len(alerts) > 5 else ""))  # the count is said before the numbers

    def _on_changed(self, what: Topic) -> None:
        if what in (Topic.REPAIRS, Topic.CONTACTS, Topic.USER):
            self.apply_filter()
            self.refresh_alert()
            self.views.mark_stale()

    # ---- actions --------------------------------------------------------------------

    def save_order(self) -> None:
        data = self.form.form_input()
        try:
            with self.ctx.session() as session:
                saved = repairs.create_order(session, data, self.ctx.user.id)
        except ValidationError as exc:
            leftover = self.form.errors.show(exc.errors)
            if leftover:
                messages.warning(self, "\n".join(leftover))
            return
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.form.clear()
        note = f"\n注意：这是返修单，前单 {saved.repeat_of}。" if saved.repeat_of else ""
        messages.info(self, f"报修单 {saved.number} 已保存，请派工。{note}")
        self.ctx.events.changed.emit(Topic.REPAIRS)

    def selected_row(self):
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount() == 1:  # a search that found one order: that one
            return self.model.row_object(0)
        return self.model.row_object(index.row()) if index.isValid() else None

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            messages.info(self, "请先在列表中选中一张报修单")
            return
        self.open_order(row.id)

    def open_order(self, order_id: int) -> None:
        from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

        RepairOrderDialog(self.ctx, order_id, self).exec()

    def print_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            messages.info(self, "请先在列表中选中要打印的报修单")
            return
        preview_work_orders(self, self.ctx, [row.number])

    def record_visit(self) -> None:
        index = self.visit_table.currentIndex()
        if not index.isValid():
            messages.info(self, "请先在列表中选中要登记的回访")
            return
        row = self.visit_rows[index.row()]
        result, remark = self.visit_result.currentText(), self.visit_remark.text()
        try:
            with self.ctx.session() as session:
                state = repair_visits.record(session, row.order_id, result, remark, self.ctx.user.name)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.visit_remark.clear()
        self.visit_result.setCurrentIndex(-1)
        if result == "不满意":
            messages.info(self, f"业主不满意，报修单 {row.number} 已重新打开（{state}），已提醒受理人。")
        tried_again = result == repair_visits.UNREACHABLE and state != repair_visits.CLOSED
        note = f"报修单{state}" + ("，未接通，下个工作日再打" if tried_again else "")
        self.ctx.events.saved.emit(Saved(f"回访 {row.place} {row.reporter} {result}", f"报修单 {row.number}",
                                         f"repair:{row.number}", note))
        self.ctx.events.changed.emit(Topic.REPAIRS)

    def export(self) -> None:
        from frontdesk.services.exports import repairs_ledger

        path, _ = file_dialogs.get_save_file_name(self, "导出报修单", f"报修单-{clock.today():%Y%m%d}.xlsx",
                                              "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(Path(path), repairs_ledger)

    def export_to(self, path: Path, exporter) -> None:
        filt, open_session = self.filter, self.ctx.session_opener(read_only=True)

        def work(progress):
            with open_session() as session:
                return exporter(session, filt, path, progress=progress)

        self._task = run_task(self, "正在导出报修单…", work,
                              lambda count: messages.info(self, f"已导出 {count} 张报修单到 {path}"),
                              lambda message: messages.warning(self, message))
