"""催缴函 and receipts: text extracted from the PDF, one page per owner, the font embedded."""

from datetime import date

from pypdf import PdfReader
from sqlalchemy import func, select

from frontdesk.db.models import CollectionAction, Payment, Staff
from frontdesk.reports.pdf.collection_letters import render_letters
from frontdesk.reports.pdf.receipt import write_receipt
from frontdesk.services import collections, letters


def _fonts(reader: PdfReader) -> set[str]:
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2")):
                found.add(str(font["/BaseFont"]))
    return found


def test_letters_one_page_per_owner_past_n_months_and_actions_recorded(demo_db, frozen_now, tmp_path):
    out = tmp_path / "催缴函.pdf"
    with demo_db.session("测试", system=True) as s:
        expected = letters.select_letters(s, 12)
        assert expected, "the demo has owners more than a year in arrears"
        before = s.scalar(select(func.count()).select_from(CollectionAction).where(CollectionAction.method == "催缴函"))
        run = letters.send_letters(s, lambda chosen, head: render_letters(chosen, head, out), overdue_months=12)
    assert run.letters == len(expected) == run.recorded
    reader = PdfReader(str(out))
    assert len(reader.pages) == len(expected)
    first = expected[0]
    text = reader.pages[0].extract_text()
    assert first.unit_code in text and first.owners.split("、")[0] in text
    assert f"{first.total:,.2f}" in text and first.total_in_capitals in text
    assert "回执" in text and "民法典" in text
    assert "停水" not in text and "停电" not in text
    assert any("WenQuanYi" in name for name in _fonts(reader)), "the CJK font is embedded"
    with demo_db.session(system=True) as s:
        after = s.scalar(select(func.count()).select_from(CollectionAction).where(CollectionAction.method == "催缴函"))
        assert after == before + len(expected)
        for letter in expected:
            assert collections.unit_ledger(s, letter.unit_id).actions[0].method == "催缴函"
    with demo_db.session("测试", system=True) as s:
        again = letters.send_letters(s, lambda chosen, head: render_letters(chosen, head, tmp_path / "again.pdf"),
                                     overdue_months=12)
        assert again.recorded == 0, "not twice a day"


def test_letters_leave_out_owners_in_arrears_for_less_than_n_months(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        long_overdue = {x.unit_id for x in letters.select_letters(s, 12)}
        shorter = {x.unit_id for x in letters.select_letters(s, 3)}
        assert long_overdue < shorter
        as_of = date(2026, 11, 25)
        for letter in letters.select_letters(s, 12, as_of):
            assert letter.oldest_period < "2025-11"


def test_receipt_pdf_holds_the_number_unit_months_and_amount(demo_db, frozen_now, tmp_path):
    with demo_db.session(system=True) as s:
        payment = s.scalars(select(Payment).order_by(Payment.id.desc())).first()
        out = write_receipt(s, payment.id, tmp_path / "receipt.pdf")
        text = PdfReader(str(out)).pages[0].extract_text()
        assert payment.receipt_no in text and payment.unit.code in text
        assert f"{payment.amount:,.2f}" in text and "收款收据" in text and payment.method in text
        assert "冲正" not in text
        payment_id, number = payment.id, payment.receipt_no
    from frontdesk.services import payments

    with demo_db.session("吴海燕", "客服主管") as s:
        payments.reverse_payment(s, payment_id, "收错了房号")
    with demo_db.session(system=True) as s:  # printed again after the reversal: it says so, across the page
        text = PdfReader(str(write_receipt(s, payment_id, tmp_path / "again.pdf"))).pages[0].extract_text()
    assert number in text and "冲正（冲正凭证 CZ-" in text and "原因：收错了房号" in text and "本收据作废" in text
    assert "已冲正 作废" in text


def test_a_receipt_names_a_month_paid_in_part_apart(demo_db, frozen_now, tmp_path):
    """Three months and a little of the fourth: the receipt says 3 months, and the fourth only in part."""
    from decimal import Decimal

    from frontdesk.services import collections, payments

    with demo_db.session(system=True) as s:
        row = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 1)[0]
        first = [c for c in payments.open_charges(s, row.unit_id) if c.item == "物业费"][:4]
        assert len(first) == 4 and all(c.paid == 0 for c in first)
    amount = sum(c.open for c in first[:3]) + Decimal("3.90")
    with demo_db.session("刘洋", system=True) as s:
        collector = s.scalar(select(Staff.id).where(Staff.name == "刘洋"))
        taken = payments.take_payment(s, payments.PaymentInput(
            unit_id=row.unit_id, amount=str(amount), method="现金", paid_on=frozen_now.date(),
            collector_id=collector, charge_ids=[c.id for c in first]))
        payment_id = taken.id
    with demo_db.session(system=True) as s:
        text = PdfReader(str(write_receipt(s, payment_id, tmp_path / "part.pdf"))).pages[0].extract_text()
    assert f"{first[0].period} 至 {first[2].period}（3个月）" in text
    assert f"{first[3].period}（部分 3.90）" in text
    assert f"{first[0].period} 至 {first[3].period}" not in text
