"""Measure the issue-14 scenarios on a database (normally the ten-year one from make_dataset.py).

Usage: python benchmarks/run.py --db FILE [--runs N] [--only NAME ...] [--out benchmarks/results.json]

Works on a copy of FILE (saving calls and letters write to it). Prints a Markdown table with
min/median/p95, the baseline measured in the same run and the ratio, and writes results.json.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
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
from frontdesk.db import migrate  # noqa: E402
from frontdesk.db.engine import Database  # noqa: E402
from timing import Result, table, within  # noqa: E402

SCENARIOS = ("startup", "save", "search", "tabs", "arrears", "stats", "reports", "letters", "import")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
            "load_before": os.getloadavg()}


def startup_results(db_path: Path, runs: int, home: Path) -> list[Result]:
    """Start → sign-in shown, sign-in → first tab, the whole `gui --smoke` (startup.smoke_rows)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTDESK_HOME=str(home), FRONTDESK_DB=str(db_path))
    return startup.smoke_rows(env, runs)


def gui_results(db_path: Path, runs: int, home: Path) -> list[Result]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTDESK_HOME=str(home))
    done = subprocess.run([sys.executable, str(HERE / "gui_probe.py"), f"sqlite:///{db_path}", str(runs)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:  # report the failure as a row instead of losing every other scenario
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        return [Result("open each tab / scroll / memory (GUI probe)", "runs", ok=False,
                       value=f"probe exited with {done.returncode}", note=tail)]
    probe = json.loads(done.stdout)
    found = []
    for title, tab in probe["tabs"].items():
        found.append(within(Result(f"open tab {title}: first show (build + load)", "≤ 100 ms", [tab["first_open"]]),
                            median_limit=0.100))
        if tab["with_background"] - tab["first_open"] > 0.01:
            found.append(within(Result(f"open tab {title}: until its background work is done", "≤ 150 ms",
                                       [tab["with_background"]]), median_limit=0.150))
        if tab["model_refresh"]:
            found.append(within(Result(f"open tab {title}: count + first page of its {tab['models']} list(s)",
                                       "≤ 100 ms", tab["model_refresh"]), median_limit=0.100))
        found.append(within(Result(f"open tab {title}: load() again", "≤ 100 ms", tab["load"]), median_limit=0.100))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    info = machine()
    started = time.perf_counter()
    results: list[Result] = []
    with bench_documents.scratch() as tmp_name:
        tmp = Path(tmp_name)
        work = tmp / "work.db"
        shutil.copyfile(args.db, work)
        home = tmp / "home"
        home.mkdir()
        os.environ["FRONTDESK_HOME"] = str(home)
        db = Database(f"sqlite:///{work}")
        migrate.upgrade(db)  # a database made before this version's migrations: as the desk would open it
        steps = {
            "startup": lambda: startup_results(work, args.runs, home),
            "save": lambda: [bench_services.save_call(db, max(args.runs, 30))],
            "search": lambda: bench_services.global_search(db, max(args.runs, 20)),
            "tabs": lambda: gui_results(work, args.runs, home),
            "arrears": lambda: [bench_services.arrears_lists(db, max(args.runs, 10))],
            "stats": lambda: [*bench_services.stats_periods(db, args.runs),
                              *[r for r in (bench_documents.stats_cli(work, args.runs),) if r]],
            "reports": lambda: bench_documents.reports(db, args.runs, tmp),
            "letters": lambda: [r for r in (bench_documents.letters(db, args.runs, tmp),) if r],
            "import": lambda: [bench_documents.import_units(min(args.runs, 3), tmp)],
        }
        for name in args.only:
            print(f"… {name}", file=sys.stderr, flush=True)
            results.extend(steps[name]())
        db.dispose()
    info["load_after"] = os.getloadavg()
    info["seconds"] = round(time.perf_counter() - started, 1)
    print(table(results))
    print(f"\n{info['cores']} cores, {info['cpu']}; Python {info['python']}, SQLite {info['sqlite']}; "
          f"load average before {info['load_before'][0]:.2f}, after {info['load_after'][0]:.2f}")
    args.out.write_text(json.dumps({"machine": info, "database": str(args.db),
                                    "results": [r.as_json() for r in results]}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
    missed = [r.scenario for r in results if r.ok is False]
    print(f"missed: {len(missed)}" + ("".join(f"\n  - {m}" for m in missed) if missed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
