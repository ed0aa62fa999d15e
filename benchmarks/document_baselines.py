"""Equal-content baselines for the report writers: bare ReportLab and bare openpyxl writing the same
document the product writes, so the ratio measures the product's overhead and not its content.

- PDF: `describe_story` reads the product's flowables (untimed) into plain data: every paragraph's text
  and style, every table's cells and column widths, every chart's series, labels, axes, colours and
  legend, the spacers and what is kept together. `bare_pdf` draws that with plain ReportLab the way a
  script would: a Paragraph per cell (escaped text, the CJK word wrap), a Table with the same grid,
  header colour and paddings, VerticalBarChart / HorizontalLineChart / Legend / String / Line for the
  charts, the same embedded TrueType font and a footer with 第 N 页 / 共 M 页 on every page.
  It runs in its own process (`python document_baselines.py pdf CONTENT.json OUT.pdf`) so that it is
  bare ReportLab: the product patches ReportLab's CJK line splitters with the Chinese line-break rules
  for its whole process.
- Excel: `describe_workbook` reads the product's workbook (untimed): every sheet's cells with their
  values, number formats and header styles, the column widths, the frozen header, the filter and the
  print setup. `bare_workbook` writes the same cells with openpyxl in write-only mode, the styled ones
  (header font/fill/alignment, number formats, the italic note) as WriteOnlyCells: the same number of
  styled cells as the product's file.

Not part of the test suite.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape, unescape

PARAGRAPH_STYLE_KEYS = ("fontSize", "leading", "alignment", "firstLineIndent", "spaceBefore", "spaceAfter",
                        "keepWithNext", "wordWrap", "splitLongWords")


# ---------------------------------------------------------------------------------------------- PDF


def _hex(color) -> str | None:
    return None if color is None else "#" + color.hexval()[2:]


def _paragraph_text(paragraph) -> str:
    """The text a paragraph shows, as a script would hold it before escaping it for ReportLab."""
    return unescape(paragraph.text.replace("<br/>", "\n").replace("&nbsp;", ""))


def _tick_labels(axis) -> list[list]:
    fmt = axis.labelTextFormat
    count = round((axis.valueMax - axis.valueMin) / axis.valueStep)
    ticks = [axis.valueMin + axis.valueStep * i for i in range(count + 1)]
    return [[tick, fmt(tick) if callable(fmt) else (fmt % tick if fmt else str(tick))] for tick in ticks]


def _chart(node) -> dict:
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    category, value = node.categoryAxis, node.valueAxis
    spec = {"x": node.x, "y": node.y, "width": node.width, "height": node.height,
            "data": [list(series) for series in node.data], "categories": list(category.categoryNames),
            "label_size": category.labels.fontSize, "label_angle": category.labels.angle,
            "label_anchor": category.labels.boxAnchor, "value_size": value.labels.fontSize,
            "value_min": value.valueMin, "value_max": value.valueMax, "value_step": value.valueStep,
            "ticks": _tick_labels(value)}
    if isinstance(node, VerticalBarChart):
        spec.update(kind="bars", stacked=category.style == "stacked", bar_spacing=node.barSpacing,
                    colors=[_hex(node.bars[i].fillColor) for i in range(len(node.data))])
    else:
        spec.update(kind="lines", colors=[_hex(node.lines[i].strokeColor) for i in range(len(node.data))],
                    line_width=node.lines[0].strokeWidth, marker_size=node.lines[0].symbol.size)
    return spec


def _drawing(drawing) -> dict:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Line, String

    parts = []
    for node in drawing.contents:
        if isinstance(node, String):
            parts.append({"kind": "string", "x": node.x, "y": node.y, "text": node.text, "size": node.fontSize,
                          "anchor": node.textAnchor, "color": _hex(node.fillColor)})
        elif isinstance(node, Line):
            parts.append({"kind": "line", "points": [node.x1, node.y1, node.x2, node.y2],
                          "color": _hex(node.strokeColor), "dash": node.strokeDashArray})
        elif isinstance(node, (VerticalBarChart, HorizontalLineChart)):
            parts.append(_chart(node))
        elif isinstance(node, Legend):
            parts.append({"kind": "legend", "x": node.x, "y": node.y, "size": node.fontSize,
                          "alignment": node.alignment,
                          "pairs": [[_hex(color), name] for color, name in node.colorNamePairs]})
        else:
            raise TypeError(f"the baseline cannot draw {type(node).__name__}")
    return {"drawing": [drawing.width, drawing.height], "parts": parts}


def describe_story(story: list, *, font_path: str, title: str, author: str, footer: str, page: dict) -> dict:
    """The product's story (ReportLab flowables) as plain data the bare script can draw again."""
    from reportlab.graphics.shapes import Drawing
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

    styles: dict[str, dict] = {}

    def style_of(paragraph) -> str:
        style = paragraph.style
        if style.name not in styles:
            styles[style.name] = {key: getattr(style, key) for key in PARAGRAPH_STYLE_KEYS if hasattr(style, key)}
            styles[style.name]["textColor"] = _hex(style.textColor)
        return style.name

    def block(flowable) -> dict:
        if isinstance(flowable, Paragraph):
            return {"p": _paragraph_text(flowable), "style": style_of(flowable)}
        if isinstance(flowable, Spacer):
            return {"space": flowable.height}
        if isinstance(flowable, KeepTogether):
            return {"keep": [block(f) for f in flowable._content]}
        if isinstance(flowable, Table):
            cells = [[[_paragraph_text(v), style_of(v)] if isinstance(v, Paragraph) else None for v in row]
                     for row in flowable._cellvalues]
            return {"table": cells, "widths": list(flowable._colWidths), "repeat": flowable.repeatRows,
                    "span_second_row": bool(flowable._spanCmds)}
        if isinstance(flowable, Drawing):
            return _drawing(flowable)
        raise TypeError(f"the baseline cannot draw {type(flowable).__name__}")

    blocks = [block(f) for f in story]
    return {"font": font_path, "title": title, "author": author, "footer": footer, "page": page,
            "styles": styles, "blocks": blocks}


