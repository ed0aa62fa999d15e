"""Start the GUI: zh_CN locale and Qt's own Chinese translations, the bundled font, the window."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdesk import config

if TYPE_CHECKING:
    from frontdesk.db.engine import Database
    from frontdesk.memory import StartObjects
    from frontdesk.services.staff import StaffRef
    from frontdesk.ui.dialogs.sign_in import SignInFacts

SMOKE_OK = "窗口已打开并载入，自检通过。"
SMOKE_QT_CHINESE = "Qt 自带的中文翻译已载入。"


def _install_translations(app) -> None:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from frontdesk.ui.file_dialogs import FallbackTranslator

    if not getattr(app, "_frontdesk_translators", None):
        # Installed first, so it is asked last: only for what Qt's own zh_CN files leave in English.
        fallback = FallbackTranslator(app)
        app.installTranslator(fallback)
        app._frontdesk_translators = [fallback]
    path = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, path):
            app.installTranslator(translator)
            app._frontdesk_translators = [*getattr(app, "_frontdesk_translators", []), translator]


def install_font(app) -> str | None:
    """Register the bundled CJK font so the UI looks the same on every machine."""
    from PySide6.QtGui import QFont, QFontDatabase

    from frontdesk.paths import font_path

    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(families[0], 10)
        # The bundled font everywhere (not SimSun on Windows); characters it lacks (CJK Extension B in a
        # name, 𠮷) come from the system's fonts that have them rather than showing as a box.
        font.setFamilies([families[0], *RARE_CHARACTER_FALLBACKS])
        app.setFont(font)
        return families[0]
    return None


RARE_CHARACTER_FALLBACKS = ("Microsoft YaHei UI", "SimSun-ExtB", "MingLiU-ExtB", "Noto Sans CJK SC",
                            "Noto Serif CJK SC", "HanaMinB")


def create_application(argv: list[str] | None = None):
    """The application with all the window needs (the start shows the sign-in dialog in between)."""
    app = _application_to_sign_in(argv)
    finish_application(app)
    return app


def _application_to_sign_in(argv: list[str] | None = None):
    """Just what the sign-in dialog needs to paint: the application, its names, the bundled font, the icon."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    _skip_pyside_source_scan()

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("frontdesk")
    app.setApplicationDisplayName("物业客服前台")
    install_font(app)
    from frontdesk.paths import icon_path

    if icon_path().exists():
        app.setWindowIcon(QIcon(str(icon_path())))
    return app


def _skip_pyside_source_scan() -> None:
    """Once PySide6 is imported it reads the whole source of every module imported after it (and
    linecache keeps it: ~9 MB of text for the database layer alone) to learn whether the module
    uses PySide6's `__feature__` switches (snake_case, true_property). This program never selects a
    feature, so every module may answer "no" without being read: a third less time to import
    SQLAlchemy and the models behind the sign-in dialog, ~20 MB less resident. Left alone if PySide6
    changes its internals."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda _module: False
        import linecache

        linecache.clearcache()  # the sources it read of the modules imported before it


def finish_application(app) -> None:
    """The rest, once the sign-in dialog is up: Qt's Chinese translations. Once per application."""
    if getattr(app, "_frontdesk_finished", False):
        return
    app._frontdesk_finished = True
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    _install_translations(app)


def open_database(db_url: str):
    """Create or upgrade the database; a database from a newer version raises DatabaseTooNew."""
    from frontdesk.db import migrate
    from frontdesk.db.engine import Database
    from frontdesk.services import settings, staff

    db = Database(db_url)
    migrate.upgrade(db)
    with db.session("系统", system=True) as session:
        settings.seed_lists(session)
        staff.ensure_admin(session)
    return db


def signed_in_user(db):
    from frontdesk.services import staff

    last = config.load_local_settings().get("last_user")
    with db.session("系统", system=True) as session:
        found = staff.find_by_name(session, last) if last else None
        return found or staff.default_desk_user(session)


def remember_user(name: str) -> None:
    stored = config.load_local_settings()
    stored["last_user"] = name
    config.save_local_settings(stored)


def build_main_window(db, user=None):
    from frontdesk.ui.context import AppContext, DataEvents
    from frontdesk.ui.main_window import MainWindow

    ctx = AppContext(db=db, user=user or signed_in_user(db), events=DataEvents())
    return MainWindow(ctx)


@dataclass
class PreparedDesk:
    """What the background start hands over: the open database, what the sign-in dialog shows, and
    for the smoke check the person it signs in as."""

    db: Database
    sign_in: SignInFacts
    smoke_user: StaffRef | None


