"""Windows fit the screen they open on: the first start, a remembered bigger size, dialogs and previews."""

from PySide6.QtCore import QRect

from frontdesk import app
from frontdesk.ui.main_window import window_settings


def _inside(widget) -> bool:
    area = widget.screen().availableGeometry()
    return area.contains(QRect(widget.pos(), widget.size()))


def test_the_first_start_fits_the_available_screen(qtbot, demo_db, answers, frozen_now):
    app.create_application()
    window = app.build_main_window(demo_db)
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    window.show()
    assert window.statusBar().isVisible() and _inside(window)
    window.close()


def test_a_size_remembered_on_a_bigger_screen_is_brought_back_on_screen(qtbot, demo_db, answers, frozen_now):
    app.create_application()
    window = app.build_main_window(demo_db)
    qtbot.addWidget(window)
    window.setGeometry(3000, 2000, 1900, 1050)  # e.g. a second monitor, since unplugged
    store = window_settings()
    store.setValue("geometry", window.saveGeometry())
    store.sync()
    again = app.build_main_window(demo_db)
    qtbot.addWidget(again)
    area = again.screen().availableGeometry()
    assert again.width() <= area.width() and again.height() <= area.height()
    assert area.intersects(again.geometry())


def test_dialogs_and_previews_are_sized_to_the_screen(window, qtbot, demo_db):
    from sqlalchemy import select

    from frontdesk.db.models import RepairOrder
    from frontdesk.ui.dialogs.repair_order_dialog import RepairOrderDialog

    with demo_db.session(system=True) as s:
        order_id = s.scalar(select(RepairOrder.id))
    dialog = RepairOrderDialog(window.ctx, order_id, window)  # asks for 820×760
    qtbot.addWidget(dialog)
    area = window.screen().availableGeometry()
    assert dialog.height() <= area.height() and dialog.width() <= area.width()


def test_the_first_start_on_a_small_screen_opens_maximized_and_later_starts_keep_the_chosen_size(
        qtbot, demo_db, answers, frozen_now):
    app.create_application()
    window = app.build_main_window(demo_db)
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()
    assert area.width() < 1296 or area.height() < 840, "the test screen is smaller than the desk's natural size"
    window.show_on_desk()
    qtbot.waitUntil(window.isMaximized, timeout=2000)
    window.showNormal()
    window.resize(700, 500)
    window.close()  # remembers the size the person chose
    again = app.build_main_window(demo_db)
    qtbot.addWidget(again)
    again.show_on_desk()
    qtbot.waitExposed(again)
    assert not again.isMaximized()
    again.close()
