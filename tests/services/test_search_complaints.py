"""Complaints are found by their own words (cause, solution, summary) as well as by the call."""

from sqlalchemy import or_, select

from frontdesk.db.models import Complaint, Contact
from frontdesk.services import search


def _by_scan(session, word: str) -> list[int]:
    """What the search must list: complaints whose own texts hold the word, newest call first."""
    return list(session.scalars(
        select(Contact.id).join(Complaint, Complaint.contact_id == Contact.id)
        .where(or_(Complaint.cause.contains(word), Complaint.solution.contains(word), Complaint.summary.contains(word)))
        .order_by(Contact.occurred_at.desc()).limit(search.GROUP_LIMIT)))


def test_a_complaint_is_found_by_the_words_of_its_cause_and_solution(demo_db, frozen_now):
    with demo_db.session(system=True) as s:
        complaint = s.scalars(select(Complaint).where(Complaint.cause != "").order_by(Complaint.id.desc())).first()
        complaint.cause = "地库排风机夜间噪声扰民"
        complaint.solution = "更换减震垫并调整运行时段"
        contact_id = complaint.contact_id

    with demo_db.session("吴海燕", "客服主管", read_only=True) as s:
        for word in ("排风机", "减震垫并调整", "风机"):  # the trigram index, and a two-character scan
            found = [hit.id for hit in search.search(s, word).groups["complaint"]]
            assert contact_id in found, word
            assert set(_by_scan(s, word)) <= set(found), word  # the index finds what a scan finds
