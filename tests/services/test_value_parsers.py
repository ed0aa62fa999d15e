"""One parser per kind of value: the same text means the same thing in a form, an import and the CLI."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from frontdesk.errors import ValidationError, ValueProblem
from frontdesk.services import dates, number_format
from frontdesk.services.money import CENT, ZERO, parse_amount
from frontdesk.services.text import normalize, parse_phones, parse_yes_no
from frontdesk.services.unit_codes import parse_room, parse_unit_code, parse_unit_part


@pytest.mark.parametrize("text, expected", [
    ("1280.5", Decimal("1280.50")), ("¥1,280.50", Decimal("1280.50")), ("￥ 1，280 元", Decimal("1280.00")),
    ("１２８０．５", None), (89.5, Decimal("89.50")), ("٣٠٢", Decimal("302.00")),
])
def test_amounts_as_people_write_them(text, expected):
    if expected is None:  # a full-width decimal point is not a number
        with pytest.raises(ValueProblem):
            parse_amount(text)
    else:
        assert parse_amount(text) == expected


@pytest.mark.parametrize("text, words", [
    ("12.345", "两位小数"), ("0", "大于 0"), ("-1", "大于 0"), ("abc", "不是数字"), ("sNaN", "不是数字"),
    ("1000000000000", "超过上限"), ("1e3", "不是数字"), ("", "请填写"), (True, "不是数字"),
])
def test_amounts_refused_with_the_accepted_forms(text, words):
    with pytest.raises(ValueProblem) as info:
        parse_amount(text, label="收款金额")
    assert words in info.value.message and "0.01 到" in info.value.expected


def test_bounds_and_places_are_the_callers():
    assert parse_amount("1.5", min="0.1", max=24, places=1) == Decimal("1.5")
    with pytest.raises(ValueProblem, match="一位小数"):
        parse_amount("1.55", min="0.1", max=24, places=1)
    assert parse_amount("-50", min="-99999.99", max="99999.99") == Decimal("-50.00")
    assert parse_amount("0", min=0) == ZERO and Decimal("0.01") == CENT


def test_digits_of_every_script_are_one_room():
    assert normalize("٣٠٢") == normalize("３０２") == normalize("۳۰۲") == "302"
    codes = {parse_unit_code(text).code for text in ("2-5-1-٣٠٢", "2-5-1-３０２", "2-5-1-302", "2期5栋1单元302室")}
    assert codes == {"2-5-1-0302"}
    assert normalize("，。（）") == "，。（）"  # Chinese punctuation stays as typed


def test_unit_parts_in_every_written_form():
    assert {parse_unit_part(t, "phase", 99) for t in (1, "1", "1期", "一期", "第一期", "１期")} == {1}
    assert parse_unit_part("第十二期", "phase", 99) == 12
    assert {parse_unit_part(t, "building", 999) for t in ("3", "3栋", "3号楼", "3幢", "3座", "3#")} == {3}
    assert {parse_room(t) for t in ("501", "0501", "501室", "5-01", 501.0)} == {"0501"}
    with pytest.raises(ValueProblem, match="3-02"):
        parse_room("5-1")  # floor 5, room 1 or 51? refused, not guessed


def test_dates_in_every_form_and_nothing_before_1900():
    forms = ("2020-06-30", "2020/6/30", "2020.06.30", "2020年6月30日", "20200630", 44012, "44012",
             datetime(2020, 6, 30), "２０２０－０６－３０")
    assert {dates.parse_date(f) for f in forms} == {date(2020, 6, 30)}
    for bad in (-5, "-5", 0, "1899-12-25", "2020-02-30", "明天"):
        with pytest.raises(ValidationError):
            dates.parse_date(bad)
    assert dates.parse_time("14点05分") == dates.parse_time("14:05") == time(14, 5)
    assert dates.parse_moment("2020年6月30日 14点05分") == datetime(2020, 6, 30, 14, 5)
    assert {dates.parse_month(m) for m in ("2025-03", "2025年3月", "202503", "2025/3")} == {"2025-03"}


def test_phones_several_to_a_cell():
    cell = "+86 138-0000-1111 / 0513-88886666、13900002222，13700003333;13600004444"
    assert parse_phones(cell) == ["13800001111", "051388886666", "13900002222", "13700003333", "13600004444"]
    assert parse_phones("13800001111 13900002222") == ["13800001111", "13900002222"]
    assert parse_phones("0086-13800001111") == ["13800001111"]
    with pytest.raises(ValueProblem) as info:
        parse_phones("138-0000")
    assert "+86" in info.value.expected


def test_yes_no_words():
    assert [parse_yes_no(v) for v in ("是", "√", "Y", "y", "否", "×", "N", "")] == [True] * 4 + [False] * 3 + [None]
    with pytest.raises(ValueProblem, match="√/×"):
        parse_yes_no("也许")


def test_one_percent_and_one_points_formatter():
    assert number_format.percent(0.935) == "93.5%" and number_format.percent(None) == "—"
    assert number_format.percent(Decimal("93.5"), of_hundred=True) == "93.5%"
    assert number_format.percent(Decimal("100.0"), of_hundred=True) == "100.0%"
    assert number_format.percent(Decimal("25"), of_hundred=True) == "25.0%"  # as 22.7% beside it
    assert number_format.points(0.935, 0.92) == "+1.5个百分点"
    assert number_format.change(110, 100) == "+10.0%" and number_format.change(5, 0) == "—"
