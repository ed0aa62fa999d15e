"""`frontdesk dayend pdf --date D [--collector NAME] OUT.pdf` and `frontdesk dayend close --date D --collector NAME`.

pdf: one 日结单 per collector who took or reversed money that day (or only the named one); nobody:
nothing is written, exit 0. close: hands the collector's day over (that day then takes no more
payments). Exit 2 for bad input (a Chinese message on stderr), 1 if the file cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，请写成 YYYY-MM-DD，例如 2025-06-30") from None


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    dayend = sub.add_parser("dayend", parents=[common], help="收费员日结：打印日结单（交款单）、日结交款")
    dayend_sub = dayend.add_subparsers(dest="dayend_command", required=True)

    pdf = dayend_sub.add_parser("pdf", parents=[common], help="日结单 PDF（A4，每位收费员一份）")
    pdf.add_argument("--date", dest="day", type=_day, required=True, help="收款日期 YYYY-MM-DD")
    pdf.add_argument("--collector", help="只打印这位收费员的日结单（姓名）")
    pdf.add_argument("out", help="输出的 PDF 文件")

    def cmd_pdf(args: argparse.Namespace) -> int:
        from frontdesk.reports.pdf.dayend_slip import write_slips
        from frontdesk.services import dayend as service

        db = open_db(args)
        with db.session(actor, system=True) as session:
            ids = [service.find_collector(session, args.collector).id] if args.collector else None
            try:
                count = write_slips(session, args.day, Path(args.out), ids)
            except OSError as exc:
                print(f"错误：无法写入 {args.out}（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
                return 1
        if not count:
            print(f"{args.day:%Y-%m-%d} 没有收款记录，未生成日结单。")
            return 0
        print(f"已生成 {args.day:%Y-%m-%d} 的日结单 {count} 份到 {args.out}")
        return 0

    pdf.set_defaults(handler=cmd_pdf)

    close = dayend_sub.add_parser("close", parents=[common], help="日结交款：结束该收费员当天的收款")
    close.add_argument("--date", dest="day", type=_day, required=True, help="收款日期 YYYY-MM-DD")
    close.add_argument("--collector", required=True, help="收费员姓名")
    close.add_argument("--receiver", default="", help="接收人（财务）")

    def cmd_close(args: argparse.Namespace) -> int:
        from frontdesk.services import dayend as service

        db = open_db(args)
        with db.session(actor, system=True) as session:
            person = service.find_collector(session, args.collector)
            slip = service.close_day(session, person.id, args.day, args.receiver)
        print(f"{slip.collector} {args.day:%Y-%m-%d} 已日结：收款 {len(slip.receipts)} 笔，冲正 {len(slip.reversals)} 笔，"
              f"实收 {slip.total:,.2f} 元，应交现金 {slip.cash_to_hand_over:,.2f} 元")
        return 0

    close.set_defaults(handler=cmd_close)
