"""The Qt bindings must not lose references to None (PySide6 6.12.0 did: the app aborted after a
few thousand calls of methods that return nothing)."""

import sys

from PySide6.QtWidgets import QApplication, QLabel, QTableWidgetItem


def test_calls_returning_nothing_keep_none_alive(qapp: QApplication):
    label, item = QLabel(), QTableWidgetItem("x")
    before = sys.getrefcount(None)
    for _ in range(500):  # few enough that a leaking build fails here rather than aborting
        label.setText("来电")
        label.setEnabled(True)
        item.setText("报修")
    assert sys.getrefcount(None) - before > -100, "this PySide6 build leaks references to None; see pyproject.toml"
