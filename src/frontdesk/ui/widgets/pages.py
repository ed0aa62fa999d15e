"""The pages of a multi-page tab: each page is filled when it is first shown, and again when it is
shown after its data changed. Every tab with pages (来电来访, 报修维修, 收费催缴, 违章整改, 培训考核)
uses this one layout."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget


class Pages(QTabWidget):
    """`fresh_on_show`: reload a page every time it is shown (lists that other desks change too)."""

    def __init__(self, fresh_on_show: bool = False, parent=None):
        super().__init__(parent)
        self._loaders: list[Callable[[], None] | None] = []
        self._loaded: set[int] = set()
        self._fresh_on_show = fresh_on_show
        self._active = False  # nothing is loaded before the tab itself is first loaded
        self.currentChanged.connect(self._show)

    def add_page(self, page: QWidget, title: str, load: Callable[[], None] | None = None) -> QWidget:
        """`load` fills the page (default: the page's own `load()`, if it has one)."""
        self._loaders.append(load if load is not None else getattr(page, "load", None))
        self.addTab(page, title)
        return page

    def load_current(self) -> None:
        """Load (again) the page on screen; the others load when they are next shown."""
        self._active = True
        self._loaded.clear()
        self._show(self.currentIndex())

    def forget_loaded(self) -> None:
        """Every page loads again when it is next shown (a new person signed in)."""
        self._loaded.clear()

    def mark_stale(self) -> None:
        """The data changed: reload the page on screen now (if the tab was loaded), the others later."""
        if self._active:
            self.load_current()

    def show_page(self, title: str) -> QWidget:
        for index in range(self.count()):
            if self.tabText(index) == title:
                self._active = True
                if self.currentIndex() != index:
                    self.setCurrentIndex(index)  # shown, so loaded
                elif index not in self._loaded:
                    self._show(index)
                return self.widget(index)
        raise KeyError(title)

    def _show(self, index: int) -> None:
        if not self._active or index < 0 or (index in self._loaded and not self._fresh_on_show):
            return
        self._loaded.add(index)
        loader = self._loaders[index]
        if loader is not None:
            loader()
