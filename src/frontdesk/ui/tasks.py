"""Background work: a Qt-free function runs in the thread pool behind a cancellable progress dialog.

The function receives `progress(done, total) -> bool`; it returns False once the user cancelled,
and the function should stop (raise or return). The result or the error comes back on the GUI
thread through `on_done` / `on_error`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from shiboken6 import isValid

from frontdesk.errors import DomainError
from frontdesk.memory import release_freed_memory

ProgressFn = Callable[[int, int], bool]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[ProgressFn], Any], signals: _Signals):
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.cancelled = False

    def report(self, done: int, total: int) -> bool:
        if not _emit(self.signals.progress, done, total):
            self.cancelled = True  # the window is gone: stop rather than work for nobody
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.report)
        except Exception as exc:
            _emit(self.signals.failed, exc, traceback.format_exc())
        else:
            _emit(self.signals.done, result)


def _emit(signal, *args) -> bool:
    """Emit, unless the program closed while the job ran (Qt has already deleted the signals' object):
    there is nobody left to tell, and a traceback on the way out would only alarm."""
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True


class Task(QObject):
    """One running job; keeps its signals alive until the result has been delivered."""

    finished = Signal()

    def __init__(self, parent: QWidget, title: str, fn: Callable[[ProgressFn], Any],
                 on_done: Callable[[Any], None], on_error: Callable[[str], None]):
        super().__init__(parent)
        self._signals = _Signals()
        self._job = _Job(fn, self._signals)
        self._job.setAutoDelete(False)
        self._on_done, self._on_error = on_done, on_error
        # Where the cursor was: a button disabled while the work runs, or the progress box closing,
        # leaves the window with no focus, and the keyboard with nothing to act on.
        self._focus = QApplication.focusWidget()
        self._took_over = False  # whether the progress box was the active window when it closed
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancel)
        self._signals.progress.connect(self._show_progress)
        self._signals.done.connect(self._finish_ok)
        self._signals.failed.connect(self._finish_error)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._job)

    def cancel(self) -> None:
        self._job.cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._job.cancelled

    def _show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        # Only a window our own progress box took over is made active again (never one the person left
        # for another program while the work ran).
        self._took_over = QApplication.activeWindow() is self.dialog
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.reset()
        self.dialog.deleteLater()
        self.finished.emit()
        self.deleteLater()

    def _give_focus_back(self) -> None:
        """The cursor back where the person last had it in the window (or where it was when the work
        began), when nothing has it once the work is done."""
        if QApplication.focusWidget() is not None:
            return
        parent = self.parent()
        window = parent.window() if isinstance(parent, QWidget) and isValid(parent) else None
        if window is not None and window.isVisible() and self._took_over and QApplication.activeWindow() is None:
            window.activateWindow()
        for widget in (window.focusWidget() if window is not None else None, self._focus):
            if widget is not None and isValid(widget) and widget.isVisible() and widget.isEnabled():
                widget.setFocus()
                return

    def _finish_ok(self, result: Any) -> None:
        self._close()
        self._on_done(result)
        self._give_focus_back()
        release_freed_memory()  # what the work allocated and dropped (a month's statistics: tens of MB)

    def _finish_error(self, exc: Exception, trace: str) -> None:
        self._close()
        release_freed_memory()
        if isinstance(exc, DomainError):
            self._on_error(exc.message)
        elif self._job.cancelled:
            self._on_error("已取消。")
        else:
            self._on_error(_sentence_for(exc, trace))
        self._give_focus_back()


def _sentence_for(exc: Exception, trace: str) -> str:
    """One Chinese sentence for the user; the traceback goes to the log file, never to a dialog."""
    from frontdesk import failures, logging_setup

    message = failures.describe(exc).message
    try:
        path = logging_setup.configure()
        logging_setup.log.error("后台任务没有完成\n%s", trace)
    except OSError:
        return message
    return f"{message}\n详细信息已记录在日志文件 {path}，如问题重复出现，请把这个文件发给维护人员。"


def run_task(parent: QWidget, title: str, fn: Callable[[ProgressFn], Any],
             on_done: Callable[[Any], None], on_error: Callable[[str], None]) -> Task:
    task = Task(parent, title, fn, on_done, on_error)
    task.start()
    return task


def run_quietly(parent: QWidget, fn: Callable[[ProgressFn], Any], on_error: Callable[[str], None],
                on_done: Callable[[Any], None] | None = None) -> Task:
    """Background work the user does not wait for (the daily backup at start): no progress dialog."""
    task = Task(parent, "", fn, on_done or (lambda _result: None), on_error)
    task.dialog.setMinimumDuration(24 * 3600 * 1000)  # never shown
    task.start()
    return task
