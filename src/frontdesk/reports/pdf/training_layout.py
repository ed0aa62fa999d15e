"""The layout the training documents share: A4, company and title on top, tables, page numbers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.files import atomic_output
from frontdesk.reports.fonts import register_pdf_font

MARGIN = 15 * mm


def styles() -> dict[str, ParagraphStyle]:
    font = register_pdf_font()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "company": ParagraphStyle("company", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
    }


def para(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>") or "&nbsp;", style)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
          st: dict[str, ParagraphStyle], empty: str = "（无记录）") -> Table:
    data = [[para(h, st["cell"]) for h in headers]]
    data += [[para(v, st["cell"]) for v in row] for row in rows] or [[para(empty, st["cell"])] + [""] * (len(headers) - 1)]
    result = Table(data, colWidths=list(widths), repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if not rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    result.setStyle(TableStyle(commands))
    return result


def header(company: str, title: str, st: dict[str, ParagraphStyle]) -> list:
    return [para(company, st["company"]), Spacer(1, 2 * mm), para(title, st["title"]), Spacer(1, 4 * mm)]


def build(path: str | Path, story: list, title: str, wide: bool = False) -> Path:
    """Write the PDF atomically (a .part file renamed), with 第 N 页 at the foot of every page."""
    path = Path(path)
    size = landscape(A4) if wide else A4
    font = register_pdf_font()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(size[0] / 2, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    with atomic_output(path) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN + 4 * mm, title=title, author=title)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def usable_width(wide: bool = False) -> float:
    return (landscape(A4) if wide else A4)[0] - 2 * MARGIN
