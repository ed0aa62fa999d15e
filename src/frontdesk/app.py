"""Start the GUI: zh_CN locale and Qt's own Chinese translations, the bundled font, the window."""

from __future__ import annotations

import sys

from frontdesk import config

SMOKE_OK = "窗口已打开并载入，自检通过。"
SMOKE_QT_CHINESE = "Qt 自带的中文翻译已载入。"


def _install_translations(app) -> None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from frontdesk.ui.file_dialogs import FallbackTranslator

    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
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
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("frontdesk")
    app.setApplicationDisplayName("物业客服前台")
    _install_translations(app)
    install_font(app)
    from frontdesk.ui.widgets.tables import install_number_alignment

    install_number_alignment(app)
    from frontdesk.paths import icon_path

    if icon_path().exists():
        app.setWindowIcon(QIcon(str(icon_path())))
    return app


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


def run(db_url: str | None = None, smoke: bool = False, ring_hook: bool = False, timings: bool = False) -> int:
    """Start the desk; any failure on the way (a damaged file, a server that is down) is one Chinese
    message box (or one line with --smoke), never a traceback or a window that silently closes."""
    from frontdesk import failures

    app = create_application()
    try:
        return _run(app, db_url, smoke, ring_hook, timings)
    except Exception as exc:
        failure = failures.report(exc)
        _tell_start_failed(failure.message, smoke)
        return failure.exit_code


def _tell_start_failed(message: str, smoke: bool) -> None:
    if smoke:
        print(message, file=sys.stderr)
        return
    from frontdesk.ui import messages

    messages.error(None, f"前台系统没有打开：{message}")


def _run(app, db_url: str | None, smoke: bool, ring_hook: bool = False, timings: bool = False) -> int:
    db = open_database(db_url or config.resolve_db_url())
    if smoke and timings:
        return _timed_smoke(app, db)
    user = None
    if not smoke:  # the smoke check opens the window as the default desk user, without a password
        from frontdesk.ui.dialogs.sign_in import ask_sign_in

        user = ask_sign_in(db, preset_name=config.load_local_settings().get("last_user", ""))
        if user is None:
            return 0
        remember_user(user.name)
    window = build_main_window(db, user)
    window.show()
    window.load_first_tab()
    if not smoke:
        _start_daily_care(window, db)
        _start_caller_id(app, window, ring_hook)
        from frontdesk.ui.dialogs.company_dialog import ask_if_missing

        window.company_dialog = ask_if_missing(window.ctx, window)  # first start: whose notices these are
    if smoke:
        return _smoke_exit(app, window)
    return app.exec()


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


def _smoke_exit(app, window) -> int:
    """Let the event loop show and paint the window once, then quit."""
    from PySide6.QtCore import QTimer

    state = {}

    def check() -> None:
        state["shown"] = window.isVisible() and window.current_tab().isVisible()
        app.quit()

    QTimer.singleShot(0, check)
    app.exec()
    window.close()
    ok = state.get("shown", False)
    print(SMOKE_OK if ok else "窗口没有显示。")
    # The installer check reads this line: a frozen build must find Qt's translations too.
    translated = bool(getattr(app, "_frontdesk_translators", None))
    print(SMOKE_QT_CHINESE if translated else "没有找到 Qt 自带的中文翻译，标准对话框的按钮会显示英文。")
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


def _timed_smoke(app, db) -> int:
    """`gui --smoke --timings`: show the sign-in, sign in automatically as the default desk user, show
    the main window and load its first tab; print the seconds from the process's start to each."""
    import json

    from frontdesk.startup_clock import seconds_since_start
    from frontdesk.ui.dialogs.sign_in import SignInDialog

    times: dict[str, float] = {}
    state: dict = {}
    dialog = SignInDialog(db)

    def main_painted() -> None:
        times["main_shown_s"] = seconds_since_start()
        state["window"].load_first_tab()
        app.processEvents()
        times["first_tab_loaded_s"] = seconds_since_start()
        state["ok"] = state["window"].current_tab().isVisible()
        app.quit()

    def signed_in() -> None:
        times["signin_shown_s"] = seconds_since_start()
        dialog.accept()
        window = build_main_window(db)
        state["window"] = window
        _when_painted(window, main_painted)
        window.show()

    _when_painted(dialog, signed_in)
    dialog.show()
    app.exec()
    if "window" in state:
        state["window"].close()
    ok = state.get("ok", False)
    print(SMOKE_OK if ok else "窗口没有显示。")
    print(json.dumps({key: times.get(key) for key in ("signin_shown_s", "main_shown_s", "first_tab_loaded_s")}))
    return 0 if ok else 1


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
