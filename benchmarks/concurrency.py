"""Two desks at once: how long a save takes while another desk saves and a report runs.

Usage: python benchmarks/concurrency.py [--db /work/bench/ten.db] [--cache /work/bench]
                                        [--backends sqlite postgresql] [--saves 100] [--out benchmarks/concurrency.json]

Three processes on one database, as two desks and the supervisor's computer would be: desk B
saves calls back to back for the whole run; a third process gathers the yearly export's figures
(stats.report of last year, as 导出 does) again and again; desk A saves a call every 50 ms and
its save times are what is measured. The same desk A alone, first, is the baseline. A save that
fails (database busy, a lost write) is counted, never retried. SQLite (WAL, the app's pragmas)
on a copy of the database; PostgreSQL on a copy in the local server (postgres.py moves it there
with migrate-to the first time). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import datasets  # noqa: E402
import desk_scenarios  # noqa: E402
from timing import _ms, percentile  # noqa: E402

PACE_S = 0.05  # desk A's pause between saves
MAX_TOGETHER_S = 600  # stop waiting for the report after this long


def _other_desk(url: str, pace: float, ready, stop, out) -> None:
    """Desk B: save a call every `pace` seconds (0: back to back) until told to stop."""
    from frontdesk.db.engine import Database

    db = Database(url)
    save = desk_scenarios.saver(db, caller="李娜")
    done, failed, times, errors = 0, 0, [], []
    ready.set()
    while not stop.is_set():
        started = time.perf_counter()
        try:
            save()
            done += 1
            times.append(time.perf_counter() - started)
        except Exception as exc:  # counted, not retried: a desk would see this as an error
            failed += 1
            errors.append(type(exc).__name__ + ": " + str(exc).splitlines()[0][:160])
        if pace:
            time.sleep(pace)
    db.dispose()
    out.put({"role": "desk B", "saves": done, "failed": failed, "errors": errors[:5],
             "median_s": statistics.median(times) if times else None,
             "p95_s": percentile(times, 0.95) if times else None})


def _reporter(url: str, ready, stop, out) -> None:
    """The supervisor: the yearly export's figures, gathered again and again until told to stop."""
    from frontdesk.db.engine import Database

    db = Database(url)
    gather = desk_scenarios.yearly_report_gather(db)
    times, errors = [], []
    ready.set()
    while not stop.is_set():
        started = time.perf_counter()
        try:
            gather()
            times.append(time.perf_counter() - started)
        except Exception as exc:
            errors.append(type(exc).__name__ + ": " + str(exc).splitlines()[0][:160])
            traceback.print_exc()
            break
        out.put({"role": "report tick", "seconds": times[-1]})
    db.dispose()
    out.put({"role": "report", "runs": len(times), "times_s": times, "errors": errors})


def _desk_a(save, count: int, until=None) -> tuple[list[float], list[str]]:
    """Desk A: `count` saves (and on until `until()` says enough), one every PACE_S."""
    times, errors = [], []
    started = time.perf_counter()
    while len(times) + len(errors) < count or (until is not None and not until()):
        if time.perf_counter() - started > MAX_TOGETHER_S:
            break
        begun = time.perf_counter()
        try:
            save()
            times.append(time.perf_counter() - begun)
        except Exception as exc:
            errors.append(type(exc).__name__ + ": " + str(exc).splitlines()[0][:160])
        time.sleep(PACE_S)
    return times, errors


def measure(url: str, saves: int, other_pace: float) -> dict:
    from frontdesk.db.engine import Database

    db = Database(url)
    desk_scenarios.bring_up_to_date(db)
    save = desk_scenarios.saver(db)
    save()  # warm: the first save imports and compiles
    alone, alone_errors = _desk_a(save, saves)
    ctx = mp.get_context("spawn")
    stop, out = ctx.Event(), ctx.Queue()
    ready_b, ready_r = ctx.Event(), ctx.Event()
    desk_b = ctx.Process(target=_other_desk, args=(url, other_pace, ready_b, stop, out), daemon=True)
    reporter = ctx.Process(target=_reporter, args=(url, ready_r, stop, out), daemon=True)
    desk_b.start()
    reporter.start()
    ready_b.wait(120)
    ready_r.wait(120)
    ticks: list[float] = []

    def report_done() -> bool:
        while not out.empty():
            message = out.get()
            if message.get("role") == "report tick":
                ticks.append(message["seconds"])
            else:
                late.append(message)
        return bool(ticks)

    late: list[dict] = []
    together_started = time.perf_counter()
    together, together_errors = _desk_a(save, saves, until=report_done)
    together_s = time.perf_counter() - together_started
    stop.set()
    messages = late
    finals = {m["role"] for m in messages if m.get("role") in ("desk B", "report")}
    deadline = time.perf_counter() + MAX_TOGETHER_S  # the report finishes the gather it is in first
    while finals != {"desk B", "report"} and time.perf_counter() < deadline:
        try:
            message = out.get(timeout=5)
        except queue.Empty:
            if not (desk_b.is_alive() or reporter.is_alive()):
                break
            continue
        if message.get("role") in ("desk B", "report"):
            finals.add(message["role"])
            messages.append(message)
    desk_b.join(30)
    reporter.join(30)
    db.dispose()
    other = next((m for m in messages if m.get("role") == "desk B"), {})
    report = next((m for m in messages if m.get("role") == "report"), {})
    return {"alone": alone, "alone_errors": alone_errors, "together": together, "together_errors": together_errors,
            "together_s": together_s, "desk_b": other, "report": report, "other_pace_s": other_pace}


