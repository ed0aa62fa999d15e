"""A document that no viewer can open (a letter run's PDF): the desk is told where it was saved and
offered its folder."""

from frontdesk.services.staff import StaffRef
from frontdesk.ui import open_file


def test_no_viewer_says_where_the_letters_are_and_opens_their_folder(window, qtbot, demo_db, answers, monkeypatch):
    from sqlalchemy import select

    from frontdesk.db.models import Staff

    opened = []
    monkeypatch.setattr(open_file, "open_url", lambda url: opened.append(url.toLocalFile()) and False)
    with demo_db.session(system=True) as s:
        cashier = s.scalar(select(Staff).where(Staff.name == "刘洋"))
        window.ctx.user = StaffRef(cashier.id, cashier.name, cashier.role)
    page = window.show_tab("收费催缴").show_page("催缴函")
    qtbot.waitUntil(lambda: page.letter_table.rowCount() > 0)
    answers.confirm_answer = True  # 继续吗？ then 现在打开查看和打印吗？
    answers.folder_answer = True
    page.send_button.click()
    qtbot.waitUntil(lambda: bool(answers.texts("offer_folder")), timeout=20000)
    [offered] = answers.texts("offer_folder")
    letters = opened[0]
    assert letters.endswith(".pdf") and letters in offered and "没有能打开" in offered
    assert len(opened) == 2 and letters.startswith(opened[1]), "then its folder"
