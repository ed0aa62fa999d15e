"""报修知识库: per trade, the typical faults, what to ask the caller, what the technician brings.

Shown beside the order form when a trade is chosen, so a new receptionist asks the right
questions; the desk edits it as it learns (the training sessions with the 工程部 masters).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.db.models import RepairKnowledge
from frontdesk.errors import ValidationError
from frontdesk.services import authz, settings
from frontdesk.services.text import normalize

DEFAULTS: dict[str, tuple[str, str, str]] = {
    "水电": ("跳闸、插座无电、灯具不亮、水龙头滴漏、水压低",
             "是整户停电还是个别回路？总闸是否跳闸？漏水点在哪里、是否已关总阀？",
             "电笔、万用表、绝缘胶布、空开、灯泡、水龙头阀芯、生料带"),
    "土建": ("墙面开裂、瓷砖空鼓脱落、卫生间渗水到楼下、外墙渗水发霉",
             "渗水位置和面积？楼上是否有人在家？是否刚装修过？有无照片？",
             "闭水试验工具、防水涂料、水泥砂浆、瓷砖胶、抹灰工具"),
    "门窗": ("入户门锁芯损坏、门关不严、窗户推拉不顺、玻璃破裂、纱窗脱落",
             "是打不开还是关不上？有无人被困在门外？玻璃破损是否有安全隐患？",
             "锁芯、合页、滑轮、密封条、螺丝刀、电钻、玻璃胶"),
    "电梯": ("电梯异响、停梯、困人、按钮失灵、门开关异常",
             "是否有人被困？哪一栋哪一部电梯？停在几楼？有无异常声音或气味？",
             "立即通知电梯维保单位；困人时先安抚并告知救援时间（不超过 30 分钟）"),
    "管道": ("下水道堵塞、地漏返水、马桶堵塞、水管爆裂、暖气不热",
             "是一处堵还是多处返水？楼上楼下是否同样？是否已关阀门？",
             "疏通机、皮搋子、管钳、生料带、管件、排气钥匙"),
    "公共设施": ("楼道灯不亮、单元门损坏、路灯不亮、健身器材损坏、井盖松动",
                 "具体在几期几栋几单元几楼？是否影响通行或有安全隐患？",
                 "灯泡、闭门器、螺丝刀、警示牌、扳手"),
    "弱电": ("门禁不能刷卡、可视对讲不通、监控黑屏、车闸不抬杆",
             "是整个单元还是一户？门禁卡是否刚补办？何时开始出现？",
             "门禁读卡器、对讲分机、网线钳、电源适配器、笔记本电脑"),
    "其他": ("其他需要工程部查看的问题", "请详细记录问题、位置和业主方便的时间", "视现场情况准备"),
}


@dataclass
class Knowledge:
    trade: str
    faults: str
    questions: str
    tools: str

    def as_text(self) -> str:
        return f"常见故障：{self.faults}\n\n要问业主：{self.questions}\n\n师傅需带：{self.tools}"


def knowledge_for(session: Session, trade: str) -> Knowledge:
    row = session.scalar(select(RepairKnowledge).where(RepairKnowledge.trade == trade))
    if row is not None:
        return Knowledge(row.trade, row.faults, row.questions, row.tools)
    faults, questions, tools = DEFAULTS.get(trade, ("", "", ""))
    return Knowledge(trade, faults, questions, tools)


def save_knowledge(session: Session, trade: str, faults: str, questions: str, tools: str) -> None:
    """The supervisor's edit of one trade's entry (the settings permission)."""
    authz.require(session, "settings")
    trade = normalize(trade)
    if trade not in settings.lookup_values(session, "repair_trade"):
        raise ValidationError({"trade": f"专业“{trade}”不在专业列表中，请从列表中选择"})
    if not any(normalize(t) for t in (faults, questions, tools)):
        raise ValidationError({"faults": "请至少填写常见故障、要问的问题或需带工具中的一项"})
    row = session.scalar(select(RepairKnowledge).where(RepairKnowledge.trade == trade))
    if row is None:
        row = RepairKnowledge(trade=trade)
        session.add(row)
    row.faults, row.questions, row.tools = normalize(faults), normalize(questions), normalize(tools)
