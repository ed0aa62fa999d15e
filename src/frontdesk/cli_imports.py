"""Command-line subcommands of the import contract: template, import, export (DESIGN §5)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from frontdesk import cli_types

EXIT_OK, EXIT_BAD_INPUT = 0, 2


_date = cli_types.day


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    def cmd_template(args: argparse.Namespace) -> int:
        from frontdesk.services import imports

        out = imports.template(open_db(args).opener(actor, system=True), args.kind, Path(args.out))
        print(f"已生成导入模板 {out}")
        return EXIT_OK

    def cmd_import(args: argparse.Namespace) -> int:
        from frontdesk.reports import import_files
        from frontdesk.services import imports

        db = open_db(args)
        result = imports.run_import(db.opener(actor, system=True), args.kind, Path(args.file), dry_run=args.dry_run)
        if result.ignored:
            print(result.ignored_line(), file=sys.stderr)
        if result.problems:
            for problem in result.problems:
                print(problem.line(), file=sys.stderr)
            print(f"共 {len(result.problems)} 处问题，文件中的 {result.rows} 行都没有导入。请改正后重新导入。",
                  file=sys.stderr)
            if args.report:
                headers, sheet = imports.read_rows_for_report(args.kind, Path(args.file))
                import_files.write_problem_report(headers, sheet, result.problems, Path(args.report))
                print(f"问题报告（出错的单元格已标红）：{args.report}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if args.dry_run:
            print(f"检查通过：{result.rows} 行都正确，其中 {result.rows - result.skipped} 行将新增、"
                  f"{result.skipped} 行已存在（未导入，--dry-run 只检查）。")
        else:
            print(f"已导入 {result.added} 条；{result.skipped} 条已存在，未重复添加。")
        for notice in result.notices:
            print(f"注意：{notice}")
        return EXIT_OK

    def cmd_export(args: argparse.Namespace) -> int:
        from frontdesk.services import imports

        db = open_db(args)
        count = imports.export(db.opener(actor, read_only=True, system=True), args.kind, Path(args.out),
                               args.date_from, args.date_to)
        print(f"已导出 {count} 条到 {args.out}")
        return EXIT_OK

    template = sub.add_parser("template", parents=[common], help="生成空白导入模板")
    template.add_argument("kind", help="类型")
    template.add_argument("out")
    template.set_defaults(handler=cmd_template)

    importer = sub.add_parser("import", parents=[common], help="导入 Excel：先检查全部行，全部正确才导入")
    importer.add_argument("kind")
    importer.add_argument("file")
    importer.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    importer.add_argument("--report", help="出错时把问题报告另存为这个 xlsx 文件")
    importer.set_defaults(handler=cmd_import)

    export = sub.add_parser("export", parents=[common], help="导出 Excel（与导入模板同样的列）")
    export.add_argument("kind")
    export.add_argument("out")
    export.add_argument("--from", dest="date_from", type=_date)
    export.add_argument("--to", dest="date_to", type=_date)
    export.set_defaults(handler=cmd_export)
