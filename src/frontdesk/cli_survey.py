"""`frontdesk survey plan|pdf`: plan the quarter's 满意度调查 and print its questionnaires (DESIGN §5)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def register(sub, common: argparse.ArgumentParser, open_db: Callable, actor: str) -> None:
    survey = sub.add_parser("survey", parents=[common], help="满意度调查")
    survey_sub = survey.add_subparsers(dest="survey_command", required=True)

    plan = survey_sub.add_parser("plan", parents=[common], help="为一个季度抽样安排满意度调查")
    plan.add_argument("--quarter", required=True, help="季度，如 2025Q3")
    plan.add_argument("--per-building", type=int, default=None, help="每栋抽样户数（默认 5）")
    plan.add_argument("--seed", type=int, default=None, help="随机种子（同一种子、同一房屋档案抽出同样的房屋）")

    def cmd_plan(args: argparse.Namespace) -> int:
        from frontdesk.services import surveys

        db = open_db(args)
        data = surveys.PlanInput(args.quarter, seed=args.seed)
        if args.per_building is not None:
            data.per_building = args.per_building
        with db.session(actor, system=True) as session:
            planned = surveys.plan_survey(session, data)
        print(f"{planned.number} 已抽样 {planned.count} 户（{planned.buildings} 栋，每栋 {data.per_building} 户，"
              f"随机种子 {planned.seed}）")
        return 0

    plan.set_defaults(handler=cmd_plan)

    pdf = survey_sub.add_parser("pdf", parents=[common], help="输出调查问卷 PDF（每户一页 A4，带回执）")
    pdf.add_argument("number", help="调查编号，如 DC-2025Q3")
    pdf.add_argument("out", help="输出的 PDF 文件")
    pdf.add_argument("--phone-script", action="store_true", help="改为输出电话话术和电话调查记录表")

    def cmd_pdf(args: argparse.Namespace) -> int:
        from frontdesk.reports.pdf.survey import write_survey_pdf

        db = open_db(args)
        try:
            with db.session(actor, read_only=True, system=True) as session:
                out = write_survey_pdf(session, args.number, Path(args.out), phone_script=args.phone_script)
        except OSError as exc:
            print(f"错误：无法写入 {args.out}（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
            return 1
        what = "电话话术" if args.phone_script else "调查问卷"
        print(f"已输出{what} {args.number.strip().upper()} 到 {out}")
        return 0

    pdf.set_defaults(handler=cmd_pdf)

    results = survey_sub.add_parser("results", parents=[common],
                                    help="调查结果输出为 Excel（服务项目、楼栋、意见）或 PDF 结果报告（A4）")
    results.add_argument("number", help="调查编号，如 DC-2025Q3")
    results.add_argument("out", help="输出的文件：.xlsx 为 Excel 工作簿，.pdf 为可打印的结果报告")

    def cmd_results(args: argparse.Namespace) -> int:
        from frontdesk.services import settings, survey_results

        suffix = Path(args.out).suffix.lower()
        if suffix not in (".xlsx", ".pdf"):
            print(f"错误：{args.out} 的扩展名应为 .xlsx（Excel）或 .pdf（结果报告）", file=sys.stderr)
            return 2
        db = open_db(args)
        with db.session(actor, read_only=True, system=True) as session:
            result = survey_results.results(session, args.number)
            company = str(settings.get(session, "company_name"))
        try:
            if suffix == ".pdf":
                from frontdesk.reports.pdf.survey_report import render_survey_results

                out = render_survey_results(result, company, Path(args.out))
            else:
                from frontdesk.reports.survey_excel import write_survey_results

                out = write_survey_results(result, Path(args.out))
        except OSError as exc:
            print(f"错误：无法写入 {args.out}（{exc.strerror or exc}），请换一个可写的位置", file=sys.stderr)
            return 1
        print(f"{result.number} 已答 {result.tally.answered}/{result.tally.units} 户，结果已输出到 {out}")
        return 0

    results.set_defaults(handler=cmd_results)
