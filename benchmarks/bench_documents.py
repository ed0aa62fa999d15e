"""Documents and imports: the monthly PDF and yearly Excel beside bare ReportLab/openpyxl writing the
same document (document_baselines.py), 250 reminder letters in one PDF, and importing 10,000 units
into an empty database."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from time import perf_counter

import document_baselines
from frontdesk.db.engine import Database
from frontdesk.services import clock
from timing import Result, timed, within

ACTOR = "基准测试"
ROLE = "客服主管"  # a signed-in supervisor: every desk open, permissions checked as at the desk


def _alternate(product: Callable[[], object], baseline: Callable[[], float], runs: int) -> tuple[list, list]:
    """Product and baseline in turns, each warmed once: a busy machine slows both alike."""
    product()
    baseline()
    written, bare = [], []
    for _ in range(runs):
        started = perf_counter()
        product()
        written.append(perf_counter() - started)
        bare.append(baseline())
    return written, bare


def _monthly_pdf(rep, runs: int, tmp: Path) -> tuple[list, list]:
    """The product's monthly PDF beside bare ReportLab drawing the same paragraphs, tables and charts
    (document_baselines.py) in a process of its own."""
    from frontdesk.paths import font_path
    from frontdesk.reports.pdf import monthly_report, stats_layout

    title, footer = monthly_report.title_and_footer(rep)
    page = {"left": stats_layout.MARGIN, "right": stats_layout.MARGIN, "top": stats_layout.MARGIN,
            "bottom": stats_layout.BOTTOM_MARGIN, "footer_y": stats_layout.FOOTER_Y}
    content = document_baselines.describe_story(monthly_report.story(rep, title), font_path=str(font_path()),
                                                title=title, author=footer, footer=footer, page=page)
    out = tmp / "report.pdf"
    with document_baselines.BarePdfProcess(content, tmp) as bare:
        return _alternate(lambda: monthly_report.write_report_pdf(rep, out), bare.run, runs)


def _yearly_xlsx(rep, runs: int, tmp: Path) -> tuple[list, list]:
    """The product's yearly workbook beside bare openpyxl (write-only) writing the same cells, styling the
    same cells (header font/fill/alignment, number formats, the italic note) and setting the same widths,
    frozen header, filters and print setup."""
    from frontdesk.reports.stats_excel import write_stats_workbook

    out, bare_out = tmp / "report.xlsx", tmp / "bare.xlsx"
    write_stats_workbook(rep, out)
    sheets = document_baselines.describe_workbook(out)

    def bare() -> float:
        started = perf_counter()
        document_baselines.bare_workbook(sheets, bare_out)
        return perf_counter() - started

    return _alternate(lambda: write_stats_workbook(rep, out), bare, runs)


def reports(db: Database, runs: int, tmp: Path) -> list[Result]:
    try:
        from frontdesk.services import stats
    except ImportError:
        return []
    today = clock.today()
    month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"  # last month
    year = str(today.year - 1)
    found = []
    for label, period, write, goal, bare_name, limit in (
            (f"monthly report PDF {month}", stats.parse_month(month), _monthly_pdf,
             "≤ 3× bare ReportLab (same tables and charts)", "bare ReportLab, same tables and charts", 3.0),
            (f"yearly report Excel {year}", stats.parse_year(year), _yearly_xlsx,
             "≤ 2× bare openpyxl write-only (same cells)", "bare openpyxl write-only, same cells", 2.0)):
        with db.session(ACTOR, role=ROLE) as session:
            started = perf_counter()  # gathering is timed once: it is not a goal of its own and takes long
            rep = stats.report(session, period)
            gather = [perf_counter() - started]
        written, baseline = write(rep, runs, tmp)
        found.append(Result(f"{label}: gather figures", "—", gather, note="stats.report on the ten-year db"))
        found.append(within(Result(f"{label}: write", goal, written, bare_name, baseline), ratio_limit=limit))
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
