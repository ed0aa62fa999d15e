"""Ten years at the desk: the benchmark database, built by the project's own demo generators.

Usage: python benchmarks/make_dataset.py --years 10 --out /tmp/bench/ten-years.db

~5,000 units and their owners, then year by year the calls and visits (seasonal peaks, repeat
callers), the repair orders made from the 报修 calls, the violations and notices, then ten years
of bills and payments (whole buildings owing much more than others) and the training records when
that desk's demo exists. Not part of the test suite.
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


def _year_scale(year: int, today: date) -> DemoScale:
    if year < today.year:
        return TEN_YEAR_SCALE  # the whole calendar year
    days = (today - date(year, 1, 1)).days + 1  # this year: 1 January up to today
    return DemoScale(TEN_YEAR_SCALE.buildings_per_phase, TEN_YEAR_SCALE.floors_per_phase,
                     TEN_YEAR_SCALE.calls_per_day, TEN_YEAR_SCALE.visits_per_day, days=days)


class _Steps:
    def __init__(self):
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f}s] {message}", file=sys.stderr, flush=True)


def build(out: Path, years: int, seed: int = 20261125) -> dict[str, int]:
    step = _Steps()
    db = Database(f"sqlite:///{out}")
    migrate.upgrade(db)
    today = clock.today()
    first_year = today.year - years + 1
    rng = random.Random(seed)
    with db.session(ACTOR, system=True) as session:
        settings.seed_lists(session)
        for key, value in DEMO_COMPANY.items():  # letters and notices refuse without a company
            settings.put(session, key, value)
        staff = roster.make_staff(session)
        accounts.make_accounts(session, staff)
        units, persons = roster.make_units(session, rng, today.year, TEN_YEAR_SCALE)
    step(f"房屋 {units} 套，住户 {persons} 人")
    violations = _optional("violations")
    for year in range(first_year, today.year + 1):
        scale = _year_scale(year, today)
        with db.session(ACTOR, system=True) as session:
            made = contacts.make_contacts(session, rng, year, scale, staff)
            orders = repairs.make_repairs(session, rng, year, scale, staff, share=REPAIR_SHARE)
            found = violations.make_violations(session, rng, year, scale, staff) if violations else 0
        step(f"{year} 年：来电来访 {made} 条，报修单 {orders} 张，违章 {found} 起")
    _collections(db, rng, staff, years, step)
    _training(db, rng, staff, first_year, step)
    counts = table_counts(db)
    db.dispose()
    step("完成：" + "，".join(f"{name} {n}" for name, n in counts.items()))
    return counts


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
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args()
    if args.out.exists():
        if not args.force:
            parser.error(f"{args.out} already exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build(args.out, args.years)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
