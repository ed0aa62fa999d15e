"""Trigram indexes (pg_trgm, GIN) under the global search's substring matches on PostgreSQL.

`ILIKE '%…%'` on a column can be answered from a `gin_trgm_ops` index when the needle has three
characters or more; without one, PostgreSQL reads the whole table for a rare needle (≈ 0.2 s for
the calls at ten years). SQLite has its FTS5 trigram tables instead (created by the same migrations).

The extension is optional: a server without it (Debian ships it in postgresql-contrib) or a role
that may not create it still gets a working database — the migrations skip the indexes and log the
SQL that adds them later, and the search gives the same hits, only slower. That is why the indexes
live in the migrations and not in the models: whether they exist depends on the server, not on the
schema, and the model check (tests/migrations) knows them by their `_trgm` suffix.

pg_trgm sees only letters and digits as parts of words, by the database's LC_CTYPE: with
LC_CTYPE 'C' a Chinese character is neither, so Chinese words get no trigrams and only needles of
digits and Latin letters use the indexes (README: create the database with LC_CTYPE 'C.UTF-8').
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

SUFFIX = "_trgm"


def index_name(table: str, column: str) -> str:
    return f"ix_{table}_{column}{SUFFIX}"


def _statement(table: str, column: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS {index_name(table, column)} ON {table} USING gin ({column} gin_trgm_ops)"


def _ensure_extension(conn: Connection) -> str | None:
    """Create pg_trgm if it is missing; None when it is there, else why it cannot be."""
    if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return None
    if not conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first():
        return "服务器上没有安装 pg_trgm 扩展（Debian：apt-get install postgresql-contrib）"
    try:
        with conn.begin_nested():  # a refused CREATE EXTENSION must not abort the upgrade's transaction
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"当前数据库用户不能创建 pg_trgm 扩展（{reason}）"
    return None


def create_indexes(conn: Connection, table: str, columns: tuple[str, ...]) -> bool:
    """A trigram index on each column (PostgreSQL); False, with a warning, when pg_trgm is not to be had."""
    statements = [_statement(table, column) for column in columns]
    reason = _ensure_extension(conn)
    if reason:
        log.warning("%s：表 %s 的全文搜索索引没有建立，搜索结果不变，只是在数据多时较慢。"
                    "装好扩展后，由数据库所有者或超级用户执行以下语句即可补建：\n%s", reason, table,
                    ";\n".join(["CREATE EXTENSION IF NOT EXISTS pg_trgm", *statements]) + ";")
        return False
    for statement in statements:
        conn.execute(text(statement))
    return True


def drop_indexes(conn: Connection, table: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        conn.execute(text(f"DROP INDEX IF EXISTS {index_name(table, column)}"))


def sees_chinese(conn: Connection) -> bool:
    """Does pg_trgm make trigrams of Chinese words in this database (its LC_CTYPE classes them as letters)?"""
    return bool(conn.execute(text("SELECT cardinality(show_trgm('住户报修')) > 0")).scalar())


def warn_unless_chinese_is_indexed(conn: Connection) -> None:
    if sees_chinese(conn):
        return
    ctype = conn.execute(text("SELECT datctype FROM pg_database WHERE datname = current_database()")).scalar()
    log.warning("数据库的字符分类 LC_CTYPE 为 %s，pg_trgm 不把汉字当作文字：按中文搜索用不上全文搜索索引，"
                "在数据多时较慢（按电话、房号数字和拼音缩写搜索不受影响）。新建数据库时请用 "
                "LC_CTYPE 'C.UTF-8'（或 zh_CN.UTF-8），再用 pg_dump / pg_restore 把数据移过去。", ctype)
