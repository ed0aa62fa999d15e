"""One desk in its own process: logs calls (and repair orders) as fast as it can, one action per session.

    python desk_worker.py URL DESK_NAME CONTACTS REPAIRS START_AT

Waits until the epoch time START_AT so that two desks start together, then prints one JSON line:
{"contacts": [ids], "repairs": [numbers]}.
"""

from __future__ import annotations

import json
import sys
import time

from sqlalchemy import select

from frontdesk.db.engine import Database
from frontdesk.db.models import Staff
from frontdesk.services import calls


def main(url: str, desk: str, contacts: int, repairs: int, start_at: float) -> None:
    db = Database(url)
    with db.session(desk, system=True) as session:
        owner = session.scalar(select(Staff.id).order_by(Staff.id))
    time.sleep(max(0.0, start_at - time.time()))
    made: dict[str, list] = {"contacts": [], "repairs": []}
    repair_every = contacts // repairs if repairs else 0
    for i in range(contacts):
        with db.session(desk, system=True) as session:
            saved = calls.log_contact(session, calls.ContactInput(
                content=f"{desk} 第 {i + 1} 个来电：咨询物业费", caller_name="业主", phone="13800001111"), owner)
        made["contacts"].append(saved.id)
        if repair_every and i % repair_every == 0 and len(made["repairs"]) < repairs:
            from frontdesk.services import repairs as repair_service

            with db.session(desk, system=True) as session:
                order = repair_service.create_order(session, repair_service.RepairInput(
                    description=f"{desk} 报修 {i + 1}：楼道灯不亮", trade="水电", scope="公共",
                    location="1期1栋1单元楼道"), owner)
            made["repairs"].append(order.number)
    db.dispose()
    print(json.dumps(made))


if __name__ == "__main__":
    url, desk, contacts, repairs, start_at = sys.argv[1:6]
    main(url, desk, int(contacts), int(repairs), float(start_at))
