"""违章整改: record → notice → deliver → re-inspect → escalate → report / close, with numbers and dates."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from frontdesk.db.models import RectificationNotice, Violation, ViolationPhoto
from frontdesk.errors import NotFound, ValidationError
from frontdesk.services import clock, notice_text, settings, units, violations
from frontdesk.services import violation_followup as followup
from frontdesk.services import violation_notices as notices

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def desk(db):
    """Two units: 1-1-1-0101 with owner 王建华, 1-1-1-0102 with nobody on file."""
    clock.freeze(NOW)
    with db.session("张丽", system=True) as s:
        units.save_unit(s, units.UnitInput(code="1-1-1-0101", area="96", occupants=[
            units.OccupantInput(name="王建华", phones=["13912345678"])]))
        units.save_unit(s, units.UnitInput(code="1-1-1-0102", area="89"))
    yield db
    clock.freeze(None)


def _record(db, unit="1-1-1-0101", kind="外置阳台罩", found=date(2026, 3, 1), **extra) -> int:
    data = violations.ViolationInput(kind=kind, description="南侧阳台外加装彩钢板阳台罩", found_by="周建国",
                                     found_date=found, unit_text=unit, **extra)
    with db.session("张丽", system=True) as s:
        return violations.record_violation(s, data)


def _issue(db, violation_id, **extra) -> str:
    data = notices.NoticeInput(rule="《管理规约》关于不得擅自改变房屋外观的约定", requirement="拆除阳台罩", **extra)
    with db.session("张丽", system=True) as s:
        return notices.issue_notice(s, violation_id, data)


def test_the_whole_path_issue_deliver_reinspect_escalate_report_and_close(desk):
    vid = _record(desk)
    number = _issue(desk, vid)
    assert number == "ZG-2026-0001"
    with desk.session(system=True) as s:
        notice = notices.get_notice(s, number)
        assert notice.addressee == "王建华 业主" and notice.place == "1-1-1-0101"
        assert notice.deadline == date(2026, 3, 9)  # issued 03-02, 外置阳台罩 7 days
        assert "王建华 业主" in notice.body and "2026年3月9日" in notice.body and "拆除阳台罩" in notice.body
        assert s.get(Violation, vid).status == "整改中"
    with desk.session("张丽", system=True) as s:
        notices.record_delivery(s, number, notices.DeliveryInput(method="当面签收", delivered_by="张丽",
                                                                 signed_by="王建华"))
    clock.freeze(datetime(2026, 3, 9, 9, 0))
    with desk.session(system=True) as s:
        due = followup.list_followups(s)
        assert [(r.notice_number, r.state, r.delivery) for r in due] == [(number, "今日到期", "当面签收 03-02")]
    clock.freeze(datetime(2026, 3, 10, 9, 0))
    with desk.session("周建国", system=True) as s:
        outcome = followup.record_reinspection(s, due[0].id, "未整改", "周建国", "阳台罩仍在")
    assert outcome.second_notice == "ZG-2026-0002" and outcome.next_due == date(2026, 3, 13)
    with desk.session(system=True) as s:
        second = notices.get_notice(s, "ZG-2026-0002")
        assert second.level == 2 and "ZG-2026-0001" in second.body and "城管" in second.body
        assert second.deadline == date(2026, 3, 13)
    clock.freeze(datetime(2026, 3, 16, 9, 0))
    with desk.session(system=True) as s:
        late = followup.list_followups(s)
        assert [(r.notice_number, r.overdue, r.state) for r in late] == [("ZG-2026-0002", True, "逾期 3 天")]
        assert followup.count_overdue(s) == 1
    with desk.session("周建国", system=True) as s:
        outcome = followup.record_reinspection(s, late[0].id, "未整改", "周建国", authority="城管")
    assert outcome.status == "已上报" and outcome.reported_to == "城管"
    with desk.session(system=True) as s:
        assert followup.count_followups(s, ahead_days=30) == 0
    with desk.session("吴海燕", system=True) as s:
        followup.close_reported(s, vid, "城管已责令拆除，复查已恢复原状")
    with desk.session(system=True) as s:
        v = violations.get_violation(s, vid)
        assert v.status == "已整改" and v.closed_on == date(2026, 3, 16)
        history = [e.text for e in v.events]
    assert history[0].startswith("登记违章") and "ZG-2026-0001" in history[1]
    assert any("签收人 王建华" in t for t in history) and any("上报城管" in t for t in history)
    assert history[-1].startswith("上报后处理完毕")


def test_partial_rectification_books_another_visit_and_done_closes(desk):
    vid = _record(desk, kind="私搭乱建")
    _issue(desk, vid)
    with desk.session(system=True) as s:
        check = violations.pending_reinspection(s, vid)
    clock.freeze(datetime(2026, 3, 9, 15, 0))
    with desk.session(system=True) as s:
        outcome = followup.record_reinspection(s, check.id, "部分整改", "孙强")
    assert outcome.next_due == date(2026, 3, 12) and outcome.second_notice == ""
    with desk.session(system=True) as s:
        again = violations.pending_reinspection(s, vid)
        assert again.due_date == date(2026, 3, 12)
        followup.record_reinspection(s, again.id, "已整改", "孙强")
    with desk.session(system=True) as s:
        assert s.get(Violation, vid).status == "已整改"
        assert s.scalar(select(RectificationNotice.level).where(RectificationNotice.violation_id == vid)) == 1


def test_numbers_are_never_reused_not_even_after_voiding(desk):
    first = _issue(desk, _record(desk))
    with desk.session("张丽", system=True) as s:
        notices.void_notice(s, first, "收件人姓名写错")
    vid2 = _record(desk, unit="1-1-1-0102")
    second = _issue(desk, vid2, addressee="业主/住户")
    assert (first, second) == ("ZG-2026-0001", "ZG-2026-0002")
    with pytest.raises(ValidationError), desk.session("张丽", system=True) as s:
        notices.issue_notice(s, vid2, notices.NoticeInput(rule="x", requirement="拆除", addressee="业主/住户"))
    third = _issue(desk, _record(desk))  # the first violation's voided notice is not given again
    assert third == "ZG-2026-0003"
    with desk.session(system=True) as s:
        assert notices.get_notice(s, first).voided_reason == "收件人姓名写错"
        assert s.scalar(select(Violation.status).where(Violation.id == vid2)) == "整改中"
    clock.freeze(datetime(2027, 1, 4, 9, 0))
    assert _issue(desk, _record(desk, found=date(2027, 1, 3))) == "ZG-2027-0001"


def test_deadline_follows_the_kind_and_the_settings(desk):
    with desk.session(system=True) as s:
        assert notices.deadline_days(s, "外置阳台罩") == 7
        assert notices.deadline_days(s, "私拉电线") == 2
        assert notices.deadline_days(s, "没有设置的类型") == 7
        assert notices.deadline_days(s, "私拉电线", level=2) == 3
        settings.put(s, "violation_deadline_days", {"私拉电线": 1})
        settings.put(s, "violation_default_deadline_days", 10)
    with desk.session(system=True) as s:
        assert notices.default_deadline(s, "私拉电线", date(2026, 3, 2)) == date(2026, 3, 3)
        assert notices.default_deadline(s, "外置阳台罩", date(2026, 3, 2)) == date(2026, 3, 12)
    vid = _record(desk, kind="私拉电线")
    number = _issue(desk, vid)
    with desk.session(system=True) as s:
        assert notices.get_notice(s, number).deadline == date(2026, 3, 3)


def test_bad_input_is_refused_with_chinese_messages(desk, tmp_path):
    with pytest.raises(ValidationError) as info, desk.session(system=True) as s:
        violations.record_violation(s, violations.ViolationInput(kind="乱丢垃圾", description="", found_by="",
                                                                 found_date=date(2026, 3, 5)))
    assert set(info.value.errors) == {"kind", "description", "found_by", "found_date", "unit"}
    vid = _record(desk, unit="1-1-1-0102")
    with pytest.raises(ValidationError) as info, desk.session(system=True) as s:
        notices.issue_notice(s, vid, notices.NoticeInput(rule="《管理规约》", requirement="拆除",
                                                         deadline=date(2026, 2, 20)))
    assert "房屋档案" in info.value.errors["addressee"] and "业主/住户" in info.value.errors["addressee"]
    assert "早于发现日期" in info.value.errors["deadline"]
    not_image = tmp_path / "阳台.jpg"
    not_image.write_text("这不是照片", encoding="utf-8")
    with pytest.raises(ValidationError) as info, desk.session(system=True) as s:
        violations.attach_photo(s, vid, not_image)
    assert "不是图片" in info.value.errors["photos"]
    with desk.session(system=True) as s:
        assert s.scalar(select(ViolationPhoto.id)) is None
        assert violations.get_violation(s, vid).status == "待发通知"
    with pytest.raises(NotFound) as missing, desk.session(system=True) as s:
        notices.get_notice(s, "ZG-2026-9999")
    assert "ZG-2026-9999" in missing.value.message


def test_photos_are_copied_into_the_data_directory(desk, tmp_path, data_home):
    from PIL import Image

    source = tmp_path / "现场.png"
    Image.new("RGB", (40, 30), "red").save(source)
    vid = _record(desk)
    with desk.session(system=True) as s:
        violations.attach_photo(s, vid, source, caption="南侧阳台")
    with desk.session(system=True) as s:
        photo = violations.get_violation(s, vid).photos[0]
    stored = violations.attachment_path(photo.file_name)
    assert stored.is_file() and stored.is_relative_to(data_home) and photo.original_name == "现场.png"


def test_delivery_requires_the_details_of_its_method(desk):
    number = _issue(desk, _record(desk))
    for method, field in (("当面签收", "signed_by"), ("张贴", "posted_at"), ("邮寄", "tracking_number")):
        with pytest.raises(ValidationError) as info, desk.session(system=True) as s:
            notices.record_delivery(s, number, notices.DeliveryInput(method=method, delivered_by="张丽"))
        assert field in info.value.errors
    with desk.session(system=True) as s:
        notices.record_delivery(s, number, notices.DeliveryInput(method="邮寄", delivered_by="张丽",
                                                                 tracking_number="EMS1234567890"))
        assert notices.delivery_summary(notices.get_notice(s, number)) == "邮寄 03-02"


def test_list_filters_and_counts_per_kind(desk):
    _record(desk, kind="私搭乱建", found=date(2026, 2, 10))
    _record(desk, kind="外置阳台罩", found=date(2026, 2, 20))
    _record(desk, kind="占用公共部位", unit="", location="3栋楼顶平台", found=date(2026, 3, 1))
    with desk.session(system=True) as s:
        feb = violations.ViolationFilter(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
        assert violations.count_violations(s, feb) == 2
        rows = violations.list_violations(s, violations.ViolationFilter(text="楼顶"))
        assert [(r.place, r.kind, r.status) for r in rows] == [("3栋楼顶平台", "占用公共部位", "待发通知")]
        assert violations.count_violations(s, violations.ViolationFilter(phase=1, building=1)) == 2
        counts = violations.counts_by_kind(s, *violations.month_bounds("2026-02"))
        assert counts["私搭乱建"] == 1 and counts["外置阳台罩"] == 1 and counts["占用公共部位"] == 0


def test_templates_are_checked_and_previewed(desk):
    with desk.session(system=True) as s:
        with pytest.raises(ValidationError) as info:
            notice_text.save_template(s, 1, "{收件人}：请于{期限}前整改")
        assert "{期限}" in info.value.message
        with pytest.raises(ValidationError):
            notice_text.save_template(s, 1, "{收件人：请整改")
        text = notice_text.render("{收件人}：请于{整改期限}前整改。{公司名称}", notice_text.sample_fields(s))
        assert text == "张三 业主：请于2026年11月27日前整改。天元物业服务有限公司"
        notice_text.save_template(s, 1, "{收件人}：限{整改期限}前整改：{整改要求}（{通知书编号}）")
    number = _issue(desk, _record(desk))
    with desk.session(system=True) as s:
        assert notices.get_notice(s, number).body == "王建华 业主：限2026年3月9日前整改：拆除阳台罩。（ZG-2026-0001）"


def test_followups_include_upcoming_when_asked(desk):
    _issue(desk, _record(desk, kind="私拉电线"))  # due 03-04
    with desk.session(system=True) as s:
        assert followup.count_followups(s) == 0
        assert [r.state for r in followup.list_followups(s, ahead_days=3)] == ["2 天后到期"]
    clock.freeze(NOW + timedelta(days=2))
    with desk.session(system=True) as s:
        assert followup.count_followups(s) == 1 and followup.count_overdue(s) == 0


def test_the_demo_year_has_notices_numbered_without_gaps_and_followups(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        numbers = sorted(s.scalars(select(RectificationNotice.number)))
        assert numbers and numbers == [f"ZG-2026-{i:04d}" for i in range(1, len(numbers) + 1)]
        rows = violations.list_violations(s, violations.ViolationFilter())
        assert rows and {r.kind for r in rows} <= set(settings.lookup_values(s, "violation_kind"))
        assert all(len(violations.get_violation(s, r.id).events) >= 1 for r in rows)


def test_the_preview_is_the_text_the_notice_is_issued_with(desk):
    vid = _record(desk)
    data = notices.NoticeInput(rule="《管理规约》关于不得擅自改变房屋外观的约定", requirement="拆除阳台罩")
    with desk.session("张丽", system=True) as s:
        blank = notices.preview(s, vid, notices.NoticeInput(rule="", requirement=""))
        shown = notices.preview(s, vid, data)
    assert "（整改要求）" in blank and "（收件人）" in blank
    number = _issue(desk, vid)
    with desk.session(system=True) as s:
        body = notices.get_notice(s, number).body
    # The addressee is filled from the archive on issuing; everything else is what the preview showed.
    assert shown.replace("（收件人）", "王建华 业主") == body.replace(number, "")
