"""The start's background thread: its result and its error reach the GUI thread; the PySide6 types it
creates in advance are real ones."""

from __future__ import annotations

import importlib
import threading

from frontdesk.ui.background_start import BackgroundStart
from frontdesk.ui.qt_warm_up import FIRST_WINDOW_TYPES


def test_the_result_arrives_on_the_gui_thread(qtbot):
    worker_threads, delivered = [], []

    def work():
        worker_threads.append(threading.current_thread())
        return "数据库已打开"

    start = BackgroundStart(work)
    start.finished.connect(lambda result: delivered.append((result, threading.current_thread())))
    start.start()
    qtbot.waitUntil(lambda: bool(delivered), timeout=10_000)
    start.wait()
    assert delivered == [("数据库已打开", threading.main_thread())]
    assert worker_threads[0] is not threading.main_thread()


def test_an_error_in_the_background_arrives_as_the_exception_itself(qtbot):
    failures = []

    def work():
        raise PermissionError(13, "Permission denied", "/只读/frontdesk.db")

    start = BackgroundStart(work)
    start.failed.connect(failures.append)
    start.start()
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert isinstance(failures[0], PermissionError) and failures[0].filename == "/只读/frontdesk.db"
    assert failures[0].__traceback__ is not None  # the log gets the traceback of an unexpected one


def test_the_types_made_in_advance_exist_in_this_pyside6():
    missing = [f"{module}.{name}" for module, names in FIRST_WINDOW_TYPES.items()
               for name in names.split() if not hasattr(importlib.import_module(module), name)]
    assert missing == []
