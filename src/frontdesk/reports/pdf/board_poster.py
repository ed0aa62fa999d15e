"""宣传栏 poster, A4 or A3 portrait: the company's header, a large title, the body, where it is posted, the
date. A long body shrinks to fit the page; nothing runs off it."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph
from sqlalchemy.orm import Session

from frontdesk.reports.fonts import register_pdf_font
from frontdesk.services.board import PosterDocument, poster_document
from frontdesk.services.notice_text import chinese_date

ACCENT = colors.Color(0.72, 0.11, 0.11)


def _styles(font: str, scale: float) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=15 * scale, leading=26 * scale, wordWrap="CJK")
    return {
        "body": base,
        "indented": ParagraphStyle("indented", parent=base, firstLineIndent=30 * scale),
        "title": ParagraphStyle("title", parent=base, fontSize=40 * scale, leading=52 * scale, alignment=TA_CENTER,
                                textColor=ACCENT),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "company": ParagraphStyle("company", parent=base, fontSize=16 * scale, leading=22 * scale,
                                  alignment=TA_CENTER),
    }


def _frame(c: Canvas, flowables: list, x: float, y: float, w: float, h: float) -> None:
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    frame.addFromList([KeepInFrame(w, h, flowables, mode="shrink")], c)


def _body(text: str, styles) -> list[Paragraph]:
    result = []
    for line in text.split("\n"):
        indented = line[:1] in ("\u3000", " ")
        line = line.strip(" \u3000")
        result.append(Paragraph(escape(line) or "&nbsp;", styles["indented" if indented else "body"]))
    return result


def render_poster(doc: PosterDocument, out: Path | str, a3: bool = False) -> Path:
    size = A3 if a3 else A4
    width, height = size
    scale = width / A4[0]
    margin = 22 * mm * scale
    font = register_pdf_font()
    styles = _styles(font, scale)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    c = Canvas(str(tmp), pagesize=size, pageCompression=1, initialFontName=font)
    c.setTitle(f"{doc.number} {doc.title}")
    c.setAuthor(doc.company)
    inner = width - 2 * margin
    # header: company name, a red rule, the kind
    top = height - 18 * mm * scale
    _frame(c, [Paragraph(escape(doc.company), styles["company"])], margin, top - 10 * mm * scale, inner,
           10 * mm * scale)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(2 * scale)
    c.line(margin, top - 13 * mm * scale, width - margin, top - 13 * mm * scale)
    c.setFont(font, 11 * scale)
    c.setFillColor(colors.grey)
    c.drawString(margin, top - 19 * mm * scale, f"【{doc.kind}】")
    c.drawRightString(width - margin, top - 19 * mm * scale, doc.number)
    c.setFillColor(colors.black)
    title_top = top - 24 * mm * scale
    _frame(c, [Paragraph(escape(doc.title), styles["title"])], margin, title_top - 40 * mm * scale, inner,
           40 * mm * scale)
    footer_top = 62 * mm * scale
    body_top = title_top - 44 * mm * scale
    _frame(c, _body(doc.body, styles), margin, footer_top, inner, body_top - footer_top)
    footer = [Paragraph(escape(doc.company), styles["right"]),
              Paragraph(escape(chinese_date(doc.posted_on)), styles["right"])]
    _frame(c, footer, margin, 30 * mm * scale, inner, 26 * mm * scale)
    c.setFont(font, 10 * scale)
    c.setFillColor(colors.grey)
    down = f"　撤下日期：{doc.take_down_on:%Y-%m-%d}" if doc.take_down_on else ""
    c.drawString(margin, 18 * mm * scale, f"张贴楼栋：{doc.buildings}　张贴日期：{doc.posted_on:%Y-%m-%d}{down}")
    c.drawRightString(width - margin, 18 * mm * scale, f"客服电话：{doc.phone}")
    c.drawCentredString(width / 2, 9 * mm * scale, f"{doc.number}　第 1 页 / 共 1 页")
    if doc.voided:
        c.saveState()
        c.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.35))
        c.setFont(font, 110 * scale)
        c.translate(width / 2, height / 2)
        c.rotate(35)
        c.drawCentredString(0, 0, "作废")
        c.restoreState()
    c.showPage()
    c.save()
    tmp.replace(out)
    return out


def write_poster_pdf(session: Session, number: str, out: Path | str, a3: bool = False) -> Path:
    return render_poster(poster_document(session, number), out, a3)
