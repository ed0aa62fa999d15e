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
    _add_save_as(dialog, Path(pdf_path), title)
    dialog.open()
    return dialog


def _add_save_as(dialog: QPrintPreviewDialog, pdf_path: Path, title: str) -> None:
    """另存为 PDF (Ctrl+S): the previewed file kept where the person chooses (to e-mail, or to print on
    another PC); the file shown lives in a temporary folder."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QToolBar

    action = QAction("另存为 PDF…", dialog)
    action.setShortcut(QKeySequence.Save)
    action.setToolTip("把这份文件另存为 PDF（Ctrl+S）")
    action.triggered.connect(lambda: save_copy(dialog, pdf_path, title))
    toolbar = dialog.findChild(QToolBar)
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addAction(action)
    dialog.addAction(action)  # the key works wherever the focus is in the preview
    dialog.save_as_action = action


def save_copy(parent: QWidget, pdf_path: Path, title: str) -> Path | None:
    """Ask where, copy the PDF there, say where it went (or why it could not be written)."""
    import re
    import shutil

    from frontdesk.ui import file_dialogs, messages

    suggested = Path.home() / (re.sub(r'[\\/:*?"<>|]+', "-", title).strip() + ".pdf")
    chosen, _filter = file_dialogs.get_save_file_name(parent, "另存为 PDF", str(suggested), "PDF 文件 (*.pdf)")
    if not chosen:
        return None
    target = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
    try:
        shutil.copyfile(pdf_path, target)
    except OSError as exc:
        messages.error(parent, f"没有保存：{target} 写不进去（{exc.strerror or exc}）。请换一个文件夹，或关闭正打开这个文件的程序后再试。")
        return None
    messages.info(parent, f"已另存为：{target}")
    return target


def print_with_dialog(parent: QWidget, printer: QPrinter, images: list[QImage]) -> bool:
    """The system's print dialog (printer, copies, pages), then the very pages of the preview."""
    chooser = QPrintDialog(printer, parent)
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_pages(printer, images)
    return True
