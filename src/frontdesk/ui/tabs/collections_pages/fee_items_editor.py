"""收费项目与单价: one row per fee item — name, how it is billed, a monthly price per phase —
with each mistake shown under the cell it is about, and what was typed kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from frontdesk.services import billing
from frontdesk.ui.widgets.field_errors import FieldErrors

BASIS_LABELS = {"面积": "按面积（元/㎡·月）", "每户": "每户固定（元/月）", "登记": "登记的房屋（元/个·月）"}


class FeeItemsEditor(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.phases: list[int] = []
        self.rows: list[dict] = []
        self.errors = FieldErrors()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self._whole = QWidget()  # the field for "no item at all"; never shown, only its message is
        self.summary_error = QLabel()
        self.refusal: str | None = None  # set: the items are shown read-only, with who may change them

    def set_read_only(self, refusal: str | None) -> None:
        """Read-only for a role that may only look (the tooltip names who may change the items)."""
        self.refusal = refusal
        self._rebuild(self._typed())

    # ---- values in and out -------------------------------------------------------------

    def set_items(self, items: list[billing.FeeItem], phases: list[int]) -> None:
        self.phases = sorted(set(phases) | {p for item in items for p in item.prices})
        self._rebuild([(i.name, i.basis, {p: str(v) for p, v in i.prices.items()}) for i in items])

    def items(self) -> list[billing.FeeItem]:
        return [billing.FeeItem(name, basis, {p: text for p, text in prices.items() if text.strip()})
                for name, basis, prices in self._typed()]

    def add_item(self) -> None:
        self._rebuild([*self._typed(), ("", "每户", {})])
        self.rows[-1]["name"].setFocus()

    def remove_item(self, index: int) -> None:
        typed = self._typed()
        del typed[index]
        self._rebuild(typed)

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        return self.errors.show(errors)

    def _typed(self) -> list[tuple[str, str, dict[int, str]]]:
        return [(row["name"].text(), row["basis"].currentData(), {p: e.text() for p, e in row["prices"].items()})
                for row in self.rows]

    # ---- the grid ----------------------------------------------------------------------

    def _rebuild(self, typed: list[tuple[str, str, dict[int, str]]]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # gone from the screen now, deleted when the event loop gets to it
                widget.deleteLater()
        self.errors = FieldErrors()
        self.rows = []
        headers = ["收费项目", "计费方式", *(f"{p}期单价" for p in self.phases), ""]
        for col, text in enumerate(headers):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col)
        for index, (name, basis, prices) in enumerate(typed):
            self._add_row(index, name, basis, prices)
        self.summary_error = self.errors.add("items", self._whole)
        self.grid.addWidget(self.summary_error, 2 * len(typed) + 1, 0, 1, len(headers))
        self.grid.setColumnStretch(len(headers), 1)  # prices keep a sensible width; the rest is blank

    def _add_row(self, index: int, name: str, basis: str, prices: dict[int, str]) -> None:
        line, below = 2 * index + 1, 2 * index + 2
        name_edit = QLineEdit(name)
        name_edit.setObjectName(f"feeName{index}")
        name_edit.setPlaceholderText("例如 物业费")
        name_edit.setMaxLength(40)  # the service says how long a name may be
        basis_box = QComboBox()
        basis_box.setObjectName(f"feeBasis{index}")
        for key in billing.BASES:
            basis_box.addItem(BASIS_LABELS[key], key)
            basis_box.setItemData(basis_box.count() - 1, billing.BASIS_HINT[key], Qt.ToolTipRole)
        basis_box.setCurrentIndex(max(0, basis_box.findData(basis)))
        row = {"name": name_edit, "basis": basis_box, "prices": {}}
        self.grid.addWidget(name_edit, line, 0)
        self.grid.addWidget(self.errors.add(f"items.{index}", name_edit), below, 0)
        self.grid.addWidget(basis_box, line, 1)
        self.grid.addWidget(self.errors.add(f"items.{index}.basis", basis_box), below, 1)
        for col, phase in enumerate(self.phases, start=2):
            edit = QLineEdit(prices.get(phase, ""))
            edit.setObjectName(f"feePrice{index}_{phase}")
            edit.setPlaceholderText("不收留空")
            edit.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            edit.setFixedWidth(150)
            row["prices"][phase] = edit
            self.grid.addWidget(edit, line, col)
            self.grid.addWidget(self.errors.add(f"items.{index}.{phase}", edit), below, col)
        remove = QPushButton("删除")
        remove.setToolTip("删除这个收费项目（已生成的账单不受影响）")
        remove.clicked.connect(lambda _checked=False, i=index: self.remove_item(i))
        self.grid.addWidget(remove, line, 2 + len(self.phases))
        row["remove"] = remove
        if self.refusal:
            for widget in (name_edit, *row["prices"].values()):
                widget.setReadOnly(True)
                widget.setToolTip(self.refusal)
            for widget in (basis_box, remove):
                widget.setEnabled(False)
                widget.setToolTip(self.refusal)
        self.rows.append(row)
