"""The PC switched off at the wall: a settings file being written is either the old one or the new one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
WRITER = """
import itertools, os
from frontdesk import config
for n in itertools.count():
    config.save_local_settings({"db_url": "sqlite:///" + "库" * (n % 500), "round": n})
"""


def test_settings_survive_a_kill_at_any_moment(tmp_path):
    env = {**os.environ, "FRONTDESK_HOME": str(tmp_path), "PYTHONPATH": str(SRC)}
    for attempt in range(12):
        writer = subprocess.Popen([sys.executable, "-c", WRITER], env=env)
        time.sleep(0.4 + attempt * 0.07)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        text = (tmp_path / "settings.json").read_text(encoding="utf-8")
        values = json.loads(text)  # never half a file
        assert values["db_url"].startswith("sqlite:///") and isinstance(values["round"], int)
