"""Small text rules shared by every desk: normalising typed input, phones, pinyin."""

from __future__ import annotations

import re
import unicodedata

from frontdesk.errors import ValueProblem

_PHONE_SEPARATORS = re.compile(r"[\s\-－—()（）]")


class _DigitsAndLetters(dict):
    """str.translate table, filled on first sight of each character: every decimal digit of any
    script (full-width ３, Arabic-Indic ٣) becomes its ASCII digit and full-width Latin letters
    half-width (NFKC), so ٣٠٢, ３０２ and 302 are one room. Superscripts (³⁰²) are not decimal
    digits and stay as typed, to be refused. Chinese punctuation such as
    ，。：（） is part of what people wrote and stays as typed."""

    def __missing__(self, code: int):
        char = chr(code)
        if code < 0x80:
            mapped: str | None = char
        elif unicodedata.decimal(char, None) is not None:
            mapped = str(unicodedata.decimal(char))
        elif 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            folded = unicodedata.normalize("NFKC", char)
            mapped = folded if folded.isascii() and folded.isalnum() else char
        else:
            mapped = char
        self[code] = mapped
        return mapped


_FULL_WIDTH_ALNUM = _DigitsAndLetters()


# Control characters (pasted from other programs) cannot be printed or written to Excel; tabs and
# line breaks are kept.
_CONTROL = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def normalize(text: str | None) -> str:
    """Full-width digits and letters to half-width, control characters dropped, trimmed."""
    return (text or "").translate(_FULL_WIDTH_ALNUM).translate(_CONTROL).strip()


def clean_phone(raw: str | None) -> str:
    """Digits only, with a +86 / 0086 country code in front of a mobile number dropped."""
    phone = _PHONE_SEPARATORS.sub("", normalize(raw))
    return _COUNTRY_CODE.sub("", phone)


_COUNTRY_CODE = re.compile(r"^(?:\+|00)?86(?=1\d{10}$)|^(?:\+|00)86(?=0?\d{9,11}$)")
_PHONE_LIST_SEPARATORS = re.compile(r"[/／、,，;；\n]+")
PHONES_EXPECTED = "电话号码（可带 +86、空格或短横线；多个用 / 、 ， ; 分隔），例如 13800001111、0513-88886666"


def parse_phones(raw: str | None, label: str = "电话", field: str = "phone") -> list[str]:
    """Every phone in a cell as a clean number (the one phone parser). Numbers may be separated by
    / 、 ， ; or line breaks, and two mobiles by a space; a bad one raises ValueProblem."""
    found: list[str] = []
    for part in _PHONE_LIST_SEPARATORS.split(normalize(raw)):
        if not part.strip():
            continue
        pieces = [part]
        if phone_problem(part) and len(part.split()) > 1 and not any(phone_problem(p) for p in part.split()):
            pieces = part.split()  # "13800001111 13900002222": two mobiles written side by side
        for piece in pieces:
            problem = phone_problem(piece)
            if problem:
                raise ValueProblem(field, f"{label}：{problem}", PHONES_EXPECTED)
            found.append(clean_phone(piece))
    return list(dict.fromkeys(found))


YES_WORDS = ("是", "√", "✓", "✔", "Y", "YES", "有", "1", "TRUE", "对")
NO_WORDS = ("否", "×", "✗", "✘", "X", "N", "NO", "无", "0", "FALSE", "不")
YES_NO_EXPECTED = "是/否（也可写 √/×、Y/N）"


def parse_yes_no(raw, label: str = "是否", field: str = "flag") -> bool | None:
    """是/否, √/×, Y/N (any case) -> True/False; empty -> None."""
    if isinstance(raw, bool):
        return raw
    text = normalize("" if raw is None else str(raw)).upper()
    if not text:
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValueProblem(field, f"{label}“{raw}”无法识别", YES_NO_EXPECTED)


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
    from pypinyin import Style, pinyin  # imported late: only writers of names need it

    # One call: each character's readings come everyday one first (a phrase's reading where the name
    # holds one), which is what lazy_pinyin gives; a second call for it doubled an import's naming work.
    every = pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors="default")
    if len(every) != len(name):  # letters/digits grouped: keep it simple
        return [[alternatives[0][:1].lower()] for alternatives in every]
    readings = []
    for alternatives in every:
        readings.append(list(dict.fromkeys(a[:1].lower() for a in alternatives)))  # in order, once each
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
