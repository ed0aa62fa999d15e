"""收款: pick a unit, see its open charges oldest first, take the money, print the receipt, reverse."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from frontdesk.db.models.collections import PAYMENT, PAYMENT_METHODS
from frontdesk.errors import DomainError, ValidationError
from frontdesk.services import authz, clock, collections, payments, unit_lookup
from frontdesk.ui import messages
from frontdesk.ui.context import AppContext, Topic
from frontdesk.ui.tabs.collections_pages.common import (
    documents_dir,
    fill_staff,
    money,
    person_on_record,
)
from frontdesk.ui.widgets.date_fields import DateEdit
from frontdesk.ui.widgets.field_errors import FieldErrors
from frontdesk.ui.widgets.service_call import run_service_call
from frontdesk.ui.widgets.tables import fill_table, simple_table
from frontdesk.ui.widgets.unit_lookup import UnitLookupEdit

CHARGE_HEADERS = ["缴", "账期", "收费项目", "应收", "已收", "未收", "缴费期限"]
PAYMENT_HEADERS = ["收据号", "类型", "日期", "金额", "方式", "交款人", "收款人", "所缴费用", "冲正原因"]


class PaymentsPage(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.unit_id: int | None = None
        self.charges: list[payments.OpenCharge] = []
        self.history: list[payments.PaymentRow] = []
        self.errors = FieldErrors()

        self.unit = UnitLookupEdit(ctx)
        self.unit.setObjectName("paymentUnit")
        self.unit.picked.connect(lambda s: self._unit_chosen(s.unit_id))
        self.unit.returnPressed.connect(self._resolve_typed_unit)
        self.unit.textEdited.connect(self._unit_text_edited)
        self.unit.editingFinished.connect(self._unit_left)
        self.shown_code = ""  # the code of the unit whose bills are shown
        self.unit_info = QLabel("输入房号、业主姓名或电话，选择要缴费的房屋。")
        self.unit_info.setTextFormat(Qt.RichText)

        self.charge_table = simple_table(CHARGE_HEADERS, name="openCharges")
        self.charge_table.itemChanged.connect(self._on_check_changed)
        self.oldest_first = QRadioButton("按账期从早到晚自动分配")
        self.by_hand = QRadioButton("只缴勾选的费用")
        self.oldest_first.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.oldest_first)
        group.addButton(self.by_hand)
        self.by_hand.toggled.connect(lambda _on: self._on_check_changed(None))

        self.amount = QLineEdit()
        self.amount.setObjectName("paymentAmount")
        self.amount.setPlaceholderText("例如 1280.50")
        self.method = QComboBox()
        self.method.addItems(PAYMENT_METHODS)
        self.paid_on = DateEdit(QDate(clock.today()))
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("yyyy-MM-dd")
        self.collector = QComboBox()
        self.payer = QLineEdit()
        self.receipt_no = QLineEdit()
        self.receipt_no.setPlaceholderText("留空则自动编号 SK-年月-序号")
        self.remark = QLineEdit()
        self.save_button = QPushButton("收款并出收据")
        self.save_button.setObjectName("takePayment")
        self.save_button.clicked.connect(self.take_payment)
        self.amount.returnPressed.connect(self.take_payment)

        form = QFormLayout()
        # Alt+R back to the unit as on the call form; Alt+M the amount, Alt+D the date.
        for label, widget, name in (("房屋(&R)", self.unit, "unit"), ("收款金额（元）(&M)", self.amount, "amount"),
                                    ("缴费方式", self.method, "method"), ("收款日期(&D)", self.paid_on, "paid_on"),
                                    ("收款人", self.collector, "collector"), ("交款人", self.payer, "payer"),
                                    ("收据号", self.receipt_no, "receipt_no"), ("备注", self.remark, "remark")):
            error = self.errors.add(name, widget)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(error)
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, box)
        self.errors.add("charges", self.charge_table)
        self.errors.check_on_leave("amount", self.amount, payments.parse_payment_amount)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(self.save_button)
        left_layout.addStretch(1)

        charges_box = QGroupBox("未缴费用（从早到晚）")
        charges_layout = QVBoxLayout(charges_box)
        allocation = QHBoxLayout()
        allocation.addWidget(self.oldest_first)
        allocation.addWidget(self.by_hand)
        allocation.addStretch(1)
        charges_layout.addWidget(self.unit_info)
        charges_layout.addLayout(allocation)
        charges_layout.addWidget(self.charge_table)

        self.payment_table = simple_table(PAYMENT_HEADERS, name="unitPayments")
        reprint = QPushButton("打印收据")
        reprint.clicked.connect(self.print_selected)
        reverse = QPushButton("冲正…")
        reverse.clicked.connect(self.reverse_selected)
        history_box = QGroupBox("本户缴费记录")
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.payment_table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(reprint)
        buttons.addWidget(reverse)
        history_layout.addLayout(buttons)

        right = QSplitter(Qt.Vertical)
        right.addWidget(charges_box)
        right.addWidget(history_box)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(300)  # the unit field shows its hint and a whole code + owner
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        # What the page filled in itself (the owner as 交款人, the amount of the open charges): not typed.
        self.filled_amount = self.filled_payer = ""

    def load(self) -> None:
        fill_staff(self.ctx, self.collector)
        person_on_record(self.ctx, self.collector)  # only a supervisor takes money on a colleague's behalf
        if self.unit_id:
            self.show_unit(self.unit_id)

    def reset_for_new_user(self) -> None:
        """切换用户: the previous person's unit, amount, payer and errors leave with them."""
        self.clear_form()
        fill_staff(self.ctx, self.collector)
        person_on_record(self.ctx, self.collector)

    def has_unsaved_input(self) -> bool:
        """A typed 交款人, 收据号 or 备注, or an amount changed from the one filled in from the bill."""
        return (self.amount.text().strip() != self.filled_amount or self.payer.text().strip() != self.filled_payer
                or bool(self.receipt_no.text().strip() or self.remark.text().strip()))

    def _remember_filled(self, amount: bool = True, payer: bool = True) -> None:
        if amount:
            self.filled_amount = self.amount.text().strip()
        if payer:
            self.filled_payer = self.payer.text().strip()

    def discard_input(self) -> None:
        self.clear_form()

    def keyPressEvent(self, event) -> None:
        """Esc in any field (a field passes it on) clears the form, as on the call form."""
        if event.key() == Qt.Key_Escape and not event.modifiers():
            self.clear_asking()
            return
        super().keyPressEvent(event)

    def clear_asking(self) -> None:
        """Esc: an untouched form just empties; typed work is thrown away only when confirmed."""
        if not self.has_unsaved_input() or messages.confirm_discard(self):
            self.clear_form()
            self.unit.setFocus()

    def clear_form(self) -> None:
        self.errors.clear()
        self.unit_id = None
        self.shown_code = ""
        self.unit.clear_all()
        for edit in (self.amount, self.payer, self.receipt_no, self.remark):
            edit.clear()
        self.method.setCurrentIndex(0)
        self.paid_on.setDate(QDate(clock.today()))
        self.oldest_first.setChecked(True)
        self.charges, self.history = [], []
        self.charge_table.setRowCount(0)
        self.payment_table.setRowCount(0)
        self.unit_info.setText("输入房号、业主姓名或电话，选择要缴费的房屋。")
        self._remember_filled()

    # ---- the unit ------------------------------------------------------------------------

    def _resolve_typed_unit(self) -> None:
        if self.unit.selected is not None and self.unit_id is not None:
            return
        try:
            with self.ctx.session() as session:
                unit = unit_lookup.resolve_unit(session, self.unit.text(), None)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        if unit is not None:
            self._unit_chosen(unit.id)

    def choose_unit(self, unit_id: int) -> None:
        """From another page (欠费's Alt+P): this unit's bills, the cursor in 收款金额."""
        self._unit_chosen(unit_id)

    def _unit_chosen(self, unit_id: int) -> None:
        """A unit picked (or typed whole and Enter): its bills shown, the cursor on to 收款金额."""
        self.show_unit(unit_id)
        self.amount.setFocus()
        self.amount.selectAll()

    def _unit_text_edited(self, text: str) -> None:
        """Another unit typed over the one shown: its bills, owner and amount go at once, so money is never
        taken for the unit still shown beneath another unit's number."""
        if self.unit_id is not None and text.strip() != self.shown_code:
            self._forget_unit()

    def _forget_unit(self) -> None:
        self.unit_id = None
        self.shown_code = ""
        self.charges, self.history = [], []
        self.charge_table.setRowCount(0)
        self.payment_table.setRowCount(0)
        if self.amount.text().strip() == self.filled_amount:
            self.amount.clear()
        if self.payer.text().strip() == self.filled_payer:
            self.payer.clear()
        self._remember_filled()
        self.unit_info.setText("房屋已改：请从列表中选择一户（或输入完整房号后按 Enter），再收款。")

    def _unit_left(self) -> None:
        """Tab out of 房屋 with a unit typed but not chosen: found as Enter would (or told why not)."""
        if self.unit_id is None and self.unit.text().strip():
            self.unit.completer().popup().hide()  # Tab with the list open: the unit typed, not a line of it
            self._resolve_typed_unit()

    def show_unit(self, unit_id: int) -> None:
        self.errors.clear()
        self.unit_id = unit_id
        with self.ctx.session() as session:
            ledger = collections.unit_ledger(session, unit_id)
            self.charges = payments.open_charges(session, unit_id)
            self.history = ledger.payments
        self.unit.setText(ledger.unit_code)
        self.shown_code = ledger.unit_code
        self.payer.setText(ledger.owners.split("、")[0] if ledger.owners else "")
        self.unit_info.setText(f"<b>{ledger.unit_code}</b> {ledger.owners}　未缴合计 <b>¥{money(ledger.open_total)}</b>"
                               f"　其中已过缴费期 <b style='color:#c62828'>¥{money(ledger.arrears)}</b>")
        self.charge_table.blockSignals(True)
        self.charge_table.setRowCount(len(self.charges))
        for row, charge in enumerate(self.charges):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled)
            check.setCheckState(Qt.Unchecked)
            self.charge_table.setItem(row, 0, check)
            for col, value in enumerate((charge.period, charge.item, money(charge.amount), money(charge.paid),
                                         money(charge.open), charge.due_date.isoformat()), start=1):
                self.charge_table.setItem(row, col, QTableWidgetItem(value))
        self.charge_table.resizeColumnsToContents()
        self.charge_table.blockSignals(False)
        self.amount.setText(str(sum((c.open for c in self.charges), 0)) if self.charges else "")
        self._remember_filled()
        fill_table(self.payment_table, [[p.receipt_no, p.kind + ("（已冲正）" if p.reversed else ""),
                                         p.paid_on.isoformat(), money(p.amount), p.method, p.payer, p.collector,
                                         p.periods, p.reason] for p in self.history])

    def checked_charge_ids(self) -> list[int]:
        return [self.charges[r].id for r in range(self.charge_table.rowCount())
                if self.charge_table.item(r, 0).checkState() == Qt.Checked]

    def _on_check_changed(self, item) -> None:
        if item is not None and item.column() != 0:
            return
        if item is not None and not self.by_hand.isChecked():
            self.by_hand.setChecked(True)
            return
        if self.by_hand.isChecked():
            chosen = set(self.checked_charge_ids())
            self.amount.setText(str(sum((c.open for c in self.charges if c.id in chosen), 0)))
            self._remember_filled(payer=False)  # the sum of the ticked charges is filled in, not typed

    # ---- taking money ----------------------------------------------------------------------

    def take_payment(self) -> None:
        data = payments.PaymentInput(
            unit_id=self.unit_id, amount=self.amount.text(), method=self.method.currentText(),
            paid_on=self.paid_on.date().toPython(), collector_id=self.collector.currentData(),
            payer=self.payer.text(), remark=self.remark.text(), receipt_no=self.receipt_no.text(),
            charge_ids=self.checked_charge_ids() if self.by_hand.isChecked() else None)
        taken = []

        def take(session) -> None:
            payment = payments.take_payment(session, data)
            taken.append((payment.receipt_no, payment.amount, payment.id))  # read while the session is open

        if not run_service_call(self, self.ctx, take, self.errors):
            return
        number, amount, payment_id = taken[0]
        self.receipt_no.clear()
        self.remark.clear()
        self.oldest_first.setChecked(True)
        self.show_unit(self.unit_id)  # the receipt just taken shows in the unit's history
        # Ready for the next person, not for the same money again: the amount stays empty (a second
        # Enter is told to type one instead of taking what is left), and typing goes to 房屋.
        self.amount.clear()
        # A receipt dated another day is one receipt: the next person's money is today's unless changed
        # again (a date kept from the last receipt put the next one in October unnoticed).
        dated = data.paid_on
        back_to_today = dated is not None and dated != clock.today()
        if back_to_today:
            self.paid_on.setDate(QDate(clock.today()))
        # So is the way of paying: a 微信 kept from the last payer put the next one's cash in the wrong
        # column of the day-end (应交现金).
        method_back = self.method.currentIndex() != 0
        self.method.setCurrentIndex(0)
        self._remember_filled(payer=False)
        self.unit.setFocus()
        self.unit.selectAll()
        self.ctx.events.changed.emit(Topic.PAYMENTS)
        changed_back = [what for what, back in (("收款日期已改回今天", back_to_today),
                                                (f"缴费方式已改回{self.method.currentText()}", method_back)) if back]
        messages.info(self, f"已收款 ¥{money(amount)}，收据号 {number}" + (
            f"，收款日期 {dated:%Y-%m-%d}。" if back_to_today else "。")
            + (f"下一笔的{'，'.join(changed_back)}。" if changed_back else ""))
        self.print_receipt(payment_id)

    def _selected_payment(self) -> payments.PaymentRow | None:
        rows = self.payment_table.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "请先在缴费记录中选中一笔。")
            return None
        return self.history[rows[0].row()]

    def print_receipt(self, payment_id: int) -> None:
        from frontdesk.reports.pdf.receipt import write_receipt
        from frontdesk.ui.widgets.pdf_preview import open_preview

        with self.ctx.session() as session:
            number = session.get(payments.Payment, payment_id).receipt_no
            path = write_receipt(session, payment_id, documents_dir("收据") / f"{number}.pdf")
        # The desk's own preview (Ctrl+P prints, Ctrl+S saves a copy): no PDF viewer needed on the PC,
        # and the receipt is in front of the collector to print for the owner at once.
        self.receipt_preview = open_preview(self, path, f"收据 {number}")

    def print_selected(self) -> None:
        row = self._selected_payment()
        if row is not None:
            self.print_receipt(row.id)

    def reverse_selected(self) -> None:
        row = self._selected_payment()
        if row is None:
            return
        if row.kind != PAYMENT or row.reversed:
            messages.warning(self, "这笔记录不能冲正：冲正记录本身或已冲正过的收款都不能再冲正。")
            return
        if not authz.allowed(self.ctx.user.role, "reversals"):
            messages.warning(self, f"冲正须由客服主管或管理员办理，您的岗位是“{self.ctx.user.role}”。"
                                   f"请把收据号 {row.receipt_no} 和冲正原因交给主管，由主管登录后冲正。")
            return
        with self.ctx.session() as session:
            refusal = payments.reversal_refusal(session, row.id)
        if refusal is not None:  # said before a reason is typed, not after
            messages.warning(self, refusal)
            return
        question = f"冲正收据 {row.receipt_no}（¥{money(row.amount)}）的原因（将以 {self.ctx.user.name} 的名义批准）："
        prompt, reason = question, ""
        while True:  # a reason refused is asked again, with what was typed and what is wrong
            typed = messages.ask_text(self, prompt, reason)
            if typed is None:
                return
            reason = typed
            try:
                with self.ctx.session() as session:
                    number = payments.reverse_payment(session, row.id, reason).receipt_no
                break
            except ValidationError as exc:
                if set(exc.errors) != {"reason"}:
                    messages.warning(self, exc.message)
                    return
                prompt = f"{exc.errors['reason']}\n\n{question}"
            except DomainError as exc:
                messages.warning(self, exc.message)
                return
        self.show_unit(self.unit_id)
        self.ctx.events.changed.emit(Topic.PAYMENTS)
        # The receipt just reversed stays the chosen row (now marked 已冲正), not the one below it.
        reversed_at = next((i for i, shown in enumerate(self.history) if shown.id == row.id and shown.kind == row.kind),
                           None)
        if reversed_at is not None:
            self.payment_table.selectRow(reversed_at)
        messages.info(self, f"已冲正收据 {row.receipt_no}，冲正凭证 {number}；该户欠费已恢复。")
