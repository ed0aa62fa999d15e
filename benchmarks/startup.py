"""Cold start to the window shown: `frontdesk gui --smoke` beside a bare PySide6 tabbed window.

Usage: python benchmarks/startup.py [--runs N] [--db FILE] [--frozen dist/frontdesk/frontdesk]
Prints min/median for both and the ratio (goal: ≤ 2.0×). With --frozen, the one-folder build
(installer/build.sh) is timed in the same runs, on the same database. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def _time(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
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
        app_cmd = [sys.executable, "-m", "frontdesk", "gui", "--smoke"]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        frozen_cmd = [os.path.abspath(args.frozen), "gui", "--smoke"] if args.frozen else None
        _time(app_cmd, env), _time(bare_cmd, env)  # warm the file cache
        if frozen_cmd:
            _time(frozen_cmd, env)
        app_times, bare_times, frozen_times = [], [], []
        for _ in range(args.runs):
            app_times.append(_time(app_cmd, env))
            bare_times.append(_time(bare_cmd, env))
            if frozen_cmd:
                frozen_times.append(_time(frozen_cmd, env))
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    print(f"{'scenario':<34}{'min':>8}{'median':>9}")
    print(f"{'bare PySide6 tabbed window':<34}{min(bare_times):>8.3f}{bare_median:>9.3f}")
    print(f"{'frontdesk gui --smoke':<34}{min(app_times):>8.3f}{app_median:>9.3f}")
    if frozen_times:
        label = "frozen (one-folder) gui --smoke"
        print(f"{label:<34}{min(frozen_times):>8.3f}{statistics.median(frozen_times):>9.3f}")
    ratio = app_median / bare_median
    print(f"ratio (median): {ratio:.2f}×  goal ≤ 2.0×  {'OK' if ratio <= 2.0 else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
