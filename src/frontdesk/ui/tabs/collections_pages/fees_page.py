"""收费项目与账单 (the supervisor's page): fee items and their prices per phase, when bills fall due
and what units not yet received pay, the units enrolled for 车位费, and bill generation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import authz, billing, clock, units
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.collections_pages.fee_items_editor import FeeItemsEditor
from frontdesk.ui.tasks import run_task
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.tables import fill_table, simple_table
from frontdesk.ui.widgets.unit_lookup import UnitLookupEdit


def _field(errors: FieldErrors, name: str, widget: QWidget) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(errors.add(name, widget))
    return box


class FeesPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.enrolled: list[billing.Enrolment] = []
        self.saved_items: tuple | None = None  # the items and rules as loaded, to go back to
        self.shown_items: tuple | None = None  # ... as the fields show them
        self.role_note = QLabel()
        self.role_note.setStyleSheet("color:#8d6e63")
        self.role_note.setWordWrap(True)

        self.editor = FeeItemsEditor()
        self.rule_errors = FieldErrors()
        self.due_day = QLineEdit()
        self.due_day.setObjectName("dueDay")
        self.due_day.setMaximumWidth(80)
        self.ratio = QLineEdit()
        self.ratio.setObjectName("unreceivedRatio")
        self.ratio.setMaximumWidth(80)
        rules = QHBoxLayout()
        for widget in (QLabel("每月缴费期限：每月"), self.due_day, QLabel("日　　未收房按"), self.ratio,
                       QLabel("倍计费（1 全额、0.5 半价、0 不计费）")):
            rules.addWidget(widget)
        rules.addStretch(1)
        rule_messages = QVBoxLayout()  # under the whole line: the fields are narrow
        rule_messages.setSpacing(1)
        rule_messages.addWidget(self.rule_errors.add("due_day", self.due_day))
        rule_messages.addWidget(self.rule_errors.add("unreceived_ratio", self.ratio))
        self.add_button = QPushButton("添加项目")
        self.add_button.clicked.connect(self.editor.add_item)
        self.save_button = QPushButton("保存收费项目")
        self.save_button.setObjectName("saveFeeItems")
        self.save_button.clicked.connect(self.save_items)
        self.reload_button = QPushButton("放弃修改")
        self.reload_button.clicked.connect(self.load)
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(QLabel("改价只影响以后生成的账单；已生成的账单不变。"))
        item_buttons.addStretch(1)
        for button in (self.add_button, self.reload_button, self.save_button):
            item_buttons.addWidget(button)
        items_box = QGroupBox("收费项目与单价（每月）")
        items_layout = QVBoxLayout(items_box)
        items_layout.addWidget(self.editor)
        items_layout.addLayout(rules)
        items_layout.addLayout(rule_messages)
        items_layout.addLayout(item_buttons)

        self.enrol_errors = FieldErrors()
        self.enrol_item = QComboBox()
        self.enrol_unit = UnitLookupEdit(ctx)
        self.enrol_unit.setObjectName("enrolUnit")
        self.enrol_quantity = QSpinBox()
        self.enrol_quantity.setRange(1, billing.MAX_QUANTITY)
        self.enrol_button = QPushButton("登记")
        self.enrol_button.setObjectName("enrolUnitButton")
        self.enrol_button.clicked.connect(self.enrol)
        self.stop_button = QPushButton("停止收取选中的房屋")
        self.stop_button.clicked.connect(self.stop_selected)
        enrol_bar = QHBoxLayout()
        enrol_bar.addWidget(QLabel("项目"))
        enrol_bar.addLayout(_field(self.enrol_errors, "item", self.enrol_item))
        enrol_bar.addWidget(QLabel("房屋"))
        enrol_bar.addLayout(_field(self.enrol_errors, "unit", self.enrol_unit), 1)
        enrol_bar.addWidget(QLabel("数量"))
        enrol_bar.addLayout(_field(self.enrol_errors, "quantity", self.enrol_quantity))
        enrol_bar.addWidget(self.enrol_button)
        self.enrol_table = simple_table(["房号", "业主", "项目", "数量"], name="enrolments")
        self.enrol_count = QLabel()
        enrol_box = QGroupBox("按登记收费的房屋（如租用车位的业主）")
        enrol_layout = QVBoxLayout(enrol_box)
        enrol_layout.addLayout(enrol_bar)
        enrol_layout.addWidget(self.enrol_table)
        bottom = QHBoxLayout()
        bottom.addWidget(self.enrol_count)
        bottom.addStretch(1)
        bottom.addWidget(self.stop_button)
        enrol_layout.addLayout(bottom)

        self.bill_errors = FieldErrors()
        self.first = QLineEdit(billing.period_of(clock.today()))
        self.first.setObjectName("billFirst")
        self.last = QLineEdit(billing.period_of(clock.today()))
        self.last.setObjectName("billLast")
        self.generate_button = QPushButton("生成账单")
        self.generate_button.setObjectName("generateBills")
        self.generate_button.clicked.connect(self.generate)
        bills_box = QGroupBox("生成账单（每户每个收费项目每月一笔；重复生成不会重复计费）")
        form = QFormLayout(bills_box)
        form.addRow("开始月份（YYYY-MM）", _field(self.bill_errors, "first", self.first))
        form.addRow("结束月份（YYYY-MM）", _field(self.bill_errors, "last", self.last))
        form.addRow(self.generate_button)
        self.bill_note = QLabel()
        self.bill_note.setWordWrap(True)
        self.bill_note.setStyleSheet("color:#455a64")
        form.addRow(self.bill_note)

        lower = QHBoxLayout()
        lower.addWidget(enrol_box, 3)
        lower.addWidget(bills_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_note)
        layout.addWidget(items_box)
        layout.addLayout(lower, 1)

    # ---- loading -----------------------------------------------------------------------

    def reset_for_new_user(self) -> None:
        self.bill_errors.clear()  # the rest is reloaded from what is saved when the page is shown
        self.enrol_unit.clear_all()
        if self.saved_items is not None:
            self._show_items(*self.saved_items)

    def _typed_items(self) -> tuple:
        return self.editor.items(), self.due_day.text().strip(), self.ratio.text().strip()

    def has_unsaved_input(self) -> bool:
        """Fee items or rules changed and not saved, or a unit typed to enrol and not yet enrolled."""
        changed = self.shown_items is not None and self._typed_items() != self.shown_items
        return changed or bool(self.enrol_unit.text().strip())

    def discard_input(self) -> None:
        self.reset_for_new_user()

    def _show_items(self, items: list[billing.FeeItem], phases: list[int], rules) -> None:
        self.saved_items = (items, phases, rules)
        self.editor.set_items(items, phases)
        self.rule_errors.clear()
        self.due_day.setText(str(rules.due_day))
        self.ratio.setText(str(rules.unreceived_ratio))
        self.shown_items = self._typed_items()

    def load(self) -> None:
        allowed = authz.allowed(self.ctx.user.role, "billing")
        self.role_note.setText("" if allowed else f"您的岗位是“{self.ctx.user.role}”，这里只能查看：修改收费项目、"
                                                  "登记车位和生成账单由客服主管或管理员办理。")
        self.role_note.setVisible(not allowed)
        refusal = None if allowed else authz.refusal_tooltip("billing")
        for widget in (self.add_button, self.save_button, self.enrol_button, self.stop_button, self.generate_button,
                       self.reload_button):
            widget.setEnabled(allowed)
            widget.setToolTip(refusal or "")
        for edit in (self.due_day, self.ratio):
            edit.setReadOnly(not allowed)
            edit.setToolTip(refusal or "")
            # Read-only looks it (grey), and Tab passes it by: nothing here takes typing for this role.
            edit.setFocusPolicy(Qt.StrongFocus if allowed else Qt.NoFocus)
            edit.setStyleSheet("" if allowed else "QLineEdit { background: palette(window); }")
        self.editor.refusal = refusal  # the items below are built read-only for a role that may only look
        with self.ctx.session() as session:
            items = billing.fee_items(session)
            rules = billing.billing_rules(session)
            phases = sorted({p for p, _b, _n in units.building_tree(session)})
        self._show_items(items, phases, rules)
        self.bill_note.setText(
            f"按上面的单价为每套房屋生成：按面积的项目 = 建筑面积 × 单价；每户固定的项目每户一笔；登记的项目只向左边"
            f"登记的房屋收取。未收房的房屋按 {rules.unreceived_ratio} 倍计费"
            f"{'（即不计费）' if rules.unreceived_ratio == 0 else ''}；缴费期限为当月 {rules.due_day} 日，过期未缴计入欠费。"
            "最多可提前生成下个月的账单。")
        self.enrol_item.clear()
        self.enrol_item.addItems([i.name for i in items if i.basis == "登记"])
        self.load_enrolments()

    def load_enrolments(self) -> None:
        with self.ctx.session() as session:
            self.enrolled = billing.enrolments(session)
        fill_table(self.enrol_table, [[e.unit_code, e.owners, e.item, str(e.quantity)] for e in self.enrolled])
        self.enrol_count.setText(f"共 {len(self.enrolled)} 户")

    # ---- saving ------------------------------------------------------------------------

    def save_items(self) -> None:
        """The rules and the items are saved together, or neither while one of them is wrong."""
        items = self.editor.items()
        self.editor.show_errors({})
        self.rule_errors.clear()
        try:
            with self.ctx.session() as session:
                problems: dict[str, str] = {}
                for save in (lambda: billing.save_billing_rules(session, self.due_day.text(), self.ratio.text()),
                             lambda: billing.save_fee_items(session, items)):
                    try:
                        save()
                    except ValidationError as exc:
                        problems.update(exc.errors)
                if problems:
                    raise ValidationError(problems)
        except ValidationError as exc:
            rules = {k: v for k, v in exc.errors.items() if k in ("due_day", "unreceived_ratio")}
            self.rule_errors.show(rules)
            leftover = self.editor.show_errors({k: v for k, v in exc.errors.items() if k not in rules})
            if leftover:
                messages.warning(self, "\n".join(leftover))
            return
        except DomainError as exc:
            messages.warning(self, exc.message)
            return
        self.load()
        messages.info(self, "收费项目已保存，以后生成的账单按新的单价计算。")

    def _enrol(self, unit_id: int | None, item: str, quantity: int) -> bool:
        self.enrol_errors.clear()
        try:
            with self.ctx.session() as session:
                billing.enrol(session, unit_id, item, quantity)
        except ValidationError as exc:
            leftover = self.enrol_errors.show(exc.errors)
            if leftover:
                messages.warning(self, "\n".join(leftover))
            return False
        except DomainError as exc:
            messages.warning(self, exc.message)
            return False
        self.load_enrolments()
        return True

    def enrol(self) -> None:
        picked = self.enrol_unit.selected
        if picked is None and self.enrol_unit.text().strip():
            from frontdesk.services import unit_lookup

            try:
                with self.ctx.session() as session:
                    unit = unit_lookup.resolve_unit(session, self.enrol_unit.text(), None)
            except ValidationError as exc:
                self.enrol_errors.show({"unit": next(iter(exc.errors.values()))})
                return
            unit_id = unit.id if unit is not None else None
        else:
            unit_id = picked.unit_id if picked is not None else None
        item, quantity = self.enrol_item.currentText(), self.enrol_quantity.value()
        if self._enrol(unit_id, item, quantity):
            self.enrol_unit.clear()
            self.enrol_quantity.setValue(1)

    def stop_selected(self) -> None:
        rows = self.enrol_table.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "请先在列表中选中一户。")
            return
        chosen = self.enrolled[rows[0].row()]
        if messages.confirm(self, f"{chosen.unit_code} 从下次生成账单起不再收取{chosen.item}，确定吗？"):
            self._enrol(chosen.unit_id, chosen.item, 0)

    def generate(self) -> None:
        first, last = self.first.text(), self.last.text()
        open_session = self.ctx.session_opener()
        self.bill_errors.clear()

        def work(progress):
            with open_session() as session:
                return billing.generate_bills(session, first, last, progress)

        def done(run) -> None:
            self.ctx.events.changed.emit(Topic.BILLS)
            messages.info(self, f"已生成 {run.periods[0]}～{run.periods[-1]} 的账单 {run.created} 笔，"
                                f"金额 ¥{run.amount:,.2f}；已有的 {run.skipped_existing} 笔未重复生成。")

        def failed(text: str) -> None:
            messages.warning(self, text)

        try:  # the months are checked here first so a mistake shows at its field
            billing.periods_between(first, last)
        except ValidationError as exc:
            self.bill_errors.show(exc.errors)
            return None
        return run_task(self, "正在生成账单…", work, on_done=done, on_error=failed)
