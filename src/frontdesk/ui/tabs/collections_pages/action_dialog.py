"""登记催缴: one call, visit, message or letter — who, how, why the owner does not pay, what was promised."""

from __future__ import annotations

import html

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from frontdesk.db.models.collections import ACTION_METHODS
from frontdesk.services import clock, collection_plan, settings
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.collections_pages.common import fill_staff, person_on_record
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.unsaved import GuardedDialog


class ActionDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, unit_id: int, unit_label: str, parent=None):
        super().__init__(parent)
        self.ctx, self.unit_id = ctx, unit_id
        self.saved_id: int | None = None
        self.setWindowTitle(f"登记催缴 — {unit_label}")
        self.setMinimumWidth(440)  # the fields and their messages readable, not a column of fragments
        self.errors = FieldErrors()
        self.method = QComboBox()
        self.method.addItems([m for m in ACTION_METHODS if m not in ("催缴函", "催收函")])
        self.acted_on = DateEdit(QDate(clock.today()))
        self.acted_on.setCalendarPopup(True)
        self.acted_on.setDisplayFormat("yyyy-MM-dd")
        self.collector = QComboBox()
        fill_staff(ctx, self.collector)
        person_on_record(ctx, self.collector)
        self.reason = QComboBox()
        with ctx.session() as session:
            self.reason.addItems(["（未说明）", *settings.lookup_values(session, collection_plan.REASON_LIST)])
            known = collection_plan.last_reason(session, unit_id)
        # What the owner said last time, to keep or change ("其他" needs this time's words in 备注).
        if known and known != "其他" and self.reason.findText(known) > 0:
            self.reason.setCurrentText(known)
        self.result = QLineEdit()
        self.result.setPlaceholderText("例如：业主答应月底前缴清 / 无人接听")
        self.has_promise = QCheckBox("业主承诺缴费日期")
        self.promise = DateEdit(QDate(clock.today()).addDays(7))
        self.promise.setCalendarPopup(True)
        self.promise.setDisplayFormat("yyyy-MM-dd")
        self.promise.setEnabled(False)
        self.has_promise.toggled.connect(self.promise.setEnabled)
        self.remark = QLineEdit()
        form = QFormLayout()
        for label, widget, name in (("方式", self.method, "method"), ("日期", self.acted_on, "acted_on"),
                                    ("催缴人", self.collector, "collector"), ("欠费原因", self.reason, "reason"),
                                    ("结果", self.result, "result"), (self.has_promise, self.promise, "promise_date"),
                                    ("备注", self.remark, "remark")):
            error = self.errors.add(name, widget)
            box = QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(label, box)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # The unit in the body, whole: the title bar cuts it, and a reminder on the wrong unit is hard to undo.
        who = QLabel(f"房屋：<b>{html.escape(unit_label)}</b>")
        who.setObjectName("actionUnit")
        who.setTextFormat(Qt.RichText)
        layout.addWidget(who)
        layout.addWidget(QLabel("原因选“其他”时请在备注中写明。"))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.remember_input()  # today, the person on record, no promise: nothing typed yet

    def save(self) -> None:
        data = collection_plan.ActionInput(
            unit_id=self.unit_id, method=self.method.currentText(), collector_id=self.collector.currentData(),
            acted_on=self.acted_on.date().toPython(),
            reason="" if self.reason.currentIndex() == 0 else self.reason.currentText(),
            result=self.result.text(), remark=self.remark.text(),
            promise_date=self.promise.date().toPython() if self.has_promise.isChecked() else None)

        def record(session) -> None:
            self.saved_id = collection_plan.record_action(session, data)

        if not run_service_call(self, self.ctx, record, self.errors):
            return
        self.ctx.events.changed.emit(Topic.COLLECTION_ACTIONS)
        self.accept()
