"""调查结果: response rate and satisfaction per area against last quarter and a year ago, per building,
and the comments by area, from which a dissatisfied answer becomes an open matter with one click."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError
from frontdesk.services import settings, survey_answers, survey_results
from frontdesk.services.survey_results import AreaResult, SurveyResults, Tally
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.pdf_task import preview_pdf
from frontdesk.ui.widgets.tables import align_numbers


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def points(now: float | None, before: float | None) -> str:
    return "—" if now is None or before is None else f"{(now - before) * 100:+.1f}个百分点"


def mean(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    align_numbers(table)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            table.setItem(r, c, item)


class SurveyResultsPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.number: str | None = None
        self.result: SurveyResults | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.area_table = _table(["服务项目", "回答", "满意率", "均分", "上季度", "环比", "去年同期", "同比",
                                  "非常满意", "满意", "一般", "不满意", "非常不满意"])
        self.building_table = _table(["期/楼栋", "抽样", "已答", "回答率", "总体满意率", "均分"])
        self.comments = QTreeWidget()
        self.comments.setHeaderLabels(["房屋", "受访人", "不满意的项目", "意见与建议", "转办"])
        self.comments.header().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.comments.header().setStretchLastSection(False)
        self.comments.header().setSectionResizeMode(3, QHeaderView.Stretch)
        self.complaint_button = QPushButton("转为投诉（一键转办）")
        self.suggestion_button = QPushButton("转为建议")
        self.complaint_button.clicked.connect(lambda: self.follow_up("投诉"))
        self.suggestion_button.clicked.connect(lambda: self.follow_up("建议"))
        self.comments.currentItemChanged.connect(lambda *_: self._enable())
        self.export_button = QPushButton("导出结果 Excel")
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.report_button = QPushButton("打印结果报告…")
        self.report_button.setToolTip("A4 结果报告：概况、各服务项目满意率（对比上季度、去年同期）、各期与楼栋、意见与建议")
        self.report_button.clicked.connect(lambda: self.print_report())
        self.preview_dialog = None
        self.task = None

        # The area table as wide as its columns; the phases and buildings get the rest of the width.
        self.area_table.horizontalHeader().setStretchLastSection(False)
        top = QSplitter(Qt.Horizontal)
        top.addWidget(self.area_table)
        top.addWidget(self.building_table)
        top.setStretchFactor(0, 0)
        top.setStretchFactor(1, 1)
        top.setSizes([800, 300])
        self.top = top
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("意见与建议（按服务项目，评“不满意”及以下的列在该项目下）"))
        buttons.addStretch(1)
        buttons.addWidget(self.complaint_button)
        buttons.addWidget(self.suggestion_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.report_button)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(buttons)
        bottom_layout.addWidget(self.comments, 1)
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self._enable()

    def _fit_area_table(self) -> None:
        table = self.area_table
        wanted = table.horizontalHeader().length() + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        total = sum(self.top.sizes())
        if total > wanted:
            self.top.setSizes([wanted, total - wanted])

    def load(self, number: str | None) -> None:
        self.number = number
        self.result = None
        if number:
            try:
                with self.ctx.read_session() as session:
                    self.result = survey_results.results(session, number)
            except DomainError as exc:
                messages.warning(self, exc.message)
        self._show()

    def _show(self) -> None:
        r = self.result
        if r is None:
            self.summary.setText("<span style='color:gray'>请在左侧选择一次调查。</span>")
            _fill(self.area_table, [])
            _fill(self.building_table, [])
            self.comments.clear()
            self._enable()
            return
        t = r.tally
        compare = []
        for name, other in (("上季度", r.previous), ("去年同期", r.year_ago)):
            if other is not None:
                compare.append(f"{name} {other.number} 总体满意率 {percent(other.tally.satisfaction)}"
                               f"（{points(t.satisfaction, other.tally.satisfaction)}）")
        self.summary.setText(
            f"<b>{r.number}　{r.label}</b>　抽样 {t.units} 户，已答 {t.answered}，拒访 {t.refused}，"
            f"无法联系 {t.unreachable}，未答 {t.pending}；回答率 <b>{percent(t.response_rate)}</b>，"
            f"总体满意率 <b>{percent(t.satisfaction)}</b>（满意 + 非常满意），总体均分 {mean(t.overall.mean)}"
            + ("<br>" + "；".join(compare) if compare else "<br>没有上季度或去年同期的调查可比较。"))
        rows = []
        for area in [*r.areas, survey_results.OVERALL]:
            now = t.overall if area == survey_results.OVERALL else t.areas[area]
            before = self._other(r.previous, area)
            year = self._other(r.year_ago, area)
            rows.append([area, str(now.responses), percent(now.satisfaction), mean(now.mean),
                         percent(before.satisfaction if before else None),
                         points(now.satisfaction, before.satisfaction if before else None),
                         percent(year.satisfaction if year else None),
                         points(now.satisfaction, year.satisfaction if year else None),
                         *(str(now.counts[s]) for s in (5, 4, 3, 2, 1))])
        _fill(self.area_table, rows)
        self._fit_area_table()
        _fill(self.building_table, [
            [label, str(g.units), str(g.answered), percent(g.response_rate), percent(g.satisfaction),
             mean(g.overall.mean)] for label, g in [*r.by_phase, *r.by_building]])
        self.comments.clear()
        for area, comments in r.comments.items():
            parent = QTreeWidgetItem([f"{area}（{len(comments)} 条）"])
            self.comments.addTopLevelItem(parent)
            for c in comments:
                state = "已转办" if c.followed_up else ("可转办" if c.can_follow_up else "")
                child = QTreeWidgetItem([c.place, c.respondent, c.low, c.text, state])
                child.setData(0, Qt.UserRole, c.survey_unit_id)
                child.setToolTip(3, c.text)
                parent.addChild(child)
            parent.setExpanded(True)
        self._enable()

    @staticmethod
    def _other(comparison, area: str) -> AreaResult | None:
        if comparison is None:
            return None
        tally: Tally = comparison.tally
        return tally.overall if area == survey_results.OVERALL else tally.areas.get(area)

    def selected_comment(self) -> int | None:
        item = self.comments.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    def _enable(self) -> None:
        item = self.comments.currentItem()
        ok = item is not None and item.data(0, Qt.UserRole) is not None and item.text(4) == "可转办"
        self.complaint_button.setEnabled(ok)
        self.suggestion_button.setEnabled(ok)
        self.export_button.setEnabled(self.result is not None)
        self.report_button.setEnabled(self.result is not None)

    def select_comment(self, survey_unit_id: int) -> bool:
        for i in range(self.comments.topLevelItemCount()):
            parent = self.comments.topLevelItem(i)
            for j in range(parent.childCount()):
                if parent.child(j).data(0, Qt.UserRole) == survey_unit_id:
                    self.comments.setCurrentItem(parent.child(j))
                    return True
        return False

    def follow_up(self, category: str) -> int | None:
        survey_unit_id = self.selected_comment()
        if survey_unit_id is None:
            messages.info(self, "请先在意见列表中选中一条意见。")
            return None
        try:
            with self.ctx.session() as session:
                contact_id = survey_answers.follow_up(session, survey_unit_id, self.ctx.user.id, category)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return None
        self.ctx.events.changed.emit(Topic.CONTACTS)
        messages.info(self, f"已转为{category}，首问负责人是您（{self.ctx.user.name}），请在“来电来访”中跟进并回访。")
        self.load(self.number)
        self.select_comment(survey_unit_id)
        return contact_id

    def export_excel(self, out: str | None = None) -> None:
        from frontdesk.reports.survey_excel import write_survey_results
        from frontdesk.ui import file_dialogs

        result = self.result
        if result is None:
            return
        if not out:
            out, _filter = file_dialogs.get_save_file_name(self, "导出调查结果", f"{result.number}_调查结果.xlsx",
                                                           "Excel 工作簿 (*.xlsx)")
        if not out:
            return
        self.task = run_task(self, "正在导出调查结果…", lambda _progress: write_survey_results(result, out),
                             lambda path: messages.info(self, f"调查结果已导出到 {path}"),
                             lambda text: messages.warning(self, text))

    def print_report(self) -> None:
        """The A4 results report, previewed (to print or save) once written off the GUI thread."""
        from frontdesk.reports.pdf.survey_report import render_survey_results

        result = self.result
        if result is None:
            messages.info(self, "请先在左侧选择一次调查。")
            return

        def write(session, out):
            return render_survey_results(result, str(settings.get(session, "company_name")), out)

        preview_pdf(self, f"满意度调查结果报告 {result.number}", write, f"{result.number}_调查结果报告", read_only=True)
