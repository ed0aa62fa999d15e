"""In-process scenarios: save a call, the global search, stats, the report writers."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

import stats_baseline
from frontdesk.db.engine import Database
from frontdesk.db.models import Person, PersonPhone, Staff, Unit
from frontdesk.services import calls, clock, search
from timing import Result, timed, within

ACTOR = "基准测试"
PAGE_SIZE = 200  # a lazy list's first page (ui/table_model.PAGE_SIZE)
ROLE = "客服主管"  # a signed-in supervisor: every desk open, permissions checked as at the desk


CALL = dict(content="咨询物业费收费标准及缴费方式", channel="电话", category="咨询", status="已办结", caller_name="王伟",
            phone="13800000000", handling="已告知")
_AUDIT_SKIPPED = {"created_at", "created_by", "updated_at", "updated_by", "version"}


def _raw_same_rows(path: Path, unit_id: int, owner_id: int, actor: str):
    """The floor: the rows a saved call writes, by raw sqlite3 on the same database file with the app's
    pragmas, in one BEGIN IMMEDIATE…COMMIT: the contact (its insert trigger writes the search index's
    character pairs, as it does for the desk), and its audit row (the same JSON of the new values)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        conn.execute(f"PRAGMA {pragma}")

    def insert():
        now = datetime.now().replace(microsecond=0)
        stamp = now.isoformat(sep=" ", timespec="microseconds")
        contact = dict(channel=CALL["channel"], occurred_at=stamp, unit_id=unit_id, person_id=None, location="",
                       caller_name=CALL["caller_name"], phone=CALL["phone"], category=CALL["category"],
                       content=CALL["content"], handling=CALL["handling"], status=CALL["status"], owner_id=owner_id,
                       closed_at=stamp, repair_order_id=None, created_at=stamp, created_by=actor, updated_at=stamp,
                       updated_by=actor, version=1, deleted_at=None)
        conn.execute("BEGIN IMMEDIATE")
        contact_id = conn.execute(f"INSERT INTO contacts ({', '.join(contact)}) VALUES ({', '.join('?' * len(contact))})",
                                  tuple(contact.values())).lastrowid
        changes = {key: [None, value] for key, value in {"id": contact_id, **contact}.items()
                   if key not in _AUDIT_SKIPPED and value not in (None, "")}
        changes["occurred_at"] = changes["closed_at"] = [None, now.isoformat(sep=" ", timespec="seconds")]
        conn.execute("INSERT INTO audit_entries (at, actor, table_name, record_id, action, changes) VALUES (?,?,?,?,?,?)",
                     (stamp, actor, "contacts", contact_id, "create", json.dumps(changes, ensure_ascii=False)))
        conn.execute("COMMIT")

    return conn, insert


def save_call(db: Database, runs: int) -> Result:
    with db.session(ACTOR, role=ROLE) as session:
        owner = session.execute(select(Staff.id, Staff.name).where(Staff.role == "前台客服").order_by(Staff.id)).first()
        unit_id, unit_code = session.execute(select(Unit.id, Unit.code).order_by(Unit.id.desc())).first()

    def save():
        with db.session(ACTOR, role=ROLE) as session:
            calls.log_contact(session, calls.ContactInput(unit_text=unit_code, **CALL), owner.id)

    # The desk's save and the raw rows take turns, so both meet the same disk and the same load.
    conn, raw_insert = _raw_same_rows(db.location.sqlite_path, unit_id, owner.id, f"{ACTOR}（代 {owner.name}）")
    times, baseline = [], []
    for _ in range(2):
        save(), raw_insert()
    for _ in range(runs):
        times += timed(save, 1, warmup=0)
        baseline += timed(raw_insert, 1, warmup=0)
    conn.close()
    result = Result("save a call (log_contact, committed, with its audit and search index rows)", "≤ 3× raw (same rows)",
                    times, "raw sqlite3: the same contact, audit and FTS rows", baseline)
    return within(result, ratio_limit=3.0)


def search_queries(db: Database) -> dict[str, str]:
    """Real needles from the data: a phone, a room code, a name, its pinyin initials, a 2-character word."""
    with db.session(ACTOR, role=ROLE) as session:
        person = session.execute(
            select(Person.name, Person.name_initials).where(func.length(Person.name) == 3).order_by(Person.id)
            .offset(500).limit(1)).one()
        phone = session.scalar(select(PersonPhone.phone).order_by(PersonPhone.id).offset(700).limit(1))
        code = session.scalar(select(Unit.code).order_by(Unit.id).offset(3000).limit(1))
    phase, building, _entrance, room = code.split("-")
    return {"phone": phone, "room": f"{building}栋{int(room)}", "name": person.name,
            "pinyin": person.name_initials, "2-char word": "渗水", "3-char word": "下水道"}


def _fts_baseline(db: Database, runs: int) -> list[float]:
    path = db.location.sqlite_path
    conn = sqlite3.connect(path)

    # The calls' index of character pairs (the desk's own query for 下水道, without the live-record join).
    phrase = search._pairs_match("下水道")

    def query():
        conn.execute("SELECT rowid FROM contacts_bigram_fts WHERE contacts_bigram_fts MATCH ? ORDER BY rowid DESC LIMIT 50",
                     (phrase,)).fetchall()

    times = timed(query, runs)
    conn.close()
    return times


def global_search(db: Database, runs: int) -> list[Result]:
    baseline = _fts_baseline(db, runs)
    results = []
    for kind, needle in search_queries(db).items():
        def run(needle=needle):
            with db.session(ACTOR, role=ROLE, read_only=True) as session:  # as the search dialog reads
                search.search(session, needle)

        results.append(within(Result(f"global search: {kind} “{needle}”", "≤ 10 ms p95", timed(run, runs),
                                     "raw FTS5 query", baseline), p95_limit=0.010))
    return results


