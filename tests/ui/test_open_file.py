"""A receipt that no viewer can open: the desk is told where it was saved and offered its folder."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from frontdesk.db.models import Payment, Staff
from frontdesk.services import collections, payments
from frontdesk.services.staff import StaffRef
from frontdesk.ui import open_file


def test_no_viewer_says_where_the_receipt_is_and_opens_its_folder(window, qtbot, demo_db, answers, typist,
                                                                  monkeypatch):
    opened = []
    monkeypatch.setattr(open_file, "open_url", lambda url: opened.append(url.toLocalFile()) and False)
    with demo_db.session(system=True) as s:
        row = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 1)[0]
        charge = payments.open_charges(s, row.unit_id)[0]
        cashier = s.scalar(select(Staff).where(Staff.name == "刘洋"))
        window.ctx.user = StaffRef(cashier.id, cashier.name, cashier.role)
    page = window.show_tab("收费催缴").show_page("收款")
    typist(page.unit, row.unit_code)
    qtbot.keyClick(page.unit, Qt.Key_Return)
    page.amount.clear()
    typist(page.amount, str(charge.open))
    answers.confirm_answer = True  # 现在打开查看和打印吗？
    answers.folder_answer = True
    qtbot.keyClick(page.amount, Qt.Key_Return)
    with demo_db.session(system=True) as s:
        number = s.scalars(select(Payment).order_by(Payment.id.desc())).first().receipt_no
    [offered] = answers.texts("offer_folder")
    receipt = opened[0]
    assert number in receipt and receipt in offered and "没有能打开" in offered
    assert len(opened) == 2 and receipt.startswith(opened[1]), "then its folder"
