"""The tabs of the main window, in order, and the 工具 menu's actions.

Each tab is a QWidget with a `title` and a `load()` that fills it when first shown.
"""

from __future__ import annotations

from PySide6.QtGui import QAction


def tab_classes() -> list[type]:
    from frontdesk.ui.tabs.calls import CallsTab
    from frontdesk.ui.tabs.collections import CollectionsTab
    from frontdesk.ui.tabs.repairs import RepairsTab
    from frontdesk.ui.tabs.training import TrainingTab
    from frontdesk.ui.tabs.units import UnitsTab
    from frontdesk.ui.tabs.violations import ViolationsTab

    return [CallsTab, RepairsTab, CollectionsTab, ViolationsTab, TrainingTab, UnitsTab]


def tool_actions(window) -> list[QAction]:
    from frontdesk.ui.dialogs.search_dialog import open_search_action

    return [open_search_action(window)]
