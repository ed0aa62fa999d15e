"""月会纪要 with many items runs onto numbered pages; a long poster body shrinks onto its one page."""

from datetime import date

from pypdf import PdfReader

from frontdesk.reports.pdf.board_poster import render_poster
from frontdesk.reports.pdf.vendor_minutes import render_minutes, render_rectification
from frontdesk.services.board import PosterDocument
from frontdesk.services.vendor_documents import MinutesDocument
from frontdesk.services.vendor_issues import IssueRow


def _minutes(items: int) -> MinutesDocument:
    rows = [IssueRow(n, "洁美保洁", "月会", date(2025, 6, 5), f"{n}栋大堂", f"第{n}项：地面污渍未清理，" * 3,
                     date(2025, 6, 12), "周建国", None, "", "待整改" if n % 2 else "已整改", int(n % 3 == 0), False)
            for n in range(1, items + 1)]
    return MinutesDocument("天元物业服务有限公司", "天元花园", "0513-8888 6666", "洁美保洁服务有限公司", "保洁",
                           "李红 13815260311", date(2025, 6, 5), "张丽、李红", "吴海燕", "通报五月检查情况。", rows,
                           date(2025, 6, 6))


def test_a_long_agenda_runs_onto_numbered_pages_with_the_signatures_at_the_end(tmp_path):
    out = render_minutes(_minutes(40), tmp_path / "m.pdf")
    pages = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert len(pages) >= 2
    assert "第 2 页" in pages[1] and "问题描述" in pages[1]  # the header row repeats
    assert "第40项" in pages[-1] and "外包方代表（签字）" in pages[-1]
    assert "（上月结转，第 1 次）" in "".join(pages).replace("\n", "")  # wrapped in its cell


def test_the_rectification_notice_lists_only_what_it_is_given(tmp_path):
    doc = _minutes(4)
    doc.items = doc.open_items
    text = PdfReader(str(render_rectification(doc, tmp_path / "n.pdf"))).pages[0].extract_text()
    assert "整改通知单" in text and "第1项" in text and "第2项" not in text and "洁美保洁服务有限公司：" in text


def test_a_long_poster_body_stays_on_one_page(tmp_path):
    body = "\n".join(["\u3000\u3000因市政管网维修，小区将分时段停水，请提前储水。" * 6] * 12)
    doc = PosterDocument("天元物业服务有限公司", "GG-2025-001", "通知", "停水通知", body, "1期3栋、2期5栋",
                         date(2025, 6, 10), date(2025, 6, 13), "0513-8888 6666", False)
    reader = PdfReader(str(render_poster(doc, tmp_path / "p.pdf")))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "停水通知" in text and "张贴楼栋：1期3栋、2期5栋" in text and "2025年6月10日" in text
