"""满意度调查问卷 on A4: one page per sampled unit, and the phone script with its call sheet.

A questionnaire page: the company header, the unit in words and the owner, a 5-box row per question
(非常满意 … 非常不满意), 总体满意度, a box for 意见与建议, and a tear-off slip the surveyor brings back
(unit, status 已答/拒访/无法联系, who and when). The phone script is what to say, then a sheet of the
sampled units with their phones and a cell per area to note the score while talking.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Table, TableStyle
from sqlalchemy.orm import Session

from frontdesk.db.models.surveys import SCALE
from frontdesk.reports.fonts import register_pdf_font
from frontdesk.reports.pdf.typesetting import install_kinsoku
from frontdesk.services import settings
from frontdesk.services.surveys import (
    OVERALL,
    areas_of,
    get_survey,
    parse_quarter,
    questions_of,
    unit_in_words,
)

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
CUT_Y = 52 * mm
BOXES = [SCALE[s] for s in (5, 4, 3, 2, 1)]


@dataclass
class Sheet:
    serial: str  # DC-2025Q3-017
    place: str
    owner: str
    phone: str


@dataclass
class SurveyDocument:
    number: str
    label: str
    company: str
    desk_phone: str
    areas: list[str]
    questions: dict[str, str]
    sheets: list[Sheet]


def document(session: Session, number: str) -> SurveyDocument:
    survey = get_survey(session, number)
    units = sorted(survey.units, key=lambda su: (su.unit.phase, su.unit.building, su.unit.entrance, su.unit.room))
    sheets = [Sheet(f"{survey.number}-{i:03d}", unit_in_words(su.unit), su.owner_name, su.phone)
              for i, su in enumerate(units, start=1)]
    return SurveyDocument(survey.number, parse_quarter(survey.quarter).label, str(settings.get(session, "company_name")),
                          str(settings.get(session, "desk_phone")), areas_of(survey), questions_of(survey), sheets)


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": base,
        "indented": ParagraphStyle("indented", parent=base, firstLineIndent=21),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13),
        "box": ParagraphStyle("box", parent=base, fontSize=9.5, leading=13, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=13),
        "title": ParagraphStyle("title", parent=base, fontSize=19, leading=26, alignment=TA_CENTER),
        "company": ParagraphStyle("company", parent=base, fontSize=12.5, leading=18, alignment=TA_CENTER),
        "slip_title": ParagraphStyle("slip", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
    }


def _frame(c: Canvas, flowables: list, x: float, y: float, w: float, h: float) -> None:
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    frame.addFromList([KeepInFrame(w, h, flowables, mode="shrink")], c)


def _footer(c: Canvas, st, text: str, page: int, pages: int) -> None:
    c.setFont(st["small"].fontName, 8)
    c.setFillColor(colors.black)
    c.drawCentredString(PAGE_W / 2, 8 * mm, f"{text}　第 {page} 页 / 共 {pages} 页")


def _question_table(doc: SurveyDocument, st, width: float) -> Table:
    p = Paragraph
    rows = [[p("调查项目", st["cell"]), *[p(b, st["box"]) for b in BOXES]]]
    for index, area in enumerate(doc.areas, start=1):
        rows.append([p(f"{index}. {escape(doc.questions.get(area, area))}", st["cell"]), *["□"] * 5])
    rows.append([p(f"{len(doc.areas) + 1}. 您对本季度物业服务的{OVERALL}", st["cell"]), *["□"] * 5])
    first = width - 5 * 21 * mm
    table = Table(rows, colWidths=[first] + [21 * mm] * 5, rowHeights=[9 * mm] + [10 * mm] * (len(rows) - 1))
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName), ("FONTSIZE", (1, 1), (-1, -1), 15),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF5")),
        ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.HexColor("#F5F5F5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 1), (-1, -1), "CENTER"),
    ]))
    return table


def _questionnaire(c: Canvas, doc: SurveyDocument, sheet: Sheet, st) -> None:
    width = PAGE_W - 2 * MARGIN
    top = PAGE_H - 14 * mm
    c.setFont(st["small"].fontName, 9)
    c.drawRightString(PAGE_W - MARGIN, top + 2 * mm, f"问卷编号：{sheet.serial}")
    _frame(c, [Paragraph(escape(doc.company), st["company"]),
               Paragraph(f"业主满意度调查问卷（{escape(doc.label)}）", st["title"])], MARGIN, top - 18 * mm, width, 17 * mm)
    c.setLineWidth(0.8)
    c.line(MARGIN, top - 20 * mm, PAGE_W - MARGIN, top - 20 * mm)
    y = top - 22 * mm
    intro = [
        Paragraph(f"房屋：<b>{escape(sheet.place)}</b>&nbsp;&nbsp;&nbsp;&nbsp;业主：{escape(sheet.owner) or '＿＿＿＿＿＿'}", st["body"]),
        Paragraph("尊敬的业主/住户：", st["body"]),
        Paragraph(escape(f"感谢您一直以来对{doc.company}工作的支持！为了解您对我们各项服务的评价，持续改进服务质量，"
                         "我们每季度开展一次业主满意度调查。请在每一项最符合您感受的方框内打“√”，每项只选一个；"
                         "您的意见我们将逐条整理、限期答复。"), st["indented"]),
    ]
    _frame(c, intro, MARGIN, y - 30 * mm, width, 30 * mm)
    y -= 33 * mm
    table = _question_table(doc, st, width)
    _w, height = table.wrap(width, y)
    table.drawOn(c, MARGIN, y - height)
    y -= height + 6 * mm
    box_bottom = CUT_Y + 22 * mm
    c.setFont(st["body"].fontName, 10.5)
    c.drawString(MARGIN, y, f"{len(doc.areas) + 2}. 意见与建议（请写下您最希望我们改进的地方）：")
    c.setLineWidth(0.6)
    c.rect(MARGIN, box_bottom, width, y - 3 * mm - box_bottom)
    c.saveState()
    c.setStrokeColor(colors.HexColor("#BBBBBB"))
    c.setDash(1, 2)
    line_y = y - 3 * mm - 9 * mm
    while line_y > box_bottom + 3 * mm:
        c.line(MARGIN + 3 * mm, line_y, PAGE_W - MARGIN - 3 * mm, line_y)
        line_y -= 9 * mm
    c.restoreState()
    c.setFont(st["body"].fontName, 10)
    c.drawString(MARGIN, CUT_Y + 13 * mm, "受访人：＿＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿＿＿＿＿　填写日期：＿＿＿＿年＿＿月＿＿日")
    c.drawString(MARGIN, CUT_Y + 6 * mm, f"填好后请交回调查员或投入客服中心意见箱；如有疑问请致电 {doc.desk_phone}。")
    _slip(c, doc, sheet, st)


def _slip(c: Canvas, doc: SurveyDocument, sheet: Sheet, st) -> None:
    c.saveState()
    c.setDash(4, 3)
    c.setStrokeColor(colors.grey)
    c.line(MARGIN - 8 * mm, CUT_Y, PAGE_W - MARGIN + 8 * mm, CUT_Y)
    c.setFont(st["small"].fontName, 8)
    c.setFillColor(colors.grey)
    c.drawCentredString(PAGE_W / 2, CUT_Y + 1.5 * mm, "沿此虚线撕下，回执由调查员带回客服中心登记")
    c.restoreState()
    body = [
        Paragraph(f"满意度调查回执（{escape(doc.number)}）", st["slip_title"]),
        Paragraph(escape(f"问卷编号：{sheet.serial}　　房屋：{sheet.place}　　业主：{sheet.owner}"), st["body"]),
        Paragraph("结果：□已答　□拒访　□无法联系　　方式：□上门　□电话　□问卷", st["body"]),
        Paragraph("调查员：＿＿＿＿＿＿＿＿　调查日期：＿＿＿＿年＿＿月＿＿日　备注：＿＿＿＿＿＿＿＿＿＿＿＿", st["body"]),
    ]
    _frame(c, body, MARGIN, 13 * mm, PAGE_W - 2 * MARGIN, CUT_Y - 16 * mm)


def _canvas(out: Path, title: str, company: str) -> tuple[Canvas, Path]:
    install_kinsoku()  # no line of the greeting or the script starts with ；or ，
    font = register_pdf_font()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    c = Canvas(str(tmp), pagesize=A4, pageCompression=1, initialFontName=font, initialFontSize=10)
    c.setTitle(title)
    c.setAuthor(company)
    return c, tmp


def render_questionnaires(doc: SurveyDocument, out: Path | str) -> Path:
    out = Path(out)
    st = _styles(register_pdf_font())
    c, tmp = _canvas(out, f"业主满意度调查问卷 {doc.number}", doc.company)
    for page, sheet in enumerate(doc.sheets, start=1):
        _questionnaire(c, doc, sheet, st)
        _footer(c, st, doc.number, page, len(doc.sheets))
        c.showPage()
    c.save()
    tmp.replace(out)
    return out


def _script_paragraphs(doc: SurveyDocument, st) -> list:
    say = [
        f"您好！请问是（业主姓名）先生/女士吗？我是{doc.company}客服中心的工作人员，工号＿＿＿＿。我们正在做{doc.label}的业主"
        f"满意度调查，想耽误您两三分钟，请您对我们的几项服务打个分，可以吗？",
        "（如业主不方便：）好的，打扰了，请问什么时间再给您打比较方便？——记下时间；明确拒绝的，在记录表上记“拒访”。",
        "每一项请您从“非常满意、满意、一般、不满意、非常不满意”中选一个。",
    ]
    items = [f"{i}. {doc.questions.get(a, a)}" for i, a in enumerate(doc.areas, start=1)]
    items.append(f"{len(doc.areas) + 1}. 总的来说，您对我们本季度的物业服务满意吗？（{OVERALL}）")
    items.append(f"{len(doc.areas) + 2}. 您对我们还有什么意见和建议吗？（请如实记下原话）")
    closing = [
        "（业主评“不满意”或“非常不满意”时：）非常抱歉给您带来不便，能具体说说是哪方面的问题吗？"
        "我们记下来后会安排专人跟进，并在处理后回访您。",
        f"非常感谢您的支持！如有需要，随时拨打客服中心电话 {doc.desk_phone}。再见！",
        "记录：评分按 5 非常满意、4 满意、3 一般、2 不满意、1 非常不满意记入下表，没问到的留空；"
        "无人接听或号码错误两次以上记“无法联系”。",
    ]
    flow = [Paragraph(f"满意度调查电话话术（{escape(doc.number)}）", st["title"]), Paragraph("开场：", st["body"])]
    flow += [Paragraph(escape(t), st["indented"]) for t in say]
    flow.append(Paragraph("提问：", st["body"]))
    flow += [Paragraph(escape(t), st["indented"]) for t in items]
    flow.append(Paragraph("结束：", st["body"]))
    flow += [Paragraph(escape(t), st["indented"]) for t in closing]
    return flow


def _call_sheet(doc: SurveyDocument, st, rows: list[Sheet], start: int) -> Table:
    header = ["序号", "房屋", "业主", "电话", *doc.areas, "总体", "状态"]
    data = [[Paragraph(escape(h), st["box"]) for h in header]]
    for i, sheet in enumerate(rows, start=start):
        data.append([str(i), Paragraph(escape(sheet.place), st["cell"]), Paragraph(escape(sheet.owner), st["cell"]),
                     sheet.phone, *[""] * (len(doc.areas) + 2)])
    fixed = [9 * mm, 36 * mm, 17 * mm, 25 * mm]
    rest = (PAGE_W - 2 * MARGIN - sum(fixed)) / (len(doc.areas) + 2)
    table = Table(data, colWidths=fixed + [rest] * (len(doc.areas) + 2), repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("MINROWHEIGHT", (0, 1), (-1, -1), 8 * mm),
    ]))
    return table


def render_phone_script(doc: SurveyDocument, out: Path | str) -> Path:
    out = Path(out)
    st = _styles(register_pdf_font())
    c, tmp = _canvas(out, f"满意度调查电话话术 {doc.number}", doc.company)
    per_page = 26
    chunks = [doc.sheets[i:i + per_page] for i in range(0, len(doc.sheets), per_page)] or [[]]
    pages = 1 + len(chunks)
    _frame(c, _script_paragraphs(doc, st), MARGIN, 16 * mm, PAGE_W - 2 * MARGIN, PAGE_H - 32 * mm)
    _footer(c, st, doc.number, 1, pages)
    c.showPage()
    for index, chunk in enumerate(chunks):
        c.setFont(st["body"].fontName, 11)
        c.drawString(MARGIN, PAGE_H - 16 * mm, f"电话调查记录表　{doc.number}　{doc.label}")
        table = _call_sheet(doc, st, chunk, index * per_page + 1)
        _w, height = table.wrap(PAGE_W - 2 * MARGIN, PAGE_H)
        table.drawOn(c, MARGIN, PAGE_H - 20 * mm - height)
        c.setFont(st["small"].fontName, 8)
        c.drawString(MARGIN, 13 * mm, "评分：5 非常满意　4 满意　3 一般　2 不满意　1 非常不满意；状态：已答 / 拒访 / 无法联系。"
                                      "调查员：＿＿＿＿＿＿")
        _footer(c, st, doc.number, index + 2, pages)
        c.showPage()
    c.save()
    tmp.replace(out)
    return out


def write_survey_pdf(session: Session, number: str, out: Path | str, phone_script: bool = False) -> Path:
    doc = document(session, number)
    return render_phone_script(doc, out) if phone_script else render_questionnaires(doc, out)
