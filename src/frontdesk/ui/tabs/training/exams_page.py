"""笔试成绩: pick a session, type each attendee's score, then the re-test of those who failed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import clock
from frontdesk.services.number_format import percent
from frontdesk.services.training import common, exams, sessions
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.training.helpers import (
    cell,
    commit_open_editor,
    date_edit,
    number_text,
    to_date,
)
from frontdesk.ui.widgets.save_notice import Saved
from frontdesk.ui.widgets.tables import ScoreDelegate, save_with_ctrl_s, simple_table
from frontdesk.ui.widgets.unsaved import InputSnapshot, SwitchGuard

SCORE_COLUMN, RETEST_COLUMN = 2, 4
ERROR_BRUSH = Qt.red


class ExamsPage(QWidget):
    title = "笔试成绩"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_box = QComboBox()
        self.session_box.setMinimumWidth(420)
        # Another training while scores are typed and not saved: asked first (the scores stay on a no).
        self.switch = SwitchGuard(self.session_box, self.has_unsaved_input, self.show_lines, self)
        self.table = simple_table(["姓名", "出勤", "笔试成绩", "结果", "补考成绩", "补考日期"], stretch=3)
        scores = ScoreDelegate(self.table)
        for column in (SCORE_COLUMN, RETEST_COLUMN):
            self.table.setItemDelegateForColumn(column, scores)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.retest_on = date_edit()
        self.stats = QLabel()
        self.stats.setObjectName("examStats")
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        save = QPushButton("保存成绩")
        save.clicked.connect(self.save_scores)
        retest = QPushButton("保存补考成绩")
        retest.clicked.connect(self.save_retest)
        top = QHBoxLayout()
        top.addWidget(QLabel("培训："))
        top.addWidget(self.session_box, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(save)
        bottom.addSpacing(24)
        bottom.addWidget(QLabel("补考日期"))
        bottom.addWidget(self.retest_on)
        bottom.addWidget(retest)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(self.stats)
        layout.addLayout(bottom)
        self.shown = InputSnapshot([self.table])  # the scores as saved
        # Ctrl+S saves the scores, as on 日检查 and 录入答卷 (保存成绩 is far from the grid by Tab).
        QShortcut(QKeySequence.Save, self, activated=self.save_scores, context=Qt.WidgetWithChildrenShortcut)
        save_with_ctrl_s(self.table, self.save_scores)

    def has_unsaved_input(self) -> bool:
        """Scores typed into the table and not yet saved."""
        return self.shown.changed()

    def discard_input(self) -> None:
        self.show_lines()

    def reset_for_new_user(self) -> None:
        self.show_lines()  # the saved scores, not what the previous person typed

    def load(self) -> None:
        current = self.session_box.currentData()
        with self.ctx.session() as session:
            rows = sessions.list_sessions(session, None, 0, 200)
        self.session_box.blockSignals(True)
        self.session_box.clear()
        for row in rows:
            self.session_box.addItem(f"{row.held_on:%Y-%m-%d}  {row.courses}（{row.trainer}）", row.id)
        index = self.session_box.findData(current)
        self.session_box.setCurrentIndex(max(0, index))
        self.session_box.blockSignals(False)
        self.show_lines()

    def select_session(self, session_id: int) -> None:
        self.session_box.setCurrentIndex(self.session_box.findData(session_id))

    def show_lines(self) -> None:
        session_id = self.session_box.currentData()
        self.message.clear()
        self.table.setRowCount(0)
        if session_id is None:
            self.stats.setText("还没有培训记录；先在“培训记录”页新建一次培训。")
            self.shown.retake()
            self.switch.showing()
            return
        with self.ctx.session() as session:
            lines = exams.exam_lines(session, session_id)
            mark = common.pass_mark(session)
            record = sessions.get_session(session, session_id)
            stats = exams.pass_stats(record.attendance, mark)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            self.table.setItem(row, 0, cell(line.name, data=line.staff_id))
            self.table.setItem(row, 1, cell(line.status))
            score = QTableWidgetItem(number_text(line.score) if line.score is not None else "")
            if line.status == "缺席":
                score.setFlags(score.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, SCORE_COLUMN, score)
            self.table.setItem(row, 3, cell(line.result))
            retest = QTableWidgetItem(number_text(line.retest_score) if line.retest_score is not None else "")
            if not line.may_retest:
                retest.setFlags(retest.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, RETEST_COLUMN, retest)
            self.table.setItem(row, 5, cell(line.retest_on.isoformat() if line.retest_on else ""))
        self.stats.setText(
            f"及格线 {number_text(mark)} 分 · 参考 {stats.tested} 人 · 一次合格 {stats.passed} 人 · "
            f"合格率 {percent(stats.pass_rate, of_hundred=True)} · 补考后合格率 {percent(stats.final_pass_rate, of_hundred=True)} · "
            f"平均分 {number_text(stats.average)}")
        self.shown.retake()
        self.switch.showing()

    def _column_values(self, column: int, editable_only: bool = True) -> dict[int, str]:
        values = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, column)
            if item is None or (editable_only and not item.flags() & Qt.ItemIsEditable):
                continue
            values[self.table.item(row, 0).data(Qt.UserRole)] = item.text()
        return values

    def _mark_errors(self, errors: dict[str, str], column: int) -> None:
        self.message.setText("\n".join(errors.values()))
        for row in range(self.table.rowCount()):
            staff_id = self.table.item(row, 0).data(Qt.UserRole)
            bad = any(key.endswith(f".{staff_id}") for key in errors)
            self.table.item(row, column).setForeground(ERROR_BRUSH if bad else Qt.black)

    def _save(self, column: int, action) -> None:
        session_id = self.session_box.currentData()
        if session_id is None:
            return
        commit_open_editor(self.table)
        values = self._column_values(column)
        try:
            with self.ctx.session() as session:
                action(session, session_id, values)
        except ValidationError as exc:
            self._mark_errors(exc.errors, column)  # typed scores stay in the table
            return
        except DomainError as exc:
            self.message.setText(exc.message)
            return
        self.ctx.events.changed.emit(Topic.TRAINING)
        self.show_lines()
        scored = sum(1 for value in values.values() if str(value).strip())
        what = "补考成绩" if column == RETEST_COLUMN else "笔试成绩"
        self.ctx.events.saved.emit(Saved(f"{what} {self.session_box.currentText()}", note=f"{scored} 人"))

    def save_scores(self) -> None:
        self._save(SCORE_COLUMN, exams.record_scores)

    def save_retest(self) -> None:
        day = to_date(self.retest_on.date())
        if day > clock.today():
            self.message.setText("补考日期晚于今天，请选择已经举行补考的日期")
            return
        self._save(RETEST_COLUMN, lambda s, sid, values: exams.record_retest(
            s, sid, {k: v for k, v in values.items() if v.strip()}, day))
