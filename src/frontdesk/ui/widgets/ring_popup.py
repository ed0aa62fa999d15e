"""The pop-up that says who is calling before the receptionist says 您好. It never takes the keyboard
from what she is typing: F2 (or its button) starts the call entry, Esc-free, closing is a click."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from frontdesk.services.rings import RingInfo

EXPIRE_MS = 120_000  # a ring not taken within two minutes is over: it stays in 来电记录 as 未接


class RingPopup(QFrame):
    answer_requested = Signal(int)  # ring id
    look_up_requested = Signal(str)  # an unknown number

    def __init__(self, parent=None):
        super().__init__(parent, Qt.Tool | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint
                         | Qt.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.NoFocus)
        self.setObjectName("ringPopup")
        self.setFrameShape(QFrame.Box)
        self.setStyleSheet("#ringPopup { background: #fffdf5; border: 2px solid #1565c0; }")
        self.info: RingInfo | None = None
        self.waiting: list[RingInfo] = []  # other lines ringing: shown again when this one is done
        self.expiry = QTimer(self)
        self.expiry.setSingleShot(True)
        self.expiry.setInterval(EXPIRE_MS)
        self.expiry.timeout.connect(self.dismiss)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold; color: #1565c0;")
        self.body = QLabel()
        self.body.setTextFormat(Qt.RichText)
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(360)
        self.answer_button = QPushButton("接听登记（F2）")
        self.look_up_button = QPushButton("查找号码")
        self.close_button = QPushButton("关闭")
        for button in (self.answer_button, self.look_up_button, self.close_button):
            button.setFocusPolicy(Qt.NoFocus)
        self.answer_button.clicked.connect(self._answer)
        self.look_up_button.clicked.connect(lambda: self.info and self.look_up_requested.emit(self.info.number))
        self.close_button.clicked.connect(self.dismiss)
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.look_up_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(buttons)

    def show_ring(self, info: RingInfo) -> None:
        """Show this ring; one already showing waits behind it (another line), not lost."""
        if self.info is not None and self.isVisible() and self.info.ring_id != info.ring_id:
            self.waiting.append(self.info)
        self._show(info)

    def dismiss(self) -> None:
        """This ring is dealt with (answered, closed or stale): the next waiting one comes back."""
        self.expiry.stop()
        if self.waiting:
            self._show(self.waiting.pop())
        else:
            self.info = None
            self.hide()

    def _show(self, info: RingInfo) -> None:
        self.info = info
        self.expiry.start()
        self.title.setText(f"来电 {info.number}　{info.rang_at:%H:%M:%S}" + (f"　线路 {info.line}" if info.line > 1 else ""))
        text = describe(info)
        if self.waiting:
            text += f"<br><span style='color:#c62828'>另有 {len(self.waiting)} 个来电等待处理（处理完这个后显示）</span>"
        self.body.setText(text)
        self.look_up_button.setVisible(not info.known and not info.withheld)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()

    def _answer(self) -> None:
        if self.info is not None:
            self.answer_requested.emit(self.info.ring_id)

    def _place(self) -> None:
        """Bottom right of the screen the desk works on, clear of the taskbar."""
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.move(area.right() - self.width() - 16, area.bottom() - self.height() - 16)


def describe(info: RingInfo) -> str:
    """The pop-up's text: who, which units, arrears in red, open matters, the last three contacts."""
    if info.withheld:
        return "对方隐藏了号码（私密号码），接起后请询问姓名和房号。"
    if not info.known:
        return "这个号码不在住户档案中。接起后可按姓名或房号查找，登记时勾选“把这个新电话加到该住户名下”。"
    parts = ["<br>".join(f"<b>{escape(m.unit_code)}</b>　{escape(m.name)}（{escape(m.relation)}）"
                         for m in info.matches[:4])]
    if len(info.matches) > 4:
        parts.append(f"另有 {len(info.matches) - 4} 处房屋")
    if info.arrears > 0:
        parts.append(f"<span style='color:#c62828'><b>欠费 ¥{info.arrears:,.2f}</b>（已过缴费期）</span>")
    if info.open_matters:
        parts.append("<b>未办结：</b><br>" + "<br>".join(escape(line) for line in info.open_matters))
    if info.recent:
        parts.append("<b>最近来电来访：</b><br>" + "<br>".join(escape(line) for line in info.recent))
    else:
        parts.append("近期没有来电来访记录。")
    return "<br>".join(parts)
