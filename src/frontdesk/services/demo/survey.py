"""A year of quarterly 满意度调查: planned at each quarter's start, answered over its weeks.

Written through the survey services with the clock moved, so numbers, samples (last quarter's units
avoided) and stamps are what the desk would have produced. Areas differ the way desks report them
(收费 and 秩序维护 below 客服前台) and every area improves a little each quarter; nothing after now.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from frontdesk.services import clock, survey_answers, surveys

# Mean score of each default area at the start of the year; unknown areas get 4.0.
BASE = {"客服前台": 4.35, "工程维修": 3.9, "保洁": 4.1, "绿化": 4.05, "秩序维护": 3.6, "收费": 3.45}
GAIN_PER_QUARTER = 0.08
LOW_COMMENTS = {
    "客服前台": ["前台电话有时打不通", "办事要跑好几趟，希望一次讲清楚"],
    "工程维修": ["报修后师傅第二天才来", "维修后没有清理现场", "同一个问题修了两次还漏水"],
    "保洁": ["楼道垃圾清运不及时", "电梯轿厢经常有污渍", "地下车库灰尘大"],
    "绿化": ["草坪很久没有修剪", "楼下树木遮挡采光，希望修枝"],
    "秩序维护": ["外来车辆随意进出", "夜间巡逻看不到人", "电动车在楼道充电没人管"],
    "收费": ["物业费上涨没有说明", "收费明细看不懂", "停车费太贵"],
}
GOOD_COMMENTS = ["总体不错，继续保持", "前台服务态度好", "希望多组织社区活动", "小区环境比去年好"]
STATUS_WEIGHTS = (("已答", 82), ("拒访", 7), ("无法联系", 11))


def _quota(rng: random.Random, mean: float, count: int) -> list[int]:
    """`count` scores in the proportions of a rounded normal around `mean`, shuffled: a quarter's results
    then follow the means closely (the demo shows the trend, not sampling noise)."""
    weights = {s: math.exp(-((s - mean) ** 2) / (2 * 0.8**2)) for s in range(1, 6)}
    total = sum(weights.values())
    exact = {s: count * w / total for s, w in weights.items()}
    counts = {s: int(x) for s, x in exact.items()}
    for s in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:count - sum(counts.values())]:
        counts[s] += 1
    scores = [s for s, n in counts.items() for _ in range(n)]
    rng.shuffle(scores)
    return scores


def _answers(rng: random.Random, units: list, areas: list[str], quarter_index: int, days: list) -> list:
    statuses = [rng.choices([s for s, _w in STATUS_WEIGHTS], [w for _s, w in STATUS_WEIGHTS])[0] for _ in units]
    answering = [i for i, status in enumerate(statuses) if status == "已答"]
    quotas = {a: _quota(rng, BASE.get(a, 4.0) + GAIN_PER_QUARTER * quarter_index, len(answering)) for a in areas}
    area_scores = {i: {a: quotas[a].pop() if rng.random() > 0.04 else None for a in areas} for i in answering}
    # 总体满意度 follows the areas: the same proportions around their average mean, the happiest units highest.
    mean_of_means = sum(BASE.get(a, 4.0) for a in areas) / len(areas) + GAIN_PER_QUARTER * quarter_index
    overall_quota = sorted(_quota(rng, mean_of_means + 0.1, len(answering)))
    by_mood = sorted(answering, key=lambda i: (sum(v for v in area_scores[i].values() if v) /
                                               max(1, sum(1 for v in area_scores[i].values() if v)), rng.random()))
    overall = dict(zip(by_mood, overall_quota, strict=True))
    rows = []
    for i, su in enumerate(units):
        method = "上门" if rng.random() < 0.6 else "电话"
        if statuses[i] != "已答":
            rows.append(survey_answers.AnswerInput(su.id, status=statuses[i], answered_on=days[i], method=method))
            continue
        scores = area_scores[i]
        low = [a for a, s in scores.items() if s is not None and s <= 2]
        comment = ""
        if low and rng.random() < 0.7:
            comment = "；".join(rng.choice(LOW_COMMENTS.get(a, ["希望改进"])) for a in low[:2])
        elif not low and rng.random() < 0.12:
            comment = rng.choice(GOOD_COMMENTS)
        respondent = su.owner_name if rng.random() < 0.85 else su.owner_name[:1] + "先生"
        rows.append(survey_answers.AnswerInput(su.id, scores, overall[i], "已答", respondent, days[i], method, comment))
    return rows


def make_surveys(session: Session, rng: random.Random, year: int | None, scale) -> int:
    now = clock.now()
    today = now.date()
    year = year or today.year
    per_building = 5 if scale.days is None else 4
    made = 0
    for index in range(4):
        quarter = surveys.Quarter(year, index + 1)
        planned_day = quarter.first_day + timedelta(days=2)
        if planned_day > today:
            break
        with clock.frozen_at(min(datetime.combine(planned_day, time(9, 30)), now)):
            planned = surveys.plan_survey(session, surveys.PlanInput(quarter.key, per_building, seed=rng.randrange(1, 10**6)))
        made += 1
        survey = surveys.get_survey(session, planned.number)
        areas = surveys.areas_of(survey)
        last_day = quarter.last_day - timedelta(days=10)  # the running quarter: later days stay 未答
        span = max(1, (last_day - planned_day).days)
        days = [planned_day + timedelta(days=1 + rng.randrange(span)) for _su in survey.units]
        reached = [(su, day) for su, day in zip(survey.units, days, strict=True) if day <= today]
        rows = _answers(rng, [su for su, _d in reached], areas, index, [d for _su, d in reached])
        if rows:
            with clock.frozen_at(min(datetime.combine(max(r.answered_on for r in rows), time(17, 30)), now)):
                survey_answers.save_answers(session, rows)
    return made
