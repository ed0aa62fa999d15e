"""宣传栏: numbering GG-YYYY-NNN, posting windows (today, expiring this week, history), templates, WeChat text."""

from datetime import date, datetime

import pytest

from frontdesk.errors import NotFound, PermissionDenied, ValidationError
from frontdesk.services import board, clock, units

NOW = datetime(2025, 6, 10, 9, 0)


@pytest.fixture
def desk(db):
    clock.freeze(NOW)
    with db.session(system=True) as s:
        for code in ("1-3-1-0101", "2-5-1-0101"):
            units.save_unit(s, units.UnitInput(code=code, area="90"))
    yield db
    clock.freeze(None)


def _post(db, title="停水通知", posted=date(2025, 6, 10), down=date(2025, 6, 12), kind="通知", buildings=None,
          role=None) -> str:
    with (db.session("张丽", role) if role else db.session("张丽", system=True)) as s:
        return board.post(s, board.AnnouncementInput(kind=kind, title=title, body="6月12日 9:00-17:00 停水。",
                                                      posted_on=posted, take_down_on=down, buildings=buildings))


def _numbers(db, view, **extra) -> list[str]:
    with db.session(system=True) as s:
        return [r.number for r in board.listing(s, board.BoardFilter(view=view, **extra))]


def test_numbers_run_per_year_and_the_number_finds_the_announcement(desk):
    assert _post(desk) == "GG-2025-001"
    assert _post(desk, "温馨提示", kind="温馨提示") == "GG-2025-002"
    with desk.session(system=True) as s:
        assert board.get(s, "gg-2025-002").title == "温馨提示"
        with pytest.raises(NotFound, match="GG-2025-009"):
            board.get(s, "GG-2025-009")


def test_take_down_before_posting_and_posting_in_the_future_are_refused_in_chinese(desk):
    with pytest.raises(ValidationError) as info:
        _post(desk, posted=date(2025, 6, 10), down=date(2025, 6, 9))
    assert info.value.message == ("撤下日期 2025-06-09 早于张贴日期 2025-06-10，请把撤下日期改为张贴当天或以后")
    with pytest.raises(ValidationError, match="张贴日期不能晚于今天"):
        _post(desk, posted=date(2025, 6, 11), down=date(2025, 6, 20))
    with pytest.raises(ValidationError, match="没有这些楼栋：9期9栋"):
        _post(desk, buildings=["1期3栋", "9期9栋"])


def test_the_board_today_what_expires_this_week_and_the_history(desk):
    long_running = _post(desk, "物业服务公示", posted=date(2025, 5, 1), down=None, kind="公示")
    expired = _post(desk, "五一温馨提示", posted=date(2025, 4, 28), down=date(2025, 5, 6), kind="温馨提示")
    this_week = _post(desk, "停水通知", posted=date(2025, 6, 9), down=date(2025, 6, 16), buildings=["1期3栋"])
    next_month = _post(desk, "消防法规专题", posted=date(2025, 6, 1), down=date(2025, 7, 31), kind="专题")
    assert set(_numbers(desk, "today")) == {long_running, this_week, next_month}
    assert _numbers(desk, "expiring") == [this_week]  # it comes down on 06-16, within the week from 06-10
    assert set(_numbers(desk, "history")) == {long_running, expired, this_week, next_month}
    assert _numbers(desk, "history", kind="专题") == [next_month]
    with desk.session(system=True) as s:
        board.take_down(s, next_month)
        board.void(s, this_week, "范围写错，已重新发布")
        assert board.board_summary(s) == (1, 0)
        rows = board.listing(s, board.BoardFilter(view="history", include_voided=True))
    assert {r.number: r.state for r in rows}[this_week] == "作废"
    assert {r.number: r.state for r in rows}[expired] == "已撤下"
    with desk.session(system=True) as s:
        assert board.posted_between(s, date(2025, 6, 1), date(2025, 6, 30)) == 1  # the voided one is not counted


def test_templates_fill_company_and_phone_and_refuse_unfilled_blanks(desk):
    with desk.session(system=True) as s:
        names = [t.name for t in board.templates(s)]
        draft = board.fill_template(s, "停水")
    assert names == ["停水", "停电", "电梯维保", "消杀", "节日问候"]
    assert "0513-8888 6666" in draft.body and "{原因}" in draft.body
    with desk.session(system=True) as s, pytest.raises(ValidationError, match=r"\{原因\}"):
        board.post(s, draft)
    draft.body = draft.body.replace("{原因}", "管网维修").replace("{范围}", "1期3栋").replace(
        "{时间}", "6月12日9:00").replace("{恢复时间}", "当日17:00")
    with desk.session(system=True) as s:
        number = board.post(s, draft)
        text = board.wechat_text(s, number)
    assert text.splitlines()[0] == "【通知】停水通知"
    assert "管网维修" in text and "天元物业服务有限公司" in text and "2025年6月10日" in text


def test_only_a_supervisor_edits_templates_and_a_collector_cannot_post(desk):
    with desk.session("小王", "前台客服") as s, pytest.raises(PermissionDenied):
        board.save_template(s, "停水", "通知", "停水通知", "正文")
    with desk.session("李主管", "客服主管") as s:
        board.save_template(s, "停水", "通知", "临时停水通知", "因{原因}停水。")
        assert board.fill_template(s, "停水").title == "临时停水通知"
    with pytest.raises(PermissionDenied):
        _post(desk, role="收费员")
    assert _post(desk, role="前台客服") == "GG-2025-001"
