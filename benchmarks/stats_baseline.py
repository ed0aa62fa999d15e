"""The baseline of the statistics benchmark: every figure of a period (and the breakdowns `stats --json`
prints beside them) computed by hand-written SQL through the sqlite3 module, no ORM, no services.

`figures(conn, start, end, now)` returns what `stats.to_json(stats.compute(session, period))` returns
for the same period and clock, so the benchmark can check (untimed) that the baseline is honest before
timing both. Voided rows (deleted_at) are left out as the application leaves them out. The money taken
since a day is read as the application reads it: from the allocations' copies of their payment's date and
their bill's unit, month and due date (migration 0020), a range of their date index. The collectors'
month figures are read as confirmed (the benchmark's periods are months the desk has confirmed).

Usage: python benchmarks/stats_baseline.py DB_FILE 2026-11|2025  (prints the JSON and the time)
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
CATEGORIES = ("咨询", "报修", "投诉", "建议", "缴费", "表扬", "其他")
VISIT_RESULTS = ("满意", "基本满意", "不满意", "无法联系")
LETTERS = ("催缴函", "催收函")
DEFAULT_SETTINGS = {"training_pass_mark": 60, "ring_answer_target_seconds": 15}


def _moment(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S.%f}"  # how the application's SQLite file stores a timestamp


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _fraction(part, whole) -> float | None:
    return round(float(Decimal(part) / Decimal(whole)), 4) if whole else None


def _months(start: date, end: date) -> list[str]:
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _setting(conn: sqlite3.Connection, key: str):
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else DEFAULT_SETTINGS[key]


def _one(conn: sqlite3.Connection, sql: str, *args):
    return conn.execute(sql, args).fetchone()


def _complete(conn: sqlite3.Connection, start: date) -> bool:
    firsts = [_one(conn, "SELECT min(occurred_at) FROM contacts WHERE deleted_at IS NULL")[0],
              _one(conn, "SELECT min(reported_at) FROM repair_orders WHERE deleted_at IS NULL")[0],
              _one(conn, "SELECT min(due_date) FROM charges WHERE deleted_at IS NULL")[0]]
    days = [date.fromisoformat(d[:10]) for d in firsts if d]
    return bool(days) and min(days).replace(day=1) <= start


def _contacts(conn, first: str, after: str, now: str) -> dict:
    channels: dict[str, int] = {}
    categories = dict.fromkeys(CATEGORIES, 0)
    for channel, category, n in conn.execute(
            "SELECT channel, category, count(*) FROM contacts WHERE occurred_at >= ? AND occurred_at < ?"
            " AND deleted_at IS NULL GROUP BY channel, category", (first, after)):
        channels[channel] = channels.get(channel, 0) + n
        if channel != "回访":
            categories[category] = categories.get(category, 0) + n
    same_day = ("c.channel = '回访' AND c.occurred_at >= date(v.visited_at)"
                " AND c.occurred_at < date(v.visited_at, '+1 day') AND c.deleted_at IS NULL")
    unlogged = _one(conn, f"""
        SELECT count(*) FROM return_visits v
        WHERE v.visited_at >= ? AND v.visited_at < ? AND v.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM contacts c WHERE v.target_kind = 'repair'
                          AND c.repair_order_id = v.target_id AND {same_day})
          AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.unit_id = CASE WHEN v.target_kind = 'repair'
                THEN (SELECT o.unit_id FROM repair_orders o WHERE o.id = v.target_id AND o.deleted_at IS NULL)
                ELSE (SELECT k.unit_id FROM complaints p JOIN contacts k ON k.id = p.contact_id
                      AND k.deleted_at IS NULL WHERE p.id = v.target_id AND p.deleted_at IS NULL) END
              AND {same_day})""", first, after)[0]
    results = dict.fromkeys(VISIT_RESULTS, 0)
    for result, n in conn.execute("SELECT result, count(*) FROM return_visits WHERE visited_at >= ?"
                                  " AND visited_at < ? AND deleted_at IS NULL GROUP BY result", (first, after)):
        if result in results:
            results[result] = n
    complaints = _one(conn, """
        SELECT count(*), sum(p.effective = '有效'),
               sum(p.closed_at IS NOT NULL AND p.closed_at <= p.close_due),
               sum(p.closed_at IS NOT NULL OR p.close_due < ?)
        FROM complaints p JOIN contacts k ON k.id = p.contact_id
        WHERE k.occurred_at >= ? AND k.occurred_at < ? AND k.deleted_at IS NULL AND p.deleted_at IS NULL""",
                      now, first, after)
    return {"channels": channels, "categories": categories, "return_visits": channels.get("回访", 0) + unlogged,
            "results": results, "complaints": [int(v or 0) for v in complaints]}


def _repairs(conn, first: str, after: str, now: str) -> list[int]:
    row = _one(conn, """
        SELECT count(*), sum(scope = '户内'), sum(scope = '公共'),
               sum(finished_at IS NOT NULL AND state != '已取消'),
               sum(finished_at IS NOT NULL AND state != '已取消' AND finished_at <= due_at),
               sum(state != '已取消' AND ((finished_at IS NOT NULL AND state != '已取消') OR due_at < ?)),
               sum(repeat_of_id IS NOT NULL)
        FROM repair_orders WHERE reported_at >= ? AND reported_at < ? AND deleted_at IS NULL""", now, first, after)
    return [int(v or 0) for v in row]


def _bills_by_unit(conn, start: date, end: date, today: date) -> list[tuple]:
    """Per unit: (phase, collector, charged, received by the end, owed at the start, old arrears cleared)."""
    first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
    due = min(end, today).isoformat()
    rows = conn.execute("""
        WITH reversed AS (SELECT charge_id FROM allocations WHERE amount < 0),  -- the bills a reversal touched
        parts(unit_id, charged, paid_now, paid_after, owed, cleared) AS (
            SELECT unit_id, sum(amount), sum(paid), 0, 0, 0 FROM charges
            WHERE period >= :first AND period <= :last AND due_date <= :due AND deleted_at IS NULL GROUP BY unit_id
            UNION ALL  -- what payments after the end put on the range's bills
            SELECT unit_id, 0, 0, sum(amount), 0, 0 FROM allocations
            WHERE paid_on > :end AND charge_period >= :first AND charge_period <= :last AND charge_due_date <= :due
            GROUP BY unit_id
            UNION ALL  -- the earlier bills still open: owed now (the unit's open bills as summed in
                       -- unit_arrears, less those from the first month on) ...
            SELECT a.unit_id, 0, 0, 0, a.open_amount - (SELECT coalesce(sum(c.amount - c.paid), 0) FROM charges c
                WHERE c.unit_id = a.unit_id AND c.period >= :first AND c.paid < c.amount AND c.deleted_at IS NULL), 0
            FROM unit_arrears a
            UNION ALL  -- ... plus what was paid on earlier bills since the start (owed then), within the range (cleared)
            SELECT unit_id, 0, 0, 0, sum(amount), sum(CASE WHEN paid_on <= :end THEN amount ELSE 0 END)
            FROM allocations WHERE paid_on >= :start AND charge_period < :first GROUP BY unit_id
            UNION ALL  -- a reversed bill fully paid at the start owed nothing then and cleared nothing
            SELECT c.unit_id, 0, 0, 0, sum(c.paid - r.since - c.amount), -sum(r.within)
            FROM (SELECT charge_id + 0 AS charge_id, sum(amount) AS since,
                         sum(CASE WHEN paid_on <= :end THEN amount ELSE 0 END) AS within
                  FROM allocations WHERE paid_on >= :start AND charge_period < :first
                    AND charge_id IN (SELECT charge_id FROM reversed) GROUP BY 1) r
            CROSS JOIN charges c ON c.id = r.charge_id
            WHERE c.amount <= c.paid - r.since AND c.deleted_at IS NULL GROUP BY c.unit_id
            UNION ALL  -- units with only earlier bills are listed too
            SELECT u.id, 0, 0, 0, 0, 0 FROM units u WHERE u.deleted_at IS NULL AND EXISTS
                (SELECT 1 FROM charges c WHERE c.unit_id = u.id AND c.period < :first AND c.deleted_at IS NULL))
        SELECT u.phase, coalesce(s.name, ''), sum(charged), sum(paid_now) - sum(paid_after), sum(owed), sum(cleared)
        FROM parts JOIN units u ON u.id = parts.unit_id AND u.deleted_at IS NULL
        LEFT JOIN building_collectors b ON b.phase = u.phase AND b.building = u.building AND b.deleted_at IS NULL
        LEFT JOIN staff s ON s.id = b.collector_id AND s.deleted_at IS NULL
        GROUP BY parts.unit_id""", {"start": start.isoformat(), "end": end.isoformat(), "first": first,
                                     "last": last, "due": due}).fetchall()
    return [(phase, collector, _money(ch), _money(rc), _money(ow), _money(cl))
            for phase, collector, ch, rc, ow, cl in rows]


def _rates(units: list[tuple], group) -> dict:
    """group -> [charged, received, units charged, units paid, owed at start, cleared]."""
    rows: dict = {}
    for unit in units:
        charged, received = unit[2], unit[3]
        for key in (group(unit), "合计"):
            row = rows.setdefault(key, [ZERO, ZERO, 0, 0, ZERO, ZERO])
            row[0] += charged
            row[1] += received
            row[4] += unit[4]
            row[5] += unit[5]
            if charged > 0:
                row[2] += 1
                row[3] += received >= charged
    return rows


def _letters(conn, start: date, until: date) -> tuple[int, int, Decimal]:
    if until < start:
        return 0, 0, ZERO
    dates = (start.isoformat(), until.isoformat())
    letters = _one(conn, "SELECT count(*) FROM collection_actions WHERE method IN (?, ?) AND acted_on >= ?"
                         " AND acted_on <= ? AND deleted_at IS NULL", *LETTERS, *dates)[0]
    paid_units, paid = _one(conn, """
        WITH firsts AS (SELECT unit_id, min(acted_on) AS first FROM collection_actions
                        WHERE method IN (?, ?) AND acted_on >= ? AND acted_on <= ? AND deleted_at IS NULL
                        GROUP BY unit_id),
             paid AS (SELECT p.unit_id, sum(p.amount) AS amount FROM firsts f JOIN payments p ON p.unit_id = f.unit_id
                      WHERE p.paid_on >= f.first AND p.paid_on <= ? AND p.deleted_at IS NULL GROUP BY p.unit_id)
        SELECT count(*), sum(amount) FROM paid WHERE amount > 0""", *LETTERS, *dates, until.isoformat())
    return letters, paid_units or 0, _money(paid)


def _arrears(conn, as_of: date) -> tuple[int, Decimal, Decimal]:
    """Units with bills past their due date still open on `as_of` (what payments after it paid reopened)."""
    day = as_of.isoformat()
    rows = conn.execute("""
        WITH reversed AS (SELECT charge_id FROM allocations WHERE amount < 0),  -- the bills a reversal touched
        owed(unit_id, owed) AS (  -- what the bills due by then owe now, plus what was paid on them after the day
            SELECT unit_id, sum(amount - paid) FROM charges
            WHERE paid < amount AND due_date < :day AND deleted_at IS NULL GROUP BY unit_id
            UNION ALL
            SELECT unit_id, sum(amount) FROM allocations WHERE paid_on > :day AND charge_due_date < :day
            GROUP BY unit_id
            UNION ALL  -- a reversed bill paid beyond its amount that day owed nothing, not less
            SELECT c.unit_id, -(c.amount - c.paid + coalesce(l.later, 0)) FROM charges c
            LEFT JOIN (SELECT charge_id + 0 AS charge_id, sum(amount) AS later FROM allocations
                       WHERE paid_on > :day AND charge_id IN (SELECT charge_id FROM reversed) GROUP BY 1) l
                ON l.charge_id = c.id
            WHERE c.id IN (SELECT charge_id FROM reversed) AND c.due_date < :day
              AND c.amount - c.paid + coalesce(l.later, 0) < 0 AND c.deleted_at IS NULL)
        SELECT u.area, t.total FROM (SELECT unit_id, round(sum(owed), 2) AS total FROM owed GROUP BY unit_id) t
        JOIN units u ON u.id = t.unit_id WHERE u.deleted_at IS NULL AND t.total > 0""", {"day": day}).fetchall()
    return (len(rows), sum((Decimal(str(area)).quantize(CENT) for area, _ in rows), ZERO),
            sum((_money(total) for _, total in rows), ZERO))


def _collectors(conn, start: date, end: date, today: date, units: list[tuple]) -> dict:
    months = [m for m in _months(start, end) if m <= f"{today:%Y-%m}"]
    by_name: dict[str, list] = {}
    for month in months:
        rows = conn.execute("""
            SELECT s.name, m.collected, m.receipts, m.old_arrears_recovered, m.commission
            FROM collector_months m JOIN staff s ON s.id = m.staff_id AND s.deleted_at IS NULL
            WHERE m.month = ? AND m.confirmed_at IS NOT NULL AND m.deleted_at IS NULL ORDER BY m.staff_id""",
                            (month,)).fetchall()
        if not rows:
            raise ValueError(f"{month}: the baseline reads confirmed collector months only")
        for name, collected, receipts, recovered, commission in rows:
            row = by_name.setdefault(name, [ZERO, 0, None, ZERO, ZERO])
            row[0] += Decimal(str(collected))
            row[1] += receipts
            row[3] += Decimal(str(recovered))
            row[4] += Decimal(str(commission))
    if by_name and start <= today:
        for name, (charged, received, *_rest) in _rates(units, lambda u: u[1] or "（未分配）").items():
            if name in by_name:
                by_name[name][2] = _fraction(received, charged)
    return {name: {"collected": f"{r[0].quantize(CENT)}", "receipts": r[1], "collection_rate": r[2],
                   "arrears_recovered": f"{r[3].quantize(CENT)}", "commission": f"{r[4].quantize(CENT)}"}
            for name, r in sorted(by_name.items())}


def _quarter_bounds(quarter: str) -> tuple[date, date]:
    year, number = int(quarter[:4]), int(quarter[-1])
    first = date(year, number * 3 - 2, 1)
    after = date(year + 1, 1, 1) if number == 4 else date(year, number * 3 + 1, 1)
    return first, after - timedelta(days=1)


def _surveys(conn, start: date, end: date) -> tuple[dict, dict]:
    surveys = [(sid, json.loads(areas)) for sid, quarter, areas in conn.execute(
        "SELECT id, quarter, areas FROM surveys WHERE deleted_at IS NULL ORDER BY quarter")
        if _quarter_bounds(quarter)[0] <= end and _quarter_bounds(quarter)[1] >= start]
    ids = [sid for sid, _ in surveys]
    areas: dict[str, list[int]] = {}
    for _sid, names in surveys:
        for name in names:
            areas.setdefault(name, [0] * 6)
    tally = {"units": 0, "answered": 0, "overall": [0] * 6}
    if ids:
        marks = ",".join("?" * len(ids))
        for status, overall, n in conn.execute(
                f"SELECT a.status, a.overall, count(*) FROM survey_units a JOIN units u ON u.id = a.unit_id"
                f" AND u.deleted_at IS NULL WHERE a.survey_id IN ({marks}) AND a.deleted_at IS NULL"
                f" GROUP BY a.status, a.overall", ids):
            tally["units"] += n
            if status == "已答":
                tally["answered"] += n
                if overall is not None:
                    tally["overall"][overall] += n
        for area, score, n in conn.execute(
                f"SELECT s.area, s.score, count(*) FROM survey_scores s JOIN survey_units a ON a.id = s.survey_unit_id"
                f" AND a.deleted_at IS NULL JOIN units u ON u.id = a.unit_id AND u.deleted_at IS NULL"
                f" WHERE a.survey_id IN ({marks}) AND a.status = '已答' GROUP BY s.area, s.score", ids):
            areas.setdefault(area, [0] * 6)[score] += n

    def shares(counts: list[int]) -> tuple[float | None, float | None, int]:
        responses = sum(counts)
        satisfied = counts[4] + counts[5]
        mean = round(sum(i * n for i, n in enumerate(counts)) / responses, 2) if responses else None
        return (round(satisfied / responses, 4) if responses else None), mean, responses

    overall = shares(tally["overall"])
    figures = {"survey_units": tally["units"], "survey_responses": tally["answered"],
               "survey_response_rate": round(tally["answered"] / tally["units"], 4) if tally["units"] else None,
               "survey_satisfaction": overall[0]}
    return figures, {area: dict(zip(("satisfaction", "mean", "responses"), shares(counts), strict=True))
                     for area, counts in areas.items()}


def figures(conn: sqlite3.Connection, start: date, end: date, now: datetime, key: str) -> dict:
    """The period's figures as `stats --json` prints them (without the comparisons)."""
    today = now.date()
    first, after = _moment(datetime.combine(start, datetime.min.time())), \
        _moment(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    days = max(0, (min(end, today) - start).days + 1)

    def per_day(n: int) -> float:
        return round(n / days, 1) if days else 0.0

    contacts = _contacts(conn, first, after, _moment(now))
    repairs = _repairs(conn, first, after, _moment(now))
    units = _bills_by_unit(conn, start, end, today)
    rates = _rates(units, lambda u: u[0])
    total = rates.get("合计")
    until = min(end, today)
    letters = _letters(conn, start, until)
    notices = (_one(conn, "SELECT count(*) FROM rectification_notices WHERE voided_reason = '' AND issued_date >= ?"
                          " AND issued_date <= ? AND deleted_at IS NULL", start.isoformat(), end.isoformat())[0],
               _one(conn, "SELECT count(DISTINCT violation_id) FROM reinspections WHERE result = '已整改'"
                          " AND done_on >= ? AND done_on <= ? AND deleted_at IS NULL",
                    start.isoformat(), end.isoformat())[0])
    sessions, hours = _one(conn, "SELECT count(*), coalesce(sum(hours), 0) FROM training_sessions"
                                 " WHERE held_on >= ? AND held_on <= ? AND deleted_at IS NULL",
                           start.isoformat(), end.isoformat())
    tested, passed = _one(conn, """
        SELECT count(a.score), coalesce(sum(a.score >= ?), 0) FROM training_attendance a
        JOIN training_sessions s ON s.id = a.session_id AND s.deleted_at IS NULL
        WHERE s.held_on >= ? AND s.held_on <= ? AND a.deleted_at IS NULL""",
                          _setting(conn, "training_pass_mark"), start.isoformat(), end.isoformat())
    target = timedelta(seconds=int(_setting(conn, "ring_answer_target_seconds")))
    rings = [0, 0, 0, 0]  # rang, answered, missed, answered in time
    for status, rang, answered in conn.execute("SELECT status, rang_at, answered_at FROM rings"
                                               " WHERE rang_at >= ? AND rang_at < ?", (first, after)):
        rings[0] += 1
        rings[1] += status == "已接"
        rings[2] += status == "未接"
        rings[3] += status == "已接" and answered is not None and \
            datetime.fromisoformat(answered) - datetime.fromisoformat(rang) <= target
    surveys, survey_areas = _surveys(conn, start, end)
    arrears = _arrears(conn, until)
    vendors = conn.execute("""
        SELECT count(*), coalesce(sum(on_time), 0), coalesce(sum(due), 0), coalesce(sum(due AND NOT on_time), 0)
        FROM (SELECT i.status = '已整改' AND i.carry_overs = 0 AND i.closed_on IS NOT NULL
                     AND i.closed_on <= i.deadline AS on_time,
                     i.status = '已整改' OR i.carry_overs > 0 OR i.deadline < :today AS due
              FROM vendor_issues i JOIN vendors v ON v.id = i.vendor_id AND v.deleted_at IS NULL
              WHERE i.raised_on >= :start AND i.raised_on <= :end AND i.deleted_at IS NULL)""",
                           {"today": today.isoformat(), "start": start.isoformat(), "end": end.isoformat()}).fetchone()
    posted = _one(conn, "SELECT count(*) FROM announcements WHERE posted_on >= ? AND posted_on <= ?"
                        " AND deleted_at IS NULL", start.isoformat(), end.isoformat())[0]

    calls, visits = contacts["channels"].get("电话", 0), contacts["channels"].get("来访", 0)
    received, effective, on_time, due = contacts["complaints"]
    results = contacts["results"]
    zero = "0.00"
    money = {"charged": f"{total[0].quantize(CENT)}" if total else zero,
             "collected": f"{total[1].quantize(CENT)}" if total else zero,
             "collection_rate": _fraction(total[1], total[0]) if total else None,
             "household_collection_rate": _fraction(total[3], total[2]) if total else None,
             "arrears_recovery_rate": _fraction(total[5], total[4]) if total else None}
    result = {
        "period": key, "days": days, "calls": calls, "visits": visits, "return_visits": contacts["return_visits"],
        "calls_per_day": per_day(calls), "visits_per_day": per_day(visits),
        "return_visits_per_day": per_day(contacts["return_visits"]),
        "complaints": received, "complaints_effective": effective,
        "complaints_closed_on_time_rate": _fraction(on_time, due),
        "repairs": repairs[0], "repairs_household": repairs[1], "repairs_public": repairs[2],
        "repairs_completed": repairs[3], "repairs_on_time_rate": _fraction(repairs[4], repairs[5]),
        "repairs_repeat": repairs[6],
        "satisfaction_rate": _fraction(results["满意"] + results["基本满意"],
                                       results["满意"] + results["基本满意"] + results["不满意"]),
        **money,
        "letters_sent": letters[0], "letters_paid_units": letters[1], "letters_paid_amount": f"{letters[2]}",
        "notices_issued": notices[0], "notices_rectified": notices[1],
        "training_sessions": sessions, "training_hours": float(Decimal(str(hours))),
        "training_pass_rate": _fraction(passed, tested),
        "rings": rings[0], "rings_answered": rings[1], "rings_missed": rings[2],
        "rings_answered_in_time_rate": _fraction(rings[3], rings[1]),
        **surveys,
        "arrears_units": arrears[0], "arrears_area": float(arrears[1]), "arrears_amount": f"{arrears[2].quantize(CENT)}",
        "vendor_issues_raised": vendors[0], "vendor_issues_fixed_on_time_rate": _fraction(vendors[1], vendors[2]),
        "vendor_issues_overdue": vendors[3], "announcements_posted": posted,
        "contacts_by_category": contacts["categories"],
        "by_phase": {f"{phase}期": {"charged": f"{r[0].quantize(CENT)}", "collected": f"{r[1].quantize(CENT)}",
                                   "collection_rate": _fraction(r[1], r[0]),
                                   "household_collection_rate": _fraction(r[3], r[2])}
                     for phase, r in sorted((k, v) for k, v in rates.items() if k != "合计")},
        "survey_by_area": survey_areas,
        "by_collector": _collectors(conn, start, end, today, units),
    }
    result["complete"] = _complete(conn, start)
    return result


def main() -> int:
    path, which = sys.argv[1], sys.argv[2]
    if len(which) == 4:
        start, end = date(int(which), 1, 1), date(int(which), 12, 31)
    else:
        year, month = int(which[:4]), int(which[5:7])
        start = date(year, month, 1)
        end = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    started = time.perf_counter()
    result = figures(conn, start, end, datetime.now().replace(microsecond=0), which)
    took = time.perf_counter() - started
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"{took * 1000:.1f} ms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
