"""The period a statistic covers: a month, a quarter, a year or any date range, and the periods
it is compared with (the one just before, and the same dates a year earlier)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from frontdesk.errors import ValidationError
from frontdesk.services import clock, dates

KINDS = ("月", "季", "年", "自定义")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str  # 月 / 季 / 年 / 自定义

    @property
    def key(self) -> str:
        """Machine name: 2026-11, 2026-Q3, 2026, or 2026-01-05~2026-02-10."""
        if self.kind == "月":
            return f"{self.start:%Y-%m}"
        if self.kind == "季":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "年":
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d}~{self.end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        """How a person says it: 2026年11月, 2026年第3季度, 2026年度, 2026-01-05至2026-02-10."""
        if self.kind == "月":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "季":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "年":
            return f"{self.start.year}年度"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"

    @property
    def first_moment(self) -> datetime:
        return datetime.combine(self.start, time())

    @property
    def after_moment(self) -> datetime:
        """The first moment after the period (end is inclusive by day)."""
        return datetime.combine(self.end + timedelta(days=1), time())

    @property
    def days(self) -> int:
        """Days of the period that have begun by today (a running month averages over its days so far)."""
        last = min(self.end, clock.today())
        return max(0, (last - self.start).days + 1)

    def months(self) -> list[str]:
        """YYYY-MM of every month the period touches."""
        result, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def previous(self) -> Period:
        if self.kind == "月":
            before = self.start - timedelta(days=1)
            return month_period(before.year, before.month)
        if self.kind == "季":
            before = self.start - timedelta(days=1)
            return quarter_period(before.year, (before.month - 1) // 3 + 1)
        if self.kind == "年":
            return year_period(self.start.year - 1)
        length = self.end - self.start
        return Period(self.start - length - timedelta(days=1), self.start - timedelta(days=1), "自定义")

    def year_ago(self) -> Period:
        if self.kind == "月":
            return month_period(self.start.year - 1, self.start.month)
        if self.kind == "季":
            return quarter_period(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == "年":
            return year_period(self.start.year - 1)
        return Period(_year_before(self.start), _year_before(self.end), "自定义")


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, calendar.monthrange(day.year - 1, day.month)[1]))


def _check_year(year: int, field: str) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError({field: f"年份 {year} 不在 2000–2100 之间，请检查"})


def month_period(year: int, month: int) -> Period:
    _check_year(year, "month")
    if not 1 <= month <= 12:
        raise ValidationError({"month": f"月份 {month} 不对，月份只能是 1–12"})
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "月")


def quarter_period(year: int, quarter: int) -> Period:
    _check_year(year, "quarter")
    if not 1 <= quarter <= 4:
        raise ValidationError({"quarter": f"季度 {quarter} 不对，季度只能是 1–4"})
    first = (quarter - 1) * 3 + 1
    return Period(date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1]), "季")


def year_period(year: int) -> Period:
    _check_year(year, "year")
    return Period(date(year, 1, 1), date(year, 12, 31), "年")


def range_period(start: date, end: date) -> Period:
    if end < start:
        raise ValidationError({"end": f"结束日期 {end} 早于开始日期 {start}，请调换"})
    if (end - start).days > 3 * 366:
        raise ValidationError({"end": "统计范围最长三年，请缩短日期范围"})
    return Period(start, end, "自定义")


def parse_month(text: str) -> Period:
    year, month = (int(part) for part in dates.parse_month(text).split("-"))
    return month_period(year, month)


_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


def parse_quarter(text: str) -> Period:
    """2025Q3 or 2025-Q3."""
    match = _QUARTER.match(str(text or ""))
    if not match:
        raise ValidationError({"quarter": f"季度“{text}”格式不对，请写成 YYYYQn，例如 2025Q3"})
    return quarter_period(int(match.group(1)), int(match.group(2)))


def parse_year(text: str) -> Period:
    match = _YEAR.match(str(text or ""))
    if not match:
        raise ValidationError({"year": f"年份“{text}”格式不对，请写四位数字，例如 2026"})
    return year_period(int(match.group(1)))
