"""Finding the unit a form names: a code in any accepted form, an owner's name or a phone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Unit
from frontdesk.db.soft_delete import live
from frontdesk.errors import ValidationError
from frontdesk.services import units as unit_service
from frontdesk.services.text import normalize
from frontdesk.services.unit_codes import parse_unit_code, parse_unit_pattern

Found = TypeVar("Found")


class UnitNotFound(ValidationError):
    """The unit field holds a well-formed code that is not on the roster (the UI offers to create it)."""

    def __init__(self, code: str, message: str):
        super().__init__({"unit": message})
        self.code = code


@dataclass(frozen=True)
class UnitRef:
    """A unit as a record names it: its id and code (all a call or a visit needs of it)."""

    id: int
    code: str


def _resolve(session: Session, unit_text: str, unit_id: int | None,
             by_id: Callable[[int], Found | None], by_code: Callable[[str], Found | None],
             place_field: str = "") -> Found | None:
    if unit_id:
        unit = by_id(unit_id)
        if unit is None:
            raise ValidationError({"unit": "所选房屋已被删除，请重新选择"})
        return unit
    text = normalize(unit_text)
    if not text:
        return None
    try:
        code = parse_unit_code(text, field="unit")
    except ValidationError:
        code = None
    if code is not None:
        unit = by_code(code.code)
        if unit is None:
            raise UnitNotFound(code.code, f"房号 {code.code} 不在房屋档案中，请检查房号，或先在房屋档案中新建这套房屋")
        return unit
    matches = unit_service.list_units(session, unit_service.UnitFilter(query=text), limit=3)
    if len(matches) == 1:
        return by_id(matches[0].id)
    if not matches:
        if parse_unit_pattern(text):
            raise ValidationError({"unit": f"“{text}”找不到对应的房屋，请检查房号，或从下拉提示中选择"})
        if place_field:  # not a room, a name or a phone: most often a place (3期2栋电梯)
            raise ValidationError({"unit": f"“{text}”不是房号，也找不到这样的业主或电话；"
                                           f"公共区域（电梯、楼道等）请清空房号，把位置写进{place_field}"})
        raise ValidationError({"unit": f"“{text}”找不到对应的房屋，请检查房号、业主姓名或电话，或从下拉提示中选择"})
    raise ValidationError({"unit": f"“{text}”对应多套房屋，请从下拉提示中选择一套，或输入完整房号如 2-5-1-0302"})


def resolve_unit(session: Session, unit_text: str, unit_id: int | None) -> Unit | None:
    return _resolve(session, unit_text, unit_id, lambda found_id: session.get(Unit, found_id),
                    lambda code: session.scalar(select(Unit).where(Unit.code == code)))


_UNITS = Unit.__table__
# Two lookups a desk makes on every save, as plain statements built once (soft delete named: Core).
_REF_BY_ID = select(_UNITS.c.id, _UNITS.c.code).where(_UNITS.c.id == bindparam("id"), live(_UNITS))
_REF_BY_CODE = select(_UNITS.c.id, _UNITS.c.code).where(_UNITS.c.code == bindparam("code"), live(_UNITS))


def resolve_unit_ref(session: Session, unit_text: str, unit_id: int | None) -> UnitRef | None:
    """As `resolve_unit` (same rules), for a record that only names the unit: a call, whose public
    place is written in its 内容."""
    connection = session.connection()

    def first(statement, **params) -> UnitRef | None:
        row = connection.execute(statement, params).first()
        return UnitRef(row.id, row.code) if row is not None else None

    return _resolve(session, unit_text, unit_id, lambda found_id: first(_REF_BY_ID, id=found_id),
                    lambda code: first(_REF_BY_CODE, code=code), place_field="内容")
