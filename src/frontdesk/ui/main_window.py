"""The main window: tabs, menus, status bar, and its remembered geometry."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QDate, QLocale, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk import __version__, config
from frontdesk.errors import DomainError
from frontdesk.memory import release_freed_memory
from frontdesk.services import clock
from frontdesk.ui import messages
from frontdesk.ui.background_start import BackgroundStart
from frontdesk.ui.context import AppContext, DataEvents, Topic
from frontdesk.ui.tabs import registry
from frontdesk.ui.widgets import unsaved
from frontdesk.ui.widgets.elided_label import ElidedLabel
from frontdesk.ui.widgets.pages import first_field
from frontdesk.ui.widgets.save_notice import SaveNotice
from frontdesk.ui.widgets.screen_fit import FRAME_ALLOWANCE, available_geometry, fit_to_screen, keep_on_screen

WINDOW_TITLE = "物业客服前台"
PREFERRED_SIZE = QSize(1280, 800)  # the whole desk without cut columns
# Between two tabs built in idle time: the event loop handles what came in (a key, a repaint) first.
PREBUILD_PAUSE_MS = 15
# From the first tab shown to the start of the other tabs' imports: the first tab's own follow-up work
# (its counters, giving freed memory back) is done first instead of sharing the interpreter with them.
PREBUILD_DELAY_MS = 200


def window_settings() -> QSettings:
    # Kept in the data directory (not the registry/home), so FRONTDESK_HOME moves it too.
    return QSettings(str(config.data_dir() / "window.ini"), QSettings.IniFormat)


_BUTTONS_WATCHED: list[bool] = []


def _enter_presses_the_focused_button(_old, new) -> None:
    """Enter on a desk's button that has the cursor presses it, as Space does (Qt does so only in
    dialogs): 明细, 登记催缴, 统计 … answer the key a person presses first. Dialogs keep their own rules
    (a button there may be kept from Enter on purpose)."""
    if isinstance(new, QPushButton) and not new.autoDefault() and not isinstance(new.window(), QDialog):
        new.setAutoDefault(True)


def _watch_buttons_for_enter() -> None:
    """One handler for the application's focus changes (not a filter on every event of every button)."""
    app = QApplication.instance()
    if not _BUTTONS_WATCHED and isinstance(app, QApplication):
        app.focusChanged.connect(_enter_presses_the_focused_button)
        _BUTTONS_WATCHED.append(True)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        _watch_buttons_for_enter()
        self.setWindowTitle(WINDOW_TITLE)
        fit_to_screen(self, PREFERRED_SIZE.width(), PREFERRED_SIZE.height())  # later: the remembered geometry
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Desks are opened with Ctrl+digit; a Tab stop on their bar only took the cursor out of the desk,
        # where its keys (Alt+digit for its pages, Alt+R …) no longer reach.
        self.tabs.tabBar().setFocusPolicy(Qt.NoFocus)
        self.setCentralWidget(self.tabs)
        self._loaded: set[int] = set()
        self._ever_loaded: set[int] = set()  # a tab hears the data events from its first load on
        self._built: dict[int, QWidget] = {}
        self._placed: set[int] = set()  # built tabs in their place in the tab widget
        self._prebuild_asked = False
        self._prebuild_imports: BackgroundStart | None = None
        self._prebuild_steps: deque[Callable[[], None]] = deque()  # the rest of a tab built in parts
        self.tab_titles = [title for title, _module, _name in registry.TABS]
        for title in self.tab_titles:
            holder = QWidget()
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(self._ensure_loaded)
        # After the switch has shown the tab's widgets (a field still hidden cannot take the cursor).
        self.tabs.currentChanged.connect(lambda index: QTimer.singleShot(0, lambda: self._focus_first_field(index)))
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()

    # ---- tabs -----------------------------------------------------------------------

    def open_desk(self, index: int) -> None:
        """Ctrl+digit: the desk, with the cursor in its first field, also when it is the desk already
        open (the keys typed next went into whatever list had the cursor)."""
        if self.tabs.currentIndex() == index:
            self._focus_first_field(index, even_inside=True)
        else:
            self.tabs.setCurrentIndex(index)

    def _built_tab(self, index: int) -> QWidget:
        """The tab's widget, built on first use (or before, in idle time) and put in its place."""
        widget = self._constructed_tab(index)
        if index not in self._placed:
            # Placed (and so laid out) only now, as if just built: a table laid out before its first
            # load would keep the widths the load fits its columns to, without the last one stretched.
            self._placed.add(index)
            self.tabs.widget(index).layout().addWidget(widget)
        return widget

    def _constructed_tab(self, index: int) -> QWidget:
        """The tab's widget (module imported, widget created), not yet shown."""
        if index not in self._built:
            _title, module, name = registry.TABS[index]
            with self._events_heard_once_loaded(index):
                self._built[index] = registry.attribute(module, name)(self.ctx, self)
        return self._built[index]

    @contextmanager
    def _events_heard_once_loaded(self, index: int) -> Iterator[None]:
        """A tab built in idle time behaves as if it did not exist until it is first shown: what it
        connects to `ctx.events` while it is built hears the window's data events only from its first
        load on (a save elsewhere must not fill a tab nobody opened). Its own saves go to the window's
        events as before: the swap lasts only while the tab is built."""
        shared = self.ctx.events
        own = DataEvents(self)
        self.ctx.events = own
        try:
            yield
        finally:
            self.ctx.events = shared
        shared.changed.connect(lambda what: own.changed.emit(what) if index in self._ever_loaded else None)
        shared.saved.connect(lambda saved: own.saved.emit(saved) if index in self._ever_loaded else None)

    def prebuild_tabs_when_idle(self) -> None:
        """Once the first tab is shown and filled: the other tabs' modules are imported by a background
        thread, then their widgets are built on this thread one tab per turn of the event loop, so that
        a tab's first show is only its load. A key or click in between is handled first, and a tab
        switched to before its turn is built at once. A tab too large for one turn offers the rest of
        its construction as `build_steps()` (callables, each a part, each harmless once that part was
        built on demand), run one per turn after its constructor. Nothing is loaded here: each tab
        reads its data when first shown, as before."""
        if self._prebuild_asked:
            return
        self._prebuild_asked = True
        QTimer.singleShot(PREBUILD_DELAY_MS, self._import_unbuilt_tabs)

    def _import_unbuilt_tabs(self) -> None:
        modules = [module for index, (_title, module, _name) in enumerate(registry.TABS) if index not in self._built]
        self._prebuild_imports = BackgroundStart(lambda: registry.import_modules(modules), self, name="frontdesk-tabs")
        self._prebuild_imports.finished.connect(lambda _result: self._build_next_tab())
        # A module that does not import is left to the tab's first show, which tells the person.
        self._prebuild_imports.failed.connect(lambda _exc: None)
        self._prebuild_imports.start()

    def _build_next_tab(self) -> None:
        if self._prebuild_steps:
            self._prebuild_steps.popleft()()
        else:
            waiting = [index for index in range(self.tabs.count()) if index not in self._built]
            if not waiting:
                QTimer.singleShot(0, release_freed_memory)  # the imports and the builds freed more than they keep
                return
            tab = self._constructed_tab(waiting[0])
            build_steps = getattr(tab, "build_steps", None)
            if build_steps is not None:
                self._prebuild_steps.extend(build_steps())
        QTimer.singleShot(PREBUILD_PAUSE_MS, self._build_next_tab)

    def all_tabs_built(self) -> bool:
        return len(self._built) == self.tabs.count() and not self._prebuild_steps

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

    def built_tabs(self) -> list[QWidget]:
        return list(self._built.values())

    def confirm_discard_typed_work(self) -> bool:
        """Before the window closes or another person signs in: ask once if any form holds typed work."""
        return unsaved.confirm_discard(self, self.built_tabs())

    def load_first_tab(self) -> None:
        self._ensure_loaded(self.tabs.currentIndex())

    def _ensure_loaded(self, index: int) -> None:
        # Tabs are built and loaded when first shown, so start-up pays only for the first one.
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        self._ever_loaded.add(index)
        self._built_tab(index).load()
        QTimer.singleShot(0, release_freed_memory)  # building and filling it freed more than it keeps

    def _focus_first_field(self, index: int, even_inside: bool = False) -> None:
        """A desk opened by Ctrl+digit takes typing at once: the cursor goes to its first field (the
        tab names it: `first_field()`), unless the person is already working inside that tab; `even_inside`
        for a new person after 切换用户, and for Ctrl+digit pressed on the desk already open."""
        widget = self._built.get(index)
        if widget is None or index != self.tabs.currentIndex():
            return
        focused = QApplication.focusWidget()
        if not even_inside and focused is not None and widget.isAncestorOf(focused) and focused.isVisible():
            return
        # A tab without a field of its own starts at its first stop (a filter, a list), so the first Tab
        # does not wander off to the status bar.
        field = first_field(widget)
        if field is not None and field.isVisible() and field.isEnabled():
            field.setFocus()

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
        for text, slot in (("切换用户(&U)…", self.switch_user), ("交班签退(&J)…", self.hand_over_shift),
                           ("修改密码(&P)…", self.change_password)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # QKeySequence.Quit is empty on Windows
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu("视图(&V)")
        for index, title in enumerate(self.tab_titles):
            digit = registry.tab_digit(index)  # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth
            action = QAction(f"{title}(&{digit})", self)
            if digit is not None:
                action.setShortcut(QKeySequence(f"Ctrl+{digit}"))
            action.triggered.connect(lambda _checked=False, i=index: self.open_desk(i))
            view_menu.addAction(action)
        view_menu.addSeparator()
        refresh = QAction("刷新(&R)", self)
        refresh.setShortcut(QKeySequence.Refresh)
        refresh.triggered.connect(self.refresh_current)
        view_menu.addAction(refresh)

        self.tools_menu = bar.addMenu("工具(&T)")
        for action in registry.tool_actions(self):
            self.tools_menu.addAction(action)

        help_menu = bar.addMenu("帮助(&H)")
        guide = QAction("使用说明(&G)", self)
        guide.setShortcut(QKeySequence.HelpContents)
        guide.triggered.connect(self.show_guide)
        help_menu.addAction(guide)
        about = QAction("关于(&A)", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_guide(self) -> None:
        from frontdesk.ui.dialogs.guide_dialog import GuideDialog

        self.guide = GuideDialog(self)
        self.guide.show()

    def about_text(self) -> str:
        return (
            f"<b>{WINDOW_TITLE}</b><br>版本 {__version__}<br><br>"
            f"数据目录：{config.data_dir()}<br>"
            f"数据库：{self.ctx.db.location.display()}<br>"
            f"当前用户：{self.ctx.user.name}（{self.ctx.user.role}）"
        )

    def show_about(self) -> None:
        messages.info(self, self.about_text())

    def _may_drop_typed_work(self) -> bool:
        """Typed work in a form or an open dialog is dropped only when the person agrees."""
        from frontdesk.ui import user_switch

        typed = user_switch.typed_dialog_titles(user_switch.open_dialogs(self))
        forms = unsaved.unsaved_in(self.built_tabs())
        # The question names where the work is: the desks holding it, then the dialogs.
        desks = [tab.title for tab in self.built_tabs() if any(tab is w or tab.isAncestorOf(w) for w in forms)]
        return not (typed or forms) or messages.confirm_discard(self, [*desks, *typed])

    def switch_user(self, agreed: bool = False) -> bool:
        """Another colleague signs in (with their password) on this window.

        Nothing of the previous person stays: open dialogs close (one with typed content asks
        first, unless `agreed` already), every form is emptied and what defaults to the signed-in
        person is filled anew.
        """
        from frontdesk import app
        from frontdesk.ui import user_switch
        from frontdesk.ui.dialogs.sign_in import ask_sign_in

        dialogs = user_switch.open_dialogs(self)
        if not agreed and not self._may_drop_typed_work():
            return False
        # While the next person types their password, the previous one's desk is not on show behind
        # the sign-in box (their forms, 待办, status bar); cancelled, it comes back as it was.
        # A window left open beside the desk (the global search with its hits) goes out of sight too; a
        # modal dialog is not hidden (hiding would end it), it closes below once the next person is in.
        beside = [d for d in dialogs if not d.isModal()]
        shown = [w for w in (self.tabs, self.statusBar(), *beside) if w.isVisible()]
        for widget in shown:
            widget.hide()
        try:
            user = ask_sign_in(self.ctx.db, self)
        finally:
            for widget in shown:
                widget.show()
        if user is None:
            return False
        for dialog in dialogs:  # agreed above: they close without asking a second time
            discard = getattr(dialog, "discard_input", None)
            if callable(discard):
                discard()
        user_switch.close_dialogs(dialogs)
        self.ctx.user = user
        app.remember_user(user.name)
        self.save_notice.forget()
        self.reset_for_new_user()
        self._update_status()
        self.ctx.events.changed.emit(Topic.USER)
        # The new person types at once: into the desk's first field, as after Ctrl+digit.
        QTimer.singleShot(0, lambda: self._focus_first_field(self.tabs.currentIndex(), even_inside=True))
        return True

    def reset_for_new_user(self) -> None:
        """Each built tab empties its forms for the new person (the search window its words and hits); each
        reloads when next shown."""
        from frontdesk.ui import user_switch

        user_switch.reset_tabs(list(self._built.values()))
        search = getattr(self, "_search_dialog", None)  # kept (hidden) between Ctrl+F's, with its words
        if search is not None:
            search.reset_for_new_user()
        self._loaded = set()
        self._ensure_loaded(self.tabs.currentIndex())

    def hand_over_shift(self) -> None:
        """交班: leave a note and the list of one's open matters for the next shift, then sign out."""
        from frontdesk.services import call_lists, users

        if not self._may_drop_typed_work():  # asked before the note is written, not after it is saved
            return
        with self.ctx.session() as session:
            mine = call_lists.my_open_matters(session, self.ctx.user.id)
        listing = [f"{r.occurred_at:%m-%d %H:%M} {r.unit_code} {r.category}：{r.content}" for r in mine]
        shown = "\n".join(listing[:15]) or "（没有未办结事项）"
        if len(listing) > 15:  # a list cut says so
            shown += f"\n……另有 {len(listing) - 15} 件（见来电来访“我的待办”）"
        note = messages.ask_text(self, f"您名下未办结 {len(listing)} 件：\n{shown}\n\n给下一班的交接留言：")
        if note is None:
            return
        with self.ctx.session() as session:
            users.leave_shift_note(session, self.ctx.user.id, note, listing)
        messages.info(self, "交接留言已保存，下一位同事登录时会看到。")
        self.switch_user(agreed=True)

    def change_password(self) -> None:
        from frontdesk.ui.dialogs.account_dialogs import ChangePasswordDialog

        ChangePasswordDialog(self.ctx, self).exec()

    # ---- status bar -----------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.db_label = ElidedLabel()
        self.user_label = QLabel()
        self.date_label = QLabel()
        self.slogan_label = QLabel()
        self.save_notice = SaveNotice(self.open_link)
        bar = self.statusBar()
        bar.addWidget(self.save_notice, 3)
        # What was just saved is read whole; the database line gives way, its two ends kept in view.
        self.db_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.slogan_label)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.date_label)
        self._update_status()
        self.ctx.events.changed.connect(lambda what: self._update_status() if what is Topic.SLOGANS else None)
        self.ctx.events.saved.connect(self.save_notice.show_saved)

    def open_link(self, link: str) -> None:
        """(打开) in the status bar: the repair order or complaint that was just created."""
        kind, _sep, key = link.partition(":")
        if kind == "repair":
            from frontdesk.services import repairs
            from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

            with self.ctx.session() as session:
                order_id = repairs.find_by_number(session, key).id
            self.opened_dialog = RepairOrderDialog(self.ctx, order_id, self)
        elif kind == "complaint":
            from frontdesk.ui.dialogs.complaint_dialog import ComplaintDialog

            self.opened_dialog = ComplaintDialog(self.ctx, int(key), self)
        else:
            return
        self.opened_dialog.exec()

    def _update_status(self) -> None:
        location = self.ctx.db.location.display()
        self.db_label.setText(f"数据库：{location}")
        self.user_label.setText(f"当前用户：{self.ctx.user.name}（{self.ctx.user.role}）")
        self.date_label.setText(QLocale(QLocale.Chinese, QLocale.China).toString(QDate(clock.today()), "yyyy-MM-dd dddd"))
        from frontdesk.services import demo_marks
        from frontdesk.services.training import slogans

        with self.ctx.session() as session:
            slogan = slogans.current_slogan(session)  # this week's, else the standing one in settings
            is_demo = demo_marks.is_demo(session)
        self.slogan_label.setText(f"本周服务口号：{slogan}" if slogan else "")
        # Made-up records (and accounts sharing one password): said in the title and the status bar.
        self.setWindowTitle(f"{WINDOW_TITLE}（演示数据）" if is_demo else WINDOW_TITLE)
        if is_demo:
            self.db_label.setText(f"【演示数据，不是真实记录】{self.db_label.text()}")

    # ---- geometry -------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        stored = window_settings().value("geometry")
        self._first_start = stored is None
        if stored is not None:
            self.restoreGeometry(stored)
            keep_on_screen(self)  # remembered on a bigger screen, or a screen since removed

    def show_on_desk(self) -> None:
        """Show the window; on the first start on a screen smaller than the window's natural size (the
        1366×768 desk PC), maximized, so no column is cut. Later starts keep what the person chose."""
        area = available_geometry(self)
        small = area.width() < PREFERRED_SIZE.width() + FRAME_ALLOWANCE.width() or \
            area.height() < PREFERRED_SIZE.height() + FRAME_ALLOWANCE.height()
        if self._first_start and small:
            self.showMaximized()
        else:
            self.show()

    skip_exit_backup = False  # set after a restore: the file on disk is the restored one

    def closeEvent(self, event) -> None:
        if not self.confirm_discard_typed_work():
            event.ignore()
            return
        store = window_settings()
        store.setValue("geometry", self.saveGeometry())
        store.sync()
        if self.backup_on_exit and not self.skip_exit_backup:
            from frontdesk.db import auto_backup

            try:
                auto_backup.run(self.ctx.db)
            except (OSError, DomainError) as exc:
                messages.warning(self, f"退出时的自动备份没有完成：{exc}")
        super().closeEvent(event)

    backup_on_exit = False  # the real application turns it on; tests and the smoke check do not


