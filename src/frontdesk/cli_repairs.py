"""`frontdesk workorder pdf NUMBER OUT.pdf`: the printed 派工单, the same file the GUI previews."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    workorder = sub.add_parser("workorder", parents=[common], help="报修派工单")
    workorder_sub = workorder.add_subparsers(dest="workorder_command", required=True)
    pdf = workorder_sub.add_parser("pdf", parents=[common], help="把报修单输出为派工单 PDF")
    pdf.add_argument("number", nargs="+", help="报修单号，如 BX-202611-0001（可写多个，每单一页）")
    pdf.add_argument("out", help="输出的 PDF 文件")
    pdf.add_argument("--page", choices=("A4", "A5"), default="A4", help="纸张：A4（默认）或 A5")
    pdf.add_argument("--two-copies", action="store_true", help="每页两联：维修联和存根联")

    def cmd_workorder_pdf(args: argparse.Namespace) -> int:
        from frontdesk.reports.pdf.work_order import write_work_orders

        db = open_db(args)
        try:
            with db.session(actor, system=True) as session:
                pages = write_work_orders(session, args.number, Path(args.out), args.page, args.two_copies)
        except OSError as exc:
            print(f"错误：无法写入 {args.out}（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
            return 1
        print(f"已输出派工单 {'、'.join(n.strip().upper() for n in args.number)} 到 {args.out}（{pages} 页）")
        return 0

    pdf.set_defaults(handler=cmd_workorder_pdf)
