"""Print preview of a PDF the reports layer wrote: the pages shown and printed are that very file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from frontdesk.ui.widgets.screen_fit import fit_to_screen

RENDER_DPI = 200


def page_images(pdf_path: Path | str, dpi: int = RENDER_DPI) -> list[QImage]:
    """Each page of the PDF rendered to an image (PDFium, the same engine browsers use)."""
    import pypdfium2 as pdfium

    images = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            image = QImage(data, pil.width, pil.height, 3 * pil.width, QImage.Format_RGB888)
            images.append(image.copy())  # detach from the bytes buffer
            page.close()
    finally:
        pdf.close()
    return images


def paint_pages(printer: QPrinter, images: list[QImage]) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(area.x() + (area.width() - width) / 2, area.y(), width, height), image)
    finally:
        painter.end()


def _first_page_points(pdf_path: Path | str) -> tuple[float, float]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return pdf.get_page_size(0) if len(pdf) else (595.0, 842.0)
    finally:
        pdf.close()


def printer_for(pdf_path: Path | str, title: str) -> QPrinter:
    """The system's default printer, set to the paper the document was laid out for (A4, A5 …) and its
    orientation, so the printer feeds the same sheet."""
    width, height = _first_page_points(pdf_path)
    paper = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point, "",
                      QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageLayout(QPageLayout(paper, orientation, QMarginsF()))
    printer.setFullPage(True)
    return printer


def open_preview(parent: QWidget, pdf_path: Path | str, title: str) -> QPrintPreviewDialog:
    """Show the print preview (window-modal, not blocking); the user prints from it."""
    images = page_images(pdf_path)
    printer = printer_for(pdf_path, title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {title}")
    fit_to_screen(dialog, 900, 1000)
    dialog.paintRequested.connect(lambda p: paint_pages(p, images))
    dialog.setProperty("page_count", len(images))
    dialog.printer = printer  # the dialog only points at the printer: keep it alive as long as the dialog
    # Ctrl+P prints from the keyboard (the preview's own print button is reached only with the mouse).
    QShortcut(QKeySequence.Print, dialog, activated=lambda: print_with_dialog(dialog, printer, images))
    dialog.open()
    return dialog


def print_with_dialog(parent: QWidget, printer: QPrinter, images: list[QImage]) -> bool:
    """The system's print dialog (printer, copies, pages), then the very pages of the preview."""
    chooser = QPrintDialog(printer, parent)
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_pages(printer, images)
    return True
