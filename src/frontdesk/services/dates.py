"""The one parser of dates, times and months as people and spreadsheets write them.

Accepted: Excel dates and serial numbers, `2020-06-30`, `2020/6/30`, `2020.06.30`, `2020年6月30日`,
`20200630`; times `14:05`, `14:05:30`, `14点05分`, `14时5分`, `14点`; months `2025-03`, `2025/3`,
`2025年3月`, `202503`. A date before 1900 (a negative or tiny serial) is refused, never guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from frontdesk.errors import ValueProblem
from frontdesk.services.text import normalize

DATE_EXPECTED = "日期 YYYY-MM-DD，例如 2020-06-30，也可写 2020/6/30、2020.06.30、2020年6月30日、20200630 或 Excel 日期"
MOMENT_EXPECTED = "日期和时间，例如 2020-06-30 14:05、2020年6月30日14点05分 或 Excel 日期时间"
TIME_EXPECTED = "时间，例如 14:05 或 14点05分"
MONTH_EXPECTED = "月份 YYYY-MM，例如 2025-03，也可写 2025/3、2025年3月 或 202503"
FIRST_YEAR = 1900

_EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 61 = 1900-03-01 (Excel's phantom 1900-02-29 is serial 60)
_MAX_SERIAL = 2958465  # 9999-12-31
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"(\d{1,2})\s*(?::|点|时)\s*(?:(\d{1,2})\s*(?::|分)?\s*(?:(\d{1,2})\s*秒?)?)?")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))")
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")


def _serial(number: float, field: str, label: str, expected: str) -> datetime:
    if not 1 <= number <= _MAX_SERIAL or 60 <= number < 61:
        raise ValueProblem(field, f"{label}“{number:g}”不是 {FIRST_YEAR} 年以后的 Excel 日期", expected)
    if number < 60:  # Excel counts 1900-01-01 as 1 and a 1900-02-29 that never was
        number += 1
    moment = _EXCEL_EPOCH + timedelta(days=number)
    return moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))


def _checked(year: int, month: int, day: int, field: str, label: str, raw, expected: str) -> date:
    if year < FIRST_YEAR:
        raise ValueProblem(field, f"{label}“{raw}”早于 {FIRST_YEAR} 年", expected)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem(field, f"{label}“{raw}”不是真实存在的日期", expected) from None


_PUNCTUATION = str.maketrans({"－": "-", "—": "-", "／": "/", "．": ".", "：": ":", "　": " "})


def _text(raw) -> str:
    return normalize("" if raw is None else str(raw)).translate(_PUNCTUATION)


def _date_part(text: str, raw, field: str, label: str, expected: str) -> tuple[date, str] | None:
    """(date, the rest of the text) when the text starts with a date in one of the written forms."""
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return _checked(year, month, day, field, label, raw, expected), text[match.end():].strip()


def parse_date(raw, label: str = "日期", field: str = "date") -> date:
    """A date in any accepted form; ValueProblem if empty, unreadable, unreal or before 1900."""
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        return _checked(raw.year, raw.month, raw.day, field, label, raw, DATE_EXPECTED)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _serial(float(raw), field, label, DATE_EXPECTED).date()
    text = _text(raw)
    if not text:
        raise ValueProblem(field, f"请填写{label}", DATE_EXPECTED)
    found = _date_part(text, raw, field, label, DATE_EXPECTED)
    if found and (not found[1] or _TIME.fullmatch(found[1])):
        return found[0]
    if _SERIAL.fullmatch(text) and len(text.split(".")[0]) <= 6:
        return _serial(float(text), field, label, DATE_EXPECTED).date()
    if text.lstrip().startswith("-") and _SERIAL.fullmatch(text.lstrip()[1:]):
        return _serial(-float(text.lstrip()[1:]), field, label, DATE_EXPECTED).date()
    raise ValueProblem(field, f"{label}“{raw}”无法识别", DATE_EXPECTED)


def parse_time(raw, label: str = "时间", field: str = "time") -> time:
    if isinstance(raw, datetime):
        return raw.time().replace(microsecond=0)
    if isinstance(raw, time):
        return raw.replace(microsecond=0)
    if isinstance(raw, float) and not isinstance(raw, bool) and 0 <= raw < 1:  # an Excel time of day
        return (_EXCEL_EPOCH + timedelta(seconds=round(raw * 86400))).time()
    text = _text(raw)
    found = _TIME.fullmatch(text)
    if not found:
        raise ValueProblem(field, f"{label}“{raw}”无法识别" if text else f"请填写{label}", TIME_EXPECTED)
    hour, minute, second = (int(g or 0) for g in found.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise ValueProblem(field, f"{label}“{raw}”不是真实存在的时间", TIME_EXPECTED)
    return time(hour, minute, second)


def parse_moment(raw, label: str = "时间", field: str = "time") -> datetime:
    """A date with an optional time of day (a date alone is midnight)."""
    if isinstance(raw, datetime):
        parse_date(raw, label, field)
        return raw.replace(microsecond=0)
    if isinstance(raw, date):
        return datetime.combine(parse_date(raw, label, field), time())
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _serial(float(raw), field, label, MOMENT_EXPECTED)
    text = _text(raw).replace("T", " ")
    if not text:
        raise ValueProblem(field, f"请填写{label}", MOMENT_EXPECTED)
    found = _date_part(text, raw, field, label, MOMENT_EXPECTED)
    if found is None:
        if _SERIAL.fullmatch(text) and len(text.split(".")[0]) <= 6:
            return _serial(float(text), field, label, MOMENT_EXPECTED)
        raise ValueProblem(field, f"{label}“{raw}”无法识别", MOMENT_EXPECTED)
    day, rest = found
    if not rest:
        return datetime.combine(day, time())
    try:
        return datetime.combine(day, parse_time(rest, label, field))
    except ValueProblem:
        raise ValueProblem(field, f"{label}“{raw}”中的时间无法识别", MOMENT_EXPECTED) from None


def parse_month(raw, label: str = "月份", field: str = "month") -> str:
    """`YYYY-MM` from any accepted month form (an Excel date counts as its month)."""
    if isinstance(raw, date | datetime):
        day = parse_date(raw, label, field)
        return f"{day.year:04d}-{day.month:02d}"
    text = _text(raw)
    found = _MONTH.fullmatch(text)
    if not found:
        raise ValueProblem(field, f"{label}“{raw}”无法识别" if text else f"请填写{label}", MONTH_EXPECTED)
    year, month = int(found[1]), int(found[2] or found[3])
    if year < FIRST_YEAR or not 1 <= month <= 12:
        raise ValueProblem(field, f"{label}“{raw}”不是真实存在的月份", MONTH_EXPECTED)
    return f"{year:04d}-{month:02d}"


def format_date(day: date | None) -> str:
    """Dates shown `YYYY-MM-DD` (DESIGN §4); empty for none."""
    return "" if day is None else f"{day:%Y-%m-%d}"
