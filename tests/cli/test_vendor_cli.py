"""`frontdesk board pdf` and `frontdesk vendor minutes|notice`: the documents written, read back as text."""

import subprocess
from datetime import date, datetime

from pypdf import PdfReader
from reportlab.lib.pagesizes import A3, A4

from frontdesk import cli
from frontdesk.services import board, clock, units, vendor_issues, vendors


def _fill(db) -> str:
    clock.freeze(datetime(2025, 6, 20, 9, 0))
    with db.session("张丽", system=True) as s:
        units.save_unit(s, units.UnitInput(code="1-1-1-0101", area="90"))
        v = vendors.save_vendor(s, vendors.VendorInput(company="洁美保洁服务有限公司", service="保洁", contact="李红"))
        meeting = vendors.hold_meeting(s, vendors.MeetingInput(v, date(2025, 6, 5), "张丽、李红（洁美）",
                                                               "通报五月保洁检查情况。"))
        fixed = vendor_issues.raise_issue(s, vendor_issues.IssueInput(
            v, "3栋1单元大堂", "大堂玻璃门未擦拭", date(2025, 6, 10), "周建国", raised_on=date(2025, 6, 5),
            meeting_id=meeting))
        vendor_issues.raise_issue(s, vendor_issues.IssueInput(
            v, "地下车库B区", "车库地面油污未清理", date(2025, 6, 25), "王芳", raised_on=date(2025, 6, 5),
            meeting_id=meeting))
        vendor_issues.recheck(s, fixed, "已整改", date(2025, 6, 10))
        number = board.post(s, board.AnnouncementInput("通知", "停水通知", "因管网维修，6月21日停水。",
                                                        date(2025, 6, 20), date(2025, 6, 22), ["1期1栋"]))
    return number


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_minutes_notice_and_poster_from_the_command_line(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FRONTDESK_DB", db.engine.url.render_as_string(hide_password=False))
    number = _fill(db)
    minutes, notice, poster, big = (tmp_path / n for n in ("m.pdf", "n.pdf", "p.pdf", "p3.pdf"))
    assert cli.main(["vendor", "minutes", "--month", "2025-06", "--vendor", "洁美", str(minutes)]) == 0
    text = _text(minutes)
    for expected in ("外包方月会纪要", "洁美保洁服务有限公司", "张丽、李红（洁美）", "大堂玻璃门未擦拭", "2025-06-25",
                     "王芳", "外包方代表（签字）", "第 1 页"):
        assert expected in text, expected
    assert cli.main(["vendor", "notice", "--month", "2025-06", "--vendor", "洁美", str(notice)]) == 0
    text = _text(notice)
    assert "整改通知单" in text and "车库地面油污未清理" in text and "大堂玻璃门未擦拭" not in text
    assert cli.main(["board", "pdf", number.lower(), str(poster)]) == 0
    assert cli.main(["board", "pdf", number, str(big), "--a3"]) == 0
    assert "停水通知" in _text(poster) and "1期1栋" in _text(poster) and "2025年6月20日" in _text(poster)
    sizes = [tuple(round(float(v)) for v in PdfReader(str(p)).pages[0].mediabox[2:]) for p in (poster, big)]
    assert sizes == [tuple(round(v) for v in A4), tuple(round(v) for v in A3)]
    fonts = subprocess.run(["pdffonts", str(poster)], capture_output=True, text=True, check=True).stdout
    assert "yes" in fonts.splitlines()[-1]  # the CJK font is embedded
    capsys.readouterr()
    assert cli.main(["vendor", "minutes", "--month", "2025-05", "--vendor", "洁美", str(tmp_path / "x.pdf")]) == 2
    assert "2025-05 没有月会记录" in capsys.readouterr().err
    assert cli.main(["board", "pdf", "GG-2025-099", str(tmp_path / "y.pdf")]) == 2
    assert "GG-2025-099" in capsys.readouterr().err
    clock.freeze(None)
