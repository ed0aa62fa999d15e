"""How the desk's scenarios grow with history: the same scenarios on 1, 3, 10 and 20 years.

Usage: python benchmarks/growth.py [--years 1 3 10 20] [--cache /work/bench] [--runs 5]
                                   [--only save search lists stats] [--out benchmarks/growth.json]

Builds the N-year databases with make_dataset.py the first time (kept in --cache as one.db,
three.db, ten.db, twenty.db; twenty years take ~10 minutes on 2 cores) and reuses them after; each
is measured on a copy (saving writes). Prints one Markdown table, scenario × years, with the
largest history's median over the smallest's, whether it stays flat (≤ 1.5×), and for those
that do not, why. These scenarios should be bounded by the period or by the page, never by
history. Not part of the test suite.
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
from run import machine  # noqa: E402
from timing import Result, _ms  # noqa: E402

FLAT_LIMIT = 1.5

# Why a scenario grows with history, where it does (what the code does; shown only for rows that
# are not flat in the run).
WHY_NOT_FLAT = {
    "save": "the contacts' full-text index and the audit trail are B-trees (log n); more than that is noise",
    "calls all": "counts every call ever logged (COUNT over the whole ledger) before its first page; the tab "
                 "opens on the last month, this row is the 全部 filter",
    "repairs": "the tab opens with no date limit: counts every order ever reported, and sorting by reported_at "
               "walks the index past history",
    "arrears": "ages every open charge per unit on each query (open_lines → arrears_by_unit): units that stopped "
               "paying keep adding a month of open bills, so open charges grow with the years; per-unit arrears "
               "kept current as money moves would bound it",
    "arrears plan": "as 欠费 list, plus each building's total from the same per-unit ageing of all open charges",
    "stats month": "the figures of periods already over are kept once computed (收费率's sums, the arrears on a "
                   "past day), so the month and its comparisons cost the same at 1, 3 and 10 years; the 20-year "
                   "database has no confirmed 月度考核 (its generator confirms none), so each collector's "
                   "commission and monthly rate are computed from the month's bills and the allocations paid "
                   "after it (≈ 40–60 ms a month) instead of read as confirmed",
    "stats year": "as the month: with nothing confirmed at 20 years, a year's twelve months of collectors' rates and "
                  "commissions are computed (≈ 0.5–0.7 s a year, three years here); the kept 收费率 and arrears figures are flat",
    "search 2-char word": "the full-text match returns every call with the word in all of history before the "
                          "newest 50 are taken; more years, more matches to sort",
    "search 3-char word": "as the 2-character word: every match in history is read before the newest are kept",
    "search phone": "the caller's calls are found through the phone index, then ranked; a repeat caller has more "
                    "calls each year",
    "search room": "the unit's calls in all of history are read, then the newest kept",
    "search name": "a LIKE '%name%' over people plus the matching calls of all years",
    "search pinyin": "the initials index plus the matching people's calls of all years",
    "units": "the same 4,920 units at every age: nothing here grows with history, a difference is the machine's "
             "noise (rerun on a quiet machine)",
    "training": "one year's sessions, the same number every year: a difference is the machine's noise",
    "violations": "the tab opens on every violation ever found (60 a year): counts and sorts all of them",
    "calls month": "bounded by its 30 days: a difference is noise",
}


def size_of(db: Database) -> dict:
    """The history behind the numbers: calls, charges, charges still open, payments."""
    from sqlalchemy import text

    with desk_scenarios.session(db) as s:
        return {name: s.scalar(text(sql)) for name, sql in (
            ("contacts", "SELECT count(*) FROM contacts"),
            ("charges", "SELECT count(*) FROM charges"),
            ("open charges", "SELECT count(*) FROM charges WHERE paid < amount"),
            ("payments", "SELECT count(*) FROM payments"))}


def open_copy(source: Path, scratch: Path) -> Database:
    work = scratch / f"work-{source.name}"
    datasets.copy_sqlite(source, work)
    db = Database(f"sqlite:///{work}")
    desk_scenarios.bring_up_to_date(db)
    return db


def sizes_of(db: Database) -> dict:
    try:
        return size_of(db)
    except Exception as exc:  # a schema without charges.paid: the size row is left out, the timings stay
        return {"error": str(exc).splitlines()[0]}


def growth_table(years: list[int], measured: dict[int, dict[str, Result]], sizes: dict[int, dict],
                 limit: float = FLAT_LIMIT) -> tuple[str, list[dict]]:
    first, last = years[0], years[-1]
    head = "| scenario | " + " | ".join(f"{y} y" for y in years) + f" | {last} y ÷ {first} y | flat (≤ {limit}×) | why not |"
    lines = [head, "|---|" + "---|" * len(years) + "---|---|---|"]
    rows = []
    keys = list(dict.fromkeys(k for y in years for k in measured[y]))
    for key in keys:
        cells, medians = [], {}
        title = next(measured[y][key].scenario for y in years if key in measured[y])
        for y in years:
            r = measured[y].get(key)
            medians[y] = r.median if r else None
            cells.append(_ms(r.median) if r else "—")
        ratio = medians[last] / medians[first] if medians.get(first) and medians.get(last) else None
        flat = ratio is not None and ratio <= limit
        why = "" if flat or ratio is None else WHY_NOT_FLAT.get(key, "")
        if title.startswith("global search:"):
            title = f"global search: {key.removeprefix('search ')}"  # the needle differs by database
        lines.append(f"| {title} | " + " | ".join(cells) + f" | {f'{ratio:.2f}×' if ratio else '—'} | "
                     f"{'yes' if flat else '**no**' if ratio else '—'} | {why} |")
        rows.append({"key": key, "scenario": title, "medians_s": {str(y): medians[y] for y in years},
                     "p95_s": {str(y): measured[y][key].p95 if key in measured[y] else None for y in years},
                     "ratio": ratio, "flat": flat, "why": why})
    for name in ("contacts", "charges", "open charges", "payments"):
        if all(name in sizes[y] for y in years):
            lines.append(f"| *{name} in the database* | " + " | ".join(f"{sizes[y][name]:,}" for y in years)
                         + f" | {sizes[last][name] / max(1, sizes[first][name]):.1f}× | | |")
    return "\n".join(lines), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 3, 10, 20])
    parser.add_argument("--cache", type=Path, default=datasets.DEFAULT_CACHE,
                        help="where the N-year databases are kept (default /work/bench)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=desk_scenarios.GROUPS, default=list(desk_scenarios.GROUPS))
    parser.add_argument("--out", type=Path, default=HERE / "growth.json")
    args = parser.parse_args()
    years = sorted(set(args.years))
    info = machine()
    started = time.perf_counter()
    args.cache.mkdir(parents=True, exist_ok=True)
    sources = {y: datasets.ensure_sqlite(args.cache, y) for y in years}
    with tempfile.TemporaryDirectory(prefix="bench-growth-", dir=args.cache) as tmp:
        os.environ.setdefault("FRONTDESK_HOME", str(Path(tmp) / "home"))
        dbs = {}
        try:
            for y in years:
                print(f"… copying {sources[y].name}", file=sys.stderr, flush=True)
                dbs[y] = open_copy(sources[y], Path(tmp))
            variants = {y: desk_scenarios.variant(db) for y, db in dbs.items()}
            sizes = {y: sizes_of(db) for y, db in dbs.items()}
            print("… measuring, the databases in turn", file=sys.stderr, flush=True)
            by_label = desk_scenarios.measure_side_by_side({str(y): db for y, db in dbs.items()}, args.runs,
                                                           tuple(args.only))
            measured = {y: by_label[str(y)] for y in years}
        finally:
            for db in dbs.values():
                db.dispose()
    info["load_after"] = os.getloadavg()
    info["seconds"] = round(time.perf_counter() - started, 1)
    text, rows = growth_table(years, measured, sizes)
    print(text)
    not_flat = [r["scenario"] for r in rows if r["ratio"] and not r["flat"]]
    print(f"\nnot flat ({len(not_flat)}): " + ("; ".join(not_flat) if not_flat else "none"))
    print(f"\n{info['cores']} cores, {info['cpu']}; Python {info['python']}, SQLite {info['sqlite']}; "
          f"load average before {info['load_before'][0]:.2f}, after {info['load_after'][0]:.2f}; "
          f"{info['seconds']:.0f} s; medians of {args.runs} runs (searches 20, saves 30, a year's statistics 3), "
          "the databases' runs interleaved")
    args.out.write_text(json.dumps({
        "machine": info, "databases": {str(y): {"file": str(sources[y]), **variants[y], "sizes": sizes[y]} for y in years},
        "flat_limit": FLAT_LIMIT, "rows": rows,
        "results": {str(y): {k: r.as_json() for k, r in measured[y].items()} for y in years}},
        ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
