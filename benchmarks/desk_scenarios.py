"""The in-process desk scenarios, on SQLite or PostgreSQL alike, through the product's services.

What a desk does all day and what should cost the same at twenty years as at one (bounded by the
period or by the page): save a call, the six global searches, each tab's count + first page, the
two arrears lists, a month's and a year's statistics. growth.py, postgres.py and run.py (for a
PostgreSQL database) time these; each returns `Result` rows keyed by a short `key` so tables can
put the same scenario of several databases side by side.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from frontdesk.db.engine import Database
from frontdesk.db.models import Staff, Unit
from frontdesk.services import calls, clock, search
from timing import Result, timed, within

ACTOR = "基准测试"
ROLE = "客服主管"  # a signed-in supervisor: every desk open, permissions checked as at the desk
PAGE = 200  # the lazy tables' page (ui/table_model.PAGE_SIZE)


@dataclass
class Scenario:
    key: str  # stable id across databases (growth and side-by-side tables join on it)
    title: str
    run: Callable[[], object]
    goal: str = ""
    p95_limit: float | None = None
    median_limit: float | None = None
    most_runs: int | None = None  # slow ones (a year's statistics) are timed fewer times, without a warm-up


def session(db: Database, read_only: bool = False):
    return db.session(ACTOR, role=ROLE, read_only=read_only)


# ---- save a call ---------------------------------------------------------------------------------

def _desk_ids(db: Database) -> tuple[int, str]:
    with session(db) as s:
        owner_id = s.scalar(select(Staff.id).where(Staff.role == "前台客服").order_by(Staff.id))
        unit_code = s.scalar(select(Unit.code).order_by(Unit.id.desc()))
    return owner_id, unit_code


def saver(db: Database, caller: str = "王伟") -> Callable[[], None]:
    """One call saved as the desk saves it: log_contact in its own committed session (audit row, index)."""
    owner_id, unit_code = _desk_ids(db)

    def save() -> None:
        with session(db) as s:
            calls.log_contact(s, calls.ContactInput(
                content="咨询物业费收费标准及缴费方式", channel="电话", category="咨询", status="已办结",
                unit_text=unit_code, caller_name=caller, phone="13800000000", handling="已告知"), owner_id)

    return save


RAW_COLUMNS = ("channel TEXT, occurred_at TEXT, unit_id INT, caller_name TEXT, phone TEXT, category TEXT,"
               " content TEXT, status TEXT, owner_id INT")
RAW_ROW = ("电话", "2026-01-01T09:00:00", 1, "王伟", "13800000000", "咨询", "咨询物业费收费标准", "已办结", 1)


def raw_insert_baseline(db: Database, runs: int) -> tuple[str, list[float]]:
    """The floor on the same backend: one row inserted and committed by the bare driver.
    SQLite: a fresh file with the app's pragmas (WAL, synchronous=FULL); PostgreSQL: a table in the
    same database, through the same server (its commit waits for the WAL flush, as the desk's)."""
    if db.is_sqlite:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            conn = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(f"CREATE TABLE raw_contacts (id INTEGER PRIMARY KEY, {RAW_COLUMNS})")

            def insert():
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO raw_contacts (channel, occurred_at, unit_id, caller_name, phone, category,"
                             " content, status, owner_id) VALUES (?,?,?,?,?,?,?,?,?)", RAW_ROW)
                conn.execute("COMMIT")

            times = timed(insert, runs)
            conn.close()
        return "raw sqlite3 insert + commit", times
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"CREATE TABLE IF NOT EXISTS bench_raw_contacts (id SERIAL PRIMARY KEY, {RAW_COLUMNS})")
        raw.commit()

        def insert():
            cursor.execute("INSERT INTO bench_raw_contacts (channel, occurred_at, unit_id, caller_name, phone,"
                           " category, content, status, owner_id) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)", RAW_ROW)
            raw.commit()

        times = timed(insert, runs)
        cursor.execute("DROP TABLE bench_raw_contacts")
        raw.commit()
    finally:
        raw.close()
    return "raw psycopg insert + commit", times


def save_call(db: Database, runs: int) -> Result:
    baseline_name, baseline = raw_insert_baseline(db, runs)
    result = Result("save a call (log_contact, committed)", "≤ 3× raw insert", timed(saver(db), runs),
                    baseline_name, baseline)
    return within(result, ratio_limit=3.0)


# ---- global search --------------------------------------------------------------------------------

def search_queries(db: Database) -> dict[str, str]:
    """Real needles from the data: a phone, a room, a name, its pinyin initials, a 2- and a 3-character word."""
    from frontdesk.db.models import Person, PersonPhone

    with session(db) as s:
        person = s.execute(
            select(Person.name, Person.name_initials).where(func.length(Person.name) == 3).order_by(Person.id)
            .offset(500).limit(1)).one()
        phone = s.scalar(select(PersonPhone.phone).order_by(PersonPhone.id).offset(700).limit(1))
        code = s.scalar(select(Unit.code).order_by(Unit.id).offset(3000).limit(1))
    _phase, building, _entrance, room = code.split("-")
    return {"phone": phone, "room": f"{building}栋{int(room)}", "name": person.name,
            "pinyin": person.name_initials, "2-char word": "渗水", "3-char word": "下水道"}


