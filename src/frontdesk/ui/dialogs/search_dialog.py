"""全局搜索 (Ctrl+F): one box for phones, room codes, names, pinyin initials and words."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from frontdesk.services import search
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.screen_fit import fit_to_screen


class SearchDialog(QDialog):
    def __init__(self, ctx: AppContext, window, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.window_ = window
        self.setWindowTitle("全局搜索")
        fit_to_screen(self, 760, 560)
        self.query = QLineEdit()
        self.query.setObjectName("globalSearch")
        self.query.setPlaceholderText("电话（4 位以上）、房号、姓名、拼音首字母（zsf）、报修单号或内容中的词")
        self.summary = QLabel()
        self.results = QTreeWidget()
        self.results.setHeaderLabels(["结果", "详情"])
        self.results.setColumnWidth(0, 300)
        self.results.itemActivated.connect(self._open)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self.run_search)
        # ↓ from the box goes to the first hit, as in any search list; Enter there opens it.
        QShortcut(QKeySequence(Qt.Key_Down), self.query, activated=self._to_results, context=Qt.WidgetShortcut)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results)

    def run_search(self) -> search.SearchResults:
        self._timer.stop()
        with self.ctx.read_session() as session:  # a search per keystroke never holds up a colleague's save
            found = search.search(session, self.query.text())
        self.results.clear()
        for kind, hits in found.groups.items():
            if not hits:
                continue
            group = QTreeWidgetItem([f"{search.GROUP_TITLES[kind]}（{len(hits)}）", ""])
            self.results.addTopLevelItem(group)
            for hit in hits:
                item = QTreeWidgetItem(group, [hit.title, hit.detail])
                item.setData(0, Qt.UserRole, (hit.kind, hit.id, hit.title))
            group.setExpanded(True)
        self.summary.setText(f"找到 {found.count()} 条" if found.query else "")
        return found

    def _to_results(self) -> None:
        if self._timer.isActive():  # typed faster than the search: search what is in the box first
            self.run_search()
        group = self.results.topLevelItem(0)
        if group is None:
            return
        self.results.setCurrentItem(group.child(0) if group.childCount() else group)
        self.results.setFocus()

    def _open(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, Qt.UserRole)
        if not data:
            return
        kind, record_id, title = data
        if kind in ("contact", "complaint"):
            self.window_.show_tab("来电来访").open_contact(record_id)
        elif kind == "repair":
            self.window_.show_tab("报修维修").open_order(record_id)
        elif kind == "unit" or kind == "person":
            tab = self.window_.show_tab("房屋档案")
            tab.search_edit.setText(title)
            self.accept()


def open_search(window) -> SearchDialog:
    dialog = getattr(window, "_search_dialog", None)
    if dialog is None:
        dialog = SearchDialog(window.ctx, window, window)
        window._search_dialog = dialog
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()  # already open behind the window: the keys must follow it, not stay behind
    dialog.query.setFocus()
    dialog.query.selectAll()
    return dialog
