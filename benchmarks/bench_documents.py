"""Documents and imports: the monthly PDF and yearly Excel beside bare ReportLab/openpyxl writing the
same rows, 250 reminder letters in one PDF, and importing 10,000 units into an empty database."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from time import perf_counter

from frontdesk.db.engine import Database
from frontdesk.services import clock
from timing import Result, timed, within

ACTOR = "基准测试"
ROLE = "客服主管"  # a signed-in supervisor: every desk open, permissions checked as at the desk


def _bare_pdf(rows, out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from frontdesk.reports.fonts import register_pdf_font

    font = register_pdf_font()
    style = ParagraphStyle("cell", fontName=font, fontSize=9, wordWrap="CJK")
    data = [[Paragraph(str(cell), style) for cell in row[1:]] for row in rows]
    SimpleDocTemplate(str(out), pagesize=A4).build([Table(data, repeatRows=1)])


def _bare_xlsx(rows, out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([str(cell) if cell is not None else "" for cell in row[1:]])
    book.save(out)


def reports(db: Database, runs: int, tmp: Path) -> list[Result]:
    try:
        from frontdesk.reports.pdf.monthly_report import write_report_pdf
        from frontdesk.reports.stats_excel import write_stats_workbook
        from frontdesk.services import stats
    except ImportError:
        return []
    today = clock.today()
    month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"  # last month
    year = str(today.year - 1)
    found = []
    for label, period, writer, bare, suffix in (
            (f"monthly report PDF {month}", stats.parse_month(month), write_report_pdf, _bare_pdf, "pdf"),
            (f"yearly report Excel {year}", stats.parse_year(year), write_stats_workbook, _bare_xlsx, "xlsx")):
        with db.session(ACTOR, role=ROLE) as session:
            started = perf_counter()  # gathering is timed once: it is not a goal of its own and takes long
            rep = stats.report(session, period)
            gather = [perf_counter() - started]
        out = tmp / f"report.{suffix}"
        written = timed(lambda writer=writer, rep=rep, out=out: writer(rep, out), runs)
        baseline = timed(lambda bare=bare, rep=rep, out=out: bare(rep.rows(), out), runs)
        found.append(Result(f"{label}: gather figures", "—", gather, note="stats.report on the ten-year db"))
        found.append(within(Result(f"{label}: write", "≤ 1.3× bare", written,
                                   f"bare {'ReportLab' if suffix == 'pdf' else 'openpyxl'}", baseline),
                            ratio_limit=1.3))
    return found


def letters(db: Database, runs: int, tmp: Path) -> Result | None:
    try:
        from frontdesk.reports.pdf.collection_letters import LetterHead, render_letters
        from frontdesk.services import letters as letter_service
        from frontdesk.services import settings
    except ImportError:
        return None
    today = clock.today()

    def run():
        with db.session(ACTOR, role=ROLE) as session:
            chosen = letter_service.select_letters(session, 3, today)[:250]
            head = LetterHead(company=settings.get(session, "company_name"),
                              project=settings.get(session, "project_name"),
                              desk_phone=settings.get(session, "desk_phone"),
                              legal_basis=settings.get(session, "collection_letter_basis"), as_of=today, sent_on=today)
        render_letters(chosen, head, tmp / "letters.pdf")
        return len(chosen)

    with db.session(ACTOR, role=ROLE) as session:
        count = len(letter_service.select_letters(session, 3, today)[:250])
    result = Result(f"{count} reminder letters in one PDF (select + render)", "≤ 3 s", timed(run, runs, warmup=0))
    return within(result, median_limit=3.0)


def _units_workbook(path: Path, count: int) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["期", "楼栋", "单元", "房号", "建筑面积", "收房状态", "收房日期", "业主姓名", "联系电话", "备注"])
    made = 0
    building = 0
    while made < count:
        building += 1
        for entrance in (1, 2):
            for floor in range(1, 26):
                for door in (1, 2):
                    if made == count:
                        break
                    sheet.append([7, building, entrance, f"{floor:02d}{door:02d}", 89.5, "已收房", date(2020, 5, 1),
                                  f"业主{made}", f"139{made:08d}", ""])
                    made += 1
    book.save(path)


def import_units(runs: int, tmp: Path) -> Result:
    workbook = tmp / "units-10000.xlsx"
    _units_workbook(workbook, 10_000)
    times = []
    for index in range(runs):
        target = tmp / f"import-{index}.db"
        cmd = [sys.executable, "-m", "frontdesk", "init", "--db", str(target)]
        subprocess.run(cmd, check=True, capture_output=True)
        start = perf_counter()
        subprocess.run([sys.executable, "-m", "frontdesk", "import", "units", str(workbook), "--db", str(target)],
                       check=True, capture_output=True)
        times.append(perf_counter() - start)
    return within(Result("import 10,000 units (frontdesk import units, whole command)", "≤ 5 s", times),
                  median_limit=5.0)


def stats_cli(db_path: Path, runs: int) -> Result | None:
    year = str(clock.today().year - 1)
    cmd = [sys.executable, "-m", "frontdesk", "stats", "--year", year, "--json", "--db", str(db_path)]
    if subprocess.run(cmd, capture_output=True).returncode != 0:
        return None

    def run():
        subprocess.run(cmd, check=True, capture_output=True)

    return within(Result(f"stats --year {year} --json (whole command)", "≤ 1 s", timed(run, min(runs, 3), warmup=0)),
                  median_limit=1.0)


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="bench-")
