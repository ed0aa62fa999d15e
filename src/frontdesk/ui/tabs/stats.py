"""统计报表: pick a month, quarter or year; KPI cards with the change against the previous period, charts,
the supervisor's lists and the staff table; every card opens the records behind it; PDF and Excel."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError
from frontdesk.services import authz, clock, stats
from frontdesk.services.stats import catalog, records
from frontdesk.services.stats.figures import change, display
from frontdesk.services.stats.records import RecordTable
from frontdesk.services.stats.report import StatsReport, complete_report, report_lists
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.dialogs.stats_records_dialog import RecordsDialog
from frontdesk.ui.tabs.stats_lists import ReportListsPane
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.stats_charts import BarChart, LineChart

KINDS = ("月", "季", "年")


def shown_figures() -> tuple[str, ...]:
    """The cards' figures, and the source the category and visit-result charts draw."""
    return (*(f.key for f in catalog.cards()), "contacts")


class StatsTab(QWidget):
    title = "统计报表"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: StatsReport | None = None
        self.task = None
        self.kind = QComboBox()
        self.kind.addItems([f"按{k}" for k in KINDS])
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.part = QComboBox()
        self.part.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # "第 3 季度" read whole
        self.show_button = QPushButton("统计(&S)")
        self.pdf_button = QPushButton("导出 PDF(&P)…")
        self.excel_button = QPushButton("导出 Excel(&X)…")
        self.status = QLabel()
        # A month that has only begun makes every card red: open on the last complete month.
        last = clock.today().replace(day=1) - timedelta(days=1)
        self.year.setValue(last.year)
        self._month = last.month  # the month chosen, kept while a quarter or the year is looked at
        self._fill_parts()
        self.kind.currentIndexChanged.connect(self._fill_parts)
        # A period chosen is shown at once (after a pause, so that ↓ through the months starts one count):
        # the figures on screen never belong to another period than the one the boxes say.
        self._chosen = QTimer(self)
        self._chosen.setSingleShot(True)
        self._chosen.setInterval(300)
        self._chosen.timeout.connect(self.load)
        self._reload_when_done = False
        for changed in (self.kind.currentIndexChanged, self.year.valueChanged, self.part.currentIndexChanged):
            changed.connect(self._period_chosen)
        self.show_button.clicked.connect(self.load)
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.excel_button.clicked.connect(lambda: self._export("xlsx"))

        bar = QHBoxLayout()
        for widget in (QLabel("统计周期"), self.kind, self.year, self.part, self.show_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.excel_button)

        self.cards: dict[str, QPushButton] = {}
        cards = QGridLayout()
        for index, key in enumerate(f.key for f in catalog.cards()):
            button = QPushButton()
            button.setMinimumHeight(72)
            button.setToolTip("点击查看该指标对应的记录")
            button.clicked.connect(lambda _=False, k=key: self.open_records(k))
            button.setText(f"{catalog.label(key)}\n…\n")
            self.cards[key] = button
            cards.addWidget(button, index // 8, index % 8)

        self.calls_chart = BarChart("来电（虚线为每日目标）")
        self.category_chart = BarChart("来电来访类别")
        self.trade_chart = BarChart("报修专业及范围")
        self.phase_chart = LineChart("各期收费率（%）")
        self.visit_chart = BarChart("回访结果")
        charts = QGridLayout()
        for index, chart in enumerate((self.calls_chart, self.category_chart, self.trade_chart, self.phase_chart,
                                       self.visit_chart)):
            charts.addWidget(chart, index // 3, index % 3)

        scroll = QScrollArea()
        self.lists = ReportListsPane(ctx, scroll)
        self.staff_table = self.lists.staff_table

        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(cards)
        column.addLayout(charts)
        column.addWidget(QLabel("待督办事项与员工服务情况（Alt+L 跳到这里；点击表头排序；完整记录请导出 Excel）"))
        column.addWidget(self.lists)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.scroll = scroll
        # The lists sit below sixteen cards and five charts: one key takes the cursor there.
        QShortcut(QKeySequence("Alt+L"), self, activated=self.go_to_lists, context=Qt.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(scroll)

    # ---- the period -------------------------------------------------------------------------

    def _fill_parts(self) -> None:
        """The months or quarters of the kind chosen, on the month chosen before (or its quarter)."""
        kind = KINDS[self.kind.currentIndex()]
        self.part.blockSignals(True)
        self.part.clear()
        if kind == "月":
            self.part.addItems([f"{m} 月" for m in range(1, 13)])
            self.part.setCurrentIndex(self._month - 1)
        elif kind == "季":
            self.part.addItems([f"第 {q} 季度" for q in range(1, 5)])
            self.part.setCurrentIndex((self._month - 1) // 3)
        self.part.blockSignals(False)
        self.part.setVisible(kind != "年")

    def _period_chosen(self) -> None:
        kind = KINDS[self.kind.currentIndex()]
        if kind == "月" and self.part.currentIndex() >= 0:
            self._month = self.part.currentIndex() + 1
        elif kind == "季" and self.part.currentIndex() >= 0 and (self._month - 1) // 3 != self.part.currentIndex():
            self._month = self.part.currentIndex() * 3 + 1
        try:
            label = self.period().label
        except DomainError:
            return
        self.status.setText(f"正在统计 {label}…")
        self._chosen.start()

    def period(self) -> stats.Period:
        kind, year, part = KINDS[self.kind.currentIndex()], self.year.value(), self.part.currentIndex() + 1
        if kind == "月":
            return stats.month_period(year, part)
        if kind == "季":
            return stats.quarter_period(year, part)
        return stats.year_period(year)

    def set_period(self, kind: str, year: int, part: int = 1) -> None:
        """Choose a period without counting it (the caller loads)."""
        for box in (self.kind, self.year, self.part):
            box.blockSignals(True)
        self.kind.setCurrentIndex(KINDS.index(kind))
        self.year.setValue(year)
        if kind != "年":
            self._month = part if kind == "月" else (part - 1) * 3 + 1
        self._fill_parts()
        for box in (self.kind, self.year, self.part):
            box.blockSignals(False)

    # ---- loading ----------------------------------------------------------------------------

    def reset_for_new_user(self) -> None:
        """Nothing is typed here: the period stays; the figures reload for the new person."""

    def _show_what_the_role_may_do(self) -> None:
        refusal = None if authz.allowed(self.ctx.user.role, "reports") else authz.refusal_tooltip("reports")
        for button in (self.pdf_button, self.excel_button):
            button.setEnabled(refusal is None)
            button.setToolTip(refusal or "")

    def load(self) -> None:
        self._show_what_the_role_may_do()
        self._chosen.stop()
        if self.task is not None:
            self._reload_when_done = True  # another period was chosen while counting: shown next
            return
        try:
            period = self.period()
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.status.setText(f"正在统计 {period.label}…")
        self.show_button.setEnabled(False)

        def work(progress):
            with self.ctx.read_session() as session:
                # Only what is shown: the cards' figures with the previous period's (环比), and what the
                # charts draw. The rest, and the period a year ago (同比), wait for an export.
                return stats.report(session, period, progress, with_year_ago=False, only=shown_figures(),
                                    with_lists=False)

        self.task = run_task(self, f"正在统计 {period.label}…", work, self._show, self._failed)

    def _reload_if_chosen_meanwhile(self) -> bool:
        if not self._reload_when_done:
            return False
        self._reload_when_done = False
        self.load()
        return True

    def _failed(self, message: str) -> None:
        self.task = None
        self.show_button.setEnabled(True)
        if self._reload_if_chosen_meanwhile():
            return
        self.status.setText("统计没有完成。")
        messages.error(self, message)

    def _show(self, rep: StatsReport) -> None:
        self.task = None
        self.show_button.setEnabled(True)
        if self._reload_if_chosen_meanwhile():
            return
        self.report = rep
        p = rep.period
        today = clock.today()
        # A period still running is counted to today and compared with the whole of the one before: said,
        # so that a red card on the 1st of the month is read for what it is.
        is_running = p.start <= today < p.end
        running = (f"；<b style='color:#e65100'>本期尚未结束，只统计到 {today:%m-%d}，环比是与上期整期相比</b>"
                   if is_running else "")
        self.status.setText(f"{p.label}（{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}），与上期 {rep.previous.period.label}"
                            f"比较；统计时间 {clock.now():%Y-%m-%d %H:%M}{running}")
        for key, button in self.cards.items():
            now, before = rep.current.value(key), rep.previous.value(key)
            delta = change(key, now, rep.comparable(rep.previous, key, before))
            # A count or a sum of a period still running is part of one set against a whole one: its 环比
            # is shown, marked 未满期 and not coloured (a red −40% on the 2nd of the month alarmed).
            partial = is_running and catalog.kind(key) in ("count", "money") and delta != "—"
            button.setText(f"{catalog.label(key)}\n{display(key, now)}\n环比 {delta}{'（未满期）' if partial else ''}")
            colour = "#555555"
            if delta != "—" and not partial and not delta.startswith(("+0.0", "-0.0")):
                better = delta.startswith("+") != catalog.find(key).worse_when_up
                colour = "#2E7D32" if better else "#C62828"
            button.setStyleSheet(f"QPushButton {{ text-align: center; color: {colour}; font-size: 13px; }}")
        self._charts(rep)
        self.lists.want(p)

    def _charts(self, rep: StatsReport) -> None:
        today = clock.today()
        if rep.period.kind == "月":
            self.calls_chart.set_data([str(d.day) for d, *_ in rep.per_day],
                                      [("来电", [c for _d, c, _v, _r in rep.per_day])], rep.daily_targets[0])
        else:
            months: dict[str, list[int]] = {}
            for d, c, _v, _r in rep.per_day:
                # today is hours old: a month's daily average counts the whole days (today alone if none)
                if d != today or not any(day.month == d.month and day < d for day, *_ in rep.per_day):
                    months.setdefault(f"{d.month}月", []).append(c)
            self.calls_chart.set_data(list(months), [("日均来电", [sum(v) / len(v) for v in months.values()])],
                                      rep.daily_targets[0])
        categories = rep.current.contacts_by_category
        self.category_chart.set_data(list(categories), [("次数", list(categories.values()))])
        self.trade_chart.set_data([t for t, *_ in rep.by_trade], [("户内", [h for _t, h, _p in rep.by_trade]),
                                                                  ("公共", [p for _t, _h, p in rep.by_trade])])
        months_seen = sorted({m for m, _p, _r in rep.phase_rates})
        phases = sorted({p for _m, p, _r in rep.phase_rates}, key=lambda p: p.zfill(4))
        rate = {(m, p): r for m, p, r in rep.phase_rates}
        self.phase_chart.set_data([f"{int(m[5:])}月" for m in months_seen],
                                  [(p, [None if rate.get((m, p)) is None else rate[(m, p)] * 100 for m in months_seen])
                                   for p in phases])
        results = rep.current.visit_results
        self.visit_chart.set_data(list(results), [("次数", list(results.values()))])

    def go_to_lists(self) -> None:
        """Alt+L: the lists in view (read now if not yet) and the cursor in the one shown."""
        self.scroll.ensureWidgetVisible(self.lists)
        self.lists.read_if_in_view()
        target = self.lists.currentWidget() or self.lists
        target.setFocus(Qt.ShortcutFocusReason)

    # ---- tracing a figure, exporting ---------------------------------------------------------

    def records_for(self, key: str) -> RecordTable:
        period = self.report.period if self.report else self.period()
        with self.ctx.read_session() as session:
            return records.records_behind(session, period, key)

    def open_records(self, key: str) -> None:
        if self.report is None:
            messages.info(self, "请先选择统计周期并点“统计”。")
            return
        RecordsDialog(self.records_for(key), self).exec()

    def ask_path(self, suffix: str) -> str:
        name = f"{self.report.period.label}统计报表.{suffix}"
        label = "PDF 文件 (*.pdf)" if suffix == "pdf" else "Excel 文件 (*.xlsx)"
        path, _ = file_dialogs.get_save_file_name(self, "保存统计报表", str(Path.home() / name), label)
        return path

    def _export(self, suffix: str) -> None:
        if self.report is None or self.report.period != self.period():
            messages.info(self, "请先点“统计”，确认数字后再导出。")
            return
        path = self.ask_path(suffix)
        if not path:
            return
        rep = self.report
        open_session = self.ctx.session_opener(read_only=True)

        def work(progress):
            nonlocal rep
            from frontdesk.services import exports

            progress(0, 1)
            with open_session() as session:  # the shown lists may be cut; the files hold every row
                rep = complete_report(session, replace(rep, lists=report_lists(session, rep.period, None)))
                out = exports.stats_report(session, rep, **{suffix: path})[0]
            progress(1, 1)
            return out

        def done(out) -> None:
            self.task = None
            messages.info(self, f"已保存 {rep.period.label}统计报表：{out}")

        def failed(message: str) -> None:
            self.task = None
            messages.error(self, message)

        self.task = run_task(self, "正在生成统计报表…", work, done, failed)
