"""`frontdesk stats` and `frontdesk report monthly|yearly`: the statistics, on the terminal, as JSON,
and as the same PDF and Excel the 统计报表 tab writes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def _period(args: argparse.Namespace):
    from frontdesk.services import stats

    if getattr(args, "month", None):
        return stats.parse_month(args.month)
    if getattr(args, "quarter", None):
        return stats.parse_quarter(args.quarter)
    return stats.parse_year(args.year)


def _print_table(rep) -> None:
    from frontdesk.services.stats.figures import display

    print(f"{rep.company}　{rep.period.label}统计（{rep.period.start:%Y-%m-%d} 至 {rep.period.end:%Y-%m-%d}）")
    print(f"{'指标':<16}\t{'本期':>14}\t{'上期':>14}\t{'去年同期':>14}")
    for key, name, now, before, ago in rep.rows():
        print(f"{name:<16}\t{display(key, now):>14}\t{display(key, before):>14}\t{display(key, ago):>14}")
    print("来电来访类别：" + "，".join(f"{k} {v}" for k, v in rep.current.contacts_by_category.items()))
    for p in rep.current.by_phase:
        print(f"{p.phase}：应收 {p.charged:,.2f}，已收 {p.collected:,.2f}，收费率 {display('collection_rate', p.collection_rate)}"
              f"，户收费率 {display('household_collection_rate', p.household_collection_rate)}")


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    stats_parser = sub.add_parser("stats", parents=[common], help="月度或年度统计（--json 输出机器可读的数字）")
    which = stats_parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", help="统计月份 YYYY-MM，例如 2026-11")
    which.add_argument("--quarter", help="统计季度 YYYYQn，例如 2025Q3")
    which.add_argument("--year", help="统计年份 YYYY，例如 2026")
    stats_parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象（比率为 0–1 的小数，金额为字符串）")

    def cmd_stats(args: argparse.Namespace) -> int:
        from frontdesk.services import stats

        period = _period(args)
        db = open_db(args)
        with db.session(actor, read_only=True, system=True) as session:
            if args.json:
                current = stats.compute(session, period)
                result = stats.to_json(current)
                previous = stats.to_json(stats.compute(session, period.previous()))
                result["previous"] = previous
                # A year's previous period is the year before: computed once.
                result["same_period_last_year"] = previous if period.year_ago() == period.previous() else \
                    stats.to_json(stats.compute(session, period.year_ago()))
                json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
                print()
            else:
                _print_table(stats.report(session, period, with_lists=False))
        return EXIT_OK

    stats_parser.set_defaults(handler=cmd_stats)

    report = sub.add_parser("report", parents=[common], help="月度 / 年度统计报表（PDF、Excel）")
    report_sub = report.add_subparsers(dest="report_command", required=True)
    monthly = report_sub.add_parser("monthly", parents=[common], help="月度报表")
    monthly.add_argument("--month", required=True, help="统计月份 YYYY-MM")
    yearly = report_sub.add_parser("yearly", parents=[common], help="年度报表（开头是年度工作总结段落）")
    yearly.add_argument("--year", required=True, help="统计年份 YYYY")
    for parser in (monthly, yearly):
        parser.add_argument("--pdf", help="输出的 PDF 文件")
        parser.add_argument("--xlsx", help="输出的 Excel 文件")

    def cmd_report(args: argparse.Namespace) -> int:
        from frontdesk.services import stats

        period = _period(args)
        if not args.pdf and not args.xlsx:
            print("错误：请用 --pdf 文件 或 --xlsx 文件 指定要输出的报表", file=sys.stderr)
            return EXIT_BAD_INPUT
        db = open_db(args)
        try:
            from frontdesk.services import exports

            with db.session(actor, read_only=True, system=True) as session:
                rep = stats.report(session, period, list_limit=None)  # the files hold every row of each list
                if args.pdf:
                    print(f"已输出 {period.label}统计报表到 {exports.stats_report(session, rep, pdf=args.pdf)[0]}")
                if args.xlsx:
                    print(f"已输出 {period.label}统计表到 {exports.stats_report(session, rep, xlsx=args.xlsx)[0]}")
        except OSError as exc:
            print(f"错误：无法写入文件（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
            return EXIT_FAILURE
        return EXIT_OK

    for parser in (monthly, yearly):
        parser.set_defaults(handler=cmd_report)