def _bare_pdf_writer(content: dict):
    """Register the font and build the styles once (as a script does at its top), return the writer."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "BaselineCJK"
    pdfmetrics.registerFont(TTFont(font, content["font"], subfontIndex=0))
    color = lambda value: None if value is None else colors.HexColor(value)  # noqa: E731
    styles = {name: ParagraphStyle(name, fontName=font, **{k: v for k, v in attrs.items() if k != "textColor"},
                                   textColor=color(attrs["textColor"]))
              for name, attrs in content["styles"].items()}
    page, footer = content["page"], content["footer"]
    grid = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]

    class FooterCanvas(Canvas):
        """The usual recipe for 第 N 页 / 共 M 页: keep the pages, write the footers when the count is known."""

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", font)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 8.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(page["left"], page["footer_y"], footer)
                self.drawRightString(A4[0] - page["right"], page["footer_y"],
                                     f"第 {self._pageNumber} 页 / 共 {len(self._pages)} 页")
                super().showPage()
            super().save()

    def paragraph(text: str, style: str) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>") or "&nbsp;", styles[style])

    def chart(spec: dict):
        if spec["kind"] == "bars":
            made = VerticalBarChart()
            made.barSpacing = spec["bar_spacing"]
            if spec["stacked"]:
                made.categoryAxis.style = "stacked"
        else:
            made = HorizontalLineChart()
        made.x, made.y, made.width, made.height = spec["x"], spec["y"], spec["width"], spec["height"]
        made.data = spec["data"]
        made.categoryAxis.categoryNames = spec["categories"]
        made.categoryAxis.labels.fontName, made.categoryAxis.labels.fontSize = font, spec["label_size"]
        made.categoryAxis.labels.angle, made.categoryAxis.labels.boxAnchor = spec["label_angle"], spec["label_anchor"]
        made.valueAxis.labels.fontName, made.valueAxis.labels.fontSize = font, spec["value_size"]
        axis = made.valueAxis
        axis.valueMin, axis.valueMax, axis.valueStep = spec["value_min"], spec["value_max"], spec["value_step"]
        labels = {round(tick, 6): text for tick, text in spec["ticks"]}
        axis.labelTextFormat = lambda value: labels.get(round(value, 6), f"{value:g}")
        for index, series_color in enumerate(spec["colors"]):
            if spec["kind"] == "bars":
                made.bars[index].fillColor = color(series_color)
                made.bars[index].strokeColor = None
            else:
                made.lines[index].strokeColor = color(series_color)
                made.lines[index].strokeWidth = spec["line_width"]
                made.lines[index].symbol = makeMarker("FilledCircle", size=spec["marker_size"])
        return made

    def drawing(spec: dict) -> Drawing:
        made = Drawing(*spec["drawing"])
        for part in spec["parts"]:
            kind = part["kind"]
            if kind == "string":
                made.add(String(part["x"], part["y"], part["text"], fontName=font, fontSize=part["size"],
                                textAnchor=part["anchor"], fillColor=color(part["color"])))
            elif kind == "line":
                made.add(Line(*part["points"], strokeColor=color(part["color"]), strokeDashArray=part["dash"]))
            elif kind == "legend":
                legend = Legend()
                legend.x, legend.y, legend.fontName, legend.fontSize = part["x"], part["y"], font, part["size"]
                legend.alignment = part["alignment"]
                legend.colorNamePairs = [(color(c), name) for c, name in part["pairs"]]
                made.add(legend)
            else:
                made.add(chart(part))
        return made

    def flowable(block: dict):
        if "p" in block:
            return paragraph(block["p"], block["style"])
        if "space" in block:
            return Spacer(1, block["space"])
        if "keep" in block:
            return KeepTogether([flowable(b) for b in block["keep"]])
        if "table" in block:
            data = [[paragraph(*cell) if cell else "" for cell in row] for row in block["table"]]
            table = Table(data, colWidths=block["widths"], repeatRows=block["repeat"])
            table.setStyle(TableStyle(grid + ([("SPAN", (0, 1), (-1, 1))] if block["span_second_row"] else [])))
            return table
        return drawing(block)

    def write(out: str) -> None:
        doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=page["left"], rightMargin=page["right"],
                                topMargin=page["top"], bottomMargin=page["bottom"], title=content["title"],
                                author=content["author"])
        doc.build([flowable(b) for b in content["blocks"]], canvasmaker=FooterCanvas)

    return write


class BarePdfProcess:
    """The bare ReportLab script in a process of its own, writing on request: `run()` writes the PDF
    once and returns the seconds it took (the process has registered its font and written once)."""

    def __init__(self, content: dict, workdir: Path):
        import subprocess

        spec = workdir / "bare-pdf-content.json"
        spec.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, __file__, "pdf", str(spec), str(workdir / "bare.pdf")],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the bare ReportLab baseline did not start")

    def run(self) -> float:
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --------------------------------------------------------------------------------------------- Excel


def describe_workbook(path: Path) -> list[dict]:
    """Every sheet of a workbook as plain data: cells (value, typed-text flag, number format, header
    style), column widths, frozen cell, filter range and print setup."""
    from openpyxl import load_workbook

    sheets = []
    for ws in load_workbook(path).worksheets:
        rows = []
        for row in ws.iter_rows():
            cells = []
            for cell in row:
                style = {}
                if cell.number_format != "General":
                    style["number_format"] = cell.number_format
                if cell.font.b or cell.font.i:
                    style["font"] = {"bold": bool(cell.font.b), "italic": bool(cell.font.i)}
                if cell.fill.fill_type:
                    style["fill"] = cell.fill.fgColor.rgb[-6:]
                if cell.alignment.horizontal or cell.alignment.vertical:
                    style["align"] = [cell.alignment.horizontal, cell.alignment.vertical]
                if style or (isinstance(cell.value, str) and cell.value[:1] in ("=", "#")):  # typed text
                    cells.append({"value": cell.value, **style})
                else:
                    cells.append(cell.value)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        setup = ws.page_setup
        sheets.append({"title": ws.title, "rows": rows, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                       "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
                       "paper": setup.paperSize, "fit": [setup.fitToWidth, setup.fitToHeight],
                       "margins": [ws.page_margins.left, ws.page_margins.right, ws.page_margins.top,
                                   ws.page_margins.bottom],
                       "title_rows": ws.print_title_rows})
    return sheets


def bare_workbook(sheets: list[dict], out: Path) -> None:
    """Write the cells with openpyxl in write-only mode, styling the cells the product's file styles."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.page import PageMargins

    book = Workbook(write_only=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet["title"])
        ws.freeze_panes = sheet["freeze"]
        for letter, width in sheet["widths"].items():
            ws.column_dimensions[letter].width = width
        ws.page_setup.paperSize = sheet["paper"]
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = sheet["fit"]
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(*sheet["margins"])
        ws.print_title_rows = sheet["title_rows"]
        if sheet["filter"]:
            ws.auto_filter.ref = sheet["filter"]
        for row in sheet["rows"]:
            values = []
            for value in row:
                if not isinstance(value, dict):
                    values.append(value)
                    continue
                cell = WriteOnlyCell(ws, value["value"])
                if isinstance(value["value"], str):
                    cell.data_type = "s"
                if "number_format" in value:
                    cell.number_format = value["number_format"]
                if "font" in value:
                    cell.font = Font(**{key: True for key, on in value["font"].items() if on})
                if "fill" in value:
                    cell.fill = PatternFill("solid", fgColor=value["fill"])
                if "align" in value:
                    cell.alignment = Alignment(horizontal=value["align"][0], vertical=value["align"][1])
                values.append(cell)
            ws.append(values)
    book.save(out)


def _serve_pdf(spec: str, out: str) -> None:
    content = json.loads(Path(spec).read_text(encoding="utf-8"))
    write = _bare_pdf_writer(content)
    write(out)  # the first one loads what the first write needs, as the product's warm-up run does
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        start = time.perf_counter()
        write(out)
        print(time.perf_counter() - start, flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "pdf":
        raise SystemExit("usage: document_baselines.py pdf CONTENT.json OUT.pdf  (then 'run' lines on stdin)")
    _serve_pdf(sys.argv[2], sys.argv[3])
