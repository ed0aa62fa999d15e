"""The tabs of the main window, in order, and the 工具 menu's actions.

Each tab is a QWidget with a `title` and a `load()` that fills it when first shown.
"""

from __future__ import annotations

import importlib

from PySide6.QtGui import QAction

# (title, module, class): a tab's module is imported and its widget built when first shown,
# so start-up pays only for the first tab.
TABS: list[tuple[str, str, str]] = [
    ("来电来访", "frontdesk.ui.tabs.calls", "CallsTab"),
    ("报修维修", "frontdesk.ui.tabs.repairs", "RepairsTab"),
    ("收费催缴", "frontdesk.ui.tabs.collections", "CollectionsTab"),
    ("违章整改", "frontdesk.ui.tabs.violations", "ViolationsTab"),
    ("培训考核", "frontdesk.ui.tabs.training", "TrainingTab"),
    ("统计报表", "frontdesk.ui.tabs.stats", "StatsTab"),
    ("房屋档案", "frontdesk.ui.tabs.units", "UnitsTab"),
]


def tab_class(module: str, name: str) -> type:
    return getattr(importlib.import_module(module), name)


def tab_classes() -> list[type]:
    return [tab_class(module, name) for _title, module, name in TABS]


def tool_actions(window) -> list[QAction]:
    from frontdesk.ui.dialogs.account_dialogs import user_admin_action
    from frontdesk.ui.dialogs.audit_dialog import audit_action
    from frontdesk.ui.dialogs.backup_dialog import backup_action
    from frontdesk.ui.dialogs.db_settings_dialog import open_db_settings_action
    from frontdesk.ui.dialogs.import_dialog import open_import_action
    from frontdesk.ui.dialogs.search_dialog import open_search_action
    from frontdesk.ui.dialogs.settings_dialog import settings_action

    return [open_search_action(window), open_import_action(window), backup_action(window),
            audit_action(window), user_admin_action(window), settings_action(window),
            open_db_settings_action(window)]
