"""A group of the global search lists at most GROUP_LIMIT hits, and says when it found more."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from frontdesk.db.models import Staff
from frontdesk.services import calls, clock, search


def _log_calls(db, content: str, count: int, first_minute: int = 0) -> list[int]:
    """`count` calls saying `content`, a minute apart from yesterday's `first_minute`, the newest last."""
    with db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        start = clock.now() - timedelta(days=1)
        return [calls.log_contact(s, calls.ContactInput(content=content, occurred_at=start + timedelta(minutes=first_minute + i)),
                                  owner).id for i in range(count)]


def test_a_full_page_is_not_cut_and_one_more_is(demo_db, frozen_now):
    ids = _log_calls(demo_db, "充电桩跳闸了", search.GROUP_LIMIT)
    with demo_db.session(system=True) as s:
        exactly = search.search(s, "充电桩跳闸")
    assert [hit.id for hit in exactly.groups["contact"]] == ids[::-1]
    assert exactly.cut == set(), "exactly a page found: nothing left out, nothing to say"

    newest = _log_calls(demo_db, "充电桩跳闸了", 1, first_minute=search.GROUP_LIMIT)
    with demo_db.session(system=True) as s:
        over = search.search(s, "充电桩跳闸")
    listed = [hit.id for hit in over.groups["contact"]]
    assert len(listed) == search.GROUP_LIMIT
    assert listed == [*newest, *ids[::-1]][:search.GROUP_LIMIT], "the newest page, in the same order as before"
    assert over.cut == {"contact"}
    assert over.count() == search.GROUP_LIMIT


def test_the_groups_by_other_ways_say_they_were_cut_too(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        few = search.search(s, "1-1-1")  # a few units, calls and orders
        many = search.search(s, "1-")  # every order of a building 1 and a unit 1-…
    assert few.cut == set() and few.groups["unit"]
    assert "repair" in many.cut and len(many.groups["repair"]) == search.GROUP_LIMIT
    assert all(len(hits) <= search.GROUP_LIMIT for hits in many.groups.values())
    assert {kind for kind, hits in many.groups.items() if len(hits) < search.GROUP_LIMIT}.isdisjoint(many.cut)
