"""Voided means gone: one criterion hides voided (作废) rows from every ORM query.

Every table with `deleted_at` (db/base.Tracked) is filtered by a `do_orm_execute` hook on the
session, with SQLAlchemy's `with_loader_criteria` (its documented "global filter" pattern): plain
selects, column and aggregate selects, joins (the criterion goes into the ON clause of an outer
join), subqueries and relationship loads alike. Services never write `deleted_at.is_(None)`.

A view that asks for voided records (a record's own history, reviving a voided row in place of a
duplicate, the next free id of an import) says so on its statement:
`select(...).execution_options(include_voided=True)`, or `INCLUDE_VOIDED` in `session.get`.
Core statements over `Table` objects are not ORM statements: filter those with `live(table)`.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from frontdesk.db.base import Tracked

INCLUDE_VOIDED = "include_voided"
SHOW_VOIDED = {INCLUDE_VOIDED: True}


# One option for every statement: built per statement, it cost more than a small query itself.
_LIVE_ONLY = with_loader_criteria(Tracked, lambda cls: cls.deleted_at.is_(None), include_aliases=True)


def _hide_voided(state: ORMExecuteState) -> None:
    if not state.is_select or state.execution_options.get(INCLUDE_VOIDED, False):
        return
    # Relationship and column loads carry the criterion from the statement that loaded their parent.
    if state.is_column_load or state.is_relationship_load:
        return
    state.statement = state.statement.options(_LIVE_ONLY)


def install(factory: sessionmaker | type[Session]) -> None:
    """Once per new factory (see audit.install: `event.contains` is not asked, it can be wrong)."""
    event.listen(factory, "do_orm_execute", _hide_voided)


def live(table):
    """The criterion for a Core query over a Tracked table (`table.c.deleted_at IS NULL`)."""
    return table.c.deleted_at.is_(None)
