"""Ten years at the desk: the benchmark database, built by the project's own demo generators.

Usage: python benchmarks/make_dataset.py --years 10 --out /tmp/bench/ten-years.db
       python benchmarks/make_dataset.py --years 10 --estates 5 --out postgresql+psycopg://…/five

~5,000 units and their owners, then year by year the calls and visits (seasonal peaks, repeat
callers), the repair orders made from the 报修 calls, the violations and notices, then ten years
of bills and payments (whole buildings owing much more than others) and the training records when
that desk's demo exists. Not part of the test suite.

`--estates N` makes a company of N such estates on one database: the model has no estate of its
own (one database is one company's desk; the estate is the company's 项目 in the settings), so the
estates are told apart by their phases, numbered on (一至三期 the first estate, 四至六期 the
second, …, each built, handed over and paying like the first), with N times the calls, visits,
repair orders and violations. `--out` takes a SQLite file or a database URL (an empty PostgreSQL
database: generating straight into it spares a `migrate-to` afterwards).
"""

from __future__ import annotations

import argparse
import inspect
import random
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from frontdesk.db import migrate
from frontdesk.db.engine import Database
from frontdesk.db.sequences import reset_sequences
from frontdesk.services import clock, settings
from frontdesk.services.demo import DEMO_COMPANY, DemoScale, accounts, contacts, repairs, roster

# 3 phases: 22/26/20 buildings of 11/18/26 floors, 4 homes a floor → ~4,900 units.
# 71 contacts a day (42 calls, 18 visits, 11 return visits) → ~26,000 a year.
TEN_YEAR_SCALE = DemoScale((22, 26, 20), (11, 18, 26), 42, 18)
REPAIR_SHARE = 1.0  # the seed desk's ~10,300 repair orders a year
ACTOR = "演示数据"


def _optional(module: str):
    """A desk's demo module, or None while that desk has not landed yet."""
    try:
        return __import__(f"frontdesk.services.demo.{module}", fromlist=["_"])
    except ImportError:
        return None


def estates_scale(estates: int) -> DemoScale:
    """N estates shaped like the ten-year one, their phases numbered on, N times the desk's traffic."""
    one = TEN_YEAR_SCALE
    return DemoScale(one.buildings_per_phase * estates, one.floors_per_phase * estates,
                     one.calls_per_day * estates, one.visits_per_day * estates)


def _year_scale(year: int, today: date, scale: DemoScale) -> DemoScale:
    if year < today.year:
        return scale  # the whole calendar year
    days = (today - date(year, 1, 1)).days + 1  # this year: 1 January up to today
    return DemoScale(scale.buildings_per_phase, scale.floors_per_phase, scale.calls_per_day, scale.visits_per_day,
                     days=days)


class _Steps:
    def __init__(self):
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f}s] {message}", file=sys.stderr, flush=True)


def build(url: str, years: int, estates: int = 1, seed: int = 20261125,
          training_years: int | None = None) -> dict[str, int]:
    step = _Steps()
    db = Database(url)
    if not db.is_sqlite:
        _commit_without_waiting(db)
    migrate.upgrade(db)
    scale = estates_scale(estates)
    today = clock.today()
    first_year = today.year - years + 1
    rng = random.Random(seed)
    with db.session(ACTOR, system=True) as session:
        settings.seed_lists(session)
        for key, value in DEMO_COMPANY.items():  # letters and notices refuse without a company
            settings.put(session, key, value)
        if estates > 1:
            settings.put(session, "fee_items", _priced_for(settings.get(session, "fee_items"), estates))
        staff = roster.make_staff(session)
        accounts.make_accounts(session, staff)
        units, persons = roster.make_units(session, rng, today.year, scale)
    step(f"房屋 {units} 套，住户 {persons} 人")
    violations = _optional("violations")
    for year in range(first_year, today.year + 1):
        year_scale = _year_scale(year, today, scale)
        with db.session(ACTOR, system=True) as session:
            made = contacts.make_contacts(session, rng, year, year_scale, staff)
            orders = repairs.make_repairs(session, rng, year, year_scale, staff, share=REPAIR_SHARE * estates)
            found = sum(violations.make_violations(session, rng, year, year_scale, staff)
                        for _ in range(estates)) if violations else 0  # a patrol's yearly findings per estate
        step(f"{year} 年：来电来访 {made} 条，报修单 {orders} 张，违章 {found} 起")
    _collections(db, rng, staff, years, step)
    # The training desk confirms each month's assessment, reading the month's work back: at twenty
    # years or five estates that step alone takes the better part of an hour, so it can be limited.
    if training_years != 0:
        _training(db, rng, staff, max(first_year, today.year - (training_years or years) + 1), step)
    with db.engine.begin() as connection:  # rows carry their own ids: PostgreSQL's sequences must move past them
        reset_sequences(connection)
    counts = table_counts(db)
    db.dispose()
    step("完成：" + "，".join(f"{name} {n}" for name, n in counts.items()))
    return counts


