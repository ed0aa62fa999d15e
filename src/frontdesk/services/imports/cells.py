"""Reading one cell of an import sheet: each parser returns a value or raises CellError."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from frontdesk.errors import ValidationError
from frontdesk.services.text import clean_phone, normalize, phone_problem
from frontdesk.services.unit_codes import parse_unit_code


class CellError(Exception):
    """`expected` says, in Chinese, what the cell should hold."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def text(value, required: bool = False, max_length: int = 2000) -> str:
    result = "" if value is None else normalize(str(value))
    if isinstance(value, float) and value.is_integer():
        result = str(int(value))
    if required and not result:
        raise CellError("不能为空")
    if len(result) > max_length:
        raise CellError(f"不超过 {max_length} 个字（现在 {len(result)} 个）")
    return result


def integer(value, minimum: int = 1, maximum: int = 9999) -> int:
    raw = text(value, required=True)
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError("整数，例如 3") from None
    if not number.is_finite():  # NaN, sNaN, Infinity: comparing them would raise
        raise CellError(f"{minimum} 到 {maximum} 之间的整数")
    if number != number.to_integral_value() or not minimum <= number <= maximum:
        raise CellError(f"{minimum} 到 {maximum} 之间的整数")
    return int(number)


def amount(value, allow_zero: bool = False) -> Decimal:
    if isinstance(value, bool):
        raise CellError("金额数字，例如 128.50")
    if isinstance(value, int | float):
        raw = repr(value)
    else:
        raw = text(value, required=True).replace(",", "").replace("¥", "").replace("￥", "")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError("金额数字，例如 128.50") from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise CellError("合理的金额数字，例如 128.50")
    if number < 0 or (number == 0 and not allow_zero):
        raise CellError("大于 0 的金额")
    if number != number.quantize(Decimal("0.01")):
        raise CellError("最多两位小数的金额")
    return number.quantize(Decimal("0.01"))


def day(value, required: bool = True) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CellError("日期，格式 YYYY-MM-DD，例如 2026-03-15")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(re.sub(r"\b(\d)\b", r"0\1", raw))
    except ValueError:
        raise CellError("真实存在的日期，格式 YYYY-MM-DD，例如 2026-03-15") from None


def moment(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    raw = text(value, required=True).replace("/", "-").replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, pattern)
        except ValueError:
            continue
    raise CellError("时间，格式 YYYY-MM-DD HH:MM，例如 2026-03-15 09:30")


def choice(value, choices: Sequence[str], required: bool = True, default: str | None = None) -> str:
    raw = text(value)
    if not raw and default is not None:
        return default
    if not raw and not required:
        return ""
    if raw not in choices:
        raise CellError("以下之一：" + "、".join(choices))
    return raw


def unit_code(value, required: bool = True) -> str:
    raw = text(value)
    if not raw:
        if required:
            raise CellError("房屋编号 期-楼栋-单元-房号，例如 2-5-1-0302")
        return ""
    try:
        return parse_unit_code(raw).code
    except ValidationError:
        raise CellError("房屋编号 期-楼栋-单元-房号，例如 2-5-1-0302") from None


def phones(value) -> list[str]:
    raw = text(value)
    found = []
    for part in re.split(r"[、,，;；/\s]+", raw):
        if not part:
            continue
        problem = phone_problem(part)
        if problem:
            raise CellError("电话号码（只含数字，多个用顿号分隔），例如 13800001111、0513-88886666")
        found.append(clean_phone(part))
    return found


def period(value) -> str:
    """所属期间 YYYY-MM (an Excel date counts as its month)."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    raw = text(value, required=True).replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", raw)
    if not match or not 1 <= int(match[2]) <= 12:
        raise CellError("所属期间，格式 YYYY-MM，例如 2026-03")
    return f"{match[1]}-{int(match[2]):02d}"
