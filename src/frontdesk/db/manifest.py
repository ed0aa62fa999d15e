"""The manifest written beside every backup: size, SHA-256, schema revision, time, who, which PC.

`frontdesk-20261125-103000-manual.db` gets `frontdesk-20261125-103000-manual.db.manifest.json`.
Restore reads it first and refuses a file whose size or checksum differ: a flipped bit, a cut-off
copy or a deliberately altered record (a payment deleted, a password hash replaced) all change
the checksum. A file without a manifest is only restored when the administrator forces it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from frontdesk import config
from frontdesk.errors import DomainError
from frontdesk.files import atomic_output

FORMAT = "frontdesk-backup-manifest"
VERSION = 1
SUFFIX = ".manifest.json"


class UnverifiedBackup(DomainError):
    """The backup has no manifest: only an administrator may restore it, after a warning."""


def path_for(backup: Path) -> Path:
    return backup.with_name(backup.name + SUFFIX)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _schema_of(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        revisions = sorted(row[0] for row in conn.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return "+".join(revisions) or None


def describe(backup: Path, who: str) -> dict:
    from frontdesk.db.desks import host_name
    from frontdesk.services import clock

    return {
        "format": FORMAT, "version": VERSION, "file": backup.name.removesuffix(".part"),
        "size": backup.stat().st_size, "sha256": sha256_of(backup), "schema": _schema_of(backup),
        "created": clock.now().strftime("%Y-%m-%d %H:%M:%S"), "created_by": who, "host": host_name(),
    }


def write(backup: Path, record: dict) -> Path:
    out = path_for(backup)
    with atomic_output(out) as tmp:
        tmp.write_text(json.dumps({**record, "file": backup.name}, ensure_ascii=False, indent=2), encoding="utf-8")
        config.make_private(tmp)
    return out


def copy(backup: Path, copied: Path) -> None:
    """The manifest of `backup` beside a copy of it (the monthly copy, the second folder)."""
    record = json.loads(path_for(backup).read_text(encoding="utf-8"))
    write(copied, record)


def read_for(backup: Path, force_unverified: bool = False) -> dict | None:
    """The backup's manifest; None only when there is none and the administrator forces the restore."""
    if not backup.exists():
        raise DomainError(f"找不到备份文件 {backup}，请检查路径。")
    if backup.is_dir():
        raise DomainError(f"{backup} 是一个文件夹，请选择其中的备份文件（.db）。")
    path = path_for(backup)
    if not path.exists():
        if force_unverified:
            return None
        raise UnverifiedBackup(
            f"备份文件 {backup.name} 旁边没有校验记录（{path.name}），无法确认它完整、未被改动，所以没有恢复。"
            "请选择前台系统做的备份；确需使用这个文件时，只有管理员可以在了解风险后强制恢复"
            "（命令行加 --force-unverified）。"
        )
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("format") != FORMAT or not isinstance(record.get("size"), int) or \
                len(str(record.get("sha256", ""))) != 64:
            raise ValueError(record.get("format"))
    except (OSError, ValueError, AttributeError):
        raise DomainError(f"备份的校验记录 {path.name} 已损坏，无法确认备份文件完好，没有恢复。"
                          "请选择另一个备份文件。") from None
    return record


def verify(copy_path: Path, record: dict, shown: Path) -> None:
    """Refuse a copy whose size or SHA-256 differs from what the manifest recorded."""
    size = copy_path.stat().st_size
    if size != record["size"]:
        raise DomainError(
            f"备份文件 {shown.name} 已损坏或被改动：大小与备份时记录的不同（记录 {record['size']} 字节，"
            f"现在 {size} 字节），不能恢复。数据库没有改动，请选择另一个备份文件。"
        )
    if sha256_of(copy_path) != record["sha256"]:
        raise DomainError(
            f"备份文件 {shown.name} 已损坏或被改动：校验值（SHA-256）与备份时记录的不同，不能恢复。"
            "数据库没有改动，请选择另一个备份文件。"
        )