def search_scenarios(db: Database) -> list[Scenario]:
    found = []
    for kind, needle in search_queries(db).items():
        def run(needle=needle):
            with session(db) as s:
                search.search(s, needle)

        found.append(Scenario(f"search {kind}", f"global search: {kind} “{needle}”", run, "≤ 10 ms p95",
                              p95_limit=0.010))
    return found


# ---- each tab's count + first page ------------------------------------------------------------------

def _first_page(count: Callable, fetch: Callable) -> Callable[[], None]:
    def run():
        total = count()
        if total:
            fetch()
    return run


def list_scenarios(db: Database) -> list[Scenario]:
    """What each tab asks for when it opens, with the filter it opens with."""
    from frontdesk.services import call_lists, collection_plan, collections, repair_lists, units, violations
    from frontdesk.services.training import sessions

    today = clock.today()
    month_ago = today - timedelta(days=30)
    with session(db) as s:
        collector = s.scalar(select(Staff.id).where(Staff.role == "收费员").order_by(Staff.id))

    def in_session(fn):
        def run():
            with session(db) as s:
                return fn(s)
        return run

    calls_month = call_lists.ContactFilter(date_from=month_ago, date_to=today)
    calls_all = call_lists.ContactFilter()
    arrears_all = collections.ArrearsFilter()
    arrears_mine = collections.ArrearsFilter(collector_id=collector)

    def arrears_page(filt, with_plan=False):
        def run(s):
            if with_plan:
                collection_plan.assignments(s)
            if collections.count_arrears(s, filt):
                collections.list_arrears(s, filt, 0, PAGE, "total", True)
            collections.arrears_totals(s, filt)
        return in_session(run)

    return [
        Scenario("calls month", "来电来访 ledger, last 30 days: count + first page",
                 _first_page(in_session(lambda s: call_lists.count_contacts(s, calls_month)),
                             in_session(lambda s: call_lists.list_contacts(s, calls_month, 0, PAGE, "occurred_at", True))),
                 "≤ 100 ms", median_limit=0.100),
        Scenario("calls all", "来电来访 ledger, all history: count + first page",
                 _first_page(in_session(lambda s: call_lists.count_contacts(s, calls_all)),
                             in_session(lambda s: call_lists.list_contacts(s, calls_all, 0, PAGE, "occurred_at", True))),
                 "≤ 100 ms", median_limit=0.100),
        Scenario("repairs", "报修维修 orders (tab's opening filter): count + first page",
                 _first_page(in_session(lambda s: repair_lists.count_orders(s, repair_lists.RepairFilter())),
                             in_session(lambda s: repair_lists.list_orders(s, repair_lists.RepairFilter(), 0, PAGE,
                                                                           "reported_at", True))),
                 "≤ 100 ms", median_limit=0.100),
        Scenario("arrears", "收费催缴 欠费 list: count + first page + totals", arrears_page(arrears_all),
                 "≤ 100 ms", median_limit=0.100),
        Scenario("arrears plan", "收费催缴 催缴计划: buildings + a collector's count + first page + totals",
                 arrears_page(arrears_mine, with_plan=True), "≤ 100 ms", median_limit=0.100),
        Scenario("violations", "违章整改 list: count + first page",
                 _first_page(in_session(lambda s: violations.count_violations(s, violations.ViolationFilter())),
                             in_session(lambda s: violations.list_violations(s, violations.ViolationFilter(), 0, PAGE,
                                                                             "found_date", True))),
                 "≤ 100 ms", median_limit=0.100),
        Scenario("units", "房屋档案 list: count + first page",
                 _first_page(in_session(lambda s: units.count_units(s, units.UnitFilter())),
                             in_session(lambda s: units.list_units(s, units.UnitFilter(), 0, PAGE, "code", False))),
                 "≤ 100 ms", median_limit=0.100),
        Scenario("training", "培训考核 sessions of this year: count + first page",
                 _first_page(in_session(lambda s: sessions.count_sessions(s, today.year)),
                             in_session(lambda s: sessions.list_sessions(s, today.year, 0, PAGE))),
                 "≤ 100 ms", median_limit=0.100),
    ]


# ---- statistics ------------------------------------------------------------------------------------

def last_month(today: date | None = None) -> str:
    today = today or clock.today()
    return f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"


def stats_scenarios(db: Database) -> list[Scenario]:
    from frontdesk.services import stats

    def figures(period_text: str, parse) -> Callable[[], None]:
        def run():
            with session(db, read_only=True) as s:
                period = parse(period_text)
                for p in (period, period.previous(), period.year_ago()):
                    stats.to_json(stats.compute(s, p))
        return run

    month, year = last_month(), str(clock.today().year - 1)
    return [
        Scenario("stats month", f"stats {month} in-process (month, previous, a year ago)",
                 figures(month, stats.parse_month), "≤ 150 ms", median_limit=0.150),
        Scenario("stats year", f"stats {year} in-process (year, previous, a year ago)",
                 figures(year, stats.parse_year), "≤ 500 ms", median_limit=0.500, most_runs=3),
    ]


