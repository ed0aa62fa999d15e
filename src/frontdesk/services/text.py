"""Small text rules shared by every desk: normalising typed input, phones, pinyin."""

from __future__ import annotations

import re

_PHONE_SEPARATORS = re.compile(r"[\s\-－—()（）]")


# Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) become half-width; Chinese punctuation
# such as ，。：（） is part of what people wrote and stays as typed.
_FULL_WIDTH_ALNUM = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                       *range(0xFF41, 0xFF5B))}


# Control characters (pasted from other programs) cannot be printed or written to Excel; tabs and
# line breaks are kept.
_CONTROL = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def normalize(text: str | None) -> str:
    """Full-width digits and letters to half-width, control characters dropped, trimmed."""
    return (text or "").translate(_FULL_WIDTH_ALNUM).translate(_CONTROL).strip()


def clean_phone(raw: str | None) -> str:
    return _PHONE_SEPARATORS.sub("", normalize(raw))


def phone_problem(raw: str | None) -> str | None:
    """None if the phone is acceptable (or empty), else a Chinese message saying how to fix it."""
    phone = clean_phone(raw)
    if not phone:
        return None
    if not phone.isdigit():
        return f"电话“{raw}”含有非数字字符，只能填写数字（可用空格或短横线分隔）"
    if phone.startswith("1") and len(phone) != 11:
        return f"手机号“{raw}”应为 11 位数字，现在是 {len(phone)} 位"
    if not 7 <= len(phone) <= 12:
        return f"电话“{raw}”位数不对：座机 7–12 位（可带区号），手机 11 位"
    return None


# Surnames read differently from the everyday word (曾 zēng not céng, 单 shàn, 解 xiè, 仇 qiú, 区 ōu,
# 朴 piáo, 查 zhā, 翟 zhái, 盖 gě, 覃 qín, 缪 miào, 尉迟 yùchí, 万俟 mòqí …): their initials, first.
SURNAME_INITIALS = {
    "尉迟": ["yc"], "万俟": ["mq"], "单于": ["cy"], "长孙": ["zs"], "令狐": ["lh"],
    "曾": ["z"], "单": ["s"], "解": ["x"], "仇": ["q"], "区": ["o"], "朴": ["p"], "查": ["z"],
    "翟": ["z"], "盖": ["g"], "覃": ["q"], "缪": ["m"], "乐": ["y"], "召": ["s"], "繁": ["p"],
    "种": ["c"], "秘": ["b"], "折": ["s"], "员": ["y"], "祭": ["z"], "厍": ["s"], "句": ["g"],
    "华": ["h"], "纪": ["j"], "任": ["r"], "沈": ["s"], "隗": ["w"], "尉": ["y"], "冼": ["x"],
}
INITIALS_MAX = 40  # the width of Person.name_initials
READINGS_MAX = 8


def _readings(name: str) -> list[list[str]]:
    """Per character: the initials of every reading, the everyday one first."""
    from pypinyin import Style, lazy_pinyin, pinyin  # imported late: only writers of names need it

    common = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    every = pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors="default")
    if len(common) != len(name) or len(every) != len(name):  # letters/digits grouped: keep it simple
        return [[part[:1].lower()] for part in common]
    readings = []
    for first, alternatives in zip(common, every, strict=True):
        letters = [first[:1].lower()]
        letters += [a[:1].lower() for a in alternatives if a[:1].lower() not in letters]
        readings.append(letters)
    return readings


def pinyin_initials_all(name: str) -> list[str]:
    """Every initials string a name can be typed as: 曾丽娟 -> ["clj", "zlj"]; the surname reading first."""
    from itertools import product

    name = normalize(name)
    if not name:
        return []
    readings = _readings(name)
    surname = next((s for s in SURNAME_INITIALS if name.startswith(s) and len(name) > len(s)), None)
    if surname:
        for index, letters in enumerate(zip(*SURNAME_INITIALS[surname], strict=True)):
            readings[index] = [*letters, *(x for x in readings[index] if x not in letters)]
    found: list[str] = []
    for combo in product(*readings):
        text = "".join(combo)
        if text not in found:
            found.append(text)
        if len(found) >= READINGS_MAX:
            break
    return found


def pinyin_initials(name: str) -> str:
    """The search key of a name: its initials in every reading, space-separated, surname reading first.

    张三丰 -> "zsf"; 曾丽娟 -> "zlj clj" (曾 as a surname is zēng). Match a typed key with
    `initials_match`; letters and digits in the name are kept as they are.
    """
    kept: list[str] = []
    for option in pinyin_initials_all(name):
        if len(" ".join([*kept, option])) > INITIALS_MAX:
            break
        kept.append(option)
    return " ".join(kept)
