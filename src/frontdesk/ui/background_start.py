"""Work done while the sign-in dialog waits for the person: a Qt-free function in a thread of its
own (opening the database, importing the window), its result or its error handed to the GUI thread.
The main window uses it again once its first tab is shown, to import the other tabs' modules.

A plain thread, started once the dialog has painted: Python imports hold the interpreter lock, so
starting earlier would only hold up the dialog's first paint.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class BackgroundStart(QObject):
    """`finished(result)` or `failed(exception)`, emitted on the GUI thread (where this object lives)."""

    finished = Signal(object)
    failed = Signal(object)
    # Emitted by the worker thread: Qt queues them to this object's thread (an automatic connection
    # across threads), so `finished`/`failed` reach their receivers on the GUI thread.
    _result = Signal(object)
    _error = Signal(object)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None, name: str = "frontdesk-start"):
        super().__init__(parent)
        self._work = work
        self._name = name
        self._thread: threading.Thread | None = None
        self._result.connect(self._deliver_result)
        self._error.connect(self._deliver_error)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the work has ended (a start cancelled mid-upgrade still finishes the upgrade)."""
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # the GUI thread tells the person, in Chinese (failures.py)
            self._error.emit(exc)
        else:
            self._result.emit(result)

    def _deliver_result(self, result: Any) -> None:
        self.finished.emit(result)

    def _deliver_error(self, exc: Exception) -> None:
        self.failed.emit(exc)
