"""`frontdesk gui --smoke --timings`: one JSON line last, seconds from the OS process start (a contract)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from frontdesk.startup_clock import process_started_at, seconds_since_start

SRC = Path(__file__).resolve().parents[1] / "src"


def test_the_process_start_is_before_python_got_going():
    from frontdesk import startup_clock

    assert process_started_at() <= startup_clock._IMPORTED_AT  # the OS's start precedes any Python code
    assert 0 < seconds_since_start() < 24 * 3600


def test_smoke_timings_print_one_json_line_last(tmp_path):
    env = {**os.environ, "FRONTDESK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH", "")]))}
    env.pop("FRONTDESK_DB", None)
    done = subprocess.run([sys.executable, "-m", "frontdesk", "gui", "--smoke", "--timings"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    timings = json.loads(lines[-1])
    assert list(timings) == ["signin_shown_s", "main_shown_s", "first_tab_loaded_s"]
    assert 0 < timings["signin_shown_s"] <= timings["main_shown_s"] <= timings["first_tab_loaded_s"] < 300
    # The automatic sign-in comes once the dialog could take it (the database open), before the window.
    accepted = float(re.search(r"自动登录：进程启动后 ([0-9.]+) 秒", done.stdout).group(1))
    assert timings["signin_shown_s"] <= accepted <= timings["main_shown_s"]
    assert "自检通过" in done.stdout and "自动登录" in lines[-2]
