"""The bundled CJK font, registered once for ReportLab (embedded as a subset in every PDF)."""

from __future__ import annotations

from functools import cache

from frontdesk.paths import font_path

PDF_FONT = "WenQuanYiMicroHei"


@cache
def register_pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from frontdesk.reports.pdf.typesetting import install_kinsoku

    pdfmetrics.registerFont(TTFont(PDF_FONT, str(font_path()), subfontIndex=0))
    install_kinsoku()  # every document is set with Chinese line-break rules
    return PDF_FONT
