"""催缴函 / 催收函 on A4: one letter per owner per page, the items owed, the total in capitals,
the legal basis, the desk's phone, and a tear-off 回执 slip. Polite: no threat of cutting water or
power (that is not lawful), only the contract, the law and a way to talk to us."""

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
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from frontdesk.files import atomic_output, part_path
from frontdesk.reports.fonts import register_pdf_font
from frontdesk.reports.pdf.typesetting import draw_letterhead, draw_stamp_area, page_label
from frontdesk.services.letters import DEMAND, Letter, LetterHead
from frontdesk.services.money import yuan
from frontdesk.services.unit_codes import unit_in_words

PAGE_W, PAGE_H = A4
MARGIN = 20 * mm
CUT_Y = 62 * mm  # the dashed line above the tear-off slip


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=11.5, leading=20, wordWrap="CJK")
    return {
        "body": ParagraphStyle("body", parent=base, firstLineIndent=23),
        "plain": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9.5, leading=15),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=30, alignment=TA_CENTER),
        "slip_title": ParagraphStyle("slip", parent=base, fontSize=14, leading=20, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10.5, leading=15),
        "amount": ParagraphStyle("amount", parent=base, fontSize=10.5, leading=15, alignment=TA_RIGHT),
    }


def _opening(letter: Letter, head: LetterHead) -> str:
    where = f"{head.project}{unit_in_words(letter.unit_code)}房屋"
    if letter.kind == DEMAND:
        return (f"您好！感谢您一直以来对我们物业服务工作的理解和支持。经核对，截至 {head.as_of:%Y年%m月%d日}，"
                f"您名下{where}尚有以下物业服务费用未缴纳：")
    return (f"您好！您购买的{where}已交付使用，至今尚未办理收房手续。按照《物业服务合同》约定，房屋交付后的"
            f"物业服务费用由业主承担。截至 {head.as_of:%Y年%m月%d日}，该房屋尚有以下费用未缴纳：")


def _closing(letter: Letter, head: LetterHead) -> str:
    ask = ("恳请您在收到本函之日起十五日内到客服中心前台缴纳，也可通过微信、支付宝或银行转账缴纳。"
           if letter.kind == DEMAND else
           "恳请您在收到本函之日起十五日内携带购房合同及身份证件到客服中心办理收房手续，并缴纳上述费用。")
    return (ask + f"如您对费用有疑问，或在房屋使用、物业服务方面有意见，或暂时有困难，欢迎致电 {head.desk_phone} "
            "或到前台与我们沟通，我们一定认真听取、尽力解决。如您已缴纳，请忽略本函，并谢谢您的支持！")


