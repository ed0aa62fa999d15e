"""日结单 and the collectors' assessment sheet: text extracted from the PDF, the font embedded."""

from pypdf import PdfReader
from sqlalchemy import func, select
from test_collection_pdfs import _fonts

from frontdesk.db.models import DayClosing, Payment, Staff
from frontdesk.reports.pdf.collector_sheet import write_collector_sheet
from frontdesk.reports.pdf.dayend_slip import write_slips
from frontdesk.services import dayend


def test_the_slip_of_a_closed_day_shows_every_receipt_the_totals_and_the_signature_lines(demo_db, frozen_now,
                                                                                         tmp_path):
    out = tmp_path / "日结单.pdf"
    with demo_db.session("测试", system=True) as s:
        closing = s.scalars(select(DayClosing).where(DayClosing.receipts >= 2).order_by(DayClosing.day.desc())).first()
        slip = dayend.day_slip(s, closing.collector_id, closing.day)
        assert write_slips(s, closing.day, out, [closing.collector_id]) == 1
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "收费员日结单（交款单）" in text and f"收费员：{slip.collector}" in text and f"{closing.day:%Y-%m-%d}" in text
    for line in slip.receipts:
        assert line.receipt_no in text and line.unit_code in text and f"{line.amount:,.2f}" in text
    assert f"{closing.total:,.2f}" in text and f"应交现金：¥{closing.cash_to_hand_over:,.2f}" in text
    assert f"已日结：{closing.closed_by}" in text and closing.receiver in text
    assert "收费员（签字）" in text and "接收人（财务）（签字）" in text and "第 1 页" in text
    assert any("WenQuanYi" in font for font in _fonts(PdfReader(str(out))))


def test_one_slip_per_collector_of_the_day_each_on_its_own_page(demo_db, frozen_now, tmp_path):
    out = tmp_path / "day.pdf"
    with demo_db.session("测试", system=True) as s:
        day = s.scalar(select(Payment.paid_on).group_by(Payment.paid_on)
                       .having(func.count(func.distinct(Payment.collector_id)) >= 2).order_by(Payment.paid_on.desc()))
        collectors = dayend.collectors_on(s, day)
        closed = {c: dayend.day_slip(s, c, day).closed for c, _name in collectors}
        assert write_slips(s, day, out) == len(collectors) >= 2
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    assert len(pages) == len(collectors)
    for (collector_id, name), page in zip(collectors, pages, strict=True):
        assert f"收费员：{name}" in page and ("已日结" if closed[collector_id] else "未日结") in page


def test_the_collectors_assessment_sheet(demo_db, frozen_now, tmp_path):
    out = tmp_path / "考核表.pdf"
    with demo_db.session("测试", system=True) as s:
        names = list(s.scalars(select(Staff.name).where(Staff.role == "收费员")))
        write_collector_sheet(s, "2026-10", out)
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "2026-10 收费员月度考核表（提成）" in text and "2026-04 起" in text and "已于" in text
    assert all(name in text for name in names) and "收回一年以上欠费" in text and "客服主管" in text
