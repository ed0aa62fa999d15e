"""Money as typed by a person: Decimal, two decimals at most, and in Chinese capitals (大写)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from frontdesk.errors import ValueProblem
from frontdesk.services.text import normalize

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("9999999.99")
_PLACES = {0: "零位", 1: "一位", 2: "两位", 3: "三位", 4: "四位"}
_CURRENCY = str.maketrans("", "", "¥￥元,，  　")


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}"


def parse_amount(raw, *, min: Decimal | int | str = CENT, max: Decimal | int | str = MAX_AMOUNT,
                 places: int = 2, label: str = "金额", field: str = "amount", example: str | None = None) -> Decimal:
    """The one parser of a decimal typed by a person (money, area, hours, scores): `¥`, `￥`, `元`
    and thousands separators allowed; between `min` and `max` inclusive; more than `places` decimals
    is refused, never rounded away. Raises ValueProblem naming the accepted forms."""
    low, high, step = Decimal(str(min)), Decimal(str(max)), Decimal(1).scaleb(-places)
    shown_places = "整数" if places == 0 else f"最多{_PLACES[places]}小数"
    expected = f"{_plain(low)} 到 {_plain(high)} 之间、{shown_places}的数" + (f"，例如 {example}" if example else "")
    if isinstance(raw, bool):
        raise ValueProblem(field, f"{label}“{raw}”不是数字", expected)
    if isinstance(raw, float):
        text = repr(raw)
    else:
        text = normalize("" if raw is None else str(raw)).translate(_CURRENCY)
    if not text:
        raise ValueProblem(field, f"请填写{label}", expected)
    if not isinstance(raw, float) and any(c in text for c in "eE"):  # 1e3 is Decimal's, not a desk's, number
        raise ValueProblem(field, f"{label}“{raw}”不是数字", expected)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(field, f"{label}“{raw}”不是数字", expected) from None
    if not number.is_finite():
        raise ValueProblem(field, f"{label}“{raw}”不是数字", expected)
    if number < low:
        raise ValueProblem(field, f"{label}必须大于 0" if low == step else (f"{label}不能是负数" if low == 0 else f"{label} {text} 小于 {_plain(low)}"),
                           expected)
    if number > high:
        raise ValueProblem(field, f"{label} {text} 超过上限 {_plain(high)}（是否多输了位数？）", expected)
    if number != number.quantize(step):
        raise ValueProblem(field, f"{label} {text} 超过{_PLACES[places]}小数" if places else f"{label} {text} 不是整数",
                           expected)
    return number.quantize(step)


def yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿")


def _four_digits(number: int) -> str:
    """0–9999 in capitals, with the zeros a cashier writes (壹仟零伍)."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def capital_amount(amount: Decimal) -> str:
    """12345.60 -> 壹万贰仟叁佰肆拾伍元陆角; 100 -> 壹佰元整 (as on Chinese receipts).

    A negative amount is refused: a 冲正凭证 writes what is reversed, marked as such, never "负…"."""
    amount = amount.quantize(CENT)
    if amount < 0:
        raise ValueError(f"大写金额不能为负数：{amount}")
    cents = int(amount * 100)
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    groups = []
    while whole:
        groups.append(whole % 10000)
        whole //= 10000
    text = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            if text and not text.endswith("零"):
                text += "零"
            continue
        if text and group < 1000 and not text.endswith("零"):
            text += "零"
        text += _four_digits(group) + _BIG_UNITS[index]
    text = text.rstrip("零")
    if text:
        text += "元"
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text
