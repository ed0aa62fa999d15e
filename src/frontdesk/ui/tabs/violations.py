"""违章整改: the violations list with its record (photos, notices, history), and the 整改跟踪 list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.violations import VIOLATION_STATUSES
from frontdesk.errors import DomainError
from frontdesk.services import authz, clock, settings, units, violations
from frontdesk.services import violation_followup as followup
from frontdesk.services import violation_notices as notices
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.dialogs.violation_dialog import PHOTO_FILTER, NoticeDialog, ViolationDialog
from frontdesk.ui.open_file import open_file
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.tabs.violation_followup import FollowupPage, preview_notice
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.building_filter import fill_building_combo
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.pages import Pages
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.tables import fit_columns, record_table

COLUMNS = (
    TableColumn("发现日期", lambda r: r.found_date, "found_date"),
    TableColumn("房号/位置", lambda r: r.place, "place"),
    TableColumn("类型", lambda r: r.kind, "kind"),
    TableColumn("状态", lambda r: r.status, "status"),
    TableColumn("通知书", lambda r: r.notice_number),
    TableColumn("整改期限", lambda r: r.deadline),
    TableColumn("下次复查", lambda r: r.next_due),
    TableColumn("发现人", lambda r: r.found_by, "found_by"),
    TableColumn("违章情况", lambda r: r.description),
)
NO_DATE = QDate(2000, 1, 1)


def _optional_date(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else edit.date().toPython()


class ViolationsTab(QWidget):
    title = "违章整改"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter = violations.ViolationFilter()
        self.preview_dialog = None
        self.task = None
        self.pages = Pages()
        self.pages.add_page(self._build_list_page(), "违章记录", self.reload)
        self.followup = FollowupPage(ctx, self)
        self.pages.add_page(self.followup, "整改跟踪")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        ctx.events.changed.connect(self._on_changed)

    # ---- building -------------------------------------------------------------------

    def _build_list_page(self) -> QWidget:
        self.status_combo, self.kind_combo, self.building_combo = QComboBox(), QComboBox(), QComboBox()
        self.status_combo.addItems(["全部状态", *VIOLATION_STATUSES])
        self.date_from, self.date_to = DateEdit(), DateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("不限")
            edit.setDate(NO_DATE)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索：房号、位置、违章情况、通知书编号")
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.status_combo, self.kind_combo, self.building_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.apply_filter())
        filters = QHBoxLayout()
        for label, widget in (("状态", self.status_combo), ("类型", self.kind_combo), ("楼栋", self.building_combo),
                              ("发现从", self.date_from), ("到", self.date_to)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search_edit, 1)

        actions = QHBoxLayout()
        self.buttons = {}
        # Alt letters as on 外包方 and 宣传栏 (none of the menus' F, V, T, H).
        for text, slot in (("登记违章(&N)", self.record_violation), ("修改(&E)", self.edit_violation),
                           ("上报结案(&J)", self.close_reported), ("出具通知书(&I)", self.issue_notice),
                           ("打印预览(&P)", self.preview_selected), ("登记送达(&D)", self.record_delivery),
                           ("添加照片(&A)", self.add_photos), ("作废通知书(&Z)", self.void_notice),
                           ("导出 Excel(&X)", self.export_excel), ("通知书模板(&M)", self.edit_templates)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.buttons[text.split("(&")[0]] = button  # by its words: 出具通知书, 通知书模板 …
        self.buttons["通知书模板"].setVisible(authz.allowed(self.ctx.user.role, "settings"))
        actions.addStretch(1)
        self.month_label = QLabel()
        actions.addWidget(self.month_label)

        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, default_sort=("found_date", True),
                                    is_alert=lambda r: r.overdue, parent=self)
        self.table = record_table(self.model, sort=(0, Qt.DescendingOrder), on_open=self.edit_violation)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_detail())
        self.detail = QTextBrowser()
        self.photos = QListWidget()
        self.photos.setViewMode(QListWidget.IconMode)
        self.photos.setIconSize(QSize(120, 90))
        self.photos.setFixedHeight(120)
        self.photos.itemDoubleClicked.connect(self._open_photo)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("现场照片（双击查看原图）"))
        right_layout.addWidget(self.photos)
        right_layout.addWidget(self.detail, 1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.count_label = QLabel()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)
        return page

    def _fill_filter_lists(self) -> None:
        with self.ctx.session() as session:
            kinds = settings.lookup_values(session, "violation_kind")
            tree = units.building_tree(session)
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for text, value in [("全部类型", None), *((k, k) for k in kinds)]:
            self.kind_combo.addItem(text, value)
        self.kind_combo.blockSignals(False)
        fill_building_combo(self.building_combo, tree, with_phases=False)

    # ---- data -----------------------------------------------------------------------

    def _count(self) -> int:
        with self.ctx.session() as session:
            return violations.count_violations(session, self.filter)

    def _fetch(self, offset: int, limit: int, sort, descending: bool):
        with self.ctx.session() as session:
            return violations.list_violations(session, self.filter, offset, limit, sort or "found_date", descending)

    def reset_for_new_user(self) -> None:
        """The list's filters and search as a new desk opens them; everything else is typed in
        dialogs, which close on 切换用户."""
        widgets = (self.status_combo, self.kind_combo, self.building_combo, self.date_from, self.date_to,
                   self.search_edit)
        for widget in widgets:
            widget.blockSignals(True)
        for combo in (self.status_combo, self.kind_combo, self.building_combo):
            combo.setCurrentIndex(0)
        for edit in (self.date_from, self.date_to):
            edit.setDate(NO_DATE)
        self.search_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self._search_timer.stop()
        self.filter = violations.ViolationFilter()

    def load(self) -> None:
        if self.kind_combo.count() == 0:
            self._fill_filter_lists()
        self.pages.load_current()

    def reload(self) -> None:
        selected = self.selected_id()
        self.model.refresh()
        fit_columns(self.table, stretch=len(COLUMNS) - 1)  # 违章情况 wraps into the width left, no scrolling
        self.count_label.setText(f"共 {self.model.total} 条")
        with self.ctx.session() as session:
            month = clock.today().strftime("%Y-%m")
            counts = violations.counts_by_kind(session, *violations.month_bounds(month))
        self.month_label.setText(f"本月：{'，'.join(f'{k} {n}' for k, n in counts.items() if n) or '无新发现'}")
        if selected is not None:
            self.select_violation(selected)
        else:
            self.show_detail()

    def apply_filter(self) -> None:
        status = self.status_combo.currentText()
        building = self.building_combo.currentData()
        self.filter = violations.ViolationFilter(
            status="" if status == "全部状态" else status, kind=self.kind_combo.currentData() or "",
            phase=building[0] if building else None, building=building[1] if building else None,
            date_from=_optional_date(self.date_from), date_to=_optional_date(self.date_to),
            text=self.search_edit.text())
        self.reload()

    def _on_changed(self, what: Topic) -> None:
        if what is Topic.VIOLATIONS:
            self.pages.mark_stale()
        elif what is Topic.UNITS:
            self._fill_filter_lists()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_object(rows[0].row()) if rows else None
        return row.id if row else None

    def select_violation(self, violation_id: int) -> bool:
        for index, row in enumerate(self.model.loaded_rows()):
            if row.id == violation_id:
                self.table.selectRow(index)
                return True
        return False

    def show_detail(self) -> None:
        from frontdesk.ui.tabs.violation_followup import detail_html

        violation_id = self.selected_id()
        self.photos.clear()
        if violation_id is None:
            self.detail.setHtml("<p style='color:gray'>在左侧选中一条违章，这里显示详情、通知书和处理经过。</p>")
            return
        try:
            with self.ctx.session() as session:
                violation = violations.get_violation(session, violation_id)
                html = detail_html(violation)
                photos = [(p.file_name, p.original_name) for p in violation.photos]
        except DomainError as exc:
            self.detail.setHtml(exc.message)
            return
        self.detail.setHtml(html)
        for stored, name in photos:
            path = violations.attachment_path(stored)
            item = QListWidgetItem(QIcon(QPixmap(str(path)).scaled(120, 90, Qt.KeepAspectRatio)), name)
            item.setData(Qt.UserRole, str(path))
            self.photos.addItem(item)

    # ---- actions --------------------------------------------------------------------

    def _require_selection(self) -> int | None:
        violation_id = self.selected_id()
        if violation_id is None:
            messages.info(self, "请先在列表中选中一条违章记录。")
        return violation_id

    def _latest_notice(self, violation_id: int) -> str | None:
        with self.ctx.session() as session:
            active = [n.number for n in violations.get_violation(session, violation_id).notices if not n.voided_reason]
        if not active:
            messages.info(self, "这条违章还没有出具整改通知书。")
        return active[-1] if active else None

    def _changed(self, violation_id: int | None = None) -> None:
        self.ctx.events.changed.emit(Topic.VIOLATIONS)
        if violation_id is not None:
            self.select_violation(violation_id)

    def record_violation(self) -> int | None:
        dialog = ViolationDialog(self.ctx, self)
        dialog.exec()
        if dialog.saved_id is not None:
            self._changed(dialog.saved_id)
            self.ctx.events.saved.emit(Saved(f"违章 {dialog.place_text()} {dialog.kind_combo.currentText()}",
                                             note="已列入违章记录，可出具整改通知书"))
        return dialog.saved_id

    def edit_violation(self) -> int | None:
        violation_id = self._require_selection()
        if violation_id is None:
            return None
        try:
            dialog = ViolationDialog(self.ctx, self, violation_id)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return None
        dialog.exec()
        if dialog.saved_id is not None:
            self._changed(violation_id)
            self.ctx.events.saved.emit(Saved(f"违章 {dialog.place_text()} {dialog.kind_combo.currentText()}",
                                             note="修改已保存"))
        return dialog.saved_id

    def close_reported(self) -> bool:
        """结案 of a matter handed to the authorities (已上报), once they have dealt with it."""
        violation_id = self._require_selection()
        if violation_id is None:
            return False
        remark = messages.ask_text(self, "已上报的违章结案：请写明处理结果（如“城管已责令拆除，复查已恢复原状”）：")
        if remark is None:
            return False
        try:
            with self.ctx.session() as session:
                followup.close_reported(session, violation_id, remark)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        self._changed(violation_id)
        self.ctx.events.saved.emit(Saved("违章结案", note=remark))
        return True

    def issue_notice(self) -> str | None:
        violation_id = self._require_selection()
        if violation_id is None:
            return None
        dialog = NoticeDialog(self.ctx, violation_id, self)
        dialog.exec()
        if dialog.issued_number:
            self._changed(violation_id)
            self.ctx.events.saved.emit(Saved("整改通知书", record=dialog.issued_number, note="请打印后送达"))
            self.preview_dialog = preview_notice(self, [dialog.issued_number], dialog.copies_spin.value())
        return dialog.issued_number

    def preview_selected(self) -> None:
        violation_id = self._require_selection()
        number = self._latest_notice(violation_id) if violation_id is not None else None
        if number:
            self.preview_dialog = preview_notice(self, [number], copies=2)

    def record_delivery(self) -> None:
        from frontdesk.ui.dialogs.notice_followup_dialog import DeliveryDialog

        violation_id = self._require_selection()
        number = self._latest_notice(violation_id) if violation_id is not None else None
        if number and DeliveryDialog(self.ctx, number, self).exec():
            self._changed(violation_id)

    def void_notice(self) -> None:
        violation_id = self._require_selection()
        number = self._latest_notice(violation_id) if violation_id is not None else None
        if not number:
            return
        reason = messages.ask_text(self, f"作废通知书 {number}（编号不再使用）。作废原因：")
        if reason is None:
            return
        try:
            with self.ctx.session() as session:
                notices.void_notice(session, number, reason)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self._changed(violation_id)

    def choose_photo_files(self) -> list[str]:
        files, _filter = file_dialogs.get_open_file_names(self, "选择现场照片", "", PHOTO_FILTER)
        return files

    def add_photos(self) -> None:
        violation_id = self._require_selection()
        if violation_id is None:
            return
        files = self.choose_photo_files()
        if not files:
            return
        try:
            with self.ctx.session() as session:
                for path in files:
                    violations.attach_photo(session, violation_id, Path(path))
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self._changed(violation_id)

    def _open_photo(self, item: QListWidgetItem) -> None:
        open_file(self, item.data(Qt.UserRole))

    def export_excel(self, out: str | None = None) -> None:
        from frontdesk.services import exports

        if not out:
            out, _filter = file_dialogs.get_save_file_name(self, "导出违章整改", f"违章整改_{clock.today():%Y%m%d}.xlsx",
                                                       "Excel 工作簿 (*.xlsx)")
        if not out:
            return
        filt, open_session = self.filter, self.ctx.session_opener(read_only=True)

        def work(progress):
            with open_session() as session:
                return exports.violations_ledger(session, filt, Path(out), progress=progress)

        self.task = run_task(self, "正在导出违章整改…", work,
                             lambda count: messages.info(self, f"已导出 {count} 条违章记录到 {out}"),
                             lambda text: messages.warning(self, text))

    def edit_templates(self) -> None:
        from frontdesk.ui.dialogs.notice_followup_dialog import TemplateDialog

        TemplateDialog(self.ctx, self).exec()
