"""The phone rings: the pop-up knows the caller, F2 fills the call entry, Enter saves, the ring is 已接."""

from __future__ import annotations

import json
from datetime import timedelta

import openpyxl
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from frontdesk.db.models import Contact, PersonPhone, Unit
from frontdesk.db.models.rings import ANSWERED, CALLED_BACK, MISSED, WITHHELD, Ring
from frontdesk.services import clock, rings
from frontdesk.services.callerid.lines import RingEvent


def _owner_phone(db):
    with db.session(system=True) as s:
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房").order_by(Unit.id)).first()
        owner = next(o.person for o in unit.occupancies if o.relation == "业主")
        phone = s.scalar(select(PersonPhone.phone).where(PersonPhone.person_id == owner.id))
        return unit.code, unit.id, owner.name, phone


def test_a_known_number_is_matched_and_kept_as_missed_until_taken(demo_db, frozen_now):
    code, unit_id, owner, phone = _owner_phone(demo_db)
    with demo_db.session("张丽", "前台客服") as s:
        info = rings.record_ring(s, phone, line=1, source="测试")
    assert info.known and info.best.unit_code == code and info.best.name == owner
    assert len(info.recent) <= 3
    with demo_db.session("张丽", "前台客服") as s:
        ring = s.get(Ring, info.ring_id)
        assert (ring.status, ring.unit_id, ring.caller_name) == (MISSED, unit_id, owner)
        rings.mark_answered(s, info.ring_id)
    with demo_db.session("张丽", "前台客服") as s:
        ring = s.get(Ring, info.ring_id)
        assert ring.status == ANSWERED and ring.answered_by == "张丽" and ring.answered_at == frozen_now


def test_unknown_and_withheld_numbers_say_so(demo_db, frozen_now):
    with demo_db.session("张丽", "前台客服") as s:
        unknown = rings.record_ring(s, "13000000000")
        withheld = rings.record_ring(s, WITHHELD)
    assert not unknown.known and not withheld.known and withheld.withheld
    from frontdesk.ui.widgets.ring_popup import describe

    assert "不在住户档案" in describe(unknown) and "私密号码" in describe(withheld)


