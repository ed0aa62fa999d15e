"""Value axes with round steps (1, 2, 5 × 10ⁿ), shared by the on-screen charts and the PDF charts.

Counts get whole-number labels; an empty or all-zero period gets a small 0–5 axis, never 0.0–1.1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

NO_DATA = "暂无数据"


@dataclass(frozen=True)
class Axis:
    top: float
    step: float
    integers: bool

    @property
    def ticks(self) -> list[float]:
        count = round(self.top / self.step)
        return [self.step * i for i in range(count + 1)]

    def label(self, value: float) -> str:
        if self.integers or float(value).is_integer():
            return f"{value:.0f}"
        decimals = max(0, -math.floor(math.log10(self.step)))
        return f"{value:.{decimals}f}"


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 × 10ⁿ that is at least `raw`."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw - 1e-12:
            return float(factor * power)
    return float(10 * power)


def value_axis(peak: float, integers: bool = True, max_ticks: int = 5) -> Axis:
    """An axis from 0 that holds `peak` in at most `max_ticks` round steps."""
    peak = max(0.0, float(peak or 0))
    if peak == 0:
        return Axis(top=5.0 if integers else 1.0, step=1.0 if integers else 0.2, integers=integers)
    step = nice_step(peak / max_ticks)
    if integers:
        step = max(1.0, step)
    top = math.ceil(peak / step - 1e-9) * step
    if top < peak:
        top += step
    return Axis(top=top, step=step, integers=integers)


def is_empty(series: Sequence[Sequence[float | None]]) -> bool:
    """True when no value of any series is above zero (nothing to draw)."""
    return not any(v for values in series for v in values if v)
