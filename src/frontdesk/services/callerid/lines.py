"""What a caller-ID box sends down the serial line, turned into rings.

Modem-style boxes (after `AT+VCID=1`) send a block per call:

    RING
    DATE = 1201
    TIME = 1405
    NMBR = 13800001111
    NAME = ZHANG

Many cheap 来电显示盒 send only the bare number on a line of its own. A withheld number comes as
`P` (private) or `O` (out of area). Anything else (modem chatter, a half line after the box was
plugged in, noise) is ignored: the parser never raises on input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from frontdesk.db.models.rings import WITHHELD

_FIELD = re.compile(r"^\s*(DATE|TIME|NMBR|NAME|DDN_NMBR|MESG)\s*[=:]\s*(.*?)\s*$", re.IGNORECASE)
_BARE = re.compile(r"^\s*(?:CID\s*[:=]?\s*)?(\+?[\d\s\-()]{5,24})\s*$", re.IGNORECASE)
_WITHHELD = {"P", "O", "PRIVATE", "ANONYMOUS", "UNAVAILABLE"}
MAX_LINE = 200  # a longer "line" is noise (a box sending garbage at the wrong speed)


@dataclass(frozen=True)
class RingEvent:
    number: str  # digits only, or 私密号码
    line: int = 1
    name: str = ""
    at: datetime | None = None  # when the box says it rang, if it says; else when it arrived
    source: str = ""


def normalize_number(raw: str) -> str:
    """+86 138-0000-1111 → 13800001111; 0513 8888 6666 → 051388886666; '' if there are no digits."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits[:20]


class CallerIdParser:
    """Feed it lines; it returns a RingEvent when a call's number is complete, else None."""

    def __init__(self, line: int = 1, source: str = "串口"):
        self.line, self.source = line, source
        self._fields: dict[str, str] = {}

    def feed(self, raw: str | bytes) -> RingEvent | None:
        if isinstance(raw, bytes):
            raw = raw.decode("ascii", errors="ignore")
        text = raw.strip().strip("\x00")
        if not text or len(text) > MAX_LINE:
            return None
        if text.upper() in ("RING", "OK", "ERROR") or text.upper().startswith("AT"):
            if text.upper() == "RING":
                self._fields = {}  # a new call starts
            return None
        field = _FIELD.match(text)
        if field:
            key, value = field.group(1).upper(), field.group(2)
            if key in ("NMBR", "DDN_NMBR"):
                return self._ring(value, self._fields.pop("NAME", ""))
            self._fields[key] = value
            return None
        bare = _BARE.match(text)
        if bare:
            return self._ring(bare.group(1), "")
        if text.upper() in _WITHHELD:
            return self._ring(text, "")
        return None

    def _ring(self, value: str, name: str) -> RingEvent | None:
        fields, self._fields = self._fields, {}
        if value.strip().upper() in _WITHHELD:
            number = WITHHELD
        else:
            number = normalize_number(value)
            if len(number) < 3:
                return None
        return RingEvent(number=number, line=self.line, name=name[:40], at=self._when(fields), source=self.source)

    @staticmethod
    def _when(fields: dict[str, str]) -> datetime | None:
        """The box's own DATE (MMDD) and TIME (HHMM), when both make sense; the year is this year's."""
        from frontdesk.services import clock

        date_text, time_text = fields.get("DATE", ""), fields.get("TIME", "")
        if not (re.fullmatch(r"\d{4}", date_text) and re.fullmatch(r"\d{4}", time_text)):
            return None
        now = clock.now()
        try:
            at = datetime(now.year, int(date_text[:2]), int(date_text[2:]), int(time_text[:2]), int(time_text[2:]))
        except ValueError:
            return None
        return at if at <= now else None  # a box with a wrong clock: use the arrival time instead
