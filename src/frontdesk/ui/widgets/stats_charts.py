"""Small custom-painted charts for the 统计报表 tab (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from frontdesk.reports.axis import NO_DATA, Axis, is_empty, value_axis

COLORS = [QColor(c) for c in ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47")]


class _Chart(QWidget):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.series: list[tuple[str, list[float]]] = []
        self.axis: Axis | None = None  # the axis last drawn (None while there is nothing to draw)
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def _plot_area(self) -> QRectF:
        legend = 60 if len(self.series) > 1 else 0
        return QRectF(38, 24, max(10, self.width() - 50 - legend), max(10, self.height() - 50))

    def has_data(self) -> bool:
        return not is_empty([values for _name, values in self.series])

    def _no_data(self, painter: QPainter) -> None:
        self.axis = None
        painter.setPen(QColor("#78909c"))
        painter.drawText(QRectF(self.rect()), Qt.AlignCenter, NO_DATA)

    def _frame(self, painter: QPainter, axis: Axis) -> QRectF:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(6, 2, self.width() - 12, 20), Qt.AlignLeft | Qt.AlignVCenter, self.title)
        area = self._plot_area()
        grid = QPen(QColor("#DDDDDD"))
        for value in axis.ticks:
            y = area.bottom() - area.height() * value / axis.top
            painter.setPen(grid)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y - 8, area.left() - 4, 16), Qt.AlignRight | Qt.AlignVCenter, axis.label(value))
        if len(self.series) > 1:
            for index, (name, _values) in enumerate(self.series):
                y = 28 + index * 18
                painter.fillRect(QRectF(self.width() - 56, y, 10, 10), COLORS[index % len(COLORS)])
                painter.drawText(QRectF(self.width() - 42, y - 3, 42, 16), Qt.AlignLeft | Qt.AlignVCenter, name)
        return area

    def _labels(self, painter: QPainter, area: QRectF, slot: float) -> None:
        every = max(1, int(30 / max(slot, 1)) + 1) if slot < 30 else 1
        painter.setPen(self.palette().text().color())
        for index, label in enumerate(self.labels):
            if index % every == 0:
                painter.drawText(QRectF(area.left() + slot * index - 10, area.bottom() + 2, slot + 20, 18),
                                 Qt.AlignHCenter | Qt.AlignTop, label)


class BarChart(_Chart):
    """Bars per label, stacked when there are several series, with an optional dashed target line."""

    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        self.target: float | None = None

    def set_data(self, labels: list[str], series: list[tuple[str, list[float]]], target: float | None = None) -> None:
        self.labels, self.series, self.target = labels, series, target
        self.update()

    def totals(self) -> list[float]:
        return [sum(values[i] for _n, values in self.series) for i in range(len(self.labels))]

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        if not self.has_data():
            self._no_data(painter)
            painter.end()
            return
        self.axis = value_axis(max(self.totals() + [self.target or 0]),
                               integers=all(float(v).is_integer() for _n, vs in self.series for v in vs))
        top = self.axis.top
        area = self._frame(painter, self.axis)
        slot = area.width() / max(1, len(self.labels))
        for index in range(len(self.labels)):
            base = area.bottom()
            for number, (_name, values) in enumerate(self.series):
                height = area.height() * values[index] / top
                painter.fillRect(QRectF(area.left() + slot * index + slot * 0.15, base - height, slot * 0.7, height),
                                 COLORS[number % len(COLORS)])
                base -= height
        if self.target:
            y = area.bottom() - area.height() * self.target / top
            painter.setPen(QPen(QColor("#D00000"), 1, Qt.DashLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            label = f"目标 {self.target:g}"
            box = QRectF(area.right() - painter.fontMetrics().horizontalAdvance(label) - 6, y - 18, 0, 16)
            box.setRight(area.right())
            painter.fillRect(box, QColor(255, 255, 255, 220))  # read above the bars it may cross
            painter.drawText(box, Qt.AlignRight, label)
        self._labels(painter, area, slot)
        painter.end()


class LineChart(_Chart):
    """One line per series over the labels (values may be None: a gap)."""

    def __init__(self, title: str, top: float = 100, parent=None):
        super().__init__(title, parent)
        self.top = top

    def set_data(self, labels: list[str], series: list[tuple[str, list[float | None]]]) -> None:
        self.labels, self.series = labels, series
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        if not self.has_data():
            self._no_data(painter)
            painter.end()
            return
        self.axis = value_axis(self.top)
        area = self._frame(painter, self.axis)
        slot = area.width() / max(1, len(self.labels))
        for number, (_name, values) in enumerate(self.series):
            painter.setPen(QPen(COLORS[number % len(COLORS)], 2))
            points = [QPointF(area.left() + slot * (i + 0.5), area.bottom() - area.height() * v / self.top)
                      for i, v in enumerate(values) if v is not None]
            for first, second in zip(points, points[1:], strict=False):
                painter.drawLine(first, second)
            for point in points:
                painter.drawEllipse(point, 2.5, 2.5)
        self._labels(painter, area, slot)
        painter.end()
