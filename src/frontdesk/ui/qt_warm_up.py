"""Create, in the background, the PySide6 types the main window's first display would create.

PySide6 makes a Qt class's Python type (with its enums, which are slow pure-Python classes) the first
time it is used. The first display of the main window uses some 65 at once: the first event handed
to a Python event filter makes PySide6 look for its most-derived type, which creates every QEvent
subclass of the modules loaded. Made by the start thread instead, while the person types; the GUI
thread meanwhile only runs the sign-in dialog, whose types already exist. (Some 200 before the
number alignment stopped filtering every event of the application: widgets/tables.py.)

The names are those the first display added to the PySide6 modules' namespaces (listed by comparing
the namespaces before and after); one missing from another PySide6 version is skipped.
"""

from __future__ import annotations

import importlib

FIRST_WINDOW_TYPES: dict[str, str] = {
    "PySide6.QtCore": "QByteArray QChildEvent QDynamicPropertyChangeEvent QKeyCombination QTime QTimerEvent",
    "PySide6.QtGui": (
        "QActionEvent QChildWindowEvent QCloseEvent QContextMenuEvent QDragEnterEvent QDragLeaveEvent "
        "QDragMoveEvent QDropEvent QEnterEvent QExposeEvent QFileOpenEvent QFocusEvent QFontMetrics QHelpEvent "
        "QHideEvent QHoverEvent QIconDragEvent QInputEvent QInputMethodEvent QInputMethodQueryEvent QKeyEvent "
        "QMouseEvent QMoveEvent QNativeGestureEvent QPaintEvent QPlatformSurfaceEvent QPointerEvent QResizeEvent "
        "QRgba64 QScreen QScrollEvent QScrollPrepareEvent QShortcutEvent QShowEvent QSinglePointEvent "
        "QStatusTipEvent QTabletEvent QToolBarChangeEvent QTouchEvent QWhatsThisClickedEvent QWheelEvent "
        "QWindowStateChangeEvent"
    ),
    "PySide6.QtWidgets": (
        "QGestureEvent QGraphicsSceneContextMenuEvent QGraphicsSceneDragDropEvent QGraphicsSceneEvent "
        "QGraphicsSceneHelpEvent QGraphicsSceneHoverEvent QGraphicsSceneMouseEvent QGraphicsSceneMoveEvent "
        "QGraphicsSceneResizeEvent QGraphicsSceneWheelEvent QListView QMenu QMenuBar QSpacerItem QStatusBar "
        "QWidgetAction QWidgetItem"
    ),
}


def create_first_window_types() -> None:
    for module_name, names in FIRST_WINDOW_TYPES.items():
        module = importlib.import_module(module_name)
        for name in names.split():
            getattr(module, name, None)
