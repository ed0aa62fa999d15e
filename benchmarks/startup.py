"""Cold start: `frontdesk gui --smoke --timings` beside a bare PySide6 dialog and a bare tabbed window.

Usage: python benchmarks/startup.py [--runs N] [--db FILE] [--frozen dist/frontdesk/frontdesk]
Prints the three start-up rows of issue 26 with their baselines (see `smoke_rows`). With --frozen,
the one-folder build (installer/build.sh) is timed in the same runs, on the same database. Not part
of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
tabs = QTabWidget()
for title in ("来电来访", "报修维修", "收费催缴", "违章整改", "培训考核", "房屋档案"):
    tabs.addTab(QWidget(), title)
window.setCentralWidget(tabs)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


# The sign-in dialog's floor: PySide6 imported, a dialog with two line edits shown, seconds from the
# process's start (as the OS records it, the clock `--timings` uses) to its first paint.
BARE_DIALOG = """
import json, sys
from frontdesk.startup_clock import seconds_since_start
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFormLayout, QLineEdit
app = QApplication(sys.argv[:1])
dialog = QDialog()
form = QFormLayout(dialog)
form.addRow("姓名", QLineEdit())
password = QLineEdit()
password.setEchoMode(QLineEdit.Password)
form.addRow("密码", password)
shown = {}
def painted():
    shown["signin_shown_s"] = seconds_since_start()
    app.quit()
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint and not shown.get("seen"):
            shown["seen"] = True
            QTimer.singleShot(0, painted)
        return False
watch = Watch()
dialog.installEventFilter(watch)
dialog.show()
password.setFocus()
app.exec()
print(json.dumps({"signin_shown_s": shown["signin_shown_s"]}))
"""

ACCEPTED = re.compile(r"自动登录：进程启动后 ([0-9.]+) 秒")


def _time(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _timed_lines(cmd: list[str], env: dict) -> tuple[float, dict, float | None]:
    """Wall seconds of the whole command, its last-line JSON, and when the sign-in was accepted."""
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    accepted = next((float(m.group(1)) for line in lines if (m := ACCEPTED.search(line))), None)
    return wall, json.loads(lines[-1]), accepted


def smoke_rows(env: dict, runs: int, app_cmd: list[str] | None = None, label: str = "") -> list:
    """The start-up rows of issue 26, each beside a baseline timed in the same runs:
    start → sign-in dialog painted (≤ 1.5× a bare dialog), sign-in accepted → first tab shown and filled
    (≤ 250 ms), and the whole `gui --smoke` (≤ 3× a bare tabbed window, both wall clock)."""
    from timing import Result, within

    app_cmd = app_cmd or [sys.executable, "-m", "frontdesk", "gui", "--smoke", "--timings"]
    dialog_cmd = [sys.executable, "-c", BARE_DIALOG]
    window_cmd = [sys.executable, "-c", BARE_WINDOW]
    _timed_lines(app_cmd, env), _timed_lines(dialog_cmd, env), _time(window_cmd, env)  # warm the file cache
    shown, to_first_tab, whole, bare_dialog, bare_window = [], [], [], [], []
    for _ in range(runs):
        wall, timings, accepted = _timed_lines(app_cmd, env)
        whole.append(wall)
        shown.append(timings["signin_shown_s"])
        # Without the line (an older build signs in the moment the dialog shows): from the dialog shown.
        to_first_tab.append(timings["first_tab_loaded_s"] - (accepted or timings["signin_shown_s"]))
        bare_dialog.append(_timed_lines(dialog_cmd, env)[1]["signin_shown_s"])
        bare_window.append(_time(window_cmd, env))
    return [
        within(Result(f"{label}start → sign-in dialog shown (painted, taking keys)", "≤ 1.5× bare dialog", shown,
                      "bare PySide6 dialog, two line edits", bare_dialog), ratio_limit=1.5),
        within(Result(f"{label}sign-in accepted → first tab shown and filled", "≤ 250 ms", to_first_tab),
               median_limit=0.250),
        within(Result(f"{label}gui --smoke whole (auto sign-in, first tab loaded)", "≤ 3× bare", whole,
                      "bare PySide6 tabbed window", bare_window), ratio_limit=3.0),
    ]


def main() -> int:
    from timing import table

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="database to open (default: a demo database made for the run)")
    parser.add_argument("--frozen", help="also time this frozen executable (PyInstaller one-folder build)")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as home:
        env["FRONTDESK_HOME"] = home
        if args.db:
            env["FRONTDESK_DB"] = args.db
        else:
            subprocess.run([sys.executable, "-m", "frontdesk", "demo"], check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = smoke_rows(env, args.runs)
        if args.frozen:
            rows += smoke_rows(env, args.runs, [os.path.abspath(args.frozen), "gui", "--smoke", "--timings"],
                               label="frozen (one-folder): ")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
