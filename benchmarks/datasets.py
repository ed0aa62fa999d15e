"""The benchmark databases: built once by make_dataset.py, kept in a cache directory, reused after.

Usage: python benchmarks/datasets.py [--cache /work/bench] [--years 1 3 10 20] [--estates 5] [--postgres]

SQLite files are named by their years (one.db, three.db, ten.db, twenty.db; other years N-years.db),
a company of several estates five-estates.db (ten years each). `--postgres` also moves each into the
cache's PostgreSQL server (cache/pg, started if it is not running, left running) with the product's
own `frontdesk migrate-to`, once: a database that is already there is reused. Files already in the
cache are never written to; the benchmarks work on copies.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from pg_server import PgServer  # noqa: E402

DEFAULT_CACHE = Path("/work/bench")
TRAINING_YEARS = 3
NAMES = {1: "one", 2: "two", 3: "three", 5: "five", 10: "ten", 20: "twenty"}


def file_name(years: int, estates: int = 1) -> str:
    if estates > 1:
        return f"{NAMES.get(estates, estates)}-estates.db" if years == 10 else f"{estates}-estates-{years}-years.db"
    return f"{NAMES[years]}.db" if years in NAMES else f"{years}-years.db"


def pg_name(years: int, estates: int = 1) -> str:
    """The PostgreSQL database a SQLite file is moved into (one.db → one, five-estates.db → five_estates)."""
    return file_name(years, estates).removesuffix(".db").replace("-", "_")


def _env() -> dict:
    src = str(HERE.parent / "src")
    return dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))


def ensure_sqlite(cache: Path, years: int, estates: int = 1, training_years: int | None = TRAINING_YEARS) -> Path:
    """The cached SQLite database, generated first if it is missing (an unfinished one is rebuilt)."""
    path = cache / file_name(years, estates)
    done = path.with_suffix(".done")
    _wait_while_written(path)
    if path.exists() and (done.exists() or _looks_finished(path)):
        return path
    print(f"… generating {path.name} ({years} years, {estates} estate(s))", file=sys.stderr, flush=True)
    started = time.perf_counter()
    extra = ["--training-years", str(training_years)] if training_years is not None else []
    subprocess.run([sys.executable, str(HERE / "make_dataset.py"), "--years", str(years), "--estates", str(estates),
                    "--out", str(path), "--force", *extra], check=True, env=_env())
    done.write_text(f"{time.perf_counter() - started:.0f} s\n")
    return path


def _wait_while_written(path: Path, quiet_s: float = 90) -> None:
    """Another run (or a background build) is still generating the file: wait until it is left alone."""
    def last_write() -> float:
        times = [Path(f"{path}{suffix}").stat().st_mtime for suffix in ("", "-wal")
                 if Path(f"{path}{suffix}").exists()]
        return max(times, default=0.0)

    def generator_running() -> bool:
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                args = cmdline.read_bytes().split(b"\0")
            except OSError:
                continue
            if any(a.endswith(b"make_dataset.py") for a in args) and any(
                    a.endswith(path.name.encode()) for a in args):
                return True
        return False

    told = False
    while path.exists() and (generator_running() or time.time() - last_write() < quiet_s):
        if not told:
            print(f"… {path.name} is being written by another process; waiting for it", file=sys.stderr, flush=True)
            told = True
        time.sleep(15)


def _looks_finished(path: Path) -> bool:
    """A database built before the .done marker existed: finished when its payments are in (the last
    step but the optional training records) and nothing is writing it."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return bool(conn.execute("SELECT count(*) FROM payments").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def copy_sqlite(source: Path, target: Path) -> Path:
    """A working copy of a SQLite database: the file and its write-ahead log (committed pages not yet
    written back live there; SQLite folds them in when the copy is opened). Never the shared-memory index."""
    import shutil

    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    if Path(f"{source}-wal").exists():
        shutil.copyfile(f"{source}-wal", f"{target}-wal")
    return target


def server(cache: Path) -> PgServer:
    """The cache's PostgreSQL server (cache/pg), started if it is not running."""
    return PgServer(cache / "pg").start()


def ensure_postgres(pg: PgServer, sqlite_path: Path, name: str | None = None) -> str:
    """The URL of `sqlite_path` moved into `pg` by `frontdesk migrate-to` (done once; reused after)."""
    name = name or sqlite_path.stem.replace("-", "_")
    marker = pg.base / f"{name}.migrated"
    if marker.exists() and pg.has_database(name):
        _upgrade(pg.url(name))  # moved by an older version: brought up to date as a desk opening it would
        return pg.url(name)
    url = pg.create_database(name, replace=True)
    copy = sqlite_path.parent / f"{sqlite_path.stem}.migrate-source.db"
    # migrate-to opens its source as a desk would (it may bring the schema up to date): a copy keeps
    # the cached file read-only.
    copy_sqlite(sqlite_path, copy)
    try:
        print(f"… frontdesk migrate-to {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "frontdesk", "migrate-to", "--db", str(copy), url],
                              env=_env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"migrate-to failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        seconds = time.perf_counter() - started
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    _analyze(pg, name)
    marker.write_text(f"migrate-to {seconds:.0f} s\n")
    return url


def _upgrade(url: str) -> None:
    from frontdesk.db import migrate
    from frontdesk.db.engine import Database

    db = Database(url)
    try:
        result = migrate.upgrade(db)
        if result.upgraded:
            print(f"… upgraded {url.rsplit('/', 1)[-1]} from {result.before} to {result.after}", file=sys.stderr)
    finally:
        db.dispose()


def _analyze(pg: PgServer, name: str) -> None:
    """Fresh statistics for the planner, as autovacuum would give a server that has run a while."""
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=pg.port, user="postgres", dbname=name, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--years", type=int, nargs="*", default=[])
    parser.add_argument("--estates", type=int, default=0, help="also the company of N ten-year estates")
    parser.add_argument("--postgres", action="store_true", help="also move each into the cache's PostgreSQL server")
    parser.add_argument("--training-years", type=int, default=TRAINING_YEARS,
                        help="training records of the last N years only, for databases generated here "
                             f"(default {TRAINING_YEARS}; the generator's slowest step; a company of several "
                             "estates gets none: its monthly assessments would take hours)")
    args = parser.parse_args()
    wanted = [(years, 1) for years in args.years] + ([(10, args.estates)] if args.estates > 1 else [])
    pg = server(args.cache) if args.postgres else None
    for years, estates in wanted:
        path = ensure_sqlite(args.cache, years, estates, args.training_years if estates == 1 else 0)
        print(f"{path}", flush=True)
        if pg is not None:
            print(ensure_postgres(pg, path, pg_name(years, estates)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
