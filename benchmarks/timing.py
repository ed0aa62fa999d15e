"""Timing helpers and the result record every scenario returns."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def timed(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Seconds per call, `runs` calls after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


@dataclass
class Result:
    """One row of the table. Times in seconds; `measure` names the figure the goal applies to."""

    scenario: str
    goal: str
    times: list[float] = field(default_factory=list)
    baseline_name: str = ""
    baseline: list[float] = field(default_factory=list)
    ok: bool | None = None
    note: str = ""
    value: str = ""  # for figures that are not times (memory)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def p95(self) -> float | None:
        return percentile(self.times, 0.95) if self.times else None

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.baseline_median:
            return None
        return self.median / self.baseline_median

    def as_json(self) -> dict:
        data = asdict(self)
        data.update(runs=len(self.times), min=min(self.times) if self.times else None, median=self.median,
                    p95=self.p95, baseline_median=self.baseline_median, ratio=self.ratio)
        return data


def within(result: Result, p95_limit: float | None = None, ratio_limit: float | None = None,
           median_limit: float | None = None) -> Result:
    checks = []
    if p95_limit is not None:
        checks.append(result.p95 is not None and result.p95 <= p95_limit)
    if median_limit is not None:
        checks.append(result.median is not None and result.median <= median_limit)
    if ratio_limit is not None:
        checks.append(result.ratio is not None and result.ratio <= ratio_limit)
    result.ok = all(checks) if checks else None
    return result


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(results: list[Result]) -> str:
    """A Markdown table (the README shows the same)."""
    lines = ["| scenario | runs | min | median | p95 | baseline (median) | ratio | goal | met |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        baseline = f"{r.baseline_name}: {_ms(r.baseline_median)}" if r.baseline_name else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[r.ok]
        if r.value:
            lines.append(f"| {r.scenario} | — | — | {r.value} | — | {baseline} | {ratio} | {r.goal} | {met} |")
            continue
        lines.append(f"| {r.scenario} | {len(r.times)} | {_ms(min(r.times) if r.times else None)} | {_ms(r.median)} "
                     f"| {_ms(r.p95)} | {baseline} | {ratio} | {r.goal} | {met} |")
    return "\n".join(lines)