def test_ring_figures_stats_and_export(demo_db, frozen_now, tmp_path, monkeypatch, capsys):
    from frontdesk import cli

    with demo_db.session("张丽", "前台客服") as s:
        taken = rings.record_ring(s, "13000000001")
        rings.record_ring(s, "13000000002")
        late = rings.record_ring(s, "13000000003", at=frozen_now - timedelta(minutes=2))
        returned = rings.record_ring(s, "13000000004")
    with demo_db.session("张丽", "前台客服") as s:
        rings.mark_answered(s, taken.ring_id)
        rings.mark_answered(s, late.ring_id)  # taken two minutes after it rang: not in time
        rings.mark_called_back(s, returned.ring_id)
    monkeypatch.setenv("FRONTDESK_DB", demo_db.location.url)
    assert cli.main(["stats", "--month", f"{frozen_now:%Y-%m}", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["rings"], figures["rings_answered"], figures["rings_missed"]) == (4, 2, 1)
    assert figures["rings_answered_in_time_rate"] == 0.5
    out = tmp_path / "rings.xlsx"
    assert cli.main(["export", "rings", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]] == ["时间", "号码", "房屋编号", "业主", "接听人", "状态"]
    statuses = sorted(r[5] for r in sheet.iter_rows(min_row=2, values_only=True))
    assert statuses == sorted([ANSWERED, ANSWERED, MISSED, CALLED_BACK])
    assert cli.main(["import", "rings", str(out)]) == 2  # what the line recorded is not imported


def test_ring_pop_up_f2_and_a_saved_call_from_the_keyboard(window, qtbot, demo_db):
    from frontdesk.ui.callerid import CallerIdDesk

    code, unit_id, owner, phone = _owner_phone(demo_db)
    desk = CallerIdDesk(window)
    tab = window.show_tab("来电来访")
    typing_in = tab.form.content
    typing_in.setFocus()
    rang_at = clock.now()
    desk.ring(RingEvent(number=phone, line=1, source="测试"))
    popup = desk.popup
    assert popup.isVisible() and code in popup.body.text() and owner in popup.body.text()
    assert "未接" in tab.counters.text()  # the day's counters count the ring
    assert window.focusWidget() is typing_in, "the pop-up never takes the keyboard"

    stops = 0
    qtbot.keyClick(window, Qt.Key_F2)  # 接听登记
    assert not popup.isVisible()
    form = tab.form
    assert (form.channel.currentText(), form.unit.text(), form.caller.text(), form.phone.text()) == (
        "电话", code, owner, phone)
    assert form.time.dateTime().toPython().replace(second=0) == rang_at.replace(second=0, microsecond=0)
    assert window.focusWidget() is form.category
    qtbot.keyClick(form.category, "b")  # 报修
    qtbot.keyClick(form.category, Qt.Key_Tab)
    stops += 1
    assert window.focusWidget() is form.content
    form.content.setText("厨房水管漏水")
    stops += 1
    qtbot.keyClick(form.content, Qt.Key_Return)
    stops += 1
    assert stops <= 3
    with demo_db.session(system=True) as s:
        contact = s.scalars(select(Contact).order_by(Contact.id.desc())).first()
        assert (contact.content, contact.unit_id, contact.phone, contact.category) == ("厨房水管漏水", unit_id, phone, "报修")
        ring = s.scalars(select(Ring).order_by(Ring.id.desc())).first()
        assert ring.status == ANSWERED and ring.contact_id == contact.id and ring.answered_by


def test_a_missed_call_is_returned_from_the_list(window, qtbot, demo_db):
    with demo_db.session("张丽", "前台客服") as s:
        info = rings.record_ring(s, "13000000009")
    tab = window.show_tab("来电来访")
    tab.views.setCurrentIndex(3)
    ring_list = tab.rings_list
    ring_list.load()
    assert ring_list.model.total >= 1
    ring_list.table.selectRow(0)
    ring_list.call_back()
    form = tab.form
    assert form.phone.text() == "13000000009" and form.ring_call_back
    form.content.setText("回拨：询问停水时间")
    qtbot.keyClick(form.content, Qt.Key_Return)
    with demo_db.session(system=True) as s:
        ring = s.get(Ring, info.ring_id)
        assert ring.status == CALLED_BACK and ring.contact_id is not None


def test_the_settings_dialog_saves_this_pc_s_caller_id_and_its_test_rings(window, qtbot, answers):
    from frontdesk import config
    from frontdesk.ui.dialogs.callerid_dialog import open_callerid_settings

    dialog = open_callerid_settings(window)
    dialog.port.setCurrentText("/dev/frontdesk-no-such-port")
    dialog.test()
    assert "打不开" in dialog.result.text() and "模拟一次来电" in dialog.result.text()
    assert window.callerid.popup.isVisible()
    dialog.port.setCurrentText("")
    dialog.hook.setChecked(True)
    dialog.save()
    saved = config.load_local_settings()
    assert saved["callerid_hook"] is True and saved["callerid_port"] == ""
    assert window.callerid.hook is not None and (config.data_dir() / "ring-hook.json").exists()
    window.callerid.stop()


def test_a_second_line_waits_behind_the_first_and_typed_work_is_not_thrown_away(window, qtbot, demo_db, answers):
    from frontdesk.ui.callerid import CallerIdDesk

    code, _unit_id, owner, phone = _owner_phone(demo_db)
    desk = CallerIdDesk(window)
    desk.ring(RingEvent(number=phone, line=1))
    desk.ring(RingEvent(number="13000000077", line=2))
    assert "13000000077" in desk.popup.title.text() and "另有 1 个来电" in desk.popup.body.text()
    desk.popup.dismiss()
    assert desk.popup.isVisible() and code in desk.popup.body.text(), "line 1's caller is shown again"

    tab = window.show_tab("来电来访")
    tab.form.content.setText("询问停车费")  # a call she is typing
    answers.confirm_answer = False  # keep typing
    desk.answer_latest()
    assert tab.form.content.text() == "询问停车费" and desk.popup.isVisible()
    assert any(kind == "confirm" for kind, _text in answers.shown)


def test_the_settings_test_ring_is_not_kept(window, demo_db, answers):
    from frontdesk.ui.dialogs.callerid_dialog import open_callerid_settings

    with demo_db.session(system=True) as s:
        before = s.scalar(select(func.count()).select_from(Ring))
    dialog = open_callerid_settings(window)
    dialog.test()
    assert window.callerid.popup.isVisible()
    with demo_db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(Ring)) == before
    window.callerid.answer(0)
    assert not window.callerid.popup.isVisible()
