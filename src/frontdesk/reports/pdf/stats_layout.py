"""What the monthly and yearly statistics reports share: A4 pages with the company, the report's name
and 第 N 页 / 共 M 页 on every page, the KPI table, the lists, the staff table and the definitions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from frontdesk.files import atomic_output
from frontdesk.reports.fonts import register_pdf_font
from frontdesk.reports.pdf import stats_charts
from frontdesk.reports.pdf.typesetting import text_width
from frontdesk.services import number_format
from frontdesk.services.stats import catalog
from frontdesk.services.stats.figures import display
from frontdesk.services.stats.report import StatsReport

MARGIN = 16 * mm
BOTTOM_MARGIN = MARGIN + 4 * mm  # room for the footer
FOOTER_Y = 9 * mm
WIDTH = A4[0] - 2 * MARGIN
LIST_ROWS = 40  # a printed list shows its first rows; the Excel file has them all
HEADER_BLUE = colors.HexColor("#DDEBF7")


NUMBER = re.compile(r"^[+\-]?[\d,]+(\.\d+)?(%|个百分点)?$|^—$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-:./]*$")  # unit codes, order and notice numbers: never broken


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The report's paragraph styles, made once per process (read-only once made: every report shares them)."""
    font = register_pdf_font()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11)
    return {
        "body": ParagraphStyle("body", parent=base, firstLineIndent=20, leading=18, fontSize=10.5),
        "cell": cell,
        # Figures line up on the right; a unit code is one word that never breaks across lines.
        "number": ParagraphStyle("number", parent=cell, alignment=TA_RIGHT, wordWrap=None, splitLongWords=0),
        "code": ParagraphStyle("code", parent=cell, wordWrap=None, splitLongWords=0),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555"),
                                keepWithNext=1),
        "company": ParagraphStyle("company", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=14, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=5,
                                  keepWithNext=1),
        # Over a long table that flows on from where it starts (flowing_section).
        "flowing heading": ParagraphStyle("flowing heading", parent=base, fontSize=12.5, leading=18, spaceBefore=10,
                                          spaceAfter=5),
    }


class _Paragraph(Paragraph):
    """A paragraph that keeps its lines for the width it was last wrapped to: a table measures every
    cell each time it is laid out (to see whether it fits, to split it across pages, to draw it), and
    the same text in the same width always breaks into the same lines."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth, availHeight):
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size


def para(text: object, style: ParagraphStyle) -> Paragraph:
    text = _text(text)
    if _plain(text):
        # Plain text (no markup characters, line breaks or runs of spaces) is what ReportLab's parser
        # would turn into one fragment of the style's font: give it that fragment and skip the parse,
        # which is most of a table cell's cost.
        return _Paragraph(text, style, frags=[_plain_fragment(style).clone(text=text, link=[], us_lines=[])])
    return _Paragraph(escape(text).replace("\n", "<br/>") or "&nbsp;", style)


NOT_PLAIN = re.compile(r"[&<>]|[^\S ]|^ | $|  ")


def _plain(text: str) -> bool:
    """True when ReportLab's parser would keep the text whole as it is: non-empty, no entity or tag
    characters, and no whitespace its cleaner would change (it folds every run of whitespace, any
    kind, into one space and trims the ends)."""
    return bool(text) and not NOT_PLAIN.search(text)


_FRAGMENTS: dict[int, tuple[ParagraphStyle, object]] = {}


def _plain_fragment(style: ParagraphStyle):
    """The fragment ReportLab's parser makes for plain text in `style` (parsed once per style)."""
    known = _FRAGMENTS.get(id(style))
    if known is None or known[0] is not style:
        known = _FRAGMENTS[id(style)] = (style, Paragraph("x", style).frags[0])
    return known[1]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def cell_style(value: object, st) -> ParagraphStyle:
    """Numbers and money right-aligned, unit codes kept whole, text wrapped as Chinese."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return st["number"]
    text = _text(value)
    if NUMBER.match(text):
        return st["number"]
    return st["code"] if CODE.match(text) else st["cell"]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], st,
          right_from: int | None = None) -> Table:
    data = [[para(h, st["cell"]) for h in headers]]
    data += [[para(v, cell_style(v, st)) for v in row] for row in rows]
    if not rows:
        data.append([para("（无记录）", st["cell"])] + [""] * (len(headers) - 1))
    result = Table(data, colWidths=list(widths), repeatRows=1)
    commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BLUE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if not rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    result.setStyle(TableStyle(commands))
    return result


def title_block(rep: StatsReport, title: str, st) -> list:
    p = rep.period
    return [para(rep.company, st["company"]), Spacer(1, 1 * mm), para(title, st["title"]),
            para(f"统计期间：{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}（{p.label}）　上期：{rep.previous.period.label}"
                 f"　同期：{rep.year_ago.period.label}", st["subtitle"]), Spacer(1, 4 * mm)]


def flowing_section(heading: str, body: Table, st) -> list:
    """A heading over a long table that starts where the page has room and runs on to the next (its header
    row repeated): kept with the whole table, it would leave the rest of the page blank. A heading with
    less than a few rows' room under it starts on the next page instead."""
    return [CondPageBreak(40 * mm), para(heading, st["flowing heading"]), body]


