from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from frontdesk import __version__


def test_window_has_the_desks_tabs_menus_and_status(window, data_home):
    assert window.windowTitle() == "物业客服前台（演示数据）"  # the tests run on demo data
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["来电来访", "报修维修", "收费催缴", "违章整改", "培训考核", "外包方", "宣传栏", "满意度调查", "统计报表",
                      "房屋档案"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "视图(&V)", "工具(&T)", "帮助(&H)"]
    about = window.about_text()
    assert __version__ in about and str(data_home) in about
    assert "张丽" in window.user_label.text()
    assert "2026-11-25" in window.date_label.text() and "星期三" in window.date_label.text()
    assert "frontdesk.db" in window.db_label.text()


def test_every_tab_loads_and_its_models_pass_the_tester(window, qtbot):
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    calls = window.tab("来电来访")
    # Kept in variables: a tester that is garbage-collected checks nothing.
    ledger_tester = QAbstractItemModelTester(calls.ledger_model, QAbstractItemModelTester.FailureReportingMode.Warning)
    units = window.tab("房屋档案")
    units_tester = QAbstractItemModelTester(units.model, QAbstractItemModelTester.FailureReportingMode.Warning)
    calls.reload_ledger()
    units.load()
    assert units.model.total > 0 and calls.ledger_model.total > 0
    del ledger_tester, units_tester


def test_the_window_remembers_its_geometry(window, qtbot, demo_db):
    from frontdesk import app

    window.resize(window.minimumSizeHint().width() + 1, 555)
    size = (window.width(), window.height())
    window.close()
    again = app.build_main_window(demo_db)
    qtbot.addWidget(again)
    # Restored geometry is fitted to the screen (the offscreen one is 800 px wide).
    fitted = min(size[0], again.screen().availableGeometry().width())
    assert again.height() == 555 and abs(again.width() - fitted) <= 2


def test_switching_user_needs_the_colleagues_password(window, qtbot, monkeypatch):
    from frontdesk.ui.dialogs import sign_in

    def sign_in_as_wang(db, parent=None, preset_name=""):
        dialog = sign_in.SignInDialog(db, parent, "王芳")
        qtbot.addWidget(dialog)
        dialog.password.setText("wrong-password")
        dialog.submit()
        assert "密码不对" in dialog.error.text() and dialog.signed_in is None
        dialog.password.setText("123456")
        dialog.submit()
        return dialog.signed_in.user

    monkeypatch.setattr(sign_in, "ask_sign_in", sign_in_as_wang)
    window.switch_user()
    assert window.ctx.user.name == "王芳"
    assert "王芳" in window.user_label.text()


def test_lazy_model_fetches_pages_as_the_list_scrolls(window):
    model = window.tab("来电来访").ledger_model
    assert model.rowCount() == min(200, model.total)
    if model.total > 200:
        assert model.canFetchMore()
        model.fetchMore()
        assert model.rowCount() > 200
    header = model.headerData(0, Qt.Horizontal)
    assert header == "时间"


def test_ctrl_f_opens_global_search_and_ctrl_digit_switches_tab(window, qtbot):
    form = window.tab("来电来访").form
    form.content.setFocus()
    qtbot.keyClick(form.content, Qt.Key_F, Qt.ControlModifier)
    dialog = window._search_dialog
    assert dialog.isVisible()
    dialog.close()
    stats = window.tab_titles.index("统计报表")  # Ctrl+1 … Ctrl+9 reach the first nine tabs
    qtbot.keyClick(form.content, Qt.Key(Qt.Key_1 + stats), Qt.ControlModifier)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "统计报表"


def test_qt_dialogs_speak_chinese(window):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") in ("是(&Y)", "&是")


def test_every_tab_has_its_key_and_the_guide_names_the_same_keys(window, qtbot):
    from frontdesk.ui.dialogs.guide_dialog import guide_html

    last = len(window.tab_titles) - 1
    assert last == 9  # the tenth tab is Ctrl+0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key_0, Qt.ControlModifier)
    assert window.tabs.currentIndex() == last
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("视图"))
    labels = [a.text() for a in view_menu.actions() if a.text()]
    assert f"{window.tab_titles[last]}(&0)" in labels
    guide = guide_html()
    for index, title in enumerate(window.tab_titles):
        assert f"<b>{title}</b>（Ctrl+{(index + 1) % 10}）" in guide


def test_ctrl_3_puts_the_cursor_in_the_payment_room_so_typing_is_not_lost(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = window.tab("来电来访").form
    form.content.setFocus()
    collections_index = window.tab_titles.index("收费催缴")
    qtbot.keyClick(form.content, Qt.Key(Qt.Key_1 + collections_index), Qt.ControlModifier)
    page = window.tab("收费催缴").payments
    qtbot.waitUntil(lambda: page.unit.hasFocus())
    qtbot.keyClicks(page.unit, "3-2-1502")
    assert page.unit.text() == "3-2-1502"


def test_every_desk_opened_with_ctrl_digit_takes_the_cursor_and_tab_stays_inside_it(window, qtbot):
    """Ctrl+2 (报修维修) and every other desk: the cursor lands in the desk, and the first Tab moves to
    another of its fields, never to the status bar below. (The window's own focus child is read: the
    offscreen platform may leave no window active after a progress box.)"""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tab("来电来访").form.content.setFocus()
    qtbot.waitUntil(window.tab("来电来访").form.content.hasFocus)
    for index, title in enumerate(window.tab_titles[:9]):
        if index == 0:
            continue
        qtbot.keyClick(window.focusWidget(), Qt.Key(Qt.Key_1 + index), Qt.ControlModifier)
        desk = window.tab(title)
        qtbot.waitUntil(lambda desk=desk: window.focusWidget() is not None and desk.isAncestorOf(window.focusWidget())
                        and getattr(desk, "task", None) is None, timeout=20000)  # 统计报表 counts first
        qtbot.keyClick(window.focusWidget(), Qt.Key_Tab)
        assert desk.isAncestorOf(window.focusWidget()), title


def test_tab_goes_round_a_desk_and_never_onto_the_desks_bar(window, qtbot):
    """The bar of desks is no Tab stop (Ctrl+digit opens a desk): the cursor stays where the desk's keys
    (Alt+digit for its pages) reach."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_tab("收费催缴")
    qtbot.waitUntil(lambda: window.focusWidget() is not None)
    for _ in range(40):
        focused = window.focusWidget()
        assert focused is not window.tabs.tabBar()
        qtbot.keyClick(focused, Qt.Key_Tab)


def test_enter_on_a_desk_button_presses_it_as_space_does(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab = window.show_tab("统计报表")
    qtbot.waitUntil(lambda: tab.task is None and tab.report is not None, timeout=20000)
    pressed = []
    tab.show_button.clicked.connect(lambda: pressed.append(True))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab.show_button.setFocus()
    qtbot.waitUntil(tab.show_button.hasFocus)
    qtbot.keyClick(tab.show_button, Qt.Key_Return)
    assert pressed == [True]


def test_ctrl_1_on_the_calls_desk_puts_the_cursor_back_in_its_first_field(window, qtbot):
    """Ctrl+1 pressed on 来电来访 itself, with the cursor in a list of it: back to 房号 (what is typed next
    is a room, not keys lost in a list)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    calls = window.show_tab("来电来访")
    qtbot.waitUntil(lambda: window.focusWidget() is not None)
    first = window.focusWidget()
    calls.ledger_table.setFocus()
    qtbot.waitUntil(calls.ledger_table.hasFocus)
    qtbot.keyClick(calls.ledger_table, Qt.Key_1, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.focusWidget() is first, timeout=2000)
