"""培训考核: the supervisor's records of the desk staff, one page per kind of record."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from frontdesk.services import authz
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.training.assessment_page import AssessmentPage
from frontdesk.ui.tabs.training.exams_page import ExamsPage
from frontdesk.ui.tabs.training.inspections_page import InspectionsPage
from frontdesk.ui.tabs.training.sessions_page import SessionsPage
from frontdesk.ui.tabs.training.slogans_page import SlogansPage
from frontdesk.ui.tabs.training.staff_page import StaffPage
from frontdesk.ui.widgets.pages import Pages


class TrainingTab(QWidget):
    title = "培训考核"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.staff_page = StaffPage(ctx)
        self.sessions_page = SessionsPage(ctx)
        self.exams_page = ExamsPage(ctx)
        self.inspections_page = InspectionsPage(ctx)
        self.slogans_page = SlogansPage(ctx)
        self.assessment_page = AssessmentPage(ctx)
        self.pages = Pages()
        for page in (self.staff_page, self.sessions_page, self.exams_page, self.inspections_page,
                     self.slogans_page, self.assessment_page):
            self.pages.add_page(page, page.title)
        # Said before anything is typed: these records are the supervisor's to keep (the services refuse
        # the others' saves; the pages alone looked editable).
        self.read_only_note = QLabel()
        self.read_only_note.setObjectName("trainingReadOnly")
        self.read_only_note.setStyleSheet("background: #fff8e1; border: 1px solid #ffe082; padding: 4px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.pages)
        ctx.events.changed.connect(self._on_changed)
        self._say_who_may_edit()

    def _say_who_may_edit(self) -> None:
        may = authz.allowed(self.ctx.user.role, "training")
        self.read_only_note.setText("" if may else f"培训考核由客服主管或管理员登记；您（{self.ctx.user.role}）可以查看，"
                                                   "不能保存修改。")
        self.read_only_note.setVisible(not may)

    def reset_for_new_user(self) -> None:
        from frontdesk.ui.user_switch import reset_pages

        reset_pages([self.pages.widget(i) for i in range(self.pages.count())])
        self.pages.forget_loaded()  # the inspection grid and the rest reload what is saved, not what was typed
        self._say_who_may_edit()

    def load(self) -> None:
        self._say_who_may_edit()
        self.pages.load_current()

    def show_page(self, title: str) -> QWidget:
        return self.pages.show_page(title)

    def _on_changed(self, what: Topic) -> None:
        if what in (Topic.TRAINING, Topic.STAFF, Topic.SLOGANS):
            self.pages.mark_stale()
