"""Chinese typesetting rules ReportLab's CJK wrapping does not apply on its own, and the pieces every
owner-facing document shares: the letterhead, the stamp circle, page labels per document.

Kinsoku (避头尾): no line starts with closing punctuation (，。、；：？！」）》 …) and none ends with an
opening one (“（《「 …). ReportLab hangs a closing mark that would start a line at the end of the line
before (标点悬挂), but its list lacks most full-width marks, and it does not keep opening marks with
the text they open; `install_kinsoku` completes the first and adds the second.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

CANNOT_START = "，。、；：？！」』】〕）》〉”’…—～·％‰℃,.;:?!)]}%"
CANNOT_END = "“‘（《〈「『【〔［｛([{"


@cache
def install_kinsoku() -> None:
    """Teach ReportLab's CJK line splitters the Chinese line-start and line-end rules (once per process).

    A paragraph of one style is split by `textsplit.wordSplit`, one of mixed styles by
    `paragraph.cjkFragSplit`; both read the closing marks from their module's ALL_CANNOT_START."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    closing = "".join(sorted(set(textsplit.ALL_CANNOT_START) | set(CANNOT_START)))
    textsplit.ALL_CANNOT_START = paragraph.ALL_CANNOT_START = closing
    plain_split, styled_split = paragraph.wordSplit, paragraph.cjkFragSplit

    def word_split(word, max_widths, font_name, font_size, encoding="utf8"):
        metrics = _glyph_widths(font_name) if isinstance(word, str) else None
        if metrics is None:
            lines = plain_split(word, max_widths, font_name, font_size, encoding)
        else:
            # What textsplit.wordSplit does, with the widths read from the font's table instead of one
            # stringWidth call per character (the bulk of the time a table of Chinese cells takes to wrap).
            width_of, default = metrics
            scale = 0.001 * font_size
            lines = textsplit.dumbSplit(word, [scale * width_of(ord(ch), default) for ch in word], max_widths)
        _carry_plain(lines, font_name, font_size)
        return lines

    def frag_split(frags, max_widths, calc_bounds, encoding="utf8"):
        lines = styled_split(frags, max_widths, calc_bounds, encoding)
        _carry_styled(lines.lines)
        return lines

    paragraph.wordSplit, paragraph.cjkFragSplit = word_split, frag_split


@cache
def _glyph_widths(font_name: str) -> tuple | None:
    """A TrueType font's glyph-width lookup and default width (thousandths of the font size), as
    ReportLab's own stringWidth reads them; None for other fonts (their widths are asked of ReportLab)."""
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import TTFont

    font = getFont(font_name)
    if not isinstance(font, TTFont):
        return None
    return font.face.charWidths.get, font.face.defaultWidth


def text_width(text: str, font_name: str, font_size: float) -> float:
    """The width ReportLab's stringWidth gives, from the cached glyph widths."""
    metrics = _glyph_widths(font_name)
    if metrics is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, font_name, font_size)
    width_of, default = metrics
    return 0.001 * font_size * sum(width_of(ord(ch), default) for ch in text)


def _carry_plain(lines: list, font_name: str, font_size: float) -> None:
    """[extra space, text] lines: one that ends with an opening mark gives it to the next line."""
    for line, following in zip(lines, lines[1:], strict=False):
        text = line[1]
        if isinstance(text, str) and len(text) > 1 and text[-1] in CANNOT_END:
            width = text_width(text[-1], font_name, font_size)
            line[1], following[1] = text[:-1], text[-1] + following[1]
            line[0] += width
            following[0] -= width


def _carry_styled(lines) -> None:
    """FragLine lines: the same, moving the mark into the next line's first fragment."""
    for line, following in zip(lines, lines[1:], strict=False):
        if not line.words or not following.words or getattr(line, "lineBreak", False):
            continue
        last, first = line.words[-1], following.words[0]
        text = getattr(last, "text", "")
        if len(text) < 2 or text[-1] not in CANNOT_END:
            continue
        mark = text[-1]
        width = text_width(mark, last.fontName, last.fontSize)
        last.text = text[:-1]
        if getattr(first, "fontName", None) == last.fontName and getattr(first, "fontSize", None) == last.fontSize:
            first.text = mark + first.text
        else:
            moved = last.clone()
            moved.text = mark
            following.words.insert(0, moved)
        line.currentWidth -= width
        line.extraSpace += width
        following.currentWidth += width
        following.extraSpace -= width


def draw_letterhead(c: Canvas, company: str, address: str, phone: str, left: float, right: float, top: float,
                    font: str, logo: str | None = None) -> float:
    """The company's name, address and phone across the top of the page, ruled off; returns the y below it."""
    x = left
    if logo:
        try:
            c.drawImage(logo, left, top - 12 * mm, width=12 * mm, height=12 * mm, preserveAspectRatio=True,
                        mask="auto")
            x = left + 15 * mm
        except (OSError, ValueError):
            x = left  # a missing or unreadable logo file leaves the name alone; the letter still prints
    c.setFillColor(colors.black)
    c.setFont(font, 15)
    c.drawString(x, top - 6 * mm, company)
    c.setFont(font, 8.5)
    c.setFillColor(colors.HexColor("#444444"))
    details = "　".join(part for part in (f"地址：{address}" if address else "", f"电话：{phone}" if phone else "") if part)
    c.drawString(x, top - 11 * mm, details)
    c.setStrokeColor(colors.HexColor("#9c1c1c"))
    c.setLineWidth(1.2)
    c.line(left, top - 13.5 * mm, right, top - 13.5 * mm)
    c.setLineWidth(0.4)
    c.line(left, top - 14.5 * mm, right, top - 14.5 * mm)
    c.setFillColor(colors.black)
    c.setStrokeColor(colors.black)
    return top - 18 * mm


def draw_stamp_area(c: Canvas, centre_x: float, centre_y: float, font: str, radius: float = 19 * mm) -> None:
    """A dashed circle where the company's seal goes (盖章处), light enough to stamp over."""
    c.saveState()
    c.setStrokeColor(colors.HexColor("#c8a0a0"))
    c.setDash(2, 2)
    c.circle(centre_x, centre_y, radius, stroke=1, fill=0)
    c.setFillColor(colors.HexColor("#c8a0a0"))
    c.setFont(font, 8)
    c.drawCentredString(centre_x, centre_y - 1.5 * mm, "（盖章处）")
    c.restoreState()


def page_label(number: int, total: int) -> str:
    return f"第 {number} 页 / 共 {total} 页"
