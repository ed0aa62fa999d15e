"""The pages of a multi-page tab: each page is filled when it is first shown, and again when it is
shown after its data changed. Every tab with pages (来电来访, 报修维修, 收费催缴, 违章整改, 培训考核)
uses this one layout."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

PAGE_KEYS = 9  # Alt+1 … Alt+9 open a tab's first nine pages


class Pages(QTabWidget):
    """`fresh_on_show`: reload a page every time it is shown (lists that other desks change too)."""

    def __init__(self, fresh_on_show: bool = False, parent=None):
        super().__init__(parent)
        self._loaders: list[Callable[[], None] | None] = []
        self._loaded: set[int] = set()
        self._stale: set[int] = set()  # loaded, then the data they show changed while they were hidden
        self._fresh_on_show = fresh_on_show
        self._active = False  # nothing is loaded before the tab itself is first loaded
        self.currentChanged.connect(self._show)
        self._page_keys()

    def add_page(self, page: QWidget, title: str, load: Callable[[], None] | None = None) -> QWidget:
        """`load` fills the page (default: the page's own `load()`, if it has one)."""
        self._loaders.append(load if load is not None else getattr(page, "load", None))
        index = self.addTab(page, title)
        if index < PAGE_KEYS:
            self.setTabToolTip(index, f"Alt+{index + 1}；Ctrl+Tab 下一页")
        return page

    def load_current(self) -> None:
        """Load (again) the page on screen; the others load when they are next shown."""
        self._active = True
        self._loaded.clear()
        self._show(self.currentIndex())

    def forget_loaded(self) -> None:
        """Every page loads again when it is next shown (a new person signed in)."""
        self._loaded.clear()
        self._stale.clear()

    def mark_stale(self) -> None:
        """The data changed: reload the page on screen now (if the tab was loaded), the others later."""
        if self._active:
            self.load_current()

    def mark_hidden_stale(self) -> None:
        """Money or records changed on the page on screen: the other pages already loaded show their lists
        again when next shown, through their `refresh()` (what they show, never what is typed in them); a
        page without one keeps what it shows until it is loaded again."""
        current = self.currentIndex()
        self._stale |= {index for index in self._loaded
                        if index != current and callable(getattr(self.widget(index), "refresh", None))}

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
        if index in self._stale and index in self._loaded and not self._fresh_on_show:
            self._stale.discard(index)
            self.widget(index).refresh()
            return
        if not self._active or index < 0 or (index in self._loaded and not self._fresh_on_show):
            return
        self._stale.discard(index)
        self._loaded.add(index)
        loader = self._loaders[index]
        if loader is not None:
            loader()

    # ---- keys ------------------------------------------------------------------------

    def _page_keys(self) -> None:
        self._keys = install_page_keys(self)

    def keys_reach(self, scope: QWidget) -> None:
        """The page keys work anywhere in `scope` (a desk whose form sits beside its pages)."""
        for shortcut in self._keys:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._keys = install_page_keys(self, scope)

    def open_page(self, index: int) -> None:
        open_page(self, index)


def install_page_keys(tabs: QTabWidget, scope: QWidget | None = None) -> list[QShortcut]:
    """Ctrl+Tab / Ctrl+Shift+Tab go to the next / previous page wherever the cursor is in `scope` (the
    tab widget itself by default; a table keeps Tab for its cells and would otherwise swallow them
    too); Alt+digit opens a page. Every tab widget of a desk's pages takes these keys."""
    made: list[QShortcut] = []

    def key(sequence: str, act: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(sequence), scope or tabs)
        shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        shortcut.activated.connect(act)
        # Ctrl+Shift+Tab arrives as Backtab, with or without Shift: the sequences below overlap and
        # Qt then calls it ambiguous; all of them mean the same page, so that is taken too.
        shortcut.activatedAmbiguously.connect(act)
        made.append(shortcut)

    def step(by: int) -> None:
        if tabs.count():
            open_page(tabs, (tabs.currentIndex() + by) % tabs.count())

    key("Ctrl+Tab", lambda: step(1))
    for sequence in ("Ctrl+Shift+Tab", "Ctrl+Backtab", "Ctrl+Shift+Backtab"):
        key(sequence, lambda: step(-1))
    for number in range(1, PAGE_KEYS + 1):
        key(f"Alt+{number}", lambda index=number - 1: open_page(tabs, index))
    for index in range(min(tabs.count(), PAGE_KEYS)):
        if not tabs.tabToolTip(index):
            tabs.setTabToolTip(index, f"Alt+{index + 1}；Ctrl+Tab 下一页")
    return made


def open_page(tabs: QTabWidget, index: int) -> None:
    """Show a page and put the cursor in it (its first field), so the keys that follow act on it."""
    if 0 <= index < tabs.count():
        tabs.setCurrentIndex(index)
        field = first_field(tabs.widget(index))
        if field is not None:
            field.setFocus(Qt.ShortcutFocusReason)


def first_field(page: QWidget) -> QWidget | None:
    """The page's own first field (`first_field()`), else the first widget Tab reaches in it."""
    own = getattr(page, "first_field", None)
    if callable(own) and (chosen := own()) is not None:
        return chosen
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.TabFocus):
            return widget
        widget = widget.nextInFocusChain()
    return None
