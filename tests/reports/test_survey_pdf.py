"""The printed questionnaires: one A4 page per sampled unit, the unit in words, the five boxes, the slip."""

import subprocess

from pypdf import PdfReader

from frontdesk import cli
from frontdesk.services import surveys


def _pages(path) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(str(path)).pages]


def test_plan_then_print_the_questionnaires_and_the_phone_script(demo_db, frozen_now, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FRONTDESK_DB", demo_db.location.url)
    assert cli.main(["survey", "plan", "--quarter", "2027Q1", "--per-building", "2", "--seed", "9"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("DC-2027Q1 已抽样 12 户")
    assert cli.main(["survey", "plan", "--quarter", "2027Q1"]) == 2
    assert "已经安排过" in capsys.readouterr().err

    out = tmp_path / "问卷.pdf"
    assert cli.main(["survey", "pdf", "DC-2027Q1", str(out)]) == 0
    pages = _pages(out)
    with demo_db.session(system=True) as s:
        survey = surveys.get_survey(s, "DC-2027Q1")
        first = min(survey.units, key=lambda su: (su.unit.phase, su.unit.building, su.unit.entrance, su.unit.room))
        words, owner = surveys.unit_in_words(first.unit), first.owner_name
    assert len(pages) == 12
    page = pages[0]
    assert "天元物业服务有限公司" in page and "业主满意度调查问卷（2027年第1季度）" in page
    assert words in page and owner in page and "DC-2027Q1-001" in page
    for box in ("非常满意", "满意", "一般", "不满意", "非常不满意", "您对收费的服务是否满意", "总体满意度", "意见与建议"):
        assert box in page
    assert "满意度调查回执" in page and "□已答□拒访□无法联系" in page and "第1页/共12页" in page
    assert "WenQuanYiMicroHei" in subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout

    script = tmp_path / "话术.pdf"
    assert cli.main(["survey", "pdf", "DC-2027Q1", str(script), "--phone-script"]) == 0
    script_pages = _pages(script)
    assert "满意度调查电话话术" in script_pages[0] and "电话调查记录表" in script_pages[1]
    assert words in script_pages[1]
    assert cli.main(["survey", "pdf", "DC-2019Q1", str(tmp_path / "x.pdf")]) == 2


def test_the_results_report_carries_the_screens_figures_and_the_comments(demo_db, frozen_now, tmp_path, capsys,
                                                                         monkeypatch):
    from frontdesk.services import number_format, survey_results

    monkeypatch.setenv("FRONTDESK_DB", demo_db.location.url)
    with demo_db.session(system=True) as s:
        result = survey_results.results(s, "DC-2026Q3")
    out = tmp_path / "结果报告.pdf"
    assert cli.main(["survey", "results", "DC-2026Q3", str(out)]) == 0
    assert f"已答 {result.tally.answered}/{result.tally.units} 户" in capsys.readouterr().out
    pages = _pages(out)
    text = "".join(pages)
    assert "业主满意度调查结果报告" in pages[0] and "2026年第3季度调查编号DC-2026Q3" in pages[0]
    t = result.tally
    assert f"抽样{t.units}户，已答{t.answered}户，回答率{number_format.percent(t.response_rate)}" in pages[0]
    assert f"总体满意率{number_format.percent(t.satisfaction)}" in pages[0]
    previous = result.previous.tally.satisfaction
    assert f"上季度（2026年第2季度）{number_format.percent(previous)}" in pages[0] and "去年同期没有调查" in pages[0]
    fee = t.areas["收费"]
    assert f"收费{fee.responses}{number_format.percent(fee.satisfaction)}{fee.mean:.2f}" in text
    for name, group in [*result.by_phase, *result.by_building]:
        assert f"{name}{group.units}{group.answered}" in text
    for comments in result.comments.values():
        for comment in comments:
            assert "".join(comment.text.split()) in text
    assert f"第1页/共{len(pages)}页" in pages[0]
    assert "WenQuanYiMicroHei" in subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout

    assert cli.main(["survey", "results", "DC-2026Q3", str(tmp_path / "结果.doc")]) == 2
    assert ".xlsx（Excel）或 .pdf" in capsys.readouterr().err
