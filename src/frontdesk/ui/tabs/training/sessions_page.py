"""培训记录: the year's sessions (lazy list), new/edit/delete, materials, Excel export."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import clock
from frontdesk.services.number_format import percent
from frontdesk.services.text import normalize
from frontdesk.services.training import sessions
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.open_file import open_file
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.tabs.training.helpers import number_text
from frontdesk.ui.tabs.training.session_dialog import SessionDialog
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import record_table

COLUMNS = (
    TableColumn("日期", lambda r: r.held_on, "held_on"),
    TableColumn("课程", lambda r: r.courses),
    TableColumn("讲师", lambda r: r.trainer, "trainer"),
    TableColumn("课时", lambda r: number_text(r.hours), "hours", align_right=True),
    TableColumn("地点", lambda r: r.place),
    TableColumn("出勤", lambda r: r.attendance_text),
    TableColumn("笔试合格率", lambda r: percent(r.stats.pass_rate, of_hundred=True), align_right=True),
    TableColumn("平均分", lambda r: number_text(r.stats.average), align_right=True),
    TableColumn("资料", lambda r: f"{r.materials} 份" if r.materials else ""),
)


class MaterialsDialog(QDialog):
    """The files of one session: add (copied into the data directory), open, remove."""

    def __init__(self, ctx: AppContext, session_id: int, parent=None):
        super().__init__(parent)
        self.ctx, self.session_id = ctx, session_id
        self.setWindowTitle("培训资料")
        fit_to_screen(self, 460, 320)
        self.files = QListWidget()
        self.files.itemDoubleClicked.connect(lambda _i: self.open_selected())
        buttons = QHBoxLayout()
        for text, slot in (("添加文件…", self.add_files), ("打开", self.open_selected), ("移除", self.remove_selected)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.files.clear()
        with self.ctx.session() as session:
            for material in sessions.materials_of(session, self.session_id):
                item = QListWidgetItem(f"{material.file_name}（{max(1, material.size // 1024)} KB）")
                item.setData(256, material.id)
                self.files.addItem(item)

    def attach(self, paths: list[str]) -> None:
        try:
            with self.ctx.session() as session:
                for path in paths:
                    sessions.attach_material(session, self.session_id, path)
        except DomainError as exc:
            messages.warning(self, exc.message)
        self.reload()
        self.ctx.events.changed.emit(Topic.TRAINING)

    def add_files(self) -> None:
        paths, _ = file_dialogs.get_open_file_names(self, "选择培训资料")
        if paths:
            self.attach(paths)

    def _selected(self) -> int | None:
        item = self.files.currentItem()
        return item.data(256) if item else None

    def open_selected(self) -> None:
        material_id = self._selected()
        if material_id is None:
            return
        try:
            with self.ctx.session() as session:
                path = sessions.material_path(session, material_id)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        open_file(self, path)

    def remove_selected(self) -> None:
        material_id = self._selected()
        if material_id is not None and messages.confirm(self, "从这次培训中移除这份资料吗？"):
            with self.ctx.session() as session:
                sessions.remove_material(session, material_id)
            self.reload()
            self.ctx.events.changed.emit(Topic.TRAINING)


class SessionsPage(QWidget):
    title = "培训记录"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self.load())
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, default_sort=("held_on", True), parent=self)
        self.table = record_table(self.model, stretch=1)
        self.table.activated.connect(lambda _i: self.edit_selected())
        bar = QHBoxLayout()
        bar.addWidget(self.year)
        for text, slot in (("新建培训", self.add_session), ("编辑", self.edit_selected), ("作废…", self.delete_selected),
                           ("培训资料…", self.open_materials), ("导出 Excel…", self.export)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)

    def _count(self) -> int:
        with self.ctx.session() as session:
            return sessions.count_sessions(session, self.year.value())

    def _fetch(self, offset: int, limit: int, sort, descending: bool):
        with self.ctx.session() as session:
            return sessions.list_sessions(session, self.year.value(), offset, limit, sort or "held_on", descending)

    def load(self) -> None:
        self.model.refresh()
        self.table.resizeColumnToContents(5)
        with self.ctx.session() as session:
            hours = sessions.total_hours(session, self.year.value())
        self.count_label.setText(f"{self.year.value()} 年共 {self.model.total} 次培训，合计 {number_text(hours)} 课时")

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_object(rows[0].row()) if rows else None
        return row.id if row else None

    def add_session(self) -> SessionDialog:
        dialog = SessionDialog(self.ctx, parent=self)
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        session_id = self.selected_id()
        if session_id is None:
            messages.info(self, "请先在列表中选中一次培训。")
            return
        SessionDialog(self.ctx, session_id, parent=self).open()

    def delete_selected(self) -> None:
        """作废 with the reason (as every record is voided): the training, its attendance and scores
        leave every list and figure; the audit log keeps them."""
        session_id = self.selected_id()
        if session_id is None:
            messages.info(self, "请先在列表中选中一次培训。")
            return
        reason = ""
        while True:  # an empty reason is asked again, with why
            typed = messages.ask_text(self, "作废这次培训记录（连同出勤和成绩）的原因：", reason)
            if typed is None:
                return
            reason = typed
            try:
                with self.ctx.session() as session:
                    sessions.void_session(session, session_id, reason)
                break
            except ValidationError as exc:
                if set(exc.errors) != {"reason"}:
                    messages.warning(self, exc.message)
                    return
            except DomainError as exc:
                messages.warning(self, exc.message)
                return
        self.ctx.events.changed.emit(Topic.TRAINING)
        self.ctx.events.saved.emit(Saved("培训记录已作废", note=normalize(reason)))

    def open_materials(self) -> None:
        session_id = self.selected_id()
        if session_id is None:
            messages.info(self, "请先选中一次培训，再管理它的资料。")
            return
        MaterialsDialog(self.ctx, session_id, self).exec()

    def export(self) -> None:
        year = self.year.value()
        path, _ = file_dialogs.get_save_file_name(self, "导出培训记录", f"培训记录_{year}.xlsx", "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(path)

    def export_to(self, path: str):
        from frontdesk.services import exports

        year = self.year.value()
        open_session = self.ctx.session_opener()

        def work(_progress):
            with open_session() as session:
                return exports.training_year(session, year, path)

        return run_task(self, "正在导出培训记录…", work,
                        lambda count: messages.info(self, f"已导出 {count} 次培训到 {path}"),
                        lambda text: messages.warning(self, text))
