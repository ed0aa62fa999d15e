"""培训考核: the supervisor's records of the desk staff, one page per kind of record."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from frontdesk.ui.context import AppContext


class TrainingTab(QWidget):
    title = "培训考核"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        from frontdesk.ui.tabs.training.assessment_page import AssessmentPage
        from frontdesk.ui.tabs.training.exams_page import ExamsPage
        from frontdesk.ui.tabs.training.inspections_page import InspectionsPage
        from frontdesk.ui.tabs.training.sessions_page import SessionsPage
        from frontdesk.ui.tabs.training.slogans_page import SlogansPage
        from frontdesk.ui.tabs.training.staff_page import StaffPage

        self.ctx = ctx
        self.staff_page = StaffPage(ctx)
        self.sessions_page = SessionsPage(ctx)
        self.exams_page = ExamsPage(ctx)
        self.inspections_page = InspectionsPage(ctx)
        self.slogans_page = SlogansPage(ctx)
        self.assessment_page = AssessmentPage(ctx)
        self.pages = QTabWidget()
        for page in (self.staff_page, self.sessions_page, self.exams_page, self.inspections_page,
                     self.slogans_page, self.assessment_page):
            self.pages.addTab(page, page.title)
        self._loaded: set[int] = set()
        self.pages.currentChanged.connect(self._load_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        ctx.events.changed.connect(self._on_changed)

    def reset_for_new_user(self) -> None:
        from frontdesk.ui.user_switch import reset_pages

        reset_pages([self.pages.widget(i) for i in range(self.pages.count())])
        self._loaded.clear()  # the inspection grid and the rest reload what is saved, not what was typed

    def load(self) -> None:
        self._loaded.clear()
        self._load_page(self.pages.currentIndex())

    def show_page(self, title: str) -> QWidget:
        for index in range(self.pages.count()):
            if self.pages.tabText(index) == title:
                self.pages.setCurrentIndex(index)
                self._load_page(index)
                return self.pages.widget(index)
        raise KeyError(title)

    def _load_page(self, index: int) -> None:
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        self.pages.widget(index).load()

    def _on_changed(self, what: str) -> None:
        if what in ("training", "staff", "slogans") and self._loaded:
            # Every page is stale; the current one reloads now, the others when next shown.
            self._loaded.clear()
            self._load_page(self.pages.currentIndex())