def _items_table(letter: Letter, styles, width: float) -> Table:
    cell, amount = styles["cell"], styles["amount"]
    data = [[Paragraph(h, cell) for h in ("收费项目", "所属期间", "月数", "欠费金额（元）")]]
    for line in letter.lines:
        period = line.first_period if line.first_period == line.last_period else f"{line.first_period} 至 {line.last_period}"
        data.append([Paragraph(escape(line.item), cell), Paragraph(period, cell), Paragraph(str(line.months), amount),
                     Paragraph(f"{line.amount:,.2f}", amount)])
    data.append([Paragraph("合计", cell), Paragraph(f"大写：{letter.total_in_capitals}", cell), "",
                 Paragraph(f"{letter.total:,.2f}", amount)])
    table = Table(data, colWidths=[width * 0.2, width * 0.42, width * 0.12, width * 0.26])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("SPAN", (1, -1), (2, -1)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _body(letter: Letter, head: LetterHead, styles, width: float) -> list:
    return [
        Paragraph(letter.kind, styles["title"]),
        Spacer(1, 4 * mm),
        Paragraph(f"尊敬的{escape(letter.addressee)}（{unit_in_words(letter.unit_code)}）：", styles["plain"]),
        Paragraph(escape(_opening(letter, head)), styles["body"]),
        Spacer(1, 2 * mm),
        _items_table(letter, styles, width),
        Spacer(1, 3 * mm),
        Paragraph(escape(head.legal_basis), styles["body"]),
        Paragraph(escape(_closing(letter, head)), styles["body"]),
        Spacer(1, 6 * mm),
        Paragraph("此致", styles["plain"]),
        Paragraph("敬礼！", styles["plain"]),
        Spacer(1, 6 * mm),
        Paragraph(escape(head.company) + "（盖章）", styles["right"]),
        Paragraph(f"客服中心电话：{escape(head.desk_phone)}", styles["right"]),
        Paragraph(f"{head.sent_on:%Y年%m月%d日}", styles["right"]),
    ]


def _slip(c: Canvas, letter: Letter, head: LetterHead, styles) -> None:
    width = PAGE_W - 2 * MARGIN
    c.setDash(4, 3)
    c.setStrokeColor(colors.grey)
    c.line(MARGIN - 8 * mm, CUT_Y, PAGE_W - MARGIN + 8 * mm, CUT_Y)
    c.setDash()
    c.setFont(styles["small"].fontName, 8)
    c.setFillColor(colors.grey)
    c.drawCentredString(PAGE_W / 2, CUT_Y + 1.5 * mm, "请沿虚线剪下，签收后交回客服中心")
    c.setFillColor(colors.black)
    flow = [
        Paragraph(f"{letter.kind}回执", styles["slip_title"]),
        Spacer(1, 2 * mm),
        Paragraph(f"房号：{unit_in_words(letter.unit_code)}（{letter.unit_code}）　　业主：{escape(letter.owners or '＿＿＿＿')}　　"
                  f"欠费合计：{yuan(letter.total)}（{letter.total_in_capitals}）", styles["plain"]),
        Paragraph(f"本人已收到{escape(head.company)}于 {head.sent_on:%Y年%m月%d日} 发出的{letter.kind}。", styles["plain"]),
        Paragraph("预计缴费日期：＿＿＿＿年＿＿月＿＿日　　联系电话：＿＿＿＿＿＿＿＿＿＿", styles["plain"]),
        Paragraph("签收人：＿＿＿＿＿＿＿＿　　签收日期：＿＿＿＿年＿＿月＿＿日", styles["plain"]),
    ]
    frame = Frame(MARGIN, 14 * mm, width, CUT_Y - 18 * mm, 0, 0, 0, 0)
    frame.addFromList([KeepInFrame(width, CUT_Y - 18 * mm, flow, mode="shrink")], c)


def render_letters(letters: Sequence[Letter], head: LetterHead, out: Path | str) -> Path:
    """Write the letters to `out` (A4, one page per unit); returns the path."""
    font = register_pdf_font()
    styles = _styles(font)
    out = Path(out)
    c = Canvas(str(part_path(out)), pagesize=A4, pageCompression=1, initialFontName=font)
    c.setTitle(f"{head.company} {letters[0].kind if letters else DEMAND}")
    c.setAuthor(head.company)
    width = PAGE_W - 2 * MARGIN
    for letter in letters:  # each owner's letter is a document of its own: its own letterhead and page count
        top = draw_letterhead(c, head.company, head.address, head.desk_phone, MARGIN, PAGE_W - MARGIN,
                              PAGE_H - 12 * mm, font, head.logo or None)
        frame = Frame(MARGIN, CUT_Y + 6 * mm, width, top - CUT_Y - 6 * mm, 0, 0, 0, 0)
        frame.addFromList([KeepInFrame(width, top - CUT_Y - 6 * mm, _body(letter, head, styles, width),
                                       mode="shrink")], c)
        draw_stamp_area(c, PAGE_W - MARGIN - 28 * mm, CUT_Y + 24 * mm, font)
        _slip(c, letter, head, styles)
        c.setFont(font, 8)
        c.drawCentredString(PAGE_W / 2, 8 * mm, page_label(1, 1))
        c.showPage()
    with atomic_output(out):  # the canvas writes its .part file here
        c.save()
    return out
