"""员工 records as the supervisor keeps them: post, hire date, phone and whether they still work here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Staff
from frontdesk.db.models.staff import ROLES
from frontdesk.errors import ConflictError, NotFound, ValidationError
from frontdesk.services import authz, clock, limits, staff
from frontdesk.services.text import clean_phone, normalize, phone_problem


@dataclass
class StaffInput:
    name: str
    role: str
    post: str = ""
    phone: str = ""
    hire_date: date | None = None
    active: bool = True


@dataclass
class StaffRecord:
    id: int
    name: str
    role: str
    post: str
    phone: str
    hire_date: date | None
    active: bool
    version: int

    @property
    def state(self) -> str:
        return "在职" if self.active else "离职"


def _record(person: Staff) -> StaffRecord:
    return StaffRecord(person.id, person.name, person.role, person.post, person.phone, person.hire_date,
                       person.active, person.version)


def list_staff(session: Session, include_left: bool = True) -> list[StaffRecord]:
    stmt = select(Staff)
    if not include_left:
        stmt = stmt.where(Staff.active.is_(True))
    return [_record(s) for s in session.scalars(stmt.order_by(Staff.active.desc(), Staff.id))]


def get_record(session: Session, staff_id: int) -> StaffRecord:
    person = session.get(Staff, staff_id)
    if person is None or person.deleted_at is not None:
        raise NotFound("该员工已不存在，请刷新列表")
    return _record(person)


def _validate(session: Session, data: StaffInput, staff_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = normalize(data.name)
    if not name:
        errors["name"] = "请填写员工姓名"
    else:
        clash = session.scalar(select(Staff.id).where(func.lower(Staff.name) == name.lower()))
        if clash is not None and clash != staff_id:
            errors["name"] = f"员工“{name}”已存在，请换一个名字（同名可加后缀区分，如 王芳2）"
    if data.role not in ROLES:
        errors["role"] = f"请选择角色：{'、'.join(ROLES)}"
    problem = phone_problem(data.phone)
    if problem:
        errors["phone"] = problem
    if data.hire_date is not None and data.hire_date > clock.today():
        errors["hire_date"] = f"入职日期 {data.hire_date:%Y-%m-%d} 晚于今天，请检查"
    return errors


def save_staff(session: Session, data: StaffInput, staff_id: int | None = None,
               expected_version: int | None = None) -> int:
    """Add (staff_id None) or edit a staff member; a left member stays in the records as 离职."""
    authz.require(session, "staff")
    errors = _validate(session, data, staff_id)
    limits.check(errors, Staff, name=("姓名", data.name), post=("岗位", data.post))
    if errors:
        raise ValidationError(errors)
    post = normalize(data.post) or data.role
    person: Staff | None
    if staff_id is None:
        ref = staff.add_staff(session, data.name, data.role, clean_phone(data.phone), post)
        person = session.get_one(Staff, ref.id)
    else:
        person = session.get(Staff, staff_id)
        if person is None or person.deleted_at is not None:
            raise NotFound("该员工已不存在，请刷新列表")
        if expected_version is not None and person.version != expected_version:
            raise ConflictError("该员工资料已被别人修改，请关闭后重新打开再改")
        person.name, person.role = normalize(data.name), data.role
        person.phone = clean_phone(data.phone)
    person.post = post
    person.hire_date = data.hire_date
    person.active = data.active
    session.flush()
    return person.id
