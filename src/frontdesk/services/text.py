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


def pinyin_initials(name: str) -> str:
    """张三丰 -> zsf; letters and digits in the name are kept as they are."""
    from pypinyin import Style, lazy_pinyin  # imported late: only writers of names need it

    return "".join(part[:1] for part in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")).lower()
