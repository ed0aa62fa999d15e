"""全局搜索 (Ctrl+F): one box for phones, room codes, names, pinyin initials and words.

A group lists at most `search.GROUP_LIMIT` hits; one that found more says so on its title and, on a
last line, where the rest can be seen (Enter there opens the desk filtered by the same words, where
that desk's list has such a filter). Opening a hit hides the window, so the desk underneath can be
worked on; Ctrl+F brings it back as it was. 切换用户 empties and hides it: a query is not typed work
to keep, and the next person must not see it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from frontdesk.services import search
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.screen_fit import fit_to_screen

# How a cut group is ordered ("the first 50" or "the newest 50"), its unit of count, and the way to the rest.
_CUT_GROUPS = {
    "unit": ("前", "套", "到 房屋档案 按“{q}”列出全部", "unit"),
    "person": ("前", "位", "请输入更完整的姓名、拼音首字母或电话缩小范围；或到 房屋档案 按“{q}”列出他们的房屋", "unit"),
    "contact": ("最近", "条", "来电台账不能按关键字筛选：更早的请输入更具体的词缩小范围，"
                "或到 来电来访 → 来电台账 按日期、类别、楼栋查找", None),
    "repair": ("最近", "张", "到 报修维修 → 报修单 按“{q}”查询全部（单号、内容、位置、报修人）", "repair"),
    "complaint": ("最近", "条", "到 来电来访 → 投诉处理（全部投诉）按“{q}”查找", "complaint"),
}
_NOTE_COLOUR = QColor("#8d6e00")


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
            cut = kind in found.cut
            title = search.GROUP_TITLES[kind]
            if cut:
                order, unit, _way, _desk = _CUT_GROUPS[kind]
                heading = f"{title}（{search.GROUP_LIMIT} {unit}以上，只列出{order} {len(hits)} {unit}）"
            else:
                heading = f"{title}（{len(hits)}）"
            group = QTreeWidgetItem([heading, ""])
            self.results.addTopLevelItem(group)
            for hit in hits:
                item = QTreeWidgetItem(group, [hit.title, hit.detail])
                item.setData(0, Qt.UserRole, (hit.kind, hit.id, hit.title))
            if cut:
                self._add_cut_note(group, kind, found.query)
            group.setExpanded(True)
        self.summary.setText(self._summary(found))
        return found

    def _add_cut_note(self, group: QTreeWidgetItem, kind: str, words: str) -> None:
        """The group's last line: it was cut, and where the rest is (Enter goes there, if a desk can list it)."""
        order, unit, way, desk = _CUT_GROUPS[kind]
        title = search.GROUP_TITLES[kind]
        text = f"{title} 只列出{order} {search.GROUP_LIMIT} {unit}，还有更多：{way.format(q=words)}"
        if desk is not None:
            text += "（按 Enter 打开）"
        note = QTreeWidgetItem(group, [text])
        note.setFirstColumnSpanned(True)
        note.setForeground(0, QBrush(_NOTE_COLOUR))
        note.setToolTip(0, text)
        if desk is not None:
            note.setData(0, Qt.UserRole, ("more", desk, words))

    @staticmethod
    def _summary(found: search.SearchResults) -> str:
        if not found.query:
            return ""
        if not found.cut:
            return f"找到 {found.count()} 条"
        cut = "、".join(search.GROUP_TITLES[kind] for kind in found.groups if kind in found.cut)
        return f"列出 {found.count()} 条；{cut} 超过 {search.GROUP_LIMIT} 条，只列出了一部分（其余见该组最后一行）"

    def has_unsaved_input(self) -> bool:
        """A query is not typed work: 切换用户 and closing never ask to keep it."""
        return False

    def reset_for_new_user(self) -> None:
        """Nothing of the previous person's search stays: the words, the hits, the selection."""
        self._timer.stop()
        self.query.clear()
        self._timer.stop()  # clearing the box started it
        self.results.clear()
        self.summary.clear()
        self.hide()

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
        kind, key, title = data
        # Out of the way of the desk the record opens on (Ctrl+F brings it back as it was); the keys go
        # to the window again, not to a hidden search.
        self.hide()
        self.window_.activateWindow()
        if kind == "more":
            self._open_desk(key, title)
        elif kind in ("contact", "complaint"):
            self.window_.show_tab("来电来访").open_contact(key)
        elif kind == "repair":
            self.window_.show_tab("报修维修").open_order(key)
        elif kind == "unit" or kind == "person":
            tab = self.window_.show_tab("房屋档案")
            tab.search_edit.setText(title)

    def _open_desk(self, desk: str, words: str) -> None:
        """The desk whose list takes the words as its filter, filtered by them."""
        if desk == "unit":
            self.window_.show_tab("房屋档案").show_matching(words)
        elif desk == "repair":
            self.window_.show_tab("报修维修").show_matching(words)
        elif desk == "complaint":
            self.window_.show_tab("来电来访").show_complaints_matching(words)


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
