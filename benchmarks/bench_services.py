"""In-process scenarios: save a call, the global search, stats, the report writers."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from frontdesk.db.engine import Database
from frontdesk.db.models import Person, PersonPhone, Staff, Unit
from frontdesk.services import calls, clock, search
from timing import Result, timed, within

ACTOR = "基准测试"
ROLE = "客服主管"  # a signed-in supervisor: every desk open, permissions checked as at the desk


CALL = dict(content="咨询物业费收费标准及缴费方式", channel="电话", category="咨询", status="已办结", caller_name="王伟",
            phone="13800000000", handling="已告知")
_AUDIT_SKIPPED = {"created_at", "created_by", "updated_at", "updated_by", "version"}


def _raw_same_rows(path: Path, unit_id: int, owner_id: int, actor: str):
    """The floor: the rows a saved call writes, by raw sqlite3 on the same database file with the app's
    pragmas, in one BEGIN IMMEDIATE…COMMIT: the contact (its insert trigger writes the FTS5 index rows,
    as it does for the desk), and its audit row (the same JSON of the new values)."""
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

    def query():
        conn.execute("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY rowid DESC LIMIT 50",
                     ('"下水道"',)).fetchall()

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


def stats_year(db: Database, runs: int) -> Result | None:
    try:
        from frontdesk.services import stats
    except ImportError:
        return None
    year = str(clock.today().year - 1)

    def run():
        with db.session(ACTOR, role=ROLE) as session:
            period = stats.parse_year(year)
            for p in (period, period.previous(), period.year_ago()):
                stats.to_json(stats.compute(session, p))

    return within(Result(f"stats {year} in-process (what --json computes)", "≤ 1 s", timed(run, min(runs, 3), warmup=0)),
                  median_limit=1.0)
