"""Printing goes through Qt's printer with the paper the document was made for (A4 notices, A5 orders)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen.canvas import Canvas

from frontdesk.ui.widgets.pdf_preview import page_images, paint_pages, printer_for


def _pdf(path: Path, size, pages: int) -> Path:
    canvas = Canvas(str(path), pagesize=size)
    for number in range(pages):
        canvas.drawString(72, 72, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    return path


def _print_to_pdf(source: Path, out: Path) -> PdfReader:
    printer = printer_for(source, "测试")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # Qt's own PDF printer stands in for paper
    printer.setOutputFileName(str(out))
    paint_pages(printer, page_images(source, dpi=60))
    return PdfReader(str(out))


def test_an_a5_order_prints_on_a5_and_an_a4_notice_on_a4(qapp, tmp_path):
    a5 = _print_to_pdf(_pdf(tmp_path / "order.pdf", A5, 2), tmp_path / "printed-a5.pdf")
    assert len(a5.pages) == 2
    assert printer_for(tmp_path / "order.pdf", "x").pageLayout().pageSize().id() == QPageSize.PageSizeId.A5
    width, height = (float(v) for v in a5.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (420, 595)
    a4 = _print_to_pdf(_pdf(tmp_path / "notice.pdf", A4, 1), tmp_path / "printed-a4.pdf")
    width, height = (float(v) for v in a4.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)


def test_a_landscape_receipt_prints_landscape(qapp, tmp_path):
    printed = _print_to_pdf(_pdf(tmp_path / "receipt.pdf", landscape(A5), 1), tmp_path / "printed.pdf")
    width, height = (float(v) for v in printed.pages[0].mediabox.upper_right)
    assert width > height


def test_the_window_uses_the_bundled_font_with_fallbacks_for_rare_characters(qapp):
    from frontdesk.app import RARE_CHARACTER_FALLBACKS, install_font

    family = install_font(qapp)
    assert family and "WenQuanYi" in family
    families = qapp.font().families()
    assert families[0] == family and "SimSun-ExtB" in families
    assert set(RARE_CHARACTER_FALLBACKS) <= set(families)
