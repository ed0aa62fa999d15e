"""宣传栏: what is on the board today, what comes down this week, the history; post from a template, take
down, void, print the poster (A4/A3) and copy the text for the owners' WeChat group."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.vendors import ANNOUNCEMENT_KINDS
from frontdesk.errors import DomainError
from frontdesk.services import board
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.table_model import LazyTableModel, TableColumn
from frontdesk.ui.tabs.vendor_common import SUPERVISOR_ROLES, make_table, preview_pdf, selected_row
from frontdesk.ui.tabs.vendor_pages import buttons_row

# "7 天内到期", not 本周: the list reaches a week ahead from today, whatever the weekday.
VIEWS = (("今日在栏", "today"), (f"{board.EXPIRING_DAYS} 天内到期", "expiring"), ("历史", "history"))
COLUMNS = (
    TableColumn("编号", lambda r: r.number, "number"),
    TableColumn("类型", lambda r: r.kind, "kind"),
    TableColumn("标题", lambda r: r.title, "title"),
    TableColumn("张贴楼栋", lambda r: r.buildings),
    TableColumn("张贴日期", lambda r: r.posted_on, "posted_on"),
    TableColumn("撤下日期", lambda r: r.take_down_on or "长期", "take_down_on"),
    TableColumn("发布人", lambda r: r.author),
    TableColumn("状态", lambda r: r.state),
)


class BoardTab(QWidget):
    title = "宣传栏"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter = board.BoardFilter()
        self.preview_dialog = self.task = self.last_pdf = None
        self.view_combo, self.kind_combo = QComboBox(), QComboBox()
        for text, key in VIEWS:
            self.view_combo.addItem(text, key)
        self.kind_combo.addItem("全部类型", "")
        for kind in ANNOUNCEMENT_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.voided_check = QCheckBox("含作废")
        self.search = QLineEdit(placeholderText="搜索：编号、标题、正文、楼栋")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.view_combo, self.kind_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.voided_check.toggled.connect(lambda _on: self.apply_filter())
        filters = QHBoxLayout()
        for label, widget in (("查看", self.view_combo), ("类型", self.kind_combo)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.voided_check)
        filters.addWidget(self.search, 1)
        actions, self.buttons = buttons_row(self, (
            ("发布公告(&N)", self.post), ("修改", self.edit), ("撤下", self.take_down), ("作废", self.void),
            ("打印 A4(&P)", lambda: self.print_poster(False)), ("打印 A3", lambda: self.print_poster(True)),
            ("复制到微信群(&W)", self.copy_for_wechat), ("公告模板", self.edit_templates)))
        self.buttons["公告模板"].setVisible(ctx.user.role in SUPERVISOR_ROLES)
        self.summary = QLabel()
        actions.addWidget(self.summary)
        self.model = LazyTableModel(COLUMNS, self._count, self._fetch, default_sort=("posted_on", True),
                                    is_alert=lambda r: r.expiring, parent=self)
        self.table = make_table(self.model, 4)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_detail())
        self.table.activated.connect(lambda _i: self.edit())
        self.detail = QTextBrowser()
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_for_wechat)
        ctx.events.changed.connect(lambda what: self.reload() if what is Topic.ANNOUNCEMENTS else None)

    # ---- data -----------------------------------------------------------------------

    def _count(self) -> int:
        with self.ctx.session() as session:
            return board.count(session, self.filter)

    def _fetch(self, offset, limit, sort, descending):
        with self.ctx.session() as session:
            return board.listing(session, self.filter, offset, limit, sort or "posted_on", descending)

    def load(self) -> None:
        self.reload()

    def reset_for_new_user(self) -> None:
        """切换用户: the last person's search goes; 公告模板 shows for a supervisor only."""
        self.search.clear()
        self.buttons["公告模板"].setVisible(self.ctx.user.role in SUPERVISOR_ROLES)

    def reload(self, select_number: str | None = None) -> None:
        selected = select_number or getattr(selected_row(self.table), "number", None)
        self.model.refresh()
        with self.ctx.session() as session:
            on_board, expiring = board.board_summary(session)
        self.summary.setText(f"今日在栏 {on_board} 份，{board.EXPIRING_DAYS} 天内到期 {expiring} 份")
        self.count_label.setText(f"共 {self.model.total} 份（红色：本周内到期撤下）")
        for index, row in enumerate(self.model.loaded_rows()):
            if row.number == selected:
                self.table.selectRow(index)
                break
        self.show_detail()

    def apply_filter(self) -> None:
        self.filter = board.BoardFilter(view=self.view_combo.currentData(), kind=self.kind_combo.currentData(),
                                        text=self.search.text(), include_voided=self.voided_check.isChecked())
        self.reload()

    def show_detail(self) -> None:
        row = selected_row(self.table)
        if row is None:
            self.detail.setHtml("<p style='color:gray'>选中一份公告，这里显示全文。</p>")
            return
        down = f"{row.take_down_on:%Y-%m-%d} 撤下" if row.take_down_on else "长期张贴"
        body = "<br/>".join(escape(line) for line in row.body.split("\n"))
        self.detail.setHtml(f"<h2>{escape(row.title)}</h2><p style='color:gray'>{row.number}　{row.kind}　"
                            f"{row.state}<br/>{escape(row.buildings)}　{row.posted_on:%Y-%m-%d} 张贴，{down}　"
                            f"{escape(row.author)}</p><p>{body}</p>")

    # ---- actions --------------------------------------------------------------------

    def _selected_number(self) -> str | None:
        row = selected_row(self.table)
        if row is None:
            messages.info(self, "请先在列表中选中一份公告。")
        return row.number if row else None

    def _changed(self, number: str | None) -> None:
        self.ctx.events.changed.emit(Topic.ANNOUNCEMENTS)
        if number:
            self.reload(number)

    def post(self) -> str | None:
        from frontdesk.ui.dialogs.board_dialogs import AnnouncementDialog

        dialog = AnnouncementDialog(self.ctx, parent=self)
        if dialog.exec():
            self.view_combo.setCurrentIndex(0)
            self._changed(dialog.result_value)
            return dialog.result_value
        return None

    def edit(self) -> None:
        from frontdesk.ui.dialogs.board_dialogs import AnnouncementDialog

        number = self._selected_number()
        if number and AnnouncementDialog(self.ctx, number, self).exec():
            self._changed(number)

    def _act(self, number: str, action) -> None:
        try:
            with self.ctx.session() as session:
                action(session)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self._changed(number)

    def take_down(self) -> None:
        number = self._selected_number()
        if number and messages.confirm(self, f"今天撤下公告 {number}？"):
            self._act(number, lambda s: board.take_down(s, number))

    def void(self) -> None:
        number = self._selected_number()
        reason = messages.ask_text(self, f"作废公告 {number}（编号不再使用）。作废原因：") if number else None
        if reason is not None:
            self._act(number, lambda s: board.void(s, number, reason))

    def print_poster(self, a3: bool = False) -> None:
        from frontdesk.reports.pdf.board_poster import write_poster_pdf

        number = self._selected_number()
        if number:
            preview_pdf(self, f"公告 {number}（{'A3' if a3 else 'A4'}）",
                        lambda s, out: write_poster_pdf(s, number, out, a3), number)

    def copy_for_wechat(self) -> str | None:
        number = self._selected_number()
        if not number:
            return None
        try:
            with self.ctx.session() as session:
                text = board.wechat_text(session, number)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return None
        QGuiApplication.clipboard().setText(text)
        messages.info(self, "公告文字已复制，可以粘贴到业主微信群。")
        return text

    def edit_templates(self) -> None:
        from frontdesk.ui.dialogs.board_dialogs import TemplateDialog

        TemplateDialog(self.ctx, self).exec()