def prepare_desk(db_url: str | None, smoke: bool) -> PreparedDesk:
    """Qt-free, in the background while the sign-in dialog waits: open (create, upgrade) the database,
    read what the dialog shows, and import what the window and its first tab need, so that once the
    person signs in the window comes up at once."""
    from concurrent.futures import ThreadPoolExecutor

    from frontdesk.ui.dialogs.sign_in import SignInFacts, read_demo_accounts, read_sign_in_names

    db = open_database(db_url or config.resolve_db_url())
    try:
        # The demo password's hash is slow on purpose (in four threads) and checked outside the
        # interpreter lock: beside the window's modules loading here. --smoke signs in by itself, so
        # the demo accounts' hint has nobody to read it and the hash would only take the cores the
        # window needs (≈ 0.2–0.4 s of both on a 2-core machine).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontdesk-demo") as pool:
            demo = None if smoke else pool.submit(read_demo_accounts, db)
            first_start, names = read_sign_in_names(db)
            user = signed_in_user(db) if smoke else None
            _import_first_screen()
            facts = SignInFacts(first_start, names, None if first_start or demo is None else demo.result())
    except Exception:
        db.dispose()
        raise
    return PreparedDesk(db, facts, user)


def _import_first_screen() -> None:
    import importlib

    from frontdesk import memory
    from frontdesk.ui import qt_warm_up
    from frontdesk.ui.tabs import registry

    for module in ("frontdesk.ui.file_dialogs", "frontdesk.ui.widgets.tables", "frontdesk.ui.main_window",
                   "frontdesk.services.demo_marks", "frontdesk.services.training.slogans", registry.TABS[0][1]):
        importlib.import_module(module)
    qt_warm_up.create_first_window_types()
    memory.release_freed_memory()  # gives back what the imports dropped


def run(db_url: str | None = None, smoke: bool = False, ring_hook: bool = False, timings: bool = False) -> int:
    """Start the desk; any failure on the way (a damaged file, a server that is down) is one Chinese
    message box (or one line with --smoke), never a traceback or a window that silently closes."""
    from frontdesk import failures
    from frontdesk.memory import StartObjects

    start_objects = StartObjects()
    start_objects.pause()  # until the start's imports are done (memory.py)
    app = _application_to_sign_in()
    try:
        return _run(app, db_url, smoke, ring_hook, timings, start_objects)
    except Exception as exc:
        failure = failures.report(exc)
        _tell_start_failed(failure.message, smoke)
        return failure.exit_code
    finally:
        start_objects.end()


def _tell_start_failed(message: str, smoke: bool) -> None:
    if smoke:
        print(message, file=sys.stderr)
        return
    from PySide6.QtWidgets import QApplication

    from frontdesk.ui import messages

    finish_application(QApplication.instance())  # the message box's button in Chinese too
    messages.error(None, f"前台系统没有打开：{message}")


def _run(app, db_url: str | None, smoke: bool, ring_hook: bool = False, timings: bool = False,
         start_objects: StartObjects | None = None) -> int:
    """The sign-in dialog first, painted with nothing but PySide6 imported; the database opens and the
    window's modules load in the background while the person types (--smoke signs in automatically as
    soon as the dialog could, as the default desk user)."""
    from PySide6.QtWidgets import QDialog

    from frontdesk.memory import one_heap_for_all_threads
    from frontdesk.startup_clock import seconds_since_start
    from frontdesk.ui.background_start import BackgroundStart
    from frontdesk.ui.dialogs.sign_in import SignInDialog

    times: dict[str, float] = {}
    prepared: list[PreparedDesk] = []
    dialog = SignInDialog(None, preset_name="" if smoke else config.load_local_settings().get("last_user", ""))
    opening = BackgroundStart(lambda: prepare_desk(db_url, smoke), dialog)

    def database_ready(desk: PreparedDesk) -> None:
        prepared.append(desk)
        if start_objects is not None:
            start_objects.keep()  # the ORM, the models and the window's modules: made to last
        finish_application(app)
        dialog.database_ready(desk.db, desk.sign_in)
        if smoke:
            times["signin_accepted_s"] = seconds_since_start()
            dialog.accept()

    def signin_shown() -> None:
        times["signin_shown_s"] = seconds_since_start()
        one_heap_for_all_threads()  # before the first thread (memory.py); after the paint, not before it
        opening.start()

    opening.finished.connect(database_ready)
    opening.failed.connect(dialog.database_failed)
    _when_painted(dialog, signin_shown)
    accepted = dialog.exec() == QDialog.Accepted
    opening.wait()
    if dialog.failure is not None:
        raise dialog.failure
    if not prepared:  # cancelled before the database was open
        return 0
    db = prepared[0].db
    if smoke:
        user = prepared[0].smoke_user
    else:
        from frontdesk.ui.dialogs.sign_in import after_sign_in

        user = after_sign_in(dialog) if accepted else None
        if user is None:
            db.dispose()
            return 0
        remember_user(user.name)
    window = build_main_window(db, user)
    if smoke:
        return _smoke_show(app, window, times, timings)
    window.show_on_desk()
    window.load_first_tab()
    _when_painted(window, window.prebuild_tabs_when_idle)  # after the first paint, not competing with it
    _start_daily_care(window, db)
    _start_caller_id(app, window, ring_hook)
    from frontdesk.ui.dialogs.company_dialog import ask_if_missing

    window.company_dialog = ask_if_missing(window.ctx, window)  # first start: whose notices these are
    try:
        return app.exec()
    finally:
        db.dispose()  # closed here, not left to the interpreter's exit (which no longer looks for cycles)


