"""来电弹屏 in the window: rings from the serial caller-ID box or the loopback hook become a pop-up,
a kept 来电记录, and with F2 a call entry already filled in.

The sources run on their own threads (services/callerid); a queued signal brings each ring to the
GUI thread, where it is recorded in the signed-in person's session and shown."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from frontdesk import config
from frontdesk.errors import DomainError
from frontdesk.services import rings
from frontdesk.services.callerid.lines import RingEvent
from frontdesk.ui.widgets.ring_popup import RingPopup

log = logging.getLogger(__name__)


class _Bridge(QObject):
    rang = Signal(object)  # RingEvent, emitted from a source's thread
    state = Signal(str)


class CallerIdDesk(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.bridge = _Bridge()
        self.bridge.rang.connect(self.ring, Qt.QueuedConnection)
        self.bridge.state.connect(self._show_state, Qt.QueuedConnection)
        self.popup = RingPopup(window)
        self.popup.answer_requested.connect(self.answer)
        self.popup.look_up_requested.connect(self.look_up)
        self.shortcut = QShortcut(QKeySequence(Qt.Key_F2), window)
        self.shortcut.setContext(Qt.ApplicationShortcut)
        self.shortcut.activated.connect(self.answer_latest)
        self.hook = None
        self.serial = None

    # ---- sources ----------------------------------------------------------------------

    def start(self, hook: bool = False) -> None:
        """Start what the settings (or `gui --ring-hook`) switch on; a source that fails says so and
        the desk goes on without it."""
        settings = config.load_local_settings()
        if hook or settings.get("callerid_hook"):
            self.start_hook(int(settings.get("callerid_hook_port") or 0))
        port = settings.get("callerid_port")
        if port:
            self.start_serial(str(port), int(settings.get("callerid_baud") or 9600),
                              str(settings.get("callerid_init", "AT+VCID=1")))

    def start_hook(self, port: int = 0) -> int | None:
        from frontdesk.services.callerid.hook import RingHook

        try:
            self.hook = RingHook(self.bridge.rang.emit, config.data_dir(), port)
            return self.hook.start()
        except OSError as exc:
            self.hook = None
            log.warning("ring hook not started: %s", exc)
            self._show_state(f"来电接口没有打开：{exc}")
            return None

    def start_serial(self, port: str, baudrate: int = 9600, init: str = "AT+VCID=1") -> None:
        from frontdesk.services.callerid.serial_reader import SerialCallerId

        self.stop_serial()
        self.serial = SerialCallerId(port, self.bridge.rang.emit, baudrate, init, on_state=self.bridge.state.emit)
        self.serial.start()

    def stop_serial(self) -> None:
        if self.serial is not None:
            self.serial.stop()
            self.serial = None

    def stop(self) -> None:
        self.stop_serial()
        if self.hook is not None:
            self.hook.stop()
            self.hook = None
        self.popup.hide()

    def _show_state(self, text: str) -> None:
        bar = self.window.statusBar()
        if bar is not None:
            bar.showMessage(f"来电显示：{text}", 10_000)

    # ---- rings ------------------------------------------------------------------------

    def ring(self, event: RingEvent, record: bool = True) -> None:
        """A ring: kept in 来电记录 and shown; `record=False` (the settings' 测试) only shows it."""
        try:
            with self.window.ctx.session() as session:
                if record:
                    info = rings.record_ring(session, event.number, event.line, event.at, event.source, event.name)
                else:
                    info = rings.preview_ring(session, event.number, event.line)
        except DomainError as exc:  # e.g. a role that may not log calls: say so, don't pop up
            self._show_state(exc.message)
            return
        self.popup.show_ring(info)
        calls_tab = self.window.tab("来电来访")
        if hasattr(calls_tab, "refresh_counters"):
            calls_tab.refresh_counters()

    def answer_latest(self) -> None:
        if self.popup.info is not None and self.popup.isVisible():
            self.answer(self.popup.info.ring_id)

    def answer(self, ring_id: int) -> None:
        if not ring_id:  # the settings' test ring: nothing was recorded, nothing to log
            self.popup.dismiss()
            return
        calls_tab = self.window.show_tab("来电来访")
        self.window.raise_()
        self.window.activateWindow()
        if calls_tab.answer_ring(ring_id):
            self.popup.dismiss()

    def look_up(self, number: str) -> None:
        from frontdesk.ui.dialogs.search_dialog import open_search

        dialog = open_search(self.window)
        dialog.query.setText(number)
        dialog.run_search()
