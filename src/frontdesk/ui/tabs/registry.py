"""The tabs of the main window, in order, and the 工具 menu's actions.

Each tab is a QWidget with a `title` and a `load()` that fills it when first shown.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

# (title, module, class): a tab's module is imported and its widget built when first shown,
# so start-up pays only for the first tab.
TABS: list[tuple[str, str, str]] = [
    ("来电来访", "frontdesk.ui.tabs.calls", "CallsTab"),
    ("报修维修", "frontdesk.ui.tabs.repairs", "RepairsTab"),
    ("收费催缴", "frontdesk.ui.tabs.collections", "CollectionsTab"),
    ("违章整改", "frontdesk.ui.tabs.violations", "ViolationsTab"),
    ("培训考核", "frontdesk.ui.tabs.training", "TrainingTab"),
    ("外包方", "frontdesk.ui.tabs.vendors", "VendorsTab"),
    ("宣传栏", "frontdesk.ui.tabs.board", "BoardTab"),
    ("满意度调查", "frontdesk.ui.tabs.survey", "SurveyTab"),
    ("统计报表", "frontdesk.ui.tabs.stats", "StatsTab"),
    ("房屋档案", "frontdesk.ui.tabs.units", "UnitsTab"),
]


def tab_digit(index: int) -> int | None:
    """The digit of a tab's Ctrl+digit shortcut and menu key: 1…9, then 0 for the tenth, then none."""
    return index + 1 if index < 9 else (0 if index == 9 else None)


# What each desk is for, as 帮助 → 使用说明 lists them (with their keys, from the order above).
PURPOSES: dict[str, str] = {
    "来电来访": "登记每一次来电、来访、回访；下方是来电台账、我的待办和投诉处理。报修类来电保存时自动生成报修单，投诉类自动进入投诉处理。",
    "报修维修": "报修单的派工、处理、完工、回访，打印派工单。",
    "收费催缴": "应收、实收、催缴记录、催缴函、日结与提成。",
    "违章整改": "违章登记、整改通知书、复查。",
    "培训考核": "培训、日检、月度考核。",
    "外包方": "外包方月会、整改跟踪、一次性外包、月度考评和外包方名录。",
    "宣传栏": "今天在栏的公告、7 天内到期撤下的、历史；按模板张贴、打印海报、复制文字发业主群。",
    "满意度调查": "录入答卷、查看调查结果。",
    "统计报表": "默认显示上一个完整月份，可导出 PDF 和 Excel。",
    "房屋档案": "房屋、业主和电话。",
}


def attribute(module: str, name: str):
    """A class or function of a module imported on first use."""
    return getattr(importlib.import_module(module), name)


def import_modules(modules: list[str]) -> None:
    """Import these (in the background: Python code and Qt's value types only, no widget is made)."""
    for module in modules:
        importlib.import_module(module)


def tab_classes() -> list[type]:
    return [attribute(module, name) for _title, module, name in TABS]


# (menu text, shortcut, module, opener): the dialog's module is imported when first opened.
TOOLS: list[tuple[str, QKeySequence.StandardKey | None, str, str]] = [
    ("全局搜索(&S)…", QKeySequence.Find, "frontdesk.ui.dialogs.search_dialog", "open_search"),
    ("导入与导出 Excel(&I)…", None, "frontdesk.ui.dialogs.import_dialog", "open_import_dialog"),
    ("备份与恢复(&B)…", None, "frontdesk.ui.dialogs.backup_dialog", "open_backup_dialog"),
    ("操作日志(&L)…", None, "frontdesk.ui.dialogs.audit_dialog", "open_audit_log"),
    ("用户管理(&U)…", None, "frontdesk.ui.dialogs.account_dialogs", "open_user_admin"),
    ("设置(&O)…", None, "frontdesk.ui.dialogs.settings_dialog", "open_settings"),
    ("数据库设置(&D)…", None, "frontdesk.ui.dialogs.db_settings_dialog", "open_db_settings"),
    ("来电弹屏(&C)…", None, "frontdesk.ui.dialogs.callerid_dialog", "open_callerid_settings"),
]


def tool_actions(window) -> list[QAction]:
    actions = []
    for text, shortcut, module, opener in TOOLS:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False, m=module, o=opener: attribute(m, o)(window))
        actions.append(action)
    return actions
