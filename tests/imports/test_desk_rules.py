"""What the desks' import kinds refuse (naming row and column, writing nothing) and what they accept."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from frontdesk import cli
from frontdesk.db.models import (
    Charge,
    MonthlyAssessment,
    Payment,
    RepairOrder,
    Staff,
    TrainingAttendance,
    TrainingSession,
    Violation,
)
from frontdesk.services import imports


def _sheet(path, kind, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    headers = imports.KINDS[kind].headers()
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, as a person enters it (a leading = stays text)
    wb.save(path)
    return path


def _count(db, model) -> int:
    with db.session(system=True) as s:
        return s.scalar(select(func.count()).select_from(model))


def _import(db, tmp_path, kind, rows, actor="测试", **kwargs):
    return imports.run_import(db.opener(actor, system=True), kind, _sheet(tmp_path / f"{kind}.xlsx", kind, rows), **kwargs)


@pytest.fixture
def desk(db, tmp_path, frozen_now):
    """Forty units of 1期20栋1单元, the desk's staff, and a year of 物业费 for the first units."""
    units = [{"期": 1, "楼栋": 20, "单元": 1, "房号": f"{i:04d}", "建筑面积": 88.5, "收房状态": "已收房",
              "收房日期": "2020-05-01", "业主姓名": f"业主{i}"} for i in range(1, 41)]
    staff = [{"姓名": "张丽", "岗位": "前台客服", "入职日期": "2020-01-01"},
             {"姓名": "刘建国", "岗位": "维修工", "入职日期": "2020-01-01"},
             {"姓名": "赵敏", "岗位": "收费员", "入职日期": "2020-01-01"},
             {"姓名": "孙新", "岗位": "前台客服", "入职日期": "2026-09-01"}]
    charges = [{"房屋编号": f"1-20-1-{u:04d}", "收费项目": "物业费", "所属期间": f"2026-{m:02d}", "应收金额": 132.75}
               for u in range(1, 4) for m in range(1, 13)]
    for kind, rows in (("units", units), ("staff", staff), ("charges", charges)):
        assert _import(db, tmp_path, kind, rows).applied
    return db


def repair(i=0, **change):
    row = {"报修时间": datetime(2026, 10, 1, 8, 0) + timedelta(hours=i), "范围": "户内", "房屋编号": "1-20-1-0001",
           "工种": "水电", "描述": f"插座不通电 {i}", "维修人": "刘建国", "完工时间": datetime(2026, 10, 5, 12, 0),
           "状态": "已回访", "满意度": "满意"}
    row.update(change)
    return row


def payment(i=1, **change):
    row = {"房屋编号": "1-20-1-0001", "收费项目": "物业费", "所属期间": f"2026-{i:02d}", "实收金额": 132.75,
           "收款日期": "2026-10-08", "收款方式": "微信", "收据号": f"SK-202610-{i:04d}", "收费员": "赵敏"}
    row.update(change)
    return row


def violation(i=0, **change):
    row = {"发现日期": date(2026, 10, 1) + timedelta(days=i), "房屋编号": "1-20-1-0002", "违章类型": "私搭乱建",
           "描述": f"露台加建阳光房 {i}", "发现人": "刘建国"}
    row.update(change)
    return row


def training(i=0, **change):
    row = {"日期": "2026-10-09", "课程": "《前台服务规范》、《仪态礼仪》", "讲师": "吴海燕", "学时": 2,
           "姓名": "张丽", "出勤": "出席", "笔试成绩": 88}
    row.update(change)
    return row


def charge(i=0, **change):
    row = {"房屋编号": f"1-20-1-{i % 40 + 1:04d}", "收费项目": "车位费", "所属期间": f"{2000 + i // 40 // 12}-{i // 40 % 12 + 1:02d}",
           "应收金额": 80}
    row.update(change)
    return row


