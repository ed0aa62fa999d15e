"""`frontdesk board pdf GG-YYYY-NNN OUT.pdf [--a3]` and `frontdesk vendor minutes|notice --month M --vendor NAME
OUT.pdf`: the notice-board poster, the 月会纪要 and the 整改通知单, the same files the GUI previews."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def _written(out: str, action: Callable[[], Path], what: str) -> int:
    try:
        path = action()
    except OSError as exc:
        print(f"错误：无法写入 {out}（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
        return 1
    print(f"已输出{what}到 {path}")
    return 0


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    board = sub.add_parser("board", parents=[common], help="宣传栏公告")
    board_sub = board.add_subparsers(dest="board_command", required=True)
    poster = board_sub.add_parser("pdf", parents=[common], help="把一份公告输出为张贴用的 PDF（A4，或 --a3）")
    poster.add_argument("number", help="公告编号，如 GG-2025-001")
    poster.add_argument("out", help="输出的 PDF 文件")
    poster.add_argument("--a3", action="store_true", help="A3 大张（默认 A4）")

    def cmd_board_pdf(args: argparse.Namespace) -> int:
        from frontdesk.reports.pdf.board_poster import write_poster_pdf

        with open_db(args).session(actor, system=True) as session:
            return _written(args.out, lambda: write_poster_pdf(session, args.number, Path(args.out), args.a3),
                            f"公告 {args.number.strip().upper()} ")

    poster.set_defaults(handler=cmd_board_pdf)

    vendor = sub.add_parser("vendor", parents=[common], help="外包方月会")
    vendor_sub = vendor.add_subparsers(dest="vendor_command", required=True)
    for name, help_text, what in (("minutes", "输出某外包方某月的月会纪要（A4 PDF）", "月会纪要"),
                                  ("notice", "输出某外包方某月月会的整改通知单（A4 PDF）", "整改通知单")):
        command = vendor_sub.add_parser(name, parents=[common], help=help_text)
        command.add_argument("--month", required=True, help="月份 YYYY-MM，如 2025-06")
        command.add_argument("--vendor", required=True, help="外包方名称（全称，或能唯一确定它的一部分）")
        command.add_argument("out", help="输出的 PDF 文件")
        command.set_defaults(handler=_vendor_handler(open_db, actor, name, what))


def _vendor_handler(open_db: Callable, actor: str, name: str, what: str):
    def handler(args: argparse.Namespace) -> int:
        from frontdesk.reports.pdf import vendor_minutes
        from frontdesk.services import vendor_documents

        with open_db(args).session(actor, system=True) as session:
            meeting_id = vendor_documents.meeting_for_month(session, args.vendor, args.month)
            if name == "notice":
                doc = vendor_documents.rectification_document(session, meeting_id)
                render = vendor_minutes.render_rectification
            else:
                doc = vendor_documents.minutes_document(session, meeting_id)
                render = vendor_minutes.render_minutes
            return _written(args.out, lambda: render(doc, Path(args.out)), f"{doc.vendor} {args.month} {what}")
    return handler
