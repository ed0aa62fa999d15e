"""切换用户 in a test: a staff member by name, and the window signed over to them (the sign-in box
answered as that person would)."""

from sqlalchemy import select

from frontdesk.db.models import Staff
from frontdesk.services.staff import StaffRef


def staff_ref(db, name: str) -> StaffRef:
    with db.session(system=True) as s:
        found = s.scalar(select(Staff).where(Staff.name == name))
        return StaffRef(found.id, found.name, found.role)


def sign_in_as(monkeypatch, window, person: StaffRef) -> bool:
    from frontdesk.ui.dialogs import sign_in

    monkeypatch.setattr(sign_in, "ask_sign_in", lambda _db, _parent=None, preset_name="": person)
    return window.switch_user()
