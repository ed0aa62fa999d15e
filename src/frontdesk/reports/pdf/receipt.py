"""收款收据 (and 冲正凭证) on A5 landscape: number, unit, payer, the months settled, the amount in
figures and capitals, method, collector; printed right after the payment is taken."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from frontdesk.db.models.collections import REVERSAL
from frontdesk.files import atomic_output, part_path
from frontdesk.reports.fonts import register_pdf_font
from frontdesk.services.money import capital_amount
from frontdesk.services.payments import Receipt, item_spans

PAGE = landscape(A5)
MARGIN = 12 * mm


def _lines(receipt: Receipt) -> list[tuple[str, str, str]]:
    """The months of one item on one line: 物业费 2026-01 至 2026-06（6个月）; a month paid only in part
    is named apart with what this receipt paid of it, so the receipt never shows it as settled."""
    return [(item, spans, f"{total:,.2f}") for item, spans, total in item_spans(receipt.lines, months=True)]


def render_receipt(receipt: Receipt, company: str, out: Path | str) -> Path:
    font = register_pdf_font()
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    width, height = PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN
    heading = "冲正凭证" if receipt.kind == REVERSAL else "收款收据"
    data = [[Paragraph(h, base) for h in ("收费项目", "所属期间", "金额（元）")]]
    data += [[Paragraph(escape(a), base), Paragraph(b, base), Paragraph(c, right)] for a, b, c in _lines(receipt)]
    in_words = capital_amount(abs(receipt.amount))
    if receipt.amount < 0:
        in_words = f"冲减 {in_words}"
    data.append([Paragraph("合计", base), Paragraph(f"人民币（大写）{in_words}", base),
                 Paragraph(f"{receipt.amount:,.2f}", right)])
    table = Table(data, colWidths=[width * 0.22, width * 0.53, width * 0.25])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    flow = [
        Paragraph(f"{escape(company)}　{heading}", title),
        Paragraph(f"收据号：{receipt.receipt_no}　　日期：{receipt.paid_on:%Y-%m-%d}", base),
        Paragraph(f"房号：{receipt.unit_code}　　交款人：{escape(receipt.payer or '')}", base),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 2 * mm),
        Paragraph(f"缴费方式：{receipt.method}　　收款人：{escape(receipt.collector)}", base),
    ]
    if receipt.remark:
        flow.append(Paragraph(f"备注：{escape(receipt.remark)}", base))
    if receipt.reversed_by:  # a copy printed again after the reversal never passes for a valid receipt
        flow.append(Paragraph(f"<font color='#c62828'>{escape(receipt.reversed_by)}</font>", base))
    flow += [Spacer(1, 4 * mm), Paragraph("收款单位（盖章）：＿＿＿＿＿＿＿＿　　交款人签字：＿＿＿＿＿＿＿＿", base)]
    c = Canvas(str(part_path(out)), pagesize=PAGE, initialFontName=font)
    c.setTitle(f"{heading} {receipt.receipt_no}")
    Frame(MARGIN, MARGIN, width, height, 0, 0, 0, 0).addFromList([KeepInFrame(width, height, flow, mode="shrink")], c)
    if receipt.reversed_by:
        _stamp_reversed(c, font)
    c.setFont(font, 7.5)
    c.drawCentredString(PAGE[0] / 2, 5 * mm, f"{company}　第 1 页 / 共 1 页")
    c.showPage()
    with atomic_output(out):  # the canvas writes its .part file here
        c.save()
    return out


def write_receipt(session, payment_id: int, out: Path | str) -> Path:
    from frontdesk.services import payments, settings

    return render_receipt(payments.receipt(session, payment_id), settings.get(session, "company_name"), out)


def _stamp_reversed(c: Canvas, font: str) -> None:
    """“已冲正 作废” across the page, in red, under nothing it would hide (drawn last, outlined)."""
    c.saveState()
    c.translate(PAGE[0] / 2, PAGE[1] / 2)
    c.rotate(20)
    c.setStrokeColor(colors.HexColor("#c62828"))
    c.setFillColor(colors.HexColor("#c62828"))
    c.setFillAlpha(0.18)
    c.setStrokeAlpha(0.7)
    c.setFont(font, 64)
    text = c.beginText()
    text.setTextRenderMode(2)  # filled faintly and outlined: the figures beneath stay readable
    text.setFont(font, 64)
    width = c.stringWidth("已冲正 作废", font, 64)
    text.setTextOrigin(-width / 2, -20)
    text.textOut("已冲正 作废")
    c.drawText(text)
    c.restoreState()