def kpi_table(rep: StatsReport, st, number: str) -> list:
    widths = [WIDTH * w for w in (0.30, 0.17, 0.17, 0.18, 0.18)]
    return flowing_section(f"{number}、主要指标", table(("指标", "本期", "上期", "环比", "同比"), rep.kpi_lines(), widths, st),
                           st)


def category_and_phase_tables(rep: StatsReport, st, number: str) -> list:
    cats = rep.current.contacts_by_category
    prev = rep.previous.contacts_by_category
    # “—” for a previous period the desk's log does not cover, as the 主要指标 table and the Excel do.
    prev_covered = rep.previous.complete
    cat_rows = [(k, f"{v:,}", f"{prev.get(k, 0):,}" if prev_covered else "—") for k, v in cats.items()]
    phase_rows = [(p.phase, display("charged", p.charged), display("collected", p.collected),
                   display("collection_rate", p.collection_rate),
                   display("household_collection_rate", p.household_collection_rate)) for p in rep.current.by_phase]
    return [para(f"{number}、来电来访类别与分期收费", st["heading"]),
            table(("类别", "本期", "上期"), cat_rows, [WIDTH * 0.2, WIDTH * 0.15, WIDTH * 0.15], st),
            Spacer(1, 3 * mm),
            table(("期", "应收", "已收", "收费率", "户收费率"), phase_rows, [WIDTH * 0.2] * 5, st)]


def charts(rep: StatsReport, st, by_month: bool, number: str) -> list:
    drawings = [stats_charts.calls_chart(rep.per_day, rep.daily_targets[0], by_month),
                stats_charts.category_chart(rep.current.contacts_by_category),
                stats_charts.trade_chart(rep.by_trade),
                stats_charts.phase_rate_chart(rep.phase_rates),
                stats_charts.satisfaction_chart(rep.current.visit_results)]
    story: list = [para(f"{number}、图表", st["heading"])]
    for drawing in drawings:
        story += [KeepTogether([drawing]), Spacer(1, 3 * mm)]
    story[:2] = [KeepTogether(story[:2])]  # the heading goes with the first chart, never alone at a page's foot
    return story


def staff_table(rep: StatsReport, st, number: str) -> list:
    rows = [(f.name, f.role, f"{f.contacts:,}", f"{f.calls:,}", f"{f.closed_on_time:,}/{f.matters_due:,}",
             number_format.percent(f.on_time_rate),
             "—" if f.satisfaction_rate is None else f"{number_format.percent(f.satisfaction_rate)}（{f.rated_visits}次）")
            for f in rep.read_staff]
    widths = [WIDTH * w for w in (0.14, 0.14, 0.12, 0.12, 0.16, 0.14, 0.18)]
    return flowing_section(f"{number}、员工服务情况", table(
        ("员工", "岗位", "登记来电来访", "其中电话", "按时办结/应办结", "按时办结率", "回访满意率"), rows, widths, st), st)


