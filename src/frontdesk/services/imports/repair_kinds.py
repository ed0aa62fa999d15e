"""Import kind of the repair log (报修维修台账): historical orders with their state and return visit.

Each imported order gets a BX number of its report month. What an old log does not hold (who
took the call, dispatch and arrival times) stays empty; the order's history says it was imported.
A finished order waits for its return visit like any other; a visited or closed one keeps the
satisfaction of the log as its return-visit result.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, aliased

from frontdesk.db import audit
from frontdesk.db.models import RepairEvent, RepairOrder, ReturnVisit, Staff, Unit
from frontdesk.db.models.repairs import CANCELLED, CLOSED, FINISHED, PENDING, SCOPES, STATES, VISITED
from frontdesk.db.sequences import IdSource
from frontdesk.errors import DomainError
from frontdesk.services import clock, numbering, repairs, repairs_warranty, settings
from frontdesk.services.imports import cells
from frontdesk.services.imports.framework import ColumnSpec, ImportKind, Progress, RowReader
from frontdesk.services.imports.roster_kinds import stamps
from frontdesk.services.repair_flow import TECHNICIAN_ROLE
from frontdesk.services.repair_visits import RESULTS, TARGET, UNREACHABLE, next_working_day

DONE_STATES = (FINISHED, VISITED, CLOSED)  # the work was finished: 完工时间 required
WITHOUT_TECHNICIAN = (PENDING, CANCELLED)  # every other state had a technician on the job
SATISFIED = ("满意", "基本满意")
DESK_ROLES = ("前台客服", "客服主管", "管理员")
IMPORT_NOTE = "导入的历史记录"


def desk_owner_id(session: Session) -> int:
    """Who takes imported records: the importing user when a staff member, else the first desk staff."""
    actor = session.info.get("actor", "")
    found = session.scalar(select(Staff.id).where(Staff.name == actor).limit(1))
    if found is None:
        found = session.scalar(select(Staff.id).where(Staff.role.in_(DESK_ROLES))
                               .order_by(Staff.id).limit(1))
    if found is None:
        raise DomainError("系统中还没有前台员工，无法登记受理人。请先导入员工（frontdesk import staff）再导入。")
    return found


class RepairsKind(ImportKind):
    name = "repairs"
    title = "报修维修"
    natural_key = "报修时间、房屋编号（公共报修为位置）和描述"
    columns = (
        ColumnSpec("报修时间", "YYYY-MM-DD HH:MM，不晚于现在", datetime(2026, 3, 15, 9, 30), kind="datetime"),
        ColumnSpec("范围", "户内 或 公共", "户内", choices=SCOPES),
        ColumnSpec("房屋编号", "户内报修必填：期-楼栋-单元-房号，须已在房屋档案中；公共报修留空", "2-5-1-0302"),
        ColumnSpec("位置", "公共报修必填，例如 2期5栋1单元3楼楼道；户内报修留空", ""),
        ColumnSpec("工种", "系统“专业”列表中的一项：" + "、".join(settings.DEFAULT_LISTS["repair_trade"]), "水电",
                   choices=tuple(settings.DEFAULT_LISTS["repair_trade"])),
        ColumnSpec("描述", "不能为空：什么坏了、什么现象", "卫生间地漏返水"),
        ColumnSpec("维修人", "系统中岗位为“维修工”的员工姓名；待派工、已取消的可空", "刘建国"),
        ColumnSpec("完工时间", "已完工、已回访、已关闭的必填，YYYY-MM-DD HH:MM，不早于报修时间", datetime(2026, 3, 15, 15, 0),
                   kind="datetime"),
        ColumnSpec("状态", "以下之一：" + "、".join(STATES), "已回访", choices=STATES),
        ColumnSpec("满意度", "回访结果，可空；以下之一：" + "、".join(RESULTS) + "。已回访的必填（满意或基本满意）",
                   "满意", choices=RESULTS),
    )

    def prepare(self, session: Session) -> None:
        self.unit_ids = dict(session.execute(select(Unit.code, Unit.id)).all())
        self.unit_parts = {uid: (phase, building) for uid, phase, building in session.execute(
            select(Unit.id, Unit.phase, Unit.building))}
        self.technicians = dict(session.execute(
            select(Staff.name, Staff.id).where(Staff.role == TECHNICIAN_ROLE)).all())
        self.trades = settings.lookup_values(session, "repair_trade")

    def parse(self, session: Session, values: dict[str, Any]) -> dict:
        row = RowReader(values)
        now = clock.now()
        reported = row.get("报修时间", cells.moment)
        if reported is not None and reported > now + repairs.FUTURE_TOLERANCE:
            row.fail("报修时间", "不晚于现在的时间")
        scope = row.get("范围", cells.choice, SCOPES, default="户内")
        code = row.get("房屋编号", cells.unit_code, False)
        location = row.get("位置", cells.text, False, 100)
        if scope == "户内" and code is not None:
            if not code:
                row.fail("房屋编号", "户内报修的房屋编号，例如 2-5-1-0302（公共部位请把范围改为“公共”）")
            elif code not in self.unit_ids:
                row.fail("房屋编号", "已在房屋档案中登记的房屋编号（可先导入 units）")
            location = ""
        elif scope == "公共" and location is not None:
            if code:
                row.fail("房屋编号", "公共报修留空（地点写在“位置”列）；业主家中的报修请把范围改为“户内”")
            if not location:
                row.fail("位置", "公共报修的位置，例如 2期5栋1单元3楼楼道")
        trade = row.get("工种", cells.choice, self.trades)
        description = row.get("描述", cells.text, True)
        technician = row.get("维修人", cells.text, False, 40)
        finished = row.get("完工时间", lambda v: cells.moment(v) if cells.text(v) else None)
        state = row.get("状态", cells.choice, STATES)
        satisfaction = row.get("满意度", cells.choice, RESULTS, False)
        if technician and technician not in self.technicians:
            row.fail("维修人", "系统中岗位为“维修工”的员工姓名（可先导入 staff）")
        if state and technician == "" and state not in WITHOUT_TECHNICIAN:
            row.fail("维修人", f"“{state}”的报修单的维修人姓名")
        if state == PENDING and technician:
            row.fail("维修人", "空：待派工的报修单还没有维修人（已派出的请把状态改为“已派工”）")
        if finished is not None and reported is not None and finished < reported:
            row.fail("完工时间", "不早于报修时间的时间")
        elif finished is not None and finished > now + repairs.FUTURE_TOLERANCE:
            row.fail("完工时间", "不晚于现在的时间")
        if state in DONE_STATES and finished is None and not _failed(row, "完工时间"):
            row.fail("完工时间", f"“{state}”的报修单的完工时间，YYYY-MM-DD HH:MM")
        if satisfaction and finished is None and state is not None and not _failed(row, "完工时间"):
            row.fail("满意度", "空：还没有完工的报修单不会有回访结果")
        elif state == VISITED and satisfaction not in SATISFIED and satisfaction is not None:
            row.fail("满意度", "满意 或 基本满意（不满意的会重新处理，无法联系的会关闭）")
        elif satisfaction == UNREACHABLE and state not in (CLOSED, None):
            row.fail("满意度", "无法联系只用于已关闭的报修单")
        row.done()
        return dict(reported_at=reported, scope=scope, unit_code=code if scope == "户内" else "",
                    location=location, trade=trade, description=description, technician=technician,
                    finished_at=finished, state=state, satisfaction=satisfaction)

    def key(self, parsed: dict) -> tuple:
        return (parsed["reported_at"], parsed["unit_code"] or parsed["location"], parsed["description"])

    def existing(self, session: Session, keys: set) -> set:
        if not keys:
            return set()
        moments = [k[0] for k in keys]
        rows = session.execute(
            select(RepairOrder.reported_at, Unit.code, RepairOrder.location, RepairOrder.description)
            .outerjoin(Unit, Unit.id == RepairOrder.unit_id)
            .where(RepairOrder.reported_at >= min(moments), RepairOrder.reported_at <= max(moments))
        ).all()
        return {(at, code or location, text) for at, code, location, text in rows} & keys

    def apply(self, session: Session, rows: list[dict], progress: Progress | None) -> int:
        now, actor = clock.now(), session.info.get("actor", "系统")
        stamp = dict(stamps(now), created_by=actor, updated_by=actor)
        owner_id = desk_owner_id(session)
        rule_ids = {trade: repairs_warranty.default_rule_id(session, trade) for trade in {r["trade"] for r in rows}}
        rows = sorted(rows, key=lambda r: r["reported_at"])
        months = Counter(f"{r['reported_at']:%Y%m}" for r in rows)
        next_in_month = {month: numbering.next_numbers(session, repairs.SERIES, month, count)
                         for month, count in sorted(months.items())}
        ids = IdSource(session, RepairOrder.id)
        orders, events, visits = [], [], []
        for parsed in rows:
            next_id = next(ids)
            month = f"{parsed['reported_at']:%Y%m}"
            number = numbering.format_number(repairs.SERIES, month, next_in_month[month])
            next_in_month[month] += 1
            orders.append(self._order(session, next_id, number, parsed, owner_id, rule_ids, stamp))
            events.append(dict(order_id=next_id, at=now, by_name=actor, action="导入", from_state="",
                               to_state=parsed["state"], technician=parsed["technician"], reason=IMPORT_NOTE))
            visit = _visit(next_id, parsed, stamp)
            if visit:
                visits.append(visit)
        for start in range(0, len(orders), 2000):
            session.execute(insert(RepairOrder), orders[start:start + 2000])
            if progress is not None:
                progress(min(start + 2000, len(orders)), len(orders))
        session.execute(insert(RepairEvent), events)
        if visits:
            session.execute(insert(ReturnVisit), visits)
        audit.record_bulk_creates(session, "repair_orders", orders)
        return len(orders)

    def _order(self, session: Session, order_id: int, number: str, parsed: dict, owner_id: int,
               rule_ids: dict, stamp: dict) -> dict:
        unit_id = self.unit_ids.get(parsed["unit_code"]) if parsed["unit_code"] else None
        phase, building = self.unit_parts[unit_id] if unit_id else repairs.place_parts(parsed["location"])
        state, finished = parsed["state"], parsed["finished_at"]
        closed = finished or parsed["reported_at"] if state in (CLOSED, CANCELLED) else None
        return dict(
            id=order_id, number=number, scope=parsed["scope"], unit_id=unit_id, phase=phase, building=building,
            location=parsed["location"], trade=parsed["trade"], warranty_item_id=rule_ids[parsed["trade"]],
            description=parsed["description"], urgency="一般", reporter="", phone="",
            reported_at=parsed["reported_at"], appointment_at=None,
            due_at=repairs.target_time(session, parsed["reported_at"], "一般", None), state=state,
            owner_id=owner_id, technician_id=self.technicians.get(parsed["technician"]), contact_id=None,
            dispatched_at=None, arrived_at=None, finished_at=finished, closed_at=closed,
            result=IMPORT_NOTE if finished else "", materials="", labour_hours=0, paid=False, charge=0,
            satisfaction=parsed["satisfaction"] or "", pause_reason="", alert="", repeat_of_id=None, **stamp)

    def export_rows(self, session: Session, date_from: date | None, date_to: date | None):
        tech = aliased(Staff)
        stmt = (select(RepairOrder, Unit.code, tech.name).outerjoin(Unit, Unit.id == RepairOrder.unit_id)
                .outerjoin(tech, tech.id == RepairOrder.technician_id)
                .order_by(RepairOrder.reported_at, RepairOrder.id))
        if date_from:
            stmt = stmt.where(RepairOrder.reported_at >= datetime.combine(date_from, datetime.min.time()))
        if date_to:
            stmt = stmt.where(RepairOrder.reported_at < datetime.combine(date_to + timedelta(days=1),
                                                                         datetime.min.time()))
        for order, code, tech_name in session.execute(stmt).yield_per(2000):
            yield [order.reported_at, order.scope, code or "", order.location if not code else "", order.trade,
                   order.description, tech_name or "", order.finished_at, order.state, order.satisfaction]


def _failed(row: RowReader, header: str) -> bool:
    return any(problem[0] == header for problem in row.problems)


def _visit(order_id: int, parsed: dict, stamp: dict) -> dict | None:
    """A finished order waits for its visit; a visited/closed one with a satisfaction keeps it as the result."""
    finished = parsed["finished_at"]
    if finished is None:
        return None
    due = next_working_day(finished.date())
    if parsed["state"] == FINISHED:
        return dict(target_kind=TARGET, target_id=order_id, due_date=due, attempts=0, visited_at=None,
                    staff_name="", result="", remark="", **stamp)
    if parsed["state"] in (VISITED, CLOSED) and parsed["satisfaction"]:
        return dict(target_kind=TARGET, target_id=order_id, due_date=due, attempts=1, visited_at=finished,
                    staff_name="", result=parsed["satisfaction"], remark=f"{IMPORT_NOTE}（原台账未记回访时间）",
                    **stamp)
    return None
