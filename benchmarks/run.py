"""Measure the desk's scenarios on a database (normally the ten-year one from make_dataset.py).

Usage: python benchmarks/run.py --db FILE|URL [--runs N] [--only NAME ...] [--out benchmarks/results.json]

Works on a copy of the database (saving calls and letters write to it): a SQLite file is copied, a
PostgreSQL database is copied on its server (CREATE DATABASE … TEMPLATE; where that is not allowed
it is measured in place and a few calls are added to it). Prints a Markdown table with min/median/
p95, the baseline measured in the same run beside its scenario and the ratio, the machine and its
load before and after, and writes results.json with the same and the database variant (backend,
years of history, estates, units). Not part of the test suite.

The full run (what README's tables come from), from the repository root with
PYTHONPATH=src and the project's Python; ~2 minutes per command unless said:

  1. python benchmarks/datasets.py --years 1 3 20
     python benchmarks/datasets.py --years 10 --estates 5 --postgres
       build what is missing in /work/bench (one/three/twenty.db; ten.db, five-estates.db) and move
       the last two into the PostgreSQL server kept in /work/bench/pg; nothing when all are there
       (from scratch, 2 cores under load 5-9: twenty ~35 min, five estates ~60 min; migrate-to
       of ten years 15 min, of five estates over an hour)
  2. python benchmarks/run.py --db /work/bench/ten.db                                  (~10 min)
  3. python benchmarks/growth.py --years 1 3 10 20                                     (~10 min)
  4. python benchmarks/postgres.py                                                     (~5 min)
  5. python benchmarks/concurrency.py                                                  (~10 min)
  6. python benchmarks/run.py --db five-estates --only save search lists arrears month stats --out benchmarks/results-five-estates.json
       (`--db five-estates` is the five-estate database in the cache's PostgreSQL server; a file
       path runs it on SQLite instead)                                                 (~10 min)
Each prints its Markdown table and writes its JSON beside this file (results.json, growth.json,
postgres.json, concurrency.json). Run them one after another, never together: the machine's two
cores are the measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import bench_documents  # noqa: E402
import bench_services  # noqa: E402
import startup  # noqa: E402
from frontdesk.db.engine import Database  # noqa: E402
from timing import Result, table, within  # noqa: E402

SCENARIOS = ("startup", "save", "search", "tabs", "lists", "arrears", "month", "stats", "reports", "letters", "import")
ARREARS_KEYS = ("arrears", "arrears plan")


def machine() -> dict:
    """The machine and how busy it is (the load average before; callers add the one after)."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), None)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
            "load_before": os.getloadavg(), "busiest_processes": _busiest()}


def _busiest(count: int = 5) -> list[str]:
    """What else was running (the machine is shared): the processes using the most CPU right now."""
    done = subprocess.run(["ps", "-eo", "pcpu,args", "--sort=-pcpu", "--no-headers"], capture_output=True, text=True)
    return [" ".join(line.split())[:120] for line in done.stdout.splitlines()[:count]]


