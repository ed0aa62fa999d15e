"""Create, in the background, the PySide6 types the main window's first display would create.

PySide6 makes a Qt class's Python type (with its enums, which are slow pure-Python classes) the first
time it is used. The first display of the main window uses some 200 at once — through the app-wide
event filter (widgets/tables.py) PySide6 looks for the most-derived type of every object and event
it is handed, which creates every QObject and QEvent subclass of the modules loaded — some 150 ms on
the GUI thread between signing in and the window. Made by the start thread instead, while the
person types; the GUI thread meanwhile only runs the sign-in dialog, whose types already exist.

The names are those the first display added to the PySide6 modules' namespaces (listed by comparing
the namespaces before and after); one missing from another PySide6 version is skipped.
"""

from __future__ import annotations

import importlib

FIRST_WINDOW_TYPES: dict[str, str] = {
    "PySide6.QtCore": (
        "QAbstractAnimation QAbstractEventDispatcher QAbstractProxyModel QAnimationGroup QBuffer QByteArray "
        "QChildEvent QConcatenateTablesProxyModel QDynamicPropertyChangeEvent QEventLoop QFile QFileDevice "
        "QFileSelector QFileSystemWatcher QIODevice QIODeviceBase QIOPipe QIdentityProxyModel "
        "QItemSelectionModel QKeyCombination QLibrary QMimeData QParallelAnimationGroup QPauseAnimation "
        "QPluginLoader QProcess QPropertyAnimation QRangeModel QSaveFile QSequentialAnimationGroup "
        "QSharedMemory QSignalMapper QSocketNotifier QSortFilterProxyModel QTemporaryFile QThread QTime "
        "QTimeLine QTimerEvent QTransposeProxyModel QVariantAnimation"
    ),
    "PySide6.QtGui": (
        "QAbstractTextDocumentLayout QAccessibilityHints QActionEvent QActionGroup QChildWindowEvent "
        "QClipboard QCloseEvent QContextMenuEvent QDoubleValidator QDrag QDragEnterEvent QDragLeaveEvent "
        "QDragMoveEvent QDropEvent QEnterEvent QExposeEvent QFileOpenEvent QFocusEvent QFontMetrics "
        "QHelpEvent QHideEvent QHoverEvent QIconDragEvent QInputDevice QInputEvent QInputMethod "
        "QInputMethodEvent QInputMethodQueryEvent QIntValidator QKeyEvent QMouseEvent QMoveEvent QMovie "
        "QNativeGestureEvent QOffscreenSurface QOpenGLContext QOpenGLContextGroup QPagedPaintDevice "
        "QPaintDeviceWindow QPaintEvent QPdfWriter QPlatformSurfaceEvent QPointerEvent QPointingDevice "
        "QPyTextObject QRasterWindow QRegularExpressionValidator QResizeEvent QRgba64 QScreen QScrollEvent "
        "QScrollPrepareEvent QSessionManager QShortcutEvent QShowEvent QSinglePointEvent QStandardItemModel "
        "QStatusTipEvent QStyleHints QSurface QSyntaxHighlighter QTabletEvent QTextBlockGroup QTextDocument "
        "QTextFrame QTextList QTextObject QTextObjectInterface QTextTable QToolBarChangeEvent QTouchEvent "
        "QUndoGroup QUndoStack QValidator QWhatsThisClickedEvent QWheelEvent QWindow QWindowStateChangeEvent"
    ),
    "PySide6.QtWidgets": (
        "QAbstractSlider QButtonGroup QCalendarWidget QColorDialog QColumnView QCommandLinkButton "
        "QCommonStyle QDataWidgetMapper QDial QDockWidget QDoubleSpinBox QErrorMessage QFocusFrame "
        "QFontComboBox QFontDialog QGesture QGestureEvent QGraphicsAnchor QGraphicsBlurEffect "
        "QGraphicsColorizeEffect QGraphicsDropShadowEffect QGraphicsEffect QGraphicsItem "
        "QGraphicsItemAnimation QGraphicsLayoutItem QGraphicsObject QGraphicsOpacityEffect "
        "QGraphicsProxyWidget QGraphicsRotation QGraphicsScale QGraphicsScene QGraphicsSceneContextMenuEvent "
        "QGraphicsSceneDragDropEvent QGraphicsSceneEvent QGraphicsSceneHelpEvent QGraphicsSceneHoverEvent "
        "QGraphicsSceneMouseEvent QGraphicsSceneMoveEvent QGraphicsSceneResizeEvent QGraphicsSceneWheelEvent "
        "QGraphicsTextItem QGraphicsTransform QGraphicsView QGraphicsWidget QItemDelegate QKeySequenceEdit "
        "QLCDNumber QListView QListWidget QMdiArea QMdiSubWindow QMenu QMenuBar QPanGesture QPinchGesture "
        "QPlainTextDocumentLayout QProgressBar QProxyStyle QRadioButton QRhiWidget QRubberBand QScrollArea "
        "QScrollBar QScroller QSizeGrip QSlider QSpacerItem QSpinBox QSplashScreen QSplitterHandle "
        "QStackedLayout QStackedWidget QStatusBar QStyle QStyleOption QStyleOptionViewItem QSwipeGesture "
        "QSystemTrayIcon QTabBar QTapAndHoldGesture QTapGesture QTimeEdit QToolBar QToolBox QToolButton "
        "QTreeWidget QUndoView QWidgetAction QWidgetItem QWizard QWizardPage"
    ),
}


def create_first_window_types() -> None:
    for module_name, names in FIRST_WINDOW_TYPES.items():
        module = importlib.import_module(module_name)
        for name in names.split():
            getattr(module, name, None)
