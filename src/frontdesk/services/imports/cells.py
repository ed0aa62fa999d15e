"""Reading one cell of an import sheet: each parser returns a value or raises CellError.

The parsing itself is the application's one parser per kind of value (money, dates, unit codes,
phones); here a refused value becomes the accepted forms shown beside its row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import wraps

from frontdesk.errors import ValidationError, ValueProblem
from frontdesk.services import dates, money, unit_codes
from frontdesk.services import text as text_rules


class CellError(Exception):
    """`expected` says, in Chinese, what the cell should hold."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def _as_cell_error(parser: Callable) -> Callable:
    @wraps(parser)
    def parse(*args, **kwargs):
        try:
            return parser(*args, **kwargs)
        except ValueProblem as exc:
            raise CellError(exc.expected) from None
    return parse


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, required: bool = False, max_length: int = 2000) -> str:
    if isinstance(value, float) and value.is_integer():
        result = str(int(value))
    else:
        result = "" if value is None else text_rules.normalize(str(value))
    if required and not result:
        raise CellError("不能为空")
    if len(result) > max_length:
        raise CellError(f"不超过 {max_length} 个字（现在 {len(result)} 个）")
    return result


@_as_cell_error
def integer(value, minimum: int = 1, maximum: int = 9999) -> int:
    return int(money.parse_amount(value, min=minimum, max=maximum, places=0, example=str(max(minimum, 3))))


@_as_cell_error
def amount(value, allow_zero: bool = False) -> Decimal:
    return money.parse_amount(value, min=money.ZERO if allow_zero else money.CENT,
                              example="128.50、¥1,280.50 或 1280元")


def day(value, required: bool = True) -> date | None:
    if is_empty(value):
        if required:
            raise CellError(dates.DATE_EXPECTED)
        return None
    return _as_cell_error(dates.parse_date)(value)


@_as_cell_error
def moment(value) -> datetime:
    return dates.parse_moment(value)


@_as_cell_error
def period(value) -> str:
    """所属期间 YYYY-MM (an Excel date counts as its month)."""
    return dates.parse_month(value)


def choice(value, choices: Sequence[str], required: bool = True, default: str | None = None) -> str:
    raw = text(value)
    if not raw and default is not None:
        return default
    if not raw and not required:
        return ""
    if raw not in choices:
        raise CellError("以下之一：" + "、".join(choices))
    return raw


UNIT_CODE_EXPECTED = "房屋编号，例如 2-5-1-0302、2-5-1-302 或 2期5栋1单元302"


def unit_code(value, required: bool = True) -> str:
    raw = text(value)
    if not raw:
        if required:
            raise CellError(UNIT_CODE_EXPECTED)
        return ""
    try:
        return unit_codes.parse_unit_code(raw).code
    except ValidationError:
        raise CellError(UNIT_CODE_EXPECTED) from None


@_as_cell_error
def unit_part(value, part: str, maximum: int) -> int:
    """期 / 楼栋 / 单元 as written: 1期, 第一期, 3号楼, 2单元 …"""
    return unit_codes.parse_unit_part(value, part, maximum)


@_as_cell_error
def area(value) -> Decimal:
    from frontdesk.services.units import parse_area  # units imports the database models; only rosters need it

    return parse_area(value)


@_as_cell_error
def room(value) -> str:
    return unit_codes.parse_room(value)


@_as_cell_error
def phones(value) -> list[str]:
    if isinstance(value, float) and value.is_integer():
        value = str(int(value))
    return text_rules.parse_phones(None if value is None else str(value))


@_as_cell_error
def yes_no(value) -> bool | None:
    return text_rules.parse_yes_no(value)
