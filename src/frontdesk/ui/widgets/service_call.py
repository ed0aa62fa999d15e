"""Run one user action against the services and show what went wrong where the user looks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from frontdesk.errors import ConflictError, DomainError, ValidationError
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.field_errors import FieldErrors


def run_service_call(parent: QWidget, ctx: AppContext, action: Callable[[Session], object],
                     errors: FieldErrors | None = None,
                     on_conflict: Callable[[str], None] | None = None) -> bool:
    """One short session for `action`; field errors at their fields (typed text stays), others in a box.

    `on_conflict` handles an edit conflict (someone saved the record meanwhile) instead of a box.
    Returns True when the action was saved.
    """
    try:
        with ctx.session() as session:
            action(session)
    except ConflictError as exc:
        if on_conflict is None:
            messages.warning(parent, exc.message)
        else:
            on_conflict(exc.message)
        return False
    except ValidationError as exc:
        leftover = errors.show(exc.errors) if errors is not None else list(exc.errors.values())
        if leftover:
            messages.warning(parent, "\n".join(leftover))
        return False
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return False
    if errors is not None:
        errors.clear()
    return True
