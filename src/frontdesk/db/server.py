"""A shared PostgreSQL server: building its URL from form fields, and testing a connection to it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from frontdesk.errors import DomainError, ValidationError

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_S = 5


@dataclass
class ServerFields:
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = "frontdesk"
    user: str = ""
    password: str = ""


def fields_of(url: str | None) -> ServerFields | None:
    """The form fields of a stored PostgreSQL URL (None for SQLite or an unreadable URL)."""
    if not url or not url.startswith("postgresql"):
        return None
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    return ServerFields(host=parsed.host or "", port=parsed.port or DEFAULT_PORT, database=parsed.database or "",
                        user=parsed.username or "", password=parsed.password or "")


def url_of(fields: ServerFields) -> str:
    """The SQLAlchemy URL (password included, special characters escaped); bad fields raise ValidationError."""
    errors = {}
    if not fields.host.strip():
        errors["host"] = "请填写服务器地址，例如 192.168.1.10 或 server.local"
    if not 0 < fields.port < 65536:
        errors["port"] = "端口应在 1–65535 之间，PostgreSQL 默认是 5432"
    if not fields.database.strip():
        errors["database"] = "请填写数据库名，例如 frontdesk"
    if not fields.user.strip():
        errors["user"] = "请填写登录数据库的用户名"
    if errors:
        raise ValidationError(errors)
    url = URL.create(DRIVER, username=fields.user.strip(), password=fields.password or None,
                     host=fields.host.strip(), port=fields.port, database=fields.database.strip())
    return url.render_as_string(hide_password=False)


def check_connection(url: str) -> str:
    """Connect once and say, in Chinese, what is there; failures raise DomainError with the reason."""
    from frontdesk.db import migrate

    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
            tables = set(inspect(conn).get_table_names())
            revisions = set()
            if "alembic_version" in tables:
                revisions = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
            search_notes = _search_index_notes(conn)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DomainError(f"连接失败：{reason}。请检查服务器地址、端口、数据库名、用户名和密码，"
                          "以及服务器是否允许这台电脑连接。") from None
    finally:
        engine.dispose()
    head = migrate.head_revisions()
    if not tables:
        state = "数据库是空的：保存并重新打开前台系统后会自动建表。"
    elif revisions == set(head):
        state = "数据库中已有前台系统的数据，结构是最新的。"
    elif revisions and revisions <= migrate.known_revisions():
        state = "数据库中已有前台系统的数据，重新打开前台系统时会自动升级结构。"
    elif revisions:
        state = "此数据库由更新版本的前台系统创建，请先把本机的前台系统升级到最新版本。"
    else:
        state = "此数据库中已有其他程序的表，不是前台系统的数据库，请换一个数据库名。"
    return f"连接成功（PostgreSQL {version}）。{state}{search_notes}"


def _search_index_notes(conn) -> str:
    """What would leave the global search without its trigram indexes here (frontdesk.db.trigram)."""
    notes = []
    ctype = conn.execute(text("SELECT datctype FROM pg_database WHERE datname = current_database()")).scalar()
    if ctype in ("C", "POSIX"):
        notes.append(f"注意：此数据库的 LC_CTYPE 为 {ctype}，按中文搜索用不上索引，数据多时较慢；"
                     "建议新建数据库时加上 LC_CTYPE 'C.UTF-8'。")
    installed = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
    if not installed:
        if not conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first():
            notes.append("注意：服务器没有 pg_trgm 扩展（Debian：apt-get install postgresql-contrib），"
                         "搜索在数据多时较慢。")
        elif not conn.execute(text("SELECT rolsuper OR has_database_privilege(current_database(), 'CREATE') "
                                   "FROM pg_roles WHERE rolname = current_user")).scalar():
            notes.append("注意：此用户不能创建 pg_trgm 扩展，搜索在数据多时较慢；请让数据库所有者执行 "
                         "CREATE EXTENSION pg_trgm，或把数据库的所有者设为此用户。")
    return "".join(notes)
