"""派工单: the repair work order the technician takes to the job, on A4 or A5, optionally two
copies per page (维修联 for the technician, 存根联 for the desk), with the owner's signature and
satisfaction box. The GUI's print preview and `frontdesk workorder pdf` use this same file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from frontdesk.files import atomic_output
from frontdesk.reports.fonts import register_pdf_font
from frontdesk.services import clock, repair_knowledge, repairs, repairs_warranty, settings

PAGE_SIZES = {"A4": A4, "A5": A5}
COPY_LABELS = ("第一联 维修联（师傅随单）", "第二联 存根联（前台留存）")


@dataclass
class WorkOrderDocument:
    company: str
    desk_phone: str
    number: str
    reported_at: datetime
    urgency: str
    scope: str
    place: str
    reporter: str
    phone: str
    trade: str
    appointment: str
    warranty: str
    description: str
    technician: str
    dispatched: str
    tools: str
    result: str
    materials: str
    state: str


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""


def document(session: Session, number: str) -> WorkOrderDocument:
    order = repairs.find_by_number(session, number)
    warranty = repairs_warranty.order_status(session, order)
    place = order.unit.code if order.unit else order.location
    return WorkOrderDocument(
        company=str(settings.get(session, "company_name")), desk_phone=str(settings.get(session, "desk_phone")),
        number=order.number, reported_at=order.reported_at, urgency=order.urgency,
        scope="户内（日常报修）" if order.scope == "户内" else "公共（公共报修）", place=place,
        reporter=order.reporter, phone=order.phone, trade=order.trade, appointment=_when(order.appointment_at),
        warranty=warranty.explanation,
        description=order.description, technician=order.technician.name if order.technician else "",
        dispatched=_when(order.dispatched_at), tools=repair_knowledge.knowledge_for(session, order.trade).tools,
        result=order.result, materials=order.materials, state=order.state,
    )


def _styles(font: str, small: bool) -> dict[str, ParagraphStyle]:
    size = 9 if small else 10.5
    base = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK")
    return {
        "cell": base,
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=size + 7, leading=(size + 7) * 1.3, alignment=TA_CENTER),
        "company": ParagraphStyle("company", parent=base, fontSize=size + 2, leading=(size + 2) * 1.4,
                                  alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=size - 1.5, leading=(size - 1.5) * 1.4),
    }


def _copy(doc: WorkOrderDocument, st, width: float, label: str, compact: bool) -> list:
    def p(text: str, style: str = "cell") -> Paragraph:
        return Paragraph(escape(text or "").replace("\n", "<br/>") or "&nbsp;", st[style])

    box = "□"
    blank = 10 * mm if compact else 16 * mm
    moment = "____月____日 ____:____"  # room to write by hand
    # (key, cells): a row of one value spans the three cells after its label.
    rows: list[tuple[str, list]] = [
        ("", [p("报修时间", "label"), p(f"{doc.reported_at:%Y-%m-%d %H:%M}"), p("紧急程度", "label"), p(doc.urgency)]),
        ("", [p("房号/位置", "label"), p(doc.place), p("报修范围", "label"), p(doc.scope)]),
        ("", [p("报修人", "label"), p(doc.reporter), p("联系电话", "label"), p(doc.phone)]),
        ("", [p("专业", "label"), p(doc.trade), p("预约上门", "label"), p(doc.appointment or "尽快上门")]),
        ("span", [p("保修状态", "label"), p(doc.warranty), "", ""]),
        ("description", [p("报修内容", "label"), p(doc.description), "", ""]),
        ("", [p("维修师傅", "label"), p(doc.technician), p("派工时间", "label"), p(doc.dispatched)]),
        ("span", [p("需带工具", "label"), p(doc.tools), "", ""]),
        ("result", [p("维修结果", "label"), p(doc.result), "", ""]),
    ]
    if compact:  # half a page: the times share the materials' row, still with blanks to write in
        rows.append(("", [p("所用材料", "label"), p(doc.materials), p("到场/完工", "label"),
                          p("到场 ___:___　完工 ___:___")]))
    else:
        rows.append(("materials", [p("所用材料", "label"), p(doc.materials), "", ""]))
        rows.append(("times", [p("到场时间", "label"), p(moment), p("完工时间", "label"), p(moment)]))
    rows += [
        ("span", [p("收费", "label"), p(f"{box} 无偿（保修期内或公共部位）\u3000{box} 有偿\u3000金额 ________ 元"), "", ""]),
        ("span", [p("业主评价", "label"),
                  p(f"{box} 满意\u3000{box} 基本满意\u3000{box} 不满意\u3000意见：__________________"), "", ""]),
        ("sign", [p("业主签字", "label"), p(""), p("日期", "label"), p("________年____月____日")]),
    ]
    label_w = 23 * mm
    value_w = (width - 2 * label_w) / 2
    wanted = {"description": blank * (1.1 if compact else 2.2) if len(doc.description) < 60 else None,
              "result": None if doc.result else blank * (1 if compact else 3),
              "materials": None if doc.materials else blank * 1.5, "times": blank, "sign": blank * (0.8 if compact else 1.4)}
    heights = [wanted.get(key) for key, _cells in rows]
    table = Table([cells for _key, cells in rows], colWidths=[label_w, value_w, label_w, value_w], rowHeights=heights)
    spans = [("SPAN", (1, r), (3, r)) for r, (key, _c) in enumerate(rows) if key in ("span", "description", "result",
                                                                                     "materials")]
    halves = [("BACKGROUND", (2, r), (2, r), colors.HexColor("#F0F0F0")) for r, (_k, cells) in enumerate(rows)
              if cells[2] != ""]
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F0F0F0")),
        *halves,
        *spans,
    ]))
    header = Table([[p(label, "small"), p(f"单号：{doc.number}", "small")]], colWidths=[width / 2, width / 2])
    header.setStyle(TableStyle([("ALIGN", (1, 0), (1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether([
        p(doc.company, "company"), p("报修派工单", "title"), header, Spacer(1, 2 * mm), table, Spacer(1, 1.5 * mm),
        p(f"前台电话 {doc.desk_phone}　　完工后请业主签字评价，师傅当日交回前台。", "small"),
    ])]


class _CutLine(Spacer):
    """A dashed line between the two copies on one page."""

    def __init__(self, width: float):
        super().__init__(width, 8 * mm)

    def draw(self) -> None:
        canvas = self.canv
        canvas.setDash(3, 3)
        canvas.setStrokeColor(colors.grey)
        canvas.line(0, 4 * mm, self.width, 4 * mm)


def write_work_orders(session: Session, numbers: Sequence[str], out: Path, page: str = "A4",
                      two_copies: bool = False) -> int:
    """One page per order (two copies on it when asked); returns the number of pages."""
    font = register_pdf_font()
    size = PAGE_SIZES.get(page.upper())
    if size is None:
        raise ValueError(page)
    docs = [document(session, n) for n in numbers]
    compact = two_copies or size == A5
    margin = 10 * mm if compact else 16 * mm
    st = _styles(font, small=compact)
    width = size[0] - 2 * margin
    story: list = []
    for index, doc in enumerate(docs):
        if index:
            story.append(PageBreak())
        if two_copies:
            story += _copy(doc, st, width, COPY_LABELS[0], True) + [_CutLine(width)]
            story += _copy(doc, st, width, COPY_LABELS[1], True)
        else:
            story += _copy(doc, st, width, "", compact)
    printed = clock.now()

    def footer(canvas, template) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(margin, margin / 2, f"打印：{printed:%Y-%m-%d %H:%M}")
        canvas.drawRightString(size[0] - margin, margin / 2, f"第 {template.page} 页")
        canvas.restoreState()

    with atomic_output(out) as tmp:
        pdf = SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=margin,
                                bottomMargin=margin, initialFontName=font, title=f"报修派工单 {', '.join(numbers)}",
                                author=docs[0].company if docs else "")
        pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return pdf.page
