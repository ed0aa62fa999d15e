"""Unit codes: canonical `期-楼栋-单元-房号` (2-5-1-0302) and the ways people type them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontdesk.errors import ValidationError, ValueProblem
from frontdesk.services.text import normalize

_CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN = "(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"  # 一 … 九十九

_DASHED = re.compile(r"^(\d{1,2})[-/.](\d{1,3})[-/.](\d{1,2})[-/.](\d{1,4})$")
_WORDED = re.compile(
    rf"^第?(?P<phase>\d{{1,2}}|{_CN})期"
    r"(?P<building>\d{1,3})(?:栋|号楼|幢|#|座)"
    r"(?P<entrance>\d{1,2})单元"
    r"(?P<room>\d{1,4})(?:室|号)?$"
)
# Partial forms typed at the desk: 3-2-1502 (楼栋-单元-房号), 3栋1502, 3栋2单元1502.
_PARTIAL_DASHED = re.compile(r"^(\d{1,3})[-/.](\d{1,2})[-/.](\d{1,4})$")
_PARTIAL_WORDED = re.compile(
    rf"^(?:第?(?P<phase>\d{{1,2}}|{_CN})期)?"
    r"(?P<building>\d{1,3})(?:栋|号楼|幢|#|座)"
    r"(?:(?P<entrance>\d{1,2})单元)?"
    r"(?P<room>\d{1,4})?(?:室|号)?$"
)


@dataclass(frozen=True)
class UnitCode:
    phase: int
    building: int
    entrance: int
    room: str  # four digits, zero padded: 0302

    @property
    def code(self) -> str:
        return f"{self.phase}-{self.building}-{self.entrance}-{self.room}"

    @property
    def label(self) -> str:
        return f"{self.phase}期{self.building}栋{self.entrance}单元{int(self.room)}室"


@dataclass(frozen=True)
class UnitPattern:
    """What a partial code pins down; None means any."""

    phase: int | None = None
    building: int | None = None
    entrance: int | None = None
    room: str | None = None


def _number(token: str) -> int:
    """12 or 十二 (一 … 九十九) -> 12."""
    if token.isdigit():
        return int(token)
    if "十" not in token:
        return _CN_NUMERALS[token]
    tens, _, ones = token.partition("十")
    return (_CN_NUMERALS[tens] if tens else 1) * 10 + (_CN_NUMERALS[ones] if ones else 0)


_PART_FORMS = {
    "phase": (rf"第?(\d{{1,2}}|{_CN})期?", "期", "1、1期、一期 或 第一期"),
    "building": (rf"第?(\d{{1,3}}|{_CN})(?:栋|号楼|楼|幢|座|#|号)?", "楼栋", "3、3栋、3号楼、3幢、3座 或 3#"),
    "entrance": (rf"第?(\d{{1,2}}|{_CN})(?:单元)?", "单元", "2 或 2单元"),
}
_ROOM = re.compile(r"(\d{1,4})(?:室|号|房)?")
_FLOOR_ROOM = re.compile(r"(\d{1,2})-(\d{2})(?:室|号|房)?")
ROOM_EXPECTED = "房号 1–4 位数字，例如 302、0302、302室 或 3-02"


def parse_unit_part(raw, part: str, maximum: int, field: str | None = None) -> int:
    """期 / 楼栋 / 单元 as people write them (1期, 第一期, 3号楼, 2单元, full-width digits) -> int."""
    pattern, label, forms = _PART_FORMS[part]
    text = _compact("" if raw is None else (str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)))
    match = re.fullmatch(pattern, text)
    expected = f"1 到 {maximum} 的{label}号：{forms}"
    if not match:
        raise ValueProblem(field or part, f"{label}“{raw}”无法识别" if text else f"请填写{label}", expected)
    number = _number(match[1])
    if not 1 <= number <= maximum:
        raise ValueProblem(field or part, f"{label}“{raw}”超出范围", expected)
    return number


def parse_room(raw, field: str = "room") -> str:
    """房号 -> four digits: 302, 0302, 302室, 3-02 (floor-room, only when the room part has two digits)."""
    text = _compact("" if raw is None else (str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)))
    match = _ROOM.fullmatch(text)
    if match:
        room = match[1]
    else:
        floor_room = _FLOOR_ROOM.fullmatch(text)
        if not floor_room:
            raise ValueProblem(field, f"房号“{raw}”无法识别" if text else "请填写房号", ROOM_EXPECTED)
        room = floor_room[1] + floor_room[2]
    if int(room) < 1:
        raise ValueProblem(field, f"房号“{raw}”必须大于 0", ROOM_EXPECTED)
    return _room(room)


def _room(token: str) -> str:
    return token.zfill(4)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text)).replace("－", "-").replace("—", "-").replace("＃", "#")


def parse_unit_code(text: str, field: str = "code") -> UnitCode:
    """Parse a full unit code or refuse it with a message that shows the accepted forms."""
    raw = _compact(text)
    match = _DASHED.match(raw)
    if match:
        phase, building, entrance, room = match.groups()
        parsed = UnitCode(int(phase), int(building), int(entrance), _room(room))
    else:
        match = _WORDED.match(raw)
        if not match:
            shown = text.strip() or "（空）"
            raise ValidationError(
                {field: f"房号“{shown}”无法识别，请按 期-楼栋-单元-房号 填写，例如 2-5-1-0302 或 2期5栋1单元302"}
            )
        parsed = UnitCode(
            _number(match["phase"]), int(match["building"]), int(match["entrance"]), _room(match["room"])
        )
    if min(parsed.phase, parsed.building, parsed.entrance) < 1 or int(parsed.room) < 1:
        raise ValidationError({field: f"房号“{text.strip()}”中的期、楼栋、单元、房号都必须大于 0"})
    return parsed


def unit_in_words(code: str) -> str:
    """2-5-1-0302 as owners read it, 2期5栋1单元302室; anything that is not a unit code is returned as is."""
    try:
        return parse_unit_code(code).label
    except ValidationError:
        return code


def parse_unit_pattern(text: str) -> UnitPattern | None:
    """Read a full or partial code as typed at the desk; None if it is not a code at all."""
    raw = _compact(text)
    if not raw:
        return None
    try:
        full = parse_unit_code(raw)
        return UnitPattern(full.phase, full.building, full.entrance, full.room)
    except ValidationError:
        pass
    match = _PARTIAL_DASHED.match(raw)
    if match:
        building, entrance, room = match.groups()
        return UnitPattern(building=int(building), entrance=int(entrance), room=_room(room))
    match = _PARTIAL_WORDED.match(raw)
    if match:
        return UnitPattern(
            phase=_number(match["phase"]) if match["phase"] else None,
            building=int(match["building"]),
            entrance=int(match["entrance"]) if match["entrance"] else None,
            room=_room(match["room"]) if match["room"] else None,
        )
    return None
