"""Hostile input at every form of the call ledger and the roster: a clear message, or stored faithfully."""

import openpyxl
import pytest
from sqlalchemy import select

from frontdesk.db.models import Staff
from frontdesk.errors import ValidationError
from frontdesk.reports import excel
from frontdesk.services import call_lists, calls, limits, search, units

FAITHFUL = [
    "漏" * limits.TEXT_LIMIT,  # the longest 内容 a call may hold; longer is refused (tests/services/test_limits.py)
    "业主很生气😡👍，说要投诉",
    "𠮷野家门口的𠮷字",
    "'; DROP TABLE contacts; --",
    "=HYPERLINK(\"http://x\",\"点我\")",
    "+86 138 0000 1111",
    "-1",
    "@SUM(A1)",
    "第一行\n第二行",
]


@pytest.mark.parametrize("content", FAITHFUL, ids=range(len(FAITHFUL)))
def test_calls_store_and_find_hostile_text_faithfully(demo_db, frozen_now, content, tmp_path):
    with demo_db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        saved = calls.log_contact(s, calls.ContactInput(content=content, caller_name=content[:40]), owner)
    with demo_db.session(system=True) as s:
        assert calls.get_contact(s, saved.id).content == content
        assert saved.id in search.contact_ids_with_words(s, content[:12], limit=100)
        out = tmp_path / "x.xlsx"
        excel.export_contacts(s, call_lists.ContactFilter(), out)
    cell = openpyxl.load_workbook(out).active.cell(row=2, column=7)
    assert cell.value == content and cell.data_type == "s"


def test_control_characters_are_dropped_not_crashing_the_export(demo_db, frozen_now, tmp_path):
    with demo_db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        saved = calls.log_contact(s, calls.ContactInput(content="响铃\x07两声\x00后挂断\x1b"), owner)
        assert calls.get_contact(s, saved.id).content == "响铃两声后挂断"
        excel.export_contacts(s, call_lists.ContactFilter(), tmp_path / "x.xlsx")


@pytest.mark.parametrize("content", ["", "   ", "\x00\x01"])
def test_empty_content_is_refused(demo_db, frozen_now, content):
    with pytest.raises(ValidationError) as info, demo_db.session(system=True) as s:
        calls.log_contact(s, calls.ContactInput(content=content), 1)
    assert "content" in info.value.errors


@pytest.mark.parametrize("area", ["1e309", "0.001", "NaN", "-0", "Infinity", "８９．５x", ""])
def test_hostile_areas_are_refused(db, area):
    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        units.save_unit(s, units.UnitInput(code="1-1-1-0101", area=area))
    assert "area" in info.value.errors


@pytest.mark.parametrize("code", ["1-1-1-0101; DROP TABLE units", "😀-1-1-0101", "9" * 200, "1--1-0101"])
def test_hostile_unit_codes_are_refused(db, code):
    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        units.save_unit(s, units.UnitInput(code=code, area="80"))
    assert "code" in info.value.errors


def test_rare_characters_in_names_are_kept(db):
    with db.session(system=True) as s:
        unit_id = units.save_unit(s, units.UnitInput(code="1-1-1-0101", area="80", occupants=[
            units.OccupantInput("𠮷田喆", ["13800001111"])]))
    with db.session(system=True) as s:
        assert units.get_unit(s, unit_id).occupancies[0].person.name == "𠮷田喆"
        assert [u.id for u in units.list_units(s, units.UnitFilter(query="𠮷田"))] == [unit_id]
