"""Qt's own file dialog speaks Chinese throughout and shows dates as YYYY-MM-DD."""

from PySide6.QtWidgets import QFileDialog, QLabel, QStyleOptionViewItem, QTreeView

from frontdesk.ui import file_dialogs


def test_the_file_dialog_has_no_english_labels_and_iso_dates(window, qtbot, tmp_path):
    (tmp_path / "来电来访.xlsx").write_bytes(b"x")
    dialog = file_dialogs._dialog(window, "导出来电来访", str(tmp_path), "Excel 文件 (*.xlsx)")
    qtbot.addWidget(dialog)
    dialog.setAcceptMode(QFileDialog.AcceptSave)
    dialog.setViewMode(QFileDialog.Detail)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert any("查找范围" in t for t in labels) and any("文件类型" in t for t in labels)
    assert not any("Look in" in t or "Files of" in t for t in labels)
    view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) > 0, timeout=3000)
    index = view.model().index(0, 3, view.rootIndex())
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, index)
    assert option.text[:4].isdigit() and option.text[4] == "-" and option.text[7] == "-"
