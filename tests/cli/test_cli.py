"""The command-line contract: init, demo, check, backup/restore, export, exit codes."""

import subprocess
import sys

import openpyxl
from sqlalchemy import select

from frontdesk import cli
from frontdesk.db.engine import Database
from frontdesk.db.models import Contact, Staff


def run(*args):
    return cli.main(list(args))


def test_init_demo_check_on_a_fresh_data_directory(blank_db_url, capsys):
    assert run("init") == 0
    assert "已创建数据库" in capsys.readouterr().out
    assert run("demo", "--small") == 0
    assert "演示数据已生成" in capsys.readouterr().out
    assert run("check") == 0
    assert "检查通过" in capsys.readouterr().out
    assert run("demo", "--small") == 2
    assert "空数据库" in capsys.readouterr().err
    assert run("demo", "--small", "--if-empty") == 0


def test_db_option_and_environment_choose_the_database(tmp_path, monkeypatch, capsys):
    target = tmp_path / "elsewhere.db"
    assert run("init", "--db", str(target)) == 0
    assert target.exists()
    before = tmp_path / "before-the-command.db"  # as the usage line puts it: frontdesk --db X init
    assert run("--db", str(before), "init") == 0
    assert before.exists() and str(before) in capsys.readouterr().out
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "env.db"))
    assert run("init") == 0
    assert (tmp_path / "env.db").exists()


def test_user_add_refuses_an_unknown_role(blank_db_url, capsys):
    assert run("user", "add", "赵六", "--role", "前台客服") == 0
    assert run("user", "add", "钱七", "--role", "老板") == 2
    assert "角色" in capsys.readouterr().err
    db = Database(blank_db_url)
    with db.session(system=True) as s:
        assert s.scalar(select(Staff.role).where(Staff.name == "赵六")) == "前台客服"
    db.dispose()


def test_backup_and_restore(data_home, tmp_path, capsys):
    run("init")
    run("user", "add", "赵六", "--role", "前台客服")
    backup = tmp_path / "copy.db"
    assert run("backup", str(backup)) == 0 and backup.exists()
    run("user", "add", "钱七", "--role", "前台客服")
    assert run("restore", str(backup)) == 0
    db = Database(f"sqlite:///{data_home / 'frontdesk.db'}")
    with db.session(system=True) as s:
        names = set(s.scalars(select(Staff.name)))
    db.dispose()
    assert "赵六" in names and "钱七" not in names
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    assert run("restore", str(bad)) == 2


def test_export_calls_keeps_typed_text_as_text(blank_db_url, tmp_path):
    run("init")
    db = Database(blank_db_url)
    from frontdesk.services import calls

    with db.session(system=True) as s:
        admin = s.scalar(select(Staff.id))
        calls.log_contact(s, calls.ContactInput(content="=1+1", caller_name="@张三"), admin)
        count = s.query(Contact).count()
    db.dispose()
    out = tmp_path / "calls.xlsx"
    assert run("export", "calls", str(out)) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:4] == ["时间", "方式", "类别", "房屋编号"]
    assert ws.max_row == count + 1
    content = ws.cell(row=2, column=7)
    assert content.value == "=1+1" and content.data_type == "s"
    assert ws.cell(row=2, column=5).value == "@张三"
    assert ws.cell(row=2, column=1).is_date


def test_bad_date_is_exit_2():
    result = subprocess.run([sys.executable, "-m", "frontdesk", "export", "calls", "x.xlsx", "--from", "2026-13-01"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_version():
    result = subprocess.run([sys.executable, "-m", "frontdesk", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("frontdesk ")


def test_gui_smoke_on_a_fresh_data_directory(data_home):
    result = subprocess.run([sys.executable, "-m", "frontdesk", "gui", "--smoke"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "自检通过" in result.stdout
    assert (data_home / "frontdesk.db").exists()


def test_user_add_opens_an_account_that_signs_in(blank_db_url, capsys):
    from frontdesk.services import users

    assert run("user", "add", "孙八", "--role", "收费员", "--password", "sun-secret") == 0
    assert run("user", "add", "周九", "--role", "前台客服") == 0
    out = capsys.readouterr().out
    initial = out.split("初始密码：")[1].split("（")[0]
    assert run("user", "add", "吴十", "--role", "前台客服", "--password", "123") == 2
    db = Database(blank_db_url)
    with db.session(system=True) as s:
        assert users.sign_in(s, "孙八", "sun-secret").user.role == "收费员"
        assert users.sign_in(s, "周九", initial).must_change_password
    db.dispose()
