"""月会纪要 and 整改通知单 on A4: company header, the vendor and meeting, the problems with their deadlines and
followers, and the signature lines. Long tables run onto further pages; every page is numbered."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.reports.fonts import register_pdf_font
from frontdesk.services.notice_text import chinese_date
from frontdesk.services.vendor_documents import MinutesDocument

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": base,
        "indented": ParagraphStyle("indented", parent=base, firstLineIndent=21),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13),
        "company": ParagraphStyle("company", parent=base, fontSize=13, leading=18, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=TA_CENTER,
                                spaceAfter=6),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>") or "&nbsp;", style)


def _info_table(doc: MinutesDocument, styles, width: float) -> Table:
    cell = styles["cell"]
    rows = [
        [_p("外包方", cell), _p(doc.vendor, cell), _p("服务内容", cell), _p(doc.service, cell)],
        [_p("会议日期", cell), _p(chinese_date(doc.held_on), cell), _p("主持人", cell), _p(doc.chaired_by, cell)],
        [_p("外包方联系人", cell), _p(doc.vendor_contact, cell), _p("项目", cell), _p(doc.project, cell)],
        [_p("参会人员", cell), _p(doc.attendees, cell), "", ""],
    ]
    table = Table(rows, colWidths=[width * 0.15, width * 0.35, width * 0.15, width * 0.35])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (1, 3), (3, 3)),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93)),
        ("BACKGROUND", (2, 0), (2, 2), colors.Color(0.93, 0.93, 0.93)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _items_table(doc: MinutesDocument, styles, width: float, with_status: bool) -> Table:
    cell = styles["cell"]
    header = ["序号", "位置", "问题描述", "整改限期", "跟进人"] + (["状态"] if with_status else [])
    rows = [[_p(h, cell) for h in header]]
    for number, item in enumerate(doc.items, start=1):
        description = item.description + (f"（上月结转，第 {item.carry_overs} 次）" if item.carry_overs else "")
        row = [str(number), item.location, description, f"{item.deadline:%Y-%m-%d}", item.follower]
        if with_status:
            row.append(item.status)
        rows.append([_p(v, cell) for v in row])
    if len(rows) == 1:
        rows.append([_p("本次月会未提出问题", cell)] + [""] * (len(header) - 1))
    shares = [0.07, 0.18, 0.41, 0.13, 0.11, 0.10] if with_status else [0.07, 0.22, 0.46, 0.14, 0.11]
    table = Table(rows, colWidths=[width * s for s in shares], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93))]
    if len(doc.items) == 0:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return table


def _signatures(left: str, right: str, styles, width: float) -> Table:
    cell = styles["body"]
    rows = [[_p(f"{left}（签字）：＿＿＿＿＿＿＿＿", cell), _p(f"{right}（签字）：＿＿＿＿＿＿＿＿", cell)],
            [_p("日期：＿＿＿＿年＿＿月＿＿日", cell), _p("日期：＿＿＿＿年＿＿月＿＿日", cell)]]
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 10)]))
    return table


def _page_number(label: str):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(register_pdf_font(), 8)
        canvas.drawCentredString(PAGE_W / 2, 10 * mm, f"{label}　第 {doc.page} 页")
        canvas.restoreState()
    return draw


def _build(out: Path | str, title: str, label: str, story: list, author: str) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    pdf = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
                            bottomMargin=18 * mm, title=title, author=author)
    pdf.build(story, onFirstPage=_page_number(label), onLaterPages=_page_number(label))
    tmp.replace(out)
    return out


def render_minutes(doc: MinutesDocument, out: Path | str) -> Path:
    styles = _styles(register_pdf_font())
    width = PAGE_W - 2 * MARGIN
    story = [
        _p(doc.company, styles["company"]), _p("外包方月会纪要", styles["title"]),
        _info_table(doc, styles, width),
        _p("一、会议内容", styles["heading"]),
        *[_p(line.strip(), styles["indented"]) for line in (doc.minutes or "（无）").split("\n")],
        _p(f"二、需整改问题（共 {len(doc.items)} 项，到期由跟进人复查：已整改的关闭，未整改的结转下月月会）",
           styles["heading"]),
        _items_table(doc, styles, width, with_status=True),
        Spacer(1, 10 * mm),
        KeepTogether([_p("三、签字确认", styles["heading"]),
                      _signatures("物业方代表", "外包方代表", styles, width)]),
    ]
    label = f"{doc.vendor} {doc.held_on:%Y-%m} 月会纪要"
    return _build(out, label, label, story, doc.company)


def render_rectification(doc: MinutesDocument, out: Path | str) -> Path:
    styles = _styles(register_pdf_font())
    width = PAGE_W - 2 * MARGIN
    text = (f"经 {chinese_date(doc.held_on)} 月会检查，贵司在{doc.project}{doc.service}服务中存在以下问题，"
            "不符合服务合同的要求。请贵司于各项整改限期内整改完毕，并通知跟进人复查；"
            "到期复查未整改的，将结转下月月会并记入贵司的月度考评，作为合同考核的依据。")
    story = [
        _p(doc.company, styles["company"]), _p("整改通知单", styles["title"]),
        _p(f"{doc.vendor}：", styles["body"]), Spacer(1, 2 * mm), _p(text, styles["indented"]), Spacer(1, 4 * mm),
        _items_table(doc, styles, width, with_status=False), Spacer(1, 6 * mm),
        _p(f"{doc.company}　客服中心　电话 {doc.phone}", styles["body"]),
        _p(chinese_date(doc.printed_on or doc.held_on), styles["body"]),
        Spacer(1, 8 * mm),
        KeepTogether([_signatures("物业方经办人", "外包方签收人", styles, width)]),
    ]
    label = f"{doc.vendor} 整改通知单（{doc.held_on:%Y-%m} 月会）"
    return _build(out, label, label, story, doc.company)
