"""Supervisor-editable settings and managed lists, stored in the database."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import LookupItem, Setting

DEFAULTS: dict[str, Any] = {
    # The company and the estate are not known on a new install: the administrator gives them at the
    # first start (services/company.py); nothing invented is ever printed on a notice or a letter.
    "company_name": "",
    "desk_phone": "",
    "company_address": "",  # printed in the letterhead of letters and notices
    "company_logo": "",  # an image file for the letterhead, optional
    "project_name": "",
    "phases": [1, 2, 3],
    "daily_target_calls": 70,
    "daily_target_visits": 30,
    "daily_target_return_visits": 20,
    "ring_answer_target_seconds": 15,  # 铃响三声之内接起: a ring answered within this counts as on time
    "complaint_first_action_hours": 24,
    "complaint_close_hours": 72,
    "repeat_caller_days": 7,
    "repeat_caller_contacts": 3,
    "matter_overdue_hours": 48,
    # 培训考核: the written-test pass mark, the daily checklist (deduction when an item fails), who is
    # inspected and assessed, and the monthly assessment's weights (points out of 100) and reward table.
    "training_pass_mark": 60,
    "training_assessed_roles": ["前台客服", "收费员"],
    "inspection_items": [
        {"name": "仪容仪表", "deduction": 2}, {"name": "站立服务", "deduction": 2},
        {"name": "铃响三声内接听", "deduction": 3}, {"name": "规范用语", "deduction": 2},
        {"name": "台面整洁", "deduction": 1}, {"name": "首问负责", "deduction": 3},
    ],
    "assessment_weights": {"test": 30, "inspection": 30, "attendance": 10, "calls": 10, "satisfaction": 20},
    "assessment_calls_target": 300,
    "assessment_complaint_deduction": 5,
    "assessment_rewards": [
        {"min": 95, "grade": "优秀", "amount": "200.00"}, {"min": 85, "grade": "良好", "amount": "100.00"},
        {"min": 70, "grade": "合格", "amount": "0.00"}, {"min": 0, "grade": "不合格", "amount": "-100.00"},
    ],
    "weekly_slogan": "微笑、问候、规范",
    # 收费催缴: fee items (物业费 = 建筑面积 × 单价/月 per phase; 登记 items only for enrolled units),
    # the day of the month a bill falls due, and the share of fees billed to units not yet received.
    "fee_items": [
        {"name": "物业费", "basis": "面积", "prices": {"1": "1.20", "2": "1.50", "3": "1.80"}},
        {"name": "车位费", "basis": "登记", "prices": {"1": "60.00", "2": "80.00", "3": "100.00"}},
        {"name": "垃圾清运费", "basis": "每户", "prices": {"1": "5.00", "2": "5.00", "3": "5.00"}},
    ],
    "bill_due_day": 15,
    "unreceived_fee_ratio": "1.00",
    "collection_letter_basis": (
        "依据《中华人民共和国民法典》第九百四十四条及《物业管理条例》第四十一条，业主应当按照物业服务合同的约定"
        "按时足额交纳物业服务费用；业主违反约定逾期不支付物业费的，物业服务人可以催告其在合理期限内支付，"
        "合理期限届满仍不支付的，物业服务人可以依法提起诉讼或者申请仲裁。"
    ),
    # 报修维修: target hours from the report (emergency / ordinary), grace after an appointment,
    # the repeat-repair window, and when (working days after finishing) the return visit falls due.
    "repair_target_hours_urgent": 2,
    "repair_target_hours_normal": 24,
    "repair_appointment_grace_hours": 2,
    "repair_repeat_days": 30,
    "repair_visit_after_working_days": 1,
    "repair_visit_max_attempts": 3,
    # 违章整改: days to rectify per kind (others: the default), the second notice's shorter deadline,
    # and the notice texts; {字段} are filled from the violation (see services/notice_text.py).
    "violation_deadline_days": {"私搭乱建": 7, "外置阳台罩": 7, "违规装修": 7, "占用公共部位": 3,
                                "破坏承重结构": 3, "私拉电线": 2, "其他": 7},
    "violation_default_deadline_days": 7,
    # The regulation a notice cites by default for each kind of violation (one of the 违反的规定 list).
    "violation_kind_rule": {
        "私搭乱建": "《物业管理条例》关于不得擅自搭建建筑物、构筑物的规定",
        "外置阳台罩": "《管理规约》关于不得擅自改变房屋外观、不得私搭乱建的约定",
        "违规装修": "《装饰装修管理服务协议》关于按申报方案施工的约定",
        "占用公共部位": "《管理规约》关于不得占用公共部位、共用设施设备的约定",
        "破坏承重结构": "《住宅室内装饰装修管理办法》关于不得拆改承重结构的规定",
        "私拉电线": "《消防法》关于不得占用、堵塞消防通道及私拉电线的规定",
    },
    "violation_second_deadline_days": 3,
    "violation_notice_template": (
        "{收件人}：\n"
        "　　我司工作人员于{发现日期}巡查时发现，{位置}存在{违章类型}行为：{违章事实}\n"
        "　　上述行为违反了{违反规定}，影响房屋结构安全、小区整体外观及其他业主的合法权益。"
        "请您于{整改期限}前自行整改完毕，整改要求：{整改要求}\n"
        "　　整改期限届满后我司将上门复查。如有疑问，请与{公司名称}客服中心联系，电话 {联系电话}。"
        "感谢您的理解与配合！"
    ),
    "violation_second_notice_template": (
        "{收件人}：\n"
        "　　我司已于{首次通知日期}向您送达《整改通知书》（编号 {首次通知编号}），要求您限期整改{位置}的"
        "{违章类型}行为：{违章事实}\n"
        "　　经复查，您至今未按要求整改，违反了{违反规定}。现再次责令您务必于{整改期限}前整改完毕，"
        "整改要求：{整改要求}\n"
        "　　逾期仍不整改的，我司将报请城市管理综合执法部门（城管）及住房和城乡建设主管部门（住建）依法处理，"
        "由此产生的一切后果和费用由您自行承担。如有疑问，请致电{公司名称}客服中心 {联系电话}。特此通知。"
    ),
}

DEFAULT_LISTS: dict[str, list[str]] = {
    "relation": ["业主", "家属", "租户", "其他"],
    "training_course": ["《前台服务规范》", "《前台服务规范用语》", "《仪态礼仪》", "《谈吐礼仪》", "《送客礼仪》",
                        "《接听礼仪》", "《举止行为》", "《前台办理业务规范用语》", "专业知识", "报修知识", "法律法规"],
    "training_place": ["客服部会议室", "前台", "公司培训室"],
    "violation_kind": ["私搭乱建", "外置阳台罩", "违规装修", "占用公共部位", "破坏承重结构", "私拉电线", "其他"],
    "violation_rule": [
        "《物业管理条例》关于不得擅自搭建建筑物、构筑物的规定",
        "《管理规约》关于不得擅自改变房屋外观、不得私搭乱建的约定",
        "《住宅室内装饰装修管理办法》关于不得拆改承重结构的规定",
        "《装饰装修管理服务协议》关于按申报方案施工的约定",
        "《管理规约》关于不得占用公共部位、共用设施设备的约定",
        "《物业管理条例》关于不得擅自占用、挖掘物业管理区域内道路、场地的规定",
        "《消防法》关于不得占用、堵塞消防通道及私拉电线的规定",
    ],
    "violation_authority": ["城管", "住建", "城管、住建", "街道办事处"],
    "department": ["工程部", "秩序维护部", "环境部", "财务部", "客服部"],
    "nonpayment_reason": ["房屋质量问题", "服务不满意", "经济困难", "长期空置/未入住", "未收房", "联系不上",
                          "对收费有异议", "其他"],
    "repair_trade": ["水电", "土建", "门窗", "电梯", "管道", "公共设施", "弱电", "其他"],
    "survey_area": ["客服前台", "工程维修", "保洁", "绿化", "秩序维护", "收费"],
    "regulation": [
        "《物业管理条例》",
        "《物业服务合同》",
        "《管理规约》",
        "《住宅室内装饰装修管理办法》",
        "《业主临时公约》",
        "《物业服务收费管理办法》",
    ],
}


def get(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded


def lookup_values(session: Session, list_name: str) -> list[str]:
    rows = session.scalars(
        select(LookupItem.value)
        .where(LookupItem.list_name == list_name, LookupItem.active.is_(True))
        .order_by(LookupItem.sort_order, LookupItem.id)
    ).all()
    return list(rows) if rows else list(DEFAULT_LISTS.get(list_name, []))


def seed_lists(session: Session) -> None:
    """Write the default managed lists where a list has no entries yet."""
    for list_name, values in DEFAULT_LISTS.items():
        exists = session.scalar(select(LookupItem.id).where(LookupItem.list_name == list_name).limit(1))
        if exists is None:
            for order, value in enumerate(values):
                session.add(LookupItem(list_name=list_name, value=value, sort_order=order))