def lists(rep: StatsReport, st, number: str) -> list:
    heading = para(f"{number}、待督办事项", st["heading"])
    story: list = [] if rep.read_lists else [heading]
    for index, item in enumerate(rep.read_lists):
        first = item.rows[:LIST_ROWS]
        keep = [i for i in range(len(item.headers)) if not first or any(row[i] not in (None, "") for row in first)]
        headers = [item.headers[i] for i in keep]  # a column empty on every row is left off the page
        shown = [[row[i] for i in keep] for row in first]
        note = (f"（仅列出前 {len(shown)} 条，共 {item.total} 条，完整清单见 Excel）" if item.total > len(shown)
                else f"（共 {item.total} 条）")
        block = [para(f"{item.title}{note}", st["small"]), table(headers, shown, column_widths(headers, shown), st)]
        if index == 0:  # the section's heading goes with its first list: a heading never ends a page alone
            block.insert(0, heading)
        # A short list stays on one page with its title rather than leaving a few rows on the next.
        if len(shown) <= 25:
            story.append(KeepTogether(block))
        else:  # the titles keep with the table's first rows (keepWithNext); the rest flows on
            story += block
        story.append(Spacer(1, 3 * mm))
    return story


PADDING = 8  # the cell's 3 + 3 points and a little air


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[object]], size: float = 8.5) -> list[float]:
    """Columns as wide as their text on one line when the page allows; otherwise each column keeps room
    for its longest unbreakable piece (a unit code, an order number, a date) and the rest of the page
    goes to the columns with the most text, in proportion to what they lack."""
    font = register_pdf_font()

    def width(text: str) -> float:
        return text_width(text, font, size) + PADDING

    def pieces(value: object) -> list[str]:
        text = _text(value)
        if CODE.match(text) or NUMBER.match(text):
            return [text]
        return [token for line in text.split("\n") for token in line.split(" ") if token] or [""]

    def shortest(text: str) -> float:
        """Chinese text breaks anywhere (at its widest character or ASCII word); a word of up to four
        characters (户内, 已关闭, 有效) reads better kept whole."""
        if len(text) <= 4:
            return width(text)
        return max(width(part) for part in re.findall(r"[A-Za-z0-9\-:./]+|.", text) or [""])

    columns = range(len(headers))
    natural = [max([width(headers[i])] + [width(line) for row in rows for line in _text(row[i]).split("\n")])
               for i in columns]
    least = [max([shortest(headers[i])] + [width(p) if (CODE.match(p) or NUMBER.match(p)) else shortest(p)
                                            for row in rows for p in pieces(row[i])]) for i in columns]
    if sum(natural) <= WIDTH:
        return [w * WIDTH / sum(natural) for w in natural]
    spare = WIDTH - sum(least)
    lack = [natural[i] - least[i] for i in columns]
    if spare <= 0 or not sum(lack):
        return [w * WIDTH / sum(least) for w in least]
    return [least[i] + spare * lack[i] / sum(lack) for i in columns]


def definitions(st, number: str) -> list:
    rows = list(catalog.definitions())
    return [para(f"{number}、附录：指标口径", st["heading"]),
            table(("指标", "口径"), rows, [WIDTH * 0.2, WIDTH * 0.8], st)]


class _NumberedCanvas(Canvas):
    """Keeps every page until the end so each footer can say 共 M 页."""

    footer_text = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initialFontName", register_pdf_font())  # no stray unembedded Helvetica
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(register_pdf_font(), 8.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(MARGIN, FOOTER_Y, self.footer_text)
            self.drawRightString(A4[0] - MARGIN, FOOTER_Y, f"第 {self._pageNumber} 页 / 共 {total} 页")
            super().showPage()
        super().save()


def build(path: str | Path, story: list, title: str, footer: str) -> Path:
    """Write the PDF atomically (a .part file renamed) with the footer on every page."""
    path = Path(path)
    canvas_class = type("ReportCanvas", (_NumberedCanvas,), {"footer_text": footer})
    with atomic_output(path) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=BOTTOM_MARGIN, title=title, author=footer)
        doc.build(story, canvasmaker=canvas_class)
    return path
