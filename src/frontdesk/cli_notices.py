"""`frontdesk notice pdf NUMBER OUT.pdf`: the printed 整改通知书, the same file the GUI previews."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    notice = sub.add_parser("notice", parents=[common], help="整改通知书")
    notice_sub = notice.add_subparsers(dest="notice_command", required=True)
    pdf = notice_sub.add_parser("pdf", parents=[common], help="把一份整改通知书输出为 PDF（A4，带签收回执）")
    pdf.add_argument("number", help="通知书编号，如 ZG-2026-0001")
    pdf.add_argument("out", help="输出的 PDF 文件")
    pdf.add_argument("--copies", type=int, choices=(1, 2), default=1, help="1：一份；2：业主联和存根联各一份")

    def cmd_notice_pdf(args: argparse.Namespace) -> int:
        from frontdesk.reports.pdf.notice import write_notice_pdf

        db = open_db(args)
        try:
            with db.session(actor, system=True) as session:
                out = write_notice_pdf(session, [args.number], Path(args.out), copies=args.copies)
        except OSError as exc:
            print(f"错误：无法写入 {args.out}（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
            return 1
        print(f"已输出整改通知书 {args.number.strip().upper()} 到 {out}")
        return 0

    pdf.set_defaults(handler=cmd_notice_pdf)
