"""`frontdesk folder [--open]`: where this desk's data lives (the Start menu's 数据文件夹 shortcut opens it)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def open_in_file_manager(path: Path) -> bool:
    """Explorer on Windows, Finder on macOS, the desktop's file manager elsewhere; False if there is none."""
    if sys.platform == "win32":
        os.startfile(str(path))  # type: ignore[attr-defined]  # Windows only
        return True
    opener = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if opener is None:
        return False
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return True


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    folder = sub.add_parser("folder", parents=[common], help="显示（或打开）数据文件夹：数据库、备份、附件、日志")
    folder.add_argument("--open", action="store_true", help="在文件管理器中打开")

    def cmd_folder(args: argparse.Namespace) -> int:
        from frontdesk import config

        path = config.data_dir()
        print(f"数据文件夹：{path}")
        if args.open and not open_in_file_manager(path):
            print("这台电脑没有可用的文件管理器，请按上面的路径手动打开。", file=sys.stderr)
        return 0

    folder.set_defaults(handler=cmd_folder)
