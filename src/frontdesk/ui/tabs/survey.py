"""满意度调查: the surveys, planning one, printing its questionnaires, the entry grid and the results."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.surveys import METHODS
from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import authz, clock, survey_answers, surveys
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.survey_grid import SurveyGrid
from frontdesk.ui.tabs.survey_results_page import SurveyResultsPage, percent
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.pages import install_page_keys
from frontdesk.ui.widgets.pdf_task import preview_pdf
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.tables import read_only_table

LIST_HEADERS = ["调查编号", "抽样", "已答", "回答率"]


class SurveyTab(QWidget):
    title = "满意度调查"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.task = None
        self.preview_dialog = None
        self.rows: list[surveys.SurveyRow] = []

        self.survey_list = QTableWidget(0, len(LIST_HEADERS))
        self.survey_list.setHorizontalHeaderLabels(LIST_HEADERS)
        read_only_table(self.survey_list, name="surveyList")  # ↑↓ choose a survey, Tab goes on to the grid
        self.survey_list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.survey_list.itemSelectionChanged.connect(self.show_survey)
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for text, slot in (("安排调查…", self.plan), ("打印问卷", self.print_questionnaires),
                           ("电话话术", self.print_phone_script), ("导出 Excel", self.export_excel)):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            actions.addWidget(button)
            self.buttons[text] = button
        self.buttons["安排调查…"].setVisible(authz.allowed(ctx.user.role, "surveys"))
        if not authz.allowed(ctx.user.role, "exports"):
            self.buttons["导出 Excel"].setToolTip(authz.refusal_tooltip("exports"))
        actions.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.survey_list, 1)
        left_layout.addWidget(self.info_label)

        self.grid = SurveyGrid()
        self.grid.changed.connect(self._update_save_state)
        self.method_combo = QComboBox()
        self.method_combo.addItems(METHODS)
        self.method_combo.currentTextChanged.connect(lambda text: setattr(self.grid, "default_method", text))
        self.day_edit = DateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setDate(QDate(clock.today()))
        self.day_edit.dateChanged.connect(lambda d: setattr(self.grid, "default_day", d.toPython()))
        self.grid.default_day = clock.today()
        self.save_button = QPushButton("保存答卷 (Ctrl+S)")
        self.save_button.clicked.connect(self.save_answers)
        self.revert_button = QPushButton("放弃修改")
        self.revert_button.clicked.connect(self.reload_grid)
        grid_bar = QHBoxLayout()
        for label, widget in (("本次方式", self.method_combo), ("调查日期", self.day_edit)):
            grid_bar.addWidget(QLabel(label))
            grid_bar.addWidget(widget)
        grid_bar.addWidget(QLabel("评分键入 1–5（5 非常满意），空着 = 未答；状态键 Y 已答 / J 拒访 / W 无法联系；"
                                  "Tab、回车到下一格"), 1)
        grid_bar.addWidget(self.revert_button)
        grid_bar.addWidget(self.save_button)
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.addLayout(grid_bar)
        grid_layout.addWidget(self.grid, 1)
        QShortcut(QKeySequence.Save, grid_page, activated=self.save_answers, context=Qt.WidgetWithChildrenShortcut)

        self.results = SurveyResultsPage(ctx)
        self.pages = QTabWidget()
        self.pages.addTab(grid_page, "录入答卷")
        self.pages.addTab(self.results, "调查结果")
        self.pages.currentChanged.connect(lambda _i: self._load_page())
        self._page_keys = install_page_keys(self.pages, self)  # from the survey list too

        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(self.pages)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        ctx.events.changed.connect(self._on_changed)
        self._update_save_state()

    def first_field(self) -> QWidget | None:
        """Ctrl+8 on 录入答卷: the answer grid, its current cell the first answer (digits typed at once)."""
        if self.pages.currentIndex() == 0 and self.grid.rowCount():
            return self.grid
        return None

    def reset_for_new_user(self) -> None:
        """切换用户: answers the previous person typed and did not save are dropped; buttons follow the new role."""
        self.grid.dirty.clear()
        self.buttons["安排调查…"].setVisible(authz.allowed(self.ctx.user.role, "surveys"))
        self.reload_grid()

    def has_unsaved_input(self) -> bool:
        """Answers typed into the grid and not yet saved (Ctrl+S)."""
        return bool(self.grid.dirty)

    def discard_input(self) -> None:
        self.grid.dirty.clear()
        self.reload_grid()

    # ---- the list --------------------------------------------------------------------------

    def load(self) -> None:
        number = self.current_number()
        with self.ctx.read_session() as session:
            self.rows = surveys.list_surveys(session)
        self.survey_list.blockSignals(True)
        self.survey_list.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate([row.number, str(row.units), str(row.answered), percent(row.response_rate)]):
                item = QTableWidgetItem(text)
                item.setToolTip(row.label)
                self.survey_list.setItem(r, c, item)
        self.survey_list.blockSignals(False)
        if not self.rows:
            self.info_label.setText("还没有满意度调查。客服主管可点“安排调查…”为本季度抽样。")
        self.survey_list.blockSignals(True)
        if not self.select_survey(number) and self.rows:
            self.survey_list.selectRow(0)
        self.survey_list.blockSignals(False)
        self.grid.dirty.clear()
        self.show_survey()

    def current_number(self) -> str | None:
        rows = self.survey_list.selectionModel().selectedRows()
        return self.rows[rows[0].row()].number if rows and rows[0].row() < len(self.rows) else None

    def select_survey(self, number: str | None) -> bool:
        for r, row in enumerate(self.rows):
            if row.number == number:
                self.survey_list.selectRow(r)
                return True
        return False

    def _row(self) -> surveys.SurveyRow | None:
        number = self.current_number()
        return next((r for r in self.rows if r.number == number), None)

    def show_survey(self) -> None:
        if self.grid.dirty and not messages.confirm(self, "录入的答卷还没有保存，切换调查将放弃这些修改。继续吗？"):
            return
        row = self._row()
        if row is not None:
            self.info_label.setText(
                f"{row.number}：{row.label}，{'、'.join(row.areas)}；每栋 {row.per_building} 户，随机种子 {row.seed}；"
                f"拒访 {row.refused}，无法联系 {row.unreachable}，未答 {row.pending}。{row.created_by} 于 "
                f"{row.created_at:%Y-%m-%d} 安排。")
        self.grid.dirty.clear()
        self._load_page(force=True)

    def _load_page(self, force: bool = False) -> None:
        number = self.current_number()
        if self.pages.currentWidget() is self.results:
            if force or self.results.number != number:
                self.results.load(number)
        elif force or not self.grid.dirty:
            self.reload_grid()  # back from 调查结果 with answers typed and not saved: they stay as typed

    def reload_grid(self) -> None:
        number = self.current_number()
        if number is None:
            self.grid.fill([], [])
        else:
            with self.ctx.read_session() as session:
                areas, rows = survey_answers.entry_rows(session, number)
            self.grid.fill(areas, rows)
        self._update_save_state()

    def _update_save_state(self) -> None:
        self.save_button.setEnabled(bool(self.grid.dirty))
        self.revert_button.setEnabled(bool(self.grid.dirty))
        for name in ("打印问卷", "电话话术"):
            self.buttons[name].setEnabled(bool(self.rows))
        self.buttons["导出 Excel"].setEnabled(bool(self.rows) and authz.allowed(self.ctx.user.role, "exports"))

    def _on_changed(self, what: str) -> None:
        if what is Topic.UNITS and not self.grid.dirty:
            self.load()

    # ---- actions ---------------------------------------------------------------------------

    def plan(self) -> str | None:
        from frontdesk.ui.dialogs.survey_plan_dialog import SurveyPlanDialog

        dialog = SurveyPlanDialog(self.ctx, {r.quarter for r in self.rows}, self)
        dialog.exec()
        if dialog.planned is None:
            return None
        self.load()
        self.select_survey(dialog.planned.number)
        messages.info(self, f"{dialog.planned.number} 已抽样 {dialog.planned.count} 户（随机种子 {dialog.planned.seed}）。"
                            "可以点“打印问卷”打印每户一页的问卷。")
        return dialog.planned.number

    def save_answers(self) -> bool:
        rows, answers = self.grid.changed_answers()
        if not answers:
            return True
        try:
            with self.ctx.session() as session:
                survey_answers.save_answers(session, answers)
        except ValidationError as exc:
            lines = self.grid.show_errors(rows, exc.errors)
            messages.warning(self, "以下答卷没有保存（标红的格子），请改正后再保存：\n" + "\n".join(lines[:12]))
            return False
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        self.grid.dirty.clear()
        row, column = self.grid.currentRow(), self.grid.currentColumn()
        self.load()
        if 0 <= row < self.grid.rowCount():  # the cursor stays where the typing was, for the next answer
            self.grid.setCurrentCell(row, column)
        self.ctx.events.saved.emit(Saved(f"答卷 {len(answers)} 份", self.current_number() or ""))
        return True

    def _pdf(self, phone_script: bool) -> None:
        from frontdesk.reports.pdf.survey import write_survey_pdf

        number = self.current_number()
        if number is None:
            messages.info(self, "请先在左侧选择一次调查。")
            return
        title = f"{'电话话术' if phone_script else '满意度调查问卷'} {number}"
        preview_pdf(self, title, lambda session, out: write_survey_pdf(session, number, out, phone_script=phone_script),
                    number, read_only=True)

    def print_questionnaires(self) -> None:
        self._pdf(phone_script=False)

    def print_phone_script(self) -> None:
        self._pdf(phone_script=True)

    def export_excel(self, out: str | None = None) -> None:
        from frontdesk.services import imports

        if not out:
            out, _filter = file_dialogs.get_save_file_name(self, "导出满意度调查", f"满意度调查_{clock.today():%Y%m%d}.xlsx",
                                                           "Excel 工作簿 (*.xlsx)")
        if not out:
            return
        opener = self.ctx.session_opener(read_only=True)

        def work(progress):
            return imports.export(opener, "survey", Path(out), progress=progress)

        self.task = run_task(self, "正在导出满意度调查…", work,
                             lambda count: messages.info(self, f"已导出 {count} 户的答卷到 {out}（可按同样的列导入）"),
                             lambda text: messages.warning(self, text))