def _start_caller_id(app, window, ring_hook: bool) -> None:
    """来电弹屏: the caller-ID box and/or the loopback hook, as set in 工具 → 来电弹屏 (or --ring-hook)."""
    from frontdesk.ui.callerid import CallerIdDesk

    window.callerid = CallerIdDesk(window)
    window.callerid.start(hook=ring_hook)
    app.aboutToQuit.connect(window.callerid.stop)


def _start_daily_care(window, db) -> None:
    """The log, the last line of defence for errors, and the first backup of the day."""
    from frontdesk import logging_setup
    from frontdesk.db import auto_backup
    from frontdesk.ui import messages
    from frontdesk.ui.tasks import run_quietly

    logging_setup.configure()
    logging_setup.install_excepthook(lambda text: messages.error(window, text))
    window.backup_on_exit = True
    if auto_backup.due_today(db):
        run_quietly(window, lambda _progress: auto_backup.run(db),
                    on_error=lambda text: window.statusBar().showMessage(f"今日自动备份没有完成：{text}", 15000))


def _smoke_show(app, window, times: dict[str, float], timings: bool) -> int:
    """Let the event loop show and paint the window, fill its first tab, then quit. With --timings the
    last line is the JSON of the seconds from the process's start to each step."""
    import json

    from frontdesk.startup_clock import seconds_since_start

    state: dict[str, bool] = {}

    def main_painted() -> None:
        times["main_shown_s"] = seconds_since_start()
        window.load_first_tab()
        app.processEvents()
        times["first_tab_loaded_s"] = seconds_since_start()
        state["shown"] = window.isVisible() and window.current_tab().isVisible()
        app.quit()

    _when_painted(window, main_painted)
    window.show()
    app.exec()
    window.close()
    window.ctx.db.dispose()
    ok = state.get("shown", False)
    print(SMOKE_OK if ok else "窗口没有显示。")
    # The installer check reads this line: a frozen build must find Qt's translations too.
    translated = bool(getattr(app, "_frontdesk_translators", None))
    print(SMOKE_QT_CHINESE if translated else "没有找到 Qt 自带的中文翻译，标准对话框的按钮会显示英文。")
    if timings:
        print(f"自动登录：进程启动后 {times['signin_accepted_s']:.3f} 秒（登录框可以登录时）")
        print(json.dumps({key: times.get(key) for key in ("signin_shown_s", "main_shown_s", "first_tab_loaded_s")}))
    return 0 if ok else 1


def _when_painted(widget, then) -> None:
    """Call `then()` once the widget has been painted and can take keys (its first paint event)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Paint and widget.isVisible():
                widget.removeEventFilter(self)
                QTimer.singleShot(0, then)  # after the paint has been flushed to the screen
            return False

    watch = Watch(widget)
    widget.installEventFilter(watch)


def main() -> int:
    """GUI entry point (frontdesk-gui, the Windows shortcut): a windowless program, so even a failure
    before the window exists (no Qt, an unreadable data folder) ends in a message box, not silence."""
    from frontdesk import failures

    try:
        return run()
    except Exception as exc:
        failure = failures.report(exc)
        try:
            create_application()
            _tell_start_failed(failure.message, smoke=False)
        except Exception:
            print(failure.message, file=sys.stderr)
        return failure.exit_code
