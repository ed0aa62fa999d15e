from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from frontdesk.db.models import Unit
from frontdesk.ui.dialogs.unit_dialog import UnitDialog


def _dialog(window, qtbot):
    dialog = UnitDialog(window.ctx, parent=window)
    qtbot.addWidget(dialog)
    return dialog


def test_bad_input_is_shown_at_the_field_and_kept(window, qtbot, demo_db, typist):
    window.show_tab("房屋档案")
    dialog = _dialog(window, qtbot)
    dialog.show()
    typist(dialog.code_edit, "5栋302")
    typist(dialog.area_edit, "0")
    dialog.save()
    assert "无法识别" in dialog.errors.text_of("code")
    assert "大于 0" in dialog.errors.text_of("area")
    assert dialog.code_edit.text() == "5栋302" and dialog.area_edit.text() == "0"
    assert dialog.saved_id is None


def test_a_phone_with_letters_and_a_duplicate_unit_are_refused(window, qtbot):
    dialog = _dialog(window, qtbot)
    dialog.code_edit.setText("1-1-1-0101")
    dialog.area_edit.setText("88")
    dialog.state_combo.setCurrentText("未收房")
    from PySide6.QtWidgets import QTableWidgetItem

    dialog.people.setItem(0, 0, QTableWidgetItem("李四"))
    dialog.people.setItem(0, 1, QTableWidgetItem("1391234abcd"))
    dialog.save()
    assert "已经存在" in dialog.errors.text_of("code")
    assert "非数字" in dialog.errors.text_of("occupants")
    assert dialog.people.item(0, 1).text() == "1391234abcd"


def test_add_a_unit_then_find_it_by_owner_phone_and_code(window, qtbot, demo_db):
    from PySide6.QtWidgets import QTableWidgetItem

    tab = window.show_tab("房屋档案")
    dialog = _dialog(window, qtbot)
    dialog.code_edit.setText("3期9栋1单元1502")
    dialog.area_edit.setText("120.5")
    dialog.state_combo.setCurrentText("已收房")
    dialog.date_edit.setDate(QDate(2023, 6, 18))
    dialog.people.setItem(0, 0, QTableWidgetItem("欧阳春晓"))
    dialog.people.setItem(0, 1, QTableWidgetItem("139 1234 5678，0513-66668888"))
    dialog.save()
    assert dialog.saved_id is not None
    with demo_db.session(system=True) as s:
        unit = s.scalar(select(Unit).where(Unit.code == "3-9-1-1502"))
        assert unit is not None and str(unit.area) == "120.50"
        assert unit.handover_date.isoformat() == "2023-06-18"
    for query in ("欧阳", "12345678", "3-9-1-1502", "oycx"):
        tab.search_edit.setText(query)
        qtbot.waitUntil(lambda: tab.model.total >= 1 and any(
            r.code == "3-9-1-1502" for r in tab.model.loaded_rows()), timeout=2000)
    tree_texts = []
    root = tab.tree.topLevelItem(0)
    for i in range(root.childCount()):
        phase = root.child(i)
        tree_texts += [phase.child(j).text(0) for j in range(phase.childCount())]
    assert any(t.startswith("9栋") for t in tree_texts)


def test_tree_selection_filters_the_list(window, qtbot):
    tab = window.show_tab("房屋档案")
    phase_item = tab.tree.topLevelItem(0).child(0)
    building_item = phase_item.child(0)
    tab.tree.setCurrentItem(building_item)
    phase, building = building_item.data(0, Qt.UserRole)
    rows = tab.model.loaded_rows()
    assert rows and all(r.phase == phase and r.building == building for r in rows)


def test_edit_a_unit_from_the_list(window, qtbot, demo_db):
    tab = window.show_tab("房屋档案")
    tab.table.selectRow(0)
    unit_id = tab.selected_unit_id()
    dialog = UnitDialog(window.ctx, unit_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.remark_edit.setText("业主长期在外")
    dialog.save()
    with demo_db.session(system=True) as s:
        assert s.get(Unit, unit_id).remark == "业主长期在外"


def test_find_by_name_from_the_keyboard_and_the_edited_unit_stays_chosen(window, qtbot, demo_db, typist):
    """Ctrl+0 lands in the search; a name and Enter go to the units found; after its dialog saves, the
    unit edited is still the one chosen (the next Enter must not edit another)."""
    from frontdesk.db.models import Occupancy, Person

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with demo_db.session(system=True) as s:
        name, code = s.execute(select(Person.name, Unit.code).join(Occupancy, Occupancy.person_id == Person.id)
                               .join(Unit, Unit.id == Occupancy.unit_id).order_by(Unit.code.desc())).first()
    window.tab("来电来访").form.content.setFocus()
    index = window.tab_titles.index("房屋档案")
    qtbot.keyClick(window.focusWidget(), Qt.Key(Qt.Key_1 + index) if index < 9 else Qt.Key_0, Qt.ControlModifier)
    tab = window.tab("房屋档案")
    qtbot.waitUntil(lambda: window.focusWidget() is tab.search_edit, timeout=3000)
    typist(tab.search_edit, name)
    qtbot.keyClick(tab.search_edit, Qt.Key_Return)
    assert window.focusWidget() is tab.table and tab.selected_unit_id() is not None
    chosen = tab.selected_unit_id()
    assert code in [r.code for r in tab.model.loaded_rows()], "the owner's unit is among those found"
    dialog = UnitDialog(window.ctx, chosen, parent=window)
    qtbot.addWidget(dialog)
    dialog.remark_edit.setText("钥匙寄存前台")
    dialog.save()
    assert tab.selected_unit_id() == chosen
