"""`frontdesk letters` and `frontdesk bills`: output and exit codes (DESIGN §5)."""

from pypdf import PdfReader
from sqlalchemy import func, select

from frontdesk import cli
from frontdesk.db.models import Charge
from frontdesk.services import clock, letters


def test_letters_writes_one_page_per_owner_and_exits_0(demo_db, frozen_now, tmp_path, capsys):
    with demo_db.session(system=True) as s:
        expected = len(letters.select_letters(s, 12))
    out = tmp_path / "letters.pdf"
    assert cli.main(["letters", "--overdue-months", "12", "--as-of", "2026-11-25", "--db", demo_db.url, str(out)]) == 0
    assert f"{expected} 封" in capsys.readouterr().out
    assert len(PdfReader(str(out)).pages) == expected


def test_letters_exit_codes_for_bad_input_and_nobody_to_write_to(demo_db, frozen_now, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    assert cli.main(["letters", "--overdue-months", "0", "--db", demo_db.url, str(out)]) == 2
    assert "1 到 120" in capsys.readouterr().err
    assert cli.main(["letters", "--overdue-months", "12", "--as-of", "2030-01-01", "--db", demo_db.url, str(out)]) == 2
    assert "晚于今天" in capsys.readouterr().err
    try:
        cli.main(["letters", "--overdue-months", "12", "--as-of", "2026-13-01", "--db", demo_db.url, str(out)])
    except SystemExit as exc:
        assert exc.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert cli.main(["letters", "--overdue-months", "120", "--dry-run", "--db", demo_db.url, str(out)]) == 0
    assert "没有欠费超过 120 个月" in capsys.readouterr().out
    assert not out.exists()


def test_bills_twice_never_bills_twice(db, tmp_path, capsys):
    clock.freeze(clock.now().replace(year=2026, month=11, day=25))
    with db.session(system=True) as s:
        from frontdesk.services.units import UnitInput, save_unit

        save_unit(s, UnitInput(code="1-1-1-0101", area="90", handover_state="未收房"))
    assert cli.main(["bills", "--from", "2026-01", "--to", "2026-03", "--db", db.url]) == 0
    assert cli.main(["bills", "--from", "2026-01", "--to", "2026-03", "--db", db.url]) == 0
    assert "未重复生成" in capsys.readouterr().out
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Charge)) == 6  # 物业费 + 垃圾清运费 × 3 months
    assert cli.main(["bills", "--from", "2026-13", "--to", "2026-03", "--db", db.url]) == 2
