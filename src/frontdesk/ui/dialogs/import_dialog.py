"""工具 → 导入/导出: templates, checked all-or-nothing imports and exports, in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk import config
from frontdesk.errors import DomainError
from frontdesk.services import authz, imports
from frontdesk.ui import file_dialogs, messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.dialogs.column_mapping_dialog import ColumnMappingDialog
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.screen_fit import fit_to_screen
from frontdesk.ui.widgets.tables import align_numbers

READY_TEXT = "先“检查”，全部行正确后再“导入”；任何一行有错，整个文件都不会导入。"


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("导入与导出 Excel")
        fit_to_screen(self, 720, 520)
        self.kind = QComboBox()
        for name, kind in imports.KINDS.items():
            self.kind.addItem(f"{kind.title}（{name}）", name)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("选择要导入的 Excel（.xlsx .xls）或 CSV 文件")
        browse = QPushButton("选择文件(&O)…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.status = QLabel(READY_TEXT)
        self.status.setWordWrap(True)
        self.problems = QTableWidget(0, len(PROBLEM_COLUMNS))
        align_numbers(self.problems)
        self.problems.setObjectName("importProblems")
        self.problems.setHorizontalHeaderLabels(PROBLEM_COLUMNS)
        self.problems.setSortingEnabled(True)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setTabKeyNavigation(False)  # Tab leaves the list for the buttons (it walked the cells)
        self.check_button = QPushButton("检查(&C)")
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button = QPushButton("导入(&I)")
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.report_button = QPushButton("导出问题清单(&R)…")
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self._save_report)
        template_button = QPushButton("导出空白模板(&T)…")
        template_button.clicked.connect(self._save_template)
        export_button = QPushButton("导出现有数据(&E)…")
        export_button.clicked.connect(self._export)
        for permission, buttons in (("imports", (self.check_button, self.import_button, template_button)),
                                    ("exports", (export_button,))):
            if not authz.allowed(ctx.user.role, permission):
                for button in buttons:
                    button.setEnabled(False)
                    button.setToolTip(authz.refusal_tooltip(permission))
        form = QFormLayout()
        form.addRow("类型", self.kind)
        form.addRow("文件", file_row)
        buttons = QHBoxLayout()
        buttons.addWidget(template_button)
        buttons.addWidget(export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        # No default button (Enter opened 选择文件); Enter in 文件 checks the file.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.file_edit.returnPressed.connect(lambda: self.check_button.isEnabled() and self.start(dry_run=True))
        # Another file or kind: the last check's problems are not this one's.
        self.file_edit.textChanged.connect(self._forget_last_check)
        self.kind.currentIndexChanged.connect(self._forget_last_check)
        self.last_result: imports.ImportResult | None = None
        self.task = None
        self.mapping: dict[str, str] | None = None  # template header -> the file's header, for this file
        self.mapping_dialog: ColumnMappingDialog | None = None

    def _forget_last_check(self, *_args) -> None:
        self.problems.setRowCount(0)
        self.report_button.setEnabled(False)
        self.last_result = None
        self.mapping = None
        self.status.setText(READY_TEXT)

    def kind_name(self) -> str:
        return self.kind.currentData()

    def _browse(self) -> None:
        path, _ = file_dialogs.get_open_file_name(self, "选择导入文件", str(Path.home()),
                                                  "表格文件 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)")
        if path:
            self.file_edit.setText(path)  # forgets the last check (_forget_last_check)

    def start(self, dry_run: bool):
        path = Path(self.file_edit.text().strip())
        if not self.file_edit.text().strip():
            messages.warning(self, "请先选择要导入的 Excel 或 CSV 文件。")
            return None
        open_session, kind = self.ctx.session_opener(), self.kind_name()
        mapping = self.mapping if self.mapping is not None else remembered_mapping(kind)
        self.problems.setRowCount(0)
        self.report_button.setEnabled(False)
        self.status.setText("正在检查…" if dry_run else "正在导入…")

        def work(progress):
            try:
                return imports.run_import(open_session, kind, path, dry_run=dry_run, progress=progress,
                                          mapping=mapping)
            except imports.MissingColumns as missing:
                return missing  # not an error: the column-mapping step follows

        self.task = run_task(self, "正在检查文件…" if dry_run else "正在导入…", work,
                             on_done=lambda result: self._show(result, dry_run, mapping), on_error=self._failed)
        return self.task

    def _ask_mapping(self, missing: imports.MissingColumns, dry_run: bool, tried: dict[str, str]) -> None:
        self.status.setText(f"文件缺少列：{'、'.join(missing.missing)}。请指定各列对应关系。")
        self.mapping_dialog = ColumnMappingDialog(self.kind_name(), missing.sheet, tried, self)
        self.mapping_dialog.accepted.connect(lambda: self._mapped(dry_run))
        self.mapping_dialog.open()

    def _mapped(self, dry_run: bool) -> None:
        self.mapping = self.mapping_dialog.mapping()
        remember_mapping(self.kind_name(), self.mapping)
        self.start(dry_run)

    def _show(self, result, dry_run: bool, mapping: dict[str, str] | None = None) -> None:
        if isinstance(result, imports.MissingColumns):
            self._ask_mapping(result, dry_run, mapping or {})
            return
        self.last_result = result
        self.mapping = mapping
        ignored = f"\n{result.ignored_line()}" if result.ignored else ""
        if result.problems:
            self.status.setText(f"发现 {len(result.problems)} 处问题，文件中的 {result.rows} 行都没有导入。"
                                f"改正后再试（点表头可排序）：{ignored}")
            self._fill_problems(result.problems)
            self.report_button.setEnabled(True)
            return
        notices = "".join(f"\n注意：{notice}" for notice in result.notices)
        if dry_run:
            self.status.setText(f"检查通过：{result.rows} 行都正确，{result.rows - result.skipped} 行将新增，"
                                f"{result.skipped} 行已存在。可以导入了。{ignored}{notices}")
        else:
            self.status.setText(f"已导入 {result.added} 条；{result.skipped} 条已存在，未重复添加。{ignored}")
            self.ctx.events.changed.emit(Topic.UNITS)
            self.ctx.events.changed.emit(Topic.CONTACTS)

    def _fill_problems(self, problems) -> None:
        self.problems.setSortingEnabled(False)  # rows inserted while sorting would land out of place
        self.problems.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            number = QTableWidgetItem()
            number.setData(Qt.ItemDataRole.DisplayRole, problem.row)  # sorts as a number
            self.problems.setItem(row, 0, number)
            for col, text in enumerate((problem.header, problem.shown_value, problem.expected), start=1):
                self.problems.setItem(row, col, QTableWidgetItem(text))
        self.problems.setSortingEnabled(True)
        self.problems.resizeColumnsToContents()

    def problem_rows(self) -> list[list[str]]:
        """The problems as the table shows them now (in the user's sort order)."""
        return [[self.problems.item(r, c).text() for c in range(self.problems.columnCount())]
                for r in range(self.problems.rowCount())]

    def _failed(self, text: str) -> None:
        self.status.setText(text)
        messages.warning(self, text)

    def _save_report(self) -> None:
        path, _ = file_dialogs.get_save_file_name(self, "导出问题清单", str(Path.home() / "导入问题清单.xlsx"),
                                              "Excel 文件 (*.xlsx)")
        if path:
            self.save_report(Path(path))

    def save_report(self, out: Path) -> None:
        from frontdesk.reports import import_files

        headers, sheet = imports.read_rows_for_report(self.kind_name(), Path(self.file_edit.text().strip()),
                                                      self.mapping)
        import_files.write_problem_report(headers, sheet, self.last_result.problems, out)
        messages.info(self, f"问题清单已保存到 {out}（“问题清单”表可排序筛选；原始数据中出错的单元格已标红）。")

    def _save_template(self) -> None:
        kind = imports.KINDS[self.kind_name()]
        path, _ = file_dialogs.get_save_file_name(self, "导出空白模板", str(Path.home() / f"{kind.title}导入模板.xlsx"),
                                              "Excel 文件 (*.xlsx)")
        if path:
            try:
                imports.template(self.ctx.session, self.kind_name(), Path(path))
            except DomainError as exc:
                messages.warning(self, exc.message)
                return
            messages.info(self, f"模板已保存到 {path}")

    def _export(self) -> None:
        kind = imports.KINDS[self.kind_name()]
        path, _ = file_dialogs.get_save_file_name(self, "导出数据", str(Path.home() / f"{kind.title}.xlsx"),
                                              "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, out: Path):
        open_session, kind = self.ctx.session_opener(read_only=True), self.kind_name()
        self.task = run_task(self, "正在导出…", lambda progress: imports.export(open_session, kind, out, progress=progress),
                             on_done=lambda n: messages.info(self, f"已导出 {n} 条到 {out}"),
                             on_error=self._failed)
        return self.task


PROBLEM_COLUMNS = ["行号", "列", "内容", "可接受的写法"]
MAPPINGS_KEY = "import_column_mappings"


def remembered_mapping(kind: str) -> dict[str, str] | None:
    """The column mapping the user chose last time for this kind on this computer."""
    return (config.load_local_settings().get(MAPPINGS_KEY) or {}).get(kind)


def remember_mapping(kind: str, mapping: dict[str, str]) -> None:
    stored = config.load_local_settings()
    stored.setdefault(MAPPINGS_KEY, {})[kind] = mapping
    config.save_local_settings(stored)


def open_import_dialog(window) -> None:
    ImportDialog(window.ctx, window).exec()
