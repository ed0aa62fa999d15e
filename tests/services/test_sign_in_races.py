"""Parallel wrong passwords from several desks: the account locks after five, on both backends."""

from __future__ import annotations

import threading

import pytest

from frontdesk.db.engine import Database
from frontdesk.errors import DomainError
from frontdesk.services import users

GUESSES = 12


def test_parallel_wrong_passwords_lock_the_account_after_five(demo_db, frozen_now):
    desks = [Database(demo_db.url) for _ in range(GUESSES)]
    barrier = threading.Barrier(GUESSES)
    told: list[str] = []

    def guess(desk: Database, attempt: int) -> None:
        barrier.wait()
        try:
            with desk.session(system=True) as s:
                users.sign_in(s, "张丽", f"guess-{attempt}")
        except DomainError as exc:
            told.append(exc.message)

    threads = [threading.Thread(target=guess, args=(desk, i)) for i, desk in enumerate(desks)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        for desk in desks:
            desk.dispose()

    assert len(told) == GUESSES
    checked = [m for m in told if "再错" in m or "账号已锁定 5 分钟" in m]
    assert len(checked) == users.MAX_FAILURES, told  # five guesses were tried against the password, no more
    assert sum("账号已锁定 5 分钟" in m for m in told) == 1
    assert sum("分钟后再试" in m for m in told) == GUESSES - users.MAX_FAILURES
    with pytest.raises(users.SignInRefused) as refused, demo_db.session(system=True) as s:
        users.sign_in(s, "张丽", "123456")  # even the right password waits out the lock
    assert "已锁定" in refused.value.message
