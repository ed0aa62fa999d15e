"""One collector's desk in its own process: pays each listed unit's whole arrears at agreed moments.

    python payment_worker.py URL COLLECTOR_ID START_AT SPACING UNIT:AMOUNT ...

Trial i starts at epoch START_AT + i * SPACING, so two desks pay the same unit at the same moment.
Prints one JSON line: [{"unit": id, "receipt": "SK-…"} or {"unit": id, "refused": "message"}, …].
"""

from __future__ import annotations

import json
import sys
import time

from frontdesk.db.engine import Database
from frontdesk.db.models import Staff
from frontdesk.errors import DomainError
from frontdesk.services import payments


def main(url: str, collector_id: int, start_at: float, spacing: float, trials: list[tuple[int, str]]) -> None:
    db = Database(url)
    with db.session(system=True) as session:  # connected and warmed up before the first trial
        payments.open_charges(session, trials[0][0])
        name = session.get(Staff, collector_id).name  # a collector takes money in her own name
    outcome = []
    for index, (unit_id, amount) in enumerate(trials):
        time.sleep(max(0.0, start_at + index * spacing - time.time()))
        try:
            with db.session(name, "收费员") as session:
                receipt = payments.take_payment(session, payments.PaymentInput(
                    unit_id=unit_id, amount=amount, method="现金", collector_id=collector_id)).receipt_no
            outcome.append({"unit": unit_id, "receipt": receipt})
        except DomainError as exc:
            outcome.append({"unit": unit_id, "refused": exc.message})
    db.dispose()
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    url, collector, start, spacing, *pairs = sys.argv[1:]
    main(url, int(collector), float(start), float(spacing),
         [(int(p.split(":")[0]), p.split(":")[1]) for p in pairs])
