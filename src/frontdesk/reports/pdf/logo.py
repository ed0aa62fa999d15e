"""The company's logo in a document's top-left corner (when one is set in 设置)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

LOGO_HEIGHT = 12 * mm


def draw_logo(c: Canvas, path: str, x: float, top: float) -> None:
    """Scaled to 12 mm high, its top at `top`; a logo that cannot be read is left out, never fatal."""
    try:
        image = ImageReader(path)
        width, height = image.getSize()
    except (OSError, ValueError):
        return
    shown_width = LOGO_HEIGHT * width / height if height else LOGO_HEIGHT
    c.drawImage(image, x, top - LOGO_HEIGHT, width=shown_width, height=LOGO_HEIGHT, mask="auto")
