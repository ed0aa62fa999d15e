"""The main window: tabs, menus, status bar, and its remembered geometry."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from frontdesk import __version__, config
from frontdesk.services import clock, staff
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.tabs import registry

WINDOW_TITLE = "物业客服前台"


def window_settings() -> QSettings:
    # Kept in the data directory (not the registry/home), so FRONTDESK_HOME moves it too.
    return QSettings(str(config.data_dir() / "window.ini"), QSettings.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(WINDOW_TITLE)
        self.resize(1280, 800)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._loaded: set[int] = set()
        self._built: dict[int, QWidget] = {}
        self.tab_titles = [title for title, _module, _name in registry.TABS]
        for title in self.tab_titles:
            holder = QWidget()
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(self._ensure_loaded)
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()

    # ---- tabs -----------------------------------------------------------------------

    def _built_tab(self, index: int) -> QWidget:
        """The tab's widget, built (module imported, widget created) on first use."""
        if index not in self._built:
            _title, module, name = registry.TABS[index]
            widget = registry.tab_class(module, name)(self.ctx, self)
            self.tabs.widget(index).layout().addWidget(widget)
            self._built[index] = widget
        return self._built[index]

    def tab(self, title: str) -> QWidget:
        """The loaded tab with this title (built and filled if it was not yet shown)."""
        index = self.tab_titles.index(title)
        self._ensure_loaded(index)
        return self._built[index]

    def show_tab(self, title: str) -> QWidget:
        self.tabs.setCurrentIndex(self.tab_titles.index(title))
        return self.tab(title)

    def current_tab(self) -> QWidget:
        index = self.tabs.currentIndex()
        self._ensure_loaded(index)
        return self._built[index]

    def load_first_tab(self) -> None:
        self._ensure_loaded(self.tabs.currentIndex())

    def _ensure_loaded(self, index: int) -> None:
        # Tabs are built and loaded when first shown, so start-up pays only for the first one.
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        self._built_tab(index).load()

    def refresh_current(self) -> None:
        index = self.tabs.currentIndex()
        if index in self._loaded:
            self._built[index].load()
        else:
            self._ensure_loaded(index)

    # ---- menus ----------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        switch = QAction("切换用户…", self)
        switch.triggered.connect(self.switch_user)
        file_menu.addAction(switch)
        file_menu.addSeparator()
        quit_action = QAction("退出", self)
        quit_action.setShortcut(QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu("视图(&V)")
        for index, title in enumerate(self.tab_titles):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.tabs.setCurrentIndex(i))
            view_menu.addAction(action)
        view_menu.addSeparator()
        refresh = QAction("刷新", self)
        refresh.setShortcut(QKeySequence.Refresh)
        refresh.triggered.connect(self.refresh_current)
        view_menu.addAction(refresh)

        self.tools_menu = bar.addMenu("工具(&T)")
        for action in registry.tool_actions(self):
            self.tools_menu.addAction(action)

        help_menu = bar.addMenu("帮助(&H)")
        about = QAction("关于", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def about_text(self) -> str:
        return (
            f"<b>{WINDOW_TITLE}</b><br>版本 {__version__}<br><br>"
            f"数据目录：{config.data_dir()}<br>"
            f"数据库：{self.ctx.db.location.display()}<br>"
            f"当前用户：{self.ctx.user.name}（{self.ctx.user.role}）"
        )

    def show_about(self) -> None:
        messages.info(self, self.about_text())

    def switch_user(self) -> None:
        with self.ctx.session() as session:
            people = staff.active_staff(session)
        labels = [f"{p.name}（{p.role}）" for p in people]
        current = next((i for i, p in enumerate(people) if p.id == self.ctx.user.id), 0)
        choice = messages.ask_item(self, "切换到哪位员工：", labels, current)
        if choice is None:
            return
        self.ctx.user = people[labels.index(choice)]
        stored = config.load_local_settings()
        stored["last_user"] = self.ctx.user.name
        config.save_local_settings(stored)
        self._update_status()
        self.ctx.events.changed.emit("user")

    # ---- status bar -----------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.db_label = QLabel()
        self.user_label = QLabel()
        self.date_label = QLabel()
        self.slogan_label = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.slogan_label)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.date_label)
        self._update_status()
        self.ctx.events.changed.connect(lambda what: self._update_status() if what == "slogans" else None)

    def _update_status(self) -> None:
        self.db_label.setText(f"数据库：{self.ctx.db.location.display()}")
        self.user_label.setText(f"当前用户：{self.ctx.user.name}（{self.ctx.user.role}）")
        self.date_label.setText(QLocale(QLocale.Chinese, QLocale.China).toString(QDate(clock.today()), "yyyy-MM-dd dddd"))
        from frontdesk.services.training import slogans

        with self.ctx.session() as session:
            slogan = slogans.current_slogan(session)  # this week's, else the standing one in settings
        self.slogan_label.setText(f"本周服务口号：{slogan}" if slogan else "")

    # ---- geometry -------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        stored = window_settings().value("geometry")
        if stored is not None:
            self.restoreGeometry(stored)

    def closeEvent(self, event) -> None:
        store = window_settings()
        store.setValue("geometry", self.saveGeometry())
        store.sync()
        super().closeEvent(event)


