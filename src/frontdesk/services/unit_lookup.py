"""Finding the unit a form names: a code in any accepted form, an owner's name or a phone."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import Unit
from frontdesk.errors import ValidationError
from frontdesk.services import units as unit_service
from frontdesk.services.text import normalize
from frontdesk.services.unit_codes import parse_unit_code, parse_unit_pattern


class UnitNotFound(ValidationError):
    """The unit field holds a well-formed code that is not on the roster (the UI offers to create it)."""

    def __init__(self, code: str, message: str):
        super().__init__({"unit": message})
        self.code = code


def resolve_unit(session: Session, unit_text: str, unit_id: int | None) -> Unit | None:
    if unit_id:
        unit = session.get(Unit, unit_id)
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
        unit = session.scalar(select(Unit).where(Unit.code == code.code))
        if unit is None:
            raise UnitNotFound(code.code, f"房号 {code.code} 不在房屋档案中，请检查房号，或先在房屋档案中新建这套房屋")
        return unit
    matches = unit_service.list_units(session, unit_service.UnitFilter(query=text), limit=3)
    if len(matches) == 1:
        return session.get(Unit, matches[0].id)
    if not matches:
        hint = "房号" if parse_unit_pattern(text) else "房号、业主姓名或电话"
        raise ValidationError({"unit": f"“{text}”找不到对应的房屋，请检查{hint}，或从下拉提示中选择"})
    raise ValidationError({"unit": f"“{text}”对应多套房屋，请从下拉提示中选择一套，或输入完整房号如 2-5-1-0302"})
