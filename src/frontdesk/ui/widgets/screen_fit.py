"""Windows and dialogs sized to the screen they open on (a 1366×768 desk PC included)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the title bar and window frame that the available geometry does not include.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted_size(preferred: QSize, widget: QWidget | None = None, share: float = 1.0) -> QSize:
    """`preferred`, shrunk to `share` of the screen's free area less the window frame."""
    area = available_geometry(widget)
    width = min(preferred.width(), int(area.width() * share) - FRAME_ALLOWANCE.width())
    height = min(preferred.height(), int(area.height() * share) - FRAME_ALLOWANCE.height())
    return QSize(max(320, width), max(240, height))


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 1.0) -> None:
    """Resize to width×height or less, so the whole window (and its status bar) is on screen."""
    widget.resize(fitted_size(QSize(width, height), widget, share))


def keep_on_screen(widget: QWidget) -> None:
    """After restoring a remembered geometry: shrink and move it back onto the current screen."""
    area = available_geometry(widget)
    frame = widget.frameGeometry()
    if area.contains(frame):
        return
    size = fitted_size(widget.size(), widget)
    widget.resize(size)
    widget.move(area.left() + max(0, (area.width() - size.width() - FRAME_ALLOWANCE.width()) // 2),
                area.top() + max(0, (area.height() - size.height() - FRAME_ALLOWANCE.height()) // 2))
