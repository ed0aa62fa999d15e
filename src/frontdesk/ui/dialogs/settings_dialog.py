"""工具 → 设置: the supervisor's plain settings and managed lists."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services import authz, settings, settings_editor
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.dialogs.settings_tables import DeadlinesPage, InspectionItemsPage
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.unsaved import GuardedDialog, InputSnapshot, SwitchGuard


class SettingsDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("设置")
        fit_to_screen(self, 640, 620)
        self.errors = FieldErrors()
        self.edits: dict[str, QLineEdit] = {}
        with ctx.session() as session:
            values = settings_editor.current_values(session)
        values_page = QWidget()
        form = QFormLayout(values_page)
        for spec in settings_editor.VALUE_SETTINGS:
            edit = QLineEdit(values[spec.key])
            self.edits[spec.key] = edit
            form.addRow(spec.label, edit)
            form.addRow("", self.errors.add(spec.key, edit))
        save_values = QPushButton("保存设置")
        save_values.clicked.connect(self.save_values)
        form.addRow("", save_values)

        lists_page = QWidget()
        self.list_box = QComboBox()
        for name, title in settings_editor.list_names():
            self.list_box.addItem(title, name)
        # Another list: the typed changes of the one shown are not replaced without a question.
        self.list_switch = SwitchGuard(self.list_box, lambda: self.list_saved.changed(), self.load_list, self)
        self.list_edit = QPlainTextEdit()
        self.list_edit.setPlaceholderText("每行一项，按显示顺序排列")
        self.list_errors = FieldErrors()
        save_list = QPushButton("保存列表")
        save_list.clicked.connect(self.save_list)
        row = QHBoxLayout()
        row.addWidget(QLabel("列表"))
        row.addWidget(self.list_box, 1)
        lists_layout = QVBoxLayout(lists_page)
        lists_layout.addLayout(row)
        lists_layout.addWidget(QLabel("每行一项。删去的项目不再出现在下拉框中，已登记的记录保留原来的内容。"))
        lists_layout.addWidget(self.list_edit, 1)
        lists_layout.addWidget(self.list_errors.add("values", self.list_edit))
        lists_layout.addWidget(save_list)

        tabs = QTabWidget()
        tabs.addTab(values_page, "常用设置")
        tabs.addTab(lists_page, "下拉列表")
        self.inspection_items = InspectionItemsPage(ctx)
        self.deadlines = DeadlinesPage(ctx)
        tabs.addTab(self.inspection_items, "日检查项目")
        tabs.addTab(self.deadlines, "整改期限")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not authz.allowed(ctx.user.role, "settings"):
            layout.addWidget(QLabel(f"您的岗位是“{ctx.user.role}”，只能查看；修改设置请找客服主管。"))
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.values_saved = InputSnapshot(self.edits.values())
        self.list_saved = InputSnapshot([self.list_edit])
        self.load_list()

    def has_unsaved_input(self) -> bool:
        """A setting, a list or a table page changed and not saved with its own 保存 button."""
        return (self.values_saved.changed() or self.list_saved.changed()
                or self.inspection_items.has_unsaved_input() or self.deadlines.has_unsaved_input())

    def save_values(self) -> bool:
        raw = {key: edit.text() for key, edit in self.edits.items()}
        if run_service_call(self, self.ctx, lambda s: settings_editor.save_values(s, raw), self.errors):
            self.values_saved.retake()
            messages.info(self, "设置已保存。")
            self.ctx.events.changed.emit(Topic.SETTINGS)
            return True
        return False

    def load_list(self) -> None:
        self.list_switch.showing()
        with self.ctx.session() as session:
            values = settings.lookup_values(session, self.list_box.currentData())
        self.list_edit.setPlainText("\n".join(values))
        self.list_errors.clear()
        self.list_saved.retake()

    def save_list(self) -> bool:
        name, values = self.list_box.currentData(), self.list_edit.toPlainText().splitlines()
        if run_service_call(self, self.ctx, lambda s: settings_editor.save_list(s, name, values), self.list_errors):
            self.list_saved.retake()
            messages.info(self, f"“{self.list_box.currentText()}”已保存。")
            self.ctx.events.changed.emit(Topic.SETTINGS)
            return True
        return False


def open_settings(window) -> None:
    SettingsDialog(window.ctx, window).exec()