def startup_results(db_path: Path | str, runs: int, home: Path) -> list[Result]:
    """Start → sign-in shown, sign-in → first tab, the whole `gui --smoke` (startup.smoke_rows)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTDESK_HOME=str(home), FRONTDESK_DB=str(db_path))
    return startup.smoke_rows(env, runs)


def _gui_probe(db_url: str, runs: int, home: Path) -> tuple[dict | None, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTDESK_HOME=str(home))
    done = subprocess.run([sys.executable, str(HERE / "gui_probe.py"), db_url, str(runs)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"probe exited with {done.returncode}: " + " | ".join(done.stderr.strip().splitlines()[-3:])
    return json.loads(done.stdout), ""


def gui_results(db_url: str, runs: int, home: Path) -> list[Result]:
    probe, failure = _gui_probe(db_url, runs, home)
    if probe is None:  # report the failure as a row instead of losing every other scenario
        return [Result("open each tab / scroll / memory (GUI probe)", "runs", ok=False, value="failed", note=failure)]
    # A second start on the same database: what a tab's first show costs once the figures of the months
    # already over have been computed and kept (db/closed_figures.py) by an earlier look at them.
    later, _failure = _gui_probe(db_url, 1, home)
    found = []
    for title, tab in probe["tabs"].items():
        found.append(within(Result(f"open tab {title}: first show (build + load)", "≤ 100 ms", [tab["first_open"]]),
                            median_limit=0.100))
        if tab["with_background"] - tab["first_open"] > 0.01:
            found.append(within(Result(f"open tab {title}: until its background work is done (first time on this "
                                       "database)", "≤ 150 ms", [tab["with_background"]]), median_limit=0.150))
            again = (later or {}).get("tabs", {}).get(title)
            if again is not None:
                found.append(within(Result(f"open tab {title}: until its background work is done (a later start)",
                                           "≤ 150 ms", [again["with_background"]]), median_limit=0.150))
        if tab["model_refresh"]:
            found.append(within(Result(f"open tab {title}: count + first page of its {tab['models']} list(s)",
                                       "≤ 100 ms", tab["model_refresh"]), median_limit=0.100))
        found.append(within(Result(f"open tab {title}: load() again", "≤ 100 ms", tab["load"]), median_limit=0.100))
    prebuild = probe.get("prebuild")
    if prebuild:
        found.append(Result("other tabs built in idle time after the first (total; longest the window went unanswered)",
                            "window answers within 50 ms", [prebuild["seconds"]], ok=prebuild["all_built"] and prebuild["longest_stall_s"] < 0.05,
                            value=f"{prebuild['seconds'] * 1000:.0f} ms; longest stall {prebuild['longest_stall_s'] * 1000:.0f} ms",
                            note="" if prebuild["all_built"] else "not all built within the idle time"))
    scroll = probe.get("scroll")
    if scroll:
        grew = scroll["traced_end_mb"]
        rss_growth = scroll["rss_end_mb"] - scroll["rss_start_mb"]
        found.append(Result(
            f"scroll the calls ledger to the end ({scroll['rows']:,} rows, {scroll['pages']} pages)", "memory flat",
            [scroll["seconds"]], ok=grew < 50 and rss_growth < 50,
            value=f"+{rss_growth:.0f} MB RSS, {grew:.0f} MB held by Python",
            note=json.dumps(scroll["samples"][-5:])))
    found.append(Result("resident memory, ten-year db open, every tab visited", "≤ 150 MB",
                        ok=probe["rss_all_tabs_mb"] <= 150, value=f"{probe['rss_all_tabs_mb']:.0f} MB",
                        note=f"window alone {probe['rss_window_mb']:.0f} MB"))
    return found


def desk_rows(db: Database, runs: int, groups: tuple[str, ...], keys: tuple[str, ...] | None = None,
              skip: tuple[str, ...] = ()) -> list[Result]:
    """Rows from desk_scenarios (the same on SQLite and PostgreSQL), optionally only some keys."""
    import desk_scenarios

    measured = desk_scenarios.measure(db, runs, groups, keys)
    return [result for key, result in measured.items() if key not in skip]


class WorkingDatabase:
    """A copy of the database to measure on: a SQLite file copied into `tmp`, or a PostgreSQL database
    copied on its own server (CREATE DATABASE … TEMPLATE), dropped afterwards."""

    def __init__(self, db_arg: str, tmp: Path):
        from frontdesk import config

        self.source = resolve_db(db_arg)
        self.path: Path | None = None
        self.pg_copy: tuple[str, str] | None = None
        if "://" not in self.source:
            import datasets

            self.path = datasets.copy_sqlite(Path(self.source), tmp / "work.db")
            self.url = f"sqlite:///{self.path}"
            return
        self.url = config.normalize_db_url(self.source)
        self.pg_copy = _pg_template_copy(self.url)
        if self.pg_copy:
            self.url = self.pg_copy[1]
        else:
            print("（无法在服务器上复制数据库：直接在原库上测量，保存来电的场景会在其中添加记录）", file=sys.stderr)

    def close(self) -> None:
        if self.pg_copy:
            _pg_admin(self.pg_copy[1], f'DROP DATABASE IF EXISTS "{self.pg_copy[0]}" WITH (FORCE)')


def resolve_db(db_arg: str) -> str:
    """A file, a URL, or the name of a database in the benchmark cache's PostgreSQL server
    (`five-estates`, `ten`: what datasets.py --postgres put there)."""
    if "://" in db_arg or Path(db_arg).exists():
        return db_arg
    import datasets

    pg = datasets.server(datasets.DEFAULT_CACHE)
    name = db_arg.removesuffix(".db").replace("-", "_")
    if not (pg.base / f"{name}.migrated").exists() or not pg.has_database(name):  # absent, or still being moved
        raise SystemExit(f"{db_arg}: neither a file nor a database moved into {pg.base} "
                         "(build it with datasets.py --postgres)")
    return pg.url(name)


def _pg_admin(url: str, sql: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
        return True
    except SQLAlchemyError as exc:
        print(f"({str(getattr(exc, 'orig', exc)).splitlines()[0]})", file=sys.stderr)
        return False
    finally:
        engine.dispose()


def _pg_template_copy(url: str) -> tuple[str, str] | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    copy = f"{parsed.database}_bench_work"
    _pg_admin(url, f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    if not _pg_admin(url, f'CREATE DATABASE "{copy}" TEMPLATE "{parsed.database}"'):
        return None
    return copy, parsed.set(database=copy).render_as_string(hide_password=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a SQLite file, a database URL, or a database of the cache's "
                                                    "PostgreSQL server by name (five-estates)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    info = machine()
    started = time.perf_counter()
    results: list[Result] = []
    with bench_documents.scratch() as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        home.mkdir()
        os.environ["FRONTDESK_HOME"] = str(home)
        work = WorkingDatabase(args.db, tmp)
        try:
            db = Database(work.url)
            import desk_scenarios

            desk_scenarios.bring_up_to_date(db)
            variant = {**desk_scenarios.variant(db), "database": str(work.source)}
            sqlite = work.path is not None
            target = work.path if sqlite else work.url
            steps = {
                "startup": lambda: startup_results(target, args.runs, home),
                # SQLite keeps its own rows (raw sqlite3 and FTS5 floors); PostgreSQL's floor is its own raw insert.
                "save": (lambda: [bench_services.save_call(db, max(args.runs, 30))]) if sqlite else
                        (lambda: desk_rows(db, args.runs, ("save",))),
                "search": (lambda: bench_services.global_search(db, max(args.runs, 20))) if sqlite else
                          (lambda: desk_rows(db, args.runs, ("search",))),
                "tabs": lambda: gui_results(work.url, args.runs, home),
                "lists": lambda: desk_rows(db, args.runs, ("lists",), skip=ARREARS_KEYS),
                "arrears": (lambda: [bench_services.arrears_lists(db, max(args.runs, 10))]) if sqlite else
                           (lambda: desk_rows(db, args.runs, ("lists",), keys=ARREARS_KEYS)),
                "month": lambda: desk_rows(db, args.runs, ("stats",), keys=("stats month",)),
                "stats": (lambda: [*bench_services.stats_periods(db, args.runs),
                                   *[r for r in (bench_documents.stats_cli(work.path, args.runs),) if r]]) if sqlite else
                         (lambda: desk_rows(db, args.runs, ("stats",))),
                "reports": lambda: bench_documents.reports(db, args.runs, tmp),
                "letters": lambda: [r for r in (bench_documents.letters(db, args.runs, tmp),) if r],
                "import": lambda: [bench_documents.import_units(min(args.runs, 3), tmp)],
            }
            for name in args.only:
                print(f"… {name}", file=sys.stderr, flush=True)
                results.extend(steps[name]())
            db.dispose()
        finally:
            work.close()
    info["load_after"] = os.getloadavg()
    info["seconds"] = round(time.perf_counter() - started, 1)
    print(table(results))
    print(f"\n{variant['backend']}, {variant['years']} years, {variant['estates']} estate(s), {variant['units']:,} units "
          f"({variant['database']})")
    print(f"{info['cores']} cores, {info['cpu']}; Python {info['python']}, SQLite {info['sqlite']}; "
          f"load average before {info['load_before'][0]:.2f}, after {info['load_after'][0]:.2f}; {info['seconds']:.0f} s")
    args.out.write_text(json.dumps({"machine": info, "database": str(work.source), "variant": variant,
                                    "results": [r.as_json() for r in results]}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
    missed = [r.scenario for r in results if r.ok is False]
    print(f"missed: {len(missed)}" + ("".join(f"\n  - {m}" for m in missed) if missed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
