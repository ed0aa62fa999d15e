"""Every permission of the table, as every role, through a real guarded entry point of the services.

The cases are generated from `authz.PERMISSIONS`: a permission without an entry point registered
below fails, so adding a permission means adding the call that proves it is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from frontdesk.db.models import Payment, ReturnVisit, Staff, SurveyUnit, Unit, Vendor
from frontdesk.errors import PermissionDenied
from frontdesk.services import (
    audit_log,
    authz,
    backups,
    billing,
    board,
    calls,
    clock,
    collection_plan,
    collections,
    complaints,
    dayend,
    exports,
    imports,
    letters,
    notice_text,
    payments,
    repair_visits,
    repairs,
    stats,
    survey_answers,
    surveys,
    units,
    users,
    vendor_issues,
    vendors,
    violation_notices,
    violations,
)
from frontdesk.services import staff as staff_service
from frontdesk.services.training import assessment, slogans

# The person signed in for each role (demo staff).
PEOPLE = {authz.RECEPTIONIST: "张丽", authz.COLLECTOR: "刘洋", authz.TECHNICIAN: "周建国",
          authz.SUPERVISOR: "吴海燕", authz.ADMIN: "管理员"}


@dataclass
class Env:
    db: object
    tmp: Path
    me: int  # the signed-in person's staff id
    name: str
    other: int  # a colleague's staff id
    unit_id: int
    arrears_unit: int
    complaint_id: int
    repair_visit_order: int
    violation_id: int
    payment_id: int
    backup_file: Path
    ids: dict = field(default_factory=dict)

    def stats_report(self):
        with self.db.session("命令行", read_only=True, system=True) as session:
            return stats.report(session, stats.month_period(2026, 10), with_lists=False)


def _own(session):
    return lambda read_only=False: nullcontext(session)


ENTRY_POINTS: dict[str, Callable] = {
    "contacts": lambda s, e: calls.log_contact(s, calls.ContactInput(content="权限测试：咨询停水", unit_id=e.unit_id), e.me),
    "complaints": lambda s, e: complaints.record_steps(s, e.complaint_id, complaints.ComplaintSteps(calm_note="已安抚")),
    "units": lambda s, e: units.save_unit(s, units.UnitInput(code="9-9-1-0101", area="88.50")),
    "repairs": lambda s, e: repairs.create_order(
        s, repairs.RepairInput(description="厨房水龙头漏水", trade="水电", unit_id=e.unit_id), e.me),
    "return_visits": lambda s, e: repair_visits.record(s, e.repair_visit_order, "满意", "", e.name),
    "violations": lambda s, e: violations.record_violation(
        s, violations.ViolationInput(kind="私搭乱建", description="阳台搭建", found_by=e.name, unit_id=e.unit_id)),
    "notices": lambda s, e: violation_notices.issue_notice(
        s, e.violation_id, violation_notices.NoticeInput(rule="《临时管理规约》第十条", requirement="限期拆除",
                                                         addressee=violation_notices.GENERIC_ADDRESSEE)),
    "payments": lambda s, e: payments.take_payment(
        s, payments.PaymentInput(unit_id=e.arrears_unit, amount="1.00", collector_id=e.me)),
    "collection_actions": lambda s, e: collection_plan.record_action(
        s, collection_plan.ActionInput(unit_id=e.arrears_unit, method="电话", collector_id=e.me, result="答应月底交")),
    "letters": lambda s, e: letters.record_sent(s, []),
    "dayend": lambda s, e: dayend.unclosed_days(s),
    "billing": lambda s, e: billing.enrol(s, e.unit_id, "车位费", 1),
    "reversals": lambda s, e: payments.reverse_payment(s, e.payment_id, "收错了房号"),
    "settings": lambda s, e: notice_text.reset_template(s, 1),
    "training": lambda s, e: slogans.add_slogan(s, date(2020, 1, 6), "微笑、问候、规范"),
    "assessments": lambda s, e: _in_december(lambda: assessment.confirm_month(s, "2026-11", e.name)),
    "reports": lambda s, e: exports.stats_report(s, e.stats_report(), xlsx=e.tmp / "stats.xlsx"),
    "audit": lambda s, e: audit_log.count_entries(s, audit_log.AuditFilter()),
    "imports": lambda s, e: imports.template(_own(s), "units", e.tmp / "template.xlsx"),
    "exports": lambda s, e: imports.export(_own(s), "staff", e.tmp / "staff.xlsx"),
    "record_for_others": lambda s, e: calls.log_contact(s, calls.ContactInput(content="替同事登记"), e.other),
    "staff": lambda s, e: staff_service.add_staff(s, "新来的同事", "前台客服"),
    "users": lambda s, e: users.add_user(s, "新账号同事", "前台客服", "secret-123"),
    "backups": lambda s, e: backups.backup_to(_own(s), e.db, e.tmp / "backup.db"),
    "restore": lambda s, e: backups.restore_from(_own(s), e.db, e.backup_file),
    "surveys": lambda s, e: surveys.plan_survey(s, surveys.PlanInput("2027Q1", per_building=1, seed=1)),
    "survey_answers": lambda s, e: survey_answers.save_answers(s, [survey_answers.AnswerInput(
        s.scalar(select(SurveyUnit.id).where(SurveyUnit.status == "未答").limit(1)), {"保洁": 4})]),
    "vendors": lambda s, e: vendors.save_vendor(s, vendors.VendorInput(company="权限测试外包公司", service="保洁")),
    "vendor_issues": lambda s, e: vendor_issues.raise_issue(s, vendor_issues.IssueInput(
        s.scalar(select(Vendor.id).where(Vendor.active.is_(True)).limit(1)), "东门", "岗亭无人值守",
        date(2026, 11, 28), e.name)),
    "announcements": lambda s, e: board.post(s, board.AnnouncementInput("通知", "权限测试", "正文", date(2026, 11, 25))),
}


def _in_december(act):
    """A month is confirmed once it is over: November, on the first days of December."""
    with clock.frozen_at(datetime(2026, 12, 2, 9, 0)):
        return act()


class _Undo(Exception):
    """Raised at the end of each call so the session rolls back and the next role starts clean."""


def _env(db, tmp: Path) -> Env:
    from frontdesk.db import backup

    with db.session(system=True) as s:
        ids = {name: s.scalar(select(Staff.id).where(Staff.name == name)) for name in (*PEOPLE.values(), "王芳")}
        arrears = collections.list_arrears(s, collections.ArrearsFilter(older_than_months=3), 0, 1)[0].unit_id
        visit_order = s.scalar(select(ReturnVisit.target_id).where(
            ReturnVisit.target_kind == "repair", ReturnVisit.visited_at.is_(None)).limit(1))
        env = Env(db=db, tmp=tmp, me=0, name="", other=ids["王芳"], unit_id=s.scalar(select(Unit.id).limit(1)),
                  arrears_unit=arrears, complaint_id=calls.log_contact(s, calls.ContactInput(content="账单有误", category="投诉"), ids["王芳"]).complaint_id,
                  repair_visit_order=visit_order,
                  violation_id=violations.record_violation(s, violations.ViolationInput(
                      kind="私搭乱建", description="露台加建雨棚", found_by="张丽", unit_id=arrears)),
                  payment_id=s.scalar(select(Payment.id).where(Payment.kind == payments.PAYMENT)
                                      .order_by(Payment.id.desc()).limit(1)),
                  backup_file=tmp / "before.db")
    backup.backup_sqlite(db, env.backup_file)
    env.ids.update(ids)
    return env


def _attempt(db, env: Env, role: str, permission: str) -> Exception | None:
    env.name, env.me = PEOPLE[role], env.ids[PEOPLE[role]]
    try:
        with db.session(env.name, role) as session:
            ENTRY_POINTS[permission](session, env)
            raise _Undo()
    except _Undo:
        return None
    except Exception as exc:
        return exc


@pytest.mark.parametrize("permission", sorted(authz.PERMISSIONS))
def test_each_role_is_allowed_or_refused_exactly_as_the_table_says(permission, demo_db, tmp_path, frozen_now):
    assert permission in ENTRY_POINTS, f"权限“{permission}”没有登记一个受保护的入口：请在 ENTRY_POINTS 中加上它"
    env = _env(demo_db, tmp_path)
    for role in PEOPLE:
        outcome = _attempt(demo_db, env, role, permission)
        if role in authz.PERMISSIONS[permission]:
            assert outcome is None, f"{role} 应能{authz.ACTIONS[permission]}，却得到 {outcome!r}"
        else:
            assert isinstance(outcome, PermissionDenied), f"{role} 不应能{authz.ACTIONS[permission]}，却得到 {outcome!r}"
            assert role in outcome.message


def test_every_registered_entry_point_belongs_to_a_permission():
    assert set(ENTRY_POINTS) == set(authz.PERMISSIONS)


@pytest.mark.parametrize("permission", sorted(authz.PERMISSIONS))
def test_a_session_without_a_role_is_refused_and_the_system_is_not(permission, db):
    with db.session("某人") as nobody, pytest.raises(PermissionDenied, match="请先登录"):
        authz.require(nobody, permission)
    with db.session("命令行", system=True) as system:
        authz.require(system, permission)
