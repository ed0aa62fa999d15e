"""提成方案: the supervisor sets the collectors' scheme from a month on (base pay, the bands by collection
rate, the bonus for old arrears recovered); earlier schemes stay and still compute their months."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import clock, commission
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.tables import align_numbers
from frontdesk.ui.widgets.unsaved import GuardedDialog

BAND_ROWS = 6


class SchemeDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("收费员提成方案")
        self.errors = FieldErrors()
        with ctx.session() as session:
            self.existing = commission.schemes(session)
            current = commission.scheme_for(session, f"{clock.today():%Y-%m}")
        self.month = DateEdit(QDate(clock.today().year, clock.today().month, 1))
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setObjectName("schemeMonth")
        self.base = QLineEdit(f"{current.base}" if current else "")
        self.base.setObjectName("schemeBase")
        self.old = QLineEdit(f"{current.old_arrears_per_100}" if current else "")
        self.old.setObjectName("schemeOld")
        self.remark = QLineEdit(current.remark if current else "")
        self.bands = QTableWidget(BAND_ROWS, 2)
        align_numbers(self.bands)
        self.bands.setObjectName("schemeBands")
        self.bands.setHorizontalHeaderLabels(["收费率从（%）起", "每收 100 元提成（元）"])
        self.bands.horizontalHeader().setStretchLastSection(True)
        self.bands.setColumnWidth(0, 160)
        for row, band in enumerate(current.bands[:BAND_ROWS] if current else []):
            self.bands.setItem(row, 0, QTableWidgetItem(f"{band.min_rate.normalize():f}"))
            self.bands.setItem(row, 1, QTableWidgetItem(f"{band.per_100}"))
        form = QFormLayout()
        for label, widget, name in (("从哪个月起生效", self.month, "effective_from"), ("底薪（元/月）", self.base, "base"),
                                    ("收费率分档", self.bands, "bands"),
                                    ("收回一年以上欠费，每 100 元提成（元）", self.old, "old_arrears_per_100"),
                                    ("说明", self.remark, "remark")):
            box = QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.errors.add(name, widget))
            form.addRow(label, box)
        history = QLabel("已有方案：<br>" + "<br>".join(s.describe() for s in self.existing) if self.existing
                         else "还没有提成方案。")
        history.setWordWrap(True)
        history.setStyleSheet("color:#455a64")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("收费率指收费员分管楼栋当月账单的收费率；达到某档下限即按该档计提，新方案只影响生效月及以后。"))
        layout.addLayout(form)
        layout.addWidget(history)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self.remember_input()  # the scheme in force, shown to start from, is not typed work

    def band_rows(self) -> list[tuple[str, str]]:
        def text(row: int, col: int) -> str:
            item = self.bands.item(row, col)
            return item.text() if item is not None else ""
        return [(text(r, 0), text(r, 1)) for r in range(self.bands.rowCount())]

    def save(self) -> None:
        value = self.month.date()
        month = f"{value.year():04d}-{value.month():02d}"
        try:
            with self.ctx.session() as session:
                saved = commission.save_scheme(session, month, self.base.text(), self.band_rows(), self.old.text(),
                                               self.remark.text())
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                messages.warning(self, message)
            return
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        messages.info(self, f"提成方案已保存：{saved.describe()}")
        self.accept()
