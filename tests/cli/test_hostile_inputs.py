"""Hostile invocations of the real program: one Chinese line and the right exit status, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# (case, arguments, exit status, files that must not exist afterwards). {w} is a work folder holding
# good.db (a real database), trunc.db (its first 16 KB), notdb.db (text), adir/ (a folder), plain.txt.
CASES = [
    ("check a truncated database", "check --db {w}/trunc.db", 1, []),
    ("check a file that is no database", "check --db {w}/notdb.db", 1, []),
    ("init on a file that is no database", "init --db {w}/notdb.db", 1, []),
    ("stats on a damaged database", "stats --month 2026-01 --db {w}/trunc.db", 1, []),
    ("export from a file that is no database", "export units {w}/o.xlsx --db {w}/notdb.db", 1, ["o.xlsx", "o.xlsx.part"]),
    ("backup of a file that is no database", "backup {w}/b.db --db {w}/notdb.db", 1, ["b.db", "b.db.part"]),
    ("check a missing database", "check --db {w}/missing.db", 1, ["missing.db"]),
    ("stats on a missing database", "stats --month 2026-01 --db {w}/missing.db", 1, ["missing.db"]),
    ("export from a missing database", "export units {w}/o.xlsx --db {w}/missing.db", 1, ["missing.db", "o.xlsx"]),
    ("backup of a missing database", "backup {w}/b.db --db {w}/missing.db", 1, ["missing.db", "b.db"]),
    ("a folder as the database", "check --db {w}/adir", 1, []),
    ("a server that refuses", "check --db postgresql+psycopg://u:p@127.0.0.1:1/frontdesk", 1, []),
    ("an unknown dialect", "check --db foo://somewhere/x", 1, []),
    ("a missing driver", "check --db mysql://u:p@localhost/x", 1, []),
    ("a malformed URL", "check --db postgresql+psycopg://u:p@host:notaport/x", 1, []),
    ("export into /proc", "export units /proc/frontdesk-x.xlsx --db {w}/good.db", 1, []),
    ("export onto an existing folder", "export units {w}/adir --db {w}/good.db", 1, ["adir.part"]),
    ("backup into /proc", "backup /proc/frontdesk-x.db --db {w}/good.db", 1, []),
    ("backup onto an existing folder", "backup {w}/adir --db {w}/good.db", 1, ["adir.part"]),
    ("template into /proc", "template units /proc/frontdesk-x.xlsx", 1, []),
    ("report into an existing folder", "report monthly --month 2026-01 --pdf {w}/adir --db {w}/good.db", 1,
     ["adir.part"]),
    ("import a folder", "import units {w}/adir --db {w}/good.db", 2, []),
    ("import a text file", "import units {w}/plain.txt --db {w}/good.db", 2, []),
    ("restore a file that is no database", "restore {w}/notdb.db --db {w}/good.db", 2, []),
    ("restore a missing file", "restore {w}/nothing.db --db {w}/good.db", 2, []),
    ("restore a truncated copy without manifest", "restore {w}/trunc.db --db {w}/good.db --force-unverified", 2, []),
]


@pytest.fixture(scope="module")
def work(tmp_path_factory, templates) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copyfile(templates["empty"], folder / "good.db")
    (folder / "trunc.db").write_bytes((folder / "good.db").read_bytes()[:16384])
    (folder / "notdb.db").write_text("这不是数据库\n" * 200, encoding="utf-8")
    (folder / "plain.txt").write_text("房号\n302\n", encoding="utf-8")
    (folder / "adir").mkdir()
    return folder


def run_program(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": SRC, "FRONTDESK_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("FRONTDESK_DB", None)
    return subprocess.run([sys.executable, "-m", "frontdesk", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


@pytest.mark.parametrize(("case", "command", "status", "absent"), CASES, ids=[c[0] for c in CASES])
def test_hostile_invocation_gets_a_chinese_line(work, tmp_path, case, command, status, absent):
    args = [part.replace("{w}", str(work)) for part in command.split()]
    result = run_program(args, tmp_path / "home")
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert CHINESE.search(result.stderr), result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3, result.stderr
    for name in absent:
        assert not (work / name).exists(), name
    assert not list(work.glob("*.part")) and not list(Path("/proc").glob("frontdesk-x*"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write into read-only folders")
def test_export_into_a_read_only_folder(work, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_program(["export", "units", str(locked / "o.xlsx"), "--db", str(work / "good.db")],
                             tmp_path / "home")
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1 and "没有权限" in result.stderr and "Traceback" not in result.stderr
    assert not list(locked.iterdir())


def test_wrong_user_or_password_on_a_running_server(pg_server, tmp_path):
    from sqlalchemy.engine import make_url

    url = make_url(pg_server.url("postgres")).set(username="frontdesk_nobody", password="wrong")
    result = run_program(["check", "--db", url.render_as_string(hide_password=False)], tmp_path / "home")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert CHINESE.search(result.stderr), result.stderr
