"""Two desks (two processes) on one database at the same moment: nothing lost, numbers unique, conflicts caught."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from frontdesk.db.models import Contact, Staff
from frontdesk.errors import ConflictError
from frontdesk.services import calls

WORKER = Path(__file__).with_name("desk_worker.py")
CONTACTS_PER_DESK = 1000
# Repair orders join in once the repairs desk is part of the application.
REPAIRS_PER_DESK = 200 if importlib.util.find_spec("frontdesk.services.repairs") else 0

both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)


def _start_desks(url: str, names: list[str], contacts: int, repairs: int) -> list[subprocess.Popen]:
    start_at = time.time() + 3  # both processes are imported and connected by then
    return [subprocess.Popen([sys.executable, str(WORKER), url, name, str(contacts), str(repairs), str(start_at)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]


def _results(desks: list[subprocess.Popen]) -> list[dict]:
    results = []
    for desk in desks:
        out, err = desk.communicate(timeout=300)
        assert desk.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@both_backends
def test_two_desks_logging_at_once_lose_nothing_and_share_one_number_series(demo_db):
    with demo_db.session(system=True) as s:
        before = s.scalar(select(func.count()).select_from(Contact))
    first, second = _results(_start_desks(demo_db.url, ["一期前台", "二期前台"], CONTACTS_PER_DESK, REPAIRS_PER_DESK))

    ids = first["contacts"] + second["contacts"]
    assert len(ids) == len(set(ids)) == 2 * CONTACTS_PER_DESK
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Contact)) == before + 2 * CONTACTS_PER_DESK
        by_desk = dict(s.execute(select(Contact.created_by, func.count()).group_by(Contact.created_by)).all())
    assert by_desk["一期前台"] == by_desk["二期前台"] == CONTACTS_PER_DESK

    numbers = first["repairs"] + second["repairs"]
    assert len(numbers) == len(set(numbers)) == 2 * REPAIRS_PER_DESK
    if REPAIRS_PER_DESK:
        from frontdesk.db.models import RepairOrder

        with demo_db.session(system=True) as s:
            stored = set(s.scalars(select(RepairOrder.number).where(RepairOrder.number.in_(numbers))))
        assert stored == set(numbers)
        # Gap-free per period: the numbers the two desks took form one unbroken run.
        for period in {n.split("-")[1] for n in numbers}:
            serials = sorted(int(n.split("-")[2]) for n in numbers if n.split("-")[1] == period)
            assert serials == list(range(serials[0], serials[0] + len(serials)))


@both_backends
def test_an_edit_saved_by_another_desk_is_not_overwritten(demo_db):
    with demo_db.session("一期前台", system=True) as s:
        owner = s.scalar(select(Staff.id).order_by(Staff.id))
        contact_id = calls.log_contact(s, calls.ContactInput(content="门禁卡失灵"), owner).id
    with demo_db.session("一期前台", system=True) as s:
        opened = calls.input_of(calls.get_contact(s, contact_id))
        opened_version = calls.get_contact(s, contact_id).version

    other_desk = (
        "import sys\nfrom frontdesk.db.engine import Database\nfrom frontdesk.services import calls\n"
        "db = Database(sys.argv[1])\n"
        "with db.session('二期前台', system=True) as s:\n"
        "    c = calls.get_contact(s, int(sys.argv[2]))\n"
        "    data = calls.input_of(c)\n    data.handling = '已补办门禁卡'\n"
        "    calls.update_contact(s, c.id, data, c.version)\n"
        "db.dispose()\n"
    )
    done = subprocess.run([sys.executable, "-c", other_desk, demo_db.url, str(contact_id)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    opened.handling = "已通知工程部"
    with pytest.raises(ConflictError) as info, demo_db.session("一期前台", system=True) as s:
        calls.update_contact(s, contact_id, opened, opened_version)
    assert "修改" in info.value.message
    with demo_db.session(system=True) as s:
        assert calls.get_contact(s, contact_id).handling == "已补办门禁卡"


def test_a_write_racing_past_the_version_check_is_a_conflict_too(pg_server, pg_templates, pg_database):
    """Both desks read version 1; the second write finds the row changed and reports a conflict."""
    from frontdesk.db.engine import Database

    url = pg_database(pg_templates["demo"])
    desk_a, desk_b = Database(url), Database(url)
    try:
        with desk_a.session(system=True) as s:
            owner = s.scalar(select(Staff.id).order_by(Staff.id))
            contact_id = calls.log_contact(s, calls.ContactInput(content="电梯异响"), owner).id
        with pytest.raises(ConflictError), desk_a.session("一期前台", system=True) as sa:
            contact_a = sa.get(Contact, contact_id)
            with desk_b.session("二期前台", system=True) as sb:
                sb.get(Contact, contact_id).handling = "已报电梯公司"
            contact_a.handling = "已派人查看"
        with desk_a.session(system=True) as s:
            assert s.get(Contact, contact_id).handling == "已报电梯公司"
    finally:
        desk_a.dispose()
        desk_b.dispose()
