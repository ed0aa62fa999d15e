"""培训考核 rules: sessions and pass rates, re-tests, inspections, slogans, the monthly assessment and its lock."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from frontdesk.errors import ValidationError
from frontdesk.services import clock, settings
from frontdesk.services.training import assessment, exams, inspections, people, sessions, slogans, summary


@pytest.fixture
def desk(db):
    """Three receptionists (one who has left) on a database frozen at 2026-07-31."""
    clock.freeze(datetime(2026, 7, 31, 17, 0))
    ids = {}
    with db.session("吴海燕", system=True) as s:
        for name, active in (("张丽", True), ("王芳", True), ("刘梅", False)):
            ids[name] = people.save_staff(s, people.StaffInput(name, "前台客服", hire_date=date(2025, 3, 1),
                                                                active=active))
    return ids


def _session(db, desk, day=date(2026, 7, 6), attendance=None) -> int:
    with db.session("吴海燕", system=True) as s:
        return sessions.save_session(s, sessions.SessionInput(
            day, ["《接听礼仪》", "《仪态礼仪》"], "陈经理", "2", "客服部会议室",
            attendance=attendance or {desk["张丽"]: "出席", desk["王芳"]: "迟到"}))


def test_a_session_with_attendance_and_scores_gives_the_pass_rate(db, desk):
    session_id = _session(db, desk)
    with db.session(system=True) as s:
        stats = exams.record_scores(s, session_id, {desk["张丽"]: "86", desk["王芳"]: "52.5"})
    assert (stats.tested, stats.passed, stats.pass_rate, stats.average) == (2, 1, Decimal("50.0"), Decimal("69.3"))
    with db.session(system=True) as s:
        [row] = sessions.list_sessions(s)
        lines = {line.name: line.result for line in exams.exam_lines(s, session_id)}
    assert row.courses == "《接听礼仪》、《仪态礼仪》" and row.present == 1 and row.late == 1
    assert row.stats.pass_rate == Decimal("50.0")
    assert lines == {"张丽": "合格", "王芳": "待补考"}


def test_a_retest_is_only_for_those_who_failed_and_passing_it_counts(db, desk):
    session_id = _session(db, desk)
    with db.session(system=True) as s:
        exams.record_scores(s, session_id, {desk["张丽"]: 90, desk["王芳"]: 40})
    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        exams.record_retest(s, session_id, {desk["张丽"]: 95}, date(2026, 7, 10))
    assert "不需要补考" in info.value.message
    with db.session(system=True) as s:
        assert {line.name: line.may_retest for line in exams.exam_lines(s, session_id)} == {"张丽": False, "王芳": True}
    with db.session(system=True) as s:
        stats = exams.record_retest(s, session_id, {desk["王芳"]: 75}, date(2026, 7, 10))
        lines = {line.name: line.result for line in exams.exam_lines(s, session_id)}
    assert stats.pass_rate == Decimal("50.0") and stats.final_pass_rate == Decimal("100.0")
    assert lines["王芳"] == "补考合格"


@pytest.mark.parametrize("bad", ["101", "-1", "八十"])
def test_a_score_outside_0_to_100_saves_nothing(db, desk, bad):
    session_id = _session(db, desk)
    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        exams.record_scores(s, session_id, {desk["张丽"]: "88", desk["王芳"]: bad})
    assert "0 到 100" in info.value.message
    with db.session(system=True) as s:
        assert all(line.score is None for line in exams.exam_lines(s, session_id))


def test_attendance_for_staff_who_left_is_refused(db, desk):
    with pytest.raises(ValidationError) as info:
        _session(db, desk, attendance={desk["张丽"]: "出席", desk["刘梅"]: "出席"})
    assert "刘梅 已离职" in info.value.errors["attendance"]
    with db.session(system=True) as s:
        assert sessions.count_sessions(s) == 0


def test_inspection_quick_entry_saves_a_days_grid(db, desk):
    day = date(2026, 7, 8)
    with db.session(system=True) as s:
        grid = inspections.day_grid(s, day)
    assert [r.name for r in grid.rows] == ["张丽", "王芳"]  # the one who left is not on the grid
    assert [i.name for i in grid.items][:3] == ["仪容仪表", "站立服务", "铃响三声内接听"]
    grid.rows[1].deductions["规范用语"] = "2"
    grid.rows[1].deductions["台面整洁"] = "1.5"
    grid.rows[1].remark = "接听时未报工号"
    with db.session(system=True) as s:
        assert inspections.save_day(s, day, "吴海燕", grid.rows) == 2
    with db.session(system=True) as s:
        again = inspections.day_grid(s, day)
        lines = inspections.inspection_lines(s, day, day)
    assert all(r.saved for r in again.rows)
    assert again.rows[1].total == Decimal("3.5") and again.rows[0].total == 0
    assert [(line.staff_name, line.deduction, line.failed) for line in lines] == [
        ("张丽", Decimal("0.0"), ""), ("王芳", Decimal("3.5"), "规范用语 -2、台面整洁 -1.5")]


def test_one_slogan_per_week_and_the_current_one(db, desk):
    with db.session(system=True) as s:
        slogans.add_slogan(s, date(2026, 7, 27), "微笑、问候、规范")
    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        slogans.add_slogan(s, date(2026, 7, 30), "主动、热情、耐心")
    assert "这一周已有口号" in info.value.message
    with db.session(system=True) as s:
        assert slogans.current_slogan(s) == "微笑、问候、规范"
        assert slogans.slogan_for(s, date(2026, 8, 3)) is None


def test_a_months_assessment_is_computed_from_known_inputs_and_locks(db, desk):
    session_id = _session(db, desk)
    with db.session(system=True) as s:
        exams.record_scores(s, session_id, {desk["张丽"]: 90, desk["王芳"]: 40})
        exams.record_retest(s, session_id, {desk["王芳"]: 80}, date(2026, 7, 9))
        grid = inspections.day_grid(s, date(2026, 7, 8))
        grid.rows[1].deductions["规范用语"] = 2
        grid.rows[1].deductions["首问负责"] = 3
        inspections.save_day(s, date(2026, 7, 8), "吴海燕", grid.rows)
    with db.session(system=True) as s:
        rows = {r.name: r for r in assessment.compute_month(s, "2026-07")}
    zhang, wang = rows["张丽"], rows["王芳"]
    assert set(rows) == {"张丽", "王芳"}
    # 张丽: test 30×0.9=27, inspection 30, attendance 10, calls 0, no visits → 20 ⇒ 87 良好 +100
    assert (zhang.score, zhang.grade, zhang.suggested_amount) == (Decimal("87.0"), "良好", Decimal("100.00"))
    # 王芳: re-test passed → 60 → 18; inspection 30−5=25; late → 5; 0; 20 ⇒ 68 不合格 −100
    assert wang.figures.test_average == Decimal("60.0") and wang.figures.attendance_rate == Decimal("50.0")
    assert (wang.score, wang.grade, wang.amount) == (Decimal("68.0"), "不合格", Decimal("-100.00"))

    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        assessment.set_award(s, "2026-07", desk["王芳"], "-50", "")
    assert "理由" in info.value.message
    with db.session("吴海燕", system=True) as s:
        assessment.set_award(s, "2026-07", desk["王芳"], "-50", "首次考核，减半处罚")
        assert assessment.confirm_month(s, "2026-07", "吴海燕") == 2
    with db.session(system=True) as s:
        rows = {r.name: r for r in assessment.compute_month(s, "2026-07")}
    assert rows["王芳"].amount == Decimal("-50.00") and rows["王芳"].confirmed_by == "吴海燕"
    assert rows["王芳"].reason == "首次考核，减半处罚"

    with pytest.raises(ValidationError) as info, db.session(system=True) as s:
        exams.record_scores(s, session_id, {desk["王芳"]: 99})
    assert "已确认并锁定" in info.value.message
    with pytest.raises(ValidationError), db.session(system=True) as s:
        assessment.set_award(s, "2026-07", desk["张丽"], "300", "额外奖励")
    with pytest.raises(ValidationError), db.session(system=True) as s:
        inspections.save_day(s, date(2026, 7, 8), "吴海燕", grid.rows)
    with db.session(system=True) as s:
        lines = {line.name: line.score for line in exams.exam_lines(s, session_id)}
    assert lines["王芳"] == Decimal("40.0")


def test_an_attendee_without_a_score_at_a_test_counts_zero_not_full_marks(db, desk):
    """王芳 attended the training whose test 张丽 took, and has no score: 0 points for that test with a
    note to enter it if it was missed — not 本月无笔试 in full (which ranked her above those who sat it)."""
    session_id = _session(db, desk)
    with db.session(system=True) as s:
        exams.record_scores(s, session_id, {desk["张丽"]: 90})
    with db.session(system=True) as s:
        rows = {r.name: r for r in assessment.compute_month(s, "2026-07")}
    wang = rows["王芳"]
    assert wang.figures.test_average == Decimal("0.0") and wang.figures.tests_missing == 1
    assert any("没有成绩" in note and "补录" in note for note in wang.notes)
    assert not any("本月无笔试" in note for note in wang.notes)
    assert wang.score < rows["张丽"].score
    with db.session(system=True) as s:  # the score entered: it counts
        exams.record_scores(s, session_id, {desk["王芳"]: 70})
    with db.session(system=True) as s:
        wang = {r.name: r for r in assessment.compute_month(s, "2026-07")}["王芳"]
    assert wang.figures.test_average == Decimal("70.0") and wang.figures.tests_missing == 0


def test_weights_and_reward_table_come_from_settings(db, desk):
    with db.session(system=True) as s:
        settings.put(s, "assessment_weights", {"test": 0, "inspection": 100, "attendance": 0, "calls": 0,
                                               "satisfaction": 0})
        settings.put(s, "assessment_rewards", [{"min": 99, "grade": "满分", "amount": "500"},
                                               {"min": 0, "grade": "其他", "amount": "0"}])
        rows = assessment.compute_month(s, "2026-07")
    assert {(r.score, r.grade, r.suggested_amount) for r in rows} == {(Decimal("100.0"), "满分", Decimal("500.00"))}


def test_training_summary_of_a_month(db, desk):
    session_id = _session(db, desk, attendance={desk["张丽"]: "出席", desk["王芳"]: "缺席"})
    with db.session(system=True) as s:
        exams.record_scores(s, session_id, {desk["张丽"]: 58})
        result = summary.month_summary(s, "2026-07")
        person_file = summary.staff_file(s, desk["张丽"])
    assert (result.sessions, result.hours, result.attendance_rate) == (1, Decimal("2.0"), Decimal("50.0"))
    assert result.tests.pass_rate == Decimal("0.0") and result.tests.average == Decimal("58.0")
    assert [f.courses for f in person_file.sessions] == ["《接听礼仪》、《仪态礼仪》"]
