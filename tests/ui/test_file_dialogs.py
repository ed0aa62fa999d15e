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


def _sqlite_locks_held(path) -> int:
    """POSIX locks on the database and its shared-memory file held by anyone (Linux's /proc/locks)."""
    import os

    inodes = {os.stat(p).st_ino for p in (path, f"{path}-shm") if os.path.exists(p)}
    with open("/proc/locks") as locks:
        return sum(1 for line in locks if any(f":{inode} " in line for inode in inodes))


def test_browsing_the_data_folder_keeps_the_desks_hold_on_its_database(window, qtbot, demo_db):
    """A file dialog showing the folder of frontdesk.db guessed each file's type by reading it: the
    open and close dropped SQLite's locks of this process, and a command-line run then deleted the
    write-ahead log the desk went on writing into. Types come from names only."""
    import os
    import sqlite3
    from pathlib import Path

    import pytest

    if not os.path.exists("/proc/locks"):
        pytest.skip("reads Linux's lock table")
    database = Path(demo_db.engine.url.database)
    held = sqlite3.connect(database)  # a connection holding its locks, as the desk's engine does
    held.execute("PRAGMA journal_mode=WAL")
    held.execute("SELECT count(*) FROM sqlite_master").fetchall()
    before = _sqlite_locks_held(database)
    assert before > 0
    dialog = file_dialogs._dialog(window, "导出", str(database.parent), "Excel 文件 (*.xlsx)")
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.Detail)
    dialog.show()
    view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) >= 2, timeout=3000)
    qtbot.wait(300)  # the types and icons are gathered in a thread of the dialog's own
    assert _sqlite_locks_held(database) == before
    dialog.close()
    held.close()


def test_a_bare_file_name_opens_in_the_last_folder_chosen_not_the_working_directory(tmp_path, monkeypatch):
    """The working directory may be the data folder (started from there): a dialog given only a file
    name opens in the home folder, then where the person last chose a file."""
    monkeypatch.setattr(file_dialogs, "_LAST_FOLDER", [])
    monkeypatch.chdir(tmp_path)
    assert file_dialogs._start_in("报修单.xlsx") == str(file_dialogs.Path.home() / "报修单.xlsx")
    file_dialogs._remember([str(tmp_path / "exports" / "来电来访.xlsx")])
    assert file_dialogs._start_in("报修单.xlsx") == str(tmp_path / "exports" / "报修单.xlsx")
    assert file_dialogs._start_in("") == str(tmp_path / "exports")
    assert file_dialogs._start_in(str(tmp_path / "a.pdf")) == str(tmp_path / "a.pdf")