def _commit_without_waiting(db: Database) -> None:
    """PostgreSQL: this process's commits do not wait for the disk (the generator commits thousands of
    times through the services; a crash midway means starting again anyway). The desks' own sessions
    are not affected."""
    from sqlalchemy import event

    @event.listens_for(db.engine, "connect")
    def _no_wait(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        dbapi_connection.commit()


def _priced_for(fee_items: list[dict], estates: int) -> list[dict]:
    """The fee items with every estate's phases priced as the first estate's (prices are per phase)."""
    priced = []
    for item in fee_items:
        prices = {int(phase): price for phase, price in item.get("prices", {}).items()}
        every = {str(phase): prices[roster.phase_shape(phase)] for phase in range(1, 3 * estates + 1)
                 if roster.phase_shape(phase) in prices}
        priced.append({**item, "prices": every})
    return priced


def _collections(db: Database, rng: random.Random, staff, years: int, step) -> None:
    module = _optional("collections")
    if module is None:
        return
    kwargs = {"years": years} if "years" in inspect.signature(module.make_collections).parameters else {}
    with db.session(ACTOR, system=True) as session:
        payments = module.make_collections(session, rng, None, staff, **kwargs)
    step(f"收费：收款 {payments} 笔（{kwargs.get('years', 2)} 年账单）")


def _training(db: Database, rng: random.Random, staff, first_year: int, step) -> None:
    module = _optional("training")
    maker = getattr(module, "make_training", None)
    if maker is None:
        return
    with db.session(ACTOR, system=True) as session:  # one call: from 1 January of the first year up to today
        sessions = maker(session, rng, first_year, TEN_YEAR_SCALE, staff)
    step(f"培训考核：培训 {sessions} 场")


def table_counts(db: Database) -> dict[str, int]:
    from frontdesk.db.models import Charge, Contact, Payment, RepairOrder, Unit

    with db.session(ACTOR, system=True) as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (Unit, Contact, RepairOrder, Charge, Payment)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--estates", type=int, default=1, help="estates of the ten-year shape on one database")
    parser.add_argument("--out", required=True, help="a SQLite file, or the URL of an empty PostgreSQL database")
    parser.add_argument("--training-years", type=int, help="training records of the last N years only, 0 for "
                        "none (default: every year; the monthly assessments are the generator's slowest step: "
                        "each reads the collectors' whole charge history)")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args()
    if "://" in args.out:
        if not _is_empty(args.out):
            parser.error(f"{args.out} already has tables: give an empty database")
        build(args.out, args.years, args.estates, training_years=args.training_years)
        return 0
    out = Path(args.out)
    if out.exists():
        if not args.force:
            parser.error(f"{out} already exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    build(f"sqlite:///{out.resolve()}", args.years, args.estates, training_years=args.training_years)
    return 0


def _is_empty(url: str) -> bool:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return not inspect(connection).get_table_names()
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
