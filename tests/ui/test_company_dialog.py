"""First start: the administrator is asked for the company that signs the notices and letters."""

from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from frontdesk.db.models import Staff
from frontdesk.services import company, settings
from frontdesk.services.staff import StaffRef
from frontdesk.ui.dialogs.company_dialog import ask_if_missing


def _forget_company(db):
    with db.session() as s:
        for key in ("company_name", "company_address", "desk_phone"):
            settings.put(s, key, "")


def test_the_administrator_is_asked_at_the_first_start_and_the_desk_is_not(window, qtbot, demo_db, answers):
    _forget_company(demo_db)
    assert ask_if_missing(window.ctx, window) is None, "a receptionist cannot set the company up"
    with demo_db.session() as s:
        admin = s.scalar(select(Staff).where(Staff.role == "管理员"))
        window.ctx.user = StaffRef(admin.id, admin.name, admin.role)
    dialog = ask_if_missing(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.name.text() == ""
    dialog.name.setText("江海物业服务有限公司")
    dialog.phone.setText("0513-85550000")
    assert not dialog.save()
    assert "公司地址" in dialog.findChild(QLabel, "error_company_address").text()
    assert dialog.name.text() == "江海物业服务有限公司", "what was typed stays"
    dialog.address.setText("南通市工农路 1 号")
    assert dialog.save()
    with demo_db.session() as s:
        assert company.profile(s) == company.CompanyProfile("江海物业服务有限公司", "南通市工农路 1 号", "0513-85550000")
    assert ask_if_missing(window.ctx, window) is None, "asked only while something is missing"


def test_printing_a_notice_before_the_company_is_set_says_where_to_set_it(window, demo_db, answers):
    _forget_company(demo_db)
    tab = window.show_tab("违章整改")
    tab.table.selectRow(next(i for i, r in enumerate(tab.model.loaded_rows()) if r.notice_number))
    tab.preview_selected()
    assert tab.preview_dialog is None
    assert any("工具 → 设置" in t for t in answers.texts("warning"))
