"""A local PostgreSQL server for the benchmarks: initdb + pg_ctl in a directory of its own.

Unlike the tests' server, this one keeps PostgreSQL's durability on (fsync, synchronous_commit,
full-page writes): a committed save must reach the disk, as SQLite's synchronous=FULL does, or the
two backends' save times would not compare. Throw-away by default (a temporary directory, removed
on stop); with `keep=True` in a fixed directory, so a big generated database survives between runs
(the five-estate one takes a long time to make). PostgreSQL refuses to run as root, so as root the
server runs as the `postgres` system user via runuser.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"


def bin_dir() -> Path:
    """The newest installed server's binaries (FRONTDESK_PG_BIN overrides)."""
    override = os.environ.get("FRONTDESK_PG_BIN")
    candidates = [override] if override else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    for candidate in reversed(candidates):
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise SystemExit("没有找到 PostgreSQL 服务器程序（initdb、pg_ctl），请安装 postgresql 或设置 FRONTDESK_PG_BIN")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """One server on 127.0.0.1 (trust authentication, unix socket in its own directory)."""

    def __init__(self, base: Path | None = None, port: int | None = None) -> None:
        self.bin = bin_dir()
        self.keep = base is not None
        self.base = Path(base) if base else Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.base.mkdir(parents=True, exist_ok=True)
        self.data = self.base / "data"
        self.port_file = self.base / "port"
        self.port = port or (int(self.port_file.read_text()) if self.port_file.exists() else _free_port())
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.base, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.base)
        if check and done.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}\n{tail}")
        return done

    def running(self) -> bool:
        return self.data.exists() and self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def start(self) -> PgServer:
        if self.running():
            return self
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale")
        # Durable (the defaults); a little more memory than the defaults so ten years of charges are cached.
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.base} -c max_connections=50 "
                   "-c shared_buffers=256MB -c work_mem=16MB -c maintenance_work_mem=256MB -c max_wal_size=4GB")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-o", options, "-w",
                  "-t", "120", "start")
        self.port_file.write_text(str(self.port))
        return self

    def stop(self) -> None:
        try:
            if self.running():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            if not self.keep:
                shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def has_database(self, name: str) -> bool:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres") as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None

    def create_database(self, name: str, replace: bool = False) -> str:
        if replace:
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # As README sets up a desk's server: a UTF-8 LC_CTYPE, or pg_trgm makes no trigrams of Chinese words.
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' LC_CTYPE \'C.UTF-8\'')
        return self.url(name)

    def size(self, name: str) -> int:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres") as conn:
            return conn.execute("SELECT pg_database_size(%s)", (name,)).fetchone()[0]

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
