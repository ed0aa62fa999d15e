"""`frontdesk migrate-to URL`: copy this database into an empty PostgreSQL database, then prove it.

Every table the models know is copied in dependency order, in batches, in ONE transaction on the
server (after a failure its tables are empty again, and migrate-to can simply be run once more). The server's id sequences are moved past
the copied ids, then both sides are compared table by table: row count and the sum of every
numeric column (money to the cent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Float, Integer, Numeric, Table, func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from frontdesk.db import closed_figures, migrate
from frontdesk.db.base import Base
from frontdesk.db.engine import Database
from frontdesk.db.sequences import reset_sequences
from frontdesk.errors import DomainError

BATCH_SIZE = 2000
# Tables of one engine only: SQLite's full-text index (PostgreSQL has trigram indexes instead).
ENGINE_OWN = ("contacts_fts", "repair_orders_fts", "complaints_fts", "contacts_bigram_fts", "repair_orders_bigram_fts",
              "complaints_bigram_fts", "sqlite_")
# Progress: (table, rows copied so far, rows of the table).
Progress = Callable[[str, int, int], None]


@dataclass
class TableComparison:
    table: str
    source_rows: int
    target_rows: int
    source_sums: dict[str, Decimal] = field(default_factory=dict)
    target_sums: dict[str, Decimal] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sums == self.target_sums

    def differences(self) -> list[str]:
        found = [] if self.source_rows == self.target_rows else [f"行数 {self.source_rows} ≠ {self.target_rows}"]
        for column, value in self.source_sums.items():
            if self.target_sums.get(column) != value:
                found.append(f"{column} 合计 {value} ≠ {self.target_sums.get(column)}")
        return found


@dataclass
class TransferReport:
    tables: list[TableComparison]
    skipped: list[str]

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.target_rows for t in self.tables)


def _model_tables() -> list[Table]:
    """The tables of records, in the order their references allow. Figures kept from the bills are not
    among them: not copied, the server computes them again when first shown."""
    import frontdesk.db.models  # noqa: F401  (registers every desk's tables)

    return [t for t in Base.metadata.sorted_tables if t.name not in closed_figures.TABLES]


def _numeric_columns(table: Table):
    return [c for c in table.columns if isinstance(c.type, (Integer, Numeric, Float))]


def _normalized(value, column) -> Decimal:
    """A sum as both engines agree on it: whole numbers exact, decimals to the column's scale."""
    if value is None:
        return Decimal(0)
    if isinstance(column.type, Integer):
        return Decimal(int(value))
    scale = getattr(column.type, "scale", None)
    exponent = Decimal(1).scaleb(-(scale if scale is not None else 6))
    return Decimal(str(value)).quantize(exponent)


def table_figures(conn: Connection, table: Table) -> tuple[int, dict[str, Decimal]]:
    """Row count and the sum of each numeric column."""
    columns = _numeric_columns(table)
    row = conn.execute(select(func.count(), *(func.sum(c) for c in columns)).select_from(table)).one()
    return int(row[0]), {c.name: _normalized(v, c) for c, v in zip(columns, row[1:], strict=True)}


def _target_rows(conn: Connection) -> dict[str, int]:
    # The migrations' own rows (the kept figures' epoch) do not make a database filled.
    names = [n for n in inspect(conn).get_table_names() if n != "alembic_version" and n not in closed_figures.TABLES]
    counts = {n: conn.execute(text(f'SELECT COUNT(*) FROM "{n}"')).scalar_one() for n in names}
    return {n: c for n, c in counts.items() if c}


def _require_empty_postgres(target: Database) -> None:
    if target.engine.dialect.name != "postgresql":
        raise DomainError("目标必须是 PostgreSQL 数据库，地址形如 postgresql+psycopg://用户:密码@服务器/数据库名")
    try:
        with target.engine.connect() as conn:
            filled = _target_rows(conn)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DomainError(f"连接不上目标数据库 {target.location.display()}：{reason}。"
                          "请检查服务器地址、端口、数据库名、用户名和密码。") from None
    if filled:
        listed = "、".join(f"{name}（{count} 行）" for name, count in sorted(filled.items())[:5])
        raise DomainError(f"目标数据库不是空的：{listed}。为避免覆盖别人的数据，只能复制到新建的空数据库。"
                          "请在服务器上新建一个空数据库（见使用说明），再运行 migrate-to。")


def copy_database(source: Database, target: Database, progress: Progress | None = None,
                  batch_size: int = BATCH_SIZE) -> TransferReport:
    """Copy `source` (current schema) into the empty PostgreSQL database `target` and compare them."""
    if not migrate.is_current(source):
        raise DomainError("本数据库的结构不是最新版本，请先运行 frontdesk init 升级后再复制。")
    _require_empty_postgres(target)
    migrate.upgrade(target)
    report = progress or (lambda _t, _d, _n: None)
    with source.engine.connect() as src:
        present = set(inspect(src).get_table_names())
        tables = [t for t in _model_tables() if t.name in present]
        known = {t.name for t in tables} | {"alembic_version", *closed_figures.TABLES}
        skipped = sorted(n for n in present - known if not n.startswith(ENGINE_OWN))
        with target.engine.begin() as dst:
            for table in tables:
                total = src.execute(select(func.count()).select_from(table)).scalar_one()
                done = 0
                report(table.name, done, total)
                order = list(table.primary_key.columns) or list(table.columns)
                result = src.execution_options(stream_results=True).execute(select(table).order_by(*order))
                for batch in result.mappings().partitions(batch_size):
                    dst.execute(table.insert(), [dict(row) for row in batch])
                    done += len(batch)
                    report(table.name, done, total)
            reset_sequences(dst)
        with target.engine.connect() as dst:
            compared = []
            for table in tables:
                source_rows, source_sums = table_figures(src, table)
                target_rows, target_sums = table_figures(dst, table)
                compared.append(TableComparison(table.name, source_rows, target_rows, source_sums, target_sums))
    return TransferReport(tables=compared, skipped=skipped)
