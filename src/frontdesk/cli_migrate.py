"""`frontdesk migrate-to URL`: move the desk's database onto a PostgreSQL server (DESIGN §5)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from frontdesk import config

EXIT_OK, EXIT_FAILURE = 0, 1


def _printer() -> Callable[[str, int, int], None]:
    last = {"table": None}

    def show(table: str, done: int, total: int) -> None:
        if table != last["table"]:
            last["table"] = table
            print(f"正在复制 {table}：共 {total} 行", file=sys.stderr)
        elif total >= 10_000 or done == total:
            print(f"  {table}：{done}/{total}", file=sys.stderr)

    return show


def print_comparison(report) -> None:
    print(f"{'表':<24}{'本库行数':>6}{'新库行数':>6}  数值合计")
    for table in report.tables:
        verdict = "一致" if table.ok else "不一致：" + "；".join(table.differences())
        print(f"{table.table:<25}{table.source_rows:>10}{table.target_rows:>10}  {verdict}")


def cmd_migrate_to(args: argparse.Namespace, open_db) -> int:
    from frontdesk.db.engine import Database
    from frontdesk.db.transfer import copy_database

    source = open_db(args)
    target = Database(config.normalize_db_url(args.url))
    try:
        print(f"正在把 {source.location.display()} 复制到 {target.location.display()} …", file=sys.stderr)
        report = copy_database(source, target, progress=_printer())
    finally:
        target.dispose()
    print_comparison(report)
    if report.skipped:
        print(f"以下表不属于前台系统，未复制：{'、'.join(report.skipped)}")
    if not report.ok:
        print("复制后的数据与本库不一致（见上表），请不要使用新库，把以上输出发给维护人员。", file=sys.stderr)
        return EXIT_FAILURE
    print(f"复制完成：{len(report.tables)} 张表、{report.rows} 行，行数与数值合计全部一致。\n"
          f"请在每台电脑的 工具 → 数据库设置… 中填写新库的地址（或设置 FRONTDESK_DB），本机原数据库保持不变。")
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, open_db) -> None:
    parser = sub.add_parser("migrate-to", parents=[common],
                            help="把本数据库复制到一个空的 PostgreSQL 数据库（多台电脑共用一个库）")
    parser.add_argument("url", help="目标数据库，例如 postgresql+psycopg://frontdesk:密码@192.168.1.10/frontdesk")
    parser.set_defaults(handler=lambda args: cmd_migrate_to(args, open_db))
