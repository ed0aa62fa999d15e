"""房屋档案: the phase/building tree, the units of the selection, search, add and edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError
from frontdesk.services import units
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.dialogs.unit_dialog import UnitDialog
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.widgets.tables import fit_columns, record_table

COLUMNS = (
    TableColumn("房号", lambda r: r.code, "code"),
    TableColumn("建筑面积（㎡）", lambda r: r.area, "area", align_right=True),
    TableColumn("收房状态", lambda r: r.handover_state, "handover_state"),
    TableColumn("收房日期", lambda r: r.handover_date, "handover_date"),
    TableColumn("业主/住户", lambda r: r.owners),
    TableColumn("电话", lambda r: r.phones),
)


class UnitsTab(QWidget):
    title = "房屋档案"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter = units.UnitFilter()

        self.tree = QTreeWidget()
        self.tree.setHeaderLabel("期 / 楼栋")
        self.tree.itemSelectionChanged.connect(self._on_tree_selection)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("unitSearch")
        self.search_edit.setPlaceholderText("搜索：房号、业主姓名、拼音首字母或电话")
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        # Enter or ↓ in the search goes to the units found (the first one chosen), ready for Enter to edit.
        self.search_edit.returnPressed.connect(self._to_results)
        QShortcut(QKeySequence(Qt.Key_Down), self.search_edit, activated=self._to_results,
                  context=Qt.WidgetShortcut)

        self.add_button = QPushButton("新建房屋")
        self.add_button.clicked.connect(self.add_unit)
        self.edit_button = QPushButton("编辑")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(self.delete_selected)
        self.count_label = QLabel()

        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, default_sort=("code", False), parent=self)
        self.table = record_table(self.model, stretch=4, sort=(0, Qt.AscendingOrder), on_open=self.edit_selected)

        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.table)
        right_layout.addWidget(self.count_label)

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        ctx.events.changed.connect(self._on_data_changed)

    # ---- data -----------------------------------------------------------------------

    def _count(self) -> int:
        with self.ctx.session() as session:
            return units.count_units(session, self.filter)

    def _fetch(self, offset: int, limit: int, sort: str | None, descending: bool):
        with self.ctx.session() as session:
            return units.list_units(session, self.filter, offset, limit, sort or "code", descending)

    def reset_for_new_user(self) -> None:
        self.search_edit.clear()  # a unit is edited in a dialog, which closes on 切换用户

    def load(self) -> None:
        self._reload_tree()
        self.reload_units()

    def first_field(self) -> QWidget:
        """Ctrl+0: the search, so a name, room or phone can be typed at once."""
        return self.search_edit

    def _to_results(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._apply_search()
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def reload_units(self) -> None:
        # The unit chosen stays chosen (after its dialog saved it, the next Enter edits the same unit).
        chosen = self.selected_unit_id()
        self.model.refresh()
        fit_columns(self.table, stretch=4)  # phones shown whole; 业主/住户 takes the rest
        self.count_label.setText(f"共 {self.model.total} 套")
        if chosen is not None:
            row = next((i for i, unit in enumerate(self.model.loaded_rows()) if unit.id == chosen), None)
            if row is not None:
                self.table.selectRow(row)
            else:
                self.table.clearSelection()

    def _reload_tree(self) -> None:
        with self.ctx.session() as session:
            tree = units.building_tree(session)
        self.tree.blockSignals(True)
        self.tree.clear()
        all_item = QTreeWidgetItem(["全部房屋"])
        all_item.setData(0, Qt.UserRole, (None, None))
        self.tree.addTopLevelItem(all_item)
        phases: dict[int, QTreeWidgetItem] = {}
        for phase, building, count in tree:
            if phase not in phases:
                phases[phase] = QTreeWidgetItem(all_item, [f"{phase}期"])
                phases[phase].setData(0, Qt.UserRole, (phase, None))
            item = QTreeWidgetItem(phases[phase], [f"{building}栋（{count}套）"])
            item.setData(0, Qt.UserRole, (phase, building))
        all_item.setExpanded(True)
        self.tree.blockSignals(False)

    def _on_tree_selection(self) -> None:
        items = self.tree.selectedItems()
        phase, building = items[0].data(0, Qt.UserRole) if items else (None, None)
        self.filter.phase, self.filter.building = phase, building
        self.reload_units()

    def show_matching(self, words: str) -> None:
        """Every unit the words find (in all phases and buildings), at once: the list behind a cut
        group of the global search, which matches them the same way."""
        self.search_edit.setText(words)
        self._search_timer.stop()
        self.filter.query = words
        everything = self.tree.topLevelItem(0)
        if everything is None or self.tree.selectedItems() == [everything]:
            self.reload_units()
        else:
            self.tree.setCurrentItem(everything)  # selected: the list reloads for all phases and buildings
        self.table.setFocus()

    def _apply_search(self) -> None:
        self.filter.query = self.search_edit.text()
        self.reload_units()

    def _on_data_changed(self, what: Topic) -> None:
        if what is Topic.UNITS:
            self.load()

    # ---- actions --------------------------------------------------------------------

    def selected_unit_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_object(rows[0].row()) if rows else None
        return row.id if row else None

    def add_unit(self, preset_code: str = "") -> int | None:
        dialog = UnitDialog(self.ctx, parent=self, preset_code=preset_code)
        dialog.exec()
        return dialog.saved_id

    def edit_selected(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None:
            messages.info(self, "请先在列表中选中一套房屋。")
            return
        UnitDialog(self.ctx, unit_id, parent=self).exec()

    def delete_selected(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None:
            messages.info(self, "请先在列表中选中一套房屋。")
            return
        row = self.model.row_object(self.table.selectionModel().selectedRows()[0].row())
        if not messages.confirm(self, f"确定删除房屋 {row.code} 吗？删除后不能恢复。"):
            return
        try:
            with self.ctx.session() as session:
                units.delete_unit(session, unit_id)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.ctx.events.changed.emit(Topic.UNITS)
