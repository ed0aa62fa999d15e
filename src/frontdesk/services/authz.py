"""Who may do what: roles checked in the services, not only by hiding buttons.

A session carries the signed-in person's role (`Database.session(actor, role)`). Permissions fail
closed: a session without a role is refused, unless it was opened explicitly as the system
(`Database.session(actor, system=True)`: the command line acting as the local administrator,
audited as 命令行; demo data; migrations; backups).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.errors import PermissionDenied

RECEPTIONIST, COLLECTOR, TECHNICIAN, SUPERVISOR, ADMIN = "前台客服", "收费员", "维修工", "客服主管", "管理员"

# permission -> roles allowed; 客服主管 and 管理员 may do everything on the desks.
_DESK = {SUPERVISOR, ADMIN}
PERMISSIONS: dict[str, set[str]] = {
    "contacts": {RECEPTIONIST, COLLECTOR} | _DESK,
    "complaints": {RECEPTIONIST} | _DESK,
    "units": {RECEPTIONIST} | _DESK,
    "repairs": {RECEPTIONIST, TECHNICIAN} | _DESK,
    "return_visits": {RECEPTIONIST} | _DESK,
    "violations": {RECEPTIONIST} | _DESK,
    "notices": {RECEPTIONIST} | _DESK,
    "payments": {COLLECTOR} | _DESK,
    "collection_actions": {COLLECTOR} | _DESK,
    "letters": {COLLECTOR} | _DESK,
    "dayend": {COLLECTOR} | _DESK,
    "billing": _DESK,
    "reversals": _DESK,
    "settings": _DESK,
    "training": _DESK,
    "assessments": _DESK,
    "reports": _DESK,
    "audit": _DESK,
    "imports": _DESK,
    "exports": _DESK,
    "record_for_others": _DESK,
    "staff": _DESK,
    "surveys": _DESK,
    "survey_answers": {RECEPTIONIST} | _DESK,
    # 外包方: the supervisor runs the register, 月会 and 验收; the desk raises and re-checks problems and posts notices.
    "vendors": _DESK,
    "vendor_issues": {RECEPTIONIST} | _DESK,
    "announcements": {RECEPTIONIST} | _DESK,
    "users": {ADMIN},
    "backups": {ADMIN},
    "restore": {ADMIN},
}

ACTIONS = {
    "contacts": "登记或修改来电来访", "complaints": "处理投诉", "units": "修改房屋档案", "repairs": "处理报修单",
    "return_visits": "登记回访", "violations": "登记违章", "notices": "开具整改通知书", "payments": "收款",
    "collection_actions": "登记催缴", "letters": "打印催缴函", "dayend": "日结交款", "billing": "生成账单", "reversals": "冲正收款",
    "settings": "修改设置", "training": "修改培训记录", "assessments": "做月度考核", "reports": "导出统计报表",
    "audit": "查看操作日志", "staff": "修改员工名单", "imports": "导入数据", "exports": "导出数据",
    "record_for_others": "以其他同事的名义登记", "users": "管理用户账号", "backups": "备份数据库",
    "restore": "恢复数据库", "surveys": "安排满意度调查", "survey_answers": "录入满意度调查答卷",
    "vendors": "管理外包方、月会和一次性外包", "vendor_issues": "登记或复查外包方整改问题",
    "announcements": "发布或撤下宣传栏公告",
}


def role_of(session: Session) -> str | None:
    return session.info.get("role")


def is_system(session: Session) -> bool:
    return bool(session.info.get("system"))


def allowed(role: str | None, permission: str) -> bool:
    """May a signed-in person of this role do it? No role means no one: nothing is allowed."""
    return role is not None and role in PERMISSIONS[permission]


def who_may(permission: str) -> str:
    return "、".join(sorted(PERMISSIONS[permission]))


def refusal_tooltip(permission: str) -> str:
    """The tooltip of a disabled button: who may do it instead."""
    return f"只有{who_may(permission)}可以{ACTIONS.get(permission, permission)}"


def may(session: Session, permission: str) -> bool:
    return is_system(session) or allowed(role_of(session), permission)


def record_as(session: Session, person_name: str | None) -> None:
    """The person named on a record (收款人, 首问负责人, 经办人, 发现人, 派工人) is the signed-in person.

    Only a supervisor may name someone else; the audit trail then shows both names
    ("吴海燕（代 刘洋）"). The system (command line, imports) records for whoever the data names.
    """
    if is_system(session) or not person_name or person_name == session.info.get("actor"):
        return
    require(session, "record_for_others")
    session.info["on_behalf_of"] = person_name


def require(session: Session, permission: str) -> None:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if is_system(session):
        return
    role = role_of(session)
    if role is None:
        raise PermissionDenied(
            f"没有登录的操作不能{ACTIONS.get(permission, permission)}。请先登录，由{who_may(permission)}办理。"
        )
    if not allowed(role, permission):
        who = who_may(permission)
        raise PermissionDenied(
            f"您的岗位是“{role}”，不能{ACTIONS.get(permission, permission)}。这项工作由{who}办理，"
            "请交给有权限的同事，或请管理员调整您的岗位。"
        )