def _stats_periods():
    """The last complete month (what the 统计报表 tab opens on) and the last complete year."""
    from frontdesk.services import stats

    last_month = clock.today().replace(day=1) - timedelta(days=1)
    return stats.month_period(last_month.year, last_month.month), stats.year_period(clock.today().year - 1)


def _app_figures(db: Database, period) -> dict:
    from frontdesk.services import stats

    with db.session(ACTOR, role=ROLE, read_only=True) as session:
        figures = stats.compute(session, period)
        result = stats.to_json(figures)
    result["complete"] = figures.complete
    return result


def _baseline_differences(db: Database, period, now: datetime) -> dict:
    """Untimed: the figures the baseline's SQL gives that differ from the application's (none, or it is no baseline)."""
    conn = sqlite3.connect(f"file:{db.location.sqlite_path}?mode=ro", uri=True)
    try:
        base = stats_baseline.figures(conn, period.start, period.end, now, period.key)
    finally:
        conn.close()
    app = _app_figures(db, period)
    return {key: (app.get(key), base.get(key)) for key in app.keys() | base.keys() if app.get(key) != base.get(key)}


def _baseline_times(db: Database, periods, now: datetime, runs: int) -> list[float]:
    conn = sqlite3.connect(f"file:{db.location.sqlite_path}?mode=ro", uri=True)
    try:
        return timed(lambda: [stats_baseline.figures(conn, p.start, p.end, now, p.key) for p in periods], runs)
    finally:
        conn.close()


def stats_periods(db: Database, runs: int) -> list[Result]:
    """A month's and a year's figures in-process against hand-written SQL computing the same figures, and
    the same with their comparisons (the previous period, the same period a year earlier) as the tab's
    cards and `stats --json` compute them."""
    from frontdesk.services import stats

    month, year = _stats_periods()
    now = clock.now()
    clock.freeze(now)  # the app and the baseline judge "overdue" against the same moment
    results = []
    try:
        for period, label, limit in ((month, "month", 0.150), (year, "year", 0.500)):
            def one(period=period):
                with db.session(ACTOR, role=ROLE, read_only=True) as session:
                    stats.to_json(stats.compute(session, period))

            try:
                differences = _baseline_differences(db, period, now)
            except ValueError as exc:  # a young database: the period has no confirmed collector months
                results.append(Result(f"stats {label} {period.key} in-process (one period's figures)",
                                      f"≤ {limit * 1000:.0f} ms", timed(one, runs), note=f"no baseline: {exc}"))
                continue
            note = "" if not differences else "baseline differs: " + json.dumps(differences, ensure_ascii=False)[:500]

            result = within(Result(f"stats {label} {period.key} in-process (one period's figures)",
                                   f"≤ {limit * 1000:.0f} ms and ≤ 5× baseline", timed(one, runs),
                                   "hand-written SQL, same figures", _baseline_times(db, [period], now, runs),
                                   note=note), median_limit=limit, ratio_limit=5.0)
            result.ok = result.ok and not differences
            results.append(result)
            compared = list(dict.fromkeys([period, period.previous(), period.year_ago()]))

            def with_comparisons(compared=compared):
                with db.session(ACTOR, role=ROLE, read_only=True) as session:
                    for p in compared:
                        stats.to_json(stats.compute(session, p))

            try:
                baseline = _baseline_times(db, compared, now, runs)
            except ValueError as exc:  # a young database: the period compared with has no confirmed months
                results.append(Result(f"stats {label} {period.key} with its comparisons", "≤ 5× baseline",
                                      timed(with_comparisons, runs), note=f"no baseline: {exc}"))
                continue
            results.append(within(Result(
                f"stats {label} {period.key} with its comparisons ({len(compared)} periods, as stats --json)",
                "≤ 5× baseline", timed(with_comparisons, runs), f"hand-written SQL, {len(compared)} periods",
                baseline), ratio_limit=5.0))
            results.append(within(Result(
                f"stats {label} {period.key} with its comparisons, nothing kept (first view after their bills changed)",
                "≤ 5× baseline", _timed_after(lambda: _forget_kept_figures(db), with_comparisons, runs),
                f"hand-written SQL, {len(compared)} periods", baseline), ratio_limit=5.0))
    finally:
        clock.freeze(None)
    return results


def _forget_kept_figures(db: Database) -> None:
    """Drop the figures kept for periods already over, as a change to their bills would."""
    from frontdesk.db import closed_figures

    with db.session(ACTOR, system=True) as session:
        closed_figures.drop_all(session)


def _timed_after(prepare, fn, runs: int) -> list[float]:
    """Seconds per call of `fn`, each after an untimed `prepare`."""
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def arrears_lists(db: Database, runs: int) -> Result:
    """收费催缴's two arrears lists as the tab loads them: 欠费 (every unit in arrears) and 催缴计划 (one
    collector's buildings), each its count and its first page (largest arrears first), as the lazy
    model asks for them (a session each)."""
    from frontdesk.services import collections, staff

    with db.session(ACTOR, role=ROLE) as session:
        people = staff.active_staff(session, ("收费员", "客服主管"))
    collector = next((p.id for p in people if p.role == "收费员"), people[0].id if people else None)
    filters = (collections.ArrearsFilter(), collections.ArrearsFilter(collector_id=collector))

    def load_both():
        for filt in filters:
            with db.session(ACTOR, role=ROLE) as session:
                total = collections.count_arrears(session, filt)
            if total:
                with db.session(ACTOR, role=ROLE) as session:
                    collections.list_arrears(session, filt, 0, PAGE_SIZE, "total", True)

    return within(Result("arrears lists: count + first page, both", "≤ 100 ms", timed(load_both, runs)),
                  median_limit=0.100)
