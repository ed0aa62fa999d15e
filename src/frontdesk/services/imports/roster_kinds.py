"""Import kinds of the roster: units (with their owner) and staff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdesk.db import audit
from frontdesk.db.models import Occupancy, Person, PersonPhone, Staff, Unit
from frontdesk.db.models.staff import ROLES
from frontdesk.db.sequences import IdSource
from frontdesk.errors import ValidationError
from frontdesk.services import clock
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader
from frontdesk.services.text import pinyin_initials
from frontdesk.services.unit_codes import UnitCode, parse_unit_code
from frontdesk.services.units import HANDOVER_STATES


def stamps(now) -> dict:
    return dict(created_at=now, updated_at=now, version=1)


class UnitsKind(ImportKind):
    name = "units"
    title = "房屋档案"
    natural_key = "房屋编号（期-楼栋-单元-房号）"
    columns = (
        ColumnSpec("期", "第几期：2、2期、二期 或 第二期（房号写完整编号时可空或不要此列）", 2, kind="integer",
                   optional=True),
        ColumnSpec("楼栋", "楼栋号：5、5栋、5号楼、5幢、5座 或 5#（同上）", 5, kind="integer", optional=True),
        ColumnSpec("单元", "单元号：1 或 1单元（同上）", 1, kind="integer", optional=True),
        ColumnSpec("房号", "房号 1–4 位数字：302、0302、302室 或 3-02（楼层-房间）；"
                   "也可写完整编号 2-5-1-302 或 2期5栋1单元302", "0302"),
        ColumnSpec("建筑面积", "平方米，大于 0，最多两位小数（可带 ㎡）", 89.5, kind="amount"),
        ColumnSpec("收房状态", "已收房 或 未收房", "已收房", choices=HANDOVER_STATES),
        ColumnSpec("收房日期", "已收房时必填，YYYY-MM-DD", date(2020, 5, 1), kind="date", optional=True),
        ColumnSpec("业主姓名", "可空", "张三丰", optional=True),
        ColumnSpec("联系电话", "可空；多个用顿号分隔", "13800001111、0513-88886666", optional=True),
        ColumnSpec("备注", "可空", "", optional=True),
    )

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        whole = self._whole_code(values)
        if whole is not None:  # 房号 holds the whole code; 期/楼栋/单元, where given, must agree with it
            phase, building, entrance, room = whole.phase, whole.building, whole.entrance, whole.room
            for header, part, maximum, number in (("期", "phase", 99, phase), ("楼栋", "building", 999, building),
                                                  ("单元", "entrance", 99, entrance)):
                if not cells.is_empty(values.get(header)) and row.get(header, cells.unit_part, part, maximum) != number:
                    row.fail(header, f"与房号“{values.get('房号')}”一致（{number}）或留空")
        else:
            phase = row.get("期", cells.unit_part, "phase", 99)
            building = row.get("楼栋", cells.unit_part, "building", 999)
            entrance = row.get("单元", cells.unit_part, "entrance", 99)
            room = row.get("房号", cells.room)
        area = row.get("建筑面积", cells.area)
        state = row.get("收房状态", cells.choice, HANDOVER_STATES)
        handover = row.get("收房日期", cells.day, False)
        # Missing, not already said wrong: a row's other problems are listed with it, not instead of it.
        if state == "已收房" and handover is None and not any(header == "收房日期" for header, *_ in row.problems):
            row.fail("收房日期", "已收房的房屋的收房日期，YYYY-MM-DD")
        if handover and handover > clock.today():
            row.fail("收房日期", "不晚于今天的日期")
        owner = row.get("业主姓名", cells.text, False, 40)
        phones = row.get("联系电话", cells.phones) or []
        if phones and not owner:
            row.fail("业主姓名", "填写了电话时，业主姓名不能为空")
        remark = row.get("备注", cells.text, False, 500)
        row.done()
        return dict(phase=phase, building=building, entrance=entrance, room=room,
                    code=f"{phase}-{building}-{entrance}-{room}", area=area, handover_state=state,
                    handover_date=handover, owner=owner, phones=phones, remark=remark)

    @staticmethod
    def _whole_code(values: dict[str, Any]) -> UnitCode | None:
        raw = values.get("房号")
        if not isinstance(raw, str) or cells.is_empty(raw):
            return None
        try:
            return parse_unit_code(raw)
        except ValidationError:
            return None

    def key(self, parsed: dict) -> str:
        return parsed["code"]

    def notices(self, session: Session, new_rows: list[dict]) -> list[str]:
        """A 期 the estate does not have yet (第四期 where there are three): said before importing."""
        have = set(session.scalars(select(Unit.phase).distinct()))
        added = sorted({row["phase"] for row in new_rows} - have)
        if not have or not added:
            return []
        phases = "、".join(f"{p}期" for p in added)
        return [f"将新增 {phases}（现有 {'、'.join(f'{p}期' for p in sorted(have))}）：请确认不是期号写错"]

    def existing(self, session: Session, keys: set) -> set:
        found: set = set()
        ordered = list(keys)
        for start in range(0, len(ordered), 500):
            found.update(session.scalars(select(Unit.code).where(Unit.code.in_(ordered[start:start + 500]))))
        return found

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        now, actor = clock.now(), session.info.get("actor", "系统")
        stamp = dict(stamps(now), created_by=actor, updated_by=actor)
        unit_ids, person_ids = IdSource(session, Unit.id), IdSource(session, Person.id)
        units: list[dict] = []
        persons: list[dict] = []
        phones: list[dict] = []
        links: list[dict] = []
        for parsed in rows:
            unit_id = next(unit_ids)
            units.append(dict(id=unit_id, phase=parsed["phase"], building=parsed["building"],
                              entrance=parsed["entrance"], room=parsed["room"], code=parsed["code"],
                              area=parsed["area"], handover_state=parsed["handover_state"],
                              handover_date=parsed["handover_date"], remark=parsed["remark"], **stamp))
            if parsed["owner"]:
                person_id = next(person_ids)
                persons.append(dict(id=person_id, name=parsed["owner"], name_initials=pinyin_initials(parsed["owner"]),
                                    remark="", **stamp))
                phones.extend(dict(person_id=person_id, phone=p) for p in dict.fromkeys(parsed["phones"]))
                links.append(dict(unit_id=unit_id, person_id=person_id, relation="业主"))
        for table, batch in ((Unit, units), (Person, persons), (PersonPhone, phones), (Occupancy, links)):
            if batch:
                session.execute(insert(table), batch)
        audit.record_bulk_creates(session, "units", units)
        audit.record_bulk_creates(session, "persons", persons)
        return len(units)

    def export_rows(self, session: Session, date_from, date_to):
        owners: dict[int, tuple[str, int]] = {}
        for unit_id, name, person_id in session.execute(
            select(Occupancy.unit_id, Person.name, Person.id).join(Person, Person.id == Occupancy.person_id)
            .where(Occupancy.relation == "业主").order_by(Occupancy.id)
        ):
            owners.setdefault(unit_id, (name, person_id))
        phones: dict[int, list[str]] = {}
        for person, phone in session.execute(select(PersonPhone.person_id, PersonPhone.phone).order_by(PersonPhone.id)):
            phones.setdefault(person, []).append(phone)
        for unit in session.scalars(select(Unit)
                                    .order_by(Unit.phase, Unit.building, Unit.entrance, Unit.room)):
            name, owner_id = owners.get(unit.id, ("", 0))
            yield [unit.phase, unit.building, unit.entrance, unit.room, Decimal(unit.area), unit.handover_state,
                   unit.handover_date, name, "、".join(phones.get(owner_id, [])), unit.remark]


class StaffKind(ImportKind):
    name = "staff"
    title = "员工"
    natural_key = "姓名"
    columns = (
        ColumnSpec("姓名", "员工姓名，不能重复", "张丽"),
        ColumnSpec("岗位", "以下之一：" + "、".join(ROLES), "前台客服", choices=ROLES),
        ColumnSpec("入职日期", "可空，YYYY-MM-DD", date(2024, 3, 1), kind="date"),
        ColumnSpec("电话", "可空", "13800001111"),
    )

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        name = row.get("姓名", cells.text, True, 40)
        role = row.get("岗位", cells.choice, ROLES)
        hired = row.get("入职日期", cells.day, False)
        phone_list = row.get("电话", cells.phones) or []
        row.done()
        return dict(name=name, role=role, hire_date=hired, phone=phone_list[0] if phone_list else "")

    def key(self, parsed: dict) -> str:
        return parsed["name"]

    def existing(self, session: Session, keys: set) -> set:
        return set(session.scalars(select(Staff.name).where(Staff.name.in_(list(keys)))))

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        for parsed in rows:
            session.add(Staff(name=parsed["name"], role=parsed["role"], post=parsed["role"],
                              hire_date=parsed["hire_date"], phone=parsed["phone"], active=True))
        session.flush()
        return len(rows)

    def export_rows(self, session: Session, date_from, date_to):
        for person in session.scalars(select(Staff).order_by(Staff.id)):
            yield [person.name, person.role, person.hire_date, person.phone]
