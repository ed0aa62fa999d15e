"""`frontdesk notice pdf NUMBER OUT.pdf`: 0 with the PDF written, 2 with a Chinese message for an unknown number."""

from datetime import date

import pytest
from pypdf import PdfReader

from frontdesk import cli
from frontdesk.db.engine import Database
from frontdesk.errors import DomainError
from frontdesk.services import company, units, violations
from frontdesk.services import violation_notices as notices


def _issue_one(data_home) -> str:
    db = Database(f"sqlite:///{data_home / 'frontdesk.db'}")
    with db.session("张丽", system=True) as s:
        units.save_unit(s, units.UnitInput(code="1-2-1-0501", area="89", occupants=[units.OccupantInput(name="李国强")]))
        vid = violations.record_violation(s, violations.ViolationInput(
            kind="外置阳台罩", description="北阳台加装彩钢阳台罩", found_by="周建国", found_date=date.today(),
            unit_text="1-2-1-0501"))
    data = notices.NoticeInput(rule="《管理规约》", requirement="拆除阳台罩")
    # A new install prints no notice before the administrator has named the company.
    with pytest.raises(DomainError, match="公司名称.*工具 → 设置"), db.session("张丽", system=True) as s:
        notices.issue_notice(s, vid, data)
    with db.session("管理员", system=True) as s:
        company.save_profile(s, company.CompanyProfile("江海物业服务有限公司", "南通市工农路 1 号", "0513-85550000"))
    with db.session("张丽", system=True) as s:
        number = notices.issue_notice(s, vid, data)
    db.dispose()
    return number


def test_notice_pdf_writes_the_notice_and_refuses_an_unknown_number(data_home, tmp_path, capsys):
    assert cli.main(["init"]) == 0
    number = _issue_one(data_home)
    out = tmp_path / "out" / "notice.pdf"
    capsys.readouterr()
    assert cli.main(["notice", "pdf", number.lower(), str(out), "--copies", "2"]) == 0
    assert number in capsys.readouterr().out
    pages = PdfReader(str(out)).pages
    assert len(pages) == 2 and number in pages[0].extract_text() and "李国强" in pages[0].extract_text()
    assert "江海物业服务有限公司" in pages[0].extract_text() and "天元" not in pages[0].extract_text()
    missing = tmp_path / "missing.pdf"
    assert cli.main(["notice", "pdf", "ZG-1999-0001", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "找不到编号为“ZG-1999-0001”的整改通知书" in err
    assert not missing.exists() and not missing.with_name("missing.pdf.part").exists()
