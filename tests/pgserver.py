"""A throw-away PostgreSQL server for the tests: initdb + pg_ctl on a temporary directory.

Uses the Debian binaries (/usr/lib/postgresql/*/bin, installed by .ci/run). PostgreSQL refuses
to run as root, so as root (CI) the server runs as the `postgres` system user via runuser.
Durability is switched off (fsync, synchronous_commit): the data dies with the test run anyway.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

SUPERUSER = "postgres"


def bin_dir() -> Path | None:
    """The newest installed server's bin directory, or FRONTDESK_PG_BIN."""
    override = os.environ.get("FRONTDESK_PG_BIN")
    candidates = [override] if override else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0
    )
    for candidate in reversed(candidates):
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found and (Path(found).resolve().parent / "initdb").exists() else None


def unavailable_reason() -> str | None:
    if bin_dir() is None:
        return "没有找到 PostgreSQL 服务器程序（Debian: apt-get install postgresql），PostgreSQL 测试跳过"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "以 root 运行时需要系统用户 postgres 来启动测试服务器（安装 postgresql 包会创建它）"
        if shutil.which("runuser") is None:
            return "以 root 运行时需要 runuser 来启动测试服务器"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "没有安装 psycopg（pip install 'psycopg[binary]'）"
    return None


def interrupt(_signum, _frame) -> None:
    """SIGTERM handler: stop pytest like Ctrl+C, which still runs the session's teardown."""
    raise KeyboardInterrupt


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """One server on 127.0.0.1 with trust authentication; `url(name)` gives a SQLAlchemy URL."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        assert self.bin is not None, unavailable_reason()
        self.base = Path(tempfile.mkdtemp(prefix="frontdesk-pg-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.base, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.base)
        if result.returncode != 0:
            log = (self.base / "server.log")
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}\n{tail}")

    def start(self) -> PgServer:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale",
                  "--no-sync")
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.base} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str = "template0", name: str | None = None, ctype: str | None = None) -> str:
        """A new database (a copy of `template`; with its own LC_CTYPE, from template0 only); returns its name."""
        name = name or "t_" + uuid.uuid4().hex[:12]
        locale = f" LC_CTYPE '{ctype}'" if ctype else ""
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{locale} STRATEGY FILE_COPY')
        return name

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run one statement as the superuser (in `database`)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database,
                             autocommit=True) as conn:
            conn.execute(sql)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
