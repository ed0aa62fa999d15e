"""满意度调查: the stratified, seeded sample; answers and their rules; the figures; the one-click follow-up."""

import json
from collections import Counter
from datetime import date, datetime

import pytest
from sqlalchemy import select

from frontdesk import cli
from frontdesk.db.models import Complaint, Contact, Staff, SurveyUnit, Unit
from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.services import clock, survey_answers, survey_results, surveys, units

NOW = datetime(2026, 3, 20, 10, 0)
AREAS = ["客服前台", "工程维修", "保洁", "绿化", "秩序维护", "收费"]


@pytest.fixture
def roster(db):
    """1期1栋, 1期2栋, 2期1栋; two entrances of four homes each. 2期1栋 has two homes not received
    and one received but empty."""
    clock.freeze(NOW)
    with db.session("张丽", system=True) as s:
        for phase, building in ((1, 1), (1, 2), (2, 1)):
            for entrance in (1, 2):
                for room in ("0101", "0102", "0201", "0202"):
                    code = f"{phase}-{building}-{entrance}-{room}"
                    empty = code in ("2-1-1-0101", "2-1-1-0102", "2-1-2-0101")
                    received = code not in ("2-1-1-0101", "2-1-1-0102")
                    owner = [] if empty else [units.OccupantInput(f"业主{code}", ["139" + code.replace("-", "").ljust(8, "0")[:8]])]
                    units.save_unit(s, units.UnitInput(code, "96", "已收房" if received else "未收房",
                                                       date(2024, 5, 1) if received else None, occupants=owner))
    yield db
    clock.freeze(None)


def _sample(db, number) -> list[tuple[int, str]]:
    with db.session(system=True) as s:
        survey = surveys.get_survey(s, number)
        return [(su.unit_id, su.unit.code) for su in survey.units]


def test_the_sample_is_stratified_occupied_and_reproducible(roster):
    with roster.session("吴海燕", "客服主管") as s:
        planned = surveys.plan_survey(s, surveys.PlanInput("2026Q1", per_building=3, seed=11))
    assert (planned.number, planned.count, planned.seed, planned.buildings) == ("DC-2026Q1", 9, 11, 3)
    sample = _sample(roster, "DC-2026Q1")
    codes = [code for _id, code in sample]
    assert len(set(codes)) == len(codes)  # no unit twice
    per_building = Counter(code.rsplit("-", 2)[0] for code in codes)
    assert per_building == {"1-1": 3, "1-2": 3, "2-1": 3}
    for building in per_building:  # spread over both entrances of every building
        assert {c.split("-")[2] for c in codes if c.startswith(building + "-")} == {"1", "2"}
    assert not set(codes) & {"2-1-1-0101", "2-1-1-0102", "2-1-2-0101"}  # not received, or nobody lives there
    with roster.session(system=True) as s:
        pool = surveys.candidates(s)
    again = surveys.draw_sample(pool, 3, 11, avoid=set())
    assert [c.unit_id for c in again] == [unit_id for unit_id, _code in sample]
    assert [c.unit_id for c in surveys.draw_sample(pool, 3, 12, set())] != [c.unit_id for c in again]


def test_last_quarters_units_are_avoided_while_others_remain(roster):
    with roster.session(system=True) as s:
        surveys.plan_survey(s, surveys.PlanInput("2025Q4", per_building=4, seed=1))
        surveys.plan_survey(s, surveys.PlanInput("2026Q1", per_building=4, seed=2))
    before = {code for _id, code in _sample(roster, "DC-2025Q4")}
    now = [code for _id, code in _sample(roster, "DC-2026Q1")]
    # 1期 buildings have eight homes: four new ones each; 2期1栋 has five lived-in, so three are asked again.
    again = set(now) & before
    assert len(now) == 12 and len(again) == 3 and all(code.startswith("2-1-") for code in again)


def test_planning_is_checked_and_the_supervisors(roster):
    with roster.session(system=True) as s:
        surveys.plan_survey(s, surveys.PlanInput("2026Q1"))
    with pytest.raises(ValidationError) as info, roster.session(system=True) as s:
        surveys.plan_survey(s, surveys.PlanInput("2026-Q1"))
    assert "已经安排过" in info.value.errors["quarter"]
    with pytest.raises(ValidationError) as info, roster.session(system=True) as s:
        surveys.plan_survey(s, surveys.PlanInput("2026Q4", per_building=0, areas=["保洁", "保洁"]))
    assert set(info.value.errors) == {"quarter", "per_building", "areas"}
    with pytest.raises(PermissionDenied), roster.session("王前台", "前台客服") as s:
        surveys.plan_survey(s, surveys.PlanInput("2026Q2"))


