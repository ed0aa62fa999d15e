"""工具 → 来电弹屏: where this PC's rings come from (a caller-ID box's port, the loopback hook), with a
测试 button; kept in this PC's own settings file, since the box is plugged into this PC."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from frontdesk import config
from frontdesk.services.callerid.lines import RingEvent
from frontdesk.ui import messages
from frontdesk.ui.widgets.unsaved import GuardedDialog

SPEEDS = ("1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200")


def serial_ports() -> list[str]:
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    return [port.device for port in list_ports.comports()]


class CallerIdDialog(GuardedDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("来电弹屏设置")
        self.setMaximumWidth(720)
        values = config.load_local_settings()
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.addItems(["", *serial_ports()])
        self.port.setCurrentText(str(values.get("callerid_port", "")))
        self.port.lineEdit().setPlaceholderText("不用来电显示盒时留空；Windows 如 COM3，Linux 如 /dev/ttyUSB0")
        self.speed = QComboBox()
        self.speed.addItems(SPEEDS)
        self.speed.setCurrentText(str(values.get("callerid_baud", 9600)))
        self.init = QLineEdit(str(values.get("callerid_init", "AT+VCID=1")))
        self.hook = QCheckBox("打开本机来电接口（127.0.0.1，供电话系统、软电话通知来电）")
        self.hook.setChecked(bool(values.get("callerid_hook")))
        self.hook_port = QSpinBox()
        self.hook_port.setRange(0, 65535)
        self.hook_port.setSpecialValueText("自动")
        self.hook_port.setValue(int(values.get("callerid_hook_port") or 0))
        self.result = QLabel()
        self.result.setWordWrap(True)
        test = QPushButton("测试(&T)")
        test.setAutoDefault(False)
        test.clicked.connect(self.test)
        form = QFormLayout()
        form.addRow("来电显示盒串口", self.port)
        form.addRow("波特率", self.speed)
        form.addRow("初始化命令", self.init)
        form.addRow(self.hook)
        form.addRow("接口端口", self.hook_port)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        help_text = QLabel("支持：调制解调器格式的来电显示（DATE/TIME/NMBR/NAME，AT+VCID=1）和每行一个号码的来电宝；"
                                "私密号码显示为“私密号码”。本机接口：GET http://127.0.0.1:端口/ring?number=号码&token=令牌"
                                "（令牌见数据文件夹中的 ring-hook.json）。")
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        layout.addWidget(test)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.remember_input()  # the settings in use are not typed work

    def test(self) -> None:
        """Open the port for a moment (saying why not), then ring a test number through the desk."""
        port = self.port.currentText().strip()
        lines = []
        if port:
            try:
                import serial

                with serial.Serial(port, int(self.speed.currentText()), timeout=0.5):
                    lines.append(f"串口 {port} 可以打开。")
            except (ImportError, OSError, ValueError) as exc:
                lines.append(f"串口 {port} 打不开：{exc}。请检查来电显示盒是否插好、端口号是否正确、是否被别的程序占用。")
        desk = getattr(self.window_, "callerid", None)
        if desk is not None:
            desk.ring(RingEvent(number="10000", source="测试"), record=False)
            lines.append("已模拟一次来电（号码 10000，不记入来电记录），屏幕右下角应弹出来电窗口。")
        self.result.setText("\n".join(lines) or "没有设置串口，也没有打开来电接口。")

    def save(self) -> None:
        values = config.load_local_settings()
        values.update(callerid_port=self.port.currentText().strip(), callerid_baud=int(self.speed.currentText()),
                      callerid_init=self.init.text().strip(), callerid_hook=self.hook.isChecked(),
                      callerid_hook_port=self.hook_port.value())
        config.save_local_settings(values)
        desk = getattr(self.window_, "callerid", None)
        if desk is not None:
            desk.stop()
            desk.start()
        messages.info(self, "来电弹屏设置已保存，并已按新设置重新连接。")
        self.accept()


def open_callerid_settings(window) -> CallerIdDialog:
    from frontdesk.ui.callerid import CallerIdDesk

    if getattr(window, "callerid", None) is None:
        window.callerid = CallerIdDesk(window)
    dialog = CallerIdDialog(window)
    dialog.open()
    return dialog
