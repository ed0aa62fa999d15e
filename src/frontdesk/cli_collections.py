"""`frontdesk letters --overdue-months N [--as-of YYYY-MM-DD] OUT.pdf` and `frontdesk bills --from --to`.

letters: one 催缴函 (or with --kind 催收函) per owner whose oldest unpaid bill is more than N months
old, and a 催缴函/催收函 action recorded per unit (--dry-run: the PDF only). No owner qualifies:
nothing is written, exit 0. Exit 2 for bad input (a Chinese message on stderr), 1 if the file
cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from frontdesk import cli_types

_day = cli_types.day


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    letters = sub.add_parser("letters", parents=[common], help="催缴函 / 催收函（A4 PDF，每户一页，带回执）")
    letters.add_argument("--overdue-months", type=int, default=12, help="欠费超过几个月的业主（默认 12）")
    letters.add_argument("--as-of", type=_day, default=None, help="以哪一天为准（YYYY-MM-DD，默认今天）")
    letters.add_argument("--kind", choices=("催缴函", "催收函"), default="催缴函",
                         help="催缴函：已收房的欠费业主；催收函：已交付未收房的业主")
    letters.add_argument("--dry-run", action="store_true", help="只生成 PDF，不登记发函记录")
    letters.add_argument("out", help="输出的 PDF 文件")

    def cmd_letters(args: argparse.Namespace) -> int:
        from frontdesk.reports.pdf.collection_letters import render_letters
        from frontdesk.services import letters

        db = open_db(args)
        try:
            with db.session(actor, system=True) as session:
                run = letters.send_letters(session, lambda chosen, head: render_letters(chosen, head, Path(args.out)),
                                           args.overdue_months, args.as_of, args.kind, record=not args.dry_run)
        except OSError as exc:
            print(f"错误：无法写入 {args.out}（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
            return 1
        if run.path is None:
            print(f"没有欠费超过 {args.overdue_months} 个月的业主，未生成{args.kind}。")
            return 0
        recorded = "（试生成，未登记发函）" if args.dry_run else f"，已登记 {run.recorded} 条{args.kind}催缴记录"
        print(f"已生成{args.kind} {run.letters} 封到 {run.path}{recorded}")
        return 0

    letters.set_defaults(handler=cmd_letters)

    bills = sub.add_parser("bills", parents=[common], help="生成账单：每户每个收费项目每月一笔（重复运行不会重复计费）")
    bills.add_argument("--from", dest="first", required=True, help="开始月份 YYYY-MM")
    bills.add_argument("--to", dest="last", required=True, help="结束月份 YYYY-MM")

    def cmd_bills(args: argparse.Namespace) -> int:
        from frontdesk.services import billing

        db = open_db(args)
        with db.session(actor, system=True) as session:
            run = billing.generate_bills(session, args.first, args.last)
        print(f"已生成 {run.periods[0]}～{run.periods[-1]} 的账单 {run.created} 笔，金额 {run.amount:,.2f} 元；"
              f"已有的 {run.skipped_existing} 笔未重复生成")
        return 0

    bills.set_defaults(handler=cmd_bills)
