"""The command line: a thin front over the services (see DESIGN §5).

Exit status: 0 done, 2 bad input (Chinese message on stderr), 1 other failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from frontdesk import __version__, config, failures
from frontdesk.errors import NotPossible

CLI_ACTOR = "命令行"
EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]

_opened: list = []  # databases of this command, closed when it ends (a server sees a clean goodbye)


# Commands that may create a database where there is none; the others say the file is missing.
CREATING_COMMANDS = {None, "init", "demo", "gui", "user", "import", "restore"}


def _connect(args: argparse.Namespace):
    from frontdesk.db.engine import Database

    url = config.resolve_db_url(args.db)
    path = config.DbLocation(url).sqlite_path
    if path is not None and path.is_dir():
        raise NotPossible(f"--db 给出的 {path} 是一个文件夹，不是数据库文件。请写数据库文件的路径，例如 {path / 'frontdesk.db'}")
    if path is not None and not path.exists() and getattr(args, "command", None) not in CREATING_COMMANDS:
        raise NotPossible(f"数据库文件 {path} 不存在（没有新建它）。请检查 --db 给出的路径；新建数据库请用 frontdesk init。")
    try:
        db = Database(url)
    except ValueError as exc:  # e.g. a port that is not a number: SQLAlchemy's URL parser gives up
        raise NotPossible(f"数据库地址写得不对（{exc}）。--db 应为 SQLite 文件路径，"
                          "或 postgresql+psycopg://用户:密码@服务器:端口/数据库名") from None
    _opened.append(db)
    return db


def _open_db(args: argparse.Namespace, upgrade: bool = True):
    from frontdesk.db import migrate

    db = _connect(args)
    if upgrade:
        result = migrate.upgrade(db)
        if result.backup_path:
            print(f"升级前已备份到 {result.backup_path}", file=sys.stderr)
    return db


def cmd_init(args: argparse.Namespace) -> int:
    from frontdesk.db import migrate
    from frontdesk.services import settings, staff

    db = _connect(args)
    result = migrate.upgrade(db)
    with db.session(CLI_ACTOR, system=True) as session:
        settings.seed_lists(session)
        staff.ensure_admin(session)
    if result.created:
        print(f"已创建数据库：{db.location.display()}（结构版本 {result.after}）")
    elif result.upgraded:
        print(f"已将数据库从 {result.before} 升级到 {result.after}；升级前的备份：{result.backup_path or '（服务器端自行备份）'}")
    else:
        print(f"数据库已是最新（结构版本 {result.after}）：{db.location.display()}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from frontdesk.services import demo

    db = _open_db(args)
    scale = demo.SMALL if args.small else demo.FULL
    if args.if_empty and not demo.is_empty(db):
        print("数据库中已有数据，未生成演示数据。")
        return EXIT_OK
    with db.session("演示数据", system=True) as session:
        summary = demo.fill(session, args.year, scale, progress=lambda step: print(f"正在生成：{step}…", file=sys.stderr))
    print(f"演示数据已生成：房屋 {summary.units} 套，住户 {summary.persons} 人，员工 {summary.staff} 人，"
          f"来电来访 {summary.contacts} 条")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DatabaseError

    from frontdesk.db import backup, migrate

    db = _open_db(args, upgrade=False)
    if args.repair:
        _repair_derived(db)
    try:
        report = backup.check(db)
    except DatabaseError as exc:  # a damaged or non-SQLite file: that is the finding, not a crash
        print(f"检查未通过：{failures.describe(exc).message}", file=sys.stderr)
        return EXIT_FAILURE
    revision = migrate.ensure_not_newer(db)
    if revision != migrate.head_revision():
        report.problems.append(f"数据库结构版本为 {revision or '（空）'}，需要先运行 frontdesk init 升级")
    elif report.ok:  # statistics kept for periods already over still agree with the bills
        from frontdesk.services import collection_rates

        with db.session(CLI_ACTOR, system=True, read_only=True) as session:
            report.problems.extend(collection_rates.kept_figures_problems(session))
    for table, count in report.table_counts.items():
        print(f"{table}\t{count}")
    if report.ok:
        print("检查通过：数据库完整，没有发现问题。")
        return EXIT_OK
    for problem in report.problems:
        print(problem, file=sys.stderr)
    return EXIT_FAILURE


def _repair_derived(db) -> None:
    """What is kept from the money records: each allocation's copies, then each unit's arrears summary."""
    from frontdesk.db import allocation_copies, arrears_summary, closed_figures, migrate

    if not migrate.is_current(db):
        raise NotPossible("数据库结构版本不是最新，不能重算欠费汇总：请先运行 frontdesk init 升级（升级时会重算）")
    with db.session(CLI_ACTOR, system=True) as session:
        rewritten = allocation_copies.rewrite(session)
        arrears_summary.rebuild(session)
        dropped = closed_figures.drop_all(session)
    if dropped:
        print(f"已清除 {dropped} 项保存的统计结果，下次统计时按账单重算。", file=sys.stderr)
    if rewritten:
        print(f"已按收据和应收重写 {rewritten} 条分摊记录抄录的收款日期与账期。", file=sys.stderr)
    print("已按应收明细重算每户欠费汇总。", file=sys.stderr)


def cmd_backup(args: argparse.Namespace) -> int:
    from frontdesk.db import backup, manifest
    from frontdesk.services import backups

    db = _open_db(args, upgrade=False)
    dest = Path(args.out) if args.out else backup.default_backup_path()
    backups.backup_to(db.opener(CLI_ACTOR, system=True), db, dest, who=CLI_ACTOR)
    print(f"已备份到 {dest}（校验记录：{manifest.path_for(dest).name}）")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from frontdesk.db import migrate
    from frontdesk.services import backups

    db = _open_db(args, upgrade=False)
    if args.force_unverified:
        print("警告：将按 --force-unverified 恢复；没有校验记录的文件无法确认完整、未被改动。", file=sys.stderr)
    kept = backups.restore_from(db.opener(CLI_ACTOR, system=True), db, Path(args.file),
                                force_unverified=args.force_unverified, who=CLI_ACTOR)
    restored = _open_db(args, upgrade=False)
    migrate.ensure_not_newer(restored)
    print(f"已从 {args.file} 恢复；恢复前的数据库已另存为 {kept}")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    from frontdesk.services import users

    db = _open_db(args)
    with db.session(CLI_ACTOR, system=True) as session:
        ref, initial = users.add_user(session, args.name, args.role, args.password)
    print(f"已添加员工 {ref.name}（{ref.role}），编号 {ref.id}，已开通登录账号")
    if initial:
        print(f"初始密码：{initial}（首次登录后请本人修改）")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from frontdesk import app

    return app.run(db_url=config.resolve_db_url(args.db), smoke=getattr(args, "smoke", False),
                   ring_hook=getattr(args, "ring_hook", False), timings=getattr(args, "timings", False))


def build_parser(only_gui: bool = False) -> argparse.ArgumentParser:
    """Every command; `only_gui` leaves out all but `gui`, so the window's start does not wait for
    the other commands' modules and parsers."""
    db_help = "数据库：SQLite 文件路径或 SQLAlchemy URL（也可用环境变量 FRONTDESK_DB）"
    # --db is taken before or after the command (`frontdesk --db X init` = `frontdesk init --db X`): the
    # commands' copy sets nothing unless given, or its default would overwrite the one given before.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    parser = argparse.ArgumentParser(prog="frontdesk", description="物业客服前台")
    parser.add_argument("--db", default=None, help=db_help)
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", parents=[common], help="打开前台窗口")
    gui.add_argument("--smoke", action="store_true", help="打开窗口、载入第一页后立即退出（用于检查安装）")
    gui.add_argument("--timings", action="store_true",
                     help="与 --smoke 一起用：最后输出一行 JSON，记录从进程启动到登录框、主窗口、第一页载入的秒数")
    gui.add_argument("--ring-hook", action="store_true",
                     help="本次运行打开本机来电接口（127.0.0.1），供 frontdesk ring 和电话系统通知来电")
    gui.set_defaults(handler=cmd_gui)
    if only_gui:
        return parser

    sub.add_parser("init", parents=[common], help="创建或升级数据库").set_defaults(handler=cmd_init)

    demo = sub.add_parser("demo", parents=[common], help="在空数据库中生成一年的演示数据")
    demo.add_argument("--year", type=int, default=None, help="生成哪一年的数据（默认：截至今天的最近一年）")
    demo.add_argument("--small", action="store_true", help="只生成少量数据（用于测试）")
    demo.add_argument("--if-empty", action="store_true", help="数据库已有数据时什么也不做（启动脚本用）")
    demo.set_defaults(handler=cmd_demo)

    check = sub.add_parser("check", parents=[common], help="检查数据库完整性")
    check.add_argument("--repair", action="store_true", help="先按收据和应收重写分摊记录抄录的日期与账期、按应收明细重算每户欠费汇总、清除保存的统计结果，再检查")
    check.set_defaults(handler=cmd_check)

    backup = sub.add_parser("backup", parents=[common], help="备份数据库")
    backup.add_argument("out", nargs="?", help="备份文件路径（默认放在数据目录的 backups 下）")
    backup.set_defaults(handler=cmd_backup)

    restore = sub.add_parser("restore", parents=[common], help="从备份恢复数据库")
    restore.add_argument("file")
    restore.add_argument("--force-unverified", action="store_true",
                         help="（管理员）恢复一个没有校验记录的文件；无法确认它完整、未被改动")
    restore.set_defaults(handler=cmd_restore)

    user = sub.add_parser("user", parents=[common], help="员工账号")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", parents=[common], help="添加员工")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="前台客服 / 收费员 / 维修工 / 客服主管 / 管理员")
    add.add_argument("--password", help="登录密码（至少 6 位）；不填则生成一次性初始密码")
    add.set_defaults(handler=cmd_user_add)

    from frontdesk import cli_notices

    cli_notices.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_imports

    cli_imports.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_migrate

    cli_migrate.register(sub, common, _open_db)

    from frontdesk import cli_repairs

    cli_repairs.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_collections

    cli_collections.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_stats

    cli_stats.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_survey

    cli_survey.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_folder

    cli_folder.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_rings

    cli_rings.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_dayend

    cli_dayend.register(sub, common, _open_db, CLI_ACTOR)

    from frontdesk import cli_vendors

    cli_vendors.register(sub, common, _open_db, CLI_ACTOR)
    return parser


def starts_the_window(argv: list[str]) -> bool:
    """`frontdesk [--db X] [gui …]`: the command is `gui` (or none, which means gui)."""
    rest = list(argv)
    while rest and (rest[0] == "--db" or rest[0].startswith("--db=")):
        rest = rest[2:] if rest[0] == "--db" else rest[1:]
    return not rest or rest[0] == "gui"


def main(argv: list[str] | None = None) -> int:
    from frontdesk.console import make_streams_safe

    make_streams_safe()
    arguments = sys.argv[1:] if argv is None else argv
    parser = build_parser(only_gui=starts_the_window(arguments))
    args = parser.parse_args(arguments)
    handler: Handler = getattr(args, "handler", cmd_gui)
    try:
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:  # one mapping for every failure: a Chinese line, never a traceback
        failure = failures.report(exc)
        print(f"错误：{failure.message}", file=sys.stderr)
        return failure.exit_code
    finally:
        while _opened:
            with suppress(Exception):  # a server gone away cannot be said goodbye to
                _opened.pop().dispose()


if __name__ == "__main__":
    raise SystemExit(main())
