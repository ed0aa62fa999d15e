"""安排调查: the quarter, the areas asked (from 设置's list) with their questions, N per building and the seed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.services import clock, settings, surveys
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.tables import align_numbers
from frontdesk.ui.widgets.unsaved import GuardedDialog


def suggested_quarter(planned: set[str]) -> str:
    """This quarter if it has no survey yet, else the next one."""
    quarter = surveys.quarter_of(clock.today())
    return quarter.key if quarter.key not in planned else quarter.next().key


class SurveyPlanDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, planned: set[str], parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.planned: surveys.PlannedSurvey | None = None
        self.setWindowTitle("安排满意度调查")
        self.resize(560, 520)
        self.errors = FieldErrors()
        self.quarter_edit = QLineEdit(suggested_quarter(planned))
        self.quarter_edit.setPlaceholderText("如 2025Q3")
        self.per_building_spin = QSpinBox()
        self.per_building_spin.setRange(1, surveys.MAX_PER_BUILDING)
        self.per_building_spin.setValue(surveys.DEFAULT_PER_BUILDING)
        self.per_building_spin.setSuffix(" 户/栋")
        self.seed_edit = QLineEdit()
        self.seed_edit.setPlaceholderText("留空则随机生成，并记录下来")
        with ctx.read_session() as session:
            areas = settings.lookup_values(session, "survey_area")
        self.area_table = QTableWidget(len(areas), 2)
        align_numbers(self.area_table)
        self.area_table.setHorizontalHeaderLabels(["服务项目（勾选要调查的）", "问题"])
        self.area_table.verticalHeader().hide()
        self.area_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.area_table.horizontalHeader().setStretchLastSection(True)
        for row, (area, question) in enumerate(surveys.default_questions(areas).items()):
            check = QTableWidgetItem(area)
            check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled)
            check.setCheckState(Qt.Checked)
            self.area_table.setItem(row, 0, check)
            self.area_table.setItem(row, 1, QTableWidgetItem(question))
        form = QFormLayout()
        form.addRow("季度", self.quarter_edit)
        form.addRow("", self.errors.add("quarter", self.quarter_edit))
        form.addRow("每栋抽样", self.per_building_spin)
        form.addRow("", self.errors.add("per_building", self.per_building_spin))
        form.addRow("随机种子", self.seed_edit)
        form.addRow("", self.errors.add("seed", self.seed_edit))
        hint = QLabel("只抽已收房且有住户的房屋，每栋抽同样户数并分散到各单元；上季度调查过的房屋尽量不再抽。"
                      "每项一个五级问题（非常满意 … 非常不满意），另加“总体满意度”和“意见与建议”。"
                      "服务项目列表可在 工具 → 设置 → 下拉列表 中修改。")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("抽样")
        buttons.accepted.connect(self.plan)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.area_table, 1)
        layout.addWidget(self.errors.add("areas", self.area_table))
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.remember_input()  # the suggested quarter and questions are not typed work

    def plan_input(self) -> surveys.PlanInput:
        areas, questions = [], {}
        for row in range(self.area_table.rowCount()):
            if self.area_table.item(row, 0).checkState() == Qt.Checked:
                area = self.area_table.item(row, 0).text()
                areas.append(area)
                questions[area] = self.area_table.item(row, 1).text()
        seed_text = self.seed_edit.text().strip()
        seed = int(seed_text) if seed_text.isdigit() else (-1 if seed_text else None)
        return surveys.PlanInput(self.quarter_edit.text(), self.per_building_spin.value(), seed, areas, questions)

    def plan(self) -> None:
        data = self.plan_input()

        def action(session) -> None:
            self.planned = surveys.plan_survey(session, data)

        if run_service_call(self, self.ctx, action, self.errors):
            self.accept()
