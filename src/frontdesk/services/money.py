"""Money as typed by a person: Decimal, two decimals at most, and in Chinese capitals (大写)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from frontdesk.services.text import normalize

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("10000000")


def parse_amount(raw: str | Decimal | int, label: str = "金额") -> tuple[Decimal | None, str | None]:
    """(amount, None) or (None, Chinese message): positive, at most two decimals, not absurd."""
    text = normalize(str(raw)).replace(",", "").replace("，", "").lstrip("¥￥")
    if not text:
        return None, f"请填写{label}，例如 1280.50"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None, f"{label}“{raw}”不是数字，请填写如 1280.50 的金额"
    if not amount.is_finite():
        return None, f"{label}“{raw}”不是数字，请填写如 1280.50 的金额"
    if amount <= 0:
        return None, f"{label}必须大于 0"
    if amount != amount.quantize(CENT):
        return None, f"{label} {text} 超过两位小数，金额只能精确到分，例如 1280.50"
    if amount >= MAX_AMOUNT:
        return None, f"{label} {text} 过大，请检查是否多输了位数"
    return amount.quantize(CENT), None


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
