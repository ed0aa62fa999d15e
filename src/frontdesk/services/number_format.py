"""The one formatter of percentages and of percentage points (money is money.yuan, dates
dates.format_date): every tab, PDF and sheet shows a rate the same way."""

from __future__ import annotations

from decimal import Decimal

UNKNOWN = "—"


def percent(value, *, of_hundred: bool = False) -> str:
    """A rate as text, one decimal everywhere (25.0% beside 22.7%, as the cards show it): a fraction
    0.935 -> 93.5%; with `of_hundred` the value is already per hundred (a training rate 93.5, a
    collection rate 93.50). None -> —."""
    if value is None:
        return UNKNOWN
    if of_hundred:
        return f"{Decimal(str(value)).quantize(Decimal('0.1')):f}%"
    return f"{float(value) * 100:.1f}%"


def points(now, before, *, of_hundred: bool = False) -> str:
    """The change of a rate in percentage points: 0.935 against 0.92 -> +1.5个百分点."""
    if now is None or before is None:
        return UNKNOWN
    delta = float(now) - float(before)
    return f"{delta if of_hundred else delta * 100:+.1f}个百分点"


def change(now, before) -> str:
    """The relative change of a count or an amount: 110 against 100 -> +10.0%."""
    if now is None or before is None or not before:
        return UNKNOWN
    return f"{(float(now) - float(before)) / float(before) * 100:+.1f}%"
