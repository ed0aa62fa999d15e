"""Demo staff, units and owners with plausible Chinese names and phones."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontdesk.db.models import Occupancy, Person, PersonPhone, Staff, Unit
from frontdesk.services import clock
from frontdesk.services.text import pinyin_initials

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严武戴孔汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国文辉玉红梅海燕志春晓东亮婷雪琳慧鹏飞宇浩然子涵欣怡俊"

DEMO_STAFF = (
    ("张丽", "前台客服"), ("王芳", "前台客服"), ("李娜", "前台客服"), ("陈静", "前台客服"),
    ("刘洋", "收费员"), ("赵敏", "收费员"), ("周建国", "维修工"), ("孙强", "维修工"),
    ("吴海燕", "客服主管"), ("管理员", "管理员"),
)

PHASE_HANDOVER_YEARS = {1: 2012, 2: 2016, 3: 2022}


def phase_shape(phase: int) -> int:
    """Which of the three demo phases `phase` is built like: a company of several estates numbers them
    on (一至三期 the first estate, 四至六期 the second, …), each estate handed over and paying as the first."""
    return (phase - 1) % len(PHASE_HANDOVER_YEARS) + 1


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188",
                       "130", "131", "132", "155", "156", "133", "153", "180", "189", "177")) + \
        f"{rng.randrange(10**8):08d}"


def make_staff(session: Session) -> list[Staff]:
    now = clock.now()
    existing = set(session.scalars(select(Staff.name)))
    session.execute(insert(Staff), [
        dict(name=name, role=role, post=role, phone="", active=True, created_at=now, created_by="演示数据",
             updated_at=now, updated_by="演示数据", version=1)
        for name, role in DEMO_STAFF if name not in existing
    ])
    return list(session.scalars(select(Staff).order_by(Staff.id)))


def _stamp(now) -> dict:
    return dict(created_at=now, created_by="演示数据", updated_at=now, updated_by="演示数据", version=1)


def make_units(session: Session, rng: random.Random, year: int, scale) -> tuple[int, int]:
    now = clock.now()
    units, persons, phones, occupancies = [], [], [], []
    unit_id = person_id = 0
    for phase_index, buildings in enumerate(scale.buildings_per_phase):
        phase = phase_index + 1
        floors = scale.floors_per_phase[phase_index]
        shape = phase_shape(phase)
        handover_year = min(PHASE_HANDOVER_YEARS[shape], year - 1)
        for building in range(1, buildings + 1):
            for entrance in (1, 2):
                for floor in range(1, floors + 1):
                    for door in (1, 2):
                        unit_id += 1
                        room = f"{floor:02d}{door:02d}"
                        handed = shape < 3 or rng.random() < 0.7
                        handover = date(handover_year, rng.randint(3, 11), rng.randint(1, 28)) if handed else None
                        units.append(dict(
                            id=unit_id, phase=phase, building=building, entrance=entrance, room=room,
                            code=f"{phase}-{building}-{entrance}-{room}",
                            area=Decimal(rng.choice((68, 76, 89, 96, 105, 118, 126, 143))) + Decimal(rng.randint(0, 99)) / 100,
                            handover_state="已收房" if handed else "未收房", handover_date=handover, remark="",
                            **_stamp(now)))
                        if not handed:
                            continue
                        household = [("业主", 0.0), ("家属", 0.4), ("租户", 0.1)]
                        for relation, chance in household:
                            if chance and rng.random() > chance:
                                continue
                            person_id += 1
                            name = person_name(rng)
                            persons.append(dict(id=person_id, name=name, name_initials=pinyin_initials(name),
                                                remark="", **_stamp(now)))
                            for _ in range(1 if rng.random() < 0.8 else 2):
                                phones.append(dict(person_id=person_id, phone=mobile(rng)))
                            occupancies.append(dict(unit_id=unit_id, person_id=person_id, relation=relation))
    session.execute(insert(Unit), units)
    session.execute(insert(Person), persons)
    session.execute(insert(PersonPhone), list({(p["person_id"], p["phone"]): p for p in phones}.values()))
    session.execute(insert(Occupancy), occupancies)
    return len(units), len(persons)
