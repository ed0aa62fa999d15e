"""收费率 (with their definitions), the reasons owners give for not paying, and the letters' effect."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError
from frontdesk.services import clock, collection_plan, collection_rates, letters, number_format
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.tabs.collections_pages.common import money
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.tables import fill_table, simple_table

RATE_HEADERS = ["分组", "应收", "实收", "收费率", "较上期", "户收费率", "较上期", "期初往期欠费", "收回往期", "清缴率", "较上期"]


def _pct(value) -> str:
    return number_format.percent(value, of_hundred=True)


def _delta(value) -> str:
    return "" if value is None else f"{value:+}"


def _date_edit(day) -> QDateEdit:
    edit = DateEdit(QDate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class RatesPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        today = clock.today()
        self.kind = QComboBox()
        self.kind.addItems(collection_rates.PERIOD_KINDS)
        self.kind.setCurrentText("年")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.grouping = QComboBox()
        self.grouping.addItems(collection_rates.GROUPINGS)
        show = QPushButton("计算")
        show.clicked.connect(self.show_rates)
        bar = QHBoxLayout()
        for widget in (QLabel("周期"), self.kind, self.year, QLabel("年"), self.month, QLabel("月（季度按此月所在季）"),
                       QLabel("按"), self.grouping, show):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.rate_label = QLabel()
        self.rate_table = simple_table(RATE_HEADERS, name="rateTable")
        definitions = QLabel("<br>".join(f"<b>{k}</b> = {v}" for k, v in collection_rates.DEFINITIONS.items()))
        definitions.setWordWrap(True)
        definitions.setStyleSheet("color:#455a64")

        self.reason_from = _date_edit(QDate(today).addMonths(-6).toPython())
        self.reason_to = _date_edit(today)
        reasons_button = QPushButton("统计")
        reasons_button.clicked.connect(self.show_reasons)
        export = QPushButton("导出 Excel")
        export.clicked.connect(self.export_reasons)
        self.reason_table = simple_table(["欠费原因", "期", "户数", "欠费金额"], name="reasonTable")
        self.effect_label = QLabel()
        self.effect_label.setWordWrap(True)
        reasons_box = QGroupBox("欠费原因统计（按期间内最近一次催缴登记的原因）与催缴函效果")
        reasons_layout = QVBoxLayout(reasons_box)
        reason_bar = QHBoxLayout()
        for widget in (QLabel("从"), self.reason_from, QLabel("到"), self.reason_to, reasons_button, export):
            reason_bar.addWidget(widget)
        reason_bar.addStretch(1)
        reasons_layout.addLayout(reason_bar)
        reasons_layout.addWidget(self.reason_table)
        reasons_layout.addWidget(self.effect_label)

        # A choice changed is counted at once (after a pause while a year is typed): the table never shows
        # another grouping or period than the boxes say.
        self._rates_chosen, self._reasons_chosen = QTimer(self), QTimer(self)
        for timer, slot in ((self._rates_chosen, self.show_rates), (self._reasons_chosen, self.show_reasons)):
            timer.setSingleShot(True)
            timer.setInterval(300)
            timer.timeout.connect(slot)
        for changed in (self.kind.currentIndexChanged, self.year.valueChanged, self.month.valueChanged,
                        self.grouping.currentIndexChanged):
            changed.connect(lambda *_: self._rates_chosen.start())
        for edit in (self.reason_from, self.reason_to):
            edit.dateChanged.connect(lambda *_: self._reasons_chosen.start())

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.rate_label)
        layout.addWidget(self.rate_table, 2)
        layout.addWidget(definitions)
        layout.addWidget(reasons_box, 2)

    def load(self) -> None:
        self.show_rates()
        self.show_reasons()

    def refresh(self) -> None:
        self.load()

    def reset_for_new_user(self) -> None:
        """切换用户: the choices back to their defaults and the tables emptied (counted when next shown)."""
        today = clock.today()
        boxes = (self.kind, self.year, self.month, self.grouping, self.reason_from, self.reason_to)
        for box in boxes:
            box.blockSignals(True)
        self.kind.setCurrentText("年")
        self.year.setValue(today.year)
        self.month.setValue(today.month)
        self.grouping.setCurrentIndex(0)
        self.reason_from.setDate(QDate(today).addMonths(-6))
        self.reason_to.setDate(QDate(today))
        for box in boxes:
            box.blockSignals(False)
        self._rates_chosen.stop()
        self._reasons_chosen.stop()
        for table in (self.rate_table, self.reason_table):
            table.setRowCount(0)
        self.rate_label.clear()
        self.effect_label.clear()

    def show_rates(self) -> None:
        self._rates_chosen.stop()
        rng = collection_rates.range_of(self.kind.currentText(), self.year.value(), self.month.value())
        with self.ctx.session() as session:
            rows = collection_rates.rates(session, rng, self.grouping.currentText())
        self.rate_label.setText(f"{rng.label}（{rng.start} 至 {rng.end}），与上期 {rng.previous().label} 比较（百分点）")
        fill_table(self.rate_table, [[
            r.group, money(r.charged), money(r.received), _pct(r.collection_rate), _delta(r.change("collection_rate")),
            _pct(r.household_rate), _delta(r.change("household_rate")), money(r.owed_at_start), money(r.cleared),
            _pct(r.clearance_rate), _delta(r.change("clearance_rate"))] for r in rows])

    def show_reasons(self) -> None:
        self._reasons_chosen.stop()
        start, end = self.reason_from.date().toPython(), self.reason_to.date().toPython()
        try:
            with self.ctx.session() as session:
                rows = collection_plan.reason_statistics(session, start, end)
                effect = letters.letter_effect(session, start, end)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        fill_table(self.reason_table, [[r.reason, f"{r.phase}期", str(r.units), money(r.arrears)] for r in rows])
        share = "" if effect.paid_share is None else f"（{effect.paid_share}%）"
        self.effect_label.setText(
            f"催缴函效果：期间内发函 {effect.letters} 封、{effect.units} 户，欠费合计 ¥{money(effect.arrears_written)}；"
            f"发函后已有 {effect.paid_units} 户缴费{share}，共 ¥{money(effect.paid_amount)}。")

    def export_reasons(self) -> None:
        from frontdesk.services import exports

        path, _ = file_dialogs.get_save_file_name(self, "导出", str(Path.home() / "欠费原因统计.xlsx"), "Excel 文件 (*.xlsx)")
        if not path:
            return
        with self.ctx.session() as session:
            count = exports.arrears_reasons(session, self.reason_from.date().toPython(),
                                            self.reason_to.date().toPython(), Path(path))
        messages.info(self, f"已导出 {count} 行到 {path}")
