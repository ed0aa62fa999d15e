"""One mapping from any error to what the user reads: a Chinese sentence and an exit status.

The command line (cli.main), the GUI start (app.run) and background tasks (ui/tasks.py) all use
it, so a damaged file, a server that is down or a folder that cannot be written reads the same
everywhere and never as a traceback. Domain errors are bad input (2); everything else is 1.
"""

from __future__ import annotations

import errno
import logging
import traceback
from dataclasses import dataclass

from frontdesk.errors import DomainError, NotPossible

EXIT_FAILURE, EXIT_BAD_INPUT = 1, 2

log = logging.getLogger("frontdesk")


@dataclass(frozen=True)
class Failure:
    exit_code: int
    message: str
    expected: bool = True  # False: a bug or something unforeseen; its traceback goes to the log


_ERRNO_TEXT = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.EISDIR: "这是一个文件夹，请写文件名",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "已存在同名的文件或文件夹",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EIO: "磁盘读写出错",
    errno.ENAMETOOLONG: "路径太长",
    errno.EINVAL: "路径写得不对",
}


def _os_message(exc: OSError) -> str:
    reason = _ERRNO_TEXT.get(exc.errno or 0) or "无法读写"
    name = exc.filename2 or exc.filename
    where = f"“{name}”" if name else "文件"
    detail = f"（{exc.strerror}）" if exc.strerror else ""
    return f"无法读写{where}：{reason}{detail}。请换一个位置或检查权限后重试。"


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlite_message(text: str) -> str | None:
    lowered = text.lower()
    if "file is not a database" in lowered or "malformed" in lowered or "not a database" in lowered:
        return ("数据库文件已损坏或不是前台系统的数据库，无法打开。请用“frontdesk check”检查，"
                "或从最近的备份恢复（frontdesk restore 备份文件）。")
    if "unable to open database file" in lowered:
        return "无法打开数据库文件：路径不存在、是一个文件夹，或没有权限。请检查 --db 给出的路径。"
    if "database is locked" in lowered or "database is busy" in lowered:
        return "另一台电脑正在保存，数据库暂时忙，请稍候再试。"
    if "readonly database" in lowered or "read-only" in lowered:
        return "数据库文件是只读的，无法保存。请检查文件和文件夹的权限。"
    if "disk i/o error" in lowered:
        return "读写数据库文件时磁盘出错。请检查磁盘或网络共享，并从最近的备份恢复。"
    if "database or disk is full" in lowered:
        return "磁盘空间已满，数据没有保存。请清理磁盘后重试。"
    return None


def _database_message(exc: BaseException) -> str:
    text = _first_line(exc)
    known = _sqlite_message(text)
    if known:
        return known
    lowered = text.lower()
    if "password authentication failed" in lowered or "authentication failed" in lowered:
        return f"数据库服务器拒绝登录：用户名或密码不对（{text}）。请检查数据库设置。"
    if "connection refused" in lowered or "could not connect" in lowered or "connection failed" in lowered \
            or "timeout" in lowered or "could not translate host name" in lowered:
        return (f"连不上数据库服务器（{text}）。请检查服务器是否开机、PostgreSQL 是否在运行，"
                "以及地址和端口是否正确。")
    if "does not exist" in lowered and "database" in lowered:
        return f"数据库服务器上没有这个数据库（{text}）。请检查数据库名。"
    return f"数据库出错：{text}。数据没有改动；如问题重复出现，请联系维护人员。"


def describe(exc: BaseException) -> Failure:
    """The user's sentence and the exit status for `exc`."""
    import sqlite3

    from sqlalchemy import exc as sa_exc

    if isinstance(exc, DomainError):
        return Failure(EXIT_BAD_INPUT, exc.message)
    if isinstance(exc, NotPossible):
        return Failure(EXIT_FAILURE, exc.message)
    if isinstance(exc, sa_exc.NoSuchModuleError):
        dialect = str(exc).rsplit(":", 1)[-1].strip()
        return Failure(EXIT_FAILURE, f"不认识的数据库类型“{dialect}”。--db 应为 SQLite 文件路径，"
                                     "或 postgresql+psycopg://用户:密码@服务器:端口/数据库名")
    if isinstance(exc, sa_exc.ArgumentError):
        return Failure(EXIT_FAILURE, f"数据库地址写得不对（{_first_line(exc)}）。--db 应为 SQLite 文件路径，"
                                     "或 postgresql+psycopg://用户:密码@服务器:端口/数据库名")
    if isinstance(exc, ModuleNotFoundError | ImportError):
        name = getattr(exc, "name", None) or _first_line(exc)
        return Failure(EXIT_FAILURE, f"缺少数据库驱动或组件“{name}”，本程序无法连接这种数据库。"
                                     "请使用 SQLite 文件或 postgresql+psycopg:// 地址，或请维护人员安装该驱动。")
    if isinstance(exc, sa_exc.SQLAlchemyError | sqlite3.Error):
        return Failure(EXIT_FAILURE, _database_message(exc))
    if isinstance(exc, OSError):
        return Failure(EXIT_FAILURE, _os_message(exc))
    if isinstance(exc, MemoryError):
        return Failure(EXIT_FAILURE, "内存不足，操作没有完成。请关闭其他程序后重试，或把文件分成几份。")
    return Failure(EXIT_FAILURE, f"出现了意外错误（{type(exc).__name__}：{_first_line(exc)}），操作没有完成。",
                   expected=False)


def report(exc: BaseException) -> Failure:
    """describe(), and the traceback of an unexpected error written to the log file (never shown)."""
    failure = describe(exc)
    if failure.expected:
        return failure
    try:
        from frontdesk import logging_setup

        path = logging_setup.configure()
        log.error("意外错误\n%s", "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    except Exception:  # the log itself may be what is broken (a full or read-only disk)
        return failure
    return Failure(failure.exit_code, f"{failure.message}详细信息已记录在日志文件 {path}，"
                                      "如问题重复出现，请把这个文件发给维护人员。", expected=False)
