"""KIND survey: the template's headers, an export that re-imports to the same answers, and bad rows refused."""

import openpyxl
from sqlalchemy import select

from frontdesk import cli
from frontdesk.db.models import SurveyUnit
from frontdesk.services import imports, survey_answers, surveys

HEADERS = ["调查编号", "房屋编号", "受访人", "日期", "方式", "客服前台", "工程维修", "保洁", "绿化", "秩序维护", "收费",
           "总体满意度", "意见与建议", "状态"]


def _rows(path):
    return [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_the_template_has_the_contract_headers(db, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDESK_DB", db.location.url)
    assert cli.main(["template", "survey", str(tmp_path / "t.xlsx")]) == 0
    assert _rows(tmp_path / "t.xlsx")[0] == HEADERS


def test_export_then_import_restores_the_answers(demo_db, frozen_now, tmp_path):
    first = imports.export(demo_db.opener(read_only=True, system=True), "survey", tmp_path / "before.xlsx")
    rows = _rows(tmp_path / "before.xlsx")
    assert rows[0] == HEADERS and first == len(rows) - 1 > 50
    assert {r[0] for r in rows[1:]} == {"DC-2026Q1", "DC-2026Q2", "DC-2026Q3", "DC-2026Q4"}
    with demo_db.session(system=True) as s:  # wipe the answers of DC-2026Q3 back to 未答
        q3 = [su.id for su in surveys.get_survey(s, "DC-2026Q3").units]
        survey_answers.save_answers(s, [survey_answers.AnswerInput(i) for i in q3])
        assert {s.get(SurveyUnit, i).status for i in q3} == {"未答"}
    result = imports.run_import(demo_db.opener("导入", system=True), "survey", tmp_path / "before.xlsx")
    assert result.ok and result.applied
    answered_q3 = sum(1 for r in rows[1:] if r[0] == "DC-2026Q3" and r[-1] != "未答")
    assert result.added == answered_q3 > 0
    imports.export(demo_db.opener(read_only=True, system=True), "survey", tmp_path / "after.xlsx")
    assert _rows(tmp_path / "after.xlsx") == rows
    again = imports.run_import(demo_db.opener("导入", system=True), "survey", tmp_path / "before.xlsx")
    assert again.added == 0 and again.skipped == len(rows) - 1


def test_bad_rows_are_named_and_nothing_is_written(demo_db, frozen_now, tmp_path):
    with demo_db.session(system=True) as s:
        pending = s.scalars(select(SurveyUnit).where(SurveyUnit.status == "未答")).first()
        survey, code = pending.survey.number, pending.unit.code
        other = s.scalars(select(SurveyUnit).where(SurveyUnit.survey_id != pending.survey_id)).first().unit.code
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["调查编号", "房屋编号", "受访人", "日期", "方式", "保洁", "电梯", "总体满意度", "意见与建议", "状态"])
    ws.append([survey, code, "王女士", "2026-11-20", "电话", 6, None, 4, "", "已答"])
    ws.append([survey, code, "王女士", "2026-11-20", "电话", 4, 3, 4, "", "已答"])
    ws.append(["DC-2019Q1", other, "", "", "", None, None, None, "", "拒访"])
    ws.append([survey, code, "", "2026-11-20", "上门", 4, None, None, "", "拒访"])
    wb.save(path)
    result = imports.run_import(demo_db.opener("导入", system=True), "survey", path)
    lines = [p.line() for p in result.problems]
    assert any(line.startswith("第 2 行，“保洁”列") for line in lines)
    assert any(line.startswith("第 3 行，“电梯”列") for line in lines)
    assert any(line.startswith("第 4 行，“调查编号”列") for line in lines)
    assert any(line.startswith("第 5 行") for line in lines)
    assert not result.applied
    with demo_db.session(system=True) as s:
        assert s.get(SurveyUnit, pending.id).status == "未答"
