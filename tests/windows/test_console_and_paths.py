"""What a Chinese Windows PC does to the command line: a GBK console, and a data directory under a user
name with Chinese characters and a space. Run here with a strict GBK stdout and such a path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

SRC = Path(__file__).resolve().parents[2] / "src"
NAME = "𠮷田✓—😀"  # CJK Extension B, a check mark, a dash and an emoji: none of them in GBK


def _run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FRONTDESK_HOME": str(home), "PYTHONIOENCODING": "gbk:strict",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH", "")]))}
    env.pop("FRONTDESK_DB", None)
    done = subprocess.run([sys.executable, "-m", "frontdesk", *args], env=env, capture_output=True, timeout=300)
    done.stdout.decode("gbk"), done.stderr.decode("gbk")  # what the console shows is valid GBK
    assert b"Traceback" not in done.stderr, done.stderr.decode("gbk", "replace")
    return done


@pytest.fixture(scope="module")
def user_home(tmp_path_factory) -> Path:
    """%LOCALAPPDATA% of a Windows user called 张 丽 (with the space), with a USB disk beside it."""
    return tmp_path_factory.mktemp("Users") / "张 丽" / "AppData" / "Local" / "frontdesk"


def test_the_command_line_works_on_a_gbk_console_under_a_chinese_path(user_home, tmp_path):
    assert _run(user_home, "init").returncode == 0
    assert (user_home / "frontdesk.db").exists()
    assert _run(user_home, "demo", "--small").returncode == 0
    added = _run(user_home, "user", "add", NAME, "--role", "前台客服")
    assert added.returncode == 0 and "田" in added.stdout.decode("gbk")  # the rest shown as “?”, not a crash
    assert _run(user_home, "stats", "--month", "2026-11").returncode == 0
    assert _run(user_home, "stats", "--month", "2026-11", "--json").returncode == 0
    usb = tmp_path / "U盘 (E)" / "物业 备份"
    assert _run(user_home, "backup", str(usb / "备份 一.db")).returncode == 0
    assert (usb / "备份 一.db").stat().st_size > 0
    assert _run(user_home, "check").returncode == 0
    export = usb / "房屋 档案.xlsx"
    assert _run(user_home, "export", "units", str(export)).returncode == 0
    assert openpyxl.load_workbook(export).active.max_row > 10
    report = usb / "月报 十一月.pdf"
    assert _run(user_home, "report", "monthly", "--month", "2026-11", "--pdf", str(report)).returncode == 0
    assert "统计报表" in PdfReader(str(report)).pages[0].extract_text()
    bad = _run(user_home, "stats", "--month", "2026-13")
    assert bad.returncode == 2 and "月份" in bad.stderr.decode("gbk")


def test_a_long_path_is_handled(tmp_path):
    deep = tmp_path / "frontdesk"
    # Just beyond Windows' old MAX_PATH (260 characters), whatever the temporary folder's length; not
    # much beyond: SQLite's Unix file layer takes paths of up to 512 bytes.
    while len(str(deep)) <= 260:
        deep = deep.parent / "很长的文件夹名称 folder" / "frontdesk"
    assert len(str(deep)) > 260
    assert _run(deep, "init").returncode == 0
    assert (deep / "frontdesk.db").exists()


def test_the_data_folder_command_names_the_folder(user_home):
    shown = _run(user_home, "folder")
    assert shown.returncode == 0 and str(user_home) in shown.stdout.decode("gbk")
