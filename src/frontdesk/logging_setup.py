"""The log file (rotating, in the data directory) and the last line of defence for the window."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from frontdesk import config

log = logging.getLogger("frontdesk")


def log_path() -> Path:
    folder = config.data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "frontdesk.log"


def configure() -> Path:
    path = log_path()
    if not any(isinstance(h, RotatingFileHandler) for h in log.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


def install_excepthook(show_error) -> None:
    """An unexpected error is logged with its traceback and shown in Chinese; the window keeps working."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        path = configure()
        log.error("未处理的错误\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            show_error(f"出现了一个意外错误：{exc}\n\n已保存的数据不受影响，可以继续工作。"
                       f"详细信息已记录在日志文件：\n{path}\n如问题重复出现，请把这个文件发给维护人员。")
        except Exception:
            log.exception("无法显示错误对话框")

    sys.excepthook = hook
