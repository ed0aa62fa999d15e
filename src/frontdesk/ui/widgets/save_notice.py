"""The status-bar line that says what was just saved, e.g.

    已保存 14:05 · 来电 张三 3-2-1502 · 报修单 BX-202612-0001 (打开) · 处理中，已列入我的待办

It stays until the next save; the numbers can be selected and copied, and (打开) opens the record.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from frontdesk.services import clock


@dataclass(frozen=True)
class Saved:
    what: str  # "来电 张三 3-2-1502"
    record: str = ""  # "报修单 BX-202612-0001"
    link: str = ""  # "repair:BX-202612-0001" / "complaint:12", opened by (打开)
    note: str = ""  # what happens next: "处理中，已列入我的待办"


class SaveNotice(QLabel):
    def __init__(self, open_link, parent=None):
        super().__init__(parent)
        self.setObjectName("saveNotice")
        self.setTextFormat(Qt.RichText)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard
                                     | Qt.LinksAccessibleByMouse | Qt.LinksAccessibleByKeyboard)
        self.setStyleSheet("color: #2e7d32;")
        self.linkActivated.connect(open_link)
        self.last: Saved | None = None

    def show_saved(self, saved: Saved) -> None:
        self.last = saved
        parts = [f"已保存 {clock.now():%H:%M}", html.escape(saved.what)]
        if saved.record:
            parts.append(html.escape(saved.record)
                         + (f' <a href="{html.escape(saved.link)}">(打开)</a>' if saved.link else ""))
        if saved.note:
            parts.append(html.escape(saved.note))
        self.setText(" · ".join(parts))

    def forget(self) -> None:
        """切换用户: the previous person's last save is theirs, not the next person's."""
        self.last = None
        self.clear()

    def plain_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self.text()))
