"""`frontdesk dayend pdf` and `frontdesk dayend close`: output and exit codes (DESIGN §5)."""

from pypdf import PdfReader
from sqlalchemy import select

from frontdesk import cli
from frontdesk.db.models import DayClosing
from frontdesk.services import dayend


def test_dayend_pdf_one_slip_per_collector_and_close_once(demo_db, frozen_now, tmp_path, capsys):
    with demo_db.session(system=True) as s:
        latest = dayend.unclosed_days(s)[-1]  # the demo leaves its last days for the collectors to close
        collectors = dayend.collectors_on(s, latest.day)
    day, name = f"{latest.day:%Y-%m-%d}", latest.collector
    out = tmp_path / "slips.pdf"
    assert cli.main(["dayend", "pdf", "--date", day, "--db", demo_db.url, str(out)]) == 0
    assert f"日结单 {len(collectors)} 份" in capsys.readouterr().out
    assert len(PdfReader(str(out)).pages) == len(collectors)
    one = tmp_path / "one.pdf"
    assert cli.main(["dayend", "pdf", "--date", day, "--collector", name, "--db", demo_db.url, str(one)]) == 0
    assert f"收费员：{name}" in PdfReader(str(one)).pages[0].extract_text()
    assert cli.main(["dayend", "close", "--date", day, "--collector", name, "--db", demo_db.url]) == 0
    assert f"{name} {day} 已日结" in capsys.readouterr().out
    with demo_db.session(system=True) as s:
        assert s.scalar(select(DayClosing.closed_by).where(DayClosing.day.isnot(None))
                        .order_by(DayClosing.id.desc())) == "命令行"
    assert cli.main(["dayend", "close", "--date", day, "--collector", name, "--db", demo_db.url]) == 2
    assert "不需要再结" in capsys.readouterr().err


def test_dayend_bad_input_and_a_day_without_payments(demo_db, frozen_now, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert cli.main(["dayend", "close", "--date", "2026-11-25", "--collector", "无此人", "--db", demo_db.url]) == 2
    assert "无此人" in capsys.readouterr().err
    assert cli.main(["dayend", "close", "--date", "2026-12-25", "--collector", "刘洋", "--db", demo_db.url]) == 2
    assert "还没有到" in capsys.readouterr().err
    assert cli.main(["dayend", "pdf", "--date", "2020-01-01", "--db", demo_db.url, str(out)]) == 0
    assert "没有收款记录" in capsys.readouterr().out and not out.exists()
    try:
        cli.main(["dayend", "pdf", "--date", "2026-13-01", "--db", demo_db.url, str(out)])
    except SystemExit as exc:
        assert exc.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