def _answers(db) -> list[int]:
    """The hand-made answers of DC-2026Q1 (six units, two per building)."""
    with db.session(system=True) as s:
        surveys.plan_survey(s, surveys.PlanInput("2026Q1", per_building=2, seed=5))
        ids = [su.id for su in surveys.get_survey(s, "DC-2026Q1").units]
    a = survey_answers.AnswerInput
    rows = [
        a(ids[0], {"客服前台": 5, "收费": 2}, 4, comment="物业费收得太急，收费明细看不懂", method="上门"),
        a(ids[1], {"客服前台": 4, "收费": 1, "保洁": 3}, 2, method="电话", answered_on=date(2026, 3, 2)),
        a(ids[2], {"客服前台": 3, "收费": 4}, 5, comment="前台小王很耐心", method="电话"),
        a(ids[3], status="拒访", method="上门"),
        a(ids[4], status="无法联系", method="电话"),
        a(ids[5]),
    ]
    with db.session("王前台", "前台客服") as s:
        assert survey_answers.save_answers(s, rows) == 6
    return ids


def test_answers_are_saved_with_their_rules(roster):
    ids = _answers(roster)
    with roster.session(system=True) as s:
        first = s.get(SurveyUnit, ids[0])
        assert (first.status, first.overall, first.method, first.answered_on) == ("已答", 4, "上门", NOW.date())
        assert first.respondent == first.owner_name and {x.area: x.score for x in first.scores} == {"客服前台": 5, "收费": 2}
        assert [s.get(SurveyUnit, i).status for i in ids[3:]] == ["拒访", "无法联系", "未答"]
    bad = [survey_answers.AnswerInput(ids[5], {"保洁": 6}),
           survey_answers.AnswerInput(ids[3], {"保洁": 4}, status="拒访"),
           survey_answers.AnswerInput(ids[4], {"保洁": 4}, answered_on=date(2026, 4, 1))]
    with pytest.raises(ValidationError) as info, roster.session(system=True) as s:
        survey_answers.save_answers(s, bad)
    assert set(info.value.errors) == {"0.保洁", "1.status", "2.answered_on"}
    with roster.session(system=True) as s:  # nothing of the bad batch was written
        assert s.get(SurveyUnit, ids[3]).status == "拒访" and not s.get(SurveyUnit, ids[5]).scores


