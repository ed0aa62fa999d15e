"""A company of several estates on one database: each estate's phases are built like the first's."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import select

from frontdesk.db.models import Unit
from frontdesk.services.demo import DemoScale, roster

pytestmark = pytest.mark.sqlite_only

TWO_ESTATES = DemoScale((3, 3, 3) * 2, (5, 6, 7) * 2, 6, 3, days=30)


def test_the_second_estate_is_handed_over_like_the_first(db):
    with db.session("测试", system=True) as s:
        roster.make_units(s, random.Random(7), 2026, TWO_ESTATES)
        units = list(s.scalars(select(Unit)))
    by_phase = Counter(u.phase for u in units)
    handed = Counter(u.phase for u in units if u.handover_state == "已收房")
    years = {p: {u.handover_date.year for u in units if u.phase == p and u.handover_date} for p in by_phase}
    assert sorted(by_phase) == [1, 2, 3, 4, 5, 6]
    assert by_phase[4] == by_phase[1] and by_phase[6] == by_phase[3]  # 四期 is built as 一期, 六期 as 三期
    assert handed[4] == by_phase[4] and handed[5] == by_phase[5]  # received in full, as 一期 and 二期
    assert 0 < handed[6] < by_phase[6]  # partly received, as 三期
    assert years[4] == years[1] == {2012} and years[6] == years[3] == {2022}