def yearly_report_gather(db: Database) -> Callable[[], None]:
    """What the yearly export gathers before it writes (stats.report of last year, lists included)."""
    from frontdesk.services import stats

    year = str(clock.today().year - 1)

    def run():
        with session(db, read_only=True) as s:
            stats.report(s, stats.parse_year(year))
    return run


# ---- the database ------------------------------------------------------------------------------

def bring_up_to_date(db: Database) -> None:
    """Upgrade a working copy built by an older version (the data migrations fill what the newer
    schema derives), as the desk does when it opens it; never timed."""
    from frontdesk.db import migrate

    result = migrate.upgrade(db)
    if result.upgraded:
        print(f"… upgraded the working copy from {result.before} to {result.after}", file=sys.stderr, flush=True)


# ---- running them ----------------------------------------------------------------------------------

GROUPS = ("save", "search", "lists", "stats")


def scenarios(db: Database, groups: tuple[str, ...] = GROUPS) -> list[Scenario]:
    found: list[Scenario] = []
    if "search" in groups:
        found += search_scenarios(db)
    if "lists" in groups:
        found += list_scenarios(db)
    if "stats" in groups:
        found += stats_scenarios(db)
    return found


def measure(db: Database, runs: int, groups: tuple[str, ...] = GROUPS,
            keys: tuple[str, ...] | None = None) -> dict[str, Result]:
    """Every scenario of `groups` (only `keys`, if given) by key, `runs` times each after one warm-up;
    the save beside its raw floor."""
    results = {}
    if "save" in groups and (keys is None or "save" in keys):
        results["save"] = save_call(db, max(runs, 30))
    for scenario in scenarios(db, groups):
        if keys is not None and scenario.key not in keys:
            continue
        count = max(runs, 20) if scenario.key.startswith("search") else runs
        if scenario.most_runs:
            times = timed(scenario.run, min(count, scenario.most_runs), warmup=0)
        else:
            times = timed(scenario.run, count)
        result = Result(scenario.title, scenario.goal, times)
        results[scenario.key] = within(result, p95_limit=scenario.p95_limit, median_limit=scenario.median_limit)
    return results


def measure_side_by_side(dbs: dict[str, Database], runs: int,
                         groups: tuple[str, ...] = GROUPS) -> dict[str, dict[str, Result]]:
    """The same scenarios on several databases, their runs interleaved (one run on each in turn), so
    a shared machine's changing load weighs on every database alike; {label: {key: Result}}."""
    from time import perf_counter

    found: dict[str, dict[str, Scenario]] = {label: {} for label in dbs}
    baselines: dict[str, tuple[str, list[float]]] = {}
    save_runs = max(runs, 30)
    for label, db in dbs.items():
        if "save" in groups:
            found[label]["save"] = Scenario("save", "save a call (log_contact, committed)", saver(db),
                                            "≤ 3× raw insert")
            baselines[label] = raw_insert_baseline(db, save_runs)
        found[label].update((s.key, s) for s in scenarios(db, groups))
    results: dict[str, dict[str, Result]] = {label: {} for label in dbs}
    for key in dict.fromkeys(k for label in dbs for k in found[label]):
        present = [label for label in dbs if key in found[label]]
        first = found[present[0]][key]
        count = save_runs if key == "save" else max(runs, 20) if key.startswith("search") else runs
        if first.most_runs:
            count = min(count, first.most_runs)
        else:
            for label in present:  # warm each once, untimed
                found[label][key].run()
        times: dict[str, list[float]] = {label: [] for label in present}
        for _ in range(count):
            for label in present:
                started = perf_counter()
                found[label][key].run()
                times[label].append(perf_counter() - started)
        for label in present:
            scenario = found[label][key]
            if key == "save":
                name, baseline = baselines[label]
                results[label][key] = within(Result(scenario.title, scenario.goal, times[label], name, baseline),
                                             ratio_limit=3.0)
            else:
                results[label][key] = within(Result(scenario.title, scenario.goal, times[label]),
                                             p95_limit=scenario.p95_limit, median_limit=scenario.median_limit)
    return results


def variant(db: Database) -> dict:
    """What database this is: backend, years of history, estates (phases numbered on, three an estate)."""
    with session(db) as s:
        first, last = s.execute(text("SELECT min(occurred_at), max(occurred_at) FROM contacts")).one()
        phases = s.scalar(select(func.max(Unit.phase))) or 0
        units = s.scalar(select(func.count()).select_from(Unit))
        training = s.scalar(text("SELECT count(*) FROM training_sessions"))
    first_year = _year(first)
    last_year = _year(last)
    return {"backend": "sqlite" if db.is_sqlite else "postgresql",
            "years": (last_year - first_year + 1) if first_year and last_year else 0,
            "estates": max(1, -(-phases // 3)), "units": units, "training_sessions": training}


def _year(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.year
    return int(str(value)[:4])