# Thirty good rows and one bad one in the middle (sheet row 17), per kind.
BAD_ROWS = {
    "repairs": ([repair(i) for i in range(30)], repair(99, 工种="木工"), "工种"),
    "charges": ([charge(i) for i in range(30)], charge(99, 应收金额="一百"), "应收金额"),
    "payments": ([payment(m, 房屋编号=f"1-20-1-{u:04d}", 收据号=f"SK-202610-{u}{m:03d}") for u in (1, 2, 3)
                  for m in range(1, 11)], payment(11, 收款方式="刷脸"), "收款方式"),
    "violations": ([violation(i) for i in range(30)], violation(40, 发现日期="2026-13-01"), "发现日期"),
    "training": ([training(姓名=name, 日期=f"2026-{m:02d}-09") for name in ("张丽", "刘建国", "赵敏")
                  for m in range(1, 11)], training(姓名="不存在的人"), "姓名"),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_one_bad_row_is_named_and_nothing_is_written(desk, tmp_path, kind):
    good, bad, header = BAD_ROWS[kind]
    rows = good[:15] + [bad] + good[15:]
    model = {"repairs": RepairOrder, "charges": Charge, "payments": Payment, "violations": Violation,
             "training": TrainingAttendance}[kind]
    before = _count(desk, model)
    result = _import(desk, tmp_path, kind, rows)
    assert [(p.row, p.header) for p in result.problems] == [(17, header)]
    assert f"第 17 行，“{header}”列" in result.problems[0].line()
    assert _count(desk, model) == before
    fixed = _import(desk, tmp_path, kind, good)
    assert fixed.applied and fixed.added == len(good) and _count(desk, model) == before + len(good)


@pytest.mark.parametrize("row, header, words", [
    (repair(房屋编号=None), "房屋编号", "户内报修"),
    (repair(房屋编号="9-9-9-0909"), "房屋编号", "房屋档案"),
    (repair(范围="公共", 房屋编号=None, 位置=None), "位置", "公共报修"),
    (repair(维修人="张丽"), "维修人", "维修工"),
    (repair(状态="已完工", 完工时间=None, 满意度=None), "完工时间", "已完工"),
    (repair(状态="待派工", 完工时间=None, 满意度=None), "维修人", "待派工"),
    (repair(状态="已回访", 满意度="不满意"), "满意度", "满意 或 基本满意"),
    (repair(状态="已关闭", 满意度=None, 完工时间=datetime(2026, 9, 1)), "完工时间", "不早于报修时间"),
    (repair(报修时间=datetime(2026, 12, 1), 状态="已派工", 完工时间=None, 满意度=None), "报修时间", "不晚于现在"),
])
def test_repair_rows_follow_the_order_states(desk, tmp_path, row, header, words):
    result = _import(desk, tmp_path, "repairs", [row])
    assert [p.header for p in result.problems] == [header]
    assert words in result.problems[0].expected


def test_public_repairs_and_the_states_of_a_log(desk, tmp_path):
    rows = [repair(0, 范围="公共", 房屋编号=None, 位置="1期20栋1单元3楼楼道", 工种="公共设施", 描述="楼道灯不亮"),
            repair(1, 状态="待派工", 维修人=None, 完工时间=None, 满意度=None),
            repair(2, 状态="已关闭", 满意度="无法联系"),
            repair(3, 状态="处理中", 完工时间=None, 满意度=None),
            repair(4, 状态="已完工", 满意度=None)]
    result = _import(desk, tmp_path, "repairs", rows, actor="张丽")
    assert result.applied and result.added == 5
    with desk.session(system=True) as s:
        public = s.scalar(select(RepairOrder).where(RepairOrder.scope == "公共"))
        assert (public.unit_id, public.phase, public.building) == (None, 1, 20)
        assert public.number == "BX-202610-0001" and public.owner.name == "张丽"
        assert [o.number for o in s.scalars(select(RepairOrder).order_by(RepairOrder.id))][-1] == "BX-202610-0005"


def test_payments_refuse_what_a_ledger_must_not_hold(desk, tmp_path):
    assert _import(desk, tmp_path, "payments", [payment(1)]).applied
    rows = [payment(2, 所属期间="2027-01"),                        # no such charge
            payment(3, 实收金额=200),                               # more than owed
            payment(4, 实收金额=100, 收据号="SK-202610-0100"),
            payment(4, 实收金额=40, 收据号="SK-202610-0101"),        # 100 + 40 > 132.75 for the same month
            payment(5, 收据号="SK-202610-0001"),                    # receipt already used for other money
            payment(6, 收据号="SK-202610-0200"),
            payment(7, 收据号="SK-202610-0200", 收款日期="2026-10-09"),  # one receipt, two days
            payment(8, 收据号="SK-202610-0001", 所属期间="2027-03", 收款方式="赊账")]  # every problem of a row
    result = _import(desk, tmp_path, "payments", rows)
    assert [(p.row, p.header) for p in result.problems] == [
        (2, "所属期间"), (3, "实收金额"), (5, "实收金额"), (6, "收据号"), (8, "收款日期"),
        (9, "收款方式"), (9, "收据号"), (9, "所属期间")]
    assert "132.75" in result.problems[1].expected and "32.75" in result.problems[2].expected
    assert _count(desk, Payment) == 1


def test_one_receipt_over_several_months_is_one_payment(desk, tmp_path):
    rows = [payment(m, 收据号="sk-202610-0007", 实收金额=132.75) for m in (1, 2, 3)]
    rows.append(payment(4, 实收金额=32.75, 收据号="SK-202610-0008"))
    result = _import(desk, tmp_path, "payments", rows)
    assert result.applied and result.added == 4
    with desk.session(system=True) as s:
        paid = s.scalar(select(Payment).where(Payment.receipt_no == "SK-202610-0007"))
        assert paid.amount == Decimal("398.25") and len(paid.allocations) == 3
        assert paid.collector.name == "赵敏" and paid.method == "微信"
    again = _import(desk, tmp_path, "payments", rows)
    assert again.ok and again.added == 0 and again.skipped == 4


def test_charges_need_a_known_fee_item_and_a_month_not_too_far_ahead(desk, tmp_path):
    rows = [charge(0, 收费项目="水费"), charge(1, 所属期间="2027-02"), charge(2, 应缴日期=None)]
    result = _import(desk, tmp_path, "charges", rows)
    assert [(p.row, p.header) for p in result.problems] == [(2, "收费项目"), (3, "所属期间")]
    assert "2026-12" in result.problems[1].expected
    assert _import(desk, tmp_path, "charges", [rows[2]]).applied
    with desk.session(system=True) as s:
        assert s.scalar(select(Charge.due_date).where(Charge.item == "车位费")) == date(2000, 1, 15)


def test_violations_in_public_places_and_unknown_places(desk, tmp_path):
    rows = [violation(0, 房屋编号="公共：3栋楼顶平台", 违章类型="占用公共部位"), violation(1, 房屋编号="3栋楼顶")]
    result = _import(desk, tmp_path, "violations", rows)
    assert [(p.row, p.header) for p in result.problems] == [(3, "房屋编号")]
    assert "公共：" in result.problems[0].expected
    result = _import(desk, tmp_path, "violations", rows[:1])
    assert result.applied
    with desk.session(system=True) as s:
        found = s.scalar(select(Violation))
        assert (found.unit_id, found.location, found.status) == (None, "3栋楼顶平台", "待发通知")
        assert "导入" in found.events[0].text


def test_training_rows_form_sessions(desk, tmp_path):
    rows = [training(姓名="张丽"), training(姓名="刘建国", 出勤="缺席", 笔试成绩=None),
            training(姓名="赵敏", 课程="《前台服务规范》，《仪态礼仪》"),
            training(日期="2026-10-16", 姓名="张丽", 笔试成绩=59.5)]
    result = _import(desk, tmp_path, "training", rows)
    assert result.applied and result.added == 4
    with desk.session(system=True) as s:
        sessions = s.scalars(select(TrainingSession).order_by(TrainingSession.held_on)).all()
        assert [len(x.attendance) for x in sessions] == [3, 1]
        assert sessions[0].courses == "《前台服务规范》、《仪态礼仪》" and sessions[0].hours == Decimal("2.0")
    late = _import(desk, tmp_path, "training", rows + [training(姓名="孙新", 日期="2026-10-16")])
    assert late.added == 1 and late.skipped == 4
    with desk.session(system=True) as s:
        assert _count(desk, TrainingSession) == 2


@pytest.mark.parametrize("row, header", [
    (training(学时=3, 姓名="赵敏"), "学时"),             # the session above says 2 hours
    (training(出勤="缺席", 笔试成绩=70, 姓名="赵敏"), "笔试成绩"),
    (training(姓名="孙新"), "姓名"),                     # hired 2026-09-01, after the training
    (training(笔试成绩=101, 姓名="赵敏"), "笔试成绩"),
])
def test_training_rows_that_do_not_fit(desk, tmp_path, row, header):
    first = training(姓名="张丽")
    if row["姓名"] == "孙新":
        first, row = training(日期="2026-08-03"), dict(row, 日期="2026-08-03")
    result = _import(desk, tmp_path, "training", [first, row])
    assert [(p.row, p.header) for p in result.problems] == [(3, header)]


def test_a_locked_month_takes_no_training(desk, tmp_path, frozen_now):
    with desk.session(system=True) as s:
        staff = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        s.add(MonthlyAssessment(month="2026-10", staff_id=staff, score=90, confirmed_at=frozen_now, confirmed_by="吴"))
    result = _import(desk, tmp_path, "training", [training()])
    assert [p.header for p in result.problems] == ["日期"] and "锁定" in result.problems[0].expected


@pytest.mark.parametrize("kind", ["repairs", "charges", "payments", "violations", "training"])
def test_cli_template_import_and_export_per_kind(data_home, tmp_path, capsys, kind):
    assert cli.main(["init"]) == 0
    template = tmp_path / f"{kind}-template.xlsx"
    assert cli.main(["template", kind, str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    assert [c.value for c in wb.worksheets[0][1]] == imports.KINDS[kind].headers()
    assert wb.worksheets[1].title == "说明"
    good, bad, header = BAD_ROWS[kind]
    bad_file = _sheet(tmp_path / "bad.xlsx", kind, [bad])
    assert cli.main(["import", kind, str(bad_file)]) == 2
    assert header in capsys.readouterr().err
    assert cli.main(["export", kind, str(tmp_path / "out.xlsx"), "--from", "2026-01-01", "--to", "2026-12-31"]) == 0
    with pytest.raises(SystemExit) as exited:
        cli.main(["export", kind, str(tmp_path / "out.xlsx"), "--from", "2026-13-01"])
    assert exited.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
def test_the_desk_saves_after_an_import(desk, tmp_path):
    """Imported rows carry their own ids: PostgreSQL's id sequences must move past them."""
    from frontdesk.services import payments, repairs, violations

    assert _import(desk, tmp_path, "repairs", [repair(i) for i in range(3)]).applied
    assert _import(desk, tmp_path, "violations", [violation(0)]).applied
    with desk.session("张丽", system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        saved = repairs.create_order(s, repairs.RepairInput(description="水龙头漏水", trade="水电",
                                                            unit_text="1-20-1-0003"), owner)
        assert saved.number == "BX-202611-0001"
        violations.record_violation(s, violations.ViolationInput(kind="私搭乱建", description="加建", found_by="张丽",
                                                                 unit_text="1-20-1-0004"))
        unit_id = s.scalar(select(Charge.unit_id).order_by(Charge.id).limit(1))
        paid = payments.take_payment(s, payments.PaymentInput(unit_id=unit_id, amount="10.00", collector_id=owner))
        assert paid.receipt_no == "SK-202611-0001"
    assert _count(desk, RepairOrder) == 4 and _count(desk, Violation) == 2


def test_formula_looking_text_survives_export_and_reimport(desk, tmp_path):
    rows = [repair(0, 描述="=HYPERLINK(\"x\")"), repair(1, 描述="+86 来电：-漏水 @物业")]
    assert _import(desk, tmp_path, "repairs", rows).applied
    assert _import(desk, tmp_path, "violations", [violation(0, 描述="-阳台封窗", 发现人="@巡查")]).applied
    for kind, column in (("repairs", 6), ("violations", 4)):
        out = tmp_path / f"{kind}-out.xlsx"
        imports.export(desk.opener(read_only=True, system=True), kind, out)
        cells = [row[column - 1] for row in openpyxl.load_workbook(out).active.iter_rows(min_row=2)]
        assert all(c.data_type == "s" for c in cells)
        again = imports.run_import(desk.opener(system=True), kind, out)
        assert again.ok and again.added == 0 and again.skipped == len(cells)
    with desk.session(system=True) as s:
        assert s.scalar(select(RepairOrder.description).order_by(RepairOrder.id)) == "=HYPERLINK(\"x\")"
