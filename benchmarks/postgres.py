"""The same desk scenarios on SQLite and on PostgreSQL, side by side.

Usage: python benchmarks/postgres.py [--db /work/bench/ten.db] [--cache /work/bench] [--runs 5]
                                     [--only save search lists stats] [--fresh] [--out benchmarks/postgres.json]

Starts a local PostgreSQL server (durable: fsync and synchronous_commit on, as SQLite's
synchronous=FULL), moves the SQLite database into it with the product's own `frontdesk migrate-to`
and times the in-process scenarios of desk_scenarios.py on both: save a call (each beside its raw
driver insert + commit on the same backend), the six searches, each tab's count + first page, the
arrears lists, a month's and a year's statistics. By default the server lives in --cache/pg and
the migrated database is kept there for the next run (migrate-to of ten years takes minutes); the
server is stopped afterwards if this run started it. `--fresh` uses a throw-away server in a
temporary directory instead (migrated again, removed at the end). Both databases are measured on
working copies. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import datasets  # noqa: E402
import desk_scenarios  # noqa: E402
from frontdesk.db.engine import Database  # noqa: E402
from pg_server import PgServer  # noqa: E402
from run import machine  # noqa: E402
from timing import Result, _ms  # noqa: E402


class WorkingCopies:
    """A SQLite copy and a PostgreSQL copy (CREATE DATABASE … TEMPLATE) of the same database, dropped after."""

    def __init__(self, sqlite_source: Path, pg: PgServer, pg_source: str, scratch: Path):
        self.sqlite_path = scratch / f"work-{sqlite_source.name}"
        datasets.copy_sqlite(sqlite_source, self.sqlite_path)
        self.pg, self.pg_name = pg, f"{pg_source}_work"
        pg.admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        pg.admin(f'CREATE DATABASE "{self.pg_name}" TEMPLATE "{pg_source}"')
        self.sqlite_url = f"sqlite:///{self.sqlite_path}"
        self.pg_url = pg.url(self.pg_name)

    def close(self) -> None:
        self.pg.admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)


def start_server(cache: Path, fresh: bool) -> tuple[PgServer, bool]:
    """The server and whether this run started it (and so stops it)."""
    pg = PgServer() if fresh else PgServer(cache / "pg")
    was_running = pg.running()
    pg.start()
    return pg, not was_running


def measure_both(copies: WorkingCopies, runs: int, groups: tuple[str, ...]) -> dict[str, dict[str, Result]]:
    """Both backends, their runs interleaved (the machine's load weighs on both alike)."""
    dbs = {"SQLite": Database(copies.sqlite_url), "PostgreSQL": Database(copies.pg_url)}
    try:
        for db in dbs.values():
            desk_scenarios.bring_up_to_date(db)
        print("… measuring SQLite and PostgreSQL in turn", file=sys.stderr, flush=True)
        return desk_scenarios.measure_side_by_side(dbs, runs, groups)
    finally:
        for db in dbs.values():
            db.dispose()


def side_by_side(measured: dict[str, dict[str, Result]]) -> tuple[str, list[dict]]:
    lite, pg = measured["SQLite"], measured["PostgreSQL"]
    lines = ["| scenario | SQLite median | SQLite p95 | PostgreSQL median | PostgreSQL p95 | PG ÷ SQLite | goal "
             "| met SQLite / PG |", "|---|---|---|---|---|---|---|---|"]
    rows = []
    met = {True: "yes", False: "**no**", None: "—"}
    for key in dict.fromkeys([*lite, *pg]):
        a, b = lite.get(key), pg.get(key)
        ref = a or b
        title = ref.scenario
        ratio = b.median / a.median if a and b and a.median and b.median else None
        lines.append(f"| {title} | {_ms(a.median if a else None)} | {_ms(a.p95 if a else None)} "
                     f"| {_ms(b.median if b else None)} | {_ms(b.p95 if b else None)} "
                     f"| {f'{ratio:.2f}×' if ratio else '—'} | {ref.goal} "
                     f"| {met[a.ok if a else None]} / {met[b.ok if b else None]} |")
        if key == "save":
            for r, backend in ((a, "SQLite"), (b, "PostgreSQL")):
                if r and r.baseline_name:
                    lines.append(f"| ↳ baseline on {backend}: {r.baseline_name} | "
                                 + (f"{_ms(r.baseline_median)} | | | | " if backend == "SQLite"
                                    else f" | | {_ms(r.baseline_median)} | | ")
                                 + f"save ÷ raw {r.ratio:.1f}× | | |")
        rows.append({"key": key, "scenario": title, "sqlite": a.as_json() if a else None,
                     "postgresql": b.as_json() if b else None, "pg_over_sqlite": ratio})
    return "\n".join(lines), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="the SQLite database (default: the cache's ten.db, built if missing)")
    parser.add_argument("--cache", type=Path, default=datasets.DEFAULT_CACHE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=desk_scenarios.GROUPS, default=list(desk_scenarios.GROUPS))
    parser.add_argument("--fresh", action="store_true", help="a throw-away server, migrated again and removed after")
    parser.add_argument("--out", type=Path, default=HERE / "postgres.json")
    args = parser.parse_args()
    info = machine()
    started = time.perf_counter()
    source = args.db or datasets.ensure_sqlite(args.cache, 10)
    pg, started_here = start_server(args.cache, args.fresh)
    try:
        pg_source = source.stem.replace("-", "_").replace(".", "_")
        migrate_started = time.perf_counter()
        datasets.ensure_postgres(pg, source, pg_source)
        marker = pg.base / f"{pg_source}.migrated"
        migrate_note = marker.read_text().strip() if marker.exists() else f"{time.perf_counter() - migrate_started:.0f} s"
        with tempfile.TemporaryDirectory(prefix="bench-pg-", dir=args.cache) as tmp:
            os.environ.setdefault("FRONTDESK_HOME", str(Path(tmp) / "home"))
            copies = WorkingCopies(source, pg, pg_source, Path(tmp))
            try:
                db = Database(copies.sqlite_url)
                variant = desk_scenarios.variant(db)
                db.dispose()
                measured = measure_both(copies, args.runs, tuple(args.only))
            finally:
                copies.close()
        server_version = _server_version(pg)
    finally:
        if started_here:
            pg.stop()
    info["load_after"] = os.getloadavg()
    info["seconds"] = round(time.perf_counter() - started, 1)
    info["postgresql"] = server_version
    text, rows = side_by_side(measured)
    print(text)
    print(f"\n{source.name}: {variant['years']} years, {variant['units']:,} units; moved with `frontdesk migrate-to` "
          f"({migrate_note}); PostgreSQL {server_version} on the same machine, durable (fsync, synchronous_commit on)")
    print(f"{info['cores']} cores, {info['cpu']}; Python {info['python']}, SQLite {info['sqlite']}; "
          f"load average before {info['load_before'][0]:.2f}, after {info['load_after'][0]:.2f}; {info['seconds']:.0f} s")
    args.out.write_text(json.dumps({"machine": info, "database": str(source), "variant": variant,
                                    "migrate_to": migrate_note, "rows": rows}, ensure_ascii=False, indent=1,
                                   default=str), encoding="utf-8")
    return 0


def _server_version(pg: PgServer) -> str:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=pg.port, user="postgres", dbname="postgres") as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


if __name__ == "__main__":
    raise SystemExit(main())
