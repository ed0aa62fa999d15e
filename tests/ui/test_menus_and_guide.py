"""Menus reachable by Alt+letter; 帮助 → 使用说明 explains the desks, the keys and where the data lives."""

import re

from PySide6.QtWidgets import QTextBrowser


def test_every_menu_and_menu_entry_has_an_access_key(window):
    for menu_action in window.menuBar().actions():
        assert re.search(r"&\w", menu_action.text()), menu_action.text()
        for action in menu_action.menu().actions():
            if not action.isSeparator():
                assert re.search(r"&\w", action.text()), action.text()


def test_the_guide_explains_the_desks_keys_and_data_folder(window, data_home):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    guide = next(a for a in help_menu.actions() if a.text().startswith("使用说明"))
    guide.trigger()
    text = window.guide.findChild(QTextBrowser).toPlainText()
    for words in ("来电来访", "报修维修", "Alt+S", "Ctrl+Enter", "Esc", str(data_home), "草稿"):
        assert words in text
    window.guide.close()
