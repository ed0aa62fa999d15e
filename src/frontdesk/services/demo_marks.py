"""What marks a database made by `demo`: a setting, and accounts that share one password.

Apart from the demo generators (services/demo), so the sign-in screen and the window title can ask
without importing them.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.services import settings

DEMO_MARK = "demo_data"  # the setting `demo` leaves: the window says 演示数据
DEMO_PASSWORD = "123456"
DEMO_MAKER = "演示数据"  # created_by of the demo accounts: the sign-in screen names them


def is_demo(session: Session) -> bool:
    """Whether this database was filled by `demo` (its records are made up; its accounts share a password)."""
    return bool(settings.get(session, DEMO_MARK))
