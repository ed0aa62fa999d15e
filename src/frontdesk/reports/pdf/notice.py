"""整改通知书 on A4: one notice per page, company stamp area, and a tear-off 签收回执 with the number.

The same file serves the GUI's print preview and `frontdesk notice pdf`, so what is previewed
is what is printed. A long description shrinks the body text to fit; nothing runs off the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph
from sqlalchemy.orm import Session

from frontdesk.files import atomic_output, part_path
from frontdesk.reports.fonts import register_pdf_font
from frontdesk.reports.pdf.logo import draw_logo
from frontdesk.services.notice_text import chinese_date
from frontdesk.services.unit_codes import unit_in_words
from frontdesk.services.violation_notices import NoticeDocument, document

PAGE_W, PAGE_H = A4
MARGIN = 20 * mm
CUT_Y = 78 * mm  # the dashed line above the receipt
COPY_LABELS = {1: ("",), 2: ("第一联 业主联", "第二联 存根联（物业留存）")}


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=12, leading=22, wordWrap="CJK")
    return {
        "body": ParagraphStyle("body", parent=base),
        "indented": ParagraphStyle("indented", parent=base, firstLineIndent=24),
        "small": ParagraphStyle("small", parent=base, fontSize=10.5, leading=17),
        "fill_in": ParagraphStyle("fill_in", parent=base, fontSize=10.5, leading=17, spaceBefore=9),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=28, alignment=TA_CENTER),
        "company": ParagraphStyle("company", parent=base, fontSize=13, leading=18, alignment=TA_CENTER),
        "receipt_title": ParagraphStyle("rt", parent=base, fontSize=15, leading=20, alignment=TA_CENTER),
    }


def _paragraphs(text: str, styles) -> list[Paragraph]:
    """One paragraph per line; a line the template indents with spaces gets a two-character indent."""
    result = []
    for line in text.split("\n"):
        indented = line[:1] in ("\u3000", " ")
        line = line.strip(" \u3000")
        result.append(Paragraph(escape(line) or "&nbsp;", styles["indented" if indented else "body"]))
    return result


def _draw_frame(c: Canvas, flowables: list, x: float, y: float, w: float, h: float) -> None:
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    frame.addFromList([KeepInFrame(w, h, flowables, mode="shrink")], c)


def _header(c: Canvas, doc: NoticeDocument, styles, copy_label: str) -> float:
    width = PAGE_W - 2 * MARGIN
    top = PAGE_H - 16 * mm
    if copy_label:
        c.setFont(styles["small"].fontName, 9)
        c.drawString(MARGIN, top + 4 * mm, copy_label)
    if doc.logo:
        draw_logo(c, doc.logo, MARGIN, top - 1 * mm)
    _draw_frame(c, [Paragraph(escape(doc.company), styles["company"])], MARGIN, top - 10 * mm, width, 10 * mm)
    _draw_frame(c, [Paragraph(escape(doc.title), styles["title"])], MARGIN, top - 22 * mm, width, 12 * mm)
    c.setFont(styles["small"].fontName, 10.5)
    c.drawRightString(PAGE_W - MARGIN, top - 29 * mm, f"编号：{doc.number}")
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.8)
    c.line(MARGIN, top - 31 * mm, PAGE_W - MARGIN, top - 31 * mm)
    return top - 34 * mm


def _signature(c: Canvas, doc: NoticeDocument, styles, bottom: float) -> None:
    font = styles["small"].fontName
    # The company stamp goes over the name and date: a dashed circle marks the place.
    cx, cy = PAGE_W - MARGIN - 30 * mm, bottom + 20 * mm
    c.saveState()
    c.setStrokeColor(colors.grey)
    c.setDash(3, 3)
    c.circle(cx, cy, 19 * mm)
    c.restoreState()
    c.setFillColor(colors.grey)
    c.setFont(font, 8)
    c.drawCentredString(cx, cy + 12 * mm, "（盖章处）")
    c.setFillColor(colors.black)
    c.setFont(font, 11.5)
    c.drawCentredString(cx, cy + 1 * mm, doc.company)
    c.drawCentredString(cx, cy - 7 * mm, chinese_date(doc.issued_date))
    c.setFont(font, 10)
    c.drawString(MARGIN, bottom + 14 * mm, f"经办人：{doc.issued_by}")
    c.drawString(MARGIN, bottom + 7 * mm, f"客服中心电话：{doc.phone}")
    if doc.address:
        c.drawString(MARGIN, bottom, f"地址：{doc.address}")


def _receipt(c: Canvas, doc: NoticeDocument, styles) -> None:
    font = styles["small"].fontName
    c.saveState()
    c.setDash(4, 3)
    c.setStrokeColor(colors.grey)
    c.line(MARGIN - 8 * mm, CUT_Y, PAGE_W - MARGIN + 8 * mm, CUT_Y)
    c.restoreState()
    c.setFont(font, 8)
    c.setFillColor(colors.grey)
    c.drawCentredString(PAGE_W / 2, CUT_Y + 1.5 * mm, "沿此虚线剪下，签收回执由送达人带回物业服务中心存档")
    c.setFillColor(colors.black)
    body = [
        Paragraph("签收回执", styles["receipt_title"]),
        Paragraph(escape(f"通知书编号：{doc.number}"), styles["small"]),
        Paragraph(escape(f"房号/位置：{unit_in_words(doc.place)}"), styles["small"]),
        Paragraph(escape(f"收件人：{doc.addressee}"), styles["small"]),
        Paragraph(escape(f"本人已收到{doc.company}编号为 {doc.number} 的《{doc.title}》，知悉违章事实、"
                         f"整改要求及整改期限（{chinese_date(doc.deadline)}前）。"), styles["small"]),
        Paragraph("签收人：＿＿＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿＿＿＿＿　签收日期：＿＿＿＿年＿＿月＿＿日",
                  styles["fill_in"]),
        Paragraph("送达人：＿＿＿＿＿＿＿＿　送达方式：□当面签收　□张贴　□邮寄", styles["fill_in"]),
    ]
    _draw_frame(c, body, MARGIN, 14 * mm, PAGE_W - 2 * MARGIN, CUT_Y - 18 * mm)


def _void_mark(c: Canvas, styles) -> None:
    c.saveState()
    c.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.35))
    c.setFont(styles["title"].fontName, 90)
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(35)
    c.drawCentredString(0, 0, "作废")
    c.restoreState()


def _page(c: Canvas, doc: NoticeDocument, styles, copy_label: str, page: int, pages: int) -> None:
    body_top = _header(c, doc, styles, copy_label)
    signature_bottom = CUT_Y + 8 * mm
    body_bottom = signature_bottom + 44 * mm
    _draw_frame(c, _paragraphs(doc.body, styles), MARGIN, body_bottom, PAGE_W - 2 * MARGIN,
                body_top - body_bottom)
    _signature(c, doc, styles, signature_bottom)
    _receipt(c, doc, styles)
    c.setFont(styles["small"].fontName, 8)
    c.drawCentredString(PAGE_W / 2, 7 * mm, f"{doc.number}　第 {page} 页 / 共 {pages} 页")
    if doc.voided:
        _void_mark(c, styles)


def render_notices(docs: Sequence[NoticeDocument], out: Path | str, copies: int = 1) -> Path:
    """Write the notices to `out`, one page per notice and copy (copies: 1, or 2 with one kept)."""
    if copies not in COPY_LABELS:
        raise ValueError("copies must be 1 or 2")
    font = register_pdf_font()
    styles = _styles(font)
    out = Path(out)
    c = Canvas(str(part_path(out)), pagesize=A4, pageCompression=1, initialFontName=font, initialFontSize=11)
    c.setTitle("整改通知书 " + "、".join(d.number for d in docs))
    c.setAuthor(docs[0].company if docs else "")
    pages = len(docs) * copies
    page = 0
    for doc in docs:
        for label in COPY_LABELS[copies]:
            page += 1
            _page(c, doc, styles, label, page, pages)
            c.showPage()
    with atomic_output(out):  # the canvas writes its .part file here
        c.save()
    return out


def write_notice_pdf(session: Session, numbers: Sequence[str], out: Path | str, copies: int = 1) -> Path:
    """Look the notices up by number (unknown numbers raise NotFound) and render them."""
    return render_notices([document(session, n) for n in numbers], out, copies)