def summary_table(found: dict[str, dict]) -> str:
    lines = ["| backend, desk B | desk A alone: median / p95 | desk A with desk B + report: median / p95 / max "
             "| p95 ÷ alone | desk B saves (failed) | yearly report gathers (median) | desk A failed |",
             "|---|---|---|---|---|---|---|"]
    for backend, r in found.items():
        alone, together = r["alone"], r["together"]
        a95, t95 = percentile(alone, 0.95), percentile(together, 0.95)
        b = r["desk_b"]
        rep = r["report"]
        rep_median = statistics.median(rep["times_s"]) if rep.get("times_s") else None
        lines.append(
            f"| {backend} | {_ms(statistics.median(alone))} / {_ms(a95)} | {_ms(statistics.median(together))} / "
            f"{_ms(t95)} / {_ms(max(together))} | {t95 / a95:.1f}× | {b.get('saves', 0)} in {r['together_s']:.0f} s "
            f"({b.get('failed', 0)}) | {rep.get('runs', 0)} ({_ms(rep_median)}) | "
            f"{len(r['alone_errors']) + len(r['together_errors'])} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="the SQLite database (default: the cache's ten.db)")
    parser.add_argument("--cache", type=Path, default=datasets.DEFAULT_CACHE)
    parser.add_argument("--backends", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    parser.add_argument("--saves", type=int, default=100, help="desk A's saves, alone and then together (at least)")
    parser.add_argument("--other-pace", type=float, nargs="+", default=[PACE_S, 0.0],
                        help="desk B's pause between saves, one run each (0: back to back, the worst case)")
    parser.add_argument("--fresh", action="store_true", help="a throw-away PostgreSQL server (see postgres.py)")
    parser.add_argument("--out", type=Path, default=HERE / "concurrency.json")
    args = parser.parse_args()
    from postgres import WorkingCopies, start_server
    from run import machine

    info = machine()
    started = time.perf_counter()
    source = args.db or datasets.ensure_sqlite(args.cache, 10)
    pg, started_here = start_server(args.cache, args.fresh)
    found: dict[str, dict] = {}
    try:
        pg_source = source.stem.replace("-", "_").replace(".", "_")
        if "postgresql" in args.backends:
            datasets.ensure_postgres(pg, source, pg_source)
        with tempfile.TemporaryDirectory(prefix="bench-desks-", dir=args.cache) as tmp:
            os.environ.setdefault("FRONTDESK_HOME", str(Path(tmp) / "home"))
            copies = WorkingCopies(source, pg, pg_source, Path(tmp)) if "postgresql" in args.backends else None
            try:
                urls = {}
                if "sqlite" in args.backends:
                    urls["SQLite (WAL)"] = copies.sqlite_url if copies else _sqlite_copy(source, Path(tmp))
                if copies:
                    urls["PostgreSQL"] = copies.pg_url
                for backend, url in urls.items():
                    for pace in args.other_pace:
                        label = f"{backend}, {_pace(pace)}"
                        print(f"… {label}", file=sys.stderr, flush=True)
                        found[label] = measure(url, args.saves, pace)
            finally:
                if copies:
                    copies.close()
    finally:
        if started_here:
            pg.stop()
    info["load_after"] = os.getloadavg()
    info["seconds"] = round(time.perf_counter() - started, 1)
    print(summary_table(found))
    for backend, r in found.items():
        problems = r["alone_errors"] + r["together_errors"] + r["desk_b"].get("errors", []) + r["report"].get("errors", [])
        if problems:
            print(f"\n{backend} errors: " + "; ".join(dict.fromkeys(problems)))
    print(f"\n{source.name}; desk A saves every {PACE_S * 1000:.0f} ms, desk B as the row says, the report (stats.report "
          f"of last year, what the yearly export gathers) in a loop; {info['cores']} cores, {info['cpu']}; load average "
          f"before {info['load_before'][0]:.2f}, after {info['load_after'][0]:.2f}; {info['seconds']:.0f} s")
    args.out.write_text(json.dumps({"machine": info, "database": str(source), "pace_s": PACE_S, "backends": found},
                                   ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


def _pace(pace: float) -> str:
    return f"desk B every {pace * 1000:.0f} ms" if pace else "desk B back to back"


def _sqlite_copy(source: Path, scratch: Path) -> str:
    work = datasets.copy_sqlite(source, scratch / f"work-{source.name}")
    return f"sqlite:///{work}"


if __name__ == "__main__":
    raise SystemExit(main())
