"""外包方: register, 月会, problems with deadlines, re-check on the deadline, carry-over, one-off jobs, scorecard."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from frontdesk.db.models import VendorIssue, VendorMeeting
from frontdesk.errors import NotFound, PermissionDenied, ValidationError
from frontdesk.services import clock, vendor_issues, vendors

NOW = datetime(2025, 7, 20, 10, 0)


@pytest.fixture
def desk(db):
    clock.freeze(NOW)
    with db.session("张丽", system=True) as s:
        cleaner = vendors.save_vendor(s, vendors.VendorInput(
            company="洁美保洁服务有限公司", service="保洁", contract_start=date(2025, 1, 1),
            contract_end=date(2025, 12, 31), contact="李红", phone="138 1234 5678"))
        green = vendors.save_vendor(s, vendors.VendorInput(company="绿源园林绿化公司", service="绿化"))
    yield db, cleaner, green
    clock.freeze(None)


def _meeting(db, vendor_id, held_on, **extra) -> int:
    extra.setdefault("minutes", "通报上月检查及整改复查情况，布置本月要求")
    with db.session("张丽", system=True) as s:
        return vendors.hold_meeting(s, vendors.MeetingInput(vendor_id=vendor_id, held_on=held_on,
                                                            attendees="张丽、李红（洁美）", **extra))


def test_a_meeting_without_its_content_is_refused_and_nothing_is_recorded(desk):
    db, cleaner, _green = desk
    with pytest.raises(ValidationError) as info, db.session("张丽", system=True) as s:
        vendors.hold_meeting(s, vendors.MeetingInput(vendor_id=cleaner, held_on=date(2025, 7, 1),
                                                     attendees="张丽（物业）；李红（洁美）", minutes="  "))
    assert "会议内容" in info.value.errors["minutes"]
    with db.session(system=True) as s:
        assert s.scalar(select(func.count()).select_from(VendorMeeting)) == 0


def _issue(db, vendor_id, raised, deadline, meeting_id=None, **extra) -> int:
    data = vendor_issues.IssueInput(vendor_id=vendor_id, location=extra.pop("location", "3栋1单元大堂"),
                                    description=extra.pop("description", "大堂地面有污渍，玻璃门未擦"),
                                    deadline=deadline, follower="周建国", raised_on=raised, meeting_id=meeting_id,
                                    **extra)
    with db.session("张丽", system=True) as s:
        return vendor_issues.raise_issue(s, data)


def _recheck(db, issue_id, result, on):
    with db.session("周建国", system=True) as s:
        return vendor_issues.recheck(s, issue_id, result, on)


def _issue_row(db, issue_id) -> VendorIssue:
    with db.session(system=True) as s:
        issue = s.get(VendorIssue, issue_id)
        s.expunge(issue)
        return issue


def test_register_refuses_a_duplicate_and_a_contract_ending_before_it_starts(desk):
    db, _cleaner, _green = desk
    with db.session(system=True) as s:
        with pytest.raises(ValidationError) as info:
            vendors.save_vendor(s, vendors.VendorInput(company="洁美保洁服务有限公司", service="保洁"))
        assert "已登记" in info.value.message
        with pytest.raises(ValidationError) as info:
            vendors.save_vendor(s, vendors.VendorInput(company="新公司", service="保洁",
                                                       contract_start=date(2025, 6, 1),
                                                       contract_end=date(2025, 1, 1)))
        assert "早于开始日期" in info.value.message
        rows = vendors.list_vendors(s)
    assert [r.phone for r in rows if r.service == "保洁"] == ["13812345678"]


def test_fixed_on_the_deadline_closes_on_time(desk):
    db, cleaner, _green = desk
    meeting = _meeting(db, cleaner, date(2025, 6, 5))
    issue = _issue(db, cleaner, date(2025, 6, 5), date(2025, 6, 12), meeting)
    assert _recheck(db, issue, "已整改", date(2025, 6, 12)) == "已整改"
    row = _issue_row(db, issue)
    assert (row.status, row.closed_on, row.carry_overs) == ("已整改", date(2025, 6, 12), 0)
    with db.session(system=True) as s:
        assert vendor_issues.fixed_on_time(s.get(VendorIssue, issue))
        with pytest.raises(ValidationError, match="不需要再复查"):
            vendor_issues.recheck(s, issue, "已整改", date(2025, 6, 13))


def test_not_fixed_carries_over_to_next_months_meeting_with_a_new_deadline(desk):
    db, cleaner, _green = desk
    june = _meeting(db, cleaner, date(2025, 6, 5))
    issue = _issue(db, cleaner, date(2025, 6, 5), date(2025, 6, 12), june)
    # not yet due: 未整改 cannot be decided before the deadline
    with db.session(system=True) as s, pytest.raises(ValidationError, match="还没到"):
        vendor_issues.recheck(s, issue, "未整改", date(2025, 6, 10))
    assert _recheck(db, issue, "未整改", date(2025, 6, 12)) == "未整改"
    assert (_issue_row(db, issue).status, _issue_row(db, issue).carry_overs) == ("未整改", 1)
    with db.session(system=True) as s, pytest.raises(ValidationError, match="结转"):
        vendor_issues.recheck(s, issue, "已整改", date(2025, 6, 20))

    july = _meeting(db, cleaner, date(2025, 7, 3))
    row = _issue_row(db, issue)
    assert (row.status, row.agenda_meeting_id, row.deadline, row.carry_overs) == ("待整改", july, date(2025, 7, 10), 1)
    with db.session(system=True) as s:
        assert [r.id for r in vendor_issues.agenda(s, july)] == [issue]
        assert [r.carried for r in vendors.list_meetings(s, cleaner) if r.id == july] == [1]
    # not fixed again: a second carry-over
    _recheck(db, issue, "未整改", date(2025, 7, 10))
    assert _issue_row(db, issue).carry_overs == 2
    with db.session(system=True) as s:
        card = {c.company: c for c in vendor_issues.scorecard(s, date(2025, 6, 1), date(2025, 6, 30))}
    assert (card["洁美保洁服务有限公司"].raised, card["洁美保洁服务有限公司"].overdue,
            card["洁美保洁服务有限公司"].carried, card["洁美保洁服务有限公司"].fixed_on_time) == (1, 1, 1, 0)


def test_problems_raised_between_meetings_go_on_the_next_agenda_and_a_complaint_is_linked(desk):
    db, cleaner, _green = desk
    from frontdesk.services import calls, staff, units

    with db.session(system=True) as s:
        units.save_unit(s, units.UnitInput(code="1-1-1-0101", area="90"))
        owner = staff.add_staff(s, "张丽", "前台客服")
    with db.session("张丽", system=True) as s:
        contact_id = calls.log_contact(s, calls.ContactInput(
            channel="电话", category="投诉", unit_text="1-1-1-0101", caller_name="王先生", status="处理中",
            content="楼道一周没拖地", occurred_at=datetime(2025, 7, 1, 9, 0)), owner.id).id
    issue = _issue(db, cleaner, date(2025, 7, 1), date(2025, 7, 4), contact_id=contact_id, source="月会",
                   location="1栋1单元楼道")
    row = _issue_row(db, issue)
    assert (row.source, row.agenda_meeting_id, row.contact_id) == ("投诉", None, contact_id)
    july = _meeting(db, cleaner, date(2025, 7, 3))
    assert _issue_row(db, issue).agenda_meeting_id == july
    assert _issue_row(db, issue).deadline == date(2025, 7, 4)  # its own deadline stays
    with db.session(system=True) as s:
        card = [c for c in vendor_issues.scorecard(s, date(2025, 7, 1), date(2025, 7, 31)) if c.vendor_id == cleaner]
    assert (card[0].raised, card[0].complaints, card[0].overdue, card[0].due) == (1, 1, 1, 1)  # 07-04 passed


def test_deadline_before_the_find_and_dates_after_now_are_refused(desk):
    db, cleaner, _green = desk
    with pytest.raises(ValidationError, match="限期不能早于"):
        _issue(db, cleaner, date(2025, 7, 10), date(2025, 7, 9))
    with pytest.raises(ValidationError, match="晚于今天"):
        _issue(db, cleaner, date(2025, 7, 21), date(2025, 7, 28))
    with pytest.raises(ValidationError, match="晚于今天"):
        _meeting(db, cleaner, date(2025, 7, 21))
    issue = _issue(db, cleaner, date(2025, 7, 15), date(2025, 7, 25))
    with db.session(system=True) as s, pytest.raises(ValidationError, match="晚于今天"):
        vendor_issues.recheck(s, issue, "已整改", date(2025, 7, 22))


def test_one_meeting_a_month_per_vendor(desk):
    db, cleaner, green = desk
    _meeting(db, cleaner, date(2025, 7, 3))
    with pytest.raises(ValidationError, match="已于 2025-07-03 开过月会"):
        _meeting(db, cleaner, date(2025, 7, 18))
    _meeting(db, green, date(2025, 7, 18))
    with db.session(system=True) as s:
        assert vendors.meeting_in_month(s, green, "2025-07").held_on == date(2025, 7, 18)
        with pytest.raises(NotFound, match="没有月会记录"):
            vendors.meeting_in_month(s, green, "2025-06")


def test_one_off_job_is_accepted_only_when_its_problems_are_fixed(desk):
    db, _cleaner, _green = desk
    with db.session(system=True) as s:
        wall = vendors.save_vendor(s, vendors.VendorInput(company="高空外墙清洗公司", service="外墙清洗"))
        job = vendors.start_job(s, vendors.JobInput(vendor_id=wall, title="外墙清洗", start_on=date(2025, 7, 1),
                                                    follower="周建国"))
    issue = _issue(db, wall, date(2025, 7, 2), date(2025, 7, 2), job_id=job, source="一次性外包",
                   description="5栋外墙有水渍未清洗干净")
    with db.session(system=True) as s, pytest.raises(ValidationError, match="未整改"):
        vendors.accept_job(s, job, date(2025, 7, 5), "合格")
    _recheck(db, issue, "已整改", date(2025, 7, 2))
    with db.session(system=True) as s:
        vendors.accept_job(s, job, date(2025, 7, 5), "合格", "外墙干净无水渍")
        [(row, company, found, fixed)] = vendors.list_jobs(s)
    assert (row.acceptance_result, company, found, fixed, row.end_on) == ("合格", "高空外墙清洗公司", 1, 1,
                                                                          date(2025, 7, 5))


def test_who_may_do_what(desk):
    db, cleaner, _green = desk
    with db.session("小王", "前台客服") as s:
        with pytest.raises(PermissionDenied):
            vendors.hold_meeting(s, vendors.MeetingInput(vendor_id=cleaner, held_on=date(2025, 7, 1),
                                                         attendees="x"))
        vendor_issues.raise_issue(s, vendor_issues.IssueInput(
            vendor_id=cleaner, location="车库", description="车库地面积水未清", deadline=date(2025, 7, 22),
            follower="小王"))
    with db.session("小陈", "收费员") as s, pytest.raises(PermissionDenied):
        vendor_issues.raise_issue(s, vendor_issues.IssueInput(
            vendor_id=cleaner, location="车库", description="x", deadline=date(2025, 7, 22), follower="x"))


def test_a_photo_is_kept_with_the_problem(desk, tmp_path):
    from PIL import Image

    db, cleaner, _green = desk
    issue = _issue(db, cleaner, date(2025, 7, 15), date(2025, 7, 25))
    picture = tmp_path / "现场.png"
    Image.new("RGB", (40, 30), "gray").save(picture)
    with db.session(system=True) as s:
        vendor_issues.attach_photo(s, issue, picture)
        rows = vendor_issues.list_issues(s, vendor_issues.IssueFilter(vendor_id=cleaner))
        stored = vendor_issues.get_issue(s, issue).photos[0].file_name
    assert rows[0].photos == 1 and stored.startswith("vendors/")
