"""Which programs have a SQLite database open: one small registration file per running process.

Every process that opens the database file (a desk's window, a command) writes
`<database>.desks/<host>-<pid>.json` beside it and touches it while it works, so a restore can
refuse while another PC or program is attached and say which one. A registration whose process
is gone (same PC) or that has not been touched for a long time (another PC that was switched off)
does not count. The registration is a courtesy check; what guarantees that no desk saves into a
replaced database is the generation check in db/engine.py.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HEARTBEAT_S = 60  # a registration is touched at most this often, from the session start
STALE_S = 30 * 60  # untouched this long: the PC was switched off or the program was killed


@dataclass(frozen=True)
class Desk:
    host: str
    pid: int
    program: str
    started: str
    path: Path

    def describe(self) -> str:
        return f"电脑“{self.host}”上的 {self.program}（进程号 {self.pid}，{self.started} 打开）"


def host_name() -> str:
    return socket.gethostname() or "本机"


def folder_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".desks")


def _own_file(db_path: Path) -> Path:
    return folder_of(db_path) / f"{host_name()}-{os.getpid()}.json"


def _program() -> str:
    argv = sys.argv or [""]
    name = Path(argv[0]).stem
    if "gui" in name:
        return "前台系统窗口"
    if name in ("__main__", "frontdesk"):
        command = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else "gui"
        return "前台系统窗口" if command == "gui" else f"前台系统命令 {command}"
    return f"程序 {name or 'python'}"


class Registration:
    """This process's entry for one database file (written on first use, removed on dispose)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.file = _own_file(db_path)
        self._touched = 0.0
        self._exit_hook = False

    def touch(self) -> None:
        """Write or refresh the entry; a folder that cannot be written (read-only share) is no error."""
        now = time.monotonic()
        if self._touched and now - self._touched < HEARTBEAT_S:
            return
        self._touched = now
        try:
            if self.file.exists():
                os.utime(self.file)
                return
            self.file.parent.mkdir(exist_ok=True)
            if not self._exit_hook:
                atexit.register(self.remove)  # a program that ends without disposing still signs off
                self._exit_hook = True
            self.file.write_text(json.dumps({
                "host": host_name(), "pid": os.getpid(), "program": _program(),
                "started": time.strftime("%Y-%m-%d %H:%M"),
            }, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass

    def remove(self) -> None:
        try:
            self.file.unlink(missing_ok=True)
            self.file.parent.rmdir()  # only when no other desk is registered
        except OSError:
            pass
        self._touched = 0.0


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would end the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def other_desks(db_path: Path) -> list[Desk]:
    """The other processes that have `db_path` open now (stale registrations are cleared)."""
    folder = folder_of(db_path)
    if not folder.is_dir():
        return []
    me, found = _own_file(db_path), []
    for entry in sorted(folder.glob("*.json")):
        if entry == me:
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            age = time.time() - entry.stat().st_mtime
            desk = Desk(str(data["host"]), int(data["pid"]), str(data.get("program", "前台系统")),
                        str(data.get("started", "")), entry)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        gone = desk.host == host_name() and not _process_alive(desk.pid)
        if gone:
            entry.unlink(missing_ok=True)
        elif age <= STALE_S:
            found.append(desk)
    return found
