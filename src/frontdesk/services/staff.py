"""员工 and their roles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Staff
from frontdesk.db.models.staff import ROLES
from frontdesk.db.soft_delete import live
from frontdesk.errors import ValidationError
from frontdesk.services import authz, limits
from frontdesk.services.text import normalize, phone_problem


@dataclass(frozen=True)
class StaffRef:
    id: int
    name: str
    role: str


def add_staff(session: Session, name: str, role: str, phone: str = "", post: str = "") -> StaffRef:
    authz.require(session, "staff")
    name = normalize(name)
    errors: dict[str, str] = {}
    limits.check(errors, Staff, name=("员工姓名", name), post=("岗位", post))
    if not name:
        errors["name"] = "请填写员工姓名"
    elif "name" in errors:
        pass
    elif session.scalar(select(Staff.id).where(Staff.name == name)) is not None:
        errors["name"] = f"员工“{name}”已存在，请换一个名字（同名可加后缀区分，如 王芳2）"
    if role not in ROLES:
        errors["role"] = f"角色“{role}”不存在，可选：{'、'.join(ROLES)}"
    problem = phone_problem(phone)
    if problem:
        errors["phone"] = problem
    if errors:
        raise ValidationError(errors)
    staff = Staff(name=name, role=role, phone=phone, post=post or role, active=True)
    session.add(staff)
    session.flush()
    return StaffRef(staff.id, staff.name, staff.role)


def active_staff(session: Session, roles: tuple[str, ...] | None = None) -> list[StaffRef]:
    stmt = select(Staff).where(Staff.active.is_(True)).order_by(Staff.id)
    if roles:
        stmt = stmt.where(Staff.role.in_(roles))
    return [StaffRef(s.id, s.name, s.role) for s in session.scalars(stmt)]


_STAFF = Staff.__table__
# Read on every save a desk makes: a plain statement built once (soft delete named, being Core).
_NAME_BY_ID = select(_STAFF.c.id, _STAFF.c.name, _STAFF.c.role).where(_STAFF.c.id == bindparam("id"), live(_STAFF))


def record_as(session: Session, staff_id: int | None) -> StaffRef | None:
    """The staff member named on a record must be the signed-in person, unless a supervisor records it
    (authz.record_as). Returns that staff member (None if there is none), read once for the caller."""
    row = session.connection().execute(_NAME_BY_ID, {"id": staff_id}).first() if staff_id else None
    if row is None:
        return None
    authz.record_as(session, row.name)
    return StaffRef(row.id, row.name, row.role)


def record_as_named(session: Session, name: str) -> None:
    """As `record_as`, for a name typed on a form: only a colleague's name counts (a patrol guard or a
    contractor who is not on the staff list is a witness, not someone recording)."""
    name = normalize(name)
    if name and session.scalar(select(Staff.id).where(Staff.name == name)) is not None:
        authz.record_as(session, name)


def find_by_name(session: Session, name: str) -> StaffRef | None:
    staff = session.scalar(select(Staff).where(Staff.name == normalize(name)))
    return StaffRef(staff.id, staff.name, staff.role) if staff else None


def default_desk_user(session: Session) -> StaffRef | None:
    """Who the window signs in as until accounts exist: the first active receptionist."""
    for roles in (("前台客服",), ("客服主管",), None):
        found = active_staff(session, roles)
        if found:
            return found[0]
    return None


ADMIN_NAME = "管理员"


def ensure_admin(session: Session) -> None:
    """A new database gets an administrator so the window has someone to sign in as."""
    if session.scalar(select(Staff.id).limit(1)) is None:
        session.add(Staff(name=ADMIN_NAME, role="管理员", post="管理员", phone="", active=True))
