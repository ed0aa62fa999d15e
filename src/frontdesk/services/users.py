"""Sign-in accounts: argon2 passwords, lock-out after repeated failures, resets, shift notes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, aliased

from frontdesk.db.models import ShiftNote, Staff, UserAccount
from frontdesk.errors import DomainError, NotFound, ValidationError
from frontdesk.services import authz, clock
from frontdesk.services.staff import StaffRef, add_staff

MAX_FAILURES = 5
LOCK_MINUTES = 5
MIN_PASSWORD_LENGTH = 6
_hasher = PasswordHasher()


class SignInRefused(DomainError):
    pass


def _check_new_password(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError({field: f"密码至少 {MIN_PASSWORD_LENGTH} 位，请重新设置"})


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def accounts_exist(session: Session) -> bool:
    return session.scalar(select(UserAccount.id).limit(1)) is not None


def set_password(session: Session, staff_id: int, password: str, must_change: bool = False) -> None:
    _check_new_password(password)
    account = session.scalar(select(UserAccount).where(UserAccount.staff_id == staff_id))
    if account is None:
        account = UserAccount(staff_id=staff_id, password_hash="", failed_attempts=0)
        session.add(account)
    account.password_hash = hash_password(password)
    account.must_change_password = must_change
    account.failed_attempts = 0
    account.locked_until = None
    session.flush()


def setup_administrator(session: Session, name: str, password: str) -> StaffRef:
    """First start of a new database: the administrator chooses a name and password."""
    if accounts_exist(session):
        raise DomainError("管理员账号已经设置过了，请直接登录。")
    staff = session.scalar(select(Staff).where(Staff.role == "管理员").order_by(Staff.id))
    if staff is None or (name and staff.name != name and not session.scalar(select(Staff).where(Staff.name == name))):
        return _with_password(session, add_staff(session, name or "管理员", "管理员"), password)
    return _with_password(session, StaffRef(staff.id, staff.name, staff.role), password)


def _with_password(session: Session, ref: StaffRef, password: str) -> StaffRef:
    set_password(session, ref.id, password)
    return ref


def add_user(session: Session, name: str, role: str, password: str | None = None) -> tuple[StaffRef, str | None]:
    """A new colleague with an account; without a password, a one-time one is made (to be changed)."""
    authz.require(session, "users")
    ref = add_staff(session, name, role)
    initial = None
    if password is None:
        initial = secrets.token_urlsafe(6)
        set_password(session, ref.id, initial, must_change=True)
    else:
        set_password(session, ref.id, password)
    return ref, initial


def reset_password(session: Session, staff_id: int, new_password: str) -> None:
    authz.require(session, "users")
    if session.get(Staff, staff_id) is None:
        raise NotFound("该员工已不存在")
    set_password(session, staff_id, new_password, must_change=True)


@dataclass
class SignedIn:
    user: StaffRef
    must_change_password: bool
    previous_sign_in: datetime | None


def _count_attempt(session: Session, account_id: int, now: datetime) -> int | None:
    """Count this sign-in attempt in one atomic UPDATE … RETURNING, before the password is checked;
    None when the account is locked (then nothing is counted).

    On PostgreSQL the row stays locked until this attempt is decided, so parallel guesses at one
    account queue and each sees the count (and any lock-out) the previous one left."""
    return session.execute(
        update(UserAccount)
        .where(UserAccount.id == account_id,
               or_(UserAccount.locked_until.is_(None), UserAccount.locked_until <= now))
        .values(failed_attempts=UserAccount.failed_attempts + 1)
        .returning(UserAccount.failed_attempts)
        .execution_options(synchronize_session=False)).scalar_one_or_none()


def _locked_message(locked_until: datetime, now: datetime) -> str:
    minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
    return f"连续输错密码 {MAX_FAILURES} 次，账号已锁定，请 {minutes} 分钟后再试，或请管理员重置密码。"


def sign_in(session: Session, name: str, password: str) -> SignedIn:
    now = clock.now()
    staff = session.scalar(select(Staff).where(Staff.name == (name or "").strip()))
    account = session.scalar(select(UserAccount).where(UserAccount.staff_id == staff.id)) if staff else None
    if staff is None or account is None or not staff.active:
        raise SignInRefused("用户名或密码不对，请重新输入。")
    if account.locked_until and account.locked_until > now:
        raise SignInRefused(_locked_message(account.locked_until, now))
    if not password:  # Enter before typing: not an attempt, nothing counted
        raise SignInRefused("请输入密码。")
    attempts = _count_attempt(session, account.id, now)
    if attempts is None:
        # Locked by a parallel guess while this one waited: refused without checking the password.
        locked_until = session.scalar(select(UserAccount.locked_until).where(UserAccount.id == account.id))
        session.commit()
        raise SignInRefused(_locked_message(locked_until or now, now))
    try:
        _hasher.verify(account.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        locked = attempts >= MAX_FAILURES
        if locked:
            session.execute(update(UserAccount).where(UserAccount.id == account.id)
                            .values(failed_attempts=0, locked_until=now + timedelta(minutes=LOCK_MINUTES)))
        # The failure must be remembered even though this sign-in is refused.
        session.commit()
        if locked:
            raise SignInRefused(f"连续输错密码 {MAX_FAILURES} 次，账号已锁定 {LOCK_MINUTES} 分钟。") from None
        raise SignInRefused(f"用户名或密码不对，请重新输入（再错 {MAX_FAILURES - attempts} 次将锁定 {LOCK_MINUTES} 分钟）。") \
            from None
    previous = account.last_sign_in
    session.execute(update(UserAccount).where(UserAccount.id == account.id)
                    .values(failed_attempts=0, locked_until=None, last_sign_in=now))
    session.expire(account)
    return SignedIn(StaffRef(staff.id, staff.name, staff.role), account.must_change_password, previous)


def change_password(session: Session, staff_id: int, old: str, new: str) -> None:
    account = session.scalar(select(UserAccount).where(UserAccount.staff_id == staff_id))
    if account is None:
        raise NotFound("您还没有登录账号，请管理员为您开通")
    try:
        _hasher.verify(account.password_hash, old or "")
    except (VerificationError, InvalidHashError):
        raise ValidationError({"old": "原密码不对，请重新输入"}) from None
    _check_new_password(new, "new")
    if new == old:
        raise ValidationError({"new": "新密码不能与原密码相同"})
    set_password(session, staff_id, new)


def sign_in_names(session: Session) -> list[str]:
    """Names offered on the sign-in screen: active staff with an account."""
    return list(session.scalars(
        select(Staff.name).join(UserAccount, UserAccount.staff_id == Staff.id)
        .where(Staff.active.is_(True)).order_by(Staff.id)
    ))


def demo_accounts(session: Session) -> tuple[list[tuple[str, str]], str] | None:
    """On a database made by `demo` whose accounts still have the demo password: (name, role) and the password.

    None on a real database (or once the demo accounts' passwords have been changed).
    """
    from frontdesk.services.demo_marks import DEMO_MAKER, DEMO_PASSWORD

    rows = session.execute(
        select(Staff.name, Staff.role, UserAccount.password_hash).join(UserAccount, UserAccount.staff_id == Staff.id)
        .where(UserAccount.created_by == DEMO_MAKER, Staff.active.is_(True)).order_by(Staff.id)
    ).all()
    if not rows:
        return None
    try:
        _hasher.verify(rows[0].password_hash, DEMO_PASSWORD)
    except (VerificationError, InvalidHashError):
        return None
    same = [(name, role) for name, role, hashed in rows if hashed == rows[0].password_hash]
    return same, DEMO_PASSWORD


# ---- 交接班 -------------------------------------------------------------------------------


def leave_shift_note(session: Session, staff_id: int, note: str, open_matters: list[str]) -> None:
    session.add(ShiftNote(staff_id=staff_id, at=clock.now(), note=(note or "").strip(),
                          open_matters="\n".join(open_matters)))


def shift_notes_since(session: Session, reader: StaffRef, since: datetime | None,
                      limit: int = 5) -> list[tuple[str, datetime, str, str]]:
    """(who, when, note, open matters) left for the reader since their previous sign-in, newest first:
    a shift's note is for whoever takes over that desk (the same role; 客服主管 and 管理员 read every
    desk's), never the writer's own, and not for a collector when a receptionist signs out."""
    writer = aliased(Staff)
    stmt = (select(writer.name, ShiftNote.at, ShiftNote.note, ShiftNote.open_matters)
            .join(writer, writer.id == ShiftNote.staff_id)
            .where(ShiftNote.staff_id != reader.id)
            .order_by(ShiftNote.at.desc()).limit(limit))
    if reader.role not in (authz.SUPERVISOR, authz.ADMIN):
        stmt = stmt.where(writer.role == reader.role)
    if since is not None:
        stmt = stmt.where(ShiftNote.at >= since)
    return [(who, at, note, open_) for who, at, note, open_ in session.execute(stmt)]


@dataclass
class AccountRow:
    staff_id: int
    name: str
    role: str
    active: bool
    has_account: bool
    locked_until: datetime | None
    last_sign_in: datetime | None


def list_accounts(session: Session) -> list[AccountRow]:
    rows = session.execute(
        select(Staff, UserAccount).outerjoin(UserAccount, UserAccount.staff_id == Staff.id).order_by(Staff.id)
    ).all()
    return [AccountRow(s.id, s.name, s.role, s.active, a is not None, a.locked_until if a else None,
                       a.last_sign_in if a else None) for s, a in rows]


def set_active(session: Session, staff_id: int, active: bool) -> None:
    """Leaving staff are deactivated, never deleted: their records stay traceable."""
    authz.require(session, "users")
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound("该员工已不存在")
    staff.active = active
