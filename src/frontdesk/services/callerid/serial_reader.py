"""A caller-ID box on a serial (or USB-serial) port: COM3 on Windows, /dev/ttyUSB0 on Linux.

Reads lines on its own thread and reopens the port on its own when the box is unplugged and plugged
back (or another program held it), waiting longer between tries; never raises into the desk."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from frontdesk.services.callerid.lines import CallerIdParser, RingEvent

log = logging.getLogger(__name__)


class SerialCallerId:
    def __init__(self, port: str, on_ring: Callable[[RingEvent], None], baudrate: int = 9600,
                 init: str = "AT+VCID=1", on_state: Callable[[str], None] | None = None, line: int = 1):
        self.port, self.baudrate, self.init = port, baudrate, init
        self.on_ring, self.on_state = on_ring, on_state or (lambda _state: None)
        self.parser = CallerIdParser(line=line, source="串口")
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.state = "未连接"

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name=f"caller-id {self.port}", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=3)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            log.info("caller-id %s: %s", self.port, state)
            self.on_state(state)

    def _run(self) -> None:
        import serial

        wait = 0.5
        while not self.stopping.is_set():
            try:
                with serial.Serial(self.port, self.baudrate, timeout=0.5) as link:
                    if self.init:
                        link.write((self.init + "\r").encode("ascii", errors="ignore"))
                    self._set_state("已连接")
                    wait = 0.5
                    self._read(link)
            except (serial.SerialException, OSError, ValueError) as exc:
                self._set_state(f"未连接：{exc}")
            if self.stopping.wait(wait):
                break
            wait = min(wait * 2, 10.0)  # unplugged: try again, less often the longer it stays away

    def _read(self, link) -> None:
        pending = b""
        while not self.stopping.is_set():
            chunk = link.read(256)
            if not chunk:
                continue
            pending += chunk
            *lines, pending = pending.replace(b"\r", b"\n").split(b"\n")
            if len(pending) > 1024:  # no line end for a long time: noise at the wrong speed
                pending = b""
            for raw in lines:
                ring = self.parser.feed(raw)
                if ring is not None:
                    try:
                        self.on_ring(ring)
                    except Exception:  # the reader outlives any handler error
                        log.exception("ring handler failed")
