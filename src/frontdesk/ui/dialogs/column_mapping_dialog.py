"""The column-mapping step of an import: the file's first rows, and which column is which."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.services import imports
from frontdesk.ui import messages
from frontdesk.ui.widgets.tables import align_numbers
from frontdesk.ui.widgets.unsaved import GuardedDialog

NOT_IN_FILE = "（文件中没有，留空）"
UNCHOSEN = "— 请选择 —"


class ColumnMappingDialog(GuardedDialog):
    """Shows the file's header row and first rows; one drop-down per template column. `mapping()`
    is template header -> the file's header ("" for a column the file does not have)."""

    def __init__(self, kind_name: str, sheet: imports.Sheet, remembered: dict[str, str] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("指定各列对应关系")
        self.resize(860, 560)
        kind = imports.KINDS[kind_name]
        self.headers = kind.headers()
        self.file_headers = [h or f"第{i + 1}列" for i, h in enumerate(sheet.file_headers)]
        note = QLabel(f"文件的表头（第 {sheet.header_row} 行）与“{kind.title}”模板不完全一致。请为每一列选择文件中对应的列；"
                      "选择会记住，下次导入同类文件时自动使用。")
        note.setWordWrap(True)
        self.preview = QTableWidget(0, len(self.file_headers))
        align_numbers(self.preview)
        self.preview.setObjectName("mappingPreview")
        self.preview.setHorizontalHeaderLabels(self.file_headers)
        for cells in sheet.preview(5):
            row = self.preview.rowCount()
            self.preview.insertRow(row)
            for col in range(len(self.file_headers)):
                value = cells[col] if col < len(cells) else None
                self.preview.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))
        self.preview.resizeColumnsToContents()
        form = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        for header in self.headers:
            combo = QComboBox()
            combo.setObjectName(f"map_{header}")
            combo.addItem(UNCHOSEN, None)
            combo.addItem(NOT_IN_FILE, "")
            for name in self.file_headers:
                combo.addItem(name, name)
            found = sheet.headers.get(header)
            if found is not None and 0 <= found < len(self.file_headers):
                wanted = self.file_headers[found]
            else:  # an optional column the file lacks starts as "not in the file"
                wanted = (remembered or {}).get(header, "" if found is not None else None)
            if wanted is not None and combo.findData(wanted) >= 0:
                combo.setCurrentIndex(combo.findData(wanted))
            self.choices[header] = combo
            form.addRow(header, combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("按此对应检查")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.remember_input(*self.choices.values())  # the columns matched by their headers are not a choice made

    def choose(self, header: str, file_header: str) -> None:
        """Pick the file's column for a template column ("" when the file does not have it)."""
        self.choices[header].setCurrentIndex(self.choices[header].findData(file_header))

    def mapping(self) -> dict[str, str]:
        return {h: combo.currentData() for h, combo in self.choices.items() if combo.currentData() is not None}

    def accept(self) -> None:
        unchosen = [h for h, combo in self.choices.items() if combo.currentData() is None]
        if unchosen:
            messages.warning(self, f"还有列没有选择：{'、'.join(unchosen)}。文件中没有的列请选“{NOT_IN_FILE}”。")
            return
        chosen = [v for v in self.mapping().values() if v]
        twice = sorted({v for v in chosen if chosen.count(v) > 1})
        if twice:
            messages.warning(self, f"文件中的列“{'、'.join(twice)}”被选了不止一次，每列只能对应一项。")
            return
        super().accept()
