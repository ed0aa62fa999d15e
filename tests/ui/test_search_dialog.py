"""The global search window (Ctrl+F), keyboard only: a cut list says so and where the rest is, the
window steps aside when a hit opens, and 切换用户 leaves nothing of the previous person's search."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select
from switching import sign_in_as as _sign_in_as
from switching import staff_ref as _person

from frontdesk.db.models import Staff
from frontdesk.services import calls, clock, search


def _log_calls(db, content: str, count: int) -> None:
    with db.session(system=True) as s:
        owner = s.scalar(select(Staff.id).where(Staff.name == "张丽"))
        start = clock.now() - timedelta(days=1)
        for i in range(count):
            calls.log_contact(s, calls.ContactInput(content=content, occurred_at=start + timedelta(minutes=i)), owner)


def _ctrl_f(window, qtbot):
    """Ctrl+F from the call form, as the desk does it."""
    form = window.show_tab("来电来访").form
    form.content.setFocus()
    qtbot.keyClick(form.content, Qt.Key_F, Qt.ControlModifier)
    dialog = window._search_dialog
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.query.hasFocus())  # the keys follow it
    return dialog


def _search_for(dialog, qtbot, typist, words: str) -> None:
    typist(dialog.query, words)
    qtbot.keyClick(dialog.query, Qt.Key_Return)


def _group(dialog, title: str):
    for i in range(dialog.results.topLevelItemCount()):
        item = dialog.results.topLevelItem(i)
        if item.text(0).startswith(title):
            return item
    raise AssertionError(f"no group {title}")


def test_a_cut_list_of_calls_says_so_and_how_to_find_the_rest(window, qtbot, demo_db, typist):
    _log_calls(demo_db, "充电桩跳闸了", search.GROUP_LIMIT + 1)
    dialog = _ctrl_f(window, qtbot)
    _search_for(dialog, qtbot, typist, "充电桩跳闸")

    group = _group(dialog, "来电来访")
    assert group.text(0) == "来电来访（50 条以上，只列出最近 50 条）"
    assert group.childCount() == search.GROUP_LIMIT + 1
    note = group.child(search.GROUP_LIMIT)
    assert note.text(0).startswith("来电来访 只列出最近 50 条，还有更多：")
    assert "来电台账不能按关键字筛选" in note.text(0)  # no desk can list them by the words: it says so
    assert "找到 50 条" not in dialog.summary.text()
    assert dialog.summary.text() == "列出 50 条；来电来访 超过 50 条，只列出了一部分（其余见该组最后一行）"

    dialog.results.setFocus()
    dialog.results.setCurrentItem(note)
    qtbot.keyClick(dialog.results, Qt.Key_Return)
    assert dialog.isVisible(), "a line that opens nothing leaves the window where it is"


def test_a_list_not_cut_says_nothing_more(window, qtbot, demo_db, typist):
    _log_calls(demo_db, "充电桩跳闸了", 3)
    dialog = _ctrl_f(window, qtbot)
    _search_for(dialog, qtbot, typist, "充电桩跳闸")
    group = _group(dialog, "来电来访")
    assert group.text(0) == "来电来访（3）" and group.childCount() == 3
    assert dialog.summary.text() == "找到 3 条"


def test_enter_on_a_cut_list_of_orders_opens_the_order_list_filtered_by_the_words(window, qtbot, demo_db, typist):
    repairs_tab = window.show_tab("报修维修")
    repairs_tab.f_state.setCurrentText("未完成")  # a filter of earlier work: the rest must not hide behind it
    repairs_tab.apply_filter()
    dialog = _ctrl_f(window, qtbot)
    _search_for(dialog, qtbot, typist, "1-")
    group = _group(dialog, "报修单")
    assert group.text(0) == "报修单（50 张以上，只列出最近 50 张）", "precondition: the demo has more than a page"
    note = group.child(search.GROUP_LIMIT)
    assert "到 报修维修 → 报修单 按“1-”查询全部" in note.text(0) and "按 Enter 打开" in note.text(0)

    qtbot.keyClick(dialog.query, Qt.Key_Down)  # to the first hit, then to the very last line: the note
    qtbot.waitUntil(lambda: dialog.results.hasFocus())
    dialog.results.setCurrentItem(note)
    qtbot.keyClick(dialog.results, Qt.Key_Return)

    assert not dialog.isVisible()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "报修维修"
    assert repairs_tab.views.tabText(repairs_tab.views.currentIndex()) == "报修单"
    assert repairs_tab.search.text() == "1-" and repairs_tab.f_state.currentIndex() == 0
    assert repairs_tab.model.total > search.GROUP_LIMIT
    assert repairs_tab.count_label.text().startswith(f"共 {repairs_tab.model.total} 张")


def test_opening_a_hit_puts_the_search_away_and_ctrl_f_brings_it_back(window, qtbot, demo_db, typist, monkeypatch):
    from frontdesk.ui.dialogs import contact_dialog

    _log_calls(demo_db, "充电桩跳闸了", 2)
    search_visible_while_open = []
    monkeypatch.setattr(contact_dialog.ContactDialog, "exec",
                        lambda _self: search_visible_while_open.append(window._search_dialog.isVisible()))
    dialog = _ctrl_f(window, qtbot)
    _search_for(dialog, qtbot, typist, "充电桩跳闸")
    qtbot.keyClick(dialog.query, Qt.Key_Down)
    qtbot.waitUntil(lambda: dialog.results.hasFocus())
    qtbot.keyClick(dialog.results, Qt.Key_Return)

    assert search_visible_while_open == [False], "the record opens on the desk, not under the search window"
    assert not dialog.isVisible(), "closed the record: the call form is free to type in"
    again = _ctrl_f(window, qtbot)
    assert again is dialog and dialog.query.text() == "充电桩跳闸"
    assert _group(dialog, "来电来访").text(0) == "来电来访（2）"


def test_switching_user_leaves_nothing_of_the_previous_search(window, qtbot, demo_db, answers, typist, monkeypatch):
    _log_calls(demo_db, "充电桩跳闸了", 2)
    assert _sign_in_as(monkeypatch, window, _person(demo_db, "吴海燕"))
    dialog = _ctrl_f(window, qtbot)
    _search_for(dialog, qtbot, typist, "充电桩跳闸")
    dialog.results.setCurrentItem(_group(dialog, "来电来访").child(0))

    assert _sign_in_as(monkeypatch, window, _person(demo_db, "张丽"))
    assert answers.texts("confirm") == [], "a query is not typed work: nothing to ask"
    assert not dialog.isVisible()
    window.activateWindow()  # the sign-in dialog has gone: the window is the active one again
    qtbot.waitUntil(window.isActiveWindow)
    again = _ctrl_f(window, qtbot)
    assert again.query.text() == "" and again.results.topLevelItemCount() == 0
    assert again.results.currentItem() is None and again.summary.text() == ""
    qtbot.wait(300)  # past the search's typing pause: nothing of hers comes back
    assert again.results.topLevelItemCount() == 0


def test_switching_user_asks_about_the_typed_call_but_does_not_name_the_search(
        window, qtbot, demo_db, answers, typist, monkeypatch):
    assert _sign_in_as(monkeypatch, window, _person(demo_db, "吴海燕"))
    form = window.show_tab("来电来访").form
    typist(form.content, "业主投诉楼上装修噪音")
    dialog = _ctrl_f(window, qtbot)
    _search_for(dialog, qtbot, typist, "噪音")

    answers.confirm_answer = False  # keep the typed call
    assert not _sign_in_as(monkeypatch, window, _person(demo_db, "张丽"))
    question = answers.texts("confirm")
    assert len(question) == 1 and "有未保存的内容" in question[0]
    assert "全局搜索" not in question[0]
    assert form.content.text() == "业主投诉楼上装修噪音"


def test_the_desks_behind_cut_groups_list_everything_the_words_find(window, qtbot, demo_db):
    """The lines of cut 房屋/住户 and 投诉 groups open these desks: all phases, all complaints (closed too)."""
    units_tab = window.show_tab("房屋档案")
    everything = units_tab.model.total
    units_tab.tree.setCurrentItem(units_tab.tree.topLevelItem(0).child(0).child(0))  # one building only
    assert units_tab.model.total < everything
    units_tab.show_matching("")
    assert units_tab.model.total == everything and units_tab.count_label.text() == f"共 {everything} 套"
    units_tab.show_matching("1-1-1")
    with demo_db.session(system=True) as s:
        found = search.search(s, "1-1-1").groups["unit"]
    assert units_tab.search_edit.text() == "1-1-1" and units_tab.model.total == len(found)

    calls_tab = window.show_tab("来电来访")
    calls_tab.show_complaints_matching("噪音")
    assert calls_tab.views.tabText(calls_tab.views.currentIndex()) == "投诉处理"
    assert calls_tab.complaint_scope.currentText() == "全部投诉（案例）"
    assert calls_tab.complaint_search.text() == "噪音"
    with demo_db.session(system=True) as s:
        complaints = {hit.id for hit in search.search(s, "噪音").groups["complaint"]}
    assert complaints and complaints <= {row.contact_id for row in calls_tab.complaint_rows}