def test_results_and_figures_match_the_hand_made_answers(roster, capsys, monkeypatch):
    _answers(roster)
    with roster.session(system=True) as s:
        result = survey_results.results(s, "DC-2026Q1")
    t = result.tally
    assert (t.units, t.answered, t.refused, t.unreachable, t.pending) == (6, 3, 1, 1, 1)
    assert t.response_rate == 0.5 and t.satisfaction == 2 / 3  # kept whole, rounded where shown
    assert (t.areas["收费"].satisfaction, t.areas["收费"].mean, t.areas["收费"].responses) == (1 / 3, 2.33, 3)
    assert [(label, g.units) for label, g in result.by_building] == [("1期1栋", 2), ("1期2栋", 2), ("2期1栋", 2)]
    assert [c.text for c in result.comments["收费"]] == ["物业费收得太急，收费明细看不懂"]
    assert [c.text for c in result.comments["其他意见"]] == ["前台小王很耐心"]
    assert result.previous is None and result.year_ago is None

    monkeypatch.setenv("FRONTDESK_DB", roster.location.url)
    for args in (["--quarter", "2026Q1"], ["--month", "2026-02"]):
        assert cli.main(["stats", *args, "--json"]) == 0
        figures = json.loads(capsys.readouterr().out)
        assert (figures["survey_units"], figures["survey_responses"]) == (6, 3)
        assert (figures["survey_response_rate"], figures["survey_satisfaction"]) == (0.5, 0.6667)
        assert figures["survey_by_area"]["客服前台"] == {"satisfaction": 0.6667, "mean": 4.0, "responses": 3}
        assert figures["survey_by_area"]["保洁"] == {"satisfaction": 0.0, "mean": 3.0, "responses": 1}
        assert figures["survey_by_area"]["工程维修"] == {"satisfaction": None, "mean": None, "responses": 0}
    assert cli.main(["stats", "--quarter", "2025Q4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["survey_units"] == 0


def test_one_click_turns_a_dissatisfied_comment_into_an_open_matter(roster):
    ids = _answers(roster)
    with roster.session(system=True) as s:
        owner = Staff(name="王前台", role="前台客服", post="前台客服", phone="", active=True)
        s.add(owner)
        s.flush()
        owner_id = owner.id
    with pytest.raises(ValidationError), roster.session("王前台", "前台客服") as s:
        survey_answers.follow_up(s, ids[2], owner_id)  # satisfied: nothing to follow up
    with roster.session("王前台", "前台客服") as s:
        contact_id = survey_answers.follow_up(s, ids[0], owner_id, "投诉")
    with roster.session(system=True) as s:
        contact = s.get(Contact, contact_id)
        su = s.get(SurveyUnit, ids[0])
        assert (contact.category, contact.status, contact.owner_id, contact.unit_id) == ("投诉", "处理中", owner_id, su.unit_id)
        assert "DC-2026Q1" in contact.content and "收费不满意" in contact.content and "收费明细看不懂" in contact.content
        assert su.followup_contact_id == contact_id
        assert s.scalar(select(Complaint).where(Complaint.contact_id == contact_id)) is not None
        assert s.get(Unit, su.unit_id).code in contact.content or "室" in contact.content
    with pytest.raises(ConflictError), roster.session("王前台", "前台客服") as s:
        survey_answers.follow_up(s, ids[0], owner_id)
    with roster.session(system=True) as s:
        comment = survey_results.results(s, "DC-2026Q1").comments["收费"][0]
    assert comment.followed_up and not comment.can_follow_up


def test_the_results_workbook_holds_the_same_figures(roster, tmp_path, capsys, monkeypatch):
    import openpyxl

    _answers(roster)
    monkeypatch.setenv("FRONTDESK_DB", roster.location.url)
    out = tmp_path / "结果.xlsx"
    assert cli.main(["survey", "results", "DC-2026Q1", str(out)]) == 0
    assert "已答 3/6 户" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    areas = {row[0]: row for row in wb["服务项目"].iter_rows(min_row=2, max_row=8, values_only=True)}
    assert areas["收费"][1:4] == (3, 1 / 3, 2.33) and areas["总体满意度"][2] == 2 / 3
    assert wb["服务项目"]["C2"].number_format == "0.0%" and wb["服务项目"].freeze_panes == "A2"
    buildings = [row[0] for row in wb["期与楼栋"].iter_rows(min_row=2, values_only=True)]
    assert buildings == ["1期", "2期", "1期1栋", "1期2栋", "2期1栋"]
    comments = list(wb["意见与建议"].iter_rows(min_row=2, values_only=True))
    assert [(c[0], c[4]) for c in comments] == [("收费", "物业费收得太急，收费明细看不懂"), ("其他意见", "前台小王很耐心")]


def test_the_demo_year_has_four_surveys_with_plausible_results(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        rows = surveys.list_surveys(s)
        assert [r.number for r in rows] == ["DC-2026Q4", "DC-2026Q3", "DC-2026Q2", "DC-2026Q1"]
        stamps = s.execute(select(SurveyUnit.updated_at, SurveyUnit.answered_on)).all()
        assert all(updated <= frozen_now for updated, _day in stamps)
        assert all(day is None or day <= frozen_now.date() for _updated, day in stamps)
        assert rows[0].pending > 0  # the running quarter is still being asked
        results = {r.number: survey_results.results(s, r.number).tally for r in rows}
    for tally in results.values():
        assert tally.areas["收费"].mean < tally.areas["客服前台"].mean
        assert tally.areas["秩序维护"].mean < tally.areas["客服前台"].mean
    assert results["DC-2026Q3"].areas["客服前台"].mean > results["DC-2026Q1"].areas["客服前台"].mean
    assert results["DC-2026Q3"].areas["收费"].mean > results["DC-2026Q1"].areas["收费"].mean


def test_a_rate_is_rounded_once_where_it_is_shown():
    """74 of 86 satisfied is 86.05 %… and shows as 86.0 %, not 86.1 % from a value rounded to four
    places first; 74 of 89 shows 83.1 %."""
    from frontdesk.services import number_format
    from frontdesk.services.stats.money import fraction

    assert number_format.percent(survey_results.fraction(74, 86)) == "86.0%"
    assert number_format.percent(fraction(74, 86)) == "86.0%"
    assert number_format.percent(survey_results.fraction(74, 89)) == "83.1%"
